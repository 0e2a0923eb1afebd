// bench/quality/evaluation.hpp — loading the page sets of ../shared/datasets and scoring winnow on them.
//
// quality_bench and the golden test (tests/golden/quality_golden_test.cpp) both run this code, so the
// figures the benchmark prints and the figures the test guards cannot drift apart. A set is a folder with
// truth.json and pages/<id>.html.gz (see ../shared/datasets/README.md); its metric follows from its truth:
// `main` → the word metric (with figures per `page_type`), `body` → the body metric, `with`/`without` →
// the snippet metric (scoring.hpp).
//
//     auto set = winnow::quality::load_set(datasets / "chinese-news");
//     winnow::extractor x;
//     auto result = winnow::quality::evaluate(set, x);
//     std::printf("%s F1 %.4f\n", result.name.c_str(), result.scores.f1);
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "quality/scoring.hpp"

namespace winnow {
class extractor;
}

namespace winnow::quality {

enum class metric_kind : std::uint8_t { snippet, body, word };

/// "snippet", "body" or "word".
[[nodiscard]] std::string_view to_string(metric_kind metric) noexcept;

/// One page's ground truth. Absent fields are empty; dataset placeholders ("UNKNOWN") count as absent.
struct page_truth {
    std::string id;
    std::string url;
    bool has_body = false;
    std::string body;
    bool has_main = false;       ///< the word metric's truth
    std::string main;
    std::string page_type;       ///< article, forum, product, ... (word sets); empty when not given
    std::vector<std::string> with;
    std::vector<std::string> without;
    std::string title;
    std::vector<std::string> authors;   ///< one string or a list in truth.json, as given
    std::string date;
    std::string lang;
};

struct page_data {
    page_truth truth;
    std::string html;   ///< the page's raw bytes, decompressed
};

struct dataset {
    std::string name;
    std::filesystem::path dir;
    metric_kind metric = metric_kind::snippet;
    std::vector<page_data> pages;   ///< in id order

    /// Raw page bytes of the set.
    [[nodiscard]] std::size_t bytes() const noexcept;
};

/// The datasets folder: `shared` itself when it holds sets, else `shared`/datasets.
[[nodiscard]] std::filesystem::path datasets_dir(const std::filesystem::path& shared);

/// Names of the sets under a datasets folder (sub-folders with a truth.json), sorted; empty when absent.
[[nodiscard]] std::vector<std::string> list_sets(const std::filesystem::path& datasets);

/// Reads truth.json and decompresses every page. When `only_page` is not empty, only that page is loaded
/// (the set is empty if it has no such page). Throws std::runtime_error on malformed truth or a missing or
/// unreadable page file.
[[nodiscard]] dataset load_set(const std::filesystem::path& set_dir, std::string_view only_page = {});

/// One extraction scored.
struct page_result {
    std::string id;
    std::string url;
    std::string page_type;
    std::string found_type;   ///< the page type winnow gave (article::page_type), empty for other extractors
    bool failed = false;      ///< extract() returned an error (or threw); the text counts as empty
    std::string error;
    std::string text;         ///< article::text()
    std::string title;
    std::vector<std::string> authors;
    std::string published;
    std::string language;
    snippet_outcome snippets;   ///< snippet sets only
    body_outcome body;          ///< body sets only
    word_outcome words;         ///< word sets only
    /// For ranking pages: the body or word metric's page F1, or for snippet sets the page's own snippet F1.
    double f1 = 0;
    std::optional<bool> title_ok;   ///< empty when the truth has no title, and so on
    std::optional<bool> title_words_ok;
    std::optional<bool> author_ok;
    std::optional<bool> date_ok;
    std::optional<bool> lang_ok;
    double seconds = 0;             ///< time in extract()
};

/// Correct / checked for one metadata field over a set.
struct field_accuracy {
    std::size_t correct = 0;
    std::size_t checked = 0;
    [[nodiscard]] double accuracy() const noexcept {
        return checked > 0 ? static_cast<double>(correct) / static_cast<double>(checked) : 0.0;
    }
};

/// The figures of the pages of one page type (word sets).
struct type_result {
    std::string page_type;
    std::size_t pages = 0;
    prf scores;
    std::size_t typed = 0;          ///< pages whose found type is this type
};

struct set_result {
    std::string name;
    metric_kind metric = metric_kind::snippet;
    prf scores;                     ///< the set's P, R, F1 by its metric
    std::vector<type_result> by_type;   ///< word sets: per page type, in type order (pages without a type: none)
    snippet_counts snippet_totals;  ///< snippet sets only
    field_accuracy title;
    field_accuracy title_words;     ///< the same titles by the normalised word comparison
    field_accuracy author;
    field_accuracy date;
    field_accuracy lang;
    std::vector<page_result> pages;
    std::size_t bytes = 0;          ///< raw page bytes
    double seconds = 0;             ///< total time in extract()
    std::size_t failures = 0;       ///< pages whose extraction failed
};

/// Runs one extractor over every page of the set (passing the truth's URL, if any) and scores it.
[[nodiscard]] set_result evaluate(const dataset& set, extractor& x);

/// What another extractor gave for one page (bench/peers): scored exactly as winnow's extraction is.
struct external_output {
    std::string text;
    std::string title;
    double seconds = 0;      ///< its time on the page, as it measured it
    std::string error;       ///< not empty: it failed on the page (the text counts as empty)
};
/// Outputs by page id.
using external_outputs = std::map<std::string, external_output, std::less<>>;

/// Scores another extractor's outputs on the set; a page without an output counts as failed and empty.
[[nodiscard]] set_result score_outputs(const dataset& set, const external_outputs& outputs);

/// Reads outputs as JSON Lines, one page a line: {"set": ..., "id": ..., "text": ..., "title": ...,
/// "seconds": ..., "error": ...}; by set, then page id. Throws std::runtime_error on a bad line.
[[nodiscard]] std::map<std::string, external_outputs, std::less<>> read_outputs(const std::filesystem::path& file);

/// The n worst pages: lowest page F1 first; in snippet sets, most wrong snippets (missing + found) first,
/// then lowest page F1. Ties go by id.
[[nodiscard]] std::vector<const page_result*> worst_pages(const set_result& result, std::size_t n);

// Baseline: the F1 per set the golden test guards, one "<set> <f1>" per line, '#' starts a comment. Sets
// scored per page type also have a record per type, named "<set>/<type>" (baseline_key).

/// A set may fall this far below its recorded F1 before the golden test fails.
inline constexpr double baseline_tolerance = 0.005;

using baseline = std::map<std::string, double, std::less<>>;

/// The record name of a set's page type: "<set>/<type>".
[[nodiscard]] std::string baseline_key(std::string_view set, std::string_view page_type);

/// Every record of a result: the set's F1, and each page type's.
[[nodiscard]] baseline records_of(const set_result& result);

/// Reads a baseline file; an absent file is an empty baseline. Throws std::runtime_error on a bad line.
[[nodiscard]] baseline read_baseline(const std::filesystem::path& file);
/// Writes a baseline file with a header saying how it is made; F1 to 4 decimals.
void write_baseline(const std::filesystem::path& file, const baseline& records);

/// $WINNOW_SHARED_DIR, else the ../shared beside the source tree this was built from.
[[nodiscard]] std::filesystem::path default_shared_dir();
/// tests/golden/quality_baseline.txt in the source tree this was built from.
[[nodiscard]] std::filesystem::path default_baseline_file();

}  // namespace winnow::quality
