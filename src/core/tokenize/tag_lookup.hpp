// The tag table's lookup for a name whose hash was taken while it was read: the tokenizer's fast path
// hashes a tag name in the same loop that finds its end, so the name is walked once, not twice.
//
//     std::uint32_t h = detail::tag_hash_start;
//     for (char c : name) h = detail::tag_hash_step(h, c);
//     tag_id id = detail::lookup_tag_hashed(name, h);   // == lookup_tag(name)
#pragma once

#include <cstdint>
#include <string_view>

#include "winnow/tag.hpp"

namespace winnow::detail {

/// The hash of the empty name: the seed scripts/gen/tags.py chose for the table (tag.cpp checks it).
inline constexpr std::uint32_t tag_hash_start = 2;

/// The hash of a name extended by one byte (FNV-1a's step, as slot() in scripts/gen/tags.py).
[[nodiscard]] constexpr std::uint32_t tag_hash_step(std::uint32_t hash, char c) noexcept {
    return (hash ^ static_cast<unsigned char>(c)) * 0x01000193u;
}

/// lookup_tag(lowercase_name), given the name's hash from tag_hash_step.
[[nodiscard]] tag_id lookup_tag_hashed(std::string_view lowercase_name, std::uint32_t hash) noexcept;

}  // namespace winnow::detail
