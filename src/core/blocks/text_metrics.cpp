#include "blocks/text_metrics.hpp"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include <array>
#include <cstdint>
#include <string>

#include "utf8.hpp"

namespace winnow::detail {
namespace {

// An English word carries about as much content as 1.7 Han characters (and Kana, which spell grammar and
// loanwords, a little less); these weights make a Chinese paragraph's word count comparable.
constexpr double han_word_weight = 1.0 / 1.7;
constexpr double kana_word_weight = 1.0 / 2.0;

bool is_han_or_kana(char32_t c, UScriptCode& script) noexcept {
    UErrorCode status = U_ZERO_ERROR;
    script = uscript_getScript(static_cast<UChar32>(c), &status);
    return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA;
}

bool needs_dictionary(UScriptCode script) noexcept {
    return script == USCRIPT_THAI || script == USCRIPT_LAO || script == USCRIPT_KHMER || script == USCRIPT_MYANMAR;
}

bool is_sentence_end(char32_t c) noexcept {
    switch (c) {
        case U'.': case U'!': case U'?': case U'\u3002': case U'\uFF01': case U'\uFF1F': case U'\u2026':
        case U'\uFF0E': case U'\u061F': case U'\u0964': case U'\u203C': case U'\u2047': case U'\u2048':
        case U'\u2049':
            return true;
        default:
            return false;
    }
}

bool is_comma_like(char32_t c) noexcept {
    switch (c) {
        case U',': case U';': case U':': case U'\uFF0C': case U'\u3001': case U'\uFF1B': case U'\uFF1A':
        case U'\u060C':
            return true;
        default:
            return false;
    }
}

bool is_wide(char32_t c) noexcept {
    if (c < 0x1100) return false;
    const auto width = static_cast<UEastAsianWidth>(u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_EAST_ASIAN_WIDTH));
    return width == U_EA_WIDE || width == U_EA_FULLWIDTH;
}

/// What analyze() needs to know of an ASCII byte, in one lookup (bytes above 0x7F have none of these).
enum ascii_kind : std::uint8_t {
    ascii_space = 1,      ///< white space: ends a word
    ascii_digit = 2,
    ascii_letter = 4,
    ascii_joiner = 8,     ///< ' . , : _ between two alphanumerics keep one word (ICU MidLetter/MidNum)
    ascii_counted = 16,   ///< punctuation that counts ('_' and the math and currency symbols do not)
    ascii_sentence = 32,  ///< . ! ?
    ascii_comma = 64,     ///< , ; :
};

constexpr std::array<std::uint8_t, 256> ascii_kinds = [] {
    std::array<std::uint8_t, 256> kinds{};
    for (int c = 0; c < 0x80; ++c) {
        std::uint8_t k = 0;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            k = ascii_space;
        } else if (c >= '0' && c <= '9') {
            k = ascii_digit;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            k = ascii_letter;
        } else {
            if (c == '\'' || c == '.' || c == ',' || c == ':' || c == '_') k |= ascii_joiner;
            if (c != '_' && c != '$' && c != '+' && c != '<' && c != '=' && c != '>' && c != '^' && c != '`' &&
                c != '|' && c != '~')
                k |= ascii_counted;
            if (c == '.' || c == '!' || c == '?') k |= ascii_sentence;
            if (c == ',' || c == ';' || c == ':') k |= ascii_comma;
        }
        kinds[static_cast<std::size_t>(c)] = k;
    }
    return kinds;
}();

}  // namespace

bool is_cjk_like(char32_t c) noexcept {
    if (c < 0x2E80) return false;
    if (c >= 0x3000 && c <= 0x30FF) return true;    // CJK punctuation, Hiragana, Katakana
    if (c >= 0x3400 && c <= 0x9FFF) return true;    // CJK ideographs
    if (c >= 0xAC00 && c <= 0xD7AF) return true;    // Hangul syllables
    if (c >= 0xFF00 && c <= 0xFFEF) return true;    // fullwidth forms
    if (c >= 0xF900 && c <= 0xFAFF) return true;    // compatibility ideographs
    if (c >= 0x20000 && c <= 0x3FFFF) return true;  // supplementary ideographs
    return c >= 0x2E80 && c <= 0x2FDF;               // radicals
}

char32_t next_code_point(std::string_view text, std::size_t& i) noexcept {
    const auto cp = decode_at(text, i);
    i += cp.length;
    return cp.value;
}

char32_t first_code_point(std::string_view text) noexcept {
    std::size_t i = 0;
    return text.empty() ? 0 : next_code_point(text, i);
}

char32_t last_code_point(std::string_view text) noexcept {
    if (text.empty()) return 0;
    return decode_at(text, previous_start(text, text.size())).value;
}

struct text_analyzer::icu_state {
    UBreakIterator* words = nullptr;
    ~icu_state() {
        if (words) ubrk_close(words);
    }
};

text_analyzer::text_analyzer() : icu_(std::make_unique<icu_state>()) {}
text_analyzer::~text_analyzer() = default;
text_analyzer::text_analyzer(text_analyzer&&) noexcept = default;
text_analyzer& text_analyzer::operator=(text_analyzer&&) noexcept = default;

double text_analyzer::dictionary_words(std::string_view run) {
    UErrorCode status = U_ZERO_ERROR;
    if (!icu_->words) {
        icu_->words = ubrk_open(UBRK_WORD, "", nullptr, 0, &status);
        if (U_FAILURE(status)) {
            icu_->words = nullptr;
            return static_cast<double>(run.size()) / 9.0;  // ~3 code points of 3 bytes per word
        }
    }
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, run.data(), static_cast<int64_t>(run.size()), &status);
    ubrk_setUText(icu_->words, &text, &status);
    double words = 0;
    if (U_SUCCESS(status)) {
        for (int32_t end = ubrk_next(icu_->words); end != UBRK_DONE; end = ubrk_next(icu_->words))
            if (ubrk_getRuleStatus(icu_->words) >= UBRK_WORD_LETTER) words += 1;
    }
    utext_close(&text);
    return words;
}

namespace {

/// analyze() over the run of ASCII bytes from `i`, outside a dictionary run (where no ASCII byte ends
/// anything that needs ICU): the same counts as the code point loop, a table lookup a byte. Returns where
/// the run ends.
std::size_t analyze_ascii_run(std::string_view text, std::size_t i, text_features& f, bool& in_word) noexcept {
    constexpr std::uint8_t alnum = ascii_digit | ascii_letter;
    const std::size_t n = text.size();
    text_features c = f;
    bool word = in_word;
    while (i < n) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b >= 0x80) break;
        const std::uint8_t k = ascii_kinds[b];
        ++i;
        if ((k & ascii_space) != 0) {
            word = false;
            continue;
        }
        ++c.chars;
        ++c.columns;
        if ((k & alnum) != 0) {
            if (!word) c.words += 1;
            word = true;
            if ((k & ascii_digit) != 0) ++c.digits;
            else ++c.letters;
            continue;
        }
        const bool joins = (k & ascii_joiner) != 0 && word && i < n &&
                           (ascii_kinds[static_cast<unsigned char>(text[i])] & alnum) != 0;
        if (!joins) word = false;
        if ((k & ascii_counted) != 0) {
            ++c.punctuation;
            if ((k & ascii_sentence) != 0 && !(b == '.' && joins)) ++c.sentence_ends;
            if ((k & ascii_comma) != 0 && !joins) ++c.commas;
        }
    }
    f = c;
    in_word = word;
    return i;
}

}  // namespace

text_features text_analyzer::analyze(std::string_view text) {
    text_features f;
    bool in_word = false;
    std::size_t dictionary_run_start = std::string::npos;
    std::size_t i = 0;
    auto end_dictionary_run = [&](std::size_t at) {
        if (dictionary_run_start == std::string::npos) return;
        f.words += dictionary_words(text.substr(dictionary_run_start, at - dictionary_run_start));
        dictionary_run_start = std::string::npos;
    };
    while (i < text.size()) {
        if (dictionary_run_start == std::string::npos && static_cast<unsigned char>(text[i]) < 0x80) {
            i = analyze_ascii_run(text, i, f, in_word);
            continue;
        }
        const std::size_t at = i;
        const char32_t c = next_code_point(text, i);
        if (c < 0x80) {
            // ASCII fast path.
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
                in_word = false;
                end_dictionary_run(at);
                continue;
            }
            ++f.chars;
            ++f.columns;
            const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (alnum) {
                end_dictionary_run(at);
                if (!in_word) f.words += 1;
                in_word = true;
                if (c <= '9') ++f.digits; else ++f.letters;
            } else {
                // ICU word-break MidLetter/MidNum: "don't", "3.14", "e.g" stay one word.
                const bool joins = (c == '\'' || c == '.' || c == ',' || c == ':' || c == '_') && in_word && i < text.size() &&
                                   ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                                    (text[i] >= '0' && text[i] <= '9'));
                if (!joins) in_word = false;
                if (c != '_' && c != '$' && c != '+' && c != '<' && c != '=' && c != '>' && c != '^' && c != '`' &&
                    c != '|' && c != '~') {
                    ++f.punctuation;
                    if (is_sentence_end(c) && !(c == '.' && joins)) ++f.sentence_ends;
                    if (is_comma_like(c) && !joins) ++f.commas;
                }
            }
            continue;
        }
        // The bulk of CJK text, known without asking ICU: unified ideographs, kana, Hangul syllables.
        if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3041 && c <= 0x3096) ||
            (c >= 0x30A1 && c <= 0x30FA)) {
            end_dictionary_run(at);
            in_word = false;
            ++f.chars;
            f.columns += 2;
            ++f.cjk;
            ++f.letters;
            f.words += c >= 0x3400 ? han_word_weight : kana_word_weight;
            continue;
        }
        if (c >= 0xAC00 && c <= 0xD7A3) {
            end_dictionary_run(at);
            ++f.chars;
            f.columns += 2;
            ++f.cjk;
            ++f.letters;
            if (!in_word) f.words += 1;  // Korean is written with spaces between words
            in_word = true;
            continue;
        }
        const auto category = static_cast<UCharCategory>(u_charType(static_cast<UChar32>(c)));
        if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
            in_word = false;
            end_dictionary_run(at);
            continue;
        }
        ++f.chars;
        f.columns += is_wide(c) ? 2u : 1u;
        UScriptCode script = USCRIPT_COMMON;
        if (is_han_or_kana(c, script)) {
            end_dictionary_run(at);
            in_word = false;
            ++f.cjk;
            ++f.letters;
            f.words += script == USCRIPT_HAN ? han_word_weight : kana_word_weight;
        } else if (category == U_UPPERCASE_LETTER || category == U_LOWERCASE_LETTER || category == U_TITLECASE_LETTER ||
                   category == U_MODIFIER_LETTER || category == U_OTHER_LETTER || category == U_DECIMAL_DIGIT_NUMBER ||
                   category == U_NON_SPACING_MARK || category == U_COMBINING_SPACING_MARK) {
            if (category == U_DECIMAL_DIGIT_NUMBER) ++f.digits; else ++f.letters;
            if (c >= 0xAC00 && c <= 0xD7AF) ++f.cjk;
            if (needs_dictionary(script)) {
                in_word = false;
                if (dictionary_run_start == std::string::npos) dictionary_run_start = at;
            } else {
                end_dictionary_run(at);
                if (!in_word && category != U_NON_SPACING_MARK && category != U_COMBINING_SPACING_MARK) f.words += 1;
                in_word = true;
            }
        } else {
            end_dictionary_run(at);
            if (category >= U_DASH_PUNCTUATION && category <= U_OTHER_PUNCTUATION) {
                ++f.punctuation;
                if (is_sentence_end(c)) ++f.sentence_ends;
                if (is_comma_like(c)) ++f.commas;
                // Word-internal apostrophes and hyphens (’, ‐) keep a Latin word whole.
                if (!((c == U'\u2019' || c == U'\u2010') && in_word)) in_word = false;
            } else if (category == U_INITIAL_PUNCTUATION || category == U_FINAL_PUNCTUATION) {
                ++f.punctuation;
                if (!(c == U'\u2019' && in_word)) in_word = false;
            } else {
                in_word = false;
            }
        }
    }
    end_dictionary_run(text.size());
    return f;
}

}  // namespace winnow::detail
