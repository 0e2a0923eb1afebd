// The lenient JSON reader of JSON-LD blocks: see json_ld.hpp.
#include "article/json_ld.hpp"

#include <limits>

#include "tokenize/char_ref.hpp"
#include "utf8.hpp"

namespace winnow::detail {
namespace {

constexpr bool is_json_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr bool is_bare_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           c == '@' || c == '-' || c == '+' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Skips white space, comments, HTML comment and CDATA wrappers, and stray separators (',' ';'), which this
/// reader treats as optional.
std::size_t skip_filler(std::string_view t, std::size_t pos, bool skip_commas) noexcept {
    while (pos < t.size()) {
        const char c = t[pos];
        if (is_json_space(c) || (skip_commas && (c == ',' || c == ';'))) {
            ++pos;
        } else if (c == '/' && pos + 1 < t.size() && t[pos + 1] == '/') {
            const std::size_t nl = t.find('\n', pos);
            pos = nl == std::string_view::npos ? t.size() : nl + 1;
        } else if (c == '/' && pos + 1 < t.size() && t[pos + 1] == '*') {
            const std::size_t end = t.find("*/", pos + 2);
            pos = end == std::string_view::npos ? t.size() : end + 2;
        } else if (t.substr(pos, 4) == "<!--") {
            pos += 4;
        } else if (t.substr(pos, 3) == "-->") {
            pos += 3;
        } else if (t.substr(pos, 9) == "<![CDATA[") {
            pos += 9;
        } else if (t.substr(pos, 3) == "]]>") {
            pos += 3;
        } else {
            break;
        }
    }
    return pos;
}

/// Skips a string literal starting at pos (the quote).
std::size_t skip_string(std::string_view t, std::size_t pos) noexcept {
    const char quote = t[pos++];
    while (pos < t.size()) {
        if (t[pos] == '\\') pos += 2;
        else if (t[pos++] == quote) break;
    }
    return pos < t.size() ? pos : t.size();
}

/// Skips a whole container starting at pos (its opening bracket) by counting brackets, for containers past
/// the depth limit. Iterative: the count is a number, not a stack.
std::size_t skip_container(std::string_view t, std::size_t pos) noexcept {
    std::size_t depth = 0;
    while (pos < t.size()) {
        const char c = t[pos];
        if (c == '"' || c == '\'') {
            pos = skip_string(t, pos);
            continue;
        }
        if (c == '{' || c == '[') ++depth;
        else if (c == '}' || c == ']') {
            if (--depth == 0) return pos + 1;
        }
        ++pos;
    }
    return t.size();
}

}  // namespace

void json_document::clear() noexcept {
    nodes_.clear();
    stack_.clear();
    arena_.clear();
}

std::uint32_t json_document::add(json_kind kind, std::uint32_t key_begin, std::uint32_t key_size) {
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    node n;
    n.kind = kind;
    n.key_begin = key_begin;
    n.key_size = key_size;
    auto& top = stack_.back();
    n.parent = top.index;
    nodes_.push_back(n);
    if (top.last_child == npos) nodes_[top.index].first_child = index;
    else nodes_[top.last_child].next_sibling = index;
    top.last_child = index;
    return index;
}

void json_document::decode_references(std::size_t from) {
    // The tokenizer leaves script text as written, so JSON-LD strings may carry "&amp;", "&#8217;", "&quot;".
    // Only references closed by ';' are decoded: a bare "&" in "AT&T" stays.
    if (arena_.find('&', from) == std::string::npos) return;
    std::string decoded;
    decoded.reserve(arena_.size() - from);
    for (std::size_t i = from; i < arena_.size();) {
        if (arena_[i] != '&') {
            decoded.push_back(arena_[i++]);
            continue;
        }
        const std::string_view rest = std::string_view(arena_).substr(i + 1);
        if (!rest.empty() && rest[0] == '#') {
            std::size_t k = 1;
            const bool hex = k < rest.size() && (rest[k] == 'x' || rest[k] == 'X');
            if (hex) ++k;
            std::uint32_t value = 0;
            const std::size_t digits_start = k;
            while (k < rest.size() && k - digits_start < 8) {
                const int d = hex ? hex_value(rest[k]) : (rest[k] >= '0' && rest[k] <= '9' ? rest[k] - '0' : -1);
                if (d < 0) break;
                value = value * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
                ++k;
            }
            if (k > digits_start && k < rest.size() && rest[k] == ';') {
                bool error = false;
                const char32_t cp = numeric_reference_value(value, error);
                if (cp >= 0xD800 && cp <= 0xDFFF) append_utf8(decoded, 0xFFFD);
                else append_utf8(decoded, cp);
                i += k + 2;
                continue;
            }
        } else {
            const auto m = match_named_reference(rest);
            if (m.reference && !m.reference->name.empty() && m.reference->name.back() == ';') {
                decoded.append(m.reference->value);
                i += 1 + m.reference->name.size();
                continue;
            }
        }
        decoded.push_back(arena_[i++]);
    }
    arena_.resize(from);
    arena_.append(decoded);
}

void json_document::read_string(std::string_view t, std::size_t& pos, char quote) {
    ++pos;   // the opening quote
    const std::size_t from = arena_.size();
    while (pos < t.size()) {
        const char c = t[pos];
        if (c == quote) {
            ++pos;
            break;
        }
        if (c != '\\') {
            // Raw control characters (a newline inside a string) are kept as a space.
            arena_.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
            ++pos;
            continue;
        }
        if (pos + 1 >= t.size()) {
            ++pos;
            break;
        }
        const char e = t[pos + 1];
        pos += 2;
        switch (e) {
            case 'n': case 'r': case 't': case 'f': case 'b': arena_.push_back(' '); break;
            case 'u': {
                auto read4 = [&](std::size_t at, std::uint32_t& v) {
                    if (at + 4 > t.size()) return false;
                    v = 0;
                    for (std::size_t k = 0; k < 4; ++k) {
                        const int d = hex_value(t[at + k]);
                        if (d < 0) return false;
                        v = v * 16 + static_cast<std::uint32_t>(d);
                    }
                    return true;
                };
                std::uint32_t v = 0;
                if (!read4(pos, v)) {
                    arena_.push_back('u');
                    break;
                }
                pos += 4;
                if (v >= 0xD800 && v <= 0xDBFF) {
                    std::uint32_t low = 0;
                    if (pos + 1 < t.size() && t[pos] == '\\' && t[pos + 1] == 'u' && read4(pos + 2, low) &&
                        low >= 0xDC00 && low <= 0xDFFF) {
                        pos += 6;
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
                    } else {
                        v = 0xFFFD;
                    }
                } else if (v >= 0xDC00 && v <= 0xDFFF) {
                    v = 0xFFFD;
                }
                append_utf8(arena_, v == 0 ? 0xFFFD : static_cast<char32_t>(v));
                break;
            }
            default: arena_.push_back(e); break;   // \" \\ \/ and unknown escapes: the character itself
        }
    }
    decode_references(from);
}

std::uint32_t json_document::member(std::uint32_t i, std::string_view name) const noexcept {
    if (i >= nodes_.size() || nodes_[i].kind != json_kind::object) return npos;
    for (std::uint32_t c = nodes_[i].first_child; c != npos; c = nodes_[c].next_sibling)
        if (key(c) == name) return c;
    return npos;
}

void json_document::parse(std::string_view t) {
    clear();
    if (t.size() > std::numeric_limits<std::uint32_t>::max() / 2) t = t.substr(0, std::numeric_limits<std::uint32_t>::max() / 2);
    nodes_.push_back(node{json_kind::array, 0, 0, 0, 0, npos, npos, npos});
    stack_.push_back({0, npos});
    bool have_key = false;
    std::uint32_t key_begin = 0;
    std::uint32_t key_size = 0;
    std::size_t pos = 0;
    while (pos < t.size() && nodes_.size() < max_nodes) {
        pos = skip_filler(t, pos, true);
        if (pos >= t.size()) break;
        const char c = t[pos];
        const bool in_object = nodes_[stack_.back().index].kind == json_kind::object;
        if (c == '}' || c == ']') {
            if (stack_.size() > 1) stack_.pop_back();
            have_key = false;
            ++pos;
            continue;
        }
        if (in_object && !have_key) {
            // A member name: quoted, or bare ("headline: …").
            key_begin = static_cast<std::uint32_t>(arena_.size());
            if (c == '"' || c == '\'') {
                read_string(t, pos, c);
            } else if (is_bare_char(c)) {
                while (pos < t.size() && is_bare_char(t[pos]) && t[pos] != ':') arena_.push_back(t[pos++]);
            } else {
                ++pos;   // garbage where a name should be
                continue;
            }
            key_size = static_cast<std::uint32_t>(arena_.size() - key_begin);
            pos = skip_filler(t, pos, false);
            if (pos < t.size() && (t[pos] == ':' || t[pos] == '=')) ++pos;
            have_key = true;
            continue;
        }
        const std::uint32_t kb = in_object ? key_begin : 0;
        const std::uint32_t ks = in_object ? key_size : 0;
        have_key = false;
        if (c == '{' || c == '[') {
            if (stack_.size() > max_depth) {
                pos = skip_container(t, pos);
                continue;
            }
            const std::uint32_t index = add(c == '{' ? json_kind::object : json_kind::array, kb, ks);
            stack_.push_back({index, npos});
            ++pos;
            continue;
        }
        if (c == '"' || c == '\'') {
            const std::uint32_t index = add(json_kind::string, kb, ks);
            const auto begin = static_cast<std::uint32_t>(arena_.size());
            read_string(t, pos, c);
            nodes_[index].text_begin = begin;
            nodes_[index].text_size = static_cast<std::uint32_t>(arena_.size() - begin);
            continue;
        }
        if (is_bare_char(c)) {
            const std::size_t start = pos;
            while (pos < t.size() && is_bare_char(t[pos])) ++pos;
            const std::string_view word = t.substr(start, pos - start);
            json_kind kind = json_kind::number;
            if (word == "true" || word == "false") kind = json_kind::boolean;
            else if (word == "null" || word == "undefined" || word == "NaN") kind = json_kind::null;
            else if (!((word[0] >= '0' && word[0] <= '9') || word[0] == '-' || word[0] == '+' || word[0] == '.'))
                kind = json_kind::string;   // a bare word as a value: keep it as text
            const std::uint32_t index = add(kind, kb, ks);
            if (kind != json_kind::null) {
                nodes_[index].text_begin = static_cast<std::uint32_t>(arena_.size());
                arena_.append(word);
                nodes_[index].text_size = static_cast<std::uint32_t>(word.size());
            }
            continue;
        }
        ++pos;   // anything else: skip it
    }
    stack_.clear();
}

}  // namespace winnow::detail
