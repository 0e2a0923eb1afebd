// `winnow extract`: pages in, articles out.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "command.hpp"
#include "extract_batch.hpp"
#include "extract_inputs.hpp"
#include "shell/limit_settings.hpp"
#include "shell/page_source.hpp"
#include "winnow/encoding.hpp"
#include "winnow/extract.hpp"

namespace winnow::cli {
namespace {

constexpr std::string_view extract_usage = R"(usage: winnow extract [options] [FILE | DIR | -]...

Extracts the article of each page: HTML in any charset, or text a crawler already flattened (one block
per line). Files may be gzip-compressed; a directory is read recursively (hidden entries skipped, sorted
by name); WARC files (.warc, .warc.gz, as Common Crawl ships them) give one page per HTML response
record. Without FILE, or with "-", reads standard input.

input:
  --glob PATTERN                in directories, only files whose name matches (fnmatch: '*.html.gz')
  --input-list FILE             also read the paths listed in FILE, one a line ("-": standard input)
  --input-format FORMAT         auto (default: WARC by name or first bytes, else one page a file), page,
                                warc, or jsonl (one JSON envelope a line: {"url", "html" | "text",
                                "encoding"}, as `winnow run --input-format json` reads them)
  --mode auto|html|text         how to read the pages (default auto)
  --encoding LABEL              the pages' charset, when known (a WHATWG label such as gbk, utf-8)
  --url URL                     the page's URL (one input only)
  --max-page-bytes N            the largest page read (default 32 MiB); larger ones are errors
  --set limits.KEY=VALUE        another of the core's limits, as in `winnow run` (max_tokens,
                                max_attributes_per_tag, max_attribute_bytes, max_nesting_depth,
                                max_blocks, max_page_ms); a page past one is an error naming it
output:
  --format FORMAT               json (default: one JSON object per page, one per line), text, markdown
                                (GitHub-flavoured: headings, lists, tables, code with its language,
                                links, images and emphasis), or html (a clean HTML document per page)
  --no-links                    Markdown and HTML: link text without the link
  --no-images                   Markdown and HTML: no images
  --output-dir DIR              one file per page in DIR, named after its input (page.html -> page.json;
                                a WARC's records crawl-00001.json, ...) instead of one stream on stdout
  --captions                    keep figure captions in the body
  --comments                    the page's comment section in a "comments" field (Markdown: after the
                                body), instead of dropping it
  --explain                     after each article, list every block with its features and why it was
                                kept or removed; on a terminal the class, the reason and the text first,
                                cut to the terminal's width
  --explain-wide                the same, every block's features first and nothing cut (the format
                                --explain writes to a file or a pipe)
  --explain-json                after each article, one JSON object per block (full text, features,
                                decision and reason), for tools
  --explain-html FILE           write an HTML report of the page, removed blocks struck through and
                                labelled (with several inputs, FILE-1.html, FILE-2.html, ...)
running:
  -j, --jobs N                  pages extracted at once (default: one per core); output stays in input
                                order
  --no-progress                 no progress line on standard error (shown only when it is a terminal)
  -h, --help                    this help

A batch (a directory, a list, a WARC or JSON Lines file, several files) ends with a summary line on
standard error: pages, articles, empty, errors, skipped WARC records, seconds.
exit status: 0 every input extracted; 1 an input failed (the others were still processed); 2 bad usage.
)";

enum class output_format { json, text, markdown, html };

struct settings {
    output_format format = output_format::json;
    markup_options markup;
    extract_options options;
    std::string encoding_label;
    std::string url;
    bool explain = false;
    bool explain_wide = false;
    std::size_t explain_width = 0;   ///< --explain on a terminal: its columns; 0 for the full table
    bool explain_json = false;
    std::string explain_html;
    std::vector<std::string> files;
    std::string glob;
    std::string input_list;
    input_format format_in = input_format::automatic;
    std::string output_dir;
    std::size_t jobs = 0;          ///< 0: one per core
    bool progress = true;
};

int usage_error(const std::string& message) {
    std::fprintf(stderr, "winnow extract: %s\nsee 'winnow extract --help'\n", message.c_str());
    return exit_usage;
}

std::string report_path(const std::string& base, std::size_t index, bool several) {
    if (!several) return base;
    const auto dot = base.rfind('.');
    const auto slash = base.rfind('/');
    const bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    const std::string stem = has_extension ? base.substr(0, dot) : base;
    const std::string extension = has_extension ? base.substr(dot) : ".html";
    return stem + "-" + std::to_string(index + 1) + extension;
}

/// The first `width` columns of `text` (one column per code point, which is near enough for a listing).
std::string cut_to_columns(const std::string& text, std::size_t width) {
    std::size_t columns = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u) continue;
        if (++columns > width) return text.substr(0, i > 0 ? i - 1 : 0) + "…";
    }
    return text;
}

/// --explain for people: what each block is and why, its text, a line each and no wider than the terminal.
std::string explanation_for_terminal(const explanation& why, std::size_t width) {
    std::string out = "# page type " + why.page_type + ": " + why.page_type_reason + "\n";
    out += "# block kept class          reason | text (--explain-wide for the features)\n";
    char head[64];
    for (const auto& b : why.blocks) {
        std::string text = b.text;
        for (char& c : text)
            if (c == '\n' || c == '\t') c = ' ';
        std::snprintf(head, sizeof head, "%7zu %-4s %-13s ", b.index, b.kept ? "yes" : "no",
                      std::string(to_string(b.decision)).c_str());
        out += cut_to_columns(head + b.reason + " | " + text, width) + "\n";
    }
    return out;
}

std::string explanation_text(const explanation& why) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "# mode %s, encoding %s, main content %s\n", why.mode.c_str(), why.encoding.c_str(),
                  why.container.c_str());
    out += line;
    out += "# page type " + why.page_type + ": " + why.page_type_reason + "\n";
    out += "#  block  kept  class          words  tdens  links  punct   tags  score  reason | path | text\n";
    for (const auto& b : why.blocks) {
        std::string text = b.text;
        for (char& c : text)
            if (c == '\n') c = ' ';
        if (text.size() > 100) {
            std::size_t cut = 100;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
            text = text.substr(0, cut) + "…";
        }
        std::snprintf(line, sizeof line, "%8zu  %-4s  %-13s %6.1f %6.2f %6.2f %6.2f %6.2f %6.1f  ", b.index,
                      b.kept ? "yes" : "no", std::string(to_string(b.decision)).c_str(), b.words, b.text_density,
                      b.link_density, b.punctuation_density, b.tag_density, b.score);
        out += line;
        out += b.reason + " | " + b.path + " | " + text + "\n";
    }
    return out;
}

const char* extension_of(output_format f) {
    switch (f) {
        case output_format::json: return ".json";
        case output_format::text: return ".txt";
        case output_format::markdown: return ".md";
        case output_format::html: return ".html";
    }
    return ".out";
}

/// Extracts one page and renders what goes to the output; runs on any thread.
job_result run_job(page_job& job, winnow::extractor& x, const settings& s, bool several) {
    job_result r;
    r.output_name = job.output_name;
    r.input_bytes = job.page.size();
    if (!job.error.empty()) {
        r.diagnostics = "winnow extract: " + job.source + ": " + job.error + "\n";
        return r;
    }
    if (job.compressed) {
        std::string inflated;
        if (auto ec = shell::gunzip_layers(job.page, s.options.limits.max_input_bytes, inflated)) {
            r.diagnostics = "winnow extract: " + job.source + ": " + describe(ec) + "\n";
            return r;
        }
        job.page = std::move(inflated);
        r.input_bytes = job.page.size();
    }
    if (job.page.empty()) r.diagnostics = "winnow extract: " + job.source + ": empty input\n";
    extract_options options = s.options;
    if (!job.encoding_label.empty() && s.encoding_label.empty()) options.encoding_label = job.encoding_label;
    if (!job.url.empty() && s.url.empty()) options.url = job.url;
    if (job.mode != winnow::input_mode::automatic && s.options.mode == winnow::input_mode::automatic) options.mode = job.mode;
    explanation why;
    const bool want_why = s.explain || s.explain_json || !s.explain_html.empty();
    auto a = x.extract(job.page, options, want_why ? &why : nullptr);
    if (!a) {
        r.diagnostics += "winnow extract: " + job.source + ": " + a.error().message() + " (" +
                         std::string(error_name(a.error()));
        if (const std::string limit = shell::limit_of_error(options.limits, a.error()); !limit.empty())
            r.diagnostics += "; " + limit + ", see --set";
        r.diagnostics += ")\n";
        return r;
    }
    r.outcome = a->paragraphs.empty() ? job_outcome::empty : job_outcome::article;
    const bool separate = !s.output_dir.empty();
    switch (s.format) {
        case output_format::json:
            r.output = to_json(*a, {.source = job.source, .warc_record_id = job.warc_record_id,
                                    .comments = s.options.include_comments}) + "\n";
            break;
        case output_format::text:
            if (several && !separate) r.output = "==> " + job.source + " <==\n";
            r.output += to_text(*a);
            if (several && !separate) r.output += "\n";
            break;
        case output_format::markdown:
            r.output = to_markdown(*a, s.markup);
            if (several && !separate) r.output += "\n---\n\n";
            break;
        case output_format::html:
            r.output = to_html(*a, s.markup);
            break;
    }
    if (s.explain) r.output += s.explain_width > 0 ? explanation_for_terminal(why, s.explain_width) : explanation_text(why);
    if (s.explain_json) r.output += to_json_lines(why, job.source);
    if (!s.explain_html.empty()) {
        const std::string path = report_path(s.explain_html, job.sequence, several);
        std::ofstream out(path, std::ios::binary);
        std::string authors;
        for (const auto& name : a->authors) authors += (authors.empty() ? "" : ", ") + name;
        out << render_explanation_html(why, a->title.empty() ? job.source : a->title,
                                       {.authors = authors, .published = a->published, .language = a->language, .site = a->site});
        if (!out) {
            r.diagnostics += "winnow extract: cannot write " + path + "\n";
            r.outcome = job_outcome::failed;
        }
    }
    return r;
}

/// Writes each result where it goes: standard output in input order, or a file of its own in --output-dir
/// (a name taken twice gets the page's number).
class result_writer {
public:
    explicit result_writer(const settings& s) : s_(s) {}

    bool write(const job_result& r) {
        std::fputs(r.diagnostics.c_str(), stderr);
        if (r.outcome == job_outcome::failed) return false;
        if (s_.output_dir.empty()) {
            std::fwrite(r.output.data(), 1, r.output.size(), stdout);
            std::fflush(stdout);
            return true;
        }
        std::string name = r.output_name.empty() ? "page" : r.output_name;
        if (!used_.insert(name).second) {
            name += "-" + std::to_string(r.sequence + 1);
            used_.insert(name);
        }
        const std::filesystem::path path = std::filesystem::path(s_.output_dir) / (name + extension_of(s_.format));
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        std::ofstream out(path, std::ios::binary);
        out << r.output;
        out.close();
        if (!out) {
            std::fprintf(stderr, "winnow extract: cannot write %s\n", path.string().c_str());
            return false;
        }
        return true;
    }

private:
    const settings& s_;
    std::unordered_set<std::string> used_;
};

/// Parses the arguments into `s`; returns an exit status to stop with, or nullopt to go on.
std::optional<int> parse_arguments(arguments args, settings& s) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        auto value = [&](std::string_view name) -> std::optional<std::string> {
            if (a.size() > name.size() && a.substr(0, name.size()) == name && a[name.size()] == '=')
                return std::string(a.substr(name.size() + 1));
            if (a == name && i + 1 < args.size()) return std::string(args[++i]);
            return std::nullopt;
        };
        auto is = [&](std::string_view name) { return a == name || (a.size() > name.size() && a.substr(0, name.size() + 1) == std::string(name) + "="); };
        if (a == "-h" || a == "--help") {
            std::fputs(extract_usage.data(), stdout);
            return exit_ok;
        }
        if (is("--format")) {
            const auto v = value("--format");
            if (v == "json") s.format = output_format::json;
            else if (v == "text") s.format = output_format::text;
            else if (v == "markdown" || v == "md") s.format = output_format::markdown;
            else if (v == "html") s.format = output_format::html;
            else return usage_error("--format takes json, text, markdown or html");
        } else if (is("--mode")) {
            const auto v = value("--mode");
            if (v == "auto") s.options.mode = input_mode::automatic;
            else if (v == "html") s.options.mode = input_mode::html;
            else if (v == "text") s.options.mode = input_mode::text;
            else return usage_error("--mode takes auto, html or text");
        } else if (is("--input-format")) {
            const auto v = value("--input-format");
            if (v == "auto") s.format_in = input_format::automatic;
            else if (v == "page") s.format_in = input_format::page;
            else if (v == "warc") s.format_in = input_format::warc;
            else if (v == "jsonl" || v == "json") s.format_in = input_format::jsonl;
            else return usage_error("--input-format takes auto, page, warc or jsonl");
        } else if (is("--encoding")) {
            const auto v = value("--encoding");
            if (!v) return usage_error("--encoding needs a label");
            if (!encoding_for_label(*v)) return usage_error("unknown encoding label '" + *v + "'");
            s.encoding_label = *v;
        } else if (is("--url")) {
            const auto v = value("--url");
            if (!v) return usage_error("--url needs a URL");
            s.url = *v;
        } else if (is("--glob")) {
            const auto v = value("--glob");
            if (!v || v->empty()) return usage_error("--glob needs a pattern");
            s.glob = *v;
        } else if (is("--input-list")) {
            const auto v = value("--input-list");
            if (!v || v->empty()) return usage_error("--input-list needs a file (or - for standard input)");
            s.input_list = *v;
        } else if (is("--output-dir")) {
            const auto v = value("--output-dir");
            if (!v || v->empty()) return usage_error("--output-dir needs a directory");
            s.output_dir = *v;
        } else if (is("--jobs") || a == "-j" || (a.size() > 2 && a.substr(0, 2) == "-j" && a[2] >= '0' && a[2] <= '9')) {
            std::optional<std::string> v = a.size() > 2 && a[1] == 'j' ? std::optional<std::string>(std::string(a.substr(2)))
                                                                        : value(a == "-j" ? "-j" : "--jobs");
            std::size_t n = 0;
            const auto parsed = v ? std::from_chars(v->data(), v->data() + v->size(), n) : std::from_chars_result{};
            if (!v || parsed.ec != std::errc() || parsed.ptr != v->data() + v->size() || n == 0 || n > 1024)
                return usage_error("-j takes a number of threads from 1 to 1024");
            s.jobs = n;
        } else if (is("--max-page-bytes")) {
            const auto v = value("--max-page-bytes");
            std::size_t n = 0;
            const auto parsed = v ? std::from_chars(v->data(), v->data() + v->size(), n) : std::from_chars_result{};
            if (!v || parsed.ec != std::errc() || parsed.ptr != v->data() + v->size() || n == 0)
                return usage_error("--max-page-bytes takes a number of bytes");
            s.options.limits.max_input_bytes = n;
        } else if (is("--set")) {
            const auto v = value("--set");
            const auto eq = v ? v->find('=') : std::string::npos;
            if (!v || eq == std::string::npos) return usage_error("--set takes limits.KEY=VALUE");
            if (auto error = shell::set_limit(s.options.limits, v->substr(0, eq), v->substr(eq + 1))) return usage_error(*error);
        } else if (is("--explain-html")) {
            const auto v = value("--explain-html");
            if (!v) return usage_error("--explain-html needs a file name");
            s.explain_html = *v;
        } else if (a == "--explain") {
            s.explain = true;
        } else if (a == "--explain-wide") {
            s.explain = s.explain_wide = true;
        } else if (a == "--explain-json") {
            s.explain_json = true;
        } else if (a == "--captions") {
            s.options.include_captions = true;
        } else if (a == "--comments") {
            s.options.include_comments = true;
        } else if (a == "--no-links") {
            s.markup.links = false;
        } else if (a == "--no-images") {
            s.markup.images = false;
        } else if (a == "--no-progress") {
            s.progress = false;
        } else if (a == "-" || a.empty() || a.front() != '-') {
            s.files.emplace_back(a);
        } else if (a == "--") {
            for (++i; i < args.size(); ++i) s.files.emplace_back(args[i]);
        } else {
            return usage_error("unknown option '" + std::string(a) + "'");
        }
    }
    if (s.files.empty() && s.input_list.empty()) s.files.emplace_back("-");
    if (s.input_list == "-" && std::find(s.files.begin(), s.files.end(), "-") != s.files.end())
        return usage_error("standard input cannot be both a page and the input list");
    return std::nullopt;
}

}  // namespace

int extract_command(arguments args) {
    settings s;
    if (const auto stop = parse_arguments(args, s)) return *stop;

    std::vector<std::string> problems;
    std::vector<input_file> files = list_inputs(s.files, s.input_list, s.glob, problems);
    int status = exit_ok;
    for (const auto& p : problems) {
        std::fprintf(stderr, "winnow extract: %s\n", p.c_str());
        status = exit_failure;
    }
    const bool container_input = s.format_in == input_format::warc || s.format_in == input_format::jsonl ||
                                 !s.input_list.empty() ||
                                 std::any_of(s.files.begin(), s.files.end(), [](const std::string& f) {
                                     std::error_code ec;
                                     return f != "-" && std::filesystem::is_directory(f, ec);
                                 }) ||
                                 std::any_of(files.begin(), files.end(), [](const input_file& f) { return has_warc_name(f.path); });
    const bool several = files.size() > 1 || container_input;
    if (!s.url.empty() && several) return usage_error("--url applies to one page only");
    if (files.empty() && problems.empty()) {
        std::fprintf(stderr, "winnow extract: no input files%s\n", s.glob.empty() ? "" : " match the --glob pattern");
        return exit_failure;
    }
    if (std::any_of(files.begin(), files.end(), [](const input_file& f) { return f.path == "-"; }) && ::isatty(STDIN_FILENO))
        std::fputs("winnow extract: reading standard input (end it with Ctrl-D)\n", stderr);
    s.options.encoding_label = s.encoding_label;
    s.options.url = s.url;
    // Only Markdown and HTML show inline markup: the other formats do not pay for keeping it.
    s.options.keep_markup = s.format == output_format::markdown || s.format == output_format::html;
    if (s.explain && !s.explain_wide && s.output_dir.empty() && ::isatty(STDOUT_FILENO)) {
        winsize size{};
        s.explain_width = ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40 ? size.ws_col : 100;
    }

    const std::size_t threads =
        s.jobs != 0 ? s.jobs : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    reader_options reading;
    reading.format = s.format_in;
    reading.max_page_bytes = s.options.limits.max_input_bytes;
    page_reader reader(std::move(files), reading);
    progress_line progress(s.progress && several && ::isatty(STDERR_FILENO));
    run_totals totals;
    result_writer writer(s);
    ordered_runner runner(
        threads, [&](page_job& job, winnow::extractor& x) { return run_job(job, x, s, several); },
        [&](job_result&& r) {
            progress.clear();
            if (!writer.write(r)) status = exit_failure;
            totals.add(r);
            progress.update(totals, reader.total_pages(), reader.bytes_read(), reader.total_bytes());
        });
    page_job job;
    while (reader.next(job)) runner.submit(std::move(job));
    runner.finish();
    progress.clear();
    if (several || totals.pages > 1 || reader.skipped().total() > 0)
        std::fprintf(stderr, "winnow extract: %s\n", summary_line(totals, reader.skipped(), progress.seconds()).c_str());
    return status;
}

}  // namespace winnow::cli
