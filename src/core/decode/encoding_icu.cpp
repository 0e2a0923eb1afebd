// encoding_icu.cpp — decoding the legacy encodings (everything but UTF-8) and ICU's charset detector.
//
// Multi-byte encodings and UTF-16 go through an ICU converter with our own to-Unicode callback. ICU's default
// substitute callback writes the table's substitution character, which is U+001A for several tables; the
// Encoding standard wants U+FFFD for every error, so the callback writes U+FFFD and counts it.
//
// ICU 72's tables were compared, pair by pair, with the Encoding standard's decoders. Where they differ, the
// cheap and exact corrections are made here:
//   - error recovery: the standard gives an ASCII byte that ends an invalid two-byte sequence back to the
//     stream ("prepend", §10.2.1, §11.1.1, §12.1.1, §12.3.1, §13.1.1), ICU swallows it: the callback writes it
//     after the U+FFFD;
//   - gb18030/GBK: byte 0x80 is U+20AC (§10.2.1 step 4); 19 two-byte codes that GB18030-2005 maps to the PUA
//     and the standard (after GB18030-2022) maps to real characters;
//   - Shift_JIS: byte 0x80 is U+0080 (§12.3.1); ICU's IBM-derived table swaps bytes 0x1A, 0x1C and 0x7F;
//   - EUC-KR: ICU maps 0x80 to U+0080 and the user-defined area to the PUA, the standard calls both errors;
//   - EUC-JP: ICU maps lone 0x80–0x8D and 0x90–0x9F to C1 controls, the standard calls them errors;
//   - Big5: ICU's HKSCS table maps user-defined rows to the PUA, which the standard's index does not have.
// Known differences that remain (rare on the web, and not fixable without the standard's index data):
//   - Big5: ~160 HKSCS-2008 code points ICU lacks (U+FFFD here) or maps to the PUA (U+FFFD here);
//   - EUC-JP: 0x8E 0xE0–0xE2 give ¢ £ ¬ where the standard reports errors;
//   - ISO-2022-JP: an unknown escape sequence (ESC $ ( D) is swallowed whole; the standard re-reads its bytes;
//   - replacement counts may differ for garbage: ICU reports a lead byte followed by an invalid non-ASCII
//     byte as two errors where the standard reports one.
// Single-byte encodings use a 128-entry table built from ICU's converter and corrected to the standard's index
// (ISO-8859-16, absent from ICU's data, uses our own table).
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <utility>

#include "decode/encoding_internal.hpp"
#include "utf8.hpp"

namespace winnow::detail {
namespace {

constexpr char32_t replacement_character = 0xFFFD;
constexpr char32_t unassigned = 0;   // no single-byte index maps 0x80–0xFF to U+0000

// --- the ICU callback ------------------------------------------------------------------------------------

/// ICU's windows-31j (an IBM-derived table) decodes byte 0x1A as U+001C, 0x1C as U+007F and 0x7F as U+001A;
/// the Shift_JIS fix-up of the output undoes that. An ASCII byte the callback gives back to the stream goes
/// through the same permutation first, so that the fix-up turns it back into itself.
constexpr char16_t swap_shift_jis_control(unsigned char b) noexcept {
    switch (b) {
        case 0x1A: return 0x1C;
        case 0x1C: return 0x7F;
        case 0x7F: return 0x1A;
        default: return b;
    }
}

struct callback_state {
    std::size_t replacements = 0;
    /// What a lone byte 0x80 decodes to where ICU calls it an error and the standard does not (0: an error).
    char16_t lone_0x80 = 0;
    /// Longest invalid sequence whose final ASCII byte goes back to the stream (0: never, e.g. ISO-2022-JP and
    /// UTF-16, where ASCII bytes are not characters by themselves).
    int32_t max_prepend_length = 0;
    bool shift_jis = false;
};

/// ICU to-Unicode callback: U+FFFD for unassigned, illegal and irregular input, counted.
void write_replacement(const void* context, UConverterToUnicodeArgs* args, const char* code_units, int32_t length,
                       UConverterCallbackReason reason, UErrorCode* err) {
    if (reason > UCNV_IRREGULAR) return;   // reset, close, clone: nothing to write
    auto* state = static_cast<callback_state*>(const_cast<void*>(context));
    std::array<UChar, 2> out{};
    int32_t n = 1;
    if (length == 1 && static_cast<unsigned char>(code_units[0]) == 0x80 && state->lone_0x80 != 0) {
        out[0] = state->lone_0x80;
    } else {
        out[0] = static_cast<UChar>(replacement_character);
        ++state->replacements;
        const auto last = static_cast<unsigned char>(code_units[length - 1]);
        if (length >= 2 && length <= state->max_prepend_length && last < 0x80) {
            out[1] = state->shift_jis ? swap_shift_jis_control(last) : static_cast<UChar>(last);
            n = 2;
        }
    }
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, out.data(), n, 0, err);
}

// --- single-byte tables ------------------------------------------------------------------------------------

/// ISO-8859-16, bytes 0xA0–0xFF (0x80–0x9F are the C1 controls, as in every ISO-8859 index of the standard).
constexpr std::array<char16_t, 96> iso_8859_16_upper = {
    0x00A0, 0x0104, 0x0105, 0x0141, 0x20AC, 0x201E, 0x0160, 0x00A7, 0x0161, 0x00A9, 0x0218, 0x00AB, 0x0179, 0x00AD, 0x017A, 0x017B,
    0x00B0, 0x00B1, 0x010C, 0x0142, 0x017D, 0x201D, 0x00B6, 0x00B7, 0x017E, 0x010D, 0x0219, 0x00BB, 0x0152, 0x0153, 0x0178, 0x017C,
    0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0106, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x0110, 0x0143, 0x00D2, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x015A, 0x0170, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x0118, 0x021A, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x0107, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x0111, 0x0144, 0x00F2, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x015B, 0x0171, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x0119, 0x021B, 0x00FF,
};

struct single_byte_fix {
    encoding_id id;
    unsigned char byte;
    char32_t code_point;   ///< `unassigned` for an error
};

/// Where ICU 72's table differs from the standard's index (checked for all 27 ICU-backed single-byte encodings).
constexpr std::array<single_byte_fix, 12> single_byte_fixes = {{
    // The standard's KOI8-U is KOI8-RU: 0xAE and 0xBE are Ў/ў, not box drawings.
    {encoding_id::koi8_u, 0xAE, 0x045E},
    {encoding_id::koi8_u, 0xBE, 0x040E},
    // windows-874: ICU maps the unassigned bytes to the PUA.
    {encoding_id::windows_874, 0xDB, unassigned},
    {encoding_id::windows_874, 0xDC, unassigned},
    {encoding_id::windows_874, 0xDD, unassigned},
    {encoding_id::windows_874, 0xDE, unassigned},
    {encoding_id::windows_874, 0xFC, unassigned},
    {encoding_id::windows_874, 0xFD, unassigned},
    {encoding_id::windows_874, 0xFE, unassigned},
    {encoding_id::windows_874, 0xFF, unassigned},
    // windows-1253: 0xAA is unassigned in the index; windows-1255: 0xCA is U+05BA HEBREW POINT HOLAM HASER.
    {encoding_id::windows_1253, 0xAA, unassigned},
    {encoding_id::windows_1255, 0xCA, 0x05BA},
}};

/// UTF-8 for each byte 0x80–0xFF; length 0 means an error (U+FFFD).
struct utf8_table {
    std::array<std::array<char, 4>, 128> bytes{};
    std::array<std::uint8_t, 128> length{};
};


struct converter_closer {
    void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
using converter_ptr = std::unique_ptr<UConverter, converter_closer>;

/// The standard's index for bytes 0x80–0xFF of a single-byte encoding, or false when ICU cannot provide it.
bool single_byte_index(encoding_id id, std::array<char32_t, 128>& index) noexcept {
    const encoding_info& enc = info(id);
    if (enc.icu_name == nullptr) {   // ISO-8859-16
        for (std::size_t i = 0; i < 32; ++i) index[i] = static_cast<char32_t>(0x80 + i);
        for (std::size_t i = 0; i < iso_8859_16_upper.size(); ++i) index[32 + i] = iso_8859_16_upper[i];
        return true;
    }
    UErrorCode err = U_ZERO_ERROR;
    converter_ptr conv(ucnv_open(enc.icu_name, &err));
    if (U_FAILURE(err)) return false;
    // Unassigned bytes become U+FFFD (no single-byte index maps a byte to U+FFFD itself). ICU's own substitute
    // callback would write U+001A for tables whose substitution byte is 0x1A.
    callback_state state;
    ucnv_setToUCallBack(conv.get(), write_replacement, &state, nullptr, nullptr, &err);
    std::array<char, 128> high{};
    for (std::size_t i = 0; i < high.size(); ++i) high[i] = static_cast<char>(0x80 + i);
    std::array<UChar, 256> out{};
    const int32_t n = ucnv_toUChars(conv.get(), out.data(), static_cast<int32_t>(out.size()), high.data(),
                                    static_cast<int32_t>(high.size()), &err);
    if (U_FAILURE(err) || n != 128) return false;   // every single-byte table maps a byte to one BMP unit
    for (std::size_t i = 0; i < 128; ++i) index[i] = out[i] == replacement_character ? unassigned : out[i];
    for (const auto& fix : single_byte_fixes) {
        if (fix.id == id) index[fix.byte - 0x80U] = fix.code_point;
    }
    return true;
}

utf8_table make_utf8_table(const std::array<char32_t, 128>& index) noexcept {
    utf8_table table;
    for (std::size_t i = 0; i < 128; ++i) {
        table.length[i] =
            index[i] == unassigned ? std::uint8_t{0} : static_cast<std::uint8_t>(encode_utf8(index[i], table.bytes[i].data()));
    }
    return table;
}

/// Decodes with a byte → UTF-8 table; ASCII bytes are copied.
std::size_t decode_with_table(std::string_view bytes, const utf8_table& table, std::string& out) {
    std::size_t replacements = 0;
    // At most 3 UTF-8 bytes per byte (every table is in the BMP), plus 1 for the last 4-byte copy below.
    out.resize(bytes.size() * 3 + 1);
    char* w = out.data();
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80) {
            *w++ = ch;
            continue;
        }
        const std::size_t i = b - 0x80U;
        if (table.length[i] == 0) {
            w += encode_utf8(replacement_character, w);
            ++replacements;
            continue;
        }
        std::memcpy(w, table.bytes[i].data(), 4);   // fixed-size copy; the extra bytes are overwritten later
        w += table.length[i];
    }
    out.resize(static_cast<std::size_t>(w - out.data()));
    return replacements;
}

// --- ICU converters ----------------------------------------------------------------------------------------

/// Per-encoding corrections of ICU's output, applied while converting its UTF-16 to UTF-8.
enum class fixup : std::uint8_t { none, gb18030, shift_jis, euc_kr, euc_jp, big5 };

/// GB18030-2005 PUA code points (ICU 72) → the standard's gb18030 index (which follows GB18030-2022), sorted.
constexpr std::array<std::pair<char16_t, char16_t>, 19> gb18030_pua = {{
    {0xE5E5, 0x3000}, {0xE78D, 0xFE10}, {0xE78E, 0xFE12}, {0xE78F, 0xFE11}, {0xE790, 0xFE13},
    {0xE791, 0xFE14}, {0xE792, 0xFE15}, {0xE793, 0xFE16}, {0xE794, 0xFE17}, {0xE795, 0xFE18},
    {0xE796, 0xFE19}, {0xE81E, 0x9FB4}, {0xE826, 0x9FB5}, {0xE82B, 0x9FB6}, {0xE82C, 0x9FB7},
    {0xE832, 0x9FB8}, {0xE843, 0x9FB9}, {0xE854, 0x9FBA}, {0xE864, 0x9FBB},
}};

constexpr bool is_pua(char32_t c) noexcept { return c >= 0xE000 && c <= 0xF8FF; }
constexpr bool is_c1(char32_t c) noexcept { return c >= 0x80 && c <= 0x9F; }

/// Undoes swap_shift_jis_control.
constexpr char32_t unswap_shift_jis_control(char32_t c) noexcept {
    switch (c) {
        case 0x1C: return 0x1A;
        case 0x7F: return 0x1C;
        case 0x1A: return 0x7F;
        default: return c;
    }
}
/// Applies the encoding's fix-up to one code point; counts what becomes U+FFFD.
template <fixup F>
inline char32_t fix(char32_t c, std::size_t& replacements) noexcept {
    if constexpr (F == fixup::gb18030) {
        if (c >= 0xE5E5 && c <= 0xE864) {
            const auto* it = std::lower_bound(gb18030_pua.begin(), gb18030_pua.end(), c,
                                              [](const auto& e, char32_t k) { return e.first < k; });
            if (it != gb18030_pua.end() && it->first == c) return it->second;
        }
    } else if constexpr (F == fixup::shift_jis) {
        return unswap_shift_jis_control(c);
    } else if constexpr (F == fixup::euc_kr || F == fixup::big5 || F == fixup::euc_jp) {
        const bool error = (F == fixup::euc_jp) ? is_c1(c) : (F == fixup::euc_kr ? (is_c1(c) || is_pua(c)) : is_pua(c));
        if (error) {
            ++replacements;
            return replacement_character;
        }
    }
    return c;
}

/// UTF-16 (well-formed but for a possible unpaired surrogate, which becomes U+FFFD) → UTF-8 at w.
template <fixup F>
char* utf16_to_utf8(const UChar* s, const UChar* e, char* w, std::size_t& replacements) noexcept {
    while (s < e) {
        char32_t c = *s++;
        if (c < 0x80) {
            if constexpr (F == fixup::shift_jis) c = fix<F>(c, replacements);
            *w++ = static_cast<char>(c);
            continue;
        }
        if (U16_IS_SURROGATE(c)) {
            if (U16_IS_SURROGATE_LEAD(c) && s < e && U16_IS_TRAIL(*s)) {
                c = static_cast<char32_t>(U16_GET_SUPPLEMENTARY(c, *s));
                ++s;
            } else {
                c = replacement_character;
                ++replacements;
            }
        } else if constexpr (F != fixup::none && F != fixup::shift_jis) {
            c = fix<F>(c, replacements);
        }
        w += encode_utf8(c, w);
    }
    return w;
}

template <fixup F>
bool convert_with_icu(UConverter* conv, std::string_view bytes, std::string& out, std::size_t& replacements) {
    // ICU converts into a UTF-16 block, which becomes UTF-8 in out. 8 Ki units keep the block in L1.
    std::array<UChar, 8192> block{};
    std::size_t carry = 0;   // a lead surrogate held back from the previous block
    std::size_t used = 0;
    out.resize(bytes.size() + bytes.size() / 2 + 64);   // CJK: 2 bytes → 3; grows if needed
    const char* src = bytes.data();
    const char* const src_end = src + bytes.size();
    for (;;) {
        UChar* target = block.data() + carry;
        UErrorCode err = U_ZERO_ERROR;
        ucnv_toUnicode(conv, &target, block.data() + block.size(), &src, src_end, nullptr, true, &err);
        const bool more = err == U_BUFFER_OVERFLOW_ERROR;
        if (U_FAILURE(err) && !more) return false;
        const auto n = static_cast<std::size_t>(target - block.data());
        carry = (more && n > 0 && U16_IS_LEAD(block[n - 1])) ? 1 : 0;
        const std::size_t units = n - carry;
        if (out.size() < used + units * 3) out.resize(std::max(out.size() * 2, used + units * 3));
        char* const w = utf16_to_utf8<F>(block.data(), block.data() + units, out.data() + used, replacements);
        used = static_cast<std::size_t>(w - out.data());
        if (carry != 0) block[0] = block[n - 1];
        if (!more) break;
    }
    out.resize(used);
    return true;
}

decode_outcome decode_icu(std::string_view bytes, encoding_id id) {
    decode_outcome result;
    UErrorCode err = U_ZERO_ERROR;
    converter_ptr conv(ucnv_open(info(id).icu_name, &err));
    if (U_FAILURE(err)) {
        result.ok = false;
        return result;
    }
    callback_state state;
    fixup f = fixup::none;
    switch (id) {
        case encoding_id::gbk:
        case encoding_id::gb18030:
            f = fixup::gb18030;
            state.lone_0x80 = 0x20AC;
            state.max_prepend_length = 2;   // a four-byte sequence's final byte is consumed (§10.2.1)
            break;
        case encoding_id::shift_jis:
            f = fixup::shift_jis;
            state.lone_0x80 = 0x80;
            state.max_prepend_length = 2;
            state.shift_jis = true;
            break;
        case encoding_id::euc_kr:
            f = fixup::euc_kr;
            state.max_prepend_length = 2;
            break;
        case encoding_id::euc_jp:
            f = fixup::euc_jp;
            state.max_prepend_length = 3;
            break;
        case encoding_id::big5:
            f = fixup::big5;
            state.max_prepend_length = 2;
            break;
        default:
            break;
    }
    ucnv_setToUCallBack(conv.get(), write_replacement, &state, nullptr, nullptr, &err);
    if (U_FAILURE(err)) {
        result.ok = false;
        return result;
    }
    bool ok = false;
    switch (f) {
        case fixup::none: ok = convert_with_icu<fixup::none>(conv.get(), bytes, result.text, result.replacements); break;
        case fixup::gb18030: ok = convert_with_icu<fixup::gb18030>(conv.get(), bytes, result.text, result.replacements); break;
        case fixup::shift_jis: ok = convert_with_icu<fixup::shift_jis>(conv.get(), bytes, result.text, result.replacements); break;
        case fixup::euc_kr: ok = convert_with_icu<fixup::euc_kr>(conv.get(), bytes, result.text, result.replacements); break;
        case fixup::euc_jp: ok = convert_with_icu<fixup::euc_jp>(conv.get(), bytes, result.text, result.replacements); break;
        case fixup::big5: ok = convert_with_icu<fixup::big5>(conv.get(), bytes, result.text, result.replacements); break;
    }
    result.ok = ok;
    result.replacements += state.replacements;
    return result;
}

// --- detector ----------------------------------------------------------------------------------------------

struct detector_closer {
    void operator()(UCharsetDetector* d) const noexcept { ucsdet_close(d); }
};

}  // namespace

decode_outcome decode_legacy(std::string_view bytes, encoding_id id) {
    decode_outcome result;
    switch (info(id).kind) {
        case decoder_kind::replacement:
            // Encoding §14.1.1: the replacement decoder emits one U+FFFD for any non-empty input, then nothing.
            if (!bytes.empty()) {
                result.text = "\xEF\xBF\xBD";
                result.replacements = 1;
            }
            return result;
        case decoder_kind::x_user_defined: {
            // Encoding §14.5.1: 0x80–0xFF → U+F780 + (byte − 0x80).
            std::array<char32_t, 128> index{};
            for (std::size_t i = 0; i < index.size(); ++i) index[i] = static_cast<char32_t>(0xF780 + i);
            result.replacements = decode_with_table(bytes, make_utf8_table(index), result.text);
            return result;
        }
        case decoder_kind::single_byte: {
            std::array<char32_t, 128> index{};
            if (!single_byte_index(id, index)) {
                result.ok = false;
                return result;
            }
            result.replacements = decode_with_table(bytes, make_utf8_table(index), result.text);
            return result;
        }
        case decoder_kind::icu:
            return decode_icu(bytes, id);
        case decoder_kind::utf_8:
            break;
    }
    result.ok = false;   // UTF-8 is decoded by encoding.cpp
    return result;
}

/// ICU's detector reports confidence 0–100, from how much of the text is made of its charsets' common n-grams.
/// Its UTF-16 recognizers give 10 to any input without a BOM: the noise floor. Running prose scores well above
/// it in the right charset (Cyrillic ~45, Polish ~39, Arabic ~80, CJK 100), while a text of rare words can
/// score as little as 11. 20 takes the former and refuses the noise (tests/unit/encoding_test.cpp,
/// EncodingDetector.* pin these figures down).
constexpr int32_t detector_min_confidence = 20;

std::optional<encoding_id> detect_with_icu(std::string_view bytes) noexcept {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, detector_closer> detector(ucsdet_open(&err));
    if (U_FAILURE(err)) return std::nullopt;
    // Ignore markup: tags would otherwise make every page look like ASCII-heavy Latin text.
    ucsdet_enableInputFilter(detector.get(), true);
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &err);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &err);
    if (U_FAILURE(err) || matches == nullptr) return std::nullopt;
    for (int32_t i = 0; i < count; ++i) {   // best first
        if (ucsdet_getConfidence(matches[i], &err) < detector_min_confidence || U_FAILURE(err)) break;
        const char* name = ucsdet_getName(matches[i], &err);
        if (U_FAILURE(err) || name == nullptr) break;
        // ICU's names are labels of the standard ("ISO-8859-1" → windows-1252, "GB18030" → gb18030); names it
        // does not know (UTF-32, IBM420/424 EBCDIC) are skipped, and so is "replacement" (ISO-2022-CN/KR),
        // which makes sense only when a page declares it.
        if (auto id = encoding_id_for_label(name); id && *id != encoding_id::replacement) return id;
    }
    return std::nullopt;
}

}  // namespace winnow::detail
