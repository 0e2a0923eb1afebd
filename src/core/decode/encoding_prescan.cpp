// encoding_prescan.cpp — HTML §13.2.3.2 "prescan a byte stream to determine its encoding", with its "get an
// attribute" algorithm and the "algorithm for extracting a character encoding from a meta element" (HTML,
// "Extracting character encodings from meta elements", under Fetching resources).
//
// The spec reads past the end of the bytes it was given as "nothing found": wherever a step would need a byte
// beyond the end, the prescan stops and reports no encoding.
#include <algorithm>
#include <string>

#include "decode/encoding_internal.hpp"
#include "winnow/encoding.hpp"

namespace winnow::detail {
namespace {

constexpr bool is_space(unsigned char c) noexcept {
    // The prescan's whitespace: 0x09, 0x0A, 0x0C, 0x0D, 0x20.
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

constexpr bool is_upper(unsigned char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_alpha(unsigned char c) noexcept { return is_upper(c) || (c >= 'a' && c <= 'z'); }
constexpr char lower(unsigned char c) noexcept {
    return static_cast<char>(is_upper(c) ? c + ('a' - 'A') : c);
}

struct attribute {
    std::string name;
    std::string value;
};

class scanner {
public:
    explicit scanner(std::string_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] bool at_end() const noexcept { return pos_ >= bytes_.size(); }
    [[nodiscard]] unsigned char byte() const noexcept { return static_cast<unsigned char>(bytes_[pos_]); }
    [[nodiscard]] unsigned char byte_at(std::size_t offset) const noexcept {
        return static_cast<unsigned char>(bytes_[pos_ + offset]);
    }
    [[nodiscard]] std::size_t left() const noexcept { return bytes_.size() - pos_; }
    void advance(std::size_t n = 1) noexcept { pos_ += n; }
    [[nodiscard]] std::size_t position() const noexcept { return pos_; }
    void seek(std::size_t pos) noexcept { pos_ = pos; }
    [[nodiscard]] std::string_view bytes() const noexcept { return bytes_; }

    /// True when the bytes at the position start with pattern, matched ASCII case-insensitively (pattern is
    /// lower case).
    [[nodiscard]] bool starts_with_ci(std::string_view pattern) const noexcept {
        if (left() < pattern.size()) return false;
        for (std::size_t i = 0; i < pattern.size(); ++i) {
            if (lower(byte_at(i)) != pattern[i]) return false;
        }
        return true;
    }

    /// "Get an attribute" (§13.2.3.2). Returns false when there is no further attribute, or when the bytes end
    /// first (in which case at_end() is true).
    bool get_attribute(attribute& attr) {
        attr.name.clear();
        attr.value.clear();
        // 1. Skip whitespace and slashes.
        while (!at_end() && (is_space(byte()) || byte() == '/')) advance();
        if (at_end()) return false;
        // 2. '>' ends the tag: no attribute.
        if (byte() == '>') return false;
        // 4. The name.
        for (;;) {
            if (at_end()) return false;
            const unsigned char c = byte();
            if (c == '=' && !attr.name.empty()) {
                advance();
                return get_value(attr);
            }
            if (is_space(c)) break;                 // go to the "spaces" step
            if (c == '/' || c == '>') return true;  // name with empty value; position stays on the byte
            attr.name.push_back(lower(c));
            advance();
        }
        // 5. Spaces.
        while (!at_end() && is_space(byte())) advance();
        if (at_end()) return false;
        // 6. Without '=', the attribute has an empty value; the position stays where it is.
        if (byte() != '=') return true;
        // 7. Skip the '='.
        advance();
        return get_value(attr);
    }

private:
    bool get_value(attribute& attr) {
        // 8. Whitespace before the value.
        while (!at_end() && is_space(byte())) advance();
        if (at_end()) return false;
        // 9. Quoted value, '>', or the first byte of an unquoted value.
        const unsigned char first = byte();
        if (first == '"' || first == '\'') {
            for (;;) {
                advance();
                if (at_end()) return false;
                if (byte() == first) {
                    advance();
                    return true;
                }
                attr.value.push_back(lower(byte()));
            }
        }
        if (first == '>') return true;
        attr.value.push_back(lower(first));
        advance();
        // 10–11. The rest of an unquoted value.
        for (;;) {
            if (at_end()) return false;
            const unsigned char c = byte();
            if (is_space(c) || c == '>') return true;
            attr.value.push_back(lower(c));
            advance();
        }
    }

    std::string_view bytes_;
    std::size_t pos_ = 0;
};

constexpr bool is_ascii_whitespace(char c) noexcept {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

/// HTML "algorithm for extracting a character encoding from a meta element". The value is already lower-cased
/// by "get an attribute".
std::optional<encoding_id> extract_from_content(std::string_view s) noexcept {
    std::size_t pos = 0;
    for (;;) {
        // Loop: the next "charset" after the position.
        const std::size_t found = s.find("charset", pos);
        if (found == std::string_view::npos) return std::nullopt;
        pos = found + 7;
        // Skip whitespace after "charset".
        while (pos < s.size() && is_ascii_whitespace(s[pos])) ++pos;
        // Not '=': look for the next "charset" from just before that character.
        if (pos >= s.size() || s[pos] != '=') continue;
        ++pos;
        while (pos < s.size() && is_ascii_whitespace(s[pos])) ++pos;
        if (pos >= s.size()) return std::nullopt;
        const char c = s[pos];
        if (c == '"' || c == '\'') {
            const std::size_t close = s.find(c, pos + 1);
            if (close == std::string_view::npos) return std::nullopt;   // unmatched quote
            return encoding_id_for_label(s.substr(pos + 1, close - pos - 1));
        }
        std::size_t end = pos;
        while (end < s.size() && !is_ascii_whitespace(s[end]) && s[end] != ';') ++end;
        return encoding_id_for_label(s.substr(pos, end - pos));
    }
}

/// The <meta> branch of the prescan, with the position on the space or slash after "<meta". Returns the
/// encoding when the element declares one, else nullopt; the scanner is left where the tag's attributes end.
std::optional<encoding_id> scan_meta(scanner& scan) {
    // Attribute names seen so far, as the spec's "attribute list"; a <meta> has few, so a small vector does.
    std::string seen_names;   // names separated by '\0'
    bool got_pragma = false;
    enum class pragma : std::uint8_t { null, yes, no } need_pragma = pragma::null;
    // charset: not set, set to failure (an unknown label in charset=), or an encoding.
    bool charset_set = false;
    std::optional<encoding_id> charset;

    attribute attr;
    while (scan.get_attribute(attr)) {
        // Skip an attribute whose name was already seen.
        bool duplicate = false;
        for (std::size_t start = 0; start < seen_names.size();) {
            const std::size_t end = seen_names.find('\0', start);
            if (std::string_view(seen_names).substr(start, end - start) == attr.name) {
                duplicate = true;
                break;
            }
            start = end + 1;
        }
        if (duplicate) continue;
        seen_names.append(attr.name);
        seen_names.push_back('\0');

        if (attr.name == "http-equiv") {
            if (attr.value == "content-type") got_pragma = true;
        } else if (attr.name == "content") {
            if (auto found = extract_from_content(attr.value); found && !charset_set) {
                charset = found;
                charset_set = true;
                need_pragma = pragma::yes;
            }
        } else if (attr.name == "charset") {
            charset = encoding_id_for_label(attr.value);
            charset_set = true;
            need_pragma = pragma::no;
        }
    }
    if (scan.at_end()) return std::nullopt;   // the tag did not end within the bytes
    // Processing.
    if (need_pragma == pragma::null) return std::nullopt;
    if (need_pragma == pragma::yes && !got_pragma) return std::nullopt;
    return charset;
}

std::optional<encoding_id> prescan_bytes(std::string_view bytes) {
    scanner scan(bytes);
    attribute attr;
    while (!scan.at_end()) {
        const unsigned char c = scan.byte();
        if (c == '<') {
            if (scan.starts_with_ci("<!--")) {
                // Skip to the '>' of the first "-->" after "<!" (its dashes may be those of "<!--").
                const std::size_t end = bytes.find("-->", scan.position() + 2);
                if (end == std::string_view::npos) return std::nullopt;
                scan.seek(end + 2);
            } else if (scan.starts_with_ci("<meta") && scan.left() > 5 &&
                       (is_space(scan.byte_at(5)) || scan.byte_at(5) == '/')) {
                scan.advance(5);
                if (auto found = scan_meta(scan)) return found;
                if (scan.at_end()) return std::nullopt;
            } else if (scan.left() > 1 && (is_alpha(scan.byte_at(1)) ||
                                           (scan.byte_at(1) == '/' && scan.left() > 2 && is_alpha(scan.byte_at(2))))) {
                // A start or end tag: skip its name, then its attributes.
                while (!scan.at_end() && !is_space(scan.byte()) && scan.byte() != '>') scan.advance();
                while (scan.get_attribute(attr)) {
                }
                if (scan.at_end()) return std::nullopt;
            } else if (scan.left() > 1 && (scan.byte_at(1) == '!' || scan.byte_at(1) == '/' || scan.byte_at(1) == '?')) {
                // "<!", "</", "<?": skip to the next '>'.
                const std::size_t end = bytes.find('>', scan.position() + 1);
                if (end == std::string_view::npos) return std::nullopt;
                scan.seek(end);
            }
        }
        scan.advance();   // "next byte"
    }
    return std::nullopt;
}

}  // namespace

std::optional<encoding_id> prescan(std::string_view bytes) noexcept {
    try {
        return prescan_bytes(bytes);
    } catch (...) {
        // Attribute names and values are the only allocations; a prescan that cannot allocate finds nothing.
        return std::nullopt;
    }
}

}  // namespace winnow::detail

namespace winnow {

std::optional<std::string_view> prescan_meta_charset(std::string_view bytes, std::size_t max_bytes) noexcept {
    auto found = detail::prescan(bytes.substr(0, std::min(max_bytes, bytes.size())));
    if (!found) return std::nullopt;
    // §13.2.3.2 processing: a UTF-16 label in a <meta> means UTF-8 (the page could not have been parsed as
    // ASCII-compatible otherwise); x-user-defined means windows-1252.
    if (*found == detail::encoding_id::utf_16be || *found == detail::encoding_id::utf_16le) {
        found = detail::encoding_id::utf_8;
    } else if (*found == detail::encoding_id::x_user_defined) {
        found = detail::encoding_id::windows_1252;
    }
    return detail::info(*found).name;
}

}  // namespace winnow
