// winnow/encoding.hpp — deciding a page's character encoding as a browser does, and decoding it to UTF-8.
//
// Pages arrive as bytes in any charset. The encoding is decided in this order (WHATWG HTML §13.2.3.1,
// "determining the character encoding"):
//   1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
//   2. a label given by the caller (a Kafka header, an envelope field, a CLI flag), if the Encoding standard
//      knows it; unknown caller labels are ignored, as browsers ignore them;
//      then UTF-16 without a byte-order mark, told by its zero bytes (markup, being ASCII, has a zero in
//      every other byte, always the odd ones in UTF-16LE, the even ones in UTF-16BE), as browsers'
//      detectors tell it; it would otherwise read as text with a NUL between every two characters;
//   3. the <meta charset> / http-equiv prescan of the first 1024 bytes (§13.2.3.2) — except that, unless
//      told to follow the standard strictly, bytes which are valid UTF-8 with real multi-byte text are read
//      as UTF-8 whatever the <meta> says: crawlers and proxies that re-encode pages to UTF-8 leave the
//      original declaration behind, and legacy-encoded text is valid UTF-8 by chance only when very short;
//   4. a late <meta> within the first 64 KiB: what a browser finds while parsing the head and then reloads
//      the page with ("change the encoding", §13.2.3.4);
//   5. the bytes themselves: valid UTF-8 with non-ASCII bytes is UTF-8; otherwise ICU's charset detector,
//      when it is confident;
//   6. UTF-8.
// Labels map to encodings per the WHATWG Encoding standard: "gb2312" and "gbk" decode as GBK (a GB18030
// subset), "iso-8859-1" and "us-ascii" as windows-1252, "euc-kr" as windows-949, and so on. Decoding
// never fails on bad bytes: an invalid sequence becomes U+FFFD. Valid UTF-8 is not copied.
//
//     auto page = winnow::decode(raw_bytes, {.caller_label = content_type_charset});
//     if (!page) return page.error();               // only limits and converter failures are errors
//     tokenize(page->text());                       // UTF-8
//     log("encoding", page->encoding(), winnow::to_string(page->source()));
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "winnow/limits.hpp"
#include "winnow/result.hpp"

namespace winnow {

/// Where the decision of a page's encoding came from.
enum class encoding_source : std::uint8_t {
    byte_order_mark,
    caller,
    meta_prescan,     ///< <meta> in the first 1024 bytes
    late_meta,        ///< <meta> after the first 1024 bytes, within the first 64 KiB
    detector,         ///< UTF-8 validation or ICU's charset detector
    default_utf8,
};

/// "bom", "caller", "meta", "late-meta", "detector", "default".
[[nodiscard]] std::string_view to_string(encoding_source source) noexcept;

/// WHATWG Encoding "get an encoding": the canonical name of the encoding a label denotes ("GBK" for
/// " gb2312 ", "windows-1252" for "latin1"), matched ASCII case-insensitively after trimming ASCII
/// whitespace; nullopt for a label the standard does not know. Canonical names are the standard's own
/// ("UTF-8", "UTF-16LE", "gb18030", "Big5", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "EUC-KR",
/// "windows-1250", "KOI8-R", "ISO-8859-2", "x-user-defined", "replacement", ...).
[[nodiscard]] std::optional<std::string_view> encoding_for_label(std::string_view label) noexcept;

/// HTML §13.2.3.2 "prescan a byte stream to determine its encoding" over bytes.substr(0, max_bytes): the
/// canonical name from the first <meta charset> or <meta http-equiv="content-type" content="...charset=...">,
/// with the standard's fix-ups (UTF-16 labels mean UTF-8; x-user-defined means windows-1252); nullopt if none.
[[nodiscard]] std::optional<std::string_view> prescan_meta_charset(std::string_view bytes,
                                                                   std::size_t max_bytes = 1024) noexcept;

/// "UTF-16LE" or "UTF-16BE" when the first kilobyte of `bytes` reads as UTF-16 without a byte-order mark
/// (zero bytes in one byte position of at least a third of the code units, almost never in the other),
/// else nullopt. Binary data has its zeros in both positions and is not taken for UTF-16.
[[nodiscard]] std::optional<std::string_view> sniff_utf16(std::string_view bytes) noexcept;

/// True when the bytes are binary data rather than a page in some charset: a NUL byte in the first 8 KiB,
/// or more than a tenth of them control characters other than tab, LF, FF, CR and ESC (ISO-2022-JP).
/// UTF-16 (a byte-order mark, the caller's UTF-16 label, or zeros in every other byte) is text.
[[nodiscard]] bool looks_binary(std::string_view bytes, std::string_view caller_label = {}) noexcept;

/// The decision of steps 1–6 above, without decoding.
struct encoding_decision {
    std::string_view encoding;    ///< canonical WHATWG name
    encoding_source source;
    std::size_t bom_length = 0;   ///< bytes of byte-order mark to skip (0, 2 or 3)
};
/// `strict` follows the standard's order exactly: a <meta> wins over bytes that are valid UTF-8.
[[nodiscard]] encoding_decision sniff_encoding(std::string_view bytes, std::string_view caller_label = {},
                                               bool strict = false) noexcept;

/// True when bytes are well-formed UTF-8 (no surrogates, no overlongs, nothing past U+10FFFF). Fast on
/// ASCII runs.
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

struct decode_options {
    std::string_view caller_label;   ///< step 2; empty for none
    bool strict = false;             ///< let a <meta> win over valid UTF-8, as the standard says
    winnow::limits limits = {};      ///< max_input_bytes applies to the raw bytes
};

/// A page decoded to UTF-8. text() views the caller's bytes when they were valid UTF-8 already (so the
/// caller's buffer must outlive it), else this object's own storage.
class decoded_text {
public:
    [[nodiscard]] std::string_view text() const noexcept { return owned_ ? std::string_view(storage_) : view_; }
    [[nodiscard]] std::string_view encoding() const noexcept { return encoding_; }
    [[nodiscard]] encoding_source source() const noexcept { return source_; }
    /// U+FFFD characters the decoder substituted for invalid byte sequences.
    [[nodiscard]] std::size_t replacements() const noexcept { return replacements_; }
    /// False when text() views the input without a copy.
    [[nodiscard]] bool converted() const noexcept { return owned_; }

    static decoded_text viewing(std::string_view utf8, encoding_decision decision) noexcept;
    static decoded_text owning(std::string utf8, encoding_decision decision, std::size_t replacements) noexcept;

private:
    std::string storage_;
    std::string_view view_;
    std::string_view encoding_ = "UTF-8";
    encoding_source source_ = encoding_source::default_utf8;
    std::size_t replacements_ = 0;
    bool owned_ = false;
};

/// Decides the encoding (sniff_encoding) and decodes to UTF-8. Fails only with errc::input_too_large or,
/// should ICU fail to open a converter, errc::decode_failed.
[[nodiscard]] result<decoded_text> decode(std::string_view bytes, const decode_options& options = {});

/// Decodes bytes known to be in the given encoding (a label, mapped as encoding_for_label does), skipping
/// no byte-order mark. Fails with errc::unknown_encoding for an unknown label.
[[nodiscard]] result<decoded_text> decode_as(std::string_view bytes, std::string_view label,
                                             const winnow::limits& limits = {});

}  // namespace winnow
