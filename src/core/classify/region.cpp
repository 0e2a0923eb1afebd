// The title block and the region: the container the article lives in (or, in text mode, the densest run
// of lines), widened to the article's parts outside it.
#include <algorithm>

#include "classify/passes.hpp"

namespace winnow::detail {
namespace {

/// Descends from the root into the child holding most of its parent's value, and stops where the value
/// spreads over several children.
std::uint32_t choose_container(pass_context& c) {
    const block_tree& tree = c.tree;
    page_state& s = c.state;
    const std::size_t node_count = tree.nodes.size();
    s.node_values.assign(node_count, 0);  // now from the values with names and teasers weighed in
    for (std::size_t i = 0; i < tree.blocks.size(); ++i) s.node_values[tree.blocks[i].node] += c.out.features[i].value;
    // Children come after their parents: one backward pass sums every subtree.
    for (std::size_t i = node_count; i-- > 1;) s.node_values[tree.nodes[i].parent] += s.node_values[i];

    // Nodes are stored in preorder: a node's subtree is the run of deeper nodes after it, and its children
    // are found by jumping from one child's subtree end to the next.
    s.subtree_ends.assign(node_count, static_cast<std::uint32_t>(node_count));
    std::vector<std::uint32_t>& open = s.open_nodes;
    open.clear();
    for (std::uint32_t i = 0; i < node_count; ++i) {
        while (!open.empty() && tree.nodes[open.back()].depth >= tree.nodes[i].depth) {
            s.subtree_ends[open.back()] = i;
            open.pop_back();
        }
        open.push_back(i);
    }
    std::uint32_t current = 0;
    for (;;) {
        const double total = s.node_values[current];
        if (total <= 0) break;
        std::uint32_t best = 0;
        double best_value = 0;
        for (std::uint32_t i = current + 1; i < s.subtree_ends[current]; i = s.subtree_ends[i]) {
            // A page's footer or its cookie dialog is never where its article lives, however much text it
            // holds (a shop's footer of paragraphs beside a product told in many short boxes).
            if ((s.node_hints[i] & (hint_footer | hint_consent)) && !holds_title(tree.nodes[i], s.title_block)) continue;
            if (s.node_values[i] > best_value) {
                best_value = s.node_values[i];
                best = i;
            }
        }
        if (best == 0 || best_value < c.tuning.container.descend_share * total) break;
        const element_node& chosen = tree.nodes[best];
        // A single paragraph is never the container: its neighbours would be lost.
        if (chosen.end_block - chosen.first_block < c.tuning.container.min_blocks) break;
        current = best;
    }
    return current;
}

/// Text mode: the densest run of lines, the maximum-sum window of (value - threshold), where short lines
/// cost and paragraphs pay (the CETD idea on a flat page).
void choose_text_region(pass_context& c) {
    const auto& t = c.tuning.region;
    const double threshold = t.text_line_threshold;
    double best = 0, running = 0;
    std::uint32_t run_start = 0;
    std::uint32_t& first = c.state.first;
    std::uint32_t& end = c.state.end;
    first = end = 0;
    for (std::uint32_t i = 0; i < c.tree.blocks.size(); ++i) {
        const block_features& f = c.out.features[i];
        double gain = f.counts.words >= t.text_line_min_words ? f.value + t.text_value_bonus - threshold : -threshold / 2;
        if (f.counts.sentence_ends + f.counts.commas > 0 && f.counts.words >= t.text_line_min_words)
            gain += t.text_sentence_bonus;
        if (running <= 0) {
            running = 0;
            run_start = i;
        }
        running += gain;
        if (running > best) {
            best = running;
            first = run_start;
            end = i + 1;
        }
    }
}

/// Sibling elements of the container that read as the same article join it (an article cut into several
/// <section>s, a body continued after an inline box), as Readability joins siblings.
void join_sibling_sections(pass_context& c) {
    const block_tree& tree = c.tree;
    page_state& s = c.state;
    const auto& t = c.tuning.region;
    if (c.out.container == 0) return;
    // The container may be the only content of thin wrappers (a grid's row around its one column): the
    // article's other parts are then the wrappers' siblings (the next rows).
    std::uint32_t anchor = c.out.container;
    while (tree.nodes[anchor].parent != 0 &&
           s.node_values[anchor] >= t.thin_wrapper_share * s.node_values[tree.nodes[anchor].parent])
        anchor = tree.nodes[anchor].parent;
    const element_node& chosen = tree.nodes[anchor];
    const double chosen_value = s.node_values[anchor];
    for (std::size_t i = chosen.parent + 1; i < tree.nodes.size(); ++i) {
        const element_node& sibling = tree.nodes[i];
        if (sibling.depth <= tree.nodes[chosen.parent].depth) break;
        if (sibling.parent != chosen.parent || i == anchor) continue;
        // The article's header before its body, holding the headline (a lede, a summary of what the page
        // teaches) belongs with it, however far before the body the headline sits.
        if (holds_title(sibling, s.title_block) && sibling.end_block <= chosen.first_block &&
            !(s.node_hints[i] & boilerplate_hints)) {
            s.first = std::min(s.first, s.title_block + 1);
            continue;
        }
        // A sibling of the container's own kind (the next "row" of a grid, the next "section") continues the
        // article however short it is; others must hold a share of its value.
        const bool same_kind = tree.label_of(sibling) == tree.label_of(chosen);
        if (s.node_values[i] < std::max(t.sibling_min_value, same_kind ? 0.0 : t.sibling_min_share * chosen_value)) continue;
        if (s.node_hints[i] & (boilerplate_hints | hint_caption)) continue;
        double body_words = 0, all_words = 0;
        for (std::uint32_t k = sibling.first_block; k < sibling.end_block; ++k) {
            all_words += c.out.features[k].counts.words;
            if (body_like(c, k)) body_words += c.out.features[k].counts.words;
        }
        if (body_words < t.sibling_body_share * all_words) continue;
        s.first = std::min(s.first, sibling.first_block);
        s.end = std::max(s.end, sibling.end_block);
    }
}

}  // namespace

bool find_title_block(pass_context& c) {
    page_state& s = c.state;
    const std::string_view title = !c.meta.title.empty() ? std::string_view(c.meta.title) : std::string_view(c.meta.first_h1);
    s.is_title = title_matcher(title, c.tuning.lead_in.title_match_percent);
    s.title_block = no_block;
    if (c.options.text_mode) return true;
    std::uint32_t first_h1 = no_block;
    for (std::uint32_t i = 0; i < c.tree.blocks.size(); ++i) {
        const text_block& b = c.tree.blocks[i];
        if (b.heading == 1 && first_h1 == no_block) first_h1 = i;
        if (b.heading != 0 && b.heading <= c.tuning.lead_in.title_max_heading &&
            b.text_length <= c.tuning.sizes.signal_max_bytes && s.is_title.matches(c.tree.text_of(b))) {
            s.title_block = i;
            return true;
        }
    }
    s.title_block = first_h1;
    return true;
}

bool choose_region(pass_context& c) {
    const block_tree& tree = c.tree;
    page_state& s = c.state;
    if (c.options.text_mode) {
        c.out.container = 0;
        choose_text_region(c);
        return true;
    }
    // A list page's items are its content: their holder is the container, however the value spreads.
    c.out.container = s.items_holder != 0 ? s.items_holder : choose_container(c);
    s.first = tree.nodes[c.out.container].first_block;
    s.end = tree.nodes[c.out.container].end_block;
    join_sibling_sections(c);
    // Good paragraphs right next to the container belong with it: a lede before the body's div, a paragraph
    // after an inline advertisement. Walk outwards while blocks read as body text.
    const auto& t = c.tuning.region;
    auto good = [&](std::uint32_t b) {
        const block_features& f = c.out.features[b];
        return f.counts.words >= c.tuning.sizes.paragraph_words && f.link_density < t.neighbour_max_link_density &&
               (f.counts.sentence_ends + f.counts.commas) > 0 && (f.hints & boilerplate_hints) == 0 &&
               !tree.blocks[b].in_link_only;
    };
    while (s.first > 0 && good(s.first - 1)) --s.first;
    while (s.end < tree.blocks.size() && good(s.end)) ++s.end;
    // Between the headline and the body sit the lede, the byline, the lead picture and a share bar, often in
    // the article's <header> outside the body's element: the region reaches back to the headline across
    // them, and the rules sort them out.
    if (s.title_block < s.first && s.first - s.title_block <= t.headline_reach) s.first = s.title_block + 1;
    return true;
}

}  // namespace winnow::detail
