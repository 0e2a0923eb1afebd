// encoding_labels.cpp — WHATWG Encoding standard §4.2 "Names and labels" and §4.2 "get an encoding".
#include <algorithm>
#include <array>

#include "decode/encoding_internal.hpp"
#include "winnow/encoding.hpp"

namespace winnow::detail {
namespace {

struct label_entry {
    std::string_view label;
    encoding_id id;
};

// Every label of the standard's encodings.json (including "replacement", which the standard lists as a label
// of the replacement encoding), sorted by byte value for binary search. The static_assert below keeps it so.
constexpr std::array labels = std::to_array<label_entry>({
    {"866", encoding_id::ibm866},
    {"ansi_x3.4-1968", encoding_id::windows_1252},
    {"arabic", encoding_id::iso_8859_6},
    {"ascii", encoding_id::windows_1252},
    {"asmo-708", encoding_id::iso_8859_6},
    {"big5", encoding_id::big5},
    {"big5-hkscs", encoding_id::big5},
    {"chinese", encoding_id::gbk},
    {"cn-big5", encoding_id::big5},
    {"cp1250", encoding_id::windows_1250},
    {"cp1251", encoding_id::windows_1251},
    {"cp1252", encoding_id::windows_1252},
    {"cp1253", encoding_id::windows_1253},
    {"cp1254", encoding_id::windows_1254},
    {"cp1255", encoding_id::windows_1255},
    {"cp1256", encoding_id::windows_1256},
    {"cp1257", encoding_id::windows_1257},
    {"cp1258", encoding_id::windows_1258},
    {"cp819", encoding_id::windows_1252},
    {"cp866", encoding_id::ibm866},
    {"csbig5", encoding_id::big5},
    {"cseuckr", encoding_id::euc_kr},
    {"cseucpkdfmtjapanese", encoding_id::euc_jp},
    {"csgb2312", encoding_id::gbk},
    {"csibm866", encoding_id::ibm866},
    {"csiso2022jp", encoding_id::iso_2022_jp},
    {"csiso2022kr", encoding_id::replacement},
    {"csiso58gb231280", encoding_id::gbk},
    {"csiso88596e", encoding_id::iso_8859_6},
    {"csiso88596i", encoding_id::iso_8859_6},
    {"csiso88598e", encoding_id::iso_8859_8},
    {"csiso88598i", encoding_id::iso_8859_8_i},
    {"csisolatin1", encoding_id::windows_1252},
    {"csisolatin2", encoding_id::iso_8859_2},
    {"csisolatin3", encoding_id::iso_8859_3},
    {"csisolatin4", encoding_id::iso_8859_4},
    {"csisolatin5", encoding_id::windows_1254},
    {"csisolatin6", encoding_id::iso_8859_10},
    {"csisolatin9", encoding_id::iso_8859_15},
    {"csisolatinarabic", encoding_id::iso_8859_6},
    {"csisolatincyrillic", encoding_id::iso_8859_5},
    {"csisolatingreek", encoding_id::iso_8859_7},
    {"csisolatinhebrew", encoding_id::iso_8859_8},
    {"cskoi8r", encoding_id::koi8_r},
    {"csksc56011987", encoding_id::euc_kr},
    {"csmacintosh", encoding_id::macintosh},
    {"csshiftjis", encoding_id::shift_jis},
    {"csunicode", encoding_id::utf_16le},
    {"cyrillic", encoding_id::iso_8859_5},
    {"dos-874", encoding_id::windows_874},
    {"ecma-114", encoding_id::iso_8859_6},
    {"ecma-118", encoding_id::iso_8859_7},
    {"elot_928", encoding_id::iso_8859_7},
    {"euc-jp", encoding_id::euc_jp},
    {"euc-kr", encoding_id::euc_kr},
    {"gb18030", encoding_id::gb18030},
    {"gb2312", encoding_id::gbk},
    {"gb_2312", encoding_id::gbk},
    {"gb_2312-80", encoding_id::gbk},
    {"gbk", encoding_id::gbk},
    {"greek", encoding_id::iso_8859_7},
    {"greek8", encoding_id::iso_8859_7},
    {"hebrew", encoding_id::iso_8859_8},
    {"hz-gb-2312", encoding_id::replacement},
    {"ibm819", encoding_id::windows_1252},
    {"ibm866", encoding_id::ibm866},
    {"iso-10646-ucs-2", encoding_id::utf_16le},
    {"iso-2022-cn", encoding_id::replacement},
    {"iso-2022-cn-ext", encoding_id::replacement},
    {"iso-2022-jp", encoding_id::iso_2022_jp},
    {"iso-2022-kr", encoding_id::replacement},
    {"iso-8859-1", encoding_id::windows_1252},
    {"iso-8859-10", encoding_id::iso_8859_10},
    {"iso-8859-11", encoding_id::windows_874},
    {"iso-8859-13", encoding_id::iso_8859_13},
    {"iso-8859-14", encoding_id::iso_8859_14},
    {"iso-8859-15", encoding_id::iso_8859_15},
    {"iso-8859-16", encoding_id::iso_8859_16},
    {"iso-8859-2", encoding_id::iso_8859_2},
    {"iso-8859-3", encoding_id::iso_8859_3},
    {"iso-8859-4", encoding_id::iso_8859_4},
    {"iso-8859-5", encoding_id::iso_8859_5},
    {"iso-8859-6", encoding_id::iso_8859_6},
    {"iso-8859-6-e", encoding_id::iso_8859_6},
    {"iso-8859-6-i", encoding_id::iso_8859_6},
    {"iso-8859-7", encoding_id::iso_8859_7},
    {"iso-8859-8", encoding_id::iso_8859_8},
    {"iso-8859-8-e", encoding_id::iso_8859_8},
    {"iso-8859-8-i", encoding_id::iso_8859_8_i},
    {"iso-8859-9", encoding_id::windows_1254},
    {"iso-ir-100", encoding_id::windows_1252},
    {"iso-ir-101", encoding_id::iso_8859_2},
    {"iso-ir-109", encoding_id::iso_8859_3},
    {"iso-ir-110", encoding_id::iso_8859_4},
    {"iso-ir-126", encoding_id::iso_8859_7},
    {"iso-ir-127", encoding_id::iso_8859_6},
    {"iso-ir-138", encoding_id::iso_8859_8},
    {"iso-ir-144", encoding_id::iso_8859_5},
    {"iso-ir-148", encoding_id::windows_1254},
    {"iso-ir-149", encoding_id::euc_kr},
    {"iso-ir-157", encoding_id::iso_8859_10},
    {"iso-ir-58", encoding_id::gbk},
    {"iso8859-1", encoding_id::windows_1252},
    {"iso8859-10", encoding_id::iso_8859_10},
    {"iso8859-11", encoding_id::windows_874},
    {"iso8859-13", encoding_id::iso_8859_13},
    {"iso8859-14", encoding_id::iso_8859_14},
    {"iso8859-15", encoding_id::iso_8859_15},
    {"iso8859-2", encoding_id::iso_8859_2},
    {"iso8859-3", encoding_id::iso_8859_3},
    {"iso8859-4", encoding_id::iso_8859_4},
    {"iso8859-5", encoding_id::iso_8859_5},
    {"iso8859-6", encoding_id::iso_8859_6},
    {"iso8859-7", encoding_id::iso_8859_7},
    {"iso8859-8", encoding_id::iso_8859_8},
    {"iso8859-9", encoding_id::windows_1254},
    {"iso88591", encoding_id::windows_1252},
    {"iso885910", encoding_id::iso_8859_10},
    {"iso885911", encoding_id::windows_874},
    {"iso885913", encoding_id::iso_8859_13},
    {"iso885914", encoding_id::iso_8859_14},
    {"iso885915", encoding_id::iso_8859_15},
    {"iso88592", encoding_id::iso_8859_2},
    {"iso88593", encoding_id::iso_8859_3},
    {"iso88594", encoding_id::iso_8859_4},
    {"iso88595", encoding_id::iso_8859_5},
    {"iso88596", encoding_id::iso_8859_6},
    {"iso88597", encoding_id::iso_8859_7},
    {"iso88598", encoding_id::iso_8859_8},
    {"iso88599", encoding_id::windows_1254},
    {"iso_8859-1", encoding_id::windows_1252},
    {"iso_8859-15", encoding_id::iso_8859_15},
    {"iso_8859-1:1987", encoding_id::windows_1252},
    {"iso_8859-2", encoding_id::iso_8859_2},
    {"iso_8859-2:1987", encoding_id::iso_8859_2},
    {"iso_8859-3", encoding_id::iso_8859_3},
    {"iso_8859-3:1988", encoding_id::iso_8859_3},
    {"iso_8859-4", encoding_id::iso_8859_4},
    {"iso_8859-4:1988", encoding_id::iso_8859_4},
    {"iso_8859-5", encoding_id::iso_8859_5},
    {"iso_8859-5:1988", encoding_id::iso_8859_5},
    {"iso_8859-6", encoding_id::iso_8859_6},
    {"iso_8859-6:1987", encoding_id::iso_8859_6},
    {"iso_8859-7", encoding_id::iso_8859_7},
    {"iso_8859-7:1987", encoding_id::iso_8859_7},
    {"iso_8859-8", encoding_id::iso_8859_8},
    {"iso_8859-8:1988", encoding_id::iso_8859_8},
    {"iso_8859-9", encoding_id::windows_1254},
    {"iso_8859-9:1989", encoding_id::windows_1254},
    {"koi", encoding_id::koi8_r},
    {"koi8", encoding_id::koi8_r},
    {"koi8-r", encoding_id::koi8_r},
    {"koi8-ru", encoding_id::koi8_u},
    {"koi8-u", encoding_id::koi8_u},
    {"koi8_r", encoding_id::koi8_r},
    {"korean", encoding_id::euc_kr},
    {"ks_c_5601-1987", encoding_id::euc_kr},
    {"ks_c_5601-1989", encoding_id::euc_kr},
    {"ksc5601", encoding_id::euc_kr},
    {"ksc_5601", encoding_id::euc_kr},
    {"l1", encoding_id::windows_1252},
    {"l2", encoding_id::iso_8859_2},
    {"l3", encoding_id::iso_8859_3},
    {"l4", encoding_id::iso_8859_4},
    {"l5", encoding_id::windows_1254},
    {"l6", encoding_id::iso_8859_10},
    {"l9", encoding_id::iso_8859_15},
    {"latin1", encoding_id::windows_1252},
    {"latin2", encoding_id::iso_8859_2},
    {"latin3", encoding_id::iso_8859_3},
    {"latin4", encoding_id::iso_8859_4},
    {"latin5", encoding_id::windows_1254},
    {"latin6", encoding_id::iso_8859_10},
    {"logical", encoding_id::iso_8859_8_i},
    {"mac", encoding_id::macintosh},
    {"macintosh", encoding_id::macintosh},
    {"ms932", encoding_id::shift_jis},
    {"ms_kanji", encoding_id::shift_jis},
    {"replacement", encoding_id::replacement},
    {"shift-jis", encoding_id::shift_jis},
    {"shift_jis", encoding_id::shift_jis},
    {"sjis", encoding_id::shift_jis},
    {"sun_eu_greek", encoding_id::iso_8859_7},
    {"tis-620", encoding_id::windows_874},
    {"ucs-2", encoding_id::utf_16le},
    {"unicode", encoding_id::utf_16le},
    {"unicode-1-1-utf-8", encoding_id::utf_8},
    {"unicode11utf8", encoding_id::utf_8},
    {"unicode20utf8", encoding_id::utf_8},
    {"unicodefeff", encoding_id::utf_16le},
    {"unicodefffe", encoding_id::utf_16be},
    {"us-ascii", encoding_id::windows_1252},
    {"utf-16", encoding_id::utf_16le},
    {"utf-16be", encoding_id::utf_16be},
    {"utf-16le", encoding_id::utf_16le},
    {"utf-8", encoding_id::utf_8},
    {"utf8", encoding_id::utf_8},
    {"visual", encoding_id::iso_8859_8},
    {"windows-1250", encoding_id::windows_1250},
    {"windows-1251", encoding_id::windows_1251},
    {"windows-1252", encoding_id::windows_1252},
    {"windows-1253", encoding_id::windows_1253},
    {"windows-1254", encoding_id::windows_1254},
    {"windows-1255", encoding_id::windows_1255},
    {"windows-1256", encoding_id::windows_1256},
    {"windows-1257", encoding_id::windows_1257},
    {"windows-1258", encoding_id::windows_1258},
    {"windows-31j", encoding_id::shift_jis},
    {"windows-874", encoding_id::windows_874},
    {"windows-949", encoding_id::euc_kr},
    {"x-cp1250", encoding_id::windows_1250},
    {"x-cp1251", encoding_id::windows_1251},
    {"x-cp1252", encoding_id::windows_1252},
    {"x-cp1253", encoding_id::windows_1253},
    {"x-cp1254", encoding_id::windows_1254},
    {"x-cp1255", encoding_id::windows_1255},
    {"x-cp1256", encoding_id::windows_1256},
    {"x-cp1257", encoding_id::windows_1257},
    {"x-cp1258", encoding_id::windows_1258},
    {"x-euc-jp", encoding_id::euc_jp},
    {"x-gbk", encoding_id::gbk},
    {"x-mac-cyrillic", encoding_id::x_mac_cyrillic},
    {"x-mac-roman", encoding_id::macintosh},
    {"x-mac-ukrainian", encoding_id::x_mac_cyrillic},
    {"x-sjis", encoding_id::shift_jis},
    {"x-unicode20utf8", encoding_id::utf_8},
    {"x-user-defined", encoding_id::x_user_defined},
    {"x-x-big5", encoding_id::big5},
});

consteval bool sorted_and_unique() {
    for (std::size_t i = 1; i < labels.size(); ++i) {
        if (!(labels[i - 1].label < labels[i].label)) return false;
    }
    return true;
}
static_assert(sorted_and_unique(), "the label table must stay sorted for binary search");
static_assert(labels.size() == 228, "the WHATWG Encoding standard defines 228 labels");

// Names, decoders and ICU converters, indexed by encoding_id. Converter choices (checked against the WHATWG
// indexes; the differences that remain are listed in encoding_icu.cpp):
//   GBK and gb18030: ICU "gb18030" — the standard's GBK decoder *is* its gb18030 decoder (§10.1.1).
//   Big5: ICU's Big5-HKSCS table, as the standard's Big5 index is Big5 plus HKSCS (§11.1).
//   Shift_JIS: "windows-31j" (ibm-943_P15A-2003), the Microsoft variant the standard follows (§12.3).
//   EUC-KR: "windows-949-2000", as the standard's EUC-KR is windows-949 (UHC) (§13.1).
//   Single-byte encodings only seed a 128-entry table from ICU; encoding_icu.cpp corrects it to the index.
//   ISO-8859-16 is not in ICU's data; its table is our own.
constexpr std::array<encoding_info, 40> infos = {{
    {"UTF-8", decoder_kind::utf_8, nullptr},
    {"IBM866", decoder_kind::single_byte, "ibm-866_P100-1995"},
    {"ISO-8859-2", decoder_kind::single_byte, "ISO-8859-2"},
    {"ISO-8859-3", decoder_kind::single_byte, "ISO-8859-3"},
    {"ISO-8859-4", decoder_kind::single_byte, "ISO-8859-4"},
    {"ISO-8859-5", decoder_kind::single_byte, "ISO-8859-5"},
    {"ISO-8859-6", decoder_kind::single_byte, "ISO-8859-6"},
    {"ISO-8859-7", decoder_kind::single_byte, "ISO-8859-7"},
    {"ISO-8859-8", decoder_kind::single_byte, "ISO-8859-8"},
    {"ISO-8859-8-I", decoder_kind::single_byte, "ISO-8859-8"},   // same index; -I only changes bidi handling
    {"ISO-8859-10", decoder_kind::single_byte, "ISO-8859-10"},
    {"ISO-8859-13", decoder_kind::single_byte, "ISO-8859-13"},
    {"ISO-8859-14", decoder_kind::single_byte, "ISO-8859-14"},
    {"ISO-8859-15", decoder_kind::single_byte, "ISO-8859-15"},
    {"ISO-8859-16", decoder_kind::single_byte, nullptr},
    {"KOI8-R", decoder_kind::single_byte, "KOI8-R"},
    {"KOI8-U", decoder_kind::single_byte, "ibm-1168_P100-2002"},
    {"macintosh", decoder_kind::single_byte, "macos-0_2-10.2"},
    {"windows-874", decoder_kind::single_byte, "windows-874-2000"},
    {"windows-1250", decoder_kind::single_byte, "windows-1250"},
    {"windows-1251", decoder_kind::single_byte, "windows-1251"},
    {"windows-1252", decoder_kind::single_byte, "windows-1252"},
    {"windows-1253", decoder_kind::single_byte, "windows-1253"},
    {"windows-1254", decoder_kind::single_byte, "windows-1254"},
    {"windows-1255", decoder_kind::single_byte, "windows-1255"},
    {"windows-1256", decoder_kind::single_byte, "windows-1256"},
    {"windows-1257", decoder_kind::single_byte, "windows-1257"},
    {"windows-1258", decoder_kind::single_byte, "windows-1258"},
    {"x-mac-cyrillic", decoder_kind::single_byte, "macos-7_3-10.2"},
    {"GBK", decoder_kind::icu, "gb18030"},
    {"gb18030", decoder_kind::icu, "gb18030"},
    {"Big5", decoder_kind::icu, "ibm-1375_P100-2008"},
    {"EUC-JP", decoder_kind::icu, "EUC-JP"},
    {"ISO-2022-JP", decoder_kind::icu, "ISO_2022,locale=ja,version=0"},
    {"Shift_JIS", decoder_kind::icu, "windows-31j"},
    {"EUC-KR", decoder_kind::icu, "windows-949-2000"},
    {"replacement", decoder_kind::replacement, nullptr},
    {"UTF-16BE", decoder_kind::icu, "UTF-16BE"},
    {"UTF-16LE", decoder_kind::icu, "UTF-16LE"},
    {"x-user-defined", decoder_kind::x_user_defined, nullptr},
}};
static_assert(infos.size() == static_cast<std::size_t>(encoding_id::x_user_defined) + 1);

constexpr bool is_ascii_whitespace(char c) noexcept {
    // Encoding §4.2 "get an encoding" strips leading and trailing ASCII whitespace (Infra): TAB, LF, FF, CR, SPACE.
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

constexpr char to_ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The longest label is 19 bytes ("cseucpkdfmtjapanese"); anything longer cannot match.
constexpr std::size_t longest_label = 19;

}  // namespace

const encoding_info& info(encoding_id id) noexcept { return infos[static_cast<std::size_t>(id)]; }

std::optional<encoding_id> encoding_id_for_label(std::string_view label) noexcept {
    while (!label.empty() && is_ascii_whitespace(label.front())) label.remove_prefix(1);
    while (!label.empty() && is_ascii_whitespace(label.back())) label.remove_suffix(1);
    if (label.empty() || label.size() > longest_label) return std::nullopt;

    std::array<char, longest_label> lowered{};
    std::transform(label.begin(), label.end(), lowered.begin(), to_ascii_lower);
    const std::string_view key(lowered.data(), label.size());

    const auto* it = std::lower_bound(labels.begin(), labels.end(), key,
                                      [](const label_entry& e, std::string_view k) { return e.label < k; });
    if (it == labels.end() || it->label != key) return std::nullopt;
    return it->id;
}

std::optional<encoding_id> encoding_id_for_name(std::string_view canonical_name) noexcept {
    for (std::size_t i = 0; i < infos.size(); ++i) {
        if (infos[i].name == canonical_name) return static_cast<encoding_id>(i);
    }
    return std::nullopt;
}

}  // namespace winnow::detail

namespace winnow {

std::optional<std::string_view> encoding_for_label(std::string_view label) noexcept {
    if (auto id = detail::encoding_id_for_label(label)) return detail::info(*id).name;
    return std::nullopt;
}

}  // namespace winnow
