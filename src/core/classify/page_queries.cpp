// Questions the passes ask about the page: is a block a paragraph, how much body text lies in a range,
// where a box ends, whether two dates head two posts; the title matcher and the per-block signal cache.
#include <algorithm>

#include "classify/passes.hpp"

namespace winnow::detail {
namespace {

/// Lowercased, whitespace-free, for comparing a block with the title.
std::string comparable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (is_space_byte(c)) continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    }
    return out;
}

}  // namespace

title_matcher::title_matcher(std::string_view title, std::size_t match_percent)
    : title_(comparable(title)), percent_(match_percent) {}

bool title_matcher::matches(std::string_view block) const {
    if (title_.empty() || block.empty()) return false;
    // The block's comparable form is at most as long as the block: one far shorter than the title's share
    // can be neither equal to it nor contain it.
    if (block.size() * 100 < title_.size() * percent_) return false;
    const std::string a = comparable(block);
    if (a.empty()) return false;
    if (a == title_) return true;
    const std::string& longer = a.size() >= title_.size() ? a : title_;
    const std::string& shorter = a.size() >= title_.size() ? title_ : a;
    return shorter.size() * 100 >= longer.size() * percent_ && longer.find(shorter) != std::string::npos;
}

void signal_cache::reset(std::size_t blocks) {
    bylines_.reset(blocks);
    dates_.reset(blocks);
    editor_credits_.reset(blocks);
}

const std::optional<signals::byline>& signal_cache::byline(std::uint32_t block, std::string_view text) {
    return bylines_.get(block, [&] { return signals::parse_byline(text); });
}

const std::optional<std::string>& signal_cache::date(std::uint32_t block, std::string_view text) {
    return dates_.get(block, [&] { return signals::find_date(text); });
}

const std::optional<std::string>& signal_cache::editor_credit(std::uint32_t block, std::string_view text) {
    return editor_credits_.get(block, [&] { return signals::parse_editor_credit(text); });
}

block_class class_of_hints(std::uint32_t hints) noexcept {
    if (hints & hint_comments) return block_class::comments;
    if (hints & hint_consent) return block_class::consent;
    if (hints & hint_share) return block_class::share;
    if (hints & hint_related) return block_class::related;
    if (hints & hint_advertisement) return block_class::advertisement;
    if (hints & hint_newsletter) return block_class::advertisement;
    if (hints & hint_navigation) return block_class::navigation;
    if (hints & hint_tags) return block_class::navigation;
    if (hints & hint_footer) return block_class::footer;
    if (hints & hint_sidebar) return block_class::related;
    if (hints & hint_header) return block_class::header;
    return block_class::outside;
}

std::size_t leading_dateline(std::string_view text) {
    // The label: a few characters ending in a colon, or none.
    std::size_t i = 0;
    std::size_t label_end = 0;
    for (std::size_t k = 0; k < std::min<std::size_t>(text.size(), 40); ++k) {
        if (text[k] == ':') {
            label_end = k + 1;
            break;
        }
        if (text.compare(k, 3, "\xEF\xBC\x9A") == 0) {  // full-width colon
            label_end = k + 3;
            break;
        }
        if (text[k] >= '0' && text[k] <= '9') break;
    }
    i = label_end;
    while (i < text.size() && is_space_byte(text[i])) ++i;
    auto digits = [&](std::size_t min, std::size_t max) {
        std::size_t n = 0;
        while (i < text.size() && n < max && text[i] >= '0' && text[i] <= '9') {
            ++i;
            ++n;
        }
        return n >= min;
    };
    auto literal = [&](std::string_view s) {
        if (text.compare(i, s.size(), s) != 0) return false;
        i += s.size();
        return true;
    };
    const std::size_t start = i;
    if (!digits(4, 4)) return 0;
    const bool cjk = literal("\xE5\xB9\xB4");  // 年
    if (!cjk && !literal("-") && !literal("/") && !literal(".")) return 0;
    if (!digits(1, 2)) return 0;
    if (cjk ? !literal("\xE6\x9C\x88") : !(literal("-") || literal("/") || literal("."))) return 0;  // 月
    if (!digits(1, 2)) return 0;
    if (cjk) literal("\xE6\x97\xA5");  // 日
    const std::size_t date_end = i;
    std::size_t time_end = date_end;
    while (i < text.size() && is_space_byte(text[i])) ++i;
    if (digits(1, 2) && literal(":") && digits(2, 2)) {
        time_end = i;
        if (literal(":") && digits(2, 2)) time_end = i;
    }
    if (label_end == 0 && start != 0) return 0;
    return time_end;
}

bool count_body_text(pass_context& c) {
    page_state& s = c.state;
    const std::size_t n = c.tree.blocks.size();
    s.body_words_before.assign(n + 1, 0);
    s.body_blocks_before.assign(n + 1, 0);
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool body = body_like(c, i);
        s.body_words_before[i + 1] = s.body_words_before[i] + (body ? c.out.features[i].counts.words : 0);
        s.body_blocks_before[i + 1] = s.body_blocks_before[i] + (body ? 1 : 0);
    }
    return true;
}

bool post_date_line(pass_context& c, std::uint32_t block) {
    const auto& t = c.tuning.structure;
    const std::string_view text = c.text_of(block);
    return c.out.features[block].counts.words <= t.post_date_max_words && text.size() <= t.post_date_max_bytes &&
           c.state.signals.date(block, text).has_value();
}

std::optional<signals::byline> split_byline(pass_context& c, std::uint32_t label) {
    const auto& t = c.tuning.lead_in;
    const std::uint32_t name = label + 1;
    if (name >= c.tree.blocks.size()) return std::nullopt;
    const block_features& lf = c.out.features[label];
    const block_features& nf = c.out.features[name];
    if (lf.counts.words > t.split_label_max_words || nf.counts.words < 1 || nf.counts.words > t.split_name_max_words ||
        c.tree.blocks[name].heading != 0)
        return std::nullopt;
    const std::string_view name_text = c.text_of(name);
    if (name_text.size() > t.split_name_max_bytes || name_text.find('\n') != std::string_view::npos) return std::nullopt;
    std::string joined(c.text_of(label));
    joined += ' ';
    joined += name_text;
    auto by = signals::parse_byline(joined);
    // The name must be the second line, whole: "By" + "Jane Doe", not "Written by" + "the team in Paris".
    if (!by || by->authors.size() != 1 || by->authors[0] != name_text) return std::nullopt;
    return by;
}

std::uint32_t box_end_of(const pass_context& c, std::uint32_t block) {
    const block_tree& tree = c.tree;
    const page_state& s = c.state;
    std::uint32_t box_end = block + 1;
    const std::uint32_t itself = body_like(c, block) ? 1 : 0;
    for (std::uint32_t node = tree.blocks[block].node; node != 0 && node != c.out.container;
         node = tree.nodes[node].parent) {
        const element_node& n = tree.nodes[node];
        if (n.first_block < s.first || n.end_block > s.end) break;
        if (body_blocks_between(s, n.first_block, n.end_block) > itself) break;   // it holds a paragraph
        box_end = std::max(box_end, n.end_block);
    }
    return box_end;
}

/// Two blocks head two repeated units: below their nearest common element, in two children of the same kind
/// (the same label: "div.post" and "div.post"), each within the first blocks of its unit.
bool in_sibling_units(const pass_context& c, std::uint32_t a, std::uint32_t b) {
    const block_tree& tree = c.tree;
    std::uint32_t x = tree.blocks[a].node, y = tree.blocks[b].node;
    std::uint32_t below_x = x, below_y = y;
    while (x != y) {
        if (tree.nodes[x].depth >= tree.nodes[y].depth) {
            below_x = x;
            x = tree.nodes[x].parent;
        } else {
            below_y = y;
            y = tree.nodes[y].parent;
        }
        if (x == 0 && y == 0) break;
    }
    if (below_x == below_y || below_x == x || below_y == y) return false;
    if (tree.label_of(tree.nodes[below_x]) != tree.label_of(tree.nodes[below_y])) return false;
    // Each date heads its unit, and a post's worth of body text follows it inside the unit (a post's title
    // and date come first; a quoted tweet's date comes last).
    const auto& t = c.tuning.structure;
    auto heads_a_post = [&](std::uint32_t date, std::uint32_t unit) {
        const element_node& u = tree.nodes[unit];
        if (date - u.first_block > t.post_date_max_offset) return false;
        return body_words_between(c.state, date + 1, u.end_block) >= t.post_unit_min_words;
    };
    return heads_a_post(a, below_x) && heads_a_post(b, below_y);
}

}  // namespace winnow::detail
