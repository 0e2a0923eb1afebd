// Context: what the block rules left undecided is judged with the blocks around it. Lists and tables are
// judged whole; short text is kept between paragraphs (jusText); a heading is kept when body text follows
// it; and no paragraph is kept twice.
#include <algorithm>
#include <unordered_map>

#include "classify/passes.hpp"

namespace winnow::detail {
namespace {

bool decisive(verdict x) noexcept { return x == verdict::good || x == verdict::bad; }

/// The nearest good or bad verdict before every block of the region (bad before its start).
void find_before(page_state& s) {
    verdict last = verdict::bad;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        s.before[i] = last;
        if (decisive(s.verdicts[i])) last = s.verdicts[i];
    }
}

/// The nearest good or bad verdict after every block of the region (bad past its end).
void find_after(page_state& s) {
    verdict next = verdict::bad;
    for (std::uint32_t i = s.end; i-- > s.first;) {
        s.after[i] = next;
        if (decisive(s.verdicts[i])) next = s.verdicts[i];
    }
}

}  // namespace

/// Lists and tables: an item or a cell is short by nature. A list or a table that is not link-heavy, inside
/// the article, is judged as a whole: its items stand or fall together (ingredients, steps, key points, a
/// table of figures). A table needs two rows to be data rather than layout.
bool judge_lists_and_tables(pass_context& c) {
    if (c.options.text_mode) return true;
    page_state& s = c.state;
    const block_tree& tree = c.tree;
    const auto& t = c.tuning.context;
    std::vector<verdict>& v = s.verdicts;
    std::uint32_t i = s.first;
    while (i < s.end) {
        const text_block& b = tree.blocks[i];
        const bool in_list = b.list_depth > 0;
        if ((!in_list && b.row == 0) || v[i] != verdict::short_text) {
            ++i;
            continue;
        }
        // The run of blocks of the same list (same depth or deeper) or the same table (cells), with no other
        // verdict in between.
        std::uint32_t j = i;
        double words = 0, link_chars = 0, chars = 0;
        std::uint32_t rows = 0, last_row = 0;
        while (j < s.end && (in_list ? tree.blocks[j].list_depth >= b.list_depth : tree.blocks[j].row != 0) &&
               (v[j] == verdict::short_text || v[j] == verdict::good)) {
            if (tree.blocks[j].row != last_row) {
                ++rows;
                last_row = tree.blocks[j].row;
            }
            words += c.out.features[j].counts.words;
            link_chars += tree.blocks[j].link_chars;
            chars += tree.blocks[j].chars;
            ++j;
        }
        // A table of cells holding a number or a word each is a calendar or a score grid, not text.
        const bool table_text =
            in_list || (rows >= t.table_min_rows && words >= t.table_min_words_per_cell * static_cast<double>(j - i));
        if (j - i >= t.min_items && words >= t.min_words && link_chars < t.max_link_share * std::max(1.0, chars) &&
            table_text) {
            for (std::uint32_t k = i; k < j; ++k) {
                if (v[k] != verdict::short_text) continue;
                v[k] = verdict::good;
                c.out.decisions[k].reason =
                    in_list ? "an item of a list inside the article" : "a cell of a table inside the article";
            }
        }
        i = std::max(j, i + 1);
    }
    return true;
}

/// A short block is kept when body text surrounds it (jusText); a heading is kept when body text, or short
/// text kept by that rule, follows it. The nearest decisive verdicts on each side are found in one pass each
/// way, so that no block scans past its neighbours.
bool judge_by_neighbours(pass_context& c) {
    page_state& s = c.state;
    auto& d = c.out.decisions;
    std::vector<verdict>& v = s.verdicts;
    const std::size_t n = c.tree.blocks.size();
    s.before.assign(n, verdict::bad);
    s.after.assign(n, verdict::bad);
    find_before(s);
    find_after(s);
    s.short_kept.clear();
    // A service page is short sections: a tagline, a feature's name or a section's heading is its text when
    // body text is on either side, where an article keeps short text only between paragraphs and a heading
    // only before body text.
    const bool sections = c.out.page_type == page_type::service;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (v[i] != verdict::short_text) continue;
        const bool good_before = s.before[i] == verdict::good, good_after = s.after[i] == verdict::good;
        if (sections ? good_before || good_after : good_before && good_after) {
            d[i].decision = block_class::content;
            d[i].reason = "short text between body paragraphs";
            d[i].kept = true;
            s.short_kept.push_back(i);
        } else {
            d[i].decision = block_class::low_quality;
            d[i].reason = short_text_beside_boilerplate;
        }
    }
    for (std::uint32_t i : s.short_kept) v[i] = verdict::good;
    find_after(s);
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (v[i] == verdict::heading) {
            if (s.after[i] == verdict::good || (sections && s.before[i] == verdict::good)) {
                d[i].decision = block_class::content;
                d[i].reason = "a heading before body text";
                d[i].kept = true;
            } else {
                d[i].decision = block_class::low_quality;
                d[i].reason = heading_without_body;
            }
        } else if (v[i] == verdict::good) {
            d[i].decision = block_class::content;
            d[i].kept = true;
        }
    }
    return true;
}

namespace {

/// A block's structure: the kinds of the elements around it, `levels` up.
[[nodiscard]] std::uint64_t structure_of(const block_tree& tree, std::uint32_t block, std::uint32_t levels) noexcept {
    std::uint32_t node = tree.blocks[block].node;
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ tree.blocks[block].heading;
    for (std::uint32_t level = 0; level < levels; ++level) {
        h = (h ^ element_kind(tree, tree.nodes[node])) * 0x100000001B3ull;
        h ^= h >> 29;
        if (node == 0) break;
        node = tree.nodes[node].parent;
    }
    return h;
}

}  // namespace

/// Short text the neighbours pass dropped, and link text of list items and table cells the block rules
/// dropped, when a kept block has its structure: the price line of a card like the kept cards, a field's
/// name in a repeated row, the linked entries of a list whose other entries are text. The copies of one
/// template are one kind of text; a form's labels are controls, not text, however they repeat.
bool keep_structure_twins(pass_context& c) {
    page_state& s = c.state;
    const block_tree& tree = c.tree;
    auto& d = c.out.decisions;
    const std::uint32_t levels = c.tuning.context.twin_levels;
    std::vector<std::uint64_t>& kept = s.kept_structures;
    kept.clear();
    for (std::uint32_t i = s.first; i < s.end; ++i)
        if (d[i].kept) kept.push_back(structure_of(tree, i, levels));
    if (kept.empty()) return true;
    std::sort(kept.begin(), kept.end());
    // Nodes come in document order, each after its parent: one pass marks the insides of forms.
    std::vector<bool>& in_form = s.node_in_form;
    in_form.assign(tree.nodes.size(), false);
    for (std::size_t n = 1; n < tree.nodes.size(); ++n)
        in_form[n] = tree.nodes[n].tag == tag_id::form || in_form[tree.nodes[n].parent];
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (d[i].kept) continue;
        const std::string_view reason = d[i].reason;
        const text_block& b = tree.blocks[i];
        const bool short_text = reason == short_text_beside_boilerplate;
        const bool linked_item = reason == mostly_link_text && (b.list_depth > 0 || b.in_table);
        if (!short_text && !linked_item) continue;
        if (in_form[b.node] || !std::binary_search(kept.begin(), kept.end(), structure_of(tree, i, levels))) continue;
        d[i].decision = block_class::content;
        d[i].kept = true;
        d[i].reason = short_text ? "short text of the same structure as kept text"
                                 : "a linked item of the same structure as kept text";
    }
    return true;
}

/// No paragraph twice: a text repeated in another kind of element (a summary above the body, the mobile
/// copy of a paragraph under other class names) is kept once. Repeats in elements of the same kind are the
/// author's own and stay, and so do short cells and items repeated inside one table or one list, which
/// repeat by nature (a standings table's "0", a column of "Yes"); a second copy of a whole table, or a
/// quoted paragraph in a thread, is still a copy.
bool drop_repeats(pass_context& c) {
    const block_tree& tree = c.tree;
    auto& d = c.out.decisions;
    // Per node: the nearest <table>, <ul> or <ol> around it (itself included), 0 for none, found for the
    // nodes of kept blocks only: a walk up to the first node already known, then the path filled in, so that
    // every node is walked at most once.
    constexpr std::uint32_t unknown = 0xFFFFFFFFu;
    std::vector<std::uint32_t>& holder = c.state.open_nodes;
    holder.assign(tree.nodes.size(), unknown);
    holder[0] = 0;
    std::vector<std::uint32_t>& path = c.state.walk;
    const auto holder_of = [&](std::uint32_t node) {
        path.clear();
        while (holder[node] == unknown) {
            const tag_id tag = tree.nodes[node].tag;
            if (tag == tag_id::table || tag == tag_id::ul || tag == tag_id::ol) {
                holder[node] = node;
                break;
            }
            path.push_back(node);
            node = tree.nodes[node].parent;
        }
        for (const std::uint32_t n : path) holder[n] = holder[node];
        return holder[node];
    };
    struct first_copy {
        std::uint32_t signature;
        std::uint32_t holder;
    };
    std::unordered_map<std::uint32_t, first_copy> seen;   // text hash -> its first occurrence
    for (std::uint32_t i = c.state.first; i < c.state.end; ++i) {
        if (!d[i].kept) continue;
        const std::string_view text = d[i].rewritten ? std::string_view(d[i].text) : c.text_of(i);
        const std::uint32_t signature = c.out.features[i].signature;
        const std::uint32_t in = holder_of(tree.blocks[i].node);
        const auto [it, inserted] = seen.emplace(hash_text(text), first_copy{signature, in});
        if (inserted || c.out.features[i].counts.words <= 0) continue;
        const bool short_item = c.out.features[i].counts.words < c.tuning.sizes.paragraph_words;
        if (it->second.signature == signature || (short_item && in != 0 && it->second.holder == in)) continue;
        d[i].kept = false;
        d[i].decision = block_class::duplicate;
        d[i].reason = "repeats a paragraph already kept";
    }
    return true;
}

/// An article ends at its comment section: short text the neighbours and twins passes kept after it is the
/// sidebar beside the article (old templates lay both out as cells of one table row), dropped when it is
/// little beside the article (tuning.context.after_comments_max_share).
bool end_at_comments(pass_context& c) {
    if (c.out.page_type != page_type::article || c.state.discussion) return true;
    const page_state& s = c.state;
    const auto& t = c.tuning.context;
    auto& d = c.out.decisions;
    std::uint32_t last_comment = no_block, comment_blocks = 0;
    double before = 0;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (d[i].decision == block_class::comments && !d[i].kept) {
            last_comment = i;
            ++comment_blocks;
        } else if (d[i].kept && comment_blocks == 0) {
            before += c.out.features[i].counts.words;
        }
    }
    if (comment_blocks < t.comment_section_min_blocks || before <= 0) return true;
    double after = 0;
    for (std::uint32_t i = last_comment + 1; i < s.end; ++i)
        if (d[i].kept) after += c.out.features[i].counts.words;
    if (after <= 0 || after >= t.after_comments_max_share * before) return true;
    for (std::uint32_t i = last_comment + 1; i < s.end; ++i) {
        if (!d[i].kept) continue;
        d[i].kept = false;
        d[i].decision = block_class::outside;
        d[i].reason = "after the article's comment section";
    }
    return true;
}

/// A hub page: little kept beside many linked lines in the region (a chapter's table of contents above a
/// paragraph). Its links are its content: the linked lines dropped as link text, and the short lines and
/// headings among them, are kept.
bool keep_hub_links(pass_context& c) {
    // A thread's and a listing's links are judged by their own passes; a product's are its options and
    // other products.
    if (c.options.text_mode || c.state.discussion || c.state.listing || c.out.page_type == page_type::product)
        return true;
    const page_state& s = c.state;
    const auto& t = c.tuning.context;
    auto& d = c.out.decisions;
    double kept = 0, linked = 0;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (d[i].kept) kept += c.out.features[i].counts.words;
        else if (std::string_view(d[i].reason) == mostly_link_text) linked += c.out.features[i].counts.words;
    }
    if (kept >= t.hub_max_kept_words || linked < t.hub_min_link_words || linked < kept) return true;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        const std::string_view reason = d[i].reason;
        if (d[i].kept || (reason != mostly_link_text && reason != short_text_beside_boilerplate &&
                          reason != heading_without_body))
            continue;
        d[i].kept = true;
        d[i].decision = block_class::content;
        d[i].reason = "a link of a hub page, whose links are its content";
    }
    return true;
}

}  // namespace winnow::detail
