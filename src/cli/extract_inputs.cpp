#include "extract_inputs.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "shell/page_source.hpp"
#include "shell/shell_error.hpp"
#include "winnow/error.hpp"

namespace winnow::cli {
namespace {

namespace fs = std::filesystem;

bool ends_with_ci(const std::string& s, std::string_view suffix) noexcept {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        char c = s[s.size() - suffix.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != suffix[i]) return false;
    }
    return true;
}

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

/// The name an input's outputs take: its relative path without ".gz" and its extension ("sub/page.html.gz"
/// becomes "sub/page"; "stdin" stays).
std::string output_stem(const std::string& relative) {
    std::string name = relative;
    if (ends_with_ci(name, ".gz")) name.resize(name.size() - 3);
    const auto slash = name.rfind('/');
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)) name.resize(dot);
    return name;
}

std::string zero_padded(std::size_t n, int width) {
    std::string digits = std::to_string(n);
    if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return digits;
}

}  // namespace

std::string describe(const std::error_code& ec) {
    if (ec == winnow::errc::input_too_large) return ec.message() + " (see --max-page-bytes)";
    return ec.message();
}

bool has_warc_name(const std::string& path) noexcept {
    return ends_with_ci(path, ".warc") || ends_with_ci(path, ".warc.gz");
}

std::vector<input_file> list_inputs(const std::vector<std::string>& paths, const std::string& list_file,
                                    const std::string& glob, std::vector<std::string>& problems) {
    std::vector<input_file> out;
    auto add = [&](const std::string& path) {
        if (path == "-") {
            out.push_back({"-", "stdin", 0});
            return;
        }
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec) {
            problems.push_back(path + ": " + ec.message());
            return;
        }
        if (!fs::is_directory(status)) {
            const auto size = fs::file_size(path, ec);
            out.push_back({path, fs::path(path).filename().string(), ec ? 0 : static_cast<std::uint64_t>(size)});
            return;
        }
        std::vector<input_file> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            problems.push_back(path + ": " + ec.message());
            return;
        }
        for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
            if (ec) {
                problems.push_back(path + ": " + ec.message());
                break;
            }
            const fs::directory_entry& entry = *it;
            if (hidden(entry.path())) {
                if (entry.is_directory()) it.disable_recursion_pending();
                continue;
            }
            if (!entry.is_regular_file()) continue;
            const std::string name = entry.path().filename().string();
            if (!glob.empty() && fnmatch(glob.c_str(), name.c_str(), 0) != 0) continue;
            std::error_code size_error;
            const auto size = entry.file_size(size_error);
            found.push_back({entry.path().string(), fs::relative(entry.path(), path).generic_string(),
                             size_error ? 0 : static_cast<std::uint64_t>(size)});
        }
        std::sort(found.begin(), found.end(), [](const input_file& a, const input_file& b) { return a.relative < b.relative; });
        for (auto& f : found) out.push_back(std::move(f));
    };
    for (const auto& p : paths) add(p);
    if (!list_file.empty()) {
        std::FILE* list = list_file == "-" ? stdin : std::fopen(list_file.c_str(), "rb");
        if (!list) {
            problems.push_back(list_file + ": " + std::strerror(errno));
            return out;
        }
        std::string line;
        for (int c; (c = std::fgetc(list)) != EOF;) {
            if (c != '\n') {
                line.push_back(static_cast<char>(c));
                continue;
            }
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (!line.empty()) add(line);
            line.clear();
        }
        if (!line.empty()) add(line);
        if (list != stdin) std::fclose(list);
    }
    return out;
}

/// The file being read: a WARC reader or a JSON Lines file stay open between pages.
struct page_reader::open_file {
    input_file file;
    std::FILE* handle = nullptr;
    bool owns_handle = false;
    input_format format = input_format::page;
    std::unique_ptr<shell::warc_reader> warc;
    std::string jsonl;          ///< a JSON Lines file, decompressed
    std::size_t jsonl_pos = 0;
    std::size_t line = 0;
    std::size_t pages = 0;      ///< pages handed out from this file

    ~open_file() {
        if (owns_handle && handle) std::fclose(handle);
    }
};

page_reader::page_reader(std::vector<input_file> files, const reader_options& options)
    : files_(std::move(files)), options_(options) {
    bool all_pages = options_.format == input_format::page || options_.format == input_format::automatic;
    bool size_unknown = false;   // standard input has no size: then the total is not known
    for (const auto& f : files_) {
        total_bytes_ += f.size;
        size_unknown = size_unknown || f.path == "-";
        if (options_.format == input_format::automatic && has_warc_name(f.path)) all_pages = false;
    }
    if (size_unknown) total_bytes_ = 0;
    if (all_pages) total_pages_ = files_.size();
}

page_reader::~page_reader() = default;

std::uint64_t page_reader::bytes_read() const noexcept {
    std::uint64_t n = finished_bytes_;
    if (current_ && current_->warc) n += current_->warc->file_bytes_read();
    else if (current_ && current_->format == input_format::jsonl) n += current_->file.size * current_->jsonl_pos / std::max<std::size_t>(1, current_->jsonl.size());
    return n;
}

std::uint64_t page_reader::warc_bytes_read() const noexcept {
    return finished_warc_bytes_ + (current_ && current_->warc ? current_->warc->warc_bytes_read() : 0);
}

void page_reader::begin_job(page_job& job, std::string source, std::string output_name) {
    job = {};
    job.sequence = sequence_++;
    job.source = std::move(source);
    job.output_name = std::move(output_name);
}

bool page_reader::open_next() {
    if (current_) {
        finished_bytes_ += current_->file.size;
        if (current_->warc) finished_warc_bytes_ += current_->warc->warc_bytes_read();
        current_.reset();
    }
    return next_file_ < files_.size();
}

bool page_reader::next(page_job& job) {
    for (;;) {
        if (current_ && current_->format == input_format::warc) {
            if (next_warc_page(job)) return true;
            if (!open_next()) return false;
            continue;
        }
        if (current_ && current_->format == input_format::jsonl) {
            if (next_jsonl_page(job)) return true;
            if (!open_next()) return false;
            continue;
        }
        if (!open_next()) return false;
        const input_file file = files_[next_file_++];
        const std::string shown = file.path == "-" ? "(stdin)" : file.path;
        input_format format = options_.format;
        if (format == input_format::automatic) format = has_warc_name(file.path) ? input_format::warc : input_format::page;
        if (format == input_format::page) {
            // One page: read whole (decompressed by the thread that extracts it), then tell a WARC file by
            // its first bytes (a WARC without its name).
            begin_job(job, shown, output_stem(file.relative));
            std::string bytes;
            if (auto ec = shell::read_file(file.path, options_.max_page_bytes, bytes)) {
                job.error = describe(ec);
                finished_bytes_ += file.size;
                return true;
            }
            const bool compressed = shell::is_gzip(bytes);
            const std::string head = compressed ? shell::gunzip_prefix(bytes, 7) : bytes.substr(0, 7);
            if (options_.format == input_format::automatic && head == "WARC/1." && file.path != "-") {
                --sequence_;   // not a page after all: read it as a WARC file
                auto open = std::make_unique<open_file>();
                open->file = file;
                open->format = input_format::warc;
                open->handle = file.path == "-" ? nullptr : std::fopen(file.path.c_str(), "rb");
                open->owns_handle = open->handle != nullptr;
                if (!open->handle) {
                    begin_job(job, shown, output_stem(file.relative));
                    job.error = std::strerror(errno);
                    return true;
                }
                open->warc = std::make_unique<shell::warc_reader>(open->handle, options_.max_page_bytes);
                current_ = std::move(open);
                continue;
            }
            job.page = std::move(bytes);
            job.compressed = compressed;
            finished_bytes_ += file.size;
            return true;
        }
        auto open = std::make_unique<open_file>();
        open->file = file;
        open->format = format;
        if (format == input_format::warc) {
            open->handle = file.path == "-" ? stdin : std::fopen(file.path.c_str(), "rb");
            open->owns_handle = file.path != "-";
            if (!open->handle) {
                begin_job(job, shown, output_stem(file.relative));
                job.error = std::strerror(errno);
                finished_bytes_ += file.size;
                return true;
            }
            open->warc = std::make_unique<shell::warc_reader>(open->handle, options_.max_page_bytes);
        } else {
            // JSON Lines: one envelope a line; the file may be gzip-compressed. Each line is bounded by
            // the page limit, the file by a generous multiple of it.
            constexpr std::size_t lines_per_limit = 64;
            const std::size_t file_limit = options_.max_page_bytes > SIZE_MAX / lines_per_limit
                                               ? SIZE_MAX
                                               : options_.max_page_bytes * lines_per_limit;
            if (auto ec = shell::read_page(file.path, file_limit, open->jsonl)) {
                begin_job(job, shown, output_stem(file.relative));
                job.error = describe(ec);
                finished_bytes_ += file.size;
                return true;
            }
        }
        current_ = std::move(open);
    }
}

bool page_reader::next_warc_page(page_job& job) {
    open_file& f = *current_;
    const std::string shown = f.file.path == "-" ? "(stdin)" : f.file.path;
    shell::warc_record record;
    std::error_code ec;
    for (;;) {
        const bool got = f.warc->next(record, ec);
        const std::size_t index = f.warc->record_index();
        const std::string source = shown + " record " + std::to_string(index + 1);
        const std::string name = output_stem(f.file.relative) + "-" + zero_padded(index + 1, 5);
        if (!got && !ec) return false;
        if (ec) {
            begin_job(job, source, name);
            job.error = describe(ec);
            return true;
        }
        if (record.type != "response") {
            ++skipped_.not_response;
            continue;
        }
        auto http = shell::parse_http_response(record.block, options_.max_page_bytes, ec);
        if (!http) {
            begin_job(job, source, name);
            job.error = describe(ec);
            job.url = record.target_uri;
            job.warc_record_id = record.record_id;
            return true;
        }
        if (http->status != 200) {
            ++skipped_.not_ok;
            continue;
        }
        if (!shell::is_page_media_type(http->mime)) {
            ++skipped_.not_a_page;
            continue;
        }
        begin_job(job, source, name);
        job.page = std::move(http->body);
        job.url = std::move(record.target_uri);
        job.encoding_label = std::move(http->charset);
        job.warc_record_id = std::move(record.record_id);
        if (http->mime == "text/plain") job.mode = winnow::input_mode::text;
        ++f.pages;
        return true;
    }
}

bool page_reader::next_jsonl_page(page_job& job) {
    open_file& f = *current_;
    const std::string shown = f.file.path == "-" ? "(stdin)" : f.file.path;
    while (f.jsonl_pos < f.jsonl.size()) {
        std::size_t end = f.jsonl.find('\n', f.jsonl_pos);
        if (end == std::string::npos) end = f.jsonl.size();
        std::string_view line(f.jsonl.data() + f.jsonl_pos, end - f.jsonl_pos);
        f.jsonl_pos = end + 1;
        ++f.line;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        begin_job(job, shown + " line " + std::to_string(f.line), output_stem(f.file.relative) + "-" + zero_padded(f.line, 5));
        if (line.size() > options_.max_page_bytes) {
            job.error = describe(make_error_code(winnow::errc::input_too_large));
            return true;
        }
        std::string error;
        auto in = shell::parse_envelope(line, options_.fields, error);
        if (!in) {
            job.error = "invalid envelope: " + error;
            return true;
        }
        job.page = std::move(in->page);
        job.url = std::move(in->url);
        job.mode = in->mode;
        // A JSON string is Unicode already, whatever the envelope's encoding field says (as in `winnow run`).
        job.encoding_label = "UTF-8";
        return true;
    }
    return false;
}

}  // namespace winnow::cli
