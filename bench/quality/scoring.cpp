#include "quality/scoring.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace winnow::quality {

namespace {

constexpr char32_t invalid_code_point = 0xFFFFFFFF;

/// Decodes the UTF-8 sequence at text[i]; `length` receives its byte count. A malformed or truncated
/// sequence yields invalid_code_point with length 1, so callers can pass its first byte through.
char32_t decode_utf8(std::string_view text, std::size_t i, std::size_t& length) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = byte(0);
    length = 1;
    if (lead < 0x80) return lead;
    std::size_t need = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
        cp = lead & 0x1Fu;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        cp = lead & 0x0Fu;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        cp = lead & 0x07u;
        min = 0x10000;
    } else {
        return invalid_code_point;
    }
    if (i + need >= text.size()) return invalid_code_point;   // truncated at the end
    for (std::size_t k = 1; k <= need; ++k) {
        const unsigned char c = byte(k);
        if ((c & 0xC0u) != 0x80u) return invalid_code_point;
        cp = (cp << 6) | (c & 0x3Fu);
    }
    // Overlongs and code points past U+10FFFF are malformed; surrogates are let through as code points,
    // because the JSON reader of the truth files keeps lone \uD8xx escapes in that form.
    if (cp < min || cp > 0x10FFFF) return invalid_code_point;
    length = need + 1;
    return cp;
}

bool is_white_space(char32_t cp) noexcept {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
}

/// One-character tokens: Han, Hiragana, Katakana, and the prolonged sound marks ICU calls Common.
bool is_cjk_token(char32_t cp) noexcept {
    if (cp < 0x2E80) return false;   // below the CJK radicals no character has one of these scripts
    if (cp == 0x30FC || cp == 0xFF70) return true;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(cp), &status);
    if (U_FAILURE(status)) return false;
    return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA;
}

/// `\w`: general category L*, M*, N* or Pc.
bool is_word(char32_t cp) noexcept {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
    switch (static_cast<UCharCategory>(u_charType(static_cast<UChar32>(cp)))) {
        case U_UPPERCASE_LETTER:
        case U_LOWERCASE_LETTER:
        case U_TITLECASE_LETTER:
        case U_MODIFIER_LETTER:
        case U_OTHER_LETTER:
        case U_NON_SPACING_MARK:
        case U_ENCLOSING_MARK:
        case U_COMBINING_SPACING_MARK:
        case U_DECIMAL_DIGIT_NUMBER:
        case U_LETTER_NUMBER:
        case U_OTHER_NUMBER:
        case U_CONNECTOR_PUNCTUATION:
            return true;
        default:
            return false;
    }
}

/// Calls emit(std::string_view token) for each token of text, in order.
template <class Emit>
void for_each_token(std::string_view text, Emit&& emit) {
    std::size_t run_start = 0;
    bool in_run = false;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        const char32_t cp = decode_utf8(text, i, length);
        const bool cjk = cp != invalid_code_point && is_cjk_token(cp);
        const bool word = !cjk && cp != invalid_code_point && is_word(cp);
        if (!word && in_run) {
            emit(text.substr(run_start, i - run_start));
            in_run = false;
        }
        if (cjk) {
            emit(text.substr(i, length));
        } else if (word && !in_run) {
            run_start = i;
            in_run = true;
        }
        i += length;
    }
    if (in_run) emit(text.substr(run_start));
}

/// Python's `re` `\w` in a str pattern: str.isalnum() (a letter, or a character with a numeric value) or
/// the underscore.
bool is_python_word(UChar32 cp) noexcept {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
    if ((U_MASK(u_charType(cp)) & U_GC_L_MASK) != 0) return true;
    return u_getNumericValue(cp) != U_NO_NUMERIC_VALUE;
}

/// The text lower-cased as Python's str.lower() does: full mappings, Final_Sigma, no locale tailoring.
icu::UnicodeString lowered(std::string_view text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    u.toLower(icu::Locale::getRoot());
    return u;
}

/// Calls emit(std::u16string_view word) for each maximal run of word characters of a lowered text.
template <class Emit>
void for_each_word(const icu::UnicodeString& text, Emit&& emit) {
    const std::u16string_view units(text.getBuffer(), static_cast<std::size_t>(text.length()));
    const auto length = static_cast<int32_t>(units.size());
    int32_t run_start = -1;
    for (int32_t i = 0; i < length;) {
        const int32_t at = i;
        const UChar32 cp = text.char32At(i);
        i += U16_LENGTH(cp);
        const bool word = is_python_word(cp);
        if (word && run_start < 0) {
            run_start = at;
        } else if (!word && run_start >= 0) {
            emit(units.substr(static_cast<std::size_t>(run_start), static_cast<std::size_t>(at - run_start)));
            run_start = -1;
        }
    }
    if (run_start >= 0) emit(units.substr(static_cast<std::size_t>(run_start)));
}

// A shingle is up to four token ids; a short text's single shingle pads the rest with `no_token`, so it can
// only equal a shingle of the same shorter length.
constexpr std::uint32_t no_token = std::numeric_limits<std::uint32_t>::max();
using shingle = std::array<std::uint32_t, 4>;

/// The sorted multiset of shingles of text; token ids come from (and extend) the shared dictionary.
std::vector<shingle> shingles_of(std::string_view text, std::unordered_map<std::string_view, std::uint32_t>& ids) {
    std::vector<std::uint32_t> tokens;
    for_each_token(text, [&](std::string_view token) {
        const auto [it, inserted] = ids.try_emplace(token, static_cast<std::uint32_t>(ids.size()));
        tokens.push_back(it->second);
    });
    std::vector<shingle> out;
    if (tokens.empty()) return out;
    if (tokens.size() < 4) {
        shingle s{no_token, no_token, no_token, no_token};
        std::copy(tokens.begin(), tokens.end(), s.begin());
        out.push_back(s);
        return out;
    }
    out.reserve(tokens.size() - 3);
    for (std::size_t i = 0; i + 4 <= tokens.size(); ++i)
        out.push_back({tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]});
    std::sort(out.begin(), out.end());
    return out;
}

/// Size of the multiset intersection of two sorted sequences.
std::size_t intersection_size(const std::vector<shingle>& a, const std::vector<shingle>& b) {
    std::size_t n = 0;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++n;
            ++i;
            ++j;
        }
    }
    return n;
}

std::size_t count_code_points(std::string_view s) noexcept {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
}

/// Reads `digits` decimal digits at s[i] (at least `min_digits`, at most `max_digits`), advancing i.
std::optional<int> read_number(std::string_view s, std::size_t& i, std::size_t min_digits, std::size_t max_digits) {
    std::size_t k = 0;
    int value = 0;
    while (k < max_digits && i + k < s.size() && s[i + k] >= '0' && s[i + k] <= '9') {
        value = value * 10 + (s[i + k] - '0');
        ++k;
    }
    if (k < min_digits) return std::nullopt;
    // A longer digit run is not a date part (a timestamp, an id).
    if (i + k < s.size() && s[i + k] >= '0' && s[i + k] <= '9') return std::nullopt;
    i += k;
    return value;
}

/// Skips one date separator at s[i]: - / . or 年 or 月 (UTF-8). False when there is none.
bool skip_separator(std::string_view s, std::size_t& i) {
    if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
        ++i;
        return true;
    }
    for (std::string_view sep : {std::string_view("\xE5\xB9\xB4"), std::string_view("\xE6\x9C\x88")}) {   // 年 月
        if (s.substr(i, sep.size()) == sep) {
            i += sep.size();
            return true;
        }
    }
    return false;
}

std::string two_digits(int v) {
    std::string out(2, '0');
    out[0] = static_cast<char>('0' + v / 10);
    out[1] = static_cast<char>('0' + v % 10);
    return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

double ratio(double numerator, double denominator) noexcept { return denominator > 0 ? numerator / denominator : 0.0; }

}  // namespace

std::string fold_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool in_space = false;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        const char32_t cp = decode_utf8(text, i, length);
        if (cp != invalid_code_point && is_white_space(cp)) {
            if (!in_space) out.push_back(' ');
            in_space = true;
        } else {
            out.append(text.substr(i, length));
            in_space = false;
        }
        i += length;
    }
    return out;
}

snippet_outcome score_snippets(std::string_view extraction, std::span<const std::string> with,
                               std::span<const std::string> without) {
    const std::string haystack = fold_whitespace(extraction);
    snippet_outcome out;
    for (const auto& snippet : with) {
        if (haystack.find(fold_whitespace(snippet)) != std::string::npos) {
            ++out.counts.tp;
        } else {
            ++out.counts.fn;
            out.missing_with.push_back(snippet);
        }
    }
    for (const auto& snippet : without) {
        if (haystack.find(fold_whitespace(snippet)) != std::string::npos) {
            ++out.counts.fp;
            out.found_without.push_back(snippet);
        } else {
            ++out.counts.tn;
        }
    }
    return out;
}

prf snippet_scores(const snippet_counts& counts) noexcept {
    const auto tp = static_cast<double>(counts.tp);
    const auto fp = static_cast<double>(counts.fp);
    const auto fn = static_cast<double>(counts.fn);
    return {ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn)};
}

std::vector<std::string> body_tokens(std::string_view text) {
    std::vector<std::string> out;
    for_each_token(text, [&](std::string_view token) { out.emplace_back(token); });
    return out;
}

body_outcome score_body(std::string_view extraction, std::string_view truth) {
    std::unordered_map<std::string_view, std::uint32_t> ids;
    const auto extracted = shingles_of(extraction, ids);
    const auto expected = shingles_of(truth, ids);

    body_outcome out;
    out.extracted_shingles = extracted.size();
    out.true_shingles = expected.size();
    if (extracted.empty() && expected.empty()) {
        out.scores = {1.0, 1.0, 1.0};
        return out;
    }
    out.matched = intersection_size(extracted, expected);
    const auto tp = static_cast<double>(out.matched);
    const auto fp = static_cast<double>(out.extracted_shingles - out.matched);
    const auto fn = static_cast<double>(out.true_shingles - out.matched);
    // Normalising by the sum makes every page weigh the same; it leaves P and R unchanged.
    const double sum = tp + fp + fn;
    out.tp = tp / sum;
    out.fp = fp / sum;
    out.fn = fn / sum;
    out.scores.precision = ratio(out.tp, out.tp + out.fp);
    out.scores.recall = ratio(out.tp, out.tp + out.fn);
    out.scores.f1 = harmonic_mean(out.scores.precision, out.scores.recall);
    return out;
}

prf mean_body_scores(std::span<const body_outcome> pages) noexcept {
    if (pages.empty()) return {};
    double precision = 0;
    double recall = 0;
    for (const auto& page : pages) {
        precision += page.scores.precision;
        recall += page.scores.recall;
    }
    const auto n = static_cast<double>(pages.size());
    precision /= n;
    recall /= n;
    return {precision, recall, harmonic_mean(precision, recall)};
}

std::vector<std::string> word_tokens(std::string_view text) {
    std::vector<std::string> out;
    for_each_word(lowered(text), [&](std::u16string_view word) {
        std::string utf8;
        icu::UnicodeString(false, word.data(), static_cast<int32_t>(word.size())).toUTF8String(utf8);
        out.push_back(std::move(utf8));
    });
    return out;
}

word_outcome score_words(std::string_view extraction, std::string_view truth) {
    const icu::UnicodeString extracted_text = lowered(extraction);
    const icu::UnicodeString true_text = lowered(truth);
    // Per distinct word: how often the extraction has it, and how often the truth.
    std::unordered_map<std::u16string_view, std::pair<std::size_t, std::size_t>> counts;
    word_outcome out;
    for_each_word(extracted_text, [&](std::u16string_view w) {
        ++counts[w].first;
        ++out.extracted_words;
    });
    for_each_word(true_text, [&](std::u16string_view w) {
        ++counts[w].second;
        ++out.true_words;
    });
    if (out.true_words == 0) {
        const double score = out.extracted_words == 0 ? 1.0 : 0.0;
        out.scores = {score, score, score};
        return out;
    }
    if (out.extracted_words == 0) return out;
    for (const auto& [word, n] : counts) out.matched += std::min(n.first, n.second);
    const auto matched = static_cast<double>(out.matched);
    out.scores.precision = matched / static_cast<double>(out.extracted_words);
    out.scores.recall = matched / static_cast<double>(out.true_words);
    out.scores.f1 = harmonic_mean(out.scores.precision, out.scores.recall);
    return out;
}

prf mean_word_scores(std::span<const word_outcome> pages) noexcept {
    if (pages.empty()) return {};
    prf sum;
    for (const auto& page : pages) {
        sum.precision += page.scores.precision;
        sum.recall += page.scores.recall;
        sum.f1 += page.scores.f1;
    }
    const auto n = static_cast<double>(pages.size());
    return {sum.precision / n, sum.recall / n, sum.f1 / n};
}

double harmonic_mean(double precision, double recall) noexcept {
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

std::string fold_for_comparison(std::string_view text) {
    std::string folded = fold_whitespace(text);
    const auto first = folded.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    folded = folded.substr(first, folded.find_last_not_of(' ') - first + 1);
    std::string out;
    icu::UnicodeString::fromUTF8(folded).foldCase().toUTF8String(out);
    return out;
}

bool title_matches(std::string_view extracted, std::string_view truth) {
    const std::string a = fold_for_comparison(extracted);
    const std::string b = fold_for_comparison(truth);
    if (a.empty() || b.empty()) return a == b && !a.empty();
    if (a == b) return true;
    const std::string& longer = a.size() >= b.size() ? a : b;
    const std::string& shorter = a.size() >= b.size() ? b : a;
    if (longer.find(shorter) == std::string::npos) return false;
    return 5 * count_code_points(shorter) >= 4 * count_code_points(longer);   // ratio ≥ 0.8, exactly
}

bool title_words_match(std::string_view extracted, std::string_view truth) {
    const auto joined = [](std::string_view text) {
        std::string out;
        for (const std::string& w : word_tokens(text)) {
            if (!out.empty()) out += ' ';
            out += w;
        }
        return out;
    };
    return title_matches(joined(extracted), joined(truth));
}

bool author_matches(std::span<const std::string> extracted, std::span<const std::string> truth) {
    for (const auto& e : extracted) {
        const std::string a = fold_for_comparison(e);
        if (count_code_points(a) < 2) continue;
        for (const auto& t : truth) {
            const std::string b = fold_for_comparison(t);
            if (count_code_points(b) < 2) continue;
            if (a.find(b) != std::string::npos || b.find(a) != std::string::npos) return true;
        }
    }
    return false;
}

std::string normalise_date(std::string_view date) {
    std::size_t i = date.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos) return {};
    const auto year = read_number(date, i, 4, 4);
    if (!year) return {};
    std::string out = std::to_string(*year);
    if (!skip_separator(date, i)) return out;
    const auto month = read_number(date, i, 1, 2);
    if (!month || *month < 1 || *month > 12) return out;
    out += '-';
    out += two_digits(*month);
    if (!skip_separator(date, i)) return out;
    const auto day = read_number(date, i, 1, 2);
    if (!day || *day < 1 || *day > 31) return out;
    out += '-';
    out += two_digits(*day);
    return out;
}

bool date_matches(std::string_view extracted, std::string_view truth) {
    const std::string t = normalise_date(truth);
    const std::string e = normalise_date(extracted);
    return !t.empty() && e.size() >= t.size() && e.compare(0, t.size(), t) == 0;
}

bool language_matches(std::string_view extracted, std::string_view truth) {
    const auto primary = [](std::string_view tag) {
        const auto trimmed_start = tag.find_first_not_of(' ');
        if (trimmed_start == std::string_view::npos) return std::string_view{};
        tag.remove_prefix(trimmed_start);
        return tag.substr(0, tag.find_first_of("-_ "));
    };
    const std::string_view a = primary(extracted);
    const std::string_view b = primary(truth);
    return !a.empty() && ascii_iequals(a, b);
}

}  // namespace winnow::quality
