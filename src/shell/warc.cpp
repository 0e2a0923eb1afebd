#include "shell/warc.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "shell/page_source.hpp"
#include "shell/shell_error.hpp"
#include "winnow/error.hpp"

namespace winnow::shell {
namespace {

constexpr std::size_t read_chunk = 256 * 1024;
constexpr std::size_t max_header_bytes = 1024 * 1024;   ///< a WARC or HTTP header longer than this is not one
constexpr std::size_t compact_after = 4 * 1024 * 1024;  ///< consumed bytes kept before the buffer is compacted

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

/// Calls `field(name, value)` for each "Name: value" line of a header block (lines end in CRLF or LF).
template <class on_field>
void for_each_header_line(std::string_view header, on_field field) {
    while (!header.empty()) {
        const std::size_t end = header.find('\n');
        const std::string_view line = trim(header.substr(0, end));
        header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        field(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
}

/// Where a header block ends: the offset past its empty line, or npos. Accepts CRLF CRLF and LF LF.
std::size_t header_end(std::string_view text) noexcept {
    const std::size_t crlf = text.find("\r\n\r\n");
    const std::size_t lf = text.find("\n\n");
    if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::string_view::npos;
    if (lf != std::string_view::npos && (crlf == std::string_view::npos || lf < crlf)) return lf + 2;
    return crlf + 4;
}

/// Undoes chunked transfer coding (RFC 9112 §7.1); false when the chunks are malformed.
bool dechunk(std::string_view body, std::string& out) {
    out.clear();
    for (;;) {
        const std::size_t line_end = body.find('\n');
        if (line_end == std::string_view::npos) return false;
        std::string_view size_text = trim(body.substr(0, line_end));
        if (const std::size_t semi = size_text.find(';'); semi != std::string_view::npos) size_text = trim(size_text.substr(0, semi));
        std::size_t size = 0;
        const auto [ptr, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (ec != std::errc() || ptr != size_text.data() + size_text.size()) return false;
        body.remove_prefix(line_end + 1);
        if (size == 0) return true;   // trailers, if any, are not needed
        if (size > body.size()) return false;
        out.append(body.substr(0, size));
        body.remove_prefix(size);
        if (body.substr(0, 2) == "\r\n") body.remove_prefix(2);
        else if (!body.empty() && body.front() == '\n') body.remove_prefix(1);
    }
}

}  // namespace

/// A gzip stream of any number of members, decompressed as the reader asks.
///
/// A .warc.gz as crawls ship it is one gzip member per record, a few kilobytes to a few megabytes each:
/// each member that is whole in the input is inflated in one call of libdeflate, about twice as fast as
/// zlib's streaming inflate. A member that is not yet whole waits for more input; one that stays
/// incomplete past max_whole_member_input (a WARC compressed as one stream), or that inflates past
/// max_whole_member_output, is streamed through zlib instead, which also tells a truncated member from a
/// corrupt one at the end of the file.
class warc_reader::inflater {
public:
    inflater() : whole_(libdeflate_alloc_decompressor()) {
        z_.zalloc = Z_NULL;
        z_.zfree = Z_NULL;
        ok_ = whole_ != nullptr && inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;
    }
    ~inflater() {
        inflateEnd(&z_);
        if (whole_) libdeflate_free_decompressor(whole_);
    }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;

    std::string input;          ///< compressed bytes not yet inflated
    std::size_t input_pos = 0;

    /// Decompresses what `input` holds into `out`; at the end of the file (`last`), a stream that is not
    /// complete is a truncated one.
    std::error_code run(std::string& out, bool last) {
        if (!ok_) return make_error_code(shell_errc::corrupt_gzip);
        while (input_pos < input.size()) {
            if (!streaming_) {
                const whole_outcome outcome = inflate_whole_member(out, last);
                if (outcome == whole_outcome::inflated) continue;
                if (outcome == whole_outcome::needs_input) break;
                streaming_ = true;   // too large for one call, damaged or cut: zlib reads it and says which
            }
            if (auto ec = stream_member(out)) return ec;
            if (streaming_) break;   // the member goes on in input not read yet
        }
        input.erase(0, input_pos);
        input_pos = 0;
        if (last && (streaming_ || !input.empty())) return make_error_code(shell_errc::truncated_gzip);
        return {};
    }

private:
    static constexpr std::size_t max_whole_member_input = 16u << 20;
    static constexpr std::size_t max_whole_member_output = 64u << 20;

    enum class whole_outcome { inflated, needs_input, stream_it };

    whole_outcome inflate_whole_member(std::string& out, bool last) {
        const std::size_t available = input.size() - input_pos;
        // A member that did not fit is tried again only when the input has doubled: linear, not quadratic.
        if (!last && available < retry_at_ && retry_at_ != 0) return whole_outcome::needs_input;
        std::size_t room = std::max({scratch_size_, 4 * available, std::size_t{64} << 10});
        for (;;) {
            if (room > scratch_size_) {
                scratch_ = std::make_unique<char[]>(room);
                scratch_size_ = room;
            }
            std::size_t used_in = 0, used_out = 0;
            const libdeflate_result r = libdeflate_gzip_decompress_ex(whole_, input.data() + input_pos, available,
                                                                      scratch_.get(), scratch_size_, &used_in, &used_out);
            if (r == LIBDEFLATE_SUCCESS) {
                out.append(scratch_.get(), used_out);
                input_pos += used_in;
                retry_at_ = 0;
                return whole_outcome::inflated;
            }
            if (r == LIBDEFLATE_INSUFFICIENT_SPACE && scratch_size_ < max_whole_member_output) {
                room = std::min(scratch_size_ * 4, max_whole_member_output);
                continue;
            }
            if (r == LIBDEFLATE_INSUFFICIENT_SPACE || last || available >= max_whole_member_input)
                return whole_outcome::stream_it;
            // Bad data here most often means a member cut by the end of what has been read.
            retry_at_ = available * 2;
            return whole_outcome::needs_input;
        }
    }

    /// Streams the current member through zlib until it ends (streaming_ false) or the input runs out.
    std::error_code stream_member(std::string& out) {
        std::array<char, 64 * 1024> chunk;
        while (input_pos < input.size()) {
            z_.next_in = reinterpret_cast<Bytef*>(input.data() + input_pos);
            z_.avail_in = static_cast<uInt>(std::min<std::size_t>(input.size() - input_pos, 1u << 30));
            z_.next_out = reinterpret_cast<Bytef*>(chunk.data());
            z_.avail_out = static_cast<uInt>(chunk.size());
            const int status = inflate(&z_, Z_NO_FLUSH);
            input_pos = static_cast<std::size_t>(reinterpret_cast<char*>(z_.next_in) - input.data());
            out.append(chunk.data(), chunk.size() - z_.avail_out);
            if (status == Z_STREAM_END) {
                streaming_ = false;
                retry_at_ = 0;
                return inflateReset(&z_) == Z_OK ? std::error_code() : make_error_code(shell_errc::corrupt_gzip);
            }
            if (status == Z_BUF_ERROR) break;   // needs more input
            if (status != Z_OK) return make_error_code(shell_errc::corrupt_gzip);
        }
        return {};
    }

    libdeflate_decompressor* whole_ = nullptr;
    z_stream z_{};
    bool ok_ = false;
    bool streaming_ = false;             ///< a member is half read by zlib
    std::size_t retry_at_ = 0;           ///< input bytes before a cut member is tried whole again
    std::unique_ptr<char[]> scratch_;    ///< libdeflate's output, appended to the reader's buffer
    std::size_t scratch_size_ = 0;
};

warc_reader::warc_reader(std::FILE* file, std::size_t max_block_bytes) : file_(file), max_block_bytes_(max_block_bytes) {}
warc_reader::~warc_reader() = default;

bool warc_reader::fill(std::size_t at_least) {
    while (buffer_.size() - pos_ < at_least && !file_done_ && !stream_error_) {
        std::string raw(read_chunk, '\0');
        const std::size_t n = file_ ? std::fread(raw.data(), 1, raw.size(), file_) : 0;
        raw.resize(n);
        file_bytes_ += n;
        if (n < read_chunk) file_done_ = true;
        if (!started_) {
            started_ = true;
            if (is_gzip(raw)) inflater_ = std::make_unique<inflater>();
        }
        if (inflater_) {
            inflater_->input.append(raw);
            stream_error_ = inflater_->run(buffer_, file_done_);
        } else {
            buffer_.append(raw);
        }
    }
    return buffer_.size() - pos_ >= at_least;
}

void warc_reader::consume(std::size_t n) noexcept {
    pos_ += n;
    warc_bytes_ += n;
    if (pos_ >= compact_after && pos_ * 2 >= buffer_.size()) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
}

bool warc_reader::give_up(std::error_code& error, std::error_code cut) noexcept {
    error = stream_error_ ? stream_error_ : cut;
    stream_error_ = {};
    file_done_ = true;
    consume(available().size());
    return false;
}

bool warc_reader::resynchronise() {
    for (;;) {
        const std::string_view text = available();
        const std::size_t at = text.find("\nWARC/1.");
        if (at != std::string_view::npos) {
            consume(at + 1);
            return true;
        }
        // Keep the last bytes: the marker may straddle what has been read.
        if (text.size() > 8) consume(text.size() - 8);
        if (!fill(available().size() + read_chunk)) {
            if (available().find("\nWARC/1.") == std::string_view::npos) {
                consume(available().size());
                return false;
            }
        }
    }
}

bool warc_reader::next(warc_record& record, std::error_code& error) {
    error.clear();
    // Records are separated by CRLF CRLF; be lenient about how many line ends stand between them.
    for (;;) {
        if (!fill(1)) break;
        const char c = available().front();
        if (c != '\r' && c != '\n') break;
        consume(1);
    }
    if (available().empty()) {
        if (stream_error_) {
            error = stream_error_;
            stream_error_ = {};
            file_done_ = true;
            ++index_;
        }
        return false;
    }
    ++index_;
    // The header, up to its empty line.
    std::size_t header_size = std::string_view::npos;
    for (std::size_t want = 4096;; want *= 2) {
        fill(want);
        header_size = header_end(available().substr(0, max_header_bytes));
        if (header_size != std::string_view::npos || available().size() < want || want > max_header_bytes) break;
    }
    const std::string_view text = available();
    if (text.substr(0, 7) != "WARC/1.") {
        error = make_error_code(shell_errc::not_warc);
        resynchronise();
        return false;
    }
    if (header_size == std::string_view::npos) {
        // The header was cut by a damaged gzip stream: that is the error, not the header.
        if (stream_error_) return give_up(error, stream_error_);
        error = make_error_code(available().size() < max_header_bytes ? shell_errc::truncated_warc : shell_errc::bad_warc_header);
        if (error == shell_errc::truncated_warc) consume(available().size());
        else resynchronise();
        return false;
    }
    record = {};
    std::optional<std::uint64_t> length;
    for_each_header_line(text.substr(0, header_size), [&](std::string_view name, std::string_view value) {
        if (iequals(name, "WARC-Type")) record.type.assign(value);
        else if (iequals(name, "WARC-Target-URI")) record.target_uri.assign(value);
        else if (iequals(name, "WARC-Record-ID")) record.record_id.assign(value);
        else if (iequals(name, "Content-Type")) record.content_type.assign(value);
        else if (iequals(name, "Content-Length")) {
            std::uint64_t n = 0;
            const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec == std::errc() && ptr == value.data() + value.size()) length = n;
        }
    });
    // WARC-Target-URI may be written in angle brackets (WARC/1.0's grammar); the URL is inside them.
    if (record.target_uri.size() >= 2 && record.target_uri.front() == '<' && record.target_uri.back() == '>')
        record.target_uri = record.target_uri.substr(1, record.target_uri.size() - 2);
    if (!length) {
        error = make_error_code(shell_errc::bad_warc_header);
        consume(header_size);
        resynchronise();
        return false;
    }
    consume(header_size);
    if (*length > max_block_bytes_) {
        // Skip the block without keeping it.
        std::uint64_t left = *length;
        while (left > 0 && fill(1)) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, available().size()));
            consume(n);
            left -= n;
        }
        error = make_error_code(left > 0 ? shell_errc::truncated_warc : shell_errc::warc_record_too_large);
        return false;
    }
    const auto block_size = static_cast<std::size_t>(*length);
    if (!fill(block_size)) return give_up(error, make_error_code(shell_errc::truncated_warc));
    record.block.assign(available().substr(0, block_size));
    consume(block_size);
    return true;
}

std::optional<http_response> parse_http_response(std::string_view block, std::size_t max_bytes, std::error_code& error) {
    error.clear();
    const std::size_t status_end = block.find('\n');
    const std::string_view status_line = trim(block.substr(0, status_end));
    if (status_line.substr(0, 5) != "HTTP/" || status_end == std::string_view::npos) {
        error = make_error_code(shell_errc::bad_http_response);
        return std::nullopt;
    }
    http_response r;
    const std::size_t space = status_line.find(' ');
    if (space == std::string_view::npos || status_line.size() < space + 4) {
        error = make_error_code(shell_errc::bad_http_response);
        return std::nullopt;
    }
    // The status code: exactly three digits (RFC 9112 §4).
    const std::string_view code = status_line.substr(space + 1, 3);
    const bool digits = std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    const auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), r.status);
    if (!digits || ec != std::errc() || ptr != code.data() + code.size()) {
        error = make_error_code(shell_errc::bad_http_response);
        return std::nullopt;
    }
    const std::string_view rest = block.substr(status_end + 1);
    std::size_t headers_size = header_end(rest);
    // A response with headers and no body may end without its empty line.
    if (headers_size == std::string_view::npos) headers_size = rest.size();
    bool chunked = false;
    bool gzipped = false;
    for_each_header_line(rest.substr(0, headers_size), [&](std::string_view name, std::string_view value) {
        if (iequals(name, "Content-Type")) {
            const std::size_t semi = value.find(';');
            const std::string_view mime = trim(value.substr(0, semi));
            r.mime.clear();
            for (const char c : mime) r.mime.push_back(ascii_lower(c));
            for (std::string_view params = semi == std::string_view::npos ? std::string_view() : value.substr(semi + 1);
                 !params.empty();) {
                const std::size_t next = params.find(';');
                const std::string_view param = trim(params.substr(0, next));
                params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
                const std::size_t eq = param.find('=');
                if (eq == std::string_view::npos || !iequals(trim(param.substr(0, eq)), "charset")) continue;
                std::string_view charset = trim(param.substr(eq + 1));
                if (charset.size() >= 2 && (charset.front() == '"' || charset.front() == '\'')) charset = charset.substr(1, charset.size() - 2);
                r.charset.assign(charset);
            }
        } else if (iequals(name, "Transfer-Encoding")) {
            chunked = value.find("chunked") != std::string_view::npos || value.find("Chunked") != std::string_view::npos;
        } else if (iequals(name, "Content-Encoding")) {
            gzipped = iequals(value, "gzip") || iequals(value, "x-gzip");
        }
    });
    std::string_view body = rest.substr(std::min(headers_size, rest.size()));
    std::string dechunked;
    // Crawlers often store the body decoded but keep the header: undo a coding only where the bytes show it.
    if (chunked && dechunk(body, dechunked)) body = dechunked;
    if (body.size() > max_bytes) {
        error = make_error_code(errc::input_too_large);
        return std::nullopt;
    }
    if (gzipped && is_gzip(body)) {
        if (auto gz = gunzip(body, max_bytes, r.body)) {
            error = gz;
            return std::nullopt;
        }
    } else {
        r.body.assign(body);
    }
    return r;
}

bool is_page_media_type(std::string_view mime) noexcept {
    return mime == "text/html" || mime == "application/xhtml+xml" || mime == "text/plain" || mime.empty();
}

}  // namespace winnow::shell
