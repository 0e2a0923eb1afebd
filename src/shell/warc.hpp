// WARC files (ISO 28500: WARC/1.0 and WARC/1.1), as crawls ship them: plain, or gzip-compressed one record
// per gzip member (Common Crawl's .warc.gz), or as one gzip stream. Records are read one at a time, so a
// file of any size takes the memory of its largest record; a response record's HTTP message is split into
// its status, headers and body (chunked transfer and gzip/deflate content encodings undone).
//
//     std::FILE* f = std::fopen("crawl.warc.gz", "rb");
//     winnow::shell::warc_reader reader(f, limits.max_input_bytes);
//     winnow::shell::warc_record r;
//     std::error_code ec;
//     while (reader.next(r, ec) || ec) {
//         if (ec) { report(reader.record_index(), ec); continue; }     // a bad record; the next is read
//         if (r.type != "response") continue;
//         auto http = winnow::shell::parse_http_response(r.block, limits.max_input_bytes, ec);
//         if (http && http->status == 200 && is_html(http->mime)) extract(http->body, http->charset, r.target_uri);
//     }
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace winnow::shell {

struct warc_record {
    std::string type;          ///< WARC-Type: response, request, warcinfo, metadata, resource, revisit...
    std::string target_uri;    ///< WARC-Target-URI
    std::string record_id;     ///< WARC-Record-ID, as written ("<urn:uuid:...>")
    std::string content_type;  ///< the header's Content-Type: for HTTP responses "application/http; msgtype=response"
    std::string block;         ///< the record's block: for a response, the HTTP message, headers and body
};

class warc_reader {
public:
    /// Reads from `file` (not owned; "-" callers pass stdin). Records whose block is larger than
    /// `max_block_bytes` are skipped with shell_errc::warc_record_too_large.
    warc_reader(std::FILE* file, std::size_t max_block_bytes);
    ~warc_reader();
    warc_reader(const warc_reader&) = delete;
    warc_reader& operator=(const warc_reader&) = delete;

    /// The next record: true with `record` filled; false at the end of the file (`error` clear), or false
    /// with `error` set for a record that cannot be read. After such an error the reader looks for the next
    /// record (the next line starting "WARC/1."), so calling next() again goes on with the file; after a
    /// truncated gzip stream or a truncated record it is at the end.
    [[nodiscard]] bool next(warc_record& record, std::error_code& error);

    /// The 0-based number of the record last returned or failed.
    [[nodiscard]] std::size_t record_index() const noexcept { return index_ == 0 ? 0 : index_ - 1; }
    /// Bytes of the file read so far (compressed, when it is), for progress against the file's size.
    [[nodiscard]] std::uint64_t file_bytes_read() const noexcept { return file_bytes_; }
    /// Bytes of WARC data (uncompressed) consumed so far.
    [[nodiscard]] std::uint64_t warc_bytes_read() const noexcept { return warc_bytes_; }

private:
    class inflater;
    bool fill(std::size_t at_least);      ///< makes `at_least` bytes available past pos_, if the file has them
    std::string_view available() const noexcept { return std::string_view(buffer_).substr(pos_); }
    void consume(std::size_t n) noexcept;
    bool resynchronise();                 ///< skips to the next line that starts a record
    /// A record cut by the end of what can be read: `error` is the gzip stream's own error if it has one
    /// (a damaged member), else `cut`; the rest of the file is given up. Returns false, for next().
    bool give_up(std::error_code& error, std::error_code cut) noexcept;

    std::FILE* file_;
    std::size_t max_block_bytes_;
    std::unique_ptr<inflater> inflater_;  ///< set once the file is seen to be gzip
    bool started_ = false;
    bool file_done_ = false;
    std::error_code stream_error_;        ///< a gzip error: sticky, the rest of the file cannot be read
    std::string buffer_;
    std::size_t pos_ = 0;
    std::size_t index_ = 0;
    std::uint64_t file_bytes_ = 0;
    std::uint64_t warc_bytes_ = 0;
};

/// An HTTP response as a response record holds it.
struct http_response {
    int status = 0;
    std::string mime;       ///< the Content-Type's media type, lower case ("text/html"); empty if none
    std::string charset;    ///< the Content-Type's charset parameter, as written; empty if none
    std::string body;       ///< the entity body, chunked transfer and gzip/deflate encodings undone
};

/// Parses a response record's block: "HTTP/1.x 200 OK", headers, an empty line, the body. Fails with
/// shell_errc::bad_http_response, or a gzip error of the body, or errc::input_too_large past max_bytes.
[[nodiscard]] std::optional<http_response> parse_http_response(std::string_view block, std::size_t max_bytes,
                                                               std::error_code& error);

/// True for media types of pages winnow reads: HTML, XHTML and plain text.
[[nodiscard]] bool is_page_media_type(std::string_view mime) noexcept;

}  // namespace winnow::shell
