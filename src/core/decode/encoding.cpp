// encoding.cpp — deciding a page's encoding (HTML §13.2.3.1) and decoding it to UTF-8.
#include "winnow/encoding.hpp"

#include <algorithm>
#include <utility>

#include "byte_lanes.hpp"
#include "decode/encoding_internal.hpp"
#include "utf8.hpp"

namespace winnow {
namespace {

constexpr std::size_t prescan_window = 1024;                  // HTML §13.2.3.2: "the first 1024 bytes"
constexpr std::size_t late_meta_window = std::size_t{64} << 10;

bool has_non_ascii(std::string_view bytes) noexcept {
    return std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

/// Text whose high bytes pair up as the double-byte encodings' lead and trail bytes (GBK, Big5, Shift_JIS,
/// EUC-KR and EUC-JP all fit the pattern): a CJK page.
bool looks_double_byte(std::string_view bytes) noexcept {
    std::size_t pairs = 0, strays = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b < 0x80) continue;
        const auto next = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0u;
        if (b >= 0x81 && b <= 0xFE && next >= 0x40 && next <= 0xFE && next != 0x7F) {
            ++pairs;
            ++i;
        } else {
            ++strays;
        }
    }
    return pairs >= 64 && strays * 20 <= pairs;
}

/// What the detector looks at: from shortly before the first non-ASCII byte, so that a page whose head is all
/// ASCII (scripts, styles) is judged by its text. 4 KiB decide a charset as well as 64 KiB do; for a CJK
/// page 768 bytes (some 350 characters) are plenty, and ICU's detector, which runs every single-byte
/// recognizer over whatever it is given, costs a fifth.
std::string_view detector_window(std::string_view bytes) noexcept {
    constexpr std::size_t lead_in = 256;
    const auto* first = std::find_if(bytes.begin(), bytes.end(),
                                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    const auto offset = static_cast<std::size_t>(first - bytes.begin());
    const std::size_t start = offset > lead_in ? offset - lead_in : 0;
    const std::string_view window = bytes.substr(start, std::size_t{4} << 10);
    return looks_double_byte(window) ? window.substr(0, 768) : window;
}

/// The prescan with its fix-ups, as an id.
std::optional<detail::encoding_id> meta_charset(std::string_view bytes, std::size_t window) noexcept {
    auto name = prescan_meta_charset(bytes, window);
    if (!name) return std::nullopt;
    return detail::encoding_id_for_name(*name);
}

std::optional<detail::encoding_id> utf16_without_bom(std::string_view bytes) noexcept {
    const std::size_t units = std::min<std::size_t>(bytes.size(), 1024) / 2;
    if (units < 16) return std::nullopt;
    std::size_t zero_high_first = 0, zero_low_first = 0;   // zeros at even (BE high byte) and odd positions
    for (std::size_t i = 0; i < units; ++i) {
        const bool first_zero = bytes[2 * i] == '\0';
        const bool second_zero = bytes[2 * i + 1] == '\0';
        if (first_zero && second_zero) return std::nullopt;   // U+0000 is no text: binary data
        zero_high_first += first_zero ? 1 : 0;
        zero_low_first += second_zero ? 1 : 0;
    }
    const auto decisive = [&](std::size_t zeros, std::size_t others) { return zeros * 3 >= units && others * 20 <= zeros; };
    if (decisive(zero_low_first, zero_high_first)) return detail::encoding_id::utf_16le;
    if (decisive(zero_high_first, zero_low_first)) return detail::encoding_id::utf_16be;
    return std::nullopt;
}

struct sniffed {
    encoding_decision decision;
    /// Set when step 5 has already found the bytes (after any BOM) to be valid UTF-8.
    bool known_valid_utf8 = false;
};

sniffed sniff(std::string_view bytes, std::string_view caller_label, bool strict) noexcept {
    using detail::encoding_id;
    auto decision_for = [](encoding_id id, encoding_source source, std::size_t bom_length = 0) {
        return encoding_decision{detail::info(id).name, source, bom_length};
    };
    // 1. Byte-order mark (Encoding §6 "BOM sniff").
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        return {decision_for(encoding_id::utf_8, encoding_source::byte_order_mark, 3)};
    }
    if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
        return {decision_for(encoding_id::utf_16be, encoding_source::byte_order_mark, 2)};
    }
    if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
        return {decision_for(encoding_id::utf_16le, encoding_source::byte_order_mark, 2)};
    }
    // 2. The transport's label; one the standard does not know is ignored.
    if (auto id = detail::encoding_id_for_label(caller_label)) return {decision_for(*id, encoding_source::caller)};
    // UTF-16 without a byte-order mark: no ASCII-compatible reading of it makes sense.
    if (auto id = utf16_without_bom(bytes)) return {decision_for(*id, encoding_source::detector)};
    // 2b. Bytes that are valid UTF-8 with real multi-byte text are UTF-8, whatever a <meta> says. Crawlers
    // and proxies that re-encode pages to UTF-8 leave the original declaration in place; legacy-encoded
    // text passes as well-formed UTF-8 by chance only when it is a few characters long.
    constexpr std::size_t convincing_sequences = 8;
    if (!strict && has_non_ascii(bytes)) {
        // The first 64 KiB decide, read up to their first error only (a legacy page stops the walk within a
        // few bytes); only when they convince is the rest validated, so no byte is read twice. The cut splits
        // no sequence, which would read as an error in both parts.
        const std::string_view head = detail::utf8_prefix(bytes, late_meta_window);
        if (const auto sequences = detail::multibyte_sequences_if_valid(head);
            sequences && *sequences >= convincing_sequences && is_valid_utf8(bytes.substr(head.size()))) {
            return {decision_for(encoding_id::utf_8, encoding_source::detector), true};
        }
    }
    // 3. <meta> in the first 1024 bytes.
    if (auto id = meta_charset(bytes, prescan_window)) return {decision_for(*id, encoding_source::meta_prescan)};
    // 4. A <meta> the parser would meet later in the head, causing a reparse (§13.2.3.4).
    if (bytes.size() > prescan_window) {
        if (auto id = meta_charset(bytes, late_meta_window)) return {decision_for(*id, encoding_source::late_meta)};
    }
    // 5. The bytes themselves.
    if (is_valid_utf8(bytes)) {
        if (has_non_ascii(bytes)) return {decision_for(encoding_id::utf_8, encoding_source::detector), true};
        // 6. Pure ASCII: UTF-8 decodes it as any ASCII-compatible encoding would.
        return {decision_for(encoding_id::utf_8, encoding_source::default_utf8), true};
    }
    const std::string_view window = detector_window(bytes);
    // UTF-8 with a stray bad byte, or cut off in the middle of a character, is still UTF-8. ICU's detector
    // gets such pages wrong (a Chinese UTF-8 text with one bad byte scores windows-1252 35, UTF-8 25). Legacy
    // text read as UTF-8 has 3 to 6 errors for each sequence that happens to be well-formed (GBK, Big5,
    // Shift_JIS, EUC-JP, EUC-KR measured), single-byte text almost no well-formed ones; 4 well-formed
    // sequences per error is far from both.
    if (const auto profile = detail::profile_utf8(window);
        profile.multibyte_sequences > 0 && profile.errors * 4 <= profile.multibyte_sequences) {
        return {decision_for(encoding_id::utf_8, encoding_source::detector)};
    }
    if (auto id = detail::detect_with_icu(window)) return {decision_for(*id, encoding_source::detector)};
    // 6. Default.
    return {decision_for(encoding_id::utf_8, encoding_source::default_utf8)};
}

result<decoded_text> decode_with(std::string_view bytes, detail::encoding_id id, encoding_decision decision,
                                 bool known_valid_utf8) {
    if (id == detail::encoding_id::utf_8) {
        if (known_valid_utf8 || is_valid_utf8(bytes)) return decoded_text::viewing(bytes, decision);
        std::string text;
        const std::size_t replacements = detail::decode_utf8_replacing(bytes, text);
        return decoded_text::owning(std::move(text), decision, replacements);
    }
    auto outcome = detail::decode_legacy(bytes, id);
    if (!outcome.ok) return failure(errc::decode_failed);
    return decoded_text::owning(std::move(outcome.text), decision, outcome.replacements);
}

}  // namespace

std::string_view to_string(encoding_source source) noexcept {
    switch (source) {
        case encoding_source::byte_order_mark: return "bom";
        case encoding_source::caller: return "caller";
        case encoding_source::meta_prescan: return "meta";
        case encoding_source::late_meta: return "late-meta";
        case encoding_source::detector: return "detector";
        case encoding_source::default_utf8: return "default";
    }
    return "default";
}

std::optional<std::string_view> sniff_utf16(std::string_view bytes) noexcept {
    if (const auto id = utf16_without_bom(bytes)) return detail::info(*id).name;
    return std::nullopt;
}

encoding_decision sniff_encoding(std::string_view bytes, std::string_view caller_label, bool strict) noexcept {
    return sniff(bytes, caller_label, strict).decision;
}

decoded_text decoded_text::viewing(std::string_view utf8, encoding_decision decision) noexcept {
    decoded_text d;
    d.view_ = utf8;
    d.encoding_ = decision.encoding;
    d.source_ = decision.source;
    return d;
}

decoded_text decoded_text::owning(std::string utf8, encoding_decision decision, std::size_t replacements) noexcept {
    decoded_text d;
    d.storage_ = std::move(utf8);
    d.owned_ = true;
    d.encoding_ = decision.encoding;
    d.source_ = decision.source;
    d.replacements_ = replacements;
    return d;
}

result<decoded_text> decode(std::string_view bytes, const decode_options& options) {
    if (bytes.size() > options.limits.max_input_bytes) return failure(errc::input_too_large);
    const sniffed s = sniff(bytes, options.caller_label, options.strict);
    const auto id = detail::encoding_id_for_name(s.decision.encoding);
    if (!id) return failure(errc::decode_failed);   // unreachable: sniff returns canonical names
    // The validity found by step 5 covers the whole input, which then has no BOM.
    return decode_with(bytes.substr(s.decision.bom_length), *id, s.decision, s.known_valid_utf8);
}

result<decoded_text> decode_as(std::string_view bytes, std::string_view label, const winnow::limits& limits) {
    if (bytes.size() > limits.max_input_bytes) return failure(errc::input_too_large);
    const auto id = detail::encoding_id_for_label(label);
    if (!id) return failure(errc::unknown_encoding);
    const encoding_decision decision{detail::info(*id).name, encoding_source::caller, 0};
    return decode_with(bytes, *id, decision, false);
}

bool looks_binary(std::string_view bytes, std::string_view caller_label) noexcept {
    if (bytes.size() >= 2) {
        const auto b0 = static_cast<unsigned char>(bytes[0]);
        const auto b1 = static_cast<unsigned char>(bytes[1]);
        if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) return false;
    }
    if (!caller_label.empty()) {
        if (const auto e = encoding_for_label(caller_label); e && (*e == "UTF-16LE" || *e == "UTF-16BE")) return false;
    }
    if (sniff_utf16(bytes)) return false;   // UTF-16 without a byte-order mark: zeros in every other byte
    const std::string_view head = bytes.substr(0, 8192);
    std::size_t controls = 0;
    std::size_t i = 0;
    for (;;) {
        // Eight bytes at a time past those with no byte below 0x20 (the test is exact: some lane is below
        // 0x20 exactly when it is nonzero); the others byte by byte.
        for (; i + 8 <= head.size(); i += 8)
            if (detail::any_lane_below(detail::load_lanes(head.data() + i), 0x20)) break;
        if (i == head.size()) break;
        const std::size_t stop = std::min(head.size(), i + 8);
        for (; i < stop; ++i) {
            const auto c = static_cast<unsigned char>(head[i]);
            if (c == 0) return true;
            // Tab, LF, FF, CR occur in text; ESC in ISO-2022-JP.
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1B) ++controls;
        }
    }
    return !head.empty() && controls * 10 > head.size();
}

}  // namespace winnow
