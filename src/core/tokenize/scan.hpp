// Byte scanning for the tokenizer's hot loops: find the next byte of a small set ('<', '&', NUL, a quote...).
//
// Text runs between tags, attribute values, comments and scripts are scanned many bytes at a time with the
// widest SIMD the CPU has, chosen once at run time by Google Highway (SSE4, AVX2, AVX-512, NEON, ...; a
// portable fallback elsewhere). The scalar scanner is the byte-at-a-time reference: the tokenizer gives the
// same tokens with either, which the differential fuzzer checks.
//
//   const detail::scanner s = detail::make_scanner(scan_path::vector);
//   const char* stop = detail::find_any<'<', '&', '\0'>(s, p, end);   // first '<', '&' or NUL, or end
#pragma once

#include <cstddef>

#include "winnow/tokenizer.hpp"

namespace winnow::detail {

/// The scanning functions of one path. Each returns the first byte in [p, end) equal to one of its needles,
/// or end.
struct scanner {
    const char* (*find1)(const char* p, const char* end, char a) noexcept;
    const char* (*find2)(const char* p, const char* end, char a, char b) noexcept;
    const char* (*find3)(const char* p, const char* end, char a, char b, char c) noexcept;
};

/// The scanner of `path`: for scan_path::vector, the best the running CPU supports (asked once, then kept).
[[nodiscard]] scanner make_scanner(scan_path path) noexcept;

/// The name of the instruction set the vector scanner uses on this CPU ("AVX2", "AVX3", "SSE4", ...).
[[nodiscard]] const char* vector_scanner_target() noexcept;

/// The first byte in [p, end) equal to one of `needles`, or end. (Looking at the first bytes inline before
/// the call was measured: more instructions and no faster, since the scanner reads short runs 16 bytes at
/// a time anyway.)
template <char... needles>
[[nodiscard]] inline const char* find_any(const scanner& s, const char* p, const char* end) noexcept {
    static_assert(sizeof...(needles) >= 1 && sizeof...(needles) <= 3);
    if constexpr (sizeof...(needles) == 1) {
        return s.find1(p, end, needles...);
    } else if constexpr (sizeof...(needles) == 2) {
        return s.find2(p, end, needles...);
    } else {
        return s.find3(p, end, needles...);
    }
}

}  // namespace winnow::detail
