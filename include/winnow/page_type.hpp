// winnow/page_type.hpp — what kind of page an article was extracted from.
//
// A stream of crawled pages is not only news. The classifier decides each page's type before it judges the
// blocks, from the page's metadata (the JSON-LD main entity's @type, og:type) and its structure (repeated
// items that hold most of the text, prices in them, code blocks, a date and a byline), because the type
// decides what the main content is: an article's body; every post of a thread; a product's name,
// description and specifications; each item's title and snippet in a listing or a shop's collection; a
// documentation page whole. The names (to_string) are stable: the article JSON's "page_type" field.
//
//     winnow::article a = *winnow::extract(page);
//     if (a.page_type == winnow::page_type::listing) index_items(a);
//     std::cout << winnow::to_string(a.page_type);   // "listing"
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace winnow {

enum class page_type : std::uint8_t {
    article,         ///< news, a blog post, an essay, a recipe: one text with a headline
    forum,           ///< a thread: posts (or a question and its answers) in order
    product,         ///< one product: its name, description, specifications and price
    collection,      ///< a shop's category: product items with prices
    listing,         ///< a list of other pages: a section front, search results, an archive, a ranking
    documentation,   ///< reference and guides, code blocks and tables
    service,         ///< a landing or service page: what an organisation offers, how to reach it
};

inline constexpr std::size_t page_type_count = 7;

/// "article", "forum", "product", "collection", "listing", "documentation", "service".
[[nodiscard]] constexpr std::string_view to_string(page_type t) noexcept {
    constexpr std::string_view names[page_type_count] = {"article",    "forum",   "product",      "collection",
                                                         "listing",    "documentation", "service"};
    const auto i = static_cast<std::size_t>(t);
    return i < page_type_count ? names[i] : std::string_view("article");
}

/// The type a name stands for (the inverse of to_string), if any.
[[nodiscard]] constexpr std::optional<page_type> page_type_from_string(std::string_view name) noexcept {
    for (std::size_t i = 0; i < page_type_count; ++i)
        if (to_string(static_cast<page_type>(i)) == name) return static_cast<page_type>(i);
    return std::nullopt;
}

}  // namespace winnow
