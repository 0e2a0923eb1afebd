#include "quality/evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <utility>

#include "support/files.hpp"
#include "support/json.hpp"
#include "winnow/extract.hpp"

namespace winnow::quality {

namespace fs = std::filesystem;
namespace json = winnow::testing::json;

namespace {

using winnow::testing::read_file;

bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

/// The datasets mark an unknown author or date with a placeholder (one of them misspelt); those are no truth.
bool is_placeholder(std::string_view s) noexcept { return ascii_iequals(s, "UNKNOWN") || ascii_iequals(s, "UNKNWON"); }

std::string string_member(const json::value& page, std::string_view key) {
    const json::value* v = page.find(key);
    if (v == nullptr || !v->is_string() || is_placeholder(v->string)) return {};
    return v->string;
}

std::vector<std::string> string_list_member(const json::value& page, std::string_view key, const std::string& id) {
    std::vector<std::string> out;
    const json::value* v = page.find(key);
    if (v == nullptr || v->is_null()) return out;
    if (v->is_string()) {
        if (!v->string.empty() && !is_placeholder(v->string)) out.push_back(v->string);
        return out;
    }
    if (!v->is_array()) throw std::runtime_error("truth of " + id + ": " + std::string(key) + " is not a list");
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) throw std::runtime_error("truth of " + id + ": " + std::string(key) + " holds a non-string");
        if (!item.string.empty() && !is_placeholder(item.string)) out.push_back(item.string);
    }
    return out;
}

page_truth read_truth(const std::string& id, const json::value& page) {
    if (!page.is_object()) throw std::runtime_error("truth of " + id + " is not an object");
    page_truth t;
    t.id = id;
    t.url = string_member(page, "url");
    if (const json::value* body = page.find("body"); body != nullptr && body->is_string()) {
        t.has_body = true;
        t.body = body->string;
    }
    if (const json::value* main = page.find("main"); main != nullptr && (main->is_string() || main->is_null())) {
        // A null main is an empty truth, as the published scorer reads it (`main_content or ''`).
        t.has_main = true;
        if (main->is_string()) t.main = main->string;
    }
    t.page_type = string_member(page, "page_type");
    t.with = string_list_member(page, "with", id);
    t.without = string_list_member(page, "without", id);
    t.title = string_member(page, "title");
    t.authors = string_list_member(page, "author", id);
    t.date = string_member(page, "date");
    t.lang = string_member(page, "lang");
    return t;
}

/// The published scorer's order of page types; other types follow in name order.
constexpr std::string_view page_type_order[] = {"article", "forum", "product", "collection", "listing",
                                                "documentation", "service"};

std::size_t page_type_rank(std::string_view type) noexcept {
    const auto* it = std::find(std::begin(page_type_order), std::end(page_type_order), type);
    return static_cast<std::size_t>(it - std::begin(page_type_order));
}

/// The word figures of each page type present in a scored set.
std::vector<type_result> figures_by_type(const std::vector<page_result>& pages) {
    std::map<std::string, std::vector<word_outcome>, std::less<>> groups;
    std::map<std::string, std::size_t, std::less<>> typed;
    for (const auto& p : pages) {
        if (p.page_type.empty()) continue;
        groups[p.page_type].push_back(p.words);
        if (p.found_type == p.page_type) ++typed[p.page_type];
    }
    std::vector<type_result> out;
    for (const auto& [type, outcomes] : groups)
        out.push_back({type, outcomes.size(), mean_word_scores(outcomes), typed[type]});
    std::stable_sort(out.begin(), out.end(), [](const type_result& a, const type_result& b) {
        return page_type_rank(a.page_type) < page_type_rank(b.page_type);
    });
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string_view to_string(metric_kind metric) noexcept {
    switch (metric) {
        case metric_kind::body: return "body";
        case metric_kind::word: return "word";
        case metric_kind::snippet: break;
    }
    return "snippet";
}

std::size_t dataset::bytes() const noexcept {
    std::size_t n = 0;
    for (const auto& p : pages) n += p.html.size();
    return n;
}

fs::path datasets_dir(const fs::path& shared) {
    std::error_code ec;
    if (fs::is_directory(shared / "datasets", ec)) return shared / "datasets";
    return shared;
}

std::vector<std::string> list_sets(const fs::path& datasets) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(datasets, ec)) return out;
    for (const auto& entry : fs::directory_iterator(datasets, ec))
        if (entry.is_directory(ec) && fs::is_regular_file(entry.path() / "truth.json", ec))
            out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

dataset load_set(const fs::path& set_dir, std::string_view only_page) {
    dataset set;
    set.dir = set_dir;
    set.name = set_dir.filename().string();
    if (set.name.empty()) set.name = set_dir.parent_path().filename().string();   // "dir/" given
    const json::value truth = json::parse(read_file(set_dir / "truth.json"));
    if (!truth.is_object()) throw std::runtime_error(set_dir.string() + "/truth.json is not an object");
    bool any_body = false;
    bool any_main = false;
    for (const auto& [id, page] : truth.as_object()) {
        page_truth t = read_truth(id, page);
        any_body = any_body || t.has_body;
        any_main = any_main || t.has_main;
        if (!only_page.empty() && id != only_page) continue;
        std::string html = read_file(set_dir / "pages" / (id + ".html.gz"));
        set.pages.push_back({std::move(t), std::move(html)});
    }
    set.metric = any_main ? metric_kind::word : any_body ? metric_kind::body : metric_kind::snippet;
    std::sort(set.pages.begin(), set.pages.end(),
              [](const page_data& a, const page_data& b) { return a.truth.id < b.truth.id; });
    return set;
}

namespace {

/// Scores every page of the set from what `fill` puts in its result (text, metadata, time, failure).
set_result score_set(const dataset& set, const std::function<void(const page_data&, page_result&)>& fill) {
    set_result out;
    out.name = set.name;
    out.metric = set.metric;
    out.bytes = set.bytes();
    out.pages.reserve(set.pages.size());
    std::vector<body_outcome> bodies;
    std::vector<word_outcome> words;
    for (const auto& page : set.pages) {
        const page_truth& truth = page.truth;
        page_result r;
        r.id = truth.id;
        r.url = truth.url;
        r.page_type = truth.page_type;
        fill(page, r);
        out.seconds += r.seconds;
        if (r.failed) ++out.failures;

        if (set.metric == metric_kind::word) {
            r.words = score_words(r.text, truth.main);
            r.f1 = r.words.scores.f1;
            words.push_back(r.words);
        } else if (set.metric == metric_kind::body) {
            r.body = score_body(r.text, truth.body);
            r.f1 = r.body.scores.f1;
            bodies.push_back(r.body);
        } else {
            r.snippets = score_snippets(r.text, truth.with, truth.without);
            out.snippet_totals += r.snippets.counts;
            r.f1 = truth.with.empty() && truth.without.empty() ? 1.0 : snippet_scores(r.snippets.counts).f1;
        }

        const auto check = [](std::optional<bool>& ok, field_accuracy& field, bool applies, auto&& test) {
            if (!applies) return;
            ok = test();
            ++field.checked;
            if (*ok) ++field.correct;
        };
        check(r.title_ok, out.title, !truth.title.empty(), [&] { return title_matches(r.title, truth.title); });
        check(r.title_words_ok, out.title_words, !truth.title.empty(),
              [&] { return title_words_match(r.title, truth.title); });
        check(r.author_ok, out.author, !truth.authors.empty(), [&] { return author_matches(r.authors, truth.authors); });
        check(r.date_ok, out.date, !normalise_date(truth.date).empty(), [&] { return date_matches(r.published, truth.date); });
        check(r.lang_ok, out.lang, !truth.lang.empty(), [&] { return language_matches(r.language, truth.lang); });

        out.pages.push_back(std::move(r));
    }
    switch (set.metric) {
        case metric_kind::word:
            out.scores = mean_word_scores(words);
            out.by_type = figures_by_type(out.pages);
            break;
        case metric_kind::body: out.scores = mean_body_scores(bodies); break;
        case metric_kind::snippet: out.scores = snippet_scores(out.snippet_totals); break;
    }
    return out;
}

}  // namespace

set_result evaluate(const dataset& set, extractor& x) {
    return score_set(set, [&x](const page_data& page, page_result& r) {
        extract_options options;
        options.url = page.truth.url;
        const auto start = std::chrono::steady_clock::now();
        try {
            auto a = x.extract(page.html, options);
            r.seconds = seconds_since(start);
            if (a) {
                r.text = a->text();
                r.title = std::move(a->title);
                r.authors = std::move(a->authors);
                r.published = std::move(a->published);
                r.language = std::move(a->language);
                r.found_type = std::string(to_string(a->page_type));
            } else {
                r.failed = true;
                r.error = a.error().message();
            }
        } catch (const std::exception& e) {
            // A benchmark keeps going: the page scores as an empty extraction and is reported.
            r.seconds = seconds_since(start);
            r.failed = true;
            r.error = std::string("exception: ") + e.what();
        }
    });
}

set_result score_outputs(const dataset& set, const external_outputs& outputs) {
    return score_set(set, [&outputs](const page_data& page, page_result& r) {
        const auto it = outputs.find(page.truth.id);
        if (it == outputs.end()) {
            r.failed = true;
            r.error = "no output";
            return;
        }
        const external_output& o = it->second;
        r.text = o.text;
        r.title = o.title;
        r.seconds = o.seconds;
        r.failed = !o.error.empty();
        r.error = o.error;
    });
}

std::map<std::string, external_outputs, std::less<>> read_outputs(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::map<std::string, external_outputs, std::less<>> out;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (line.empty()) continue;
        json::value v;
        try {
            v = json::parse(line);
        } catch (const std::exception&) {
        }
        if (!v.is_object()) throw std::runtime_error(file.string() + ":" + std::to_string(n) + ": not a JSON object");
        const std::string set = string_member(v, "set"), id = string_member(v, "id");
        if (set.empty() || id.empty()) throw std::runtime_error(file.string() + ":" + std::to_string(n) + ": no set or id");
        external_output o;
        o.text = string_member(v, "text");
        o.title = string_member(v, "title");
        o.error = string_member(v, "error");
        if (const json::value* seconds = v.find("seconds"); seconds && seconds->type == json::value::kind::number)
            o.seconds = seconds->number;
        out[set][id] = std::move(o);
    }
    return out;
}

std::vector<const page_result*> worst_pages(const set_result& result, std::size_t n) {
    std::vector<const page_result*> order;
    order.reserve(result.pages.size());
    for (const auto& p : result.pages) order.push_back(&p);
    const bool snippets = result.metric == metric_kind::snippet;
    std::sort(order.begin(), order.end(), [snippets](const page_result* a, const page_result* b) {
        if (snippets) {
            const std::size_t wrong_a = a->snippets.counts.fn + a->snippets.counts.fp;
            const std::size_t wrong_b = b->snippets.counts.fn + b->snippets.counts.fp;
            if (wrong_a != wrong_b) return wrong_a > wrong_b;
        }
        if (a->f1 != b->f1) return a->f1 < b->f1;
        return a->id < b->id;
    });
    if (order.size() > n) order.resize(n);
    return order;
}

}  // namespace winnow::quality
