// The inputs of `winnow extract`, as pages: files and directories named on the command line or listed in a
// file, each read as one page, as a WARC file of response records, or as JSON Lines of the worker's
// envelope. The reader hands out one page at a time, so a crawl of any size takes the memory of the pages
// in flight; what it cannot read becomes a page job carrying the error, reported in its place in the output.
//
//     auto files = list_inputs({"crawl/"}, "", "*.warc.gz", problems);
//     page_reader reader(std::move(files), {.max_page_bytes = limits.max_input_bytes});
//     page_job job;
//     while (reader.next(job)) run(job);
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shell/envelope.hpp"
#include "shell/warc.hpp"
#include "winnow/extract.hpp"

namespace winnow::cli {

enum class input_format {
    automatic,   ///< a WARC file by its name (.warc, .warc.gz) or its first bytes, else one page
    page,        ///< each file is one page
    warc,        ///< each file is a WARC file
    jsonl,       ///< each line of each file is a JSON envelope {"url", "html" | "text", "encoding"}
};

/// One input file, and the name its outputs take in an output folder (its path below the folder it was
/// found in, or its file name).
struct input_file {
    std::string path;          ///< "-" is standard input
    std::string relative;      ///< for --output-dir: "sub/page.html.gz", "page.html", "stdin"
    std::uint64_t size = 0;    ///< bytes, 0 when unknown (standard input)
};

/// One page to extract, or an input that could not be read (`error` set, nothing to extract).
struct page_job {
    std::size_t sequence = 0;  ///< 0, 1, 2... in input order
    std::string source;        ///< as reported: "page.html", "crawl.warc.gz record 17", "pages.jsonl line 12"
    std::string output_name;   ///< for --output-dir, without extension: "sub/page", "crawl-00017"
    std::string page;
    std::string url;
    std::string encoding_label;
    winnow::input_mode mode = winnow::input_mode::automatic;
    std::string warc_record_id;
    bool compressed = false;   ///< `page` is gzip data still: the thread that extracts it decompresses it
    std::string error;         ///< why the input could not be read; set, the job is only reported
};

/// WARC records passed over, by reason (none of them is an error).
struct skipped_records {
    std::size_t not_response = 0;   ///< request, warcinfo, metadata, revisit... records
    std::size_t not_ok = 0;         ///< responses with a status other than 200
    std::size_t not_a_page = 0;     ///< responses of other media types (images, PDFs, scripts...)
    [[nodiscard]] std::size_t total() const noexcept { return not_response + not_ok + not_a_page; }
};

/// Expands the command line's inputs in order: files as given; directories recursively, entries sorted by
/// name, hidden ones (".git") skipped, files kept when their name matches `glob` (fnmatch; all files when
/// empty); `list_file` ("-" for standard input) adds one path a line, read after `paths`. What cannot be
/// read is appended to `problems`, one line each.
[[nodiscard]] std::vector<input_file> list_inputs(const std::vector<std::string>& paths, const std::string& list_file,
                                                  const std::string& glob, std::vector<std::string>& problems);

struct reader_options {
    input_format format = input_format::automatic;
    std::size_t max_page_bytes = winnow::limits{}.max_input_bytes;
    shell::envelope_fields fields;
};

class page_reader {
public:
    page_reader(std::vector<input_file> files, const reader_options& options);
    ~page_reader();
    page_reader(const page_reader&) = delete;
    page_reader& operator=(const page_reader&) = delete;

    /// The next page (or unreadable input) in input order; false when every input is read.
    [[nodiscard]] bool next(page_job& job);

    [[nodiscard]] const skipped_records& skipped() const noexcept { return skipped_; }
    /// Bytes of the input files read so far, and their total (0 when a size is unknown), for progress.
    [[nodiscard]] std::uint64_t bytes_read() const noexcept;
    [[nodiscard]] std::uint64_t total_bytes() const noexcept { return total_bytes_; }
    /// The number of pages, when every input is one page (no WARC or JSON Lines file); else nullopt.
    [[nodiscard]] std::optional<std::size_t> total_pages() const noexcept { return total_pages_; }
    /// Bytes of WARC records read (uncompressed), for the WARC reading rate.
    [[nodiscard]] std::uint64_t warc_bytes_read() const noexcept;

private:
    struct open_file;
    bool open_next();
    bool next_warc_page(page_job& job);
    bool next_jsonl_page(page_job& job);
    void begin_job(page_job& job, std::string source, std::string output_name);

    std::vector<input_file> files_;
    reader_options options_;
    std::size_t next_file_ = 0;
    std::size_t sequence_ = 0;
    std::unique_ptr<open_file> current_;
    skipped_records skipped_;
    std::uint64_t finished_bytes_ = 0;      ///< bytes of the files done with
    std::uint64_t finished_warc_bytes_ = 0;
    std::uint64_t total_bytes_ = 0;
    std::optional<std::size_t> total_pages_;
};

/// An input's error as a report says it (a page past the limit names the option that sets it).
[[nodiscard]] std::string describe(const std::error_code& ec);

/// True when `path` names a WARC file: ".warc" or ".warc.gz" (any case).
[[nodiscard]] bool has_warc_name(const std::string& path) noexcept;

}  // namespace winnow::cli
