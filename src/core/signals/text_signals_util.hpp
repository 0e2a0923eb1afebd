// Private helpers of the text recognisers (text_signals*.cpp, metadata.cpp): UTF-8 stepping, script
// classes, and the folded "key" form of a short text that the phrase tables are matched against.
//
// Everything here works on caller-owned or fixed-size stack buffers: the recognisers run on every short
// block of every page, so they must not allocate.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "utf8.hpp"

namespace winnow::signals::detail {

using winnow::detail::append_utf8;
using winnow::detail::code_point;
using winnow::detail::decode_at;
using winnow::detail::previous_start;
using winnow::detail::encode_utf8;

[[nodiscard]] constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_ascii_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
[[nodiscard]] constexpr bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
[[nodiscard]] constexpr bool is_ascii_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
[[nodiscard]] constexpr bool is_ascii_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
    return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

/// White space as page text uses it: ASCII, NBSP, the ideographic space, the general-punctuation spaces.
[[nodiscard]] constexpr bool is_space(char32_t c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 ||
           c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

[[nodiscard]] constexpr bool is_han(char32_t c) noexcept {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FA1F) || c == 0x3007;
}
[[nodiscard]] constexpr bool is_kana(char32_t c) noexcept {
    return (c >= 0x3041 && c <= 0x30FF && c != 0x30FB) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0xFF66 && c <= 0xFF9F);
}
[[nodiscard]] constexpr bool is_hangul(char32_t c) noexcept {
    return (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F);
}
[[nodiscard]] constexpr bool is_cjk(char32_t c) noexcept { return is_han(c) || is_kana(c) || is_hangul(c); }

[[nodiscard]] constexpr bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}
[[nodiscard]] constexpr bool istarts_with_ascii(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals_ascii(s.substr(0, prefix.size()), prefix);
}
/// ASCII case-insensitive search; `needle` must be lowercase.
[[nodiscard]] constexpr std::size_t ifind_ascii(std::string_view hay, std::string_view needle,
                                                std::size_t from = 0) noexcept {
    if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
    if (hay.size() < needle.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
        if (ascii_lower(hay[i]) != needle[0]) continue;
        std::size_t k = 1;
        while (k < needle.size() && ascii_lower(hay[i + k]) == needle[k]) ++k;
        if (k == needle.size()) return i;
    }
    return std::string_view::npos;
}

/// One code point folded as keys fold it (lowercase, Latin accents removed, full-width ASCII made ASCII),
/// for letters that fold to one code point; others get ICU's simple case folding.
[[nodiscard]] char32_t fold_code_point(char32_t c) noexcept;
/// Trims Unicode white space from both ends.
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;
/// True when s has no byte above 0x7F (eight bytes at a time): lets recognisers skip their CJK passes.
[[nodiscard]] bool is_all_ascii(std::string_view s) noexcept;
/// Code points in s (counting malformed bytes one each).
[[nodiscard]] std::size_t count_code_points(std::string_view s) noexcept;
/// Letters per Unicode (ASCII fast path; ICU for the rest).
[[nodiscard]] bool is_letter(char32_t c) noexcept;
/// Punctuation or symbol per Unicode (ASCII fast path; ICU for the rest).
[[nodiscard]] bool is_punct_or_symbol(char32_t c) noexcept;
/// Appends s with every run of white space folded to one ASCII space and the ends trimmed. Stops adding
/// once out reaches `cap` bytes (cut at a code point boundary), so a hostile page cannot grow it.
void append_folded(std::string& out, std::string_view s, std::size_t cap);

/// The folded form of a short text: letters case-folded (ICU simple folding) with Latin accents removed
/// ("À lire" → "a lire", "Straße" → "strasse"), full-width ASCII made ASCII, and every run of white space,
/// punctuation and symbols turned into one ASCII space, trimmed. Phrase tables are written in this form,
/// so "» Lesen Sie auch:" and "LESEN SIE AUCH" both read "lesen sie auch".
class folded_key {
public:
    static constexpr std::size_t capacity = 640;

    /// Builds the key of `text`; false when it does not fit (the text is then too long to be a heading).
    bool build(std::string_view text) noexcept;
    [[nodiscard]] std::string_view view() const noexcept { return {data_.data(), size_}; }

private:
    void put(char32_t cp) noexcept;
    void put_ascii(char c) noexcept;

    std::array<char, capacity + 8> data_;   // written before read: keys are built on every short block, skip the zero fill
    std::size_t size_ = 0;
    bool pending_space_ = false;
    bool overflow_ = false;
};

/// Words of a folded key, split at spaces.
class word_iterator {
public:
    explicit word_iterator(std::string_view key) noexcept : key_(key) {}
    /// The next word, or an empty view at the end.
    std::string_view next() noexcept {
        while (pos_ < key_.size() && key_[pos_] == ' ') ++pos_;
        const std::size_t start = pos_;
        while (pos_ < key_.size() && key_[pos_] != ' ') ++pos_;
        return key_.substr(start, pos_ - start);
    }

private:
    std::string_view key_;
    std::size_t pos_ = 0;
};

[[nodiscard]] std::size_t count_words(std::string_view key) noexcept;

/// key == phrase, or key starts with phrase followed by a space (a whole-word prefix).
[[nodiscard]] constexpr bool starts_with_words(std::string_view key, std::string_view phrase) noexcept {
    return key.size() >= phrase.size() && (phrase.empty() || key[0] == phrase[0]) &&
           key.substr(0, phrase.size()) == phrase &&
           (key.size() == phrase.size() || key[phrase.size()] == ' ');
}
/// key ends with phrase preceded by a space (or is phrase).
[[nodiscard]] constexpr bool ends_with_words(std::string_view key, std::string_view phrase) noexcept {
    return key.size() >= phrase.size() && key.substr(key.size() - phrase.size()) == phrase &&
           (key.size() == phrase.size() || key[key.size() - phrase.size() - 1] == ' ');
}
/// phrase occurs in key on word boundaries. CJK phrases (non-ASCII first byte) match anywhere, since
/// those scripts do not separate words.
[[nodiscard]] bool contains_words(std::string_view key, std::string_view phrase) noexcept;

/// True when s holds an e-mail address or a URL; names never do.
[[nodiscard]] bool looks_like_url_or_email(std::string_view s) noexcept;

}  // namespace winnow::signals::detail
