// The light block tree: the page's block-level elements (no full DOM) and the text blocks between them.
//
// A block_builder is a token_sink. It keeps a stack of open elements with a simplified version of the tree
// builder's implied end tags (a new block closes an open <p>, <li> closes the previous item, and so on),
// drops what is never article text (script, style, noscript, template, svg, iframe, form controls, ruby
// annotations, hidden elements), and cuts the text into blocks at block-level boundaries and at "<br><br>".
// Every block-level (and unknown, custom) element becomes a node with its class/id hints; each block
// belongs to the innermost node open around it. Nodes and blocks are stored in document order, so the
// blocks of a node's subtree are a contiguous range and every walk over the tree is a loop, never a
// recursion: hostile nesting cannot overflow the stack (nesting past limits::max_nesting_depth is flattened
// as browsers flatten it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "winnow/limits.hpp"
#include "winnow/tag.hpp"
#include "winnow/token.hpp"

namespace winnow::detail {

/// What class, id, role and itemprop names say about an element. Hints help the classifier; they are
/// never the only evidence.
enum hint : std::uint32_t {
    hint_content = 1u << 0,       ///< article, content, post, entry, story, body, main, articleBody, ...
    hint_navigation = 1u << 1,    ///< nav, menu, breadcrumb, pagination
    hint_header = 1u << 2,        ///< header, masthead, topbar
    hint_footer = 1u << 3,        ///< footer, copyright, bottom
    hint_share = 1u << 4,         ///< share, social, sharing
    hint_consent = 1u << 5,       ///< cookie, consent, gdpr
    hint_comments = 1u << 6,      ///< comment, disqus, discussion, respond
    hint_related = 1u << 7,       ///< related, recommend, popular, trending, more, latest, hot, outbrain
    hint_advertisement = 1u << 8, ///< ad, ads, advert, sponsor, promo, banner
    hint_sidebar = 1u << 9,       ///< sidebar, aside, widget, rail
    hint_caption = 1u << 10,      ///< caption, wp-caption-text, figcaption-like
    hint_byline = 1u << 11,       ///< byline, author, dateline, meta
    hint_title = 1u << 12,        ///< headline, title
    hint_newsletter = 1u << 13,   ///< newsletter, subscribe, signup
    hint_tags = 1u << 14,         ///< tags, keywords, categories, topics
    hint_reviews = 1u << 15,      ///< review, reviews, ratings: customers' reviews on a product page (not boilerplate elsewhere)
};

constexpr std::uint32_t boilerplate_hints = hint_navigation | hint_header | hint_footer | hint_share | hint_consent |
                                            hint_comments | hint_related | hint_advertisement | hint_sidebar |
                                            hint_newsletter | hint_tags;

/// Hints from one attribute value (class, id) or role; exposed for tests.
[[nodiscard]] std::uint32_t hints_of_names(std::string_view names) noexcept;
/// Eight bytes of text as the builder reads them, all plain: none below U+0020, DEL or 0xC2 (a possible C1
/// control), and no space followed by another space or control (`next` is the byte after the eight).
/// Returns the characters the eight bytes start (bytes that are neither spaces nor UTF-8 continuation
/// bytes), or -1 when the bytes are not all plain and must be read one at a time.
[[nodiscard]] int plain_text_word(const char* bytes, char next) noexcept;
[[nodiscard]] std::uint32_t hints_of_role(std::string_view role) noexcept;
/// Hints that an element's tag itself gives (nav, aside, footer, header, article, main).
[[nodiscard]] std::uint32_t hints_of_tag(tag_id tag) noexcept;

struct element_node {
    tag_id tag = tag_id::unknown;
    std::uint32_t parent = 0;         ///< index of the parent node; the root (index 0) is its own parent
    std::uint32_t depth = 0;
    std::uint32_t hints = 0;          ///< this element's own hints
    std::uint32_t first_block = 0;    ///< blocks of the subtree: [first_block, end_block)
    std::uint32_t end_block = 0;
    std::uint32_t names_begin = 0;    ///< "tag.class#id" label in block_tree::labels
    std::uint32_t names_length = 0;
    std::uint32_t links = 0;          ///< <a> elements in the subtree
    std::uint32_t child_nodes = 0;
    std::size_t offset = 0;
};

struct text_block {
    std::uint32_t node = 0;           ///< innermost block-level element around the text
    std::uint32_t text_begin = 0;     ///< in block_tree::text
    std::uint32_t text_length = 0;
    std::uint32_t chars = 0;          ///< code points other than whitespace
    std::uint32_t link_chars = 0;     ///< of which inside <a>
    std::uint32_t tags = 0;           ///< start tags inside the block (inline markup: links, emphasis, ...)
    std::uint16_t list_depth = 0;     ///< <ul>/<ol> ancestors
    std::uint8_t heading = 0;         ///< 1–6 inside <h1>–<h6>
    bool ordered_list = false;        ///< the innermost list is an <ol>
    bool in_quote = false;
    bool in_pre = false;
    bool in_table = false;
    bool header_cell = false;         ///< inside a <th>
    bool in_caption = false;          ///< inside <figcaption> or <caption>
    bool in_figure = false;
    bool in_link_only = false;        ///< every character is inside one <a>
    bool opens_with_link = false;     ///< the first character is inside an <a> ("<a>Name</a>: what it is")
    std::uint32_t row = 0;            ///< for table cells: a number shared by the cells of one <tr>
    std::uint32_t language_begin = 0; ///< preformatted text: the language its markup names, in block_tree::labels
    std::uint8_t language_length = 0; ///< ("python" from <code class="language-python">); 0 for none
    std::size_t offset = 0;           ///< stream offset of the first token of the block
};

/// Inline markup kept for the renderings that show it (Markdown, HTML): what the classifier never reads.
enum class mark_kind : std::uint8_t { link, emphasis, strong, code, image };

/// One piece of inline markup: a range of a block's text, or, for an image, the place where it stands.
/// Marks are stored in the order of their blocks; within a block, in the order they closed.
struct inline_mark {
    std::uint32_t block = 0;
    std::uint32_t begin = 0;          ///< byte range in the block's text (an image: begin == end)
    std::uint32_t end = 0;
    std::uint32_t target_begin = 0;   ///< in block_tree::labels: the link's href or the image's source,
    std::uint16_t target_length = 0;  ///< then the image's alternative text
    std::uint16_t alt_length = 0;
    mark_kind kind = mark_kind::link;
    bool own_line = false;            ///< an image that stood between blocks, before this block's text
};

struct block_tree {
    std::vector<element_node> nodes;
    std::vector<text_block> blocks;
    std::string text;                 ///< all block texts, back to back
    std::string labels;               ///< node labels, back to back
    std::vector<inline_mark> marks;   ///< only when the builder keeps markup (block_builder::reset)

    [[nodiscard]] std::string_view text_of(const text_block& b) const noexcept {
        return std::string_view(text).substr(b.text_begin, b.text_length);
    }
    [[nodiscard]] std::string_view label_of(const element_node& n) const noexcept {
        return std::string_view(labels).substr(n.names_begin, n.names_length);
    }
    [[nodiscard]] std::string_view language_of(const text_block& b) const noexcept {
        return std::string_view(labels).substr(b.language_begin, b.language_length);
    }
    [[nodiscard]] std::string_view target_of(const inline_mark& m) const noexcept {
        return std::string_view(labels).substr(m.target_begin, m.target_length);
    }
    [[nodiscard]] std::string_view alt_of(const inline_mark& m) const noexcept {
        return std::string_view(labels).substr(m.target_begin + m.target_length, m.alt_length);
    }
    /// "html>body>div.main>article>p": the labels from the root down to a node.
    [[nodiscard]] std::string path_of(std::uint32_t node) const;
    void clear();
};

/// An attribute's value, or none: a pointer to the value in the token's attributes, valid while the token
/// is. (Six std::optional<std::string_view> made a struct of 150 bytes, cleared for every start tag.)
class attribute_value {
public:
    constexpr attribute_value() noexcept = default;
    explicit constexpr attribute_value(const std::string_view& value) noexcept : value_(&value) {}
    constexpr explicit operator bool() const noexcept { return value_ != nullptr; }
    constexpr std::string_view operator*() const noexcept { return *value_; }
    constexpr const std::string_view* operator->() const noexcept { return value_; }

private:
    const std::string_view* value_ = nullptr;
};

/// The attributes of a start tag that the builder reads.
struct element_attributes {
    attribute_value id, cls, style, role, itemprop, aria_hidden, aria_controls, aria_expanded;
    bool hidden = false;
    bool shadow_root = false;   ///< a <template shadowrootmode>: a declarative shadow root, rendered
};

class block_builder final : public token_sink {
public:
    explicit block_builder(const winnow::limits& limits);

    /// Starts a page. With `reveal_hidden` the markup that hides content (hidden, aria-hidden, display:none,
    /// hiding classes) is ignored, for a page whose text is all hidden until a script shows it. With
    /// `keep_markup` the tree also records links, emphasis, inline code and images (block_tree::marks).
    void reset(const winnow::limits& limits, bool reveal_hidden = false, bool keep_markup = false);
    void on_token(const token& t) override;
    /// The finished tree; valid until the next reset. Fails with errc::too_many_blocks past the limit.
    [[nodiscard]] std::error_code finish();
    [[nodiscard]] const block_tree& tree() const noexcept { return tree_; }
    /// The content of the body's <noscript> elements, back to back, as the tokenizer gave it (raw text:
    /// scripting is on). A page that renders its text with script often puts the same text there for
    /// clients without it (a forum's posts, a shop's products); extract() reads it when the page has
    /// little text besides.
    [[nodiscard]] std::string_view noscript_html() const noexcept { return noscript_html_; }
    /// Bytes of character data inside elements hidden by markup (not counting script and style).
    [[nodiscard]] std::size_t hidden_text_bytes() const noexcept { return hidden_text_bytes_; }

private:
    struct open_element {
        tag_id tag;
        std::uint32_t name_hash;
        std::uint32_t node;           ///< node index, or the enclosing node for inline elements
        bool is_node;
        bool skips;                   ///< content dropped (script, hidden, ...)
        bool hides = false;           ///< dropped because markup hides it (hidden, display:none, ...)
        std::uint32_t mark = 0;       ///< 1 + its entry in open_marks_, 0 for none
        bool counted_link = false;    ///< an <a> counted as a link (link_depth_)
    };
    /// Markup open around the text being read: where it began in tree_.text, and its target in labels.
    struct open_mark {
        mark_kind kind = mark_kind::link;
        bool open = false;
        std::uint32_t begin = 0;
        std::uint32_t target_begin = 0;
        std::uint16_t target_length = 0;
        std::uint16_t alt_length = 0;
    };

    void start_tag(const token& t);
    void end_tag(const token& t);
    void characters(std::string_view data);
    /// Appends a run of text (no whitespace to fold) with its character count to the open block.
    void append_run(std::string_view run, std::uint32_t chars);
    void open_node(const token& t, const element_attributes& a, std::uint32_t hints);
    void pop_to(std::size_t stack_index);
    void push_element(const open_element& e);
    void close_implied_for(tag_id tag);
    void close_head();
    bool close_if_open(tag_id tag, std::initializer_list<tag_id> scope_boundaries);
    void end_block();
    void line_break();
    void begin_block_if_needed();
    /// Inline markup (keep_markup only): a start tag that opens a mark, returning 1 + its index (0: none).
    [[nodiscard]] std::uint32_t open_mark_for(const token& t);
    void close_mark(std::uint32_t mark);
    void add_image(const token& t);
    /// Records the part of an open mark that lies in the open block, trimmed of its spaces.
    void record_mark(const open_mark& m, std::uint32_t begin, std::uint32_t end, bool own_line = false);
    [[nodiscard]] bool skipping() const noexcept { return skip_depth_ != 0; }
    [[nodiscard]] std::uint32_t current_node() const noexcept;
    /// Whether an <h1>..<h6> is open.
    [[nodiscard]] bool in_heading() const noexcept;
    struct names_reading;
    /// The cache's entry for a class or id string, emptied first when it held another string.
    [[nodiscard]] names_reading& reading_of(std::string_view names) noexcept;
    [[nodiscard]] static std::uint32_t hints_in(names_reading& r, std::string_view names) noexcept;
    [[nodiscard]] static bool hidden_in(names_reading& r, std::string_view names) noexcept;

    winnow::limits limits_;
    block_tree tree_;
    std::vector<open_element> stack_;
    std::array<std::uint32_t, tag_id_count> open_by_tag_{};   ///< open elements per tag id, so absent ones cost nothing
    std::size_t skip_depth_ = 0;      ///< open elements whose content is dropped
    std::vector<bool> list_kinds_;    ///< the open <ol> (true), <ul> and <menu> (false) elements, innermost last
    std::uint32_t link_depth_ = 0;
    std::uint32_t list_depth_ = 0;
    std::uint32_t quote_depth_ = 0;
    std::uint32_t pre_depth_ = 0;
    std::string code_language_;       ///< of the <pre> open: from its class or its <code>'s ("language-python")
    std::uint32_t table_depth_ = 0;
    std::uint32_t caption_depth_ = 0;
    std::uint32_t figure_depth_ = 0;
    std::uint32_t rows_ = 0;
    std::uint32_t current_row_ = 0;
    std::size_t current_offset_ = 0;
    bool in_head_ = false;
    bool block_open_ = false;
    bool pending_space_ = false;
    bool pending_newline_ = false;    ///< the pending whitespace held a line break (CJK joining)
    bool after_break_ = false;        ///< the last thing in the block is a <br>
    bool link_only_ = true;
    std::uint32_t link_run_ = 0;      ///< the <a> every character so far sat in (0: none)
    std::uint32_t links_seen_ = 0;
    std::uint32_t pending_tags_ = 0;  ///< inline tags seen since the last block ended, before the next opens
    /// What a class or id string says, each answer worked out when first asked.
    struct names_reading {
        std::uint64_t hash = 0;
        std::uint32_t hints = 0;
        bool valid = false;
        bool hints_known = false;
        bool hidden = false;        ///< a class that hides the element
        bool hidden_known = false;
    };
    std::array<names_reading, 256> names_cache_{};   ///< by a hash of the class/id string
    std::string noscript_html_;
    /// The ids of the panels a control opens and closes (aria-controls beside aria-expanded: an accordion's
    /// question, a "show more" button), the first max_collapsible_ids of the page: a set of their 64-bit
    /// hashes (open addressing, 0 for a free slot), so that asking costs the same however many there are.
    static constexpr std::size_t max_collapsible_ids = 256;
    std::array<std::uint64_t, 2 * max_collapsible_ids> collapsible_ids_{};
    std::size_t collapsible_count_ = 0;
    void note_collapsible(std::string_view controlled);
    [[nodiscard]] bool is_collapsible(std::string_view id) const noexcept;
    std::size_t hidden_depth_ = 0;    ///< open elements hidden by markup
    std::size_t hidden_text_bytes_ = 0;
    bool reveal_hidden_ = false;
    bool keep_markup_ = false;
    std::vector<open_mark> open_marks_;
    std::vector<open_mark> pending_images_;   ///< images met between blocks, for the next block
    std::error_code failure_;
};

}  // namespace winnow::detail
