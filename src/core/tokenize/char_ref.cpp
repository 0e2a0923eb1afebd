#include "tokenize/char_ref.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

namespace winnow::detail {
namespace {

#include "tokenize/entity_table.inc"

// The byte at index k of a name, or -1 past its end, so shorter names sort before their extensions.
int byte_at(std::string_view name, std::size_t k) noexcept {
    return k < name.size() ? static_cast<unsigned char>(name[k]) : -1;
}

/// Where the names starting with each byte begin in the sorted table: names with first byte b are
/// [first_byte_start[b], first_byte_start[b + 1]). Built at compile time; it spares the first (widest) two
/// binary searches of every reference.
constexpr auto first_byte_start = [] {
    std::array<std::uint16_t, 257> start{};
    std::size_t i = 0;
    for (int b = 0; b < 256; ++b) {
        start[static_cast<std::size_t>(b)] = static_cast<std::uint16_t>(i);
        while (i < std::size(named_references) && static_cast<unsigned char>(named_references[i].name[0]) == b) ++i;
    }
    start[256] = static_cast<std::uint16_t>(i);
    return start;
}();
static_assert(first_byte_start[256] == std::size(named_references), "the table is sorted bytewise");

/// The references pages use most, sorted by their first byte. Each ends in ';', and no name goes on past a
/// ';', so a text that starts with one of them has it as its longest match: the common case is one compare
/// instead of a binary search per byte.
constexpr std::string_view common_names[] = {
    "amp;", "apos;", "bull;", "copy;", "gt;", "hellip;", "laquo;", "ldquo;", "lsquo;", "lt;", "mdash;",
    "middot;", "nbsp;", "ndash;", "quot;", "raquo;", "rdquo;", "reg;", "rsquo;", "times;", "trade;",
};

struct common_reference {
    std::string_view name;
    const named_reference* reference;
};

constexpr auto common_references = [] {
    std::array<common_reference, std::size(common_names)> out{};
    for (std::size_t i = 0; i < std::size(common_names); ++i) {
        const auto* found = std::lower_bound(std::begin(named_references), std::end(named_references), common_names[i],
                                             [](const named_reference& r, std::string_view n) { return r.name < n; });
        out[i] = {common_names[i], found != std::end(named_references) && found->name == common_names[i] ? found : nullptr};
    }
    return out;
}();
static_assert(std::all_of(common_references.begin(), common_references.end(),
                          [](const common_reference& c) { return c.reference != nullptr && c.name.back() == ';'; }),
              "every common name is in the table and ends in ';'");

/// [common_start[b], common_start[b + 1]): the common references whose name starts with byte b.
constexpr auto common_start = [] {
    std::array<std::uint8_t, 257> start{};
    std::size_t i = 0;
    for (int b = 0; b < 256; ++b) {
        start[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(i);
        while (i < common_references.size() && static_cast<unsigned char>(common_references[i].name[0]) == b) ++i;
    }
    start[256] = static_cast<std::uint8_t>(i);
    return start;
}();
static_assert(common_start[256] == std::size(common_names), "the common names are sorted by first byte");

}  // namespace

named_match match_named_reference(std::string_view text) noexcept {
    named_match match;
    if (text.empty()) {
        match.needs_more_input = true;
        return match;
    }
    // All names in [first, last) share the prefix text[0, k); each step narrows the range to the names
    // whose next byte matches. The table is sorted bytewise, so each step is two binary searches; the first
    // byte's range comes from first_byte_start.
    const auto lead = static_cast<unsigned char>(text[0]);
    for (std::size_t i = common_start[lead]; i < common_start[lead + 1u]; ++i) {
        if (text.starts_with(common_references[i].name)) {
            match.reference = common_references[i].reference;
            return match;
        }
    }
    const named_reference* first = std::begin(named_references) + first_byte_start[lead];
    const named_reference* last = std::begin(named_references) + first_byte_start[lead + 1u];
    if (first == last) return match;
    if (first->name.size() == 1) match.reference = first;
    for (std::size_t k = 1; k < named_reference_max_length; ++k) {
        if (k == text.size()) {
            match.needs_more_input = true;
            return match;
        }
        const int c = static_cast<unsigned char>(text[k]);
        first = std::lower_bound(first, last, c,
                                 [k](const named_reference& r, int value) { return byte_at(r.name, k) < value; });
        last = std::upper_bound(first, last, c,
                                [k](int value, const named_reference& r) { return value < byte_at(r.name, k); });
        if (first == last) return match;
        if (first->name.size() == k + 1) match.reference = first;
    }
    return match;
}

char32_t numeric_reference_value(std::uint32_t number, bool& is_error) noexcept {
    // §13.2.5.80: the replacements for C1 controls, indexed by number - 0x80 (0 where none applies).
    static constexpr char16_t c1_replacements[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    is_error = false;
    if (number == 0 || number > 0x10FFFF || (number >= 0xD800 && number <= 0xDFFF)) {
        is_error = true;
        return U'\uFFFD';
    }
    const bool noncharacter = (number >= 0xFDD0 && number <= 0xFDEF) || (number & 0xFFFE) == 0xFFFE;
    const bool control = number < 0x20 ? !(number == 0x09 || number == 0x0A || number == 0x0C || number == 0x20)
                                       : (number >= 0x7F && number <= 0x9F);
    if (noncharacter) is_error = true;
    if (control || number == 0x0D) {
        is_error = true;
        if (number >= 0x80 && number <= 0x9F && c1_replacements[number - 0x80] != 0)
            return c1_replacements[number - 0x80];
    }
    return static_cast<char32_t>(number);
}


}  // namespace winnow::detail
