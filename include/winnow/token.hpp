// winnow/token.hpp — the tokens of the WHATWG HTML tokenizer (§13.2.5).
//
// A token is a short-lived view: its strings point into the input where the tokenizer did not change
// them (a tag name already in lowercase, a text run without character references) and into the
// tokenizer's own buffers otherwise. It is valid only during the token_sink::on_token call that receives
// it; copy what must outlive the call. Adjacent character tokens are always coalesced into one, whatever
// the chunking of the input.
//
//     struct link_printer final : winnow::token_sink {
//         void on_token(const winnow::token& t) override {
//             if (t.kind == winnow::token_kind::start_tag && t.tag == winnow::tag_id::a)
//                 if (auto href = t.attribute("href")) std::cout << *href << '\n';
//         }
//     };
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "winnow/tag.hpp"

namespace winnow {

enum class token_kind : std::uint8_t {
    characters,    ///< a run of text; `data` holds it, character references decoded
    start_tag,     ///< `name`, `tag`, `attributes`, `self_closing`
    end_tag,       ///< `name`, `tag` (attributes of end tags are parsed and dropped, as the standard says)
    comment,       ///< `data`
    doctype,       ///< `name` (if has_name), public and system identifiers, `force_quirks`
    end_of_file,   ///< the last token of every page
};

struct attribute {
    std::string_view name;    ///< lowercased
    std::string_view value;   ///< character references decoded
};

struct token {
    token_kind kind = token_kind::characters;
    tag_id tag = tag_id::unknown;           ///< start and end tags: the resolved name
    bool self_closing = false;              ///< start tags: ended with "/>"
    bool force_quirks = false;              ///< doctype
    bool has_name = false;                  ///< doctype: a name was present (it may be empty)
    bool has_public_id = false;             ///< doctype
    bool has_system_id = false;             ///< doctype
    std::string_view name;                  ///< tag name (lowercased) or doctype name
    std::string_view data;                  ///< characters or comment text
    std::string_view public_id;             ///< doctype
    std::string_view system_id;             ///< doctype
    std::span<const winnow::attribute> attributes;   ///< start tags, in source order, duplicates removed
    std::size_t offset = 0;                 ///< byte offset of the token's first byte in the input stream

    /// The value of the first attribute with this (lowercase) name.
    [[nodiscard]] std::optional<std::string_view> attribute(std::string_view lowercase_name) const noexcept {
        for (const auto& a : attributes)
            if (a.name == lowercase_name) return a.value;
        return std::nullopt;
    }
};

/// Receives the tokens of a page, in order.
class token_sink {
public:
    virtual ~token_sink() = default;
    virtual void on_token(const token& t) = 0;

protected:
    token_sink() = default;
    token_sink(const token_sink&) = default;
    token_sink& operator=(const token_sink&) = default;
};

}  // namespace winnow
