// A fast 64-bit hash of a class or id string, for the small caches that remember what a page's repeated
// class strings say (the block builder's hints, the metadata collector's author and date hints).
//
// Eight bytes at a time: class strings run to hundreds of bytes on utility-class pages, and a byte-wise
// hash was a visible share of building the tree. The caches trust the hash without comparing strings, so
// it mixes every byte and the length.
//
//     const std::uint64_t h = winnow::detail::names_hash("card card--wide");
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace winnow::detail {

[[nodiscard]] inline std::uint64_t names_hash(std::string_view names) noexcept {
    constexpr std::uint64_t multiplier = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = 0x243F6A8885A308D3ull ^ (names.size() * multiplier);
    auto mix = [&h](std::uint64_t word) {
        h = (h ^ word) * multiplier;
        h ^= h >> 29;
    };
    std::size_t i = 0;
    for (; i + 8 <= names.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, names.data() + i, 8);
        mix(word);
    }
    if (i < names.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, names.data() + i, names.size() - i);
        mix(word);
    }
    h = (h ^ (h >> 32)) * multiplier;
    return h ^ (h >> 31);
}

}  // namespace winnow::detail
