// A small JSON reader for test data (html5lib-tests, dataset truth files).
//
// Strings decode to generalised UTF-8: a \uD800-\uDFFF escape that is not half of a pair is kept as its
// three-byte form, because html5lib's tests feed lone surrogates to the tokenizer on purpose, and a
// strict JSON library rejects them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace winnow::testing::json {

struct value;
using members_t = std::vector<std::pair<std::string, value>>;   // in document order
using items_t = std::vector<value>;

struct value {
    enum class kind { null, boolean, number, string, array, object } type = kind::null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::shared_ptr<items_t> items;
    std::shared_ptr<members_t> members;

    bool is_null() const { return type == kind::null; }
    bool is_string() const { return type == kind::string; }
    bool is_array() const { return type == kind::array; }
    bool is_object() const { return type == kind::object; }
    const items_t& as_array() const { return *items; }
    const members_t& as_object() const { return *members; }

    /// The member with this key, or nullptr.
    const value* find(std::string_view key) const {
        if (!is_object()) return nullptr;
        for (const auto& [k, v] : *members)
            if (k == key) return &v;
        return nullptr;
    }
};

inline void append_code_point(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

/// Reads 4 hex digits at text[i]; nullopt if they are not there.
inline std::optional<std::uint32_t> hex4(std::string_view text, std::size_t i) {
    if (i + 4 > text.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        const char c = text[i + k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
        else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
        else return std::nullopt;
    }
    return v;
}

/// Decodes \uXXXX at text[i] (i at the backslash), pairing surrogates; advances i past what it read.
inline void decode_u_escape(std::string_view text, std::size_t& i, std::string& out) {
    auto cp = hex4(text, i + 2);
    if (!cp) throw std::runtime_error("bad \\u escape");
    i += 6;
    if (*cp >= 0xD800 && *cp <= 0xDBFF && i + 1 < text.size() && text[i] == '\\' && text[i + 1] == 'u') {
        if (auto low = hex4(text, i + 2); low && *low >= 0xDC00 && *low <= 0xDFFF) {
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
        }
    }
    append_code_point(out, *cp);
}

/// html5lib's "doubleEscaped": a second round turning \uXXXX sequences into code points.
inline std::string unescape_u_sequences(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'u' && hex4(text, i + 2)) {
            decode_u_escape(text, i, out);
        } else {
            out.push_back(text[i++]);
        }
    }
    return out;
}

class parser {
public:
    explicit parser(std::string_view text) : text_(text) {}

    value parse_document() {
        value v = parse_value();
        skip_space();
        if (pos_ != text_.size()) throw std::runtime_error("trailing characters after JSON value");
        return v;
    }

private:
    void skip_space() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            ++pos_;
    }

    char peek() {
        skip_space();
        if (pos_ >= text_.size()) throw std::runtime_error("unexpected end of JSON");
        return text_[pos_];
    }

    void expect(char c) {
        if (peek() != c) throw std::runtime_error(std::string("expected '") + c + "' at " + std::to_string(pos_));
        ++pos_;
    }

    value parse_value() {
        const char c = peek();
        value v;
        if (c == '{') {
            ++pos_;
            v.type = value::kind::object;
            v.members = std::make_shared<members_t>();
            if (peek() == '}') {
                ++pos_;
                return v;
            }
            for (;;) {
                std::string key = parse_string();
                expect(':');
                v.members->emplace_back(std::move(key), parse_value());
                if (peek() == ',') {
                    ++pos_;
                    continue;
                }
                expect('}');
                return v;
            }
        }
        if (c == '[') {
            ++pos_;
            v.type = value::kind::array;
            v.items = std::make_shared<items_t>();
            if (peek() == ']') {
                ++pos_;
                return v;
            }
            for (;;) {
                v.items->push_back(parse_value());
                if (peek() == ',') {
                    ++pos_;
                    continue;
                }
                expect(']');
                return v;
            }
        }
        if (c == '"') {
            v.type = value::kind::string;
            v.string = parse_string();
            return v;
        }
        if (text_.substr(pos_, 4) == "true") {
            pos_ += 4;
            v.type = value::kind::boolean;
            v.boolean = true;
            return v;
        }
        if (text_.substr(pos_, 5) == "false") {
            pos_ += 5;
            v.type = value::kind::boolean;
            return v;
        }
        if (text_.substr(pos_, 4) == "null") {
            pos_ += 4;
            return v;
        }
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::string_view("+-.eE0123456789").find(text_[pos_]) != std::string_view::npos))
            ++pos_;
        if (start == pos_) throw std::runtime_error("unexpected character in JSON at " + std::to_string(pos_));
        v.type = value::kind::number;
        v.number = std::stod(std::string(text_.substr(start, pos_ - start)));
        return v;
    }

    std::string parse_string() {
        expect('"');
        std::string out;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c != '\\') {
                out.push_back(c);
                ++pos_;
                continue;
            }
            if (pos_ + 1 >= text_.size()) break;
            const char e = text_[pos_ + 1];
            if (e == 'u') {
                decode_u_escape(text_, pos_, out);
                continue;
            }
            switch (e) {
                case '"': out.push_back('"'); break;
                case '\\': out.push_back('\\'); break;
                case '/': out.push_back('/'); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                default: throw std::runtime_error("bad escape in JSON string");
            }
            pos_ += 2;
        }
        throw std::runtime_error("unterminated JSON string");
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

inline value parse(std::string_view text) { return parser(text).parse_document(); }

}  // namespace winnow::testing::json
