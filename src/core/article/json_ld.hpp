// A small, lenient JSON reader for the JSON-LD blocks of web pages.
//
// JSON-LD in the wild is often not JSON: trailing commas, comments, several objects in one script, single
// quotes, bare keys, HTML character references left in strings ("&amp;", "&#8217;"), and CDATA or comment
// wrappers. This reader accepts all of that and never fails: what it cannot read it skips. It uses no
// recursion (an explicit stack), so a hostile "[[[[…" cannot exhaust the call stack; containers nested
// deeper than max_depth are skipped whole, and at most max_nodes values are kept.
//
//     winnow::detail::json_document doc;
//     doc.parse(script_text);
//     for (auto i = doc.first_child(doc.root()); i != json_document::npos; i = doc.next(i)) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::detail {

enum class json_kind : std::uint8_t { null, boolean, number, string, array, object };

class json_document {
public:
    static constexpr std::uint32_t npos = UINT32_MAX;
    static constexpr std::size_t max_depth = 48;
    static constexpr std::size_t max_nodes = 200'000;

    /// Parses `text`, replacing the previous document (buffers are kept). Every top-level value becomes a
    /// child of the root, an array.
    void parse(std::string_view text);
    void clear() noexcept;

    [[nodiscard]] std::uint32_t root() const noexcept { return 0; }
    [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
    [[nodiscard]] json_kind kind(std::uint32_t i) const noexcept { return nodes_[i].kind; }
    /// The member name of a value inside an object; empty elsewhere.
    [[nodiscard]] std::string_view key(std::uint32_t i) const noexcept {
        return {arena_.data() + nodes_[i].key_begin, nodes_[i].key_size};
    }
    /// The text of a string or a number; "true"/"false" for booleans; empty for the rest.
    [[nodiscard]] std::string_view text(std::uint32_t i) const noexcept {
        return {arena_.data() + nodes_[i].text_begin, nodes_[i].text_size};
    }
    [[nodiscard]] std::uint32_t first_child(std::uint32_t i) const noexcept { return nodes_[i].first_child; }
    [[nodiscard]] std::uint32_t next(std::uint32_t i) const noexcept { return nodes_[i].next_sibling; }
    [[nodiscard]] std::uint32_t parent(std::uint32_t i) const noexcept { return nodes_[i].parent; }
    /// The first member of object `i` named `name`, or npos.
    [[nodiscard]] std::uint32_t member(std::uint32_t i, std::string_view name) const noexcept;

private:
    struct node {
        json_kind kind = json_kind::null;
        std::uint32_t key_begin = 0;
        std::uint32_t key_size = 0;
        std::uint32_t text_begin = 0;
        std::uint32_t text_size = 0;
        std::uint32_t first_child = npos;
        std::uint32_t next_sibling = npos;
        std::uint32_t parent = npos;
    };
    struct open_container {
        std::uint32_t index;
        std::uint32_t last_child;
    };

    std::uint32_t add(json_kind kind, std::uint32_t key_begin, std::uint32_t key_size);
    void read_string(std::string_view text, std::size_t& pos, char quote);
    void decode_references(std::size_t from);

    std::vector<node> nodes_;
    std::vector<open_container> stack_;
    std::string arena_;
};

}  // namespace winnow::detail
