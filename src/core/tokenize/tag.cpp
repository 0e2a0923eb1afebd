#include "winnow/tag.hpp"

#include <cstddef>
#include <cstdint>

namespace winnow {
namespace {

#include "tokenize/tag_table.inc"

enum flag : std::uint8_t { void_flag = 1, block_flag = 2, heading_flag = 4, raw_flag = 8 };

// Must match slot() in scripts/gen/tags.py.
constexpr std::uint32_t tag_slot(std::string_view name) noexcept {
    std::uint32_t h = tag_hash_seed;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x01000193u;
    return h >> (32 - tag_table_bits);
}

constexpr std::size_t tag_count = sizeof tag_names / sizeof tag_names[0];

std::uint8_t flags_of(tag_id id) noexcept {
    const auto index = static_cast<std::size_t>(id);
    return index < tag_count ? tag_flag_bits[index] : std::uint8_t{0};
}

}  // namespace

tag_id lookup_tag(std::string_view lowercase_name) noexcept {
    if (lowercase_name.empty() || lowercase_name.size() > 16) return tag_id::unknown;
    const std::uint8_t index = tag_slots[tag_slot(lowercase_name)];
    return tag_names[index] == lowercase_name ? static_cast<tag_id>(index) : tag_id::unknown;
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
