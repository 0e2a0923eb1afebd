// encoding_utf8.cpp — UTF-8 validation and the WHATWG UTF-8 decoder (Encoding standard §8.1.1).
#include <cstdint>
#include <cstring>

#include "decode/encoding_internal.hpp"
#include "winnow/encoding.hpp"

namespace winnow::detail {
namespace {

constexpr std::uint64_t high_bits = 0x8080808080808080ULL;

/// True when the 16 bytes at p are all ASCII. memcpy keeps the loads free of alignment and aliasing issues;
/// compilers turn it into two plain 8-byte loads.
inline bool ascii16(const unsigned char* p) noexcept {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    return ((a | b) & high_bits) == 0;
}

/// For a non-ASCII lead byte at p (p < end): the length of the well-formed sequence starting there, or 0 when
/// it is ill-formed, with *subpart set to the length of its maximal subpart (Unicode §3.9 D93b, which the
/// Encoding standard's decoder follows: one U+FFFD per maximal subpart, at least one byte).
inline std::size_t sequence_length(const unsigned char* p, const unsigned char* end, std::size_t* subpart) noexcept {
    const unsigned lead = p[0];
    std::size_t needed = 0;
    unsigned lower = 0x80;
    unsigned upper = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        needed = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        needed = 2;
        if (lead == 0xE0) lower = 0xA0;        // no overlongs
        if (lead == 0xED) upper = 0x9F;        // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        needed = 3;
        if (lead == 0xF0) lower = 0x90;        // no overlongs
        if (lead == 0xF4) upper = 0x8F;        // nothing past U+10FFFF
    } else {
        *subpart = 1;                          // 0x80–0xC1, 0xF5–0xFF never start a sequence
        return 0;
    }
    const auto available = static_cast<std::size_t>(end - p) - 1;
    for (std::size_t i = 1; i <= needed; ++i) {
        if (i > available) {
            *subpart = i;                      // truncated at the end of the input
            return 0;
        }
        const unsigned c = p[i];
        if (c < lower || c > upper) {
            *subpart = i;
            return 0;
        }
        lower = 0x80;
        upper = 0xBF;
    }
    return needed + 1;
}

/// The walk every UTF-8 pass here shares: ASCII runs skipped 32, then 16 bytes at a time, each non-ASCII
/// sequence checked once. on_sequence(p, length) sees a well-formed multi-byte sequence, on_error(p, subpart)
/// an ill-formed one by its maximal subpart; either returns false to stop the walk, and then so does this.
template <class on_sequence_fn, class on_error_fn>
inline bool walk_utf8(const unsigned char* p, const unsigned char* const end, on_sequence_fn&& on_sequence,
                      on_error_fn&& on_error) {
    while (p < end) {
        // ASCII runs dominate markup.
        while (end - p >= 32 && ascii16(p) && ascii16(p + 16)) p += 32;
        if (end - p >= 16 && ascii16(p)) {
            p += 16;
            continue;
        }
        if (p == end) break;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        std::size_t subpart = 0;
        if (const std::size_t length = sequence_length(p, end, &subpart); length != 0) {
            if (!on_sequence(p, length)) return false;
            p += length;
        } else {
            if (!on_error(p, subpart)) return false;
            p += subpart;
        }
    }
    return true;
}

}  // namespace

std::size_t decode_utf8_replacing(std::string_view bytes, std::string& out) {
    static constexpr std::string_view replacement_character = "\xEF\xBF\xBD";
    const auto* const begin = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* const end = begin + bytes.size();
    const auto* run = begin;   // start of the well-formed bytes not yet copied
    std::size_t replacements = 0;
    out.reserve(out.size() + bytes.size() + bytes.size() / 8);
    walk_utf8(
        begin, end, [](const unsigned char*, std::size_t) { return true; },
        [&](const unsigned char* p, std::size_t subpart) {
            out.append(bytes.data() + (run - begin), static_cast<std::size_t>(p - run));
            out.append(replacement_character);
            ++replacements;
            run = p + subpart;
            return true;
        });
    out.append(bytes.data() + (run - begin), static_cast<std::size_t>(end - run));
    return replacements;
}

utf8_profile profile_utf8(std::string_view bytes) noexcept {
    utf8_profile profile;
    const auto* const begin = reinterpret_cast<const unsigned char*>(bytes.data());
    walk_utf8(
        begin, begin + bytes.size(),
        [&](const unsigned char*, std::size_t) {
            ++profile.multibyte_sequences;
            return true;
        },
        [&](const unsigned char*, std::size_t) {
            ++profile.errors;
            return true;
        });
    return profile;
}

std::optional<std::size_t> multibyte_sequences_if_valid(std::string_view bytes) noexcept {
    std::size_t sequences = 0;
    const auto* const begin = reinterpret_cast<const unsigned char*>(bytes.data());
    const bool valid = walk_utf8(
        begin, begin + bytes.size(),
        [&](const unsigned char*, std::size_t) {
            ++sequences;
            return true;
        },
        [](const unsigned char*, std::size_t) { return false; });
    if (!valid) return std::nullopt;
    return sequences;
}

}  // namespace winnow::detail

namespace winnow {

bool is_valid_utf8(std::string_view bytes) noexcept {
    const auto* const begin = reinterpret_cast<const unsigned char*>(bytes.data());
    return detail::walk_utf8(
        begin, begin + bytes.size(), [](const unsigned char*, std::size_t) { return true; },
        [](const unsigned char*, std::size_t) { return false; });
}

}  // namespace winnow
