// Writing JSON strings: the escaping every serialiser of the core shares.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "byte_lanes.hpp"

namespace winnow::detail {

/// Where the run of bytes from `i` that a JSON string takes as they are ends: at a quote, a backslash, a
/// control character or 0xE2 (which may open U+2028 or U+2029), or at the end. Eight bytes at a time
/// (each test says exactly whether any lane matches), so a text is copied a run at a time.
[[nodiscard]] inline std::size_t json_plain_run(std::string_view s, std::size_t i) noexcept {
    for (; i + 8 <= s.size(); i += 8) {
        const std::uint64_t w = load_lanes(s.data() + i);
        if (any_lane_below(w, 0x20) || any_lane_equal(w, '"') || any_lane_equal(w, '\\') || any_lane_equal(w, 0xE2)) break;
    }
    for (; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x20 || b == '"' || b == '\\' || b == 0xE2) break;
    }
    return i;
}

/// Appends s as a JSON string literal. The text is UTF-8 already; only quotes, backslashes and control
/// characters need escapes, and U+2028 and U+2029 get them.
inline void append_json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t run = json_plain_run(s, i);
        out.append(s.data() + i, run - i);
        i = run;
        if (i == s.size()) break;
        const char c = s[i];
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escape[8];
                    std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
                    out += escape;
                } else if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
                    // U+2028 and U+2029 are valid in JSON strings but end lines for JavaScript and for many
                    // line-splitting tools: escaped, a JSON Lines file stays one object per line everywhere.
                    out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
                    i += 2;
                } else {
                    out.push_back(c);
                }
        }
        ++i;
    }
    out.push_back('"');
}

}  // namespace winnow::detail
