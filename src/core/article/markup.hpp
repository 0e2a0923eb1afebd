// The inline markup of an article's paragraphs: gathered from the block tree's marks as paragraphs are made,
// put in order, and written out as Markdown or HTML.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "blocks/block_tree.hpp"
#include "winnow/article.hpp"

namespace winnow::detail {

/// Turns the marks of a tree's blocks into paragraph markup: offsets moved to the paragraph's text, link
/// targets and image sources resolved against the page's URL.
class markup_gatherer {
public:
    markup_gatherer(const block_tree& tree, std::string_view base_url) : tree_(tree), base_url_(base_url) {}

    /// The marks of `block`, whose text from `from` for `length` bytes became the paragraph's text from
    /// `at`, appended to `out`; images kept back from dropped captions come first.
    void add(std::size_t block, std::size_t from, std::size_t length, std::size_t at, std::vector<inline_markup>& out);
    /// The images of a block that is not kept but whose pictures belong to the body (a figure's caption
    /// when captions are left out): they go before the next paragraph.
    void keep_images_of(std::size_t block);

private:
    [[nodiscard]] std::size_t first_mark_of(std::size_t block) const noexcept;
    [[nodiscard]] inline_markup to_markup(const inline_mark& m) const;

    const block_tree& tree_;
    std::string_view base_url_;
    std::vector<inline_markup> kept_images_;
};

/// Sorts markup by position (an image before text, an outer mark before an inner one) and drops marks that
/// cross one kept before them, so every rendering can nest them.
void normalise_markup(std::vector<inline_markup>& markup);

enum class markup_style { markdown, html };

/// A paragraph's text with its inline markup written in `style`: Markdown ("[text](url)", "*em*", "**strong**",
/// "`code`", "![alt](src)"; line breaks as hard breaks) or HTML (escaped text, <a>, <em>, <strong>, <code>,
/// <img>, <br>). Images that stand on their own line are left to the caller (own_line_images). With
/// `emphasis` false, emphasis is not written (inside a rendering that is emphasis already).
[[nodiscard]] std::string render_inline(std::string_view text, const std::vector<inline_markup>& markup,
                                        const markup_options& options, markup_style style, bool emphasis = true);
/// The images of a paragraph that stand before its text, each written in `style`, separated by `separator`.
[[nodiscard]] std::string own_line_images(const std::vector<inline_markup>& markup, const markup_options& options,
                                          markup_style style, std::string_view separator);

/// The byte ranges of a table row's cells: paragraph::text holds them separated by " | ".
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> table_cells(std::string_view row);

/// Text escaped for HTML content and attribute values (&, <, >, ").
void append_html_escaped(std::string& out, std::string_view text);

}  // namespace winnow::detail
