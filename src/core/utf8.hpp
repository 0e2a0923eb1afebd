// Writing UTF-8: the one encoder of code points every part of the core shares.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace winnow::detail {

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
