// The tag table's hash and its lookup for a name already read: the tokenizer's fast path classifies a tag
// name eight bytes at a time (swar.hpp) and hashes it from the same words, so a lowercase name is walked
// once (a name in mixed case, or cut by the end of the input at hand, is hashed again from its string).
//
//     std::uint32_t h = detail::tag_hash_words(first_eight_bytes, next_eight_bytes);  // zero past the name
//     tag_id id = detail::lookup_tag_hashed(name, h);   // == lookup_tag(name)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "winnow/tag.hpp"

namespace winnow::detail {

/// The seed scripts/gen/tags.py chose for the table (tag.cpp checks it against the generated one).
inline constexpr std::uint64_t tag_hash_seed = 32;

/// The longest name the table holds; longer names are unknown tags, whatever their hash.
inline constexpr std::size_t longest_tag_name = 16;

/// The hash of a name of at most 16 bytes given as two words, byte i of the name in byte i (from the low end)
/// of `first` for i < 8, of `second` for the rest, zero past the name's end. Must match slot() in
/// scripts/gen/tags.py. Two multiplications instead of one per byte, and no loop.
[[nodiscard]] constexpr std::uint32_t tag_hash_words(std::uint64_t first, std::uint64_t second) noexcept {
    const std::uint64_t mixed = ((first * 0x9E3779B97F4A7C15u) ^ second ^ tag_hash_seed) * 0xC2B2AE3D27D4EB4Fu;
    return static_cast<std::uint32_t>(mixed >> 32);
}

/// tag_hash_words of a name as a string (its first 16 bytes).
[[nodiscard]] constexpr std::uint32_t tag_hash(std::string_view name) noexcept {
    std::uint64_t words[2] = {0, 0};
    for (std::size_t i = 0; i < name.size() && i < longest_tag_name; ++i)
        words[i / 8] |= std::uint64_t{static_cast<unsigned char>(name[i])} << (8 * (i % 8));
    return tag_hash_words(words[0], words[1]);
}

/// lookup_tag(lowercase_name), given the name's hash from tag_hash_words.
[[nodiscard]] tag_id lookup_tag_hashed(std::string_view lowercase_name, std::uint32_t hash) noexcept;

}  // namespace winnow::detail
