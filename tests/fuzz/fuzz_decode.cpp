// fuzz_decode — sniffing and decoding arbitrary bytes.
//
// Input: the page's bytes. A first byte 0x01–0x08 or 0x10–0x1A is not part of the page but chooses a
// caller label (the transport's charset) from the list below; any other first byte (HTML, a BOM, whitespace,
// ESC for ISO-2022-JP) is the page itself, with no caller label.
// Invariants:
//   - decode fails only past a limit (and does fail past max_input_bytes);
//   - the output is valid UTF-8, by the core's validator and by an independent reference validator, and the
//     two validators agree on the input too;
//   - valid UTF-8 input without a BOM that decodes as UTF-8 comes back unchanged and uncopied; invalid UTF-8
//     decoded as UTF-8 has replacements;
//   - ASCII input decoded by an ASCII-compatible encoding comes back unchanged;
//   - the decision agrees with sniff_encoding, a BOM wins, a known caller label wins over the bytes, and
//     every canonical name is itself a label of the encoding;
//   - decode_as with the caller label decodes to valid UTF-8, or fails with unknown_encoding for an unknown one.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "winnow/encoding.hpp"
#include "winnow/error.hpp"

namespace {

using winnow::fuzz::printable;

/// Labels a transport might send: canonical, aliased, padded and odd-cased, unknown, and the ones that
/// decode specially (UTF-16, replacement, x-user-defined).
constexpr std::array<std::string_view, 19> caller_labels = {
    "utf-8",   "GBK",        " gb2312 ",     "gb18030",   "big5",      "Shift_JIS", "euc-jp",
    "ISO-2022-JP", "euc-kr", "windows-1252", "latin1",    "utf-16le",  "UTF-16BE",  "x-user-defined",
    "iso-2022-kr", "koi8-r", "windows-1251", "no-such-charset", ""};

/// The label a leading control byte selects, if it selects one.
std::optional<std::string_view> label_for_byte(std::uint8_t b) noexcept {
    if (b >= 0x01 && b <= 0x08) return caller_labels[b - 0x01u];
    if (b >= 0x10 && b <= 0x1A) return caller_labels[8 + (b - 0x10u)];
    return std::nullopt;
}

bool is_ascii(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// Encodings that decode ASCII bytes to the same code points.
bool ascii_compatible(std::string_view encoding) noexcept {
    return encoding != "UTF-16LE" && encoding != "UTF-16BE" && encoding != "ISO-2022-JP" && encoding != "replacement";
}

std::size_t count_replacement_characters(std::string_view s) noexcept {
    std::size_t n = 0;
    for (std::size_t at = s.find("\xEF\xBF\xBD"); at != std::string_view::npos; at = s.find("\xEF\xBF\xBD", at + 3)) ++n;
    return n;
}

void check_output(const winnow::decoded_text& d, std::string_view what) {
    const std::string_view text = d.text();
    WINNOW_FUZZ_CHECK_MSG(winnow::is_valid_utf8(text), what << " (" << d.encoding() << ") gave invalid UTF-8: " << printable(text));
    WINNOW_FUZZ_CHECK_MSG(winnow::fuzz::reference_valid_utf8(text),
                          what << " (" << d.encoding() << ") gave invalid UTF-8 (reference): " << printable(text));
    WINNOW_FUZZ_CHECK_MSG(count_replacement_characters(text) >= d.replacements(),
                          what << " (" << d.encoding() << ") reports " << d.replacements() << " replacements, the text has "
                               << count_replacement_characters(text));
    // Every canonical name is a label of its own encoding.
    const auto again = winnow::encoding_for_label(d.encoding());
    WINNOW_FUZZ_CHECK_MSG(again && *again == d.encoding(), "canonical name " << d.encoding() << " is not its own label");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::optional<std::string_view> label;
    if (size > 0) {
        label = label_for_byte(data[0]);
        if (label) bytes.remove_prefix(1);
    }
    const std::string_view caller_label = label.value_or(std::string_view{});
    const bool input_valid = winnow::fuzz::reference_valid_utf8(bytes);
    WINNOW_FUZZ_CHECK_MSG(winnow::is_valid_utf8(bytes) == input_valid,
                          "is_valid_utf8 says " << !input_valid << " for " << printable(bytes));

    const winnow::encoding_decision decision = winnow::sniff_encoding(bytes, caller_label);
    auto decoded = winnow::decode(bytes, {.caller_label = caller_label});
    WINNOW_FUZZ_CHECK_MSG(decoded.has_value(), "decode failed: " << winnow::error_name(decoded.error()) << " ("
                                                                 << decoded.error().message() << ")");
    const winnow::decoded_text& d = *decoded;
    check_output(d, "decode");
    WINNOW_FUZZ_CHECK_MSG(d.encoding() == decision.encoding && d.source() == decision.source,
                          "decode chose " << d.encoding() << " from " << winnow::to_string(d.source())
                                          << ", sniff_encoding " << decision.encoding << " from "
                                          << winnow::to_string(decision.source));

    // Steps 1 and 2 of the decision.
    const bool utf8_bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
    const bool utf16_bom = !utf8_bom && (bytes.substr(0, 2) == "\xFE\xFF" || bytes.substr(0, 2) == "\xFF\xFE");
    if (utf8_bom || utf16_bom) {
        WINNOW_FUZZ_CHECK(d.source() == winnow::encoding_source::byte_order_mark);
        WINNOW_FUZZ_CHECK(decision.bom_length == (utf8_bom ? 3u : 2u));
    } else {
        WINNOW_FUZZ_CHECK(decision.bom_length == 0);
        const auto labelled = winnow::encoding_for_label(caller_label);
        if (labelled) {
            WINNOW_FUZZ_CHECK_MSG(d.source() == winnow::encoding_source::caller && d.encoding() == *labelled,
                                  "caller label " << printable(caller_label) << " (" << *labelled << ") lost to "
                                                  << d.encoding() << " from " << winnow::to_string(d.source()));
        }
    }

    const std::string_view body = bytes.substr(decision.bom_length);
    if (d.encoding() == "UTF-8") {
        const bool body_valid = winnow::fuzz::reference_valid_utf8(body);
        if (body_valid) {
            WINNOW_FUZZ_CHECK_MSG(d.text() == body, "valid UTF-8 changed by decoding: " << printable(body));
            WINNOW_FUZZ_CHECK(!d.converted() && d.replacements() == 0);
        } else {
            WINNOW_FUZZ_CHECK(d.converted() && d.replacements() > 0);
        }
        if (!utf8_bom && input_valid) WINNOW_FUZZ_CHECK(d.text() == bytes);
    } else {
        WINNOW_FUZZ_CHECK(d.converted());
    }
    if (is_ascii(body) && ascii_compatible(d.encoding())) {
        WINNOW_FUZZ_CHECK_MSG(d.text() == body, d.encoding() << " changed ASCII " << printable(body) << " into "
                                                            << printable(d.text()));
    }
    if (auto prescanned = winnow::prescan_meta_charset(bytes)) {
        // The standard's fix-ups: a <meta> never selects UTF-16 or x-user-defined.
        WINNOW_FUZZ_CHECK(*prescanned != "UTF-16LE" && *prescanned != "UTF-16BE" && *prescanned != "x-user-defined");
    }

    // The bound on raw bytes is enforced, and is the only failure.
    if (!bytes.empty()) {
        winnow::decode_options small;
        small.caller_label = caller_label;
        small.limits.max_input_bytes = bytes.size() - 1;
        const auto refused = winnow::decode(bytes, small);
        WINNOW_FUZZ_CHECK(!refused && refused.error() == winnow::errc::input_too_large);
    }

    // decode_as: the caller's label taken as certain.
    if (label) {
        const auto as = winnow::decode_as(bytes, caller_label);
        if (winnow::encoding_for_label(caller_label)) {
            WINNOW_FUZZ_CHECK_MSG(as.has_value(), "decode_as " << printable(caller_label) << " failed: "
                                                               << winnow::error_name(as.error()));
            check_output(*as, "decode_as");
        } else {
            WINNOW_FUZZ_CHECK(!as && as.error() == winnow::errc::unknown_encoding);
        }
    }
    return 0;
}
