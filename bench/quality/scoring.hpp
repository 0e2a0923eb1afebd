// bench/quality/scoring.hpp — the three extraction-quality metrics of ../shared/datasets/README.md.
//
// Each is implemented exactly as that README defines it so that winnow's figures can be set beside the
// published ones:
//   * the snippet metric of trafilatura-eval (`with` / `without` snippets, counts summed over a set);
//   * the body metric of scrapinghub's article-extraction-benchmark, made CJK-aware (4-token shingles,
//     per-page precision and recall averaged over a set);
//   * the word metric of WCXB (lower-cased `\w+` words, per-page bag-of-words precision, recall and F1,
//     each averaged over a set).
// The functions are pure: no I/O, only ICU character properties and case mappings.
//
//     auto counts = winnow::quality::score_snippets(article.text(), truth.with, truth.without);
//     auto page = winnow::quality::score_body(article.text(), truth.body);
//     auto words = winnow::quality::score_words(article.text(), truth.main);
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::quality {

/// Precision, recall and F1 of a page or a set.
struct prf {
    double precision = 0;
    double recall = 0;
    double f1 = 0;
};

// ---------------------------------------------------------------------------------------------------------
// Snippet metric

/// Folds every run of whitespace to one space (U+0020), keeping everything else as it is. Whitespace is the
/// Unicode White_Space property (ICU u_isUWhiteSpace): ASCII space, tab and line breaks, U+0085, U+00A0
/// (NBSP), U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (ideographic space). That is what
/// Python's str.split() folds in the published evaluation, save the four C0 separators U+001C–U+001F, which
/// do not occur in web text. Runs at the ends are folded, not trimmed: the README says fold, and a snippet's
/// trailing space then still asks for a word boundary after it. Malformed UTF-8 is kept byte for byte.
[[nodiscard]] std::string fold_whitespace(std::string_view text);

/// Counts of one page, or summed over a set.
struct snippet_counts {
    std::size_t tp = 0;   ///< `with` snippets found
    std::size_t fn = 0;   ///< `with` snippets missing
    std::size_t fp = 0;   ///< `without` snippets found
    std::size_t tn = 0;   ///< `without` snippets absent

    snippet_counts& operator+=(const snippet_counts& other) noexcept {
        tp += other.tp;
        fn += other.fn;
        fp += other.fp;
        tn += other.tn;
        return *this;
    }
    friend bool operator==(const snippet_counts&, const snippet_counts&) = default;
};

/// One page's snippet outcome, with the snippets that went wrong (for debugging output).
struct snippet_outcome {
    snippet_counts counts;
    std::vector<std::string> missing_with;    ///< `with` snippets not in the extraction
    std::vector<std::string> found_without;   ///< `without` snippets in the extraction
};

/// Scores one page's extraction against its snippets: whitespace folded on both sides, then a substring test.
[[nodiscard]] snippet_outcome score_snippets(std::string_view extraction, std::span<const std::string> with,
                                             std::span<const std::string> without);

/// precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN); each 0 when its denominator is 0.
[[nodiscard]] prf snippet_scores(const snippet_counts& counts) noexcept;

// ---------------------------------------------------------------------------------------------------------
// Body metric

/// The README's tokens, in text order, case kept:
///   * each character of script Han, Hiragana or Katakana (ICU uscript_getScript) is one token; so is the
///     prolonged sound mark U+30FC and its halfwidth form U+FF70, which ICU assigns to script Common
///     (Script_Extensions Hira Kana) although they occur only inside kana words — as one-character tokens
///     they match how the kana around them are counted;
///   * otherwise a maximal run of word characters is one token. A word character is one of general
///     category L* (letters), N* (digits and other numbers), M* (combining marks) or Pc (connector
///     punctuation, the underscore among them): ICU's and UTS #18's `\w`. Python's `re` `\w` (which the
///     published script used) differs only on combining marks and Pc other than `_`, both rare in NFC web
///     text, and on none of the three sets' scripts.
/// Everything else (spaces, punctuation, symbols) separates tokens. Malformed UTF-8 separates tokens too.
[[nodiscard]] std::vector<std::string> body_tokens(std::string_view text);

/// One page's body outcome.
struct body_outcome {
    std::size_t extracted_shingles = 0;   ///< shingles of the extraction
    std::size_t true_shingles = 0;        ///< shingles of the truth
    std::size_t matched = 0;              ///< multiset intersection: the raw TP
    double tp = 0;                        ///< TP, FP and FN divided by their sum (0 when the sum is 0)
    double fp = 0;
    double fn = 0;
    prf scores;                           ///< the page's P and R; F1 = 2PR/(P+R), for ranking pages
};

/// Scores one page: shingles are the multiset of overlapping 4-token sequences (a text of 1–3 tokens is one
/// shingle of its tokens, one of no tokens has none); TP = multiset intersection, FP = extracted − TP,
/// FN = true − TP. precision = TP/(TP+FP), recall = TP/(TP+FN), 0 when undefined; when neither text has a
/// token ("both texts empty"), precision = recall = 1.
[[nodiscard]] body_outcome score_body(std::string_view extraction, std::string_view truth);

/// A set's body figures: P = mean page precision, R = mean page recall, F1 = 2PR/(P+R) (0 when P+R = 0).
/// An empty set scores 0.
[[nodiscard]] prf mean_body_scores(std::span<const body_outcome> pages) noexcept;

// ---------------------------------------------------------------------------------------------------------
// Word metric

/// The word metric's tokens, in text order: the text is lower-cased with Unicode's full, context-sensitive
/// mapping (ICU's root locale, as Python's str.lower(): "İ" becomes "i" + U+0307, a final Σ becomes ς),
/// then every maximal run of word characters is one token. A word character is what Python's `re` `\w`
/// matches in a str pattern, the published scorer's definition: a letter (general category L*), a
/// character with a numeric value (Numeric_Type Decimal, Digit or Numeric: N* and numeric ideographs), or
/// the underscore. Combining marks are not word characters there, so they separate tokens, as they do in
/// the published scores. Malformed UTF-8 separates tokens.
[[nodiscard]] std::vector<std::string> word_tokens(std::string_view text);

/// One page's word outcome.
struct word_outcome {
    std::size_t extracted_words = 0;   ///< tokens of the extraction
    std::size_t true_words = 0;        ///< tokens of the truth
    std::size_t matched = 0;           ///< multiset intersection of the two bags of words
    prf scores;                        ///< precision = matched/extracted, recall = matched/true, F1 = 2PR/(P+R)
};

/// Scores one page with bag-of-words precision, recall and F1. A truth without words scores 1 against an
/// extraction without words and 0 against any other; an extraction without words scores 0 otherwise.
[[nodiscard]] word_outcome score_words(std::string_view extraction, std::string_view truth);

/// A set's (or a page type's) word figures: the means of the page precisions, recalls and F1s — the F1 is
/// the mean page F1, not the harmonic mean of P and R. An empty set scores 0.
[[nodiscard]] prf mean_word_scores(std::span<const word_outcome> pages) noexcept;

/// 2PR/(P+R), 0 when P+R = 0.
[[nodiscard]] double harmonic_mean(double precision, double recall) noexcept;

// ---------------------------------------------------------------------------------------------------------
// Metadata checks: is an extracted field right?

/// Equal after folding whitespace and case (and trimming), or one contains the other and the shorter has at
/// least 0.8 of the longer's code points.
[[nodiscard]] bool title_matches(std::string_view extracted, std::string_view truth);
/// The normalised word comparison: title_matches on the titles' word tokens (word_tokens, joined by one
/// space), so that punctuation and typography (’ against ', ®, a dash for a colon) do not count.
[[nodiscard]] bool title_words_match(std::string_view extracted, std::string_view truth);
/// Some extracted name and some true name overlap: after folding, one contains the other (and the
/// contained one has at least two code points). A truth string naming several people ("A; B", "A und B")
/// thus matches any one of them.
[[nodiscard]] bool author_matches(std::span<const std::string> extracted, std::span<const std::string> truth);
/// Same YYYY-MM-DD prefix. Both dates are read as year, month, day with any of - / . 年 月 between and
/// unpadded parts allowed ("2005-5-7 21:23" is 2005-05-07); a truth of only a year or a year and a month
/// compares that much. A truth date that cannot be read is not checked (see normalise_date).
[[nodiscard]] bool date_matches(std::string_view extracted, std::string_view truth);
/// "YYYY", "YYYY-MM" or "YYYY-MM-DD" from the start of a date, or "" when it does not start with a year.
[[nodiscard]] std::string normalise_date(std::string_view date);
/// Same primary language subtag, ASCII case-insensitively ("en-US" and "en-gb" match).
[[nodiscard]] bool language_matches(std::string_view extracted, std::string_view truth);
/// Folds whitespace to single spaces, trims, and case-folds (ICU full case folding).
[[nodiscard]] std::string fold_for_comparison(std::string_view text);

}  // namespace winnow::quality
