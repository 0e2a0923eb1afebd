// Eight bytes at a time in a 64-bit word ("SIMD within a register"), for the tokenizer's short runs: tag and
// attribute names are a few bytes long, too short for a call into the vector scanner to pay, and a byte loop
// mispredicts its exit once per name. A word classifies eight bytes with a score of integer operations
// and no branch; the first byte outside the class is then found with one count of trailing zeros.
//
//   const std::uint64_t w = swar::load(p);                   // p[0] in the low byte, on any host
//   const unsigned n = swar::leading_members(swar::fast_name_bytes(w));   // 0..8 name bytes at p
//
// Masks mark a byte by its high bit (0x80); byte i of a word is p[i].
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace winnow::detail::swar {

inline constexpr std::uint64_t low_bits = 0x0101010101010101u;
inline constexpr std::uint64_t high_bits = 0x8080808080808080u;

[[nodiscard]] constexpr std::uint64_t broadcast(std::uint8_t byte) noexcept { return low_bits * byte; }

/// The eight bytes at p as a word with p[0] in its low byte (a plain load on little-endian hosts).
[[nodiscard]] inline std::uint64_t load(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    if constexpr (std::endian::native == std::endian::big) {
        std::uint64_t swapped = 0;
        for (int i = 0; i < 8; ++i) swapped |= ((w >> (8 * i)) & 0xffu) << (8 * (7 - i));
        w = swapped;
    }
    return w;
}

/// The bytes of w in [lo, hi] (ASCII bounds, lo <= hi <= 0x7f). Each byte's low seven bits x are added to a
/// constant that sets the high bit exactly when x >= lo (and another when x > hi); seven-bit sums never carry
/// into the next byte. `ascii` is w's bytes below 0x80 (high_bits & ~w), which no range holds otherwise.
[[nodiscard]] constexpr std::uint64_t in_range(std::uint64_t low7, std::uint64_t ascii, std::uint8_t lo,
                                               std::uint8_t hi) noexcept {
    const std::uint64_t at_least_lo = low7 + broadcast(static_cast<std::uint8_t>(0x80 - lo));
    const std::uint64_t above_hi = low7 + broadcast(static_cast<std::uint8_t>(0x7f - hi));
    return at_least_lo & ~above_hi & ascii;
}

/// The bytes of w that the tokenizer's tag fast path takes as they are in a name: a-z 0-9 - _ : .
/// (uppercase letters it lowercases byte by byte; NUL and everything else send a tag to the states).
[[nodiscard]] constexpr std::uint64_t fast_name_bytes(std::uint64_t w) noexcept {
    const std::uint64_t low7 = w & ~high_bits;
    const std::uint64_t ascii = ~w & high_bits;
    return in_range(low7, ascii, 'a', 'z') | in_range(low7, ascii, '0', ':') | in_range(low7, ascii, '-', '.') |
           in_range(low7, ascii, '_', '_');
}

/// How many bytes from the start of the word are in `mask` before the first that is not (8 if all are).
[[nodiscard]] constexpr unsigned leading_members(std::uint64_t mask) noexcept {
    const std::uint64_t outside = ~mask & high_bits;
    return outside == 0 ? 8u : static_cast<unsigned>(std::countr_zero(outside)) / 8u;
}

/// The first `count` bytes of w (count <= 8), the rest zero.
[[nodiscard]] constexpr std::uint64_t first_bytes(std::uint64_t w, unsigned count) noexcept {
    return count >= 8 ? w : w & ((std::uint64_t{1} << (8 * count)) - 1);
}

}  // namespace winnow::detail::swar
