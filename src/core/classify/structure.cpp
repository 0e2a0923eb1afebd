// Page structure inside and around the region: the names between each block and the container, a page
// of several posts, an editor credit just after the region, dated-headline lists and lists of links.
#include <algorithm>
#include <array>
#include <unordered_map>

#include "classify/passes.hpp"

namespace winnow::detail {

namespace {

/// The names of an element that hold however much of the region it holds: a page's footer and its consent
/// dialog are never the article (the region pass never descends into one). A consent dialog's name stands;
/// a footer's when it is a <footer>, or so named and made of short items (the site's columns of links), so
/// that it stays the footer even on a page with nothing else (a shop's page whose products a script fills
/// in). Neither holds when the headline is inside it. A long-worded element named "...footer" can be a
/// thread's "body and footer".
[[nodiscard]] std::uint32_t standing_names(const pass_context& c, const element_node& e, std::uint32_t names) noexcept {
    if (holds_title(e, c.state.title_block)) return 0;
    std::uint32_t standing = names & hint_consent;
    if (names & hint_footer) {
        const std::uint32_t blocks = e.end_block - e.first_block;
        const double words = c.state.words_before[e.end_block] - c.state.words_before[e.first_block];
        if ((hints_of_tag(e.tag) & hint_footer) || (blocks > 0 && words < c.tuning.structure.footer_item_max_words * blocks))
            standing |= hint_footer;
    }
    return standing;
}

}  // namespace

/// Hints of the nodes between a block and the container (the container's own and its ancestors' hints
/// describe the whole article and say nothing about one block). A hinted subtree that holds most of the
/// article is a mislabelled wrapper, and its hint is ignored. Made for every node at once, parents before
/// children (preorder), so no block walks its ancestors.
bool collect_inner_hints(pass_context& c) {
    page_state& s = c.state;
    const block_tree& tree = c.tree;
    s.container_value = c.options.text_mode ? 0 : s.node_values[c.out.container];
    s.inner_hints.assign(tree.nodes.size(), 0);
    if (c.options.text_mode) return true;
    s.words_before.assign(tree.blocks.size() + 1, 0.0);
    for (std::size_t i = 0; i < tree.blocks.size(); ++i)
        s.words_before[i + 1] = s.words_before[i] + c.out.features[i].counts.words;
    const auto collect = [&](std::uint32_t ignored) {
        const double wrapper_value = c.tuning.structure.mislabelled_wrapper_share * s.container_value;
        for (std::uint32_t node = 1; node < tree.nodes.size(); ++node) {
            if (node == c.out.container) continue;
            const element_node& e = tree.nodes[node];
            // What the element's tag says (<aside>, <nav>) is never ignored, only what its names say.
            std::uint32_t own = names_on_page(e.hints, s.product) & ~(ignored & ~hints_of_tag(e.tag));
            if (own && s.node_values[node] >= wrapper_value) own = standing_names(c, e, own);
            s.inner_hints[node] = s.inner_hints[e.parent] | own;
        }
    };
    collect(s.ignored_names);
    // A weak name that most of the region's text carries is the site's naming convention, not a verdict on
    // any one block: a page builder wraps every paragraph in its own "widget" or "module". Such names are
    // ignored throughout.
    double words = 0;
    std::array<double, 32> named_words{};
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        const double w = c.out.features[i].counts.words;
        words += w;
        const std::uint32_t names = s.inner_hints[tree.blocks[i].node] & weak_name_hints;
        for (std::uint32_t bit = 0; bit < 32; ++bit)
            if (names & (1u << bit)) named_words[bit] += w;
    }
    std::uint32_t common = 0;
    for (std::uint32_t bit = 0; bit < 32; ++bit)
        if (words > 0 && named_words[bit] >= c.tuning.structure.common_name_share * words) common |= 1u << bit;
    if (common != 0) collect(common | s.ignored_names);
    return true;
}

/// A page of several posts (a blog's front page): a date line, body text, and again and again a date line
/// of the same kind, in a unit of the same kind, followed by body text. The article is the first post; the
/// second post's title line and everything after it are other articles.
bool cut_other_posts(pass_context& c) {
    if (c.options.text_mode || c.state.listing) return true;   // a listing's items are its content
    page_state& s = c.state;
    const auto& t = c.tuning.structure;
    const std::uint32_t end = s.end;
    std::uint32_t first_date = end, cut = end, posts = 1;
    double words_since = 0;
    for (std::uint32_t i = s.first; i < end; ++i) {
        const block_features& f = c.out.features[i];
        const bool date_line = post_date_line(c, i);
        if (date_line && first_date == end) {
            first_date = i;
            words_since = 0;
            continue;
        }
        if (date_line && f.signature == c.out.features[first_date].signature && words_since >= t.post_min_words &&
            in_sibling_units(c, first_date, i)) {
            // The post's own title sits just above its date.
            if (cut == end)
                cut = i > first_date + 1 && c.out.features[i - 1].counts.words <= t.post_title_max_words ? i - 1 : i;
            ++posts;
            words_since = 0;
            continue;
        }
        if (first_date != end && body_like(c, i)) words_since += f.counts.words;
    }
    // Three posts at least: two dated sections can be one article's parts.
    if (cut < end && posts >= t.min_posts) {
        for (std::uint32_t i = cut; i < end; ++i) {
            c.out.decisions[i].decision = block_class::related;
            c.out.decisions[i].reason = "another post of a page of several posts";
        }
        s.end = cut;
    }
    return true;
}

/// The editor credit closes the article, so the region can end just before it: a few blocks after it are
/// looked at.
bool find_trailing_credit(pass_context& c) {
    const auto& t = c.tuning.structure;
    const std::uint32_t n = static_cast<std::uint32_t>(c.tree.blocks.size());
    for (std::uint32_t i = c.state.end; i < std::min<std::uint32_t>(n, c.state.end + t.editor_credit_reach); ++i) {
        const std::string_view text = c.text_of(i);
        if (text.size() > c.tuning.sizes.signal_max_bytes || c.out.features[i].counts.words > t.editor_credit_max_words)
            continue;
        if (const auto& editor = c.state.signals.editor_credit(i, text)) {
            if (c.out.editor.empty()) c.out.editor = *editor;
            c.out.decisions[i].decision = block_class::editor_credit;
            c.out.decisions[i].reason = "an editor credit";
            break;
        }
    }
    return true;
}

/// Dated-headline lists: three or more headline + timestamp (+ channel) entries close together.
bool find_dated_lists(pass_context& c) {
    page_state& s = c.state;
    const auto& t = c.tuning.structure;
    const std::uint32_t first = s.first, end = s.end;
    std::vector<bool>& dated = s.dated;
    dated.assign(c.tree.blocks.size(), false);
    for (std::uint32_t i = first; i < end; ++i) {
        const std::string_view text = c.text_of(i);
        // A headline with its timestamp and channel is a line, not a paragraph.
        if (text.size() <= c.tuning.sizes.signal_max_bytes && c.out.features[i].counts.words <= t.dated_headline_max_words &&
            signals::is_dated_headline(text))
            dated[i] = true;
    }
    std::uint32_t i = first;
    while (i < end) {
        if (!dated[i]) {
            ++i;
            continue;
        }
        // Extend a run of dated headlines, tolerating short blocks (a channel name, a separator) between.
        std::uint32_t j = i, last_dated = i, count = 0;
        while (j < end && j <= last_dated + t.dated_gap) {
            if (dated[j]) {
                last_dated = j;
                ++count;
            } else if (c.out.features[j].counts.words >= c.tuning.sizes.paragraph_words) {
                break;
            }
            ++j;
        }
        if (count >= t.dated_min_entries) {
            for (std::uint32_t k = i; k <= last_dated; ++k) {
                c.out.decisions[k].decision = block_class::dated_list;
                c.out.decisions[k].reason = "a list of headlines with timestamps";
                dated[k] = true;
            }
        } else {
            for (std::uint32_t k = i; k <= last_dated; ++k) dated[k] = false;
        }
        i = last_dated + 1;
    }
    return true;
}

/// Link lists: list items of one kind, every one of them holding a link ("recent comments", "more stories"
/// with a line of summary each). A list in the article links here and there, not in every item.
bool find_link_lists(pass_context& c) {
    page_state& s = c.state;
    s.link_list.assign(c.tree.blocks.size(), false);
    if (c.options.text_mode) return true;
    const auto& t = c.tuning.structure;
    struct tally {
        std::uint32_t items = 0, linked = 0;
        double link_density = 0;
    };
    std::unordered_map<std::uint32_t, tally> lists;
    const auto is_item = [&](const text_block& b) { return b.list_depth != 0 && c.tree.nodes[b.node].tag == tag_id::li; };
    // An item that says in a sentence what its link leads to ("Public datasets: explore large, real-world
    // data...") is documentation's list of resources, whatever the list's other items are.
    const auto described_link = [&](const text_block& b, const block_features& f) {
        const double most = b.opens_with_link ? t.link_list_named_max_link_density : t.link_list_prose_max_link_density;
        return f.link_density < most && f.counts.words >= t.link_list_prose_min_words;
    };
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        const text_block& b = c.tree.blocks[i];
        if (!is_item(b)) continue;
        tally& list = lists[c.out.features[i].signature];
        ++list.items;
        list.linked += b.link_chars > 0 ? 1u : 0u;
        list.link_density += c.out.features[i].link_density;
    }
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        const text_block& b = c.tree.blocks[i];
        if (!is_item(b)) continue;
        const tally& list = lists[c.out.features[i].signature];
        s.link_list[i] = list.items >= t.link_list_min_items &&
                         list.linked * 100 >= list.items * t.link_list_linked_percent &&
                         list.link_density >= t.link_list_min_link_density * list.items && !described_link(b, c.out.features[i]);
    }
    return true;
}

}  // namespace winnow::detail
