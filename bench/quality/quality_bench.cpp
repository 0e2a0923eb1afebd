// quality_bench — how well winnow extracts articles from the page sets of ../shared/datasets.
//
// For each set: every page is decompressed once, then one extractor runs over all of them and each article
// is scored with the metric the set's truth calls for (datasets/README.md; implemented in scoring.hpp).
// Prints P, R and F1 per set (and per page type where the truth gives types), the worst pages, metadata
// accuracy, and a Markdown summary table. It is a benchmark, not a test: it exits 0 however the figures
// look (2 on bad arguments, 1 on I/O errors). The golden test (tests/golden/quality_golden_test.cpp) guards
// the figures recorded by --update-baseline.
//
//     quality_bench                       # all sets
//     quality_bench --set chinese-news --worst 20
//     quality_bench --page 0a12df42d1764095989ab078ee0f940b
//     quality_bench --json out.json       # every figure and page score, for tooling
//     quality_bench --update-baseline     # rewrite tests/golden/quality_baseline.txt from this run
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "quality/evaluation.hpp"
#include "winnow/extract.hpp"

namespace {

namespace fs = std::filesystem;
namespace q = winnow::quality;

constexpr std::string_view usage_text =
    "usage: quality_bench [--shared DIR] [--set NAME]... [--worst N] [--json FILE] [--page ID]\n"
    "                     [--json-text] [--update-baseline] [--baseline FILE] [--score-outputs FILE]\n"
    "  --shared DIR       the shared folder (or its datasets/ folder); default $WINNOW_SHARED_DIR, else\n"
    "                     the ../shared beside the source tree\n"
    "  --set NAME         only this set (repeatable)\n"
    "  --worst N          worst pages to list per set (default 10)\n"
    "  --worst-per-type N worst pages to list per page type, where the truth gives types (default 5)\n"
    "  --json FILE        write every figure and per-page score as JSON\n"
    "  --json-text        with --json: include each page's extracted text, title, date and authors\n"
    "  --page ID          score one page and print its extraction beside the truth\n"
    "  --update-baseline  record this run's F1 per set (and per page type) in the baseline file; other\n"
    "                     sets' records stay\n"
    "  --baseline FILE    the baseline file (default tests/golden/quality_baseline.txt)\n"
    "  --score-outputs FILE\n"
    "                     score another extractor's outputs instead of running winnow: JSON Lines of\n"
    "                     {\"set\", \"id\", \"text\", \"title\", \"seconds\", \"error\"} (bench/peers); the sets\n"
    "                     it has outputs for, each scored by its own metric\n";

struct options {
    fs::path shared = q::default_shared_dir();
    std::vector<std::string> sets;
    std::size_t worst = 10;
    std::size_t worst_per_type = 5;
    std::optional<fs::path> json;
    bool json_text = false;
    std::string page;
    bool update_baseline = false;
    fs::path baseline = q::default_baseline_file();
    std::optional<fs::path> score_outputs;
};

/// Parses the command line; nullopt (after printing why) on bad arguments, or on --help.
std::optional<options> parse_arguments(int argc, char** argv, int& exit_code) {
    options o;
    exit_code = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) {
                std::cerr << "quality_bench: " << arg << " needs a value\n" << usage_text;
                return std::nullopt;
            }
            return std::string(argv[++i]);
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << usage_text;
            exit_code = 0;
            return std::nullopt;
        } else if (arg == "--update-baseline") {
            o.update_baseline = true;
        } else if (arg == "--json-text") {
            o.json_text = true;
        } else if (arg == "--shared" || arg == "--set" || arg == "--worst" || arg == "--worst-per-type" || arg == "--json" || arg == "--page" ||
                   arg == "--baseline" || arg == "--score-outputs") {
            const auto v = value();
            if (!v) return std::nullopt;
            if (arg == "--shared") o.shared = *v;
            if (arg == "--set") o.sets.push_back(*v);
            if (arg == "--json") o.json = fs::path(*v);
            if (arg == "--page") o.page = *v;
            if (arg == "--score-outputs") o.score_outputs = fs::path(*v);
            if (arg == "--baseline") o.baseline = *v;
            if (arg == "--worst" || arg == "--worst-per-type") {
                char* end = nullptr;
                const unsigned long n = std::strtoul(v->c_str(), &end, 10);
                if (end == v->c_str() || *end != '\0') {
                    std::cerr << "quality_bench: " << arg << " needs a number\n";
                    return std::nullopt;
                }
                (arg == "--worst" ? o.worst : o.worst_per_type) = n;
            }
        } else {
            std::cerr << "quality_bench: unknown argument " << arg << "\n" << usage_text;
            return std::nullopt;
        }
    }
    if (o.update_baseline && !o.page.empty()) {
        std::cerr << "quality_bench: --update-baseline needs whole sets, not --page\n";
        return std::nullopt;
    }
    return o;
}

std::string fixed(double v, int decimals = 4) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

std::string accuracy_text(const q::field_accuracy& f) {
    if (f.checked == 0) return "-";
    return fixed(f.accuracy(), 3) + " (" + std::to_string(f.correct) + "/" + std::to_string(f.checked) + ")";
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string pad_left(std::string s, std::size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
}

/// The word metric's figures per page type, with each type's worst page; then each type's `worst` worst
/// pages.
void print_types(const q::set_result& r, std::size_t worst_per_type) {
    if (r.by_type.empty()) return;
    std::cout << "   per page type (typed: pages whose type winnow found right):\n"
                 "     type           pages  P       R       F1      typed  worst page\n";
    for (const auto& t : r.by_type) {
        const q::page_result* worst = nullptr;
        for (const auto& p : r.pages)
            if (p.page_type == t.page_type && (worst == nullptr || p.f1 < worst->f1)) worst = &p;
        std::cout << "     " << pad(t.page_type, 14) << " " << pad_left(std::to_string(t.pages), 5) << "  "
                  << fixed(t.scores.precision) << "  " << fixed(t.scores.recall) << "  " << fixed(t.scores.f1) << "  "
                  << fixed(t.pages ? static_cast<double>(t.typed) / static_cast<double>(t.pages) : 0, 2) << "   "
                  << (worst ? worst->id + " (" + fixed(worst->f1, 3) + ")" : "") << "\n";
    }
    if (worst_per_type == 0) return;
    std::cout << "   worst pages per type (id and F1):\n";
    for (const auto& t : r.by_type) {
        std::vector<const q::page_result*> of_type;
        for (const auto& p : r.pages)
            if (p.page_type == t.page_type) of_type.push_back(&p);
        const std::size_t n = std::min(worst_per_type, of_type.size());
        std::partial_sort(of_type.begin(), of_type.begin() + static_cast<std::ptrdiff_t>(n), of_type.end(),
                          [](const q::page_result* a, const q::page_result* b) { return a->f1 < b->f1 || (a->f1 == b->f1 && a->id < b->id); });
        std::cout << "     " << pad(t.page_type, 14);
        for (std::size_t i = 0; i < n; ++i) std::cout << " " << of_type[i]->id << " " << fixed(of_type[i]->f1, 3);
        std::cout << "\n";
    }
}

void print_set(const q::set_result& r, std::size_t worst, std::size_t worst_per_type) {
    const double mb = static_cast<double>(r.bytes) / 1e6;
    std::cout << "\n== " << r.name << ": " << r.pages.size() << " pages, " << q::to_string(r.metric) << " metric, "
              << fixed(mb, 1) << " MB extracted in " << fixed(r.seconds, 3) << " s ("
              << fixed(r.seconds > 0 ? mb / r.seconds : 0, 1) << " MB/s)\n";
    std::cout << "   P " << fixed(r.scores.precision) << "   R " << fixed(r.scores.recall) << "   F1 "
              << fixed(r.scores.f1);
    if (r.metric == q::metric_kind::snippet) {
        const auto& c = r.snippet_totals;
        std::cout << "   (TP " << c.tp << ", FN " << c.fn << ", FP " << c.fp << ", TN " << c.tn << ")";
    }
    std::cout << "\n   metadata: title " << accuracy_text(r.title) << " (words " << accuracy_text(r.title_words) << ")"
              << ", author " << accuracy_text(r.author)
              << ", date " << accuracy_text(r.date) << ", lang " << accuracy_text(r.lang) << "\n";
    if (r.failures > 0) {
        std::cout << "   extraction failed on " << r.failures << " page(s):";
        for (const auto& p : r.pages)
            if (p.failed) std::cout << " " << p.id << " (" << p.error << ")";
        std::cout << "\n";
    }
    print_types(r, worst_per_type);
    const auto worst_pages = q::worst_pages(r, worst);
    if (worst_pages.empty()) return;
    std::size_t id_width = 2;
    for (const auto* p : worst_pages) id_width = std::max(id_width, p->id.size());
    std::cout << "   worst pages:\n";
    if (r.metric == q::metric_kind::snippet) {
        std::cout << "     " << pad("id", id_width) << " missing found  url\n";
        for (const auto* p : worst_pages) {
            const std::size_t with = p->snippets.counts.tp + p->snippets.counts.fn;
            const std::size_t without = p->snippets.counts.fp + p->snippets.counts.tn;
            std::cout << "     " << pad(p->id, id_width) << " "
                      << pad_left(std::to_string(p->snippets.counts.fn) + "/" + std::to_string(with), 7) << " "
                      << pad_left(std::to_string(p->snippets.counts.fp) + "/" + std::to_string(without), 5) << "  "
                      << p->url << "\n";
        }
    } else {
        const bool words = r.metric == q::metric_kind::word;
        std::cout << "     " << pad("id", id_width) << " F1      P       R       " << (words ? "type           " : "")
                  << "url\n";
        for (const auto* p : worst_pages) {
            const q::prf& page = words ? p->words.scores : p->body.scores;
            std::cout << "     " << pad(p->id, id_width) << " " << fixed(p->f1) << "  " << fixed(page.precision) << "  "
                      << fixed(page.recall) << "  " << (words ? pad(p->page_type, 15) : "") << p->url << "\n";
        }
    }
}

/// The pages that took longest for their size, over every set: time in extract() per MB of raw page (pages
/// of 16 KiB at least, so that fixed costs do not decide), with the largest page for scale.
void print_slowest(const std::vector<q::dataset>& sets, const std::vector<q::set_result>& results, std::size_t n) {
    struct timed {
        const q::page_result* page;
        std::string set;
        std::size_t bytes;
        double ms_per_mb;
    };
    std::vector<timed> all;
    for (std::size_t s = 0; s < results.size(); ++s)
        for (std::size_t i = 0; i < results[s].pages.size(); ++i) {
            const std::size_t bytes = sets[s].pages[i].html.size();
            if (bytes < 16 * 1024) continue;
            all.push_back({&results[s].pages[i], results[s].name, bytes,
                           results[s].pages[i].seconds * 1e3 / (static_cast<double>(bytes) / 1e6)});
        }
    if (all.empty()) return;
    std::sort(all.begin(), all.end(), [](const timed& a, const timed& b) { return a.ms_per_mb > b.ms_per_mb; });
    std::cout << "\nslowest pages for their size (extract() time per MB of page):\n";
    for (std::size_t i = 0; i < std::min(n, all.size()); ++i)
        std::cout << "  " << fixed(all[i].ms_per_mb, 1) << " ms/MB  " << fixed(all[i].page->seconds * 1e3, 2) << " ms  "
                  << fixed(static_cast<double>(all[i].bytes) / 1e3, 0) << " kB  " << all[i].set << " " << all[i].page->id
                  << "\n";
}

void print_summary(const std::vector<q::set_result>& results, const options& o) {
    std::cout << "\n| set | pages | metric | P | R | F1 |\n|---|---:|---|---:|---:|---:|\n";
    for (const auto& r : results)
        std::cout << "| " << r.name << " | " << r.pages.size() << " | " << q::to_string(r.metric) << " | "
                  << fixed(r.scores.precision) << " | " << fixed(r.scores.recall) << " | " << fixed(r.scores.f1)
                  << " |\n";
    for (const auto& r : results) {
        if (r.by_type.empty()) continue;
        std::cout << "\n" << r.name << " by page type:\n\n| type | pages | P | R | F1 |\n|---|---:|---:|---:|---:|\n";
        for (const auto& t : r.by_type)
            std::cout << "| " << t.page_type << " | " << t.pages << " | " << fixed(t.scores.precision) << " | "
                      << fixed(t.scores.recall) << " | " << fixed(t.scores.f1) << " |\n";
    }
    const q::baseline recorded = q::read_baseline(o.baseline);
    std::cout << "\n";
    for (const auto& r : results) {
        for (const auto& [name, f1] : q::records_of(r)) {
            const auto it = recorded.find(name);
            if (it == recorded.end()) {
                std::cout << name << ": F1 " << fixed(f1) << ", no record\n";
                continue;
            }
            // Rounded first, so that a difference below the printed precision shows as +0.0000, not -0.0000.
            const double delta = std::round((f1 - it->second) * 1e4) / 1e4 + 0.0;
            std::cout << name << ": F1 " << fixed(f1) << " vs recorded " << fixed(it->second) << " ("
                      << (delta >= 0 ? "+" : "") << fixed(delta) << ")\n";
        }
    }
}

// --- JSON output -------------------------------------------------------------------------------------------

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
            out += buffer;
        } else {
            out += c;   // article text is valid UTF-8; ids and URLs come from valid JSON
        }
    }
    return out + "\"";
}

std::string json_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

std::string json_optional(const std::optional<bool>& v) {
    if (!v) return "null";
    return *v ? "true" : "false";
}

std::string json_accuracy(const q::field_accuracy& f) {
    return "{\"correct\":" + std::to_string(f.correct) + ",\"checked\":" + std::to_string(f.checked) +
           ",\"accuracy\":" + (f.checked > 0 ? json_number(f.accuracy()) : std::string("null")) + "}";
}

void write_json(const fs::path& file, const fs::path& datasets, const std::vector<q::set_result>& results,
                bool with_text) {
    std::ostringstream out;
    out << "{\"datasets\":" << json_string(datasets.string()) << ",\"sets\":[";
    for (std::size_t s = 0; s < results.size(); ++s) {
        const auto& r = results[s];
        out << (s ? "," : "") << "{\"name\":" << json_string(r.name) << ",\"metric\":" << json_string(q::to_string(r.metric))
            << ",\"pages\":" << r.pages.size() << ",\"precision\":" << json_number(r.scores.precision)
            << ",\"recall\":" << json_number(r.scores.recall) << ",\"f1\":" << json_number(r.scores.f1)
            << ",\"bytes\":" << r.bytes << ",\"seconds\":" << json_number(r.seconds) << ",\"failures\":" << r.failures;
        if (r.metric == q::metric_kind::snippet) {
            const auto& c = r.snippet_totals;
            out << ",\"snippets\":{\"tp\":" << c.tp << ",\"fn\":" << c.fn << ",\"fp\":" << c.fp << ",\"tn\":" << c.tn << "}";
        }
        if (!r.by_type.empty()) {
            out << ",\"page_types\":[";
            for (std::size_t t = 0; t < r.by_type.size(); ++t) {
                const auto& type = r.by_type[t];
                out << (t ? "," : "") << "{\"page_type\":" << json_string(type.page_type) << ",\"pages\":" << type.pages
                    << ",\"precision\":" << json_number(type.scores.precision)
                    << ",\"recall\":" << json_number(type.scores.recall) << ",\"f1\":" << json_number(type.scores.f1)
                    << ",\"typed\":" << type.typed << "}";
            }
            out << "]";
        }
        out << ",\"metadata\":{\"title\":" << json_accuracy(r.title) << ",\"title_words\":" << json_accuracy(r.title_words)
            << ",\"author\":" << json_accuracy(r.author)
            << ",\"date\":" << json_accuracy(r.date) << ",\"lang\":" << json_accuracy(r.lang) << "}";
        out << ",\"page_scores\":[";
        for (std::size_t i = 0; i < r.pages.size(); ++i) {
            const auto& p = r.pages[i];
            out << (i ? "," : "") << "{\"id\":" << json_string(p.id) << ",\"url\":" << json_string(p.url)
                << ",\"f1\":" << json_number(p.f1);
            if (r.metric == q::metric_kind::word) {
                out << ",\"page_type\":" << json_string(p.page_type) << ",\"found_type\":" << json_string(p.found_type)
                    << ",\"precision\":" << json_number(p.words.scores.precision)
                    << ",\"recall\":" << json_number(p.words.scores.recall) << ",\"words\":{\"extracted\":"
                    << p.words.extracted_words << ",\"true\":" << p.words.true_words << ",\"matched\":"
                    << p.words.matched << "}";
            } else if (r.metric == q::metric_kind::body) {
                out << ",\"precision\":" << json_number(p.body.scores.precision)
                    << ",\"recall\":" << json_number(p.body.scores.recall) << ",\"shingles\":{\"extracted\":"
                    << p.body.extracted_shingles << ",\"true\":" << p.body.true_shingles << ",\"matched\":"
                    << p.body.matched << "}";
            } else {
                const auto& c = p.snippets.counts;
                out << ",\"tp\":" << c.tp << ",\"fn\":" << c.fn << ",\"fp\":" << c.fp << ",\"tn\":" << c.tn;
            }
            out << ",\"title_ok\":" << json_optional(p.title_ok) << ",\"title_words_ok\":" << json_optional(p.title_words_ok)
                << ",\"author_ok\":" << json_optional(p.author_ok)
                << ",\"date_ok\":" << json_optional(p.date_ok) << ",\"lang_ok\":" << json_optional(p.lang_ok)
                << ",\"failed\":" << (p.failed ? "true" : "false");
            if (p.failed) out << ",\"error\":" << json_string(p.error);
            if (with_text) {
                out << ",\"text\":" << json_string(p.text) << ",\"title\":" << json_string(p.title)
                    << ",\"published\":" << json_string(p.published) << ",\"authors\":[";
                const char* separator = "";
                for (const std::string& name : p.authors) {
                    out << separator << json_string(name);
                    separator = ",";
                }
                out << "]";
            }
            out << ",\"seconds\":" << json_number(p.seconds) << "}";
        }
        out << "]}";
    }
    out << "]}\n";
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f << out.str();
    if (!f.flush()) throw std::runtime_error("cannot write " + file.string());
}

// --- one page ----------------------------------------------------------------------------------------------

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : "; ") + s;
    return out;
}

void print_field(std::string_view name, const std::string& extracted, const std::string& truth,
                 const std::optional<bool>& ok) {
    std::cout << pad(std::string(name), 7) << (ok ? (*ok ? "ok    " : "WRONG ") : "      ") << "extracted: "
              << (extracted.empty() ? "(none)" : extracted);
    if (!truth.empty()) std::cout << "   truth: " << truth;
    std::cout << "\n";
}

void print_page(const q::dataset& set, const q::set_result& r) {
    const auto& truth = set.pages.front().truth;
    const auto& p = r.pages.front();
    std::cout << "set " << r.name << ", page " << p.id << ", " << q::to_string(r.metric) << " metric\nurl    "
              << (p.url.empty() ? "(none)" : p.url) << "\n";
    if (p.failed) std::cout << "extraction FAILED: " << p.error << "\n";
    print_field("title", p.title, truth.title, p.title_ok);
    print_field("author", join(p.authors), join(truth.authors), p.author_ok);
    print_field("date", p.published, truth.date, p.date_ok);
    print_field("lang", p.language, truth.lang, p.lang_ok);
    if (!p.page_type.empty()) std::cout << "type   " << p.page_type << "\n";
    if (r.metric == q::metric_kind::snippet) {
        const auto& c = p.snippets.counts;
        std::cout << "snippets: with found " << c.tp << "/" << c.tp + c.fn << ", without found " << c.fp << "/"
                  << c.fp + c.tn << "\n";
    } else if (r.metric == q::metric_kind::word) {
        std::cout << "words: P " << fixed(p.words.scores.precision) << "  R " << fixed(p.words.scores.recall) << "  F1 "
                  << fixed(p.words.scores.f1) << "  (words: " << p.words.extracted_words << " extracted, "
                  << p.words.true_words << " true, " << p.words.matched << " matched)\n";
    } else {
        std::cout << "body: P " << fixed(p.body.scores.precision) << "  R " << fixed(p.body.scores.recall) << "  F1 "
                  << fixed(p.body.scores.f1) << "  (shingles: " << p.body.extracted_shingles << " extracted, "
                  << p.body.true_shingles << " true, " << p.body.matched << " matched)\n";
    }
    std::cout << "\n----- extraction (" << p.text.size() << " bytes) -----\n" << p.text << "\n";
    if (r.metric == q::metric_kind::snippet) {
        std::cout << "\n----- missing `with` snippets (" << p.snippets.missing_with.size() << ") -----\n";
        for (const auto& s : p.snippets.missing_with) std::cout << "  " << s << "\n";
        std::cout << "\n----- found `without` snippets (" << p.snippets.found_without.size() << ") -----\n";
        for (const auto& s : p.snippets.found_without) std::cout << "  " << s << "\n";
    } else if (r.metric == q::metric_kind::word) {
        std::cout << "\n----- true main content (" << truth.main.size() << " bytes) -----\n" << truth.main << "\n";
    } else {
        std::cout << "\n----- true body (" << truth.body.size() << " bytes) -----\n" << truth.body << "\n";
    }
}

int run(const options& o) {
    const fs::path datasets = q::datasets_dir(o.shared);
    std::vector<std::string> names = q::list_sets(datasets);
    if (names.empty()) {
        std::cerr << "quality_bench: no page sets under " << datasets.string()
                  << " (give --shared DIR or set WINNOW_SHARED_DIR)\n";
        return o.update_baseline ? 1 : 0;
    }
    if (!o.sets.empty()) {
        for (const auto& wanted : o.sets) {
            if (std::find(names.begin(), names.end(), wanted) == names.end()) {
                std::cerr << "quality_bench: no set " << wanted << " under " << datasets.string() << "\n";
                return 2;
            }
        }
        names = o.sets;
    }

    if (o.score_outputs) {
        const auto outputs = q::read_outputs(*o.score_outputs);
        std::cout << "outputs of " << o.score_outputs->string() << " scored on " << datasets.string() << "\n";
        std::vector<q::set_result> results;
        for (const auto& name : names) {
            const auto it = outputs.find(name);
            if (it == outputs.end()) continue;
            results.push_back(q::score_outputs(q::load_set(datasets / name), it->second));
            print_set(results.back(), o.worst, o.worst_per_type);
        }
        if (o.json) write_json(*o.json, datasets, results, o.json_text);
        return results.empty() ? 2 : 0;
    }

    winnow::extractor x;
    if (!o.page.empty()) {
        for (const auto& name : names) {
            const q::dataset set = q::load_set(datasets / name, o.page);
            if (set.pages.empty()) continue;
            print_page(set, q::evaluate(set, x));
            return 0;
        }
        std::cerr << "quality_bench: no page " << o.page << " in the sets searched\n";
        return 2;
    }

    std::cout << "winnow extraction quality on " << datasets.string() << "\n";
    std::vector<q::dataset> sets;
    std::vector<q::set_result> results;
    for (const auto& name : names) {
        sets.push_back(q::load_set(datasets / name));   // every page decompressed before timing
        results.push_back(q::evaluate(sets.back(), x));
        print_set(results.back(), o.worst, o.worst_per_type);
    }
    print_slowest(sets, results, 5);
    print_summary(results, o);

    if (o.json) {
        write_json(*o.json, datasets, results, o.json_text);
        std::cout << "JSON written to " << o.json->string() << "\n";
    }
    if (o.update_baseline) {
        q::baseline records = q::read_baseline(o.baseline);
        for (const auto& r : results) {
            // A set's page-type records are replaced whole, so a type no longer in the truth leaves none behind.
            const std::string prefix = q::baseline_key(r.name, "");
            std::erase_if(records, [&](const auto& record) { return record.first.starts_with(prefix); });
            for (const auto& [name, f1] : q::records_of(r)) records[name] = f1;
        }
        q::write_baseline(o.baseline, records);
        std::cout << "baseline written to " << o.baseline.string() << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int exit_code = 0;
    const auto o = parse_arguments(argc, argv, exit_code);
    if (!o) return exit_code;
    try {
        return run(*o);
    } catch (const std::exception& e) {
        std::cerr << "quality_bench: " << e.what() << "\n";
        return 1;
    }
}
