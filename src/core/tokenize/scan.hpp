// Byte scanning for the tokenizer's hot loops: find the next byte of a small set, 16 bytes at a time.
#pragma once

#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow::detail {

/// The first byte in [p, end) equal to one of `needles`, or end. Text runs between tags are long and the
/// set is small ('<', '&', NUL, ...), so comparing 16 bytes per step against each needle wins over
/// a byte loop by a wide margin; memchr would need one pass per needle.
template <char... needles>
[[nodiscard]] inline const char* find_any(const char* p, const char* end) noexcept {
    static_assert(sizeof...(needles) >= 1 && sizeof...(needles) <= 6);
#if defined(__SSE2__)
    while (end - p >= 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hits = (_mm_cmpeq_epi8(block, _mm_set1_epi8(needles)) | ...);
        if (const int mask = _mm_movemask_epi8(hits); mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    for (; p < end; ++p)
        if (((*p == needles) || ...)) return p;
    return end;
}

}  // namespace winnow::detail
