// Private helpers of the text recognisers: see text_signals_util.hpp.
#include "signals/text_signals_util.hpp"

#include <cstring>

#include <unicode/uchar.h>

#include "byte_lanes.hpp"

namespace winnow::signals::detail {
namespace {

using namespace std::string_view_literals;

// Base letters of U+00C0–U+017F, lowercase; '\0' marks the two symbols (× ÷) and the letters that fold to
// two ASCII letters (handled apart). Matching is accent-insensitive so that "A lire aussi" and
// "À lire aussi", "Dernieres" and "Dernières" read the same.
constexpr std::string_view latin_base =
    "aaaaaa\0ceeeeiiiidnooooo\0ouuuuyt\0"   // U+00C0–U+00DF (Æ ß: two letters; ×: symbol)
    "aaaaaa\0ceeeeiiiidnooooo\0ouuuuyty"    // U+00E0–U+00FF (æ: two letters; ÷: symbol)
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "ii" "jj" "kkk"   // U+0100–U+0137
    "llllllllll" "nnnnnnnnn" "oooooo" "\0\0" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu"    // U+0138–U+0173
    "ww" "yyy" "zzzzzz" "s"sv;                                                             // U+0174–U+017F (Œ œ: two letters)

static_assert(latin_base.size() == 0x180 - 0xC0);

}  // namespace

char32_t fold_code_point(char32_t c) noexcept {
    if (c < 0x80) return static_cast<char32_t>(ascii_lower(static_cast<char>(c)));
    if (c >= 0xFF01 && c <= 0xFF5E) return static_cast<char32_t>(ascii_lower(static_cast<char>(c - 0xFEE0)));
    if (c >= 0xC0 && c < 0x180) {
        const char base = latin_base[c - 0xC0];
        if (base != '\0') return static_cast<char32_t>(base);
    }
    return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

std::string_view trim(std::string_view s) noexcept {
    std::size_t b = 0;
    while (b < s.size()) {
        const auto cp = decode_at(s, b);
        if (!is_space(cp.value)) break;
        b += cp.length;
    }
    std::size_t e = s.size();
    while (e > b) {
        const std::size_t p = previous_start(s, e);
        if (!is_space(decode_at(s, p).value)) break;
        e = p;
    }
    return s.substr(b, e - b);
}

bool is_all_ascii(std::string_view s) noexcept {
    std::size_t i = 0;
    std::uint64_t any = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        any |= w;
    }
    for (; i < s.size(); ++i) any |= static_cast<unsigned char>(s[i]);
    return (any & 0x8080808080808080ULL) == 0;
}

std::size_t count_code_points(std::string_view s) noexcept {
    // Eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear, which (w & ~(w << 1)) keeps
    // in bit 7 of each byte.
    std::size_t continuation = 0;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        continuation += winnow::detail::high_bit_lanes((w & ~(w << 1)) & 0x8080808080808080ULL);
    }
    for (; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0u) == 0x80u) ++continuation;
    return s.size() - continuation;
}

bool is_letter(char32_t c) noexcept {
    if (c < 0x80) return is_ascii_alpha(static_cast<char>(c));
    if (is_han(c) || is_kana(c) || is_hangul(c)) return true;
    return u_isalpha(static_cast<UChar32>(c)) != 0;
}

bool is_punct_or_symbol(char32_t c) noexcept {
    if (c < 0x80) {
        const auto a = static_cast<char>(c);
        return c > 0x20 && c < 0x7F && !is_ascii_alpha(a) && !is_ascii_digit(a);
    }
    switch (u_charType(static_cast<UChar32>(c))) {
        case U_DASH_PUNCTUATION:
        case U_START_PUNCTUATION:
        case U_END_PUNCTUATION:
        case U_CONNECTOR_PUNCTUATION:
        case U_OTHER_PUNCTUATION:
        case U_INITIAL_PUNCTUATION:
        case U_FINAL_PUNCTUATION:
        case U_MATH_SYMBOL:
        case U_CURRENCY_SYMBOL:
        case U_MODIFIER_SYMBOL:
        case U_OTHER_SYMBOL:
            return true;
        default:
            return false;
    }
}

void append_folded(std::string& out, std::string_view s, std::size_t cap) {
    bool pending = false;
    const bool at_start = out.empty();
    bool any = !at_start;
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_at(s, i);
        if (is_space(cp.value) || cp.value == 0) {
            pending = true;
            i += cp.length;
            continue;
        }
        if (pending && any) {
            if (out.size() >= cap) return;
            out.push_back(' ');
        }
        pending = false;
        if (out.size() + cp.length > cap) return;
        if (cp.value == 0xFFFD && cp.length == 1) out.append("\xEF\xBF\xBD");   // keep the output valid UTF-8
        else out.append(s.substr(i, cp.length));
        any = true;
        i += cp.length;
    }
    // A trailing space is not written; a following call adds the separating space itself when its text
    // starts with white space. Callers folding several runs pass them in order.
    if (pending && any && out.size() < cap) out.push_back(' ');
}

void folded_key::put_ascii(char c) noexcept {
    if (is_ascii_alpha(c) || is_ascii_digit(c)) {
        if (pending_space_ && size_ > 0) data_[size_++] = ' ';
        pending_space_ = false;
        data_[size_++] = ascii_lower(c);
    } else {
        pending_space_ = true;
    }
}

void folded_key::put(char32_t cp) noexcept {
    if (size_ >= capacity) {
        overflow_ = true;
        return;
    }
    if (cp < 0x80) return put_ascii(static_cast<char>(cp));
    if (cp >= 0xFF01 && cp <= 0xFF5E) return put_ascii(static_cast<char>(cp - 0xFEE0));   // full-width ASCII
    if (is_space(cp)) {
        pending_space_ = true;
        return;
    }
    if (cp >= 0xC0 && cp < 0x180) {
        const char base = latin_base[cp - 0xC0];
        if (base != '\0') return put_ascii(base);
        switch (cp) {
            case 0xC6: case 0xE6: put_ascii('a'); return put_ascii('e');
            case 0xDF: put_ascii('s'); return put_ascii('s');
            case 0x152: case 0x153: put_ascii('o'); return put_ascii('e');
            default: pending_space_ = true; return;   // × ÷
        }
    }
    if (is_cjk(cp)) {   // the common non-ASCII case: letters without case, no ICU call needed
        if (pending_space_ && size_ > 0) data_[size_++] = ' ';
        pending_space_ = false;
        size_ += encode_utf8(cp, data_.data() + size_);
        return;
    }
    const auto type = u_charType(static_cast<UChar32>(cp));
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return;   // accents in NFD, ZWJ
    if (is_punct_or_symbol(cp) || type == U_CONTROL_CHAR) {
        pending_space_ = true;
        return;
    }
    const auto folded = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
    if (pending_space_ && size_ > 0) data_[size_++] = ' ';
    pending_space_ = false;
    size_ += encode_utf8(folded, data_.data() + size_);
}

bool folded_key::build(std::string_view text) noexcept {
    size_ = 0;
    pending_space_ = false;
    overflow_ = false;
    for (std::size_t i = 0; i < text.size() && !overflow_;) {
        const auto cp = decode_at(text, i);
        put(cp.value);
        i += cp.length;
    }
    return !overflow_;
}

std::size_t count_words(std::string_view key) noexcept {
    std::size_t n = 0;
    word_iterator it(key);
    while (!it.next().empty()) ++n;
    return n;
}

bool contains_words(std::string_view key, std::string_view phrase) noexcept {
    if (phrase.empty()) return false;
    const bool cjk = static_cast<unsigned char>(phrase[0]) >= 0x80;
    for (std::size_t pos = key.find(phrase); pos != std::string_view::npos; pos = key.find(phrase, pos + 1)) {
        if (cjk) return true;
        const bool left = pos == 0 || key[pos - 1] == ' ';
        const std::size_t end = pos + phrase.size();
        const bool right = end == key.size() || key[end] == ' ';
        if (left && right) return true;
    }
    return false;
}

bool looks_like_url_or_email(std::string_view s) noexcept {
    if (s.find("://") != std::string_view::npos || istarts_with_ascii(s, "www.") ||
        s.find("/author/") != std::string_view::npos || istarts_with_ascii(s, "mailto:"))
        return true;
    const std::size_t at = s.find('@');
    if (at != std::string_view::npos && at > 0) {
        const std::size_t dot = s.find('.', at);
        if (dot != std::string_view::npos && dot + 1 < s.size()) return true;
    }
    // A domain as a name: "jungefreiheit.de", "stol.it" (one token whose last label is a short lowercase TLD).
    if (s.find(' ') == std::string_view::npos) {
        const std::size_t dot = s.rfind('.');
        if (dot != std::string_view::npos && dot > 0 && (is_ascii_alpha(s[dot - 1]) || is_ascii_digit(s[dot - 1]))) {
            const std::string_view tld = s.substr(dot + 1);
            bool lower = tld.size() >= 2 && tld.size() <= 6;
            for (const char c : tld) lower = lower && is_ascii_lower(c);
            if (lower) return true;
        }
    }
    // A bare host name: "example.com/author/x", "twitter.com/handle".
    const std::size_t slash = s.find('/');
    if (slash != std::string_view::npos && slash > 0 && s.substr(0, slash).find('.') != std::string_view::npos &&
        s.find(' ') == std::string_view::npos)
        return true;
    return false;
}

}  // namespace winnow::signals::detail
