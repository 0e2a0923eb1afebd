#include "winnow/tag.hpp"

#include <cstddef>
#include <cstdint>

#include "tokenize/tag_lookup.hpp"

namespace winnow {
namespace {

#include "tokenize/tag_table.inc"

enum flag : std::uint8_t { void_flag = 1, block_flag = 2, heading_flag = 4, raw_flag = 8 };

static_assert(detail::tag_hash_seed == tag_hash_seed, "tag_lookup.hpp must follow the generated table's seed");

/// Byte by byte: tag names are a few bytes long, shorter than a call to memcmp pays for.
constexpr bool same_name(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

constexpr std::size_t tag_count = sizeof tag_names / sizeof tag_names[0];

std::uint8_t flags_of(tag_id id) noexcept {
    const auto index = static_cast<std::size_t>(id);
    return index < tag_count ? tag_flag_bits[index] : std::uint8_t{0};
}

}  // namespace

tag_id lookup_tag(std::string_view lowercase_name) noexcept {
    return detail::lookup_tag_hashed(lowercase_name, detail::tag_hash(lowercase_name));
}

tag_id detail::lookup_tag_hashed(std::string_view lowercase_name, std::uint32_t hash) noexcept {
    if (lowercase_name.empty() || lowercase_name.size() > detail::longest_tag_name) return tag_id::unknown;
    const std::uint8_t index = tag_slots[hash >> (32 - tag_table_bits)];
    return same_name(tag_names[index], lowercase_name) ? static_cast<tag_id>(index) : tag_id::unknown;
}

std::string_view tag_name(tag_id id) noexcept {
    const auto index = static_cast<std::size_t>(id);
    return index < tag_count ? tag_names[index] : std::string_view{};
}

bool is_void(tag_id id) noexcept { return (flags_of(id) & void_flag) != 0; }
bool is_block(tag_id id) noexcept { return (flags_of(id) & block_flag) != 0; }
bool is_heading(tag_id id) noexcept { return (flags_of(id) & heading_flag) != 0; }
bool is_raw_content(tag_id id) noexcept { return (flags_of(id) & raw_flag) != 0; }

}  // namespace winnow
