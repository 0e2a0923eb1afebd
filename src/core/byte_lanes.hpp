// Eight bytes at a time: the word-wide tests the scanners of the core share (SWAR, "SIMD within a
// register"), for loops whose runs are too short for the Highway scanners to pay.
//
//     std::uint64_t w = detail::load_lanes(p);
//     if (!detail::any_lane_below(w, 0x20) && !detail::any_lane_equal(w, '"')) p += 8;   // nothing to escape
#pragma once

#include <cstdint>
#include <cstring>

namespace winnow::detail {

inline constexpr std::uint64_t lane_ones = 0x0101010101010101ull;
inline constexpr std::uint64_t lane_highs = 0x8080808080808080ull;

/// The eight bytes at p as one word (memcpy: no alignment or aliasing concerns; one load).
[[nodiscard]] inline std::uint64_t load_lanes(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

/// Whether some byte of w is below n (n at most 0x80). Exact as an answer for the word, though the lanes it
/// marks past the first hit may be wrong.
[[nodiscard]] constexpr bool any_lane_below(std::uint64_t w, unsigned n) noexcept {
    return ((w - lane_ones * n) & ~w & lane_highs) != 0;
}

/// Whether some byte of w equals b.
[[nodiscard]] constexpr bool any_lane_equal(std::uint64_t w, unsigned char b) noexcept {
    return any_lane_below(w ^ (lane_ones * b), 1);
}

/// How many bytes of `w` have bit 7 set, where no other bit is set (a mask of byte lanes, as the SWAR
/// scans build them). std::popcount is a library call on baseline x86-64, which has no POPCNT; the lanes'
/// bits are summed by one multiply instead (at most 8, so the top byte holds the sum).
[[nodiscard]] constexpr unsigned high_bit_lanes(std::uint64_t w) noexcept {
    return static_cast<unsigned>(((w >> 7) * lane_ones) >> 56);
}

static_assert(high_bit_lanes(0) == 0 && high_bit_lanes(lane_highs) == 8 && high_bit_lanes(0x80000080ull) == 2);
static_assert(any_lane_below(0x2020201F20202020ull, 0x20) && !any_lane_below(0x2020202020202020ull, 0x20));
static_assert(any_lane_equal(0x41414122414141ull, '"') && !any_lane_equal(0x4141414141414141ull, '"'));

}  // namespace winnow::detail
