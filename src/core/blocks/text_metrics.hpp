// Script-aware measurements of a block's text: the numbers the classifier's rules are written in.
//
// Counting words by splitting on spaces fails for Chinese and Japanese, which have none, and inflates
// nothing else. Here a word is a run of letters and digits by Unicode properties (ICU), with the word-
// internal punctuation ICU's word-break rules allow ("don't", "3.14"); Han and Kana characters are weighted
// so that a Chinese paragraph scores like an English one of the same content (an English word carries about
// as much as 1.7 Han characters); scripts written without spaces and without ideographs (Thai, Lao, Khmer,
// Myanmar) are segmented with ICU's dictionary word breaker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace winnow::detail {

struct text_features {
    std::size_t chars = 0;          ///< code points other than whitespace
    std::size_t columns = 0;        ///< display width: East Asian wide and fullwidth characters count 2
    double words = 0;               ///< script-aware word count
    std::size_t cjk = 0;            ///< Han, Hiragana, Katakana and Hangul characters
    std::size_t punctuation = 0;    ///< Unicode P* characters
    std::size_t sentence_ends = 0;  ///< . ! ? 。 ！ ？ … and their kin, when they end a sentence
    std::size_t commas = 0;         ///< , ， 、 ; ； ：
    std::size_t digits = 0;
    std::size_t letters = 0;
};

/// Han, Hiragana, Katakana, Hangul, CJK punctuation and fullwidth forms: text where a line break in the
/// source is not a space (CSS Text 3, segment break transformation).
[[nodiscard]] bool is_cjk_like(char32_t c) noexcept;

/// Decodes one UTF-8 code point at text[i], advancing i; invalid bytes give U+FFFD.
[[nodiscard]] char32_t next_code_point(std::string_view text, std::size_t& i) noexcept;

/// The first and last code points of a text (0 when empty), for joining decisions.
[[nodiscard]] char32_t first_code_point(std::string_view text) noexcept;
[[nodiscard]] char32_t last_code_point(std::string_view text) noexcept;

class text_analyzer {
public:
    text_analyzer();
    ~text_analyzer();
    text_analyzer(text_analyzer&&) noexcept;
    text_analyzer& operator=(text_analyzer&&) noexcept;

    [[nodiscard]] text_features analyze(std::string_view utf8);

private:
    double dictionary_words(std::string_view utf8_run);
    struct icu_state;
    std::unique_ptr<icu_state> icu_;
};

/// Wrapped-line count of a text at 80 columns (boilerpipe's text density uses words per wrapped line).
[[nodiscard]] inline std::size_t wrapped_lines(std::size_t columns) noexcept { return columns == 0 ? 0 : (columns + 79) / 80; }

}  // namespace winnow::detail
