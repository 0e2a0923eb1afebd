// Writing JSON strings: the escaping every serialiser of the core shares.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace winnow::detail {

/// Appends s as a JSON string literal. The text is UTF-8 already; only quotes, backslashes and control
/// characters need escapes, and U+2028 and U+2029 get them.
inline void append_json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    for (std::size_t i = 0; i < s.size(); ++i) {
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
    }
    out.push_back('"');
}

}  // namespace winnow::detail
