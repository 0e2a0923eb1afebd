// encoding_internal.hpp — private to winnow_core: the encodings of the WHATWG Encoding standard, how each is
// decoded, and the building blocks that encoding.cpp puts together.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace winnow::detail {

/// Every encoding of the WHATWG Encoding standard (§4.2 "Names and labels").
enum class encoding_id : std::uint8_t {
    utf_8,
    ibm866,
    iso_8859_2,
    iso_8859_3,
    iso_8859_4,
    iso_8859_5,
    iso_8859_6,
    iso_8859_7,
    iso_8859_8,
    iso_8859_8_i,
    iso_8859_10,
    iso_8859_13,
    iso_8859_14,
    iso_8859_15,
    iso_8859_16,
    koi8_r,
    koi8_u,
    macintosh,
    windows_874,
    windows_1250,
    windows_1251,
    windows_1252,
    windows_1253,
    windows_1254,
    windows_1255,
    windows_1256,
    windows_1257,
    windows_1258,
    x_mac_cyrillic,
    gbk,
    gb18030,
    big5,
    euc_jp,
    iso_2022_jp,
    shift_jis,
    euc_kr,
    replacement,
    utf_16be,
    utf_16le,
    x_user_defined,
};

/// How an encoding is decoded.
enum class decoder_kind : std::uint8_t {
    utf_8,           ///< validated in place, else our own WHATWG UTF-8 decoder
    single_byte,     ///< a 128-entry table for 0x80–0xFF, taken from ICU and corrected to the WHATWG index
    icu,             ///< an ICU converter (multi-byte and UTF-16)
    replacement,     ///< WHATWG "replacement": one U+FFFD for non-empty input
    x_user_defined,  ///< 0x80–0xFF → U+F780 + (byte − 0x80)
};

struct encoding_info {
    std::string_view name;       ///< the standard's canonical name
    decoder_kind kind;
    const char* icu_name;        ///< ICU converter name, or nullptr where ICU is not used
};

[[nodiscard]] const encoding_info& info(encoding_id id) noexcept;
[[nodiscard]] std::optional<encoding_id> encoding_id_for_label(std::string_view label) noexcept;
/// The id of a canonical name returned by encoding_for_label (exact match).
[[nodiscard]] std::optional<encoding_id> encoding_id_for_name(std::string_view canonical_name) noexcept;

/// HTML §13.2.3.2 prescan; returns the encoding before the UTF-16 / x-user-defined fix-ups.
[[nodiscard]] std::optional<encoding_id> prescan(std::string_view bytes) noexcept;

/// WHATWG UTF-8 decoder with U+FFFD for each maximal subpart of an ill-formed sequence (Encoding §8.1.1),
/// appended to out. Returns the number of U+FFFD written for errors.
std::size_t decode_utf8_replacing(std::string_view bytes, std::string& out);

/// Counts of well-formed multi-byte sequences and of errors (maximal subparts) in bytes read as UTF-8.
struct utf8_profile {
    std::size_t multibyte_sequences = 0;
    std::size_t errors = 0;
};
[[nodiscard]] utf8_profile profile_utf8(std::string_view bytes) noexcept;
/// The well-formed multi-byte sequences in bytes when they are valid UTF-8, else nothing: the walk stops at
/// the first error, so legacy-encoded pages cost a few bytes, not a pass.
[[nodiscard]] std::optional<std::size_t> multibyte_sequences_if_valid(std::string_view bytes) noexcept;

/// The answer of ICU's charset detector over bytes (the caller passes at most 64 KiB), if it is confident enough
/// and names an encoding of the standard; see encoding_icu.cpp.
[[nodiscard]] std::optional<encoding_id> detect_with_icu(std::string_view bytes) noexcept;

struct decode_outcome {
    std::string text;
    std::size_t replacements = 0;
    bool ok = true;   ///< false when ICU could not open or run the converter
};
/// Decodes bytes (no BOM handling) with an encoding whose kind is single_byte, icu, replacement or
/// x_user_defined.
[[nodiscard]] decode_outcome decode_legacy(std::string_view bytes, encoding_id id);

}  // namespace winnow::detail
