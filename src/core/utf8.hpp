// Writing UTF-8: the one encoder of code points every part of the core shares.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace winnow::detail {

struct code_point {
    char32_t value = 0;
    std::uint32_t length = 1;   ///< bytes consumed (at least 1, so a loop always advances)
};

/// Decodes the code point at s[i] (i < s.size()). Malformed sequences (overlongs, surrogates, truncations)
/// read as U+FFFD of length 1, so broken input never stalls or over-reads. constexpr, so that tables of
/// literals can be decoded at compile time too.
[[nodiscard]] constexpr code_point decode_multibyte(std::string_view s, std::size_t i) noexcept;
[[nodiscard]] constexpr code_point decode_at(std::string_view s, std::size_t i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {b0, 1};   // ASCII first, so that this stays small enough to inline everywhere
    return decode_multibyte(s, i);
}
[[nodiscard]] constexpr code_point decode_multibyte(std::string_view s, std::size_t i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const std::size_t left = s.size() - i;
    auto cont = [&](std::size_t k) noexcept -> std::uint32_t {
        return static_cast<unsigned char>(s[i + k]) & 0x3Fu;
    };
    auto is_cont = [&](std::size_t k) noexcept { return (static_cast<unsigned char>(s[i + k]) & 0xC0u) == 0x80u; };
    if (b0 >= 0xC2 && b0 <= 0xDF && left >= 2 && is_cont(1))
        return {static_cast<char32_t>(((b0 & 0x1Fu) << 6) | cont(1)), 2};
    if (b0 >= 0xE0 && b0 <= 0xEF && left >= 3 && is_cont(1) && is_cont(2)) {
        const std::uint32_t cp = ((b0 & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return {static_cast<char32_t>(cp), 3};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4 && left >= 4 && is_cont(1) && is_cont(2) && is_cont(3)) {
        const std::uint32_t cp = ((b0 & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
        if (cp >= 0x10000 && cp <= 0x10FFFF) return {static_cast<char32_t>(cp), 4};
    }
    return {0xFFFD, 1};
}

/// The start of the code point that ends just before s[i] (i > 0).
[[nodiscard]] constexpr std::size_t previous_start(std::string_view s, std::size_t i) noexcept {
    std::size_t j = i - 1;
    while (j > 0 && i - j < 4 && (static_cast<unsigned char>(s[j]) & 0xC0u) == 0x80u) --j;
    return j;
}

/// The first max_bytes bytes of s, or a little fewer so that the cut splits no UTF-8 sequence. It steps
/// back at most three bytes, so stray continuation bytes in undecoded input cannot make it walk far.
[[nodiscard]] constexpr std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept {
    if (s.size() <= max_bytes) return s;
    std::size_t cut = max_bytes;
    for (int back = 0; back < 3 && cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0u) == 0x80u; ++back) --cut;
    return s.substr(0, cut);
}

/// Writes cp as UTF-8 into out (room for 4 bytes) and returns the byte count. Surrogates are written in
/// their 3-byte generalised form; callers that must not produce them replace them first.
inline std::size_t encode_utf8(char32_t cp, char* out) noexcept {
    const auto c = static_cast<std::uint32_t>(cp);
    if (c < 0x80) {
        out[0] = static_cast<char>(c);
        return 1;
    }
    if (c < 0x800) {
        out[0] = static_cast<char>(0xC0u | (c >> 6));
        out[1] = static_cast<char>(0x80u | (c & 0x3Fu));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = static_cast<char>(0xE0u | (c >> 12));
        out[1] = static_cast<char>(0x80u | ((c >> 6) & 0x3Fu));
        out[2] = static_cast<char>(0x80u | (c & 0x3Fu));
        return 3;
    }
    out[0] = static_cast<char>(0xF0u | (c >> 18));
    out[1] = static_cast<char>(0x80u | ((c >> 12) & 0x3Fu));
    out[2] = static_cast<char>(0x80u | ((c >> 6) & 0x3Fu));
    out[3] = static_cast<char>(0x80u | (c & 0x3Fu));
    return 4;
}

inline void append_utf8(std::string& out, char32_t cp) {
    char buf[4];
    out.append(buf, encode_utf8(cp, buf));
}

}  // namespace winnow::detail
