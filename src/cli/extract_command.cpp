// `winnow extract`: pages in, articles out.
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "shell/page_source.hpp"
#include "winnow/encoding.hpp"
#include "winnow/extract.hpp"

namespace winnow::cli {
namespace {

constexpr std::string_view extract_usage = R"(usage: winnow extract [options] [FILE... | -]

Extracts the article of each page: HTML in any charset, or text a crawler already flattened (one block
per line). Files may be gzip-compressed. Without FILE, or with "-", reads standard input.

options:
  --format json|text|markdown   output format (default json: one JSON object per input, one per line)
  --mode auto|html|text         how to read the input (default auto)
  --encoding LABEL              the pages' charset, when known (a WHATWG label such as gbk, utf-8)
  --url URL                     the page's URL (one input only)
  --captions                    keep figure captions in the body
  --explain                     after each article, list every block with its features and why it was
                                kept or removed
  --explain-json                after each article, one JSON object per block (full text, features,
                                decision and reason), for tools
  --explain-html FILE           write an HTML report of the page, removed blocks struck through and
                                labelled (with several inputs, FILE-1.html, FILE-2.html, ...)
  -h, --help                    this help

exit status: 0 every input extracted; 1 an input failed (the others were still processed); 2 bad usage.
)";

enum class output_format { json, text, markdown };

struct settings {
    output_format format = output_format::json;
    extract_options options;
    std::string encoding_label;
    std::string url;
    bool explain = false;
    bool explain_json = false;
    std::string explain_html;
    std::vector<std::string> files;
};

int usage_error(const std::string& message) {
    std::fprintf(stderr, "winnow extract: %s\n\n%s", message.c_str(), extract_usage.data());
    return exit_usage;
}

std::string report_path(const std::string& base, std::size_t index, std::size_t count) {
    if (count == 1) return base;
    const auto dot = base.rfind('.');
    const auto slash = base.rfind('/');
    const bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    const std::string stem = has_extension ? base.substr(0, dot) : base;
    const std::string extension = has_extension ? base.substr(dot) : ".html";
    return stem + "-" + std::to_string(index + 1) + extension;
}

void print_explanation(const explanation& why) {
    std::printf("# mode %s, encoding %s, main content %s\n", why.mode.c_str(), why.encoding.c_str(),
                why.container.c_str());
    std::printf("# page type %s: %s\n", why.page_type.c_str(), why.page_type_reason.c_str());
    std::printf("#  block  kept  class          words  tdens  links  punct   tags  score  reason | path | text\n");
    for (const auto& b : why.blocks) {
        std::string text = b.text;
        for (char& c : text)
            if (c == '\n') c = ' ';
        if (text.size() > 100) {
            std::size_t cut = 100;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
            text = text.substr(0, cut) + "…";
        }
        std::printf("%8zu  %-4s  %-13s %6.1f %6.2f %6.2f %6.2f %6.2f %6.1f  %s | %s | %s\n", b.index,
                    b.kept ? "yes" : "no", std::string(to_string(b.decision)).c_str(), b.words, b.text_density,
                    b.link_density, b.punctuation_density, b.tag_density, b.score, b.reason.c_str(), b.path.c_str(),
                    text.c_str());
    }
}

}  // namespace

int extract_command(arguments args) {
    settings s;
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
            else return usage_error("--format takes json, text or markdown");
        } else if (is("--mode")) {
            const auto v = value("--mode");
            if (v == "auto") s.options.mode = input_mode::automatic;
            else if (v == "html") s.options.mode = input_mode::html;
            else if (v == "text") s.options.mode = input_mode::text;
            else return usage_error("--mode takes auto, html or text");
        } else if (is("--encoding")) {
            const auto v = value("--encoding");
            if (!v) return usage_error("--encoding needs a label");
            if (!encoding_for_label(*v)) return usage_error("unknown encoding label '" + *v + "'");
            s.encoding_label = *v;
        } else if (is("--url")) {
            const auto v = value("--url");
            if (!v) return usage_error("--url needs a URL");
            s.url = *v;
        } else if (is("--explain-html")) {
            const auto v = value("--explain-html");
            if (!v) return usage_error("--explain-html needs a file name");
            s.explain_html = *v;
        } else if (a == "--explain") {
            s.explain = true;
        } else if (a == "--explain-json") {
            s.explain_json = true;
        } else if (a == "--captions") {
            s.options.include_captions = true;
        } else if (a == "-" || a.empty() || a.front() != '-') {
            s.files.emplace_back(a);
        } else if (a == "--") {
            for (++i; i < args.size(); ++i) s.files.emplace_back(args[i]);
        } else {
            return usage_error("unknown option '" + std::string(a) + "'");
        }
    }
    if (s.files.empty()) s.files.emplace_back("-");
    if (!s.url.empty() && s.files.size() > 1) return usage_error("--url applies to one input only");
    s.options.encoding_label = s.encoding_label;
    s.options.url = s.url;

    extractor x;
    int status = exit_ok;
    std::string page;
    for (std::size_t index = 0; index < s.files.size(); ++index) {
        const std::string& file = s.files[index];
        const std::string shown = file == "-" ? "(stdin)" : file;
        if (auto ec = shell::read_page(file, s.options.limits.max_input_bytes, page)) {
            std::fprintf(stderr, "winnow extract: %s: %s\n", shown.c_str(), ec.message().c_str());
            status = exit_failure;
            continue;
        }
        explanation why;
        const bool want_why = s.explain || s.explain_json || !s.explain_html.empty();
        auto a = x.extract(page, s.options, want_why ? &why : nullptr);
        if (!a) {
            std::fprintf(stderr, "winnow extract: %s: %s (%s)\n", shown.c_str(), a.error().message().c_str(),
                         std::string(error_name(a.error())).c_str());
            status = exit_failure;
            continue;
        }
        switch (s.format) {
            case output_format::json:
                std::printf("%s\n", to_json(*a, {.source = file}).c_str());
                break;
            case output_format::text:
                if (s.files.size() > 1) std::printf("==> %s <==\n", shown.c_str());
                std::fputs(to_text(*a).c_str(), stdout);
                if (s.files.size() > 1) std::fputs("\n", stdout);
                break;
            case output_format::markdown:
                std::fputs(to_markdown(*a).c_str(), stdout);
                if (s.files.size() > 1) std::fputs("\n---\n\n", stdout);
                break;
        }
        if (s.explain) print_explanation(why);
        if (s.explain_json) std::fputs(to_json_lines(why, file).c_str(), stdout);
        if (!s.explain_html.empty()) {
            const std::string path = report_path(s.explain_html, index, s.files.size());
            std::ofstream out(path, std::ios::binary);
            out << render_explanation_html(why, a->title.empty() ? shown : a->title);
            if (!out) {
                std::fprintf(stderr, "winnow extract: cannot write %s\n", path.c_str());
                status = exit_failure;
            }
        }
        std::fflush(stdout);
    }
    return status;
}

}  // namespace winnow::cli
