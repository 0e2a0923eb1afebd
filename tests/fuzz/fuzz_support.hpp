// fuzz_support.hpp — what the fuzz targets share: a reference UTF-8 validator, the tokenizer options a
// leading byte selects, and a sink that checks the per-token invariants and can record tokens for the
// differential target.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "winnow/error.hpp"
#include "winnow/tag.hpp"
#include "winnow/token.hpp"
#include "winnow/tokenizer.hpp"

namespace winnow::fuzz {

/// Unicode's well-formed UTF-8 (Table 3-7), written byte range by byte range and independently of the core,
/// so that the core's fast validator is checked against it.
inline bool reference_valid_utf8(std::string_view s) noexcept {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    auto in = [](unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; };
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char b = byte(i);
        std::size_t n = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;   // the range of the second byte; later bytes are always 80..BF
        if (b < 0x80) {
            n = 1;
        } else if (in(b, 0xC2, 0xDF)) {
            n = 2;
        } else if (b == 0xE0) {
            n = 3;
            lo = 0xA0;   // no overlongs
        } else if (in(b, 0xE1, 0xEC) || in(b, 0xEE, 0xEF)) {
            n = 3;
        } else if (b == 0xED) {
            n = 3;
            hi = 0x9F;   // no surrogates
        } else if (b == 0xF0) {
            n = 4;
            lo = 0x90;   // no overlongs
        } else if (in(b, 0xF1, 0xF3)) {
            n = 4;
        } else if (b == 0xF4) {
            n = 4;
            hi = 0x8F;   // nothing past U+10FFFF
        } else {
            return false;
        }
        if (s.size() - i < n) return false;
        if (n > 1 && !in(byte(i + 1), lo, hi)) return false;
        for (std::size_t k = 2; k < n; ++k)
            if (!in(byte(i + k), 0x80, 0xBF)) return false;
        i += n;
    }
    return true;
}

/// The length of the input stream the tokenizer's states see, in which its offsets count: CRLF is one byte.
inline std::size_t normalized_length(std::string_view s) noexcept {
    std::size_t crlf = 0;
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
        if (s[i] == '\r' && s[i + 1] == '\n') ++crlf;
    return s.size() - crlf;
}

/// Tokenizer options from one byte:
///   bit 0: tree feedback off; bit 1: scripting off; bits 2–4: start state (0–5 data, rcdata, rawtext,
///   script data, plaintext, CDATA section; 6–7 data); bit 5: count input stream errors;
///   bits 6–7: the last start tag ("", "title", "script", "style"), which matters in the text start states.
/// The seeds use '@' (0x40): every default, data state.
inline tokenizer_options options_from_byte(std::uint8_t b) noexcept {
    static constexpr std::array<tokenizer_start, 8> starts = {
        tokenizer_start::data,      tokenizer_start::rcdata,        tokenizer_start::rawtext,
        tokenizer_start::script_data, tokenizer_start::plaintext, tokenizer_start::cdata_section,
        tokenizer_start::data,      tokenizer_start::data};
    static constexpr std::array<std::string_view, 4> last_start_tags = {"", "title", "script", "style"};
    tokenizer_options o;
    o.tree_feedback = (b & 0x01u) == 0;
    o.scripting = (b & 0x02u) == 0;
    o.start = starts[(b >> 2) & 0x07u];
    o.count_input_stream_errors = (b & 0x20u) != 0;
    o.last_start_tag = last_start_tags[(b >> 6) & 0x03u];
    return o;
}

struct recorded_attribute {
    std::string name;
    std::string value;
    bool operator==(const recorded_attribute&) const = default;
};

/// An owned copy of a token (a winnow::token views buffers that live only during on_token).
struct recorded_token {
    token_kind kind = token_kind::characters;
    tag_id tag = tag_id::unknown;
    bool self_closing = false;
    bool force_quirks = false;
    bool has_name = false;
    bool has_public_id = false;
    bool has_system_id = false;
    std::string name;
    std::string data;
    std::string public_id;
    std::string system_id;
    std::vector<recorded_attribute> attributes;
    std::size_t offset = 0;
};

inline const char* kind_name(token_kind k) noexcept {
    switch (k) {
        case token_kind::characters: return "characters";
        case token_kind::start_tag: return "start_tag";
        case token_kind::end_tag: return "end_tag";
        case token_kind::comment: return "comment";
        case token_kind::doctype: return "doctype";
        case token_kind::end_of_file: return "end_of_file";
    }
    return "?";
}

/// A string for a failure message: escaped, and cut short when long.
inline std::string printable(std::string_view s) {
    static constexpr std::size_t max_shown = 160;
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < max_shown; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0x0Fu];
        }
    }
    out += s.size() > max_shown ? "\"... (" + std::to_string(s.size()) + " bytes)" : "\"";
    return out;
}

inline std::ostream& operator<<(std::ostream& os, const recorded_token& t) {
    os << kind_name(t.kind) << "@" << t.offset;
    switch (t.kind) {
        case token_kind::characters:
        case token_kind::comment: os << " " << printable(t.data); break;
        case token_kind::start_tag:
        case token_kind::end_tag:
            os << " " << printable(t.name) << " tag=" << static_cast<int>(t.tag) << (t.self_closing ? " /" : "");
            for (const auto& a : t.attributes) os << " " << printable(a.name) << "=" << printable(a.value);
            break;
        case token_kind::doctype:
            os << (t.has_name ? " " + printable(t.name) : std::string(" (no name)"));
            if (t.has_public_id) os << " public " << printable(t.public_id);
            if (t.has_system_id) os << " system " << printable(t.system_id);
            if (t.force_quirks) os << " quirks";
            break;
        case token_kind::end_of_file: break;
    }
    return os;
}

inline bool has_ascii_upper(std::string_view s) noexcept {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

/// Checks every invariant a single token and its predecessor must satisfy, and optionally records the tokens.
class checking_sink final : public token_sink {
public:
    /// `input` is what the tokenizer is given in total; `record` keeps owned copies of the tokens.
    checking_sink(std::string_view input, const tokenizer_options& options, bool record)
        : stream_length_(normalized_length(input)),
          input_valid_utf8_(reference_valid_utf8(input)),
          max_attributes_(options.limits.max_attributes_per_tag),
          record_(record) {}

    void on_token(const token& t) override {
        WINNOW_FUZZ_CHECK_MSG(end_of_file_seen_ == 0, "a " << kind_name(t.kind) << " token after end_of_file");
        // Offsets: each token but end_of_file starts at a byte no earlier token started at.
        if (t.kind == token_kind::end_of_file) {
            WINNOW_FUZZ_CHECK_MSG(t.offset == stream_length_,
                                  "end_of_file offset " << t.offset << ", stream length " << stream_length_);
            WINNOW_FUZZ_CHECK(count_ == 0 || t.offset >= last_offset_);
            ++end_of_file_seen_;
        } else {
            WINNOW_FUZZ_CHECK_MSG(t.offset < stream_length_,
                                  kind_name(t.kind) << " offset " << t.offset << " past the stream end " << stream_length_);
            WINNOW_FUZZ_CHECK_MSG(count_ == 0 || t.offset > last_offset_,
                                  kind_name(t.kind) << " at offset " << t.offset << " after a token at " << last_offset_);
        }
        switch (t.kind) {
            case token_kind::characters:
                WINNOW_FUZZ_CHECK(!t.data.empty());
                WINNOW_FUZZ_CHECK_MSG(!previous_was_characters_, "adjacent character tokens at offset " << t.offset);
                break;
            case token_kind::start_tag:
            case token_kind::end_tag:
                WINNOW_FUZZ_CHECK(!t.name.empty());
                WINNOW_FUZZ_CHECK_MSG(!has_ascii_upper(t.name), "tag name not lowercased: " << printable(t.name));
                WINNOW_FUZZ_CHECK_MSG(t.tag == lookup_tag(t.name), "tag id does not match " << printable(t.name));
                if (t.kind == token_kind::end_tag) WINNOW_FUZZ_CHECK(t.attributes.empty());
                WINNOW_FUZZ_CHECK(t.attributes.size() <= max_attributes_);
                for (std::size_t i = 0; i < t.attributes.size(); ++i) {
                    WINNOW_FUZZ_CHECK_MSG(!has_ascii_upper(t.attributes[i].name),
                                          "attribute name not lowercased: " << printable(t.attributes[i].name));
                    // Duplicates are removed; quadratic, but a tag's attributes are few under max_len.
                    for (std::size_t j = 0; j < i && j < 64; ++j)
                        WINNOW_FUZZ_CHECK_MSG(t.attributes[i].name != t.attributes[j].name,
                                              "duplicate attribute " << printable(t.attributes[i].name));
                }
                break;
            case token_kind::comment: break;
            case token_kind::doctype:
                if (!t.has_name) WINNOW_FUZZ_CHECK(t.name.empty());
                if (!t.has_public_id) WINNOW_FUZZ_CHECK(t.public_id.empty());
                if (!t.has_system_id) WINNOW_FUZZ_CHECK(t.system_id.empty());
                WINNOW_FUZZ_CHECK_MSG(!has_ascii_upper(t.name), "doctype name not lowercased: " << printable(t.name));
                break;
            case token_kind::end_of_file:
                WINNOW_FUZZ_CHECK(t.data.empty() && t.name.empty() && t.attributes.empty());
                break;
        }
        if (input_valid_utf8_) check_utf8(t);
        previous_was_characters_ = t.kind == token_kind::characters;
        last_offset_ = t.offset;
        ++count_;
        if (record_) record(t);
    }

    [[nodiscard]] std::size_t count() const noexcept { return count_; }
    [[nodiscard]] std::size_t end_of_file_count() const noexcept { return end_of_file_seen_; }
    [[nodiscard]] const std::vector<recorded_token>& tokens() const noexcept { return tokens_; }

private:
    /// Valid UTF-8 in, valid UTF-8 out: references and NULs become characters, never stray bytes.
    void check_utf8(const token& t) const {
        auto check = [&](std::string_view s, const char* field) {
            WINNOW_FUZZ_CHECK_MSG(reference_valid_utf8(s), kind_name(t.kind) << " at " << t.offset << ": " << field
                                                               << " is not valid UTF-8: " << printable(s));
        };
        check(t.name, "name");
        check(t.data, "data");
        check(t.public_id, "public_id");
        check(t.system_id, "system_id");
        for (const auto& a : t.attributes) {
            check(a.name, "attribute name");
            check(a.value, "attribute value");
        }
    }

    void record(const token& t) {
        recorded_token& r = tokens_.emplace_back();
        r.kind = t.kind;
        r.tag = t.tag;
        r.self_closing = t.self_closing;
        r.force_quirks = t.force_quirks;
        r.has_name = t.has_name;
        r.has_public_id = t.has_public_id;
        r.has_system_id = t.has_system_id;
        r.name = t.name;
        r.data = t.data;
        r.public_id = t.public_id;
        r.system_id = t.system_id;
        r.offset = t.offset;
        r.attributes.reserve(t.attributes.size());
        for (const auto& a : t.attributes) r.attributes.push_back({std::string(a.name), std::string(a.value)});
    }

    std::size_t stream_length_;
    bool input_valid_utf8_;
    std::size_t max_attributes_;
    bool record_;
    std::size_t count_ = 0;
    std::size_t end_of_file_seen_ = 0;
    std::size_t last_offset_ = 0;
    bool previous_was_characters_ = false;
    std::vector<recorded_token> tokens_;
};

/// A tokenizer failure is only ever a limit of winnow::limits.
inline void check_failure_is_limit(const std::error_code& ec, const char* where) {
    WINNOW_FUZZ_CHECK_MSG(ec == condition::limit_exceeded,
                          where << " failed with " << error_name(ec) << " (" << ec.message() << "), not a limit");
}

}  // namespace winnow::fuzz
