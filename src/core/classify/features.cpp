// The features pass: each block's counts and densities, its content value, the names of the elements
// around it (weighed against how much of the page they hold), and teasers.
#include <algorithm>
#include <unordered_map>

#include "classify/passes.hpp"

namespace winnow::detail {
namespace {

/// Counts, densities and the raw content value of every block; block signatures and how often each occurs.
bool measure_blocks(pass_context& c) {
    const block_tree& tree = c.tree;
    const auto& t = c.tuning.features;
    const std::size_t n = tree.blocks.size();
    c.out.features.assign(n, block_features{});
    c.state.raw_values.assign(n, 0);
    std::unordered_map<std::uint32_t, std::uint32_t> signature_counts;
    for (std::size_t i = 0; i < n; ++i) {
        if (c.out_of_time()) return false;
        const text_block& b = tree.blocks[i];
        block_features& f = c.out.features[i];
        f.counts = c.analyzer.analyze(tree.text_of(b));
        const double chars = std::max(1.0, static_cast<double>(f.counts.chars));
        f.link_density = c.options.text_mode ? 0 : std::min(1.0, b.link_chars / chars);
        f.punctuation_density = static_cast<double>(f.counts.punctuation) / chars;
        f.text_density = f.counts.words / std::max<double>(1, static_cast<double>(wrapped_lines(f.counts.columns)));
        f.tag_density = static_cast<double>(b.tags) / std::max(1.0, f.counts.words);
        f.position = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
        const element_node& owner = tree.nodes[b.node];
        f.signature = hash_text(tree.label_of(owner)) * 31u + hash_text(tree.label_of(tree.nodes[owner.parent]));
        ++signature_counts[f.signature];

        double value = std::max(0.0, f.counts.words - t.value_words_discount);
        if (f.link_density > t.navigation_link_density) value = 0;
        value *= (1 - f.link_density) * (1 - f.link_density);
        if (f.counts.sentence_ends + f.counts.commas == 0 && f.counts.words < t.unpunctuated_max_words)
            value *= t.unpunctuated_weight;
        if (b.heading) value = 0;
        // Codes and hashes read as many words: labels a site hides as runs of generated ids, lists of
        // postal codes or SKUs. Without a sentence and heavy with digits they are not prose (a <pre> or
        // CJK text is another matter).
        const double alphanumerics = static_cast<double>(f.counts.letters + f.counts.digits);
        f.identifiers = !b.in_pre && f.counts.cjk == 0 && f.counts.sentence_ends + f.counts.commas == 0 &&
                        f.counts.words >= t.identifiers_min_words &&
                        static_cast<double>(f.counts.digits) >= t.identifiers_min_digit_share * alphanumerics;
        if (f.identifiers) value = 0;
        c.state.raw_values[i] = value;
    }
    for (auto& f : c.out.features) f.siblings = signature_counts[f.signature];
    return true;
}

/// Class and id names are evidence, not verdicts: an element named like boilerplate that holds a large
/// share of the page's text is a wrapper someone named carelessly (a "share" plugin's container around the
/// article, an "ad-portal" around the whole page), and its name is ignored.
void weigh_names(pass_context& c) {
    const block_tree& tree = c.tree;
    page_state& s = c.state;
    s.node_values.assign(tree.nodes.size(), 0);
    for (std::size_t i = 0; i < tree.blocks.size(); ++i) s.node_values[tree.blocks[i].node] += s.raw_values[i];
    for (std::size_t i = tree.nodes.size(); i-- > 1;) s.node_values[tree.nodes[i].parent] += s.node_values[i];
    const double total = std::max(1.0, s.node_values.empty() ? 0.0 : s.node_values[0]);
    s.node_hints.assign(tree.nodes.size(), 0);
    // Weak names are discounted on elements that hold most of the page's text; names of sections that
    // really can outweigh an article (comments, related lists, galleries) never are, unless the element
    // holds the headline. <nav>, <aside>, <footer> and <header> are the author's own words and always count.
    for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
        const element_node& node = tree.nodes[i];
        std::uint32_t own = names_on_page(node.hints, s.product) & ~s.ignored_names;
        if (own & (boilerplate_hints | hint_caption)) {
            if (holds_title(node, s.title_block)) {
                own &= ~(boilerplate_hints | hint_caption);
            } else if (s.node_values[i] >= c.tuning.features.careless_wrapper_share * total) {
                own &= ~weak_name_hints;
            }
            own |= node.hints & hints_of_tag(node.tag) & ~s.ignored_names;
        }
        s.node_hints[i] = own | (i == 0 ? 0u : s.node_hints[node.parent]);
    }
}

/// Teasers: a linked headline followed by its summary, repeated. Lists of other articles look like this
/// whether or not anyone named them; the summaries read like body text and must not pull the container.
std::vector<bool> find_teasers(const pass_context& c, std::unordered_map<std::uint32_t, std::uint32_t>& counts) {
    const block_tree& tree = c.tree;
    const auto& t = c.tuning.features;
    const std::size_t n = tree.blocks.size();
    std::vector<bool> teaser(n, false);
    for (std::size_t i = 1; i < n; ++i) {
        if (c.options.text_mode || tree.blocks[i].heading) continue;
        if (!linked_headline(c, static_cast<std::uint32_t>(i - 1))) continue;
        // A teaser is short, and sits with its headline in a small item of its own (an <li>, an <article>, a
        // card): the smallest element holding both holds little else. A listicle's linked subheading followed
        // by its paragraphs shares the whole article body instead. A table row pairing a linked name with its
        // description is a table's data, not a teaser (documentation's "scenario | what it does").
        if (c.out.features[i].counts.words > t.teaser_max_words) continue;
        std::uint32_t item = tree.blocks[i].node;
        while (item != 0 && tree.nodes[item].first_block > i - 1) item = tree.nodes[item].parent;
        const element_node& holder = tree.nodes[item];
        if (item != 0 && holder.tag != tag_id::tr &&
            holder.end_block - holder.first_block <= t.teaser_item_max_blocks) {
            teaser[i] = true;
            ++counts[c.out.features[i].signature];
        }
    }
    return teaser;
}

}  // namespace

/// A listing (a category page, search results, an archive) is made of teasers: their summaries outweigh
/// the page's other paragraphs. There the teasers are the content.
bool is_listing(const pass_context& c) {
    const auto& t = c.tuning.features;
    double teaser_words = 0, body_words = 0;
    for (std::size_t i = 0; i < c.tree.blocks.size(); ++i) {
        const block_features& f = c.out.features[i];
        if (f.teaser) teaser_words += f.counts.words;
        else if (body_like(c, static_cast<std::uint32_t>(i))) body_words += f.counts.words;
    }
    return teaser_words >= t.listing_min_teaser_words && body_words < t.listing_max_body_share * teaser_words;
}

bool measure_features(pass_context& c) {
    if (!measure_blocks(c)) return false;
    weigh_names(c);
    std::unordered_map<std::uint32_t, std::uint32_t> teaser_counts;
    const std::vector<bool> teaser = find_teasers(c, teaser_counts);
    const auto& t = c.tuning.features;
    page_state& s = c.state;
    const std::size_t n = c.tree.blocks.size();
    s.teaser_headline.assign(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        block_features& f = c.out.features[i];
        f.hints = s.node_hints[c.tree.blocks[i].node];
        const std::uint32_t repeats = teaser_counts[f.signature];
        f.teaser = teaser[i] && repeats >= t.teaser_min_repeats && repeats >= t.teaser_min_share * f.siblings;
        if (f.teaser) s.teaser_headline[i - 1] = true;   // teaser candidates start at the second block
    }
    s.listing = !c.options.text_mode && is_listing(c);
    return true;
}

bool weigh_values(pass_context& c) {
    const auto& t = c.tuning.features;
    const page_state& s = c.state;
    for (std::size_t i = 0; i < c.tree.blocks.size(); ++i) {
        block_features& f = c.out.features[i];
        if (s.listing) f.teaser = false;
        double value = s.raw_values[i];
        if (f.hints & (boilerplate_hints | hint_caption)) value *= t.boilerplate_name_weight;
        if (f.hints & hint_content) value *= t.content_name_weight;
        if (f.teaser) value *= t.teaser_weight;
        f.value = value;
    }
    return true;
}

}  // namespace winnow::detail
