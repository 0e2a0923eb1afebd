// The page-type passes: what kind of page this is (winnow/page_type.hpp), first from the metadata (a
// thread's posts are the content, so that must be known before names are weighed), then from the page's
// structure once every block has its counts: repeated items holding most of the text, prices in them, code.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "classify/passes.hpp"

namespace winnow::detail {
namespace {

/// schema.org types of the JSON-LD main entity, and og:type values, that say what the page is.
struct metadata_type {
    std::string_view name;
    page_type type;
};
constexpr metadata_type schema_types[] = {
    {"discussionforumposting", page_type::forum}, {"qapage", page_type::forum},
    {"question", page_type::forum},               {"forumtopic", page_type::forum},
    {"product", page_type::product},              {"productgroup", page_type::product},
    {"collectionpage", page_type::listing},       {"searchresultspage", page_type::listing},
    {"techarticle", page_type::documentation},    {"apireference", page_type::documentation},
    {"faqpage", page_type::service},              {"aboutpage", page_type::service},
    {"contactpage", page_type::service},
};
constexpr metadata_type og_types[] = {
    {"product", page_type::product},
    {"og:product", page_type::product},
    {"product.item", page_type::product},
    {"product.group", page_type::collection},
};

/// Currency signs that, directly before a number, make a price.
constexpr std::string_view currency_signs[] = {"$", "\xC2\xA3" /* £ */, "\xE2\x82\xAC" /* € */, "\xE2\x82\xB9" /* ₹ */};

[[nodiscard]] bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// "$24.99", "€ 120", "£5": a currency sign, perhaps a space, a digit.
[[nodiscard]] bool holds_price(std::string_view text) noexcept {
    for (const std::string_view sign : currency_signs) {
        for (std::size_t at = text.find(sign); at != std::string_view::npos; at = text.find(sign, at + 1)) {
            std::size_t next = at + sign.size();
            if (next < text.size() && text[next] == ' ') ++next;
            if (next < text.size() && is_digit(text[next])) return true;
        }
    }
    return false;
}

/// Paragraphs and headings are text, never items (a paragraph with a link in it is not a teaser).
[[nodiscard]] bool can_be_item(tag_id tag) noexcept {
    switch (tag) {
        case tag_id::p: case tag_id::h1: case tag_id::h2: case tag_id::h3: case tag_id::h4: case tag_id::h5:
        case tag_id::h6: case tag_id::pre: case tag_id::blockquote: return false;
        default: return true;
    }
}


/// What the structure pass measured, for the decision and its reason.
struct structure_figures {
    double words = 0;             ///< the page's words outside elements named like boilerplate
    double body_words = 0;        ///< of which in paragraphs (body_like)
    std::uint32_t headings = 0;
    double code_words = 0;        ///< in <pre>
    double item_words = 0;        ///< in repeated items
    double item_link_words = 0;   ///< of which in links (by characters)
    std::uint32_t items = 0;
    std::uint32_t priced = 0;     ///< items holding a price
    std::uint32_t dated = 0;      ///< items holding a date line
    std::uint32_t headlined = 0;  ///< items opening with a linked headline (a news list's, not a thread's)
    std::uint32_t holder = 0;     ///< the element holding the items
    double body_words_outside = 0;    ///< words of paragraphs outside the items (an article beside a menu)
    double body_words_before_items = 0;   ///< of which between the headline and the items
    bool items_before_title = false;      ///< the items end before the headline (a menu)
};

/// Running sums over the blocks, so that any element's words, prices and date lines are two lookups.
struct block_sums {
    std::vector<double> words;          ///< words before each block (outside boilerplate names)
    std::vector<std::uint32_t> prices;  ///< short blocks holding a price before each block
    std::vector<std::uint32_t> dates;   ///< date lines before each block

    [[nodiscard]] double words_of(const element_node& n) const noexcept { return words[n.end_block] - words[n.first_block]; }
    [[nodiscard]] bool priced(const element_node& n) const noexcept { return prices[n.end_block] > prices[n.first_block]; }
    [[nodiscard]] bool dated(const element_node& n) const noexcept { return dates[n.end_block] > dates[n.first_block]; }
};

[[nodiscard]] bool counted(const pass_context& c, std::size_t block) noexcept {
    return (c.out.features[block].hints & boilerplate_hints) == 0;
}

block_sums sum_blocks(pass_context& c, structure_figures& m) {
    const block_tree& tree = c.tree;
    const auto& t = c.tuning.page_types;
    const std::size_t n = tree.blocks.size();
    block_sums sums{std::vector<double>(n + 1, 0), std::vector<std::uint32_t>(n + 1, 0), std::vector<std::uint32_t>(n + 1, 0)};
    for (std::uint32_t i = 0; i < n; ++i) {
        const block_features& f = c.out.features[i];
        const bool in_page = counted(c, i);
        const std::string_view text = c.text_of(i);
        const double words = in_page ? f.counts.words : 0;
        const bool price = in_page && f.counts.words <= t.price_max_words && holds_price(text);
        const bool date = in_page && post_date_line(c, i);
        sums.words[i + 1] = sums.words[i] + words;
        sums.prices[i + 1] = sums.prices[i] + (price ? 1u : 0u);
        sums.dates[i + 1] = sums.dates[i] + (date ? 1u : 0u);
        m.words += words;
        if (in_page && body_like(c, i)) m.body_words += words;
        if (in_page && tree.blocks[i].heading != 0) ++m.headings;
        if (tree.blocks[i].in_pre) m.code_words += words;
    }
    return sums;
}

[[nodiscard]] std::uint64_t group_key(const block_tree& tree, std::uint32_t node) noexcept {
    return (static_cast<std::uint64_t>(tree.nodes[node].parent) << 32) | element_kind(tree, tree.nodes[node]);
}

/// Every node's group (page_state::group_of) and the groups' counts, in one pass over the nodes: a table
/// with open addressing, twice the nodes in size, kept between pages.
void group_items(pass_context& c, const block_sums& sums) {
    const block_tree& tree = c.tree;
    page_state& s = c.state;
    s.item_groups.clear();
    s.group_of.assign(tree.nodes.size(), no_block);
    std::size_t size = 16;
    while (size < 2 * tree.nodes.size()) size *= 2;
    s.group_table.assign(size, 0);
    for (std::uint32_t i = 1; i < tree.nodes.size(); ++i) {
        const element_node& node = tree.nodes[i];
        if (node.end_block <= node.first_block || !can_be_item(node.tag)) continue;
        const std::uint64_t key = group_key(tree, i);
        std::size_t slot = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & (size - 1);
        while (s.group_table[slot] != 0 && s.item_groups[s.group_table[slot] - 1].key != key) slot = (slot + 1) & (size - 1);
        if (s.group_table[slot] == 0) {
            s.item_groups.push_back(item_group{key});
            s.group_table[slot] = static_cast<std::uint32_t>(s.item_groups.size());
        }
        s.group_of[i] = s.group_table[slot] - 1;
        item_group& g = s.item_groups[s.group_of[i]];
        const double words = sums.words_of(node);
        ++g.items;
        g.linked += node.links > 0 ? 1u : 0u;
        g.words += words;
        g.largest = std::max(g.largest, words);
    }
}

[[nodiscard]] bool is_item_group(const classifier_tuning::page_type_pass& t, const item_group& g) noexcept {
    return g.items >= t.min_items && g.linked >= t.linked_item_share * g.items &&
           g.words >= t.item_min_mean_words * g.items && g.largest <= t.largest_item_share * g.words;
}

std::uint32_t common_ancestor(const block_tree& tree, std::uint32_t a, std::uint32_t b) noexcept {
    while (a != b) {
        if (tree.nodes[a].depth >= tree.nodes[b].depth) a = a == 0 ? 0 : tree.nodes[a].parent;
        else b = tree.nodes[b].parent;
    }
    return a;
}

/// The items' holder: the element around the largest group's items and every group of at least a share of
/// its size (a section front's several lists), not the small lists of a sidebar. Then whether the items
/// are an article's menu or sidebar instead: they sit before the headline, or an article's worth of
/// paragraphs lies between the headline and them.
void find_holder(const pass_context& c, structure_figures& m) {
    const auto& t = c.tuning.page_types;
    double largest_group = 0;
    for (const item_group& g : c.state.item_groups)
        if (is_item_group(t, g)) largest_group = std::max(largest_group, g.words);
    bool found = false;
    for (const item_group& g : c.state.item_groups) {
        if (!is_item_group(t, g) || g.words < t.holder_group_share * largest_group) continue;
        const auto parent = static_cast<std::uint32_t>(g.key >> 32);
        m.holder = found ? common_ancestor(c.tree, m.holder, parent) : parent;
        found = true;
    }
    const std::uint32_t title = c.state.title_block;
    if (!found || title == no_block) return;
    const element_node& h = c.tree.nodes[m.holder];
    m.items_before_title = h.end_block <= title;
    for (std::uint32_t i = title + 1; i < h.first_block; ++i)
        if (body_like(c, i) && counted(c, i)) m.body_words_before_items += c.out.features[i].counts.words;
}

/// Whether an item's first block is a linked headline: a list of articles opens each with the link to it;
/// a thread's post opens with its author, its text, or a link to itself that is its number and time.
[[nodiscard]] bool opens_with_linked_headline(pass_context& c, const element_node& item) {
    const std::uint32_t first = item.first_block;
    return first < item.end_block && linked_headline(c, first) && !post_date_line(c, first);
}

/// The blocks inside items of the item groups, each counted once however the groups nest (in_item), and
/// the items' words, links, prices and dates.
void cover_items(pass_context& c, const block_sums& sums, structure_figures& m) {
    const block_tree& tree = c.tree;
    const std::size_t n = tree.blocks.size();
    std::vector<std::int32_t> cover(n + 1, 0);
    c.state.items.clear();
    std::uint32_t covered_end = 0;
    for (std::uint32_t i = 1; i < tree.nodes.size(); ++i) {
        const element_node& node = tree.nodes[i];
        const std::uint32_t group = c.state.group_of[i];
        if (group == no_block || !is_item_group(c.tuning.page_types, c.state.item_groups[group])) continue;
        if (node.first_block >= covered_end) {   // an outermost item (nodes come in document order)
            c.state.items.push_back(i);
            covered_end = node.end_block;
        }
        ++cover[node.first_block];
        --cover[node.end_block];
        ++m.items;
        m.priced += sums.priced(node) ? 1u : 0u;
        m.dated += sums.dated(node) ? 1u : 0u;
        m.headlined += opens_with_linked_headline(c, node) ? 1u : 0u;
    }
    std::vector<bool>& in_item = c.state.in_item;
    in_item.assign(n, false);
    std::int32_t depth = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        depth += cover[i];
        const block_features& f = c.out.features[i];
        if (depth <= 0) {
            if (body_like(c, i) && counted(c, i)) m.body_words_outside += f.counts.words;
            continue;
        }
        in_item[i] = true;
        const double words = sums.words[i + 1] - sums.words[i];
        m.item_words += words;
        m.item_link_words += words * f.link_density;
    }
}

structure_figures measure_structure(pass_context& c) {
    structure_figures m;
    const block_sums sums = sum_blocks(c, m);
    group_items(c, sums);
    find_holder(c, m);
    cover_items(c, sums, m);
    return m;
}

[[nodiscard]] std::optional<page_type> find_type(std::string_view value, std::span<const metadata_type> table) noexcept {
    for (const auto& entry : table)
        if (entry.name == value) return entry.type;
    return std::nullopt;
}

void decide(pass_context& c, page_type type, std::string reason) {
    c.out.page_type = type;
    c.out.page_type_reason = std::move(reason);
}

std::string percent(double part, double whole) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f %%", whole > 0 ? 100 * part / whole : 0.0);
    return buf;
}

/// The headline's block, or else the first block reading as the page's title (old templates set it in a
/// paragraph), if any.
[[nodiscard]] std::uint32_t headline_or_title_line(const pass_context& c) {
    if (c.state.title_block != no_block) return c.state.title_block;
    for (std::uint32_t i = 0; i < c.tree.blocks.size(); ++i) {
        const text_block& b = c.tree.blocks[i];
        if (b.text_length <= c.tuning.sizes.signal_max_bytes && c.state.is_title.matches(c.tree.text_of(b))) return i;
    }
    return no_block;
}

/// A date line within tuning.page_types.headline_date_reach blocks of the headline's block.
[[nodiscard]] bool dated_headline(pass_context& c) {
    const std::uint32_t title = headline_or_title_line(c);
    if (title == no_block) return false;
    const std::uint32_t reach = c.tuning.page_types.headline_date_reach;
    const std::uint32_t from = title > reach ? title - reach : 0;
    const auto end = static_cast<std::uint32_t>(std::min<std::size_t>(c.tree.blocks.size(), std::size_t{title} + reach + 1));
    for (std::uint32_t i = from; i < end; ++i)
        if (i != title && post_date_line(c, i)) return true;
    return false;
}

}  // namespace

std::uint32_t element_kind(const block_tree& tree, const element_node& node) noexcept {
    std::uint32_t h = 2166136261u ^ static_cast<std::uint32_t>(node.tag);
    const std::string_view label = tree.label_of(node);
    const std::size_t dot = label.find('.');
    if (dot == std::string_view::npos) return h;
    for (std::size_t i = dot + 1; i < label.size() && label[i] != '.' && label[i] != '#'; ++i)
        if (!is_digit(label[i])) h = (h ^ static_cast<unsigned char>(label[i])) * 16777619u;
    return h;
}

bool decide_page_type(pass_context& c) {
    page_state& s = c.state;
    const std::optional<page_type> schema = find_type(c.meta.schema_type, schema_types);
    s.discussion = schema == page_type::forum;
    s.product = schema == page_type::product || find_type(c.meta.og_type, og_types) == page_type::product;
    // In a thread, elements named "comment" or "reply" hold the posts the page is made of.
    s.ignored_names = s.discussion ? hint_comments : 0u;
    decide(c, page_type::article, "");
    return true;
}

bool find_page_structure(pass_context& c) {
    page_state& s = c.state;
    const auto& t = c.tuning.page_types;
    const page_metadata& meta = c.meta;
    s.items_holder = 0;
    if (c.options.text_mode) {
        decide(c, page_type::article, "flattened text: no structure to read");
        return true;
    }
    const std::optional<page_type> schema = find_type(meta.schema_type, schema_types);
    const std::optional<page_type> og = find_type(meta.og_type, og_types);
    const structure_figures m = measure_structure(c);
    // Posts: repeated items, half of them with a date line (their author and time are the post's metadata).
    s.posts = m.items >= t.min_posts && m.dated >= t.dated_post_share * m.items;
    if (s.discussion) {
        decide(c, page_type::forum, "JSON-LD main entity " + meta.schema_type + ": a thread");
        return true;
    }
    const bool items_hold_page = m.items >= t.min_items && m.item_words >= t.items_min_share * m.words &&
                                 m.body_words_outside <= t.max_body_share_outside * m.item_words &&
                                 !m.items_before_title &&
                                 (m.body_words_before_items < t.article_words_before_items ||
                                  (m.priced >= t.priced_item_share * m.items &&
                                   m.body_words_before_items < t.shop_intro_max_share * m.item_words));
    const std::string items_said = std::to_string(m.items) + " repeated items hold " + percent(m.item_words, m.words) +
                                   " of the text";
    const bool posts_hold_page = m.items >= t.min_posts && m.item_words >= t.posts_min_share * m.words &&
                                 m.headlined < t.headlined_item_share * m.items &&
                                 m.item_link_words <= t.posts_max_link_share * m.item_words &&
                                 m.item_words >= t.post_min_mean_words * m.items && m.dated >= t.dated_post_share * m.items;
    // A shop's grid of priced items is its content even beside long filter menus and text for search
    // engines: many items, most with a price, a smaller share of the text.
    const bool shop_items = m.items >= t.shop_min_items && m.priced >= t.priced_item_share * m.items &&
                            m.item_words >= t.shop_min_share * m.words && !m.items_before_title;
    if (posts_hold_page) {
        decide(c, page_type::forum, std::to_string(m.items) + " repeated posts hold " + percent(m.item_words, m.words) +
                                        " of the text, " + std::to_string(m.dated) + " with a date");
    } else if (items_hold_page && m.priced >= t.priced_item_share * m.items) {
        decide(c, page_type::collection, items_said + ", " + std::to_string(m.priced) + " with a price");
    } else if (og == page_type::collection) {
        decide(c, page_type::collection, "og:type " + meta.og_type);
    } else if (schema == page_type::product || og == page_type::product) {
        decide(c, page_type::product, schema == page_type::product ? "JSON-LD main entity " + meta.schema_type
                                                                    : "og:type " + meta.og_type);
    } else if (shop_items) {
        decide(c, page_type::collection, items_said + ", " + std::to_string(m.priced) + " with a price");
    } else if (items_hold_page && m.item_link_words >= t.listing_min_link_share * m.item_words) {
        decide(c, page_type::listing, items_said + ", " + percent(m.item_link_words, m.item_words) + " of it linked");
    } else if (items_hold_page && m.headlined >= t.headlined_item_share * m.items &&
               m.dated >= t.dated_post_share * m.items) {
        decide(c, page_type::listing, items_said + ", " + std::to_string(m.headlined) + " opening with a linked headline");
    } else if (schema == page_type::listing) {
        decide(c, page_type::listing, "JSON-LD main entity " + meta.schema_type);
    } else if (s.listing) {
        decide(c, page_type::listing, "teasers under linked headlines outweigh the other paragraphs");
    } else if (schema == page_type::documentation) {
        decide(c, page_type::documentation, "JSON-LD main entity " + meta.schema_type);
    } else if (m.code_words > 0 && m.code_words >= t.documentation_min_code_share * m.words) {
        decide(c, page_type::documentation, "code blocks hold " + percent(m.code_words, m.words) + " of the text");
    } else if (schema == page_type::service) {
        decide(c, page_type::service, "JSON-LD main entity " + meta.schema_type);
    } else if (!meta.published.empty() || !meta.authors.empty() || meta.og_type == "article") {
        decide(c, page_type::article, !meta.published.empty() ? "a publication date"
                                      : !meta.authors.empty() ? "an author"
                                                              : "og:type article");
    } else if (dated_headline(c)) {
        decide(c, page_type::article, "a date line beside the headline");
    } else if (m.body_words >= t.prose_min_share * m.words &&
               m.words >= t.prose_min_words_per_heading * std::max<std::uint32_t>(m.headings, 1)) {
        decide(c, page_type::article, "paragraphs hold " + percent(m.body_words, m.words) + " of the text, " +
                                          std::to_string(m.headings) + " headings");
    } else {
        decide(c, page_type::service, "no date, author or article markup, no repeated items, short sections");
    }
    // A shop's grid beside much other text is typed, but read as the article rules read it: its filters
    // and its text for search engines are often the page's words too.
    if ((c.out.page_type == page_type::listing || c.out.page_type == page_type::collection) &&
        (items_hold_page || !shop_items)) {
        s.listing = true;
        if (items_hold_page) s.items_holder = m.holder;
    } else if (posts_hold_page) {
        s.discussion = true;
        s.items_holder = m.holder;
    }
    s.posts = s.posts && c.out.page_type == page_type::forum;
    return true;
}

namespace {

/// A post's author: a short line that is all one link (the member's profile), with letters; never a
/// heading, a quotation's "Maria said:" or a "Click to expand..." control.
[[nodiscard]] bool post_author_line(const pass_context& c, std::uint32_t i) {
    const text_block& b = c.tree.blocks[i];
    const block_features& f = c.out.features[i];
    // A name has letters: an avatar's initial or a post number is not one.
    const std::string_view text = c.text_of(i);
    const auto letters = std::count_if(text.begin(), text.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (static_cast<unsigned char>(ch) & 0x80u);
    });
    // "Maria said:" heads a quotation, "Messages:" a count.
    if (!text.empty() && text.back() == ':') return false;
    // "Click to expand..." and "Show more…" are controls.
    if (text.ends_with("...") || text.ends_with("\xE2\x80\xA6")) return false;
    return b.heading == 0 && letters >= 2 && f.counts.words <= c.tuning.page_types.post_author_max_words &&
           b.text_length <= c.tuning.page_types.post_author_max_bytes && b.in_link_only;
}

void take_out(block_decision& d, const char* reason) {
    d.decision = block_class::byline;
    d.kept = false;
    d.reason = reason;
}

/// One post's metadata, the lines that carry it taken out of the body: before the post's text, a date line
/// and a short author line; failing that, after it (a user card under the post), a date line and an
/// author in an element named like a byline.
post_info read_post(pass_context& c, const element_node& item) {
    auto& d = c.out.decisions;
    post_info p{item.first_block, item.end_block, {}, {}};
    bool in_text = false;
    for (std::uint32_t i = item.first_block; i < item.end_block; ++i) {
        if (!p.published.empty() && !p.author.empty()) break;
        const std::string_view text = c.text_of(i);
        const block_features& f = c.out.features[i];
        if (body_like(c, i)) {
            in_text = true;
            continue;
        }
        if (post_date_line(c, i)) {   // the first is the post's time; a later one is no author
            if (p.published.empty()) {
                p.published = *c.state.signals.date(i, text);
                take_out(d[i], "a post's time (the post's metadata)");
            }
            continue;
        }
        // The member's profile link names the author, before the post's text or, under it, in an element
        // named like a byline (a user card).
        if (p.author.empty() && post_author_line(c, i) && (!in_text || (f.hints & hint_byline))) {
            p.author = std::string(text);
            take_out(d[i], "a post's author (the post's metadata)");
        }
    }
    return p;
}

}  // namespace

bool read_posts(pass_context& c) {
    c.out.posts.clear();
    const page_state& s = c.state;
    if (!s.posts) return true;
    for (const std::uint32_t item : s.items) {
        const element_node& node = c.tree.nodes[item];
        if (node.end_block <= s.first || node.first_block >= s.end) continue;   // outside the thread
        c.out.posts.push_back(read_post(c, node));
    }
    return true;
}

bool keep_list_items(pass_context& c) {
    page_state& s = c.state;
    if (!s.listing || s.items_holder == 0) return true;
    auto& d = c.out.decisions;
    // A text that half the items of a listing repeat word for word is a control of the list ("Rate this
    // book", "Save", "Share"), not a part of any item. A shop's items repeat their sizes and offers, and
    // keep them.
    std::unordered_map<std::uint32_t, std::uint32_t> copies;
    for (std::uint32_t i = s.first; i < s.end; ++i)
        if (s.in_item[i]) ++copies[hash_text(c.text_of(i))];
    const double control_copies =
        std::max<double>(c.tuning.page_types.min_items, c.tuning.page_types.control_item_share * static_cast<double>(s.items.size()));
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        const block_features& f = c.out.features[i];
        if (!s.in_item[i] || d[i].decision == block_class::duplicate || f.counts.words <= 0) continue;
        if (c.out.page_type == page_type::listing && copies[hash_text(c.text_of(i))] >= control_copies) {
            d[i].kept = false;
            d[i].decision = block_class::navigation;
            d[i].reason = "the same in half the items of the list page: a control";
            continue;
        }
        if (d[i].kept || (f.hints & boilerplate_hints) != 0) continue;
        d[i].kept = true;
        d[i].decision = block_class::content;
        d[i].reason = "a part of an item of the list page";
    }
    return true;
}

bool keep_linked_headlines(pass_context& c) {
    const page_state& s = c.state;
    if (c.out.page_type == page_type::product || c.out.page_type == page_type::forum) return true;
    const auto& t = c.tuning.page_types;
    auto& d = c.out.decisions;
    auto is_linked_headline = [&](std::uint32_t i) {
        const block_features& f = c.out.features[i];
        return !d[i].kept && std::string_view(d[i].reason) == mostly_link_text && c.tree.blocks[i].heading != 0 &&
               f.link_density >= t.linked_headline_min_density && f.counts.words >= t.linked_headline_min_words;
    };
    std::uint32_t count = 0;
    double headline_words = 0;
    double kept_words = 0;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (d[i].kept) {
            kept_words += c.out.features[i].counts.words;
        } else if (is_linked_headline(i)) {
            ++count;
            headline_words += c.out.features[i].counts.words;
        }
    }
    if (count < t.linked_headline_min_count || headline_words < t.linked_headline_min_share * kept_words) return true;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (!is_linked_headline(i)) continue;
        d[i].decision = block_class::content;
        d[i].kept = true;
        d[i].reason = "a linked headline of a list page's item";
    }
    return true;
}

bool keep_stub_thread(pass_context& c) {
    if (c.out.page_type != page_type::article || c.state.discussion) return true;
    const auto& t = c.tuning.page_types;
    auto& d = c.out.decisions;
    double kept_words = 0;
    double comment_words = 0;
    for (std::uint32_t i = 0; i < d.size(); ++i) {
        if (d[i].kept) kept_words += c.out.features[i].counts.words;
        else if (d[i].decision == block_class::comments) comment_words += c.out.features[i].counts.words;
    }
    if (kept_words >= t.stub_article_max_words || comment_words < t.thread_min_comment_ratio * std::max(kept_words, 1.0))
        return true;
    for (std::uint32_t i = 0; i < d.size(); ++i) {
        if (d[i].decision != block_class::comments) continue;
        d[i].decision = block_class::content;
        d[i].kept = true;
        d[i].reason = "a post of a thread whose opening post is short";
    }
    c.out.page_type = page_type::forum;
    c.out.page_type_reason = "comments " + std::to_string(static_cast<int>(comment_words)) + " words beside an article of " +
                             std::to_string(static_cast<int>(kept_words));
    return true;
}

bool keep_caption_cards(pass_context& c) {
    if (c.out.page_type == page_type::product) return true;   // a product's gallery captions are not its text
    const auto& t = c.tuning.page_types;
    auto& d = c.out.decisions;
    double kept_words = 0;
    for (std::uint32_t i = 0; i < d.size(); ++i)
        if (d[i].kept) kept_words += c.out.features[i].counts.words;
    const double budget = t.caption_cards_max_share * kept_words;
    double added = 0;
    for (std::uint32_t i = 0; i < d.size(); ++i) {
        const block_features& f = c.out.features[i];
        const text_block& b = c.tree.blocks[i];
        if (d[i].kept || std::string_view(d[i].reason) != caption_by_element_name || b.in_figure || b.in_caption ||
            f.counts.words < t.caption_card_min_words || f.link_density > t.caption_card_max_link_density)
            continue;
        if (added + f.counts.words > budget) break;
        added += f.counts.words;
        d[i].decision = block_class::content;
        d[i].kept = true;
        d[i].reason = "prose in an element named like a caption, outside any figure";
    }
    return true;
}

}  // namespace winnow::detail

