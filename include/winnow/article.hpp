// winnow/article.hpp — the article winnow extracts from a page, and its serialisations.
//
// An article is a plain value: metadata (title, authors, editor, date, language, site, URLs), the body as
// paragraphs in reading order, and statistics of the extraction. It serialises to one line of JSON (the
// output schema of `winnow extract --format json` and of the worker), to plain text (paragraphs separated by
// a blank line), to Markdown (headings, lists, quotes, code, tables, links, images and emphasis kept) and to
// clean HTML.
//
//     winnow::article a = *winnow::extract(page_bytes);
//     std::string line = winnow::to_json(a, {.source = "page.html"});
//     std::string md = winnow::to_markdown(a);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/page_type.hpp"

namespace winnow {

/// What a paragraph of the body is, so Markdown and other renderings can keep the structure.
enum class paragraph_kind : std::uint8_t {
    text,        ///< an ordinary paragraph
    heading,     ///< `level` 1–6
    list_item,   ///< `level` is the list depth (1 for a top-level item); `ordered` tells the list kind
    quote,       ///< a block quote
    code,        ///< preformatted text, whitespace kept
    table_row,   ///< cells separated by " | " in text; `level` 1 marks a header row
    caption,     ///< a figure caption (only with extract_options::include_captions)
};

/// Inline markup of a paragraph (only with extract_options::keep_markup): what Markdown and HTML show of
/// the page's links, emphasis, inline code and images.
enum class markup_kind : std::uint8_t {
    link,       ///< `target` is where it points (absolute when the page's URL is known)
    emphasis,   ///< <em>, <i>, <cite>
    strong,     ///< <strong>, <b>
    code,       ///< inline <code>, <kbd>, <samp>
    image,      ///< `target` is its source, `alt` its alternative text; it stands at `begin` (== `end`)
};

struct inline_markup {
    markup_kind kind = markup_kind::link;
    std::size_t begin = 0;   ///< byte range of paragraph::text
    std::size_t end = 0;
    std::string target;
    std::string alt;
    bool own_line = false;   ///< an image that stood before the paragraph, not inside its text
};

struct paragraph {
    paragraph_kind kind = paragraph_kind::text;
    std::uint8_t level = 0;
    bool ordered = false;
    std::string text;
    std::string language;   ///< code: the language the page's markup names ("python"), or empty
    std::vector<inline_markup> markup;   ///< sorted by begin, outer before inner; never crossing each other
};

/// One post of a thread (page_type::forum): who wrote it, when, and which paragraphs of the body are its
/// text. The author and time lines are metadata here, not body.
struct post {
    std::string author;                ///< the name or handle the page shows, empty if none
    std::string published;             ///< ISO 8601, empty if the post shows no time
    std::size_t first_paragraph = 0;   ///< its text: paragraphs [first_paragraph, first_paragraph + paragraphs)
    std::size_t paragraphs = 0;
};

struct extraction_stats {
    std::size_t input_bytes = 0;   ///< raw bytes given to extract()
    std::string encoding;          ///< the WHATWG name of the encoding the page was decoded from
    std::size_t blocks = 0;        ///< text blocks the page was divided into
    std::size_t kept = 0;          ///< blocks kept in the article
    std::uint64_t elapsed_us = 0;  ///< time spent in extract()
};

struct article {
    std::string url;                   ///< given by the caller, else the canonical URL
    std::string canonical_url;         ///< <link rel=canonical>, og:url, or JSON-LD url
    std::string title;
    std::vector<std::string> authors;
    std::string editor;                ///< from an editor credit ("责任编辑：…", "Editing by …"); never in the body
    std::string published;             ///< ISO 8601 ("2024-05-09" or "2024-05-09T00:11:46"), empty if unknown: the
                                       ///< date the page gives its text. The modified date when the page gives no
                                       ///< other; the "Updated ..." line under the headline when the publication
                                       ///< date is not the page's own declaration (article:published_time, <time>)
    std::string language;              ///< BCP 47 primary tag ("zh", "en", "de"), empty if unknown
    std::string site;                  ///< the site's name
    winnow::page_type page_type = winnow::page_type::article;   ///< what kind of page it came from (page_type.hpp)
    std::vector<paragraph> paragraphs; ///< the body in reading order
    std::vector<post> posts;           ///< a thread's posts in order (empty on other pages)
    /// The page's comment section, in reading order, when extract_options::include_comments asks for it
    /// (never part of the body).
    std::vector<std::string> comments;
    extraction_stats stats;

    /// The body as plain text: paragraphs separated by a blank line.
    [[nodiscard]] std::string text() const;
};

/// What the Markdown and HTML renderings show of a paragraph's inline markup.
struct markup_options {
    bool links = true;
    bool images = true;
};

struct json_options {
    std::string_view source;   ///< when not empty, a "source" field (e.g. the input's file name)
    std::string_view warc_record_id;   ///< when not empty, a "warc_record_id" field (the page's WARC-Record-ID)
    bool comments = false;             ///< a "comments" field: article::comments, an array of strings
};

/// One line of JSON, no trailing newline ("comments" only with json_options::comments): {"source"?,
/// "warc_record_id"?, "url", "title", "authors", "editor", "published",
/// "language", "site", "page_type", "text", "paragraphs", "posts": [{"author", "published", "paragraphs":
/// [first, count]}], "comments"?: [text, ...], "stats": {"input_bytes", "encoding", "blocks", "kept",
/// "elapsed_us"}}. Empty strings are written as null. Invalid UTF-8 never appears in an article.
[[nodiscard]] std::string to_json(const article& a, const json_options& options = {});
/// Title, then the paragraphs, separated by blank lines.
[[nodiscard]] std::string to_text(const article& a);
/// "# Title", a metadata line, then the body as GitHub-flavoured Markdown: headings, lists, quotes, code
/// blocks with their language, tables, and the inline markup the extraction kept (links, images,
/// emphasis, inline code).
[[nodiscard]] std::string to_markdown(const article& a, const markup_options& options = {});
/// The article as a clean HTML document: its metadata in the head, the body as semantic elements
/// (h2–h6, p, ul/ol, blockquote, pre/code, table, figure) with the inline markup the extraction kept.
[[nodiscard]] std::string to_html(const article& a, const markup_options& options = {});

}  // namespace winnow
