#include "classify/classify.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "winnow/text_signals.hpp"

namespace winnow::detail {
namespace {

// Thresholds, in the script-aware words of text_metrics.hpp.
constexpr double long_block_words = 12;        // a block this long reads as a paragraph on its own
constexpr double short_block_words = 6;        // below this, a block is judged by its neighbours
constexpr double link_density_limit = 0.5;     // more link text than this is navigation
constexpr double short_link_density_limit = 0.3;
constexpr double descend_share = 0.85;          // descend into a child holding this share of the value
constexpr std::size_t signal_max_bytes = 600;  // text signals are asked about short blocks only

bool is_space_byte(char c) noexcept { return c == ' ' || c == '\n' || c == '\t'; }

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

/// Whether a block is the page's title: equal when lowercased and without whitespace, or one containing the
/// other closely (the page title often carries the site name, or the block a kicker). The title is prepared
/// once per page; blocks whose length rules them out cost nothing.
class title_matcher {
public:
    explicit title_matcher(std::string_view title) : title_(comparable(title)) {}

    bool matches(std::string_view block) const {
        if (title_.empty() || block.empty()) return false;
        // The block's comparable form is at most as long as the block: one far shorter than 70 % of the title
        // can be neither equal to it nor contain it.
        if (block.size() * 10 < title_.size() * 7) return false;
        const std::string a = comparable(block);
        if (a.empty()) return false;
        if (a == title_) return true;
        const std::string& longer = a.size() >= title_.size() ? a : title_;
        const std::string& shorter = a.size() >= title_.size() ? title_ : a;
        return shorter.size() * 10 >= longer.size() * 7 && longer.find(shorter) != std::string::npos;
    }

private:
    std::string title_;
};


std::uint32_t hash_text(std::string_view s) noexcept {
    std::uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
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

/// A leading "最后更新: 2024-05-09 00:11:46" or "Published: 2024-05-09" glued to the first paragraph: the
/// length of that dateline (0 if none).
std::size_t leading_dateline(std::string_view text) {
    // The label: a few characters ending in a colon, or none.
    std::size_t i = 0;
    std::size_t label_end = 0;
    for (std::size_t k = 0; k < std::min<std::size_t>(text.size(), 40); ++k) {
        if (text[k] == ':' ) {
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

}  // namespace

std::error_code classifier::classify(const block_tree& tree, const page_metadata& meta,
                                     const classify_options& options, deadline& budget, classification& out) {
    budget_ = &budget;
    const std::error_code timed_out = run(tree, meta, options, out) ? std::error_code{} : make_error_code(errc::timeout);
    budget_ = &unbounded_;
    return timed_out;
}

bool classifier::run(const block_tree& tree, const page_metadata& meta, const classify_options& options,
                     classification& out) {
    out.decisions.assign(tree.blocks.size(), block_decision{});
    out.title.clear();
    out.authors.clear();
    out.editor.clear();
    out.published.clear();
    out.container = 0;   // a page without blocks has no container; the previous page's must not linger
    // The headline anchors the article: an element that holds it is not boilerplate, whatever its name.
    title_block_ = find_title_block(tree, meta, options);
    measure(tree, options, out);
    if (out_of_time()) return false;
    count_body_text(tree, out);
    if (tree.blocks.empty()) return true;
    std::uint32_t first = 0, end = 0;
    if (options.text_mode) {
        out.container = 0;
        choose_text_region(tree, out, first, end);
    } else {
        out.container = choose_container(tree, out);
        first = tree.nodes[out.container].first_block;
        end = tree.nodes[out.container].end_block;
        // Good paragraphs right next to the container belong with it: a lede before the body's div, a
        // paragraph after an inline advertisement. Walk outwards while blocks read as body text.
        auto good = [&](std::uint32_t b) {
            const block_features& f = out.features[b];
            return f.counts.words >= long_block_words && f.link_density < 0.2 &&
                   (f.counts.sentence_ends + f.counts.commas) > 0 && (f.hints & boilerplate_hints) == 0 &&
                   !tree.blocks[b].in_link_only;
        };
        // Sibling elements of the container that read as the same article join it (an article cut into
        // several <section>s, a body continued after an inline box), as Readability joins siblings.
        const element_node& chosen = tree.nodes[out.container];
        if (out.container != 0) {
            const double chosen_value = node_values_[out.container];
            for (std::size_t i = chosen.parent + 1; i < tree.nodes.size(); ++i) {
                const element_node& sibling = tree.nodes[i];
                if (sibling.depth <= tree.nodes[chosen.parent].depth) break;
                if (sibling.parent != chosen.parent || i == out.container) continue;
                if (node_values_[i] < std::max(15.0, 0.15 * chosen_value)) continue;
                if (node_hints_[i] & (boilerplate_hints | hint_caption)) continue;
                double body_words = 0, all_words = 0;
                for (std::uint32_t k = sibling.first_block; k < sibling.end_block; ++k) {
                    all_words += out.features[k].counts.words;
                    if (body_like(tree, out, k)) body_words += out.features[k].counts.words;
                }
                if (body_words < 0.5 * all_words) continue;
                first = std::min(first, sibling.first_block);
                end = std::max(end, sibling.end_block);
            }
        }
        while (first > 0 && good(first - 1)) --first;
        while (end < tree.blocks.size() && good(end)) ++end;
        // Between the headline and the body sit the lede, the byline, the lead picture and a share bar, often
        // in the article's <header> outside the body's element: the region reaches back to the headline across
        // them, and the rules below sort them out.
        if (title_block_ < first && first - title_block_ <= 12) first = title_block_ + 1;
    }
    judge(tree, meta, options, first, end, out);
    return !out_of_time();
}

std::uint32_t classifier::find_title_block(const block_tree& tree, const page_metadata& meta,
                                           const classify_options& options) const {
    constexpr std::uint32_t none = 0xFFFFFFFFu;
    if (options.text_mode) return none;
    const std::string_view title = !meta.title.empty() ? std::string_view(meta.title) : std::string_view(meta.first_h1);
    std::uint32_t first_h1 = none;
    const title_matcher is_title(title);
    for (std::uint32_t i = 0; i < tree.blocks.size(); ++i) {
        const text_block& b = tree.blocks[i];
        if (b.heading == 1 && first_h1 == none) first_h1 = i;
        if (b.heading != 0 && b.heading <= 3 && b.text_length <= signal_max_bytes && is_title.matches(tree.text_of(b)))
            return i;
    }
    return first_h1;
}

void classifier::measure(const block_tree& tree, const classify_options& options, classification& out) {
    const std::size_t n = tree.blocks.size();
    out.features.assign(n, block_features{});
    std::unordered_map<std::uint32_t, std::uint32_t> signature_counts;
    std::vector<double> raw(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (out_of_time()) return;
        const text_block& b = tree.blocks[i];
        block_features& f = out.features[i];
        f.counts = analyzer_.analyze(tree.text_of(b));
        const double chars = std::max(1.0, static_cast<double>(f.counts.chars));
        f.link_density = options.text_mode ? 0 : std::min(1.0, b.link_chars / chars);
        f.punctuation_density = static_cast<double>(f.counts.punctuation) / chars;
        f.text_density = f.counts.words / std::max<double>(1, static_cast<double>(wrapped_lines(f.counts.columns)));
        f.tag_density = static_cast<double>(b.tags) / std::max(1.0, f.counts.words);
        f.position = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
        const element_node& owner = tree.nodes[b.node];
        f.signature = hash_text(tree.label_of(owner)) * 31u + hash_text(tree.label_of(tree.nodes[owner.parent]));
        ++signature_counts[f.signature];

        double value = std::max(0.0, f.counts.words - 3.0);
        if (f.link_density > link_density_limit) value = 0;
        value *= (1 - f.link_density) * (1 - f.link_density);
        if (f.counts.sentence_ends + f.counts.commas == 0 && f.counts.words < 20) value *= 0.3;
        if (b.heading) value = 0;
        raw[i] = value;
    }
    for (auto& f : out.features) f.siblings = signature_counts[f.signature];

    // Class and id names are evidence, not verdicts: an element named like boilerplate that holds a large
    // share of the page's text is a wrapper someone named carelessly (a "share" plugin's container around
    // the article, an "ad-portal" around the whole page), and its name is ignored.
    node_values_.assign(tree.nodes.size(), 0);
    for (std::size_t i = 0; i < n; ++i) node_values_[tree.blocks[i].node] += raw[i];
    for (std::size_t i = tree.nodes.size(); i-- > 1;) node_values_[tree.nodes[i].parent] += node_values_[i];
    const double total = std::max(1.0, node_values_.empty() ? 0.0 : node_values_[0]);
    node_hints_.assign(tree.nodes.size(), 0);
    // Names that careless wrappers carry (a social plugin's "share" container around the article text, an
    // "ad-portal" around the whole page) are discounted on elements that hold most of the page's text; names
    // of sections that really can outweigh an article (comments, related lists, galleries) never are, unless
    // the element holds the headline. <nav>, <aside>, <footer> and <header> are the author's own words and
    // always count.
    constexpr std::uint32_t weak_names = hint_share | hint_advertisement | hint_newsletter | hint_header |
                                         hint_tags | hint_sidebar;
    for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
        const element_node& node = tree.nodes[i];
        std::uint32_t own = node.hints;
        if (own & (boilerplate_hints | hint_caption)) {
            const bool holds_title = title_block_ >= node.first_block && title_block_ < node.end_block;
            if (holds_title) {
                own &= ~(boilerplate_hints | hint_caption);
            } else if (node_values_[i] >= 0.5 * total) {
                own &= ~weak_names;
            }
            own |= node.hints & hints_of_tag(node.tag);
        }
        node_hints_[i] = own | (i == 0 ? 0u : node_hints_[node.parent]);
    }

    // Teasers: a linked headline followed by its summary, repeated. Lists of other articles look like this
    // whether or not anyone named them; the summaries read like body text and must not pull the container.
    std::unordered_map<std::uint32_t, std::uint32_t> teaser_counts;
    std::vector<bool> teaser(n, false);
    for (std::size_t i = 1; i < n; ++i) {
        const text_block& previous = tree.blocks[i - 1];
        const block_features& pf = out.features[i - 1];
        if (options.text_mode || tree.blocks[i].heading) continue;
        const bool linked_headline = (previous.in_link_only || pf.link_density >= 0.8) && pf.counts.words >= 3 &&
                                     pf.counts.words <= 30;
        if (!linked_headline) continue;
        // A teaser is short, and sits with its headline in a small item of its own (an <li>, an <article>, a
        // card): the smallest element holding both holds little else. A listicle's linked subheading followed
        // by its paragraphs shares the whole article body instead.
        if (out.features[i].counts.words > 60) continue;
        std::uint32_t item = tree.blocks[i].node;
        while (item != 0 && tree.nodes[item].first_block > i - 1) item = tree.nodes[item].parent;
        const element_node& holder = tree.nodes[item];
        if (item != 0 && holder.end_block - holder.first_block <= 5) {
            teaser[i] = true;
            ++teaser_counts[out.features[i].signature];
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        block_features& f = out.features[i];
        f.hints = node_hints_[tree.blocks[i].node];
        f.teaser = teaser[i] && teaser_counts[f.signature] >= 3 && teaser_counts[f.signature] * 2 >= f.siblings;
        double value = raw[i];
        if (f.hints & (boilerplate_hints | hint_caption)) value *= 0.15;
        if (f.hints & hint_content) value *= 1.3;
        if (f.teaser) value *= 0.1;
        f.value = value;
    }
}

std::uint32_t classifier::choose_container(const block_tree& tree, classification& out) {
    const std::size_t node_count = tree.nodes.size();
    node_values_.assign(node_count, 0);  // now from the values with names and teasers weighed in
    for (std::size_t i = 0; i < tree.blocks.size(); ++i) node_values_[tree.blocks[i].node] += out.features[i].value;
    // Children come after their parents: one backward pass sums every subtree.
    for (std::size_t i = node_count; i-- > 1;) node_values_[tree.nodes[i].parent] += node_values_[i];

    // Nodes are stored in preorder: a node's subtree is the run of deeper nodes after it, and its children
    // are found by jumping from one child's subtree end to the next.
    subtree_ends_.assign(node_count, static_cast<std::uint32_t>(node_count));
    {
        std::vector<std::uint32_t>& open = scratch_nodes_;
        open.clear();
        for (std::uint32_t i = 0; i < node_count; ++i) {
            while (!open.empty() && tree.nodes[open.back()].depth >= tree.nodes[i].depth) {
                subtree_ends_[open.back()] = i;
                open.pop_back();
            }
            open.push_back(i);
        }
    }
    std::uint32_t current = 0;
    for (;;) {
        const double total = node_values_[current];
        if (total <= 0) break;
        std::uint32_t best = 0;
        double best_value = 0;
        for (std::uint32_t i = current + 1; i < subtree_ends_[current]; i = subtree_ends_[i]) {
            if (node_values_[i] > best_value) {
                best_value = node_values_[i];
                best = i;
            }
        }
        if (best == 0 || best_value < descend_share * total) break;
        const element_node& chosen = tree.nodes[best];
        // A single paragraph is never the container: its neighbours would be lost.
        if (chosen.end_block - chosen.first_block < 2) break;
        current = best;
    }
    return current;
}

void classifier::choose_text_region(const block_tree& tree, classification& out, std::uint32_t& first,
                                    std::uint32_t& end) {
    // The densest run of lines: the maximum-sum window of (value - threshold), where short lines cost and
    // paragraphs pay (the CETD idea on a flat page).
    constexpr double threshold = 6;
    double best = 0, running = 0;
    std::uint32_t run_start = 0;
    first = end = 0;
    for (std::uint32_t i = 0; i < tree.blocks.size(); ++i) {
        const block_features& f = out.features[i];
        double gain = f.counts.words >= 4 ? f.value + 3 - threshold : -threshold / 2;
        if (f.counts.sentence_ends + f.counts.commas > 0 && f.counts.words >= 4) gain += 3;
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

/// Two blocks head two repeated units: below their nearest common element, in two children of the same kind
/// (the same label: "div.post" and "div.post"), each within the first blocks of its unit.
bool classifier::in_sibling_units(const block_tree& tree, std::uint32_t a, std::uint32_t b) const {
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
    auto heads_a_post = [&](std::uint32_t date, std::uint32_t unit) {
        const element_node& u = tree.nodes[unit];
        if (date - u.first_block > 2) return false;
        return body_words_between(date + 1, u.end_block) >= 60;
    };
    return heads_a_post(a, below_x) && heads_a_post(b, below_y);
}

/// Reads as a paragraph of the article: long enough, sentence-like, not a list of links, not a teaser.
bool classifier::body_like(const block_tree& tree, const classification& out, std::uint32_t i) noexcept {
    const block_features& f = out.features[i];
    return f.counts.words >= long_block_words && f.link_density < 0.3 && !tree.blocks[i].heading && !f.teaser &&
           f.counts.sentence_ends + f.counts.commas > 0;
}

/// The end of the box a block heads: the highest element around it, below the region's container, that holds
/// no paragraph of the article.
std::uint32_t classifier::box_end_of(const block_tree& tree, std::uint32_t block, std::uint32_t first,
                                     std::uint32_t end, const classification& out) const {
    std::uint32_t box_end = block + 1;
    const std::uint32_t itself = body_like(tree, out, block) ? 1 : 0;
    for (std::uint32_t node = tree.blocks[block].node; node != 0 && node != out.container;
         node = tree.nodes[node].parent) {
        const element_node& n = tree.nodes[node];
        if (n.first_block < first || n.end_block > end) break;
        if (body_blocks_between(n.first_block, n.end_block) > itself) break;   // it holds a paragraph
        box_end = std::max(box_end, n.end_block);
    }
    return box_end;
}

void classifier::count_body_text(const block_tree& tree, const classification& out) {
    const std::size_t n = tree.blocks.size();
    body_words_before_.assign(n + 1, 0);
    body_blocks_before_.assign(n + 1, 0);
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool body = body_like(tree, out, i);
        body_words_before_[i + 1] = body_words_before_[i] + (body ? out.features[i].counts.words : 0);
        body_blocks_before_[i + 1] = body_blocks_before_[i] + (body ? 1 : 0);
    }
}

void classifier::judge(const block_tree& tree, const page_metadata& meta, const classify_options& options,
                       std::uint32_t first, std::uint32_t end, classification& out) {
    // Outside-the-region decisions are made before the text-mode title search may move `first`.
    const std::size_t n = tree.blocks.size();
    auto& d = out.decisions;
    const std::uint32_t container = out.container;
    const double container_value = options.text_mode ? 0 : node_values_[container];

    // Hints of the nodes between a block and the container (the container's own and its ancestors' hints
    // describe the whole article and say nothing about one block). A hinted subtree that holds most of the
    // article is a mislabelled wrapper, and its hint is ignored.
    // Made for every node at once, parents before children (preorder), so no block walks its ancestors.
    std::vector<std::uint32_t>& inner = scratch_nodes_;
    inner.assign(tree.nodes.size(), 0);
    if (!options.text_mode) {
        for (std::uint32_t node = 1; node < tree.nodes.size(); ++node) {
            if (node == container) continue;
            const element_node& e = tree.nodes[node];
            inner[node] = inner[e.parent] | (e.hints && node_values_[node] < 0.5 * container_value ? e.hints : 0u);
        }
    }
    auto inner_hints = [&](std::uint32_t block) -> std::uint32_t { return inner[tree.blocks[block].node]; };

    // Blocks outside the region.
    for (std::size_t i = 0; i < n; ++i) {
        if (i >= first && i < end) continue;
        d[i].decision = block_class::outside;
        d[i].reason = "outside the main content";
        const std::uint32_t hints = out.features[i].hints & boilerplate_hints;
        if (hints) {
            d[i].decision = class_of_hints(hints);
            d[i].reason = "outside the main content, in an element named like boilerplate";
        }
    }

    // Title, bylines and datelines sit just before the body, often outside its container: look at a few
    // blocks before the region as well.
    const std::string title_hint = !meta.title.empty() ? meta.title : meta.first_h1;
    const title_matcher is_title(title_hint);
    std::uint32_t scan_from = first > 12 ? first - 12 : 0;
    bool title_found = false;

    if (options.text_mode) {
        // Flattened text has no <title>: the title is the line above the first byline or dateline near the
        // top, and the body starts at that byline at the earliest.
        const std::uint32_t limit = std::min<std::uint32_t>(static_cast<std::uint32_t>(n), first + 6);
        for (std::uint32_t k = 0; k < limit; ++k) {
            const std::string_view text = tree.text_of(tree.blocks[k]);
            if (text.size() > signal_max_bytes) continue;
            const bool byline = out.features[k].counts.words < 20 && signals::parse_byline(text).has_value();
            if (!byline && leading_dateline(text) == 0) continue;
            for (std::uint32_t t = k; t-- > 0;) {
                const std::string_view candidate = tree.text_of(tree.blocks[t]);
                if (out.features[t].counts.words < 2 || candidate.size() > 400) continue;
                d[t].decision = block_class::title;
                d[t].reason = "the title: the line above the byline";
                out.title = std::string(candidate);
                title_found = true;
                break;
            }
            for (std::uint32_t skipped = first; skipped < k; ++skipped) {
                if (d[skipped].decision == block_class::title) continue;
                d[skipped].decision = block_class::outside;
                d[skipped].reason = "above the byline: not the body";
            }
            if (first < k) first = k;
            if (end < first) end = first;
            scan_from = 0;
            break;
        }
    }
    for (std::uint32_t i = scan_from; i < first; ++i) {
        const std::string_view text = tree.text_of(tree.blocks[i]);
        if (text.size() > signal_max_bytes) continue;
        if (d[i].decision == block_class::title) continue;
        if (!title_found && is_title.matches(text)) {
            d[i].decision = block_class::title;
            d[i].reason = "the title";
            title_found = true;
            if (meta.title.empty() && out.title.empty()) out.title = std::string(text);
            continue;
        }
        if (auto by = signals::parse_byline(text)) {
            d[i].decision = block_class::byline;
            d[i].reason = "a byline before the body";
            if (out.authors.empty()) out.authors = by->authors;
            if (by->date && out.published.empty()) out.published = *by->date;
            continue;
        }
        if (out.features[i].counts.words <= 8) {
            if (auto date = signals::find_date(text)) {
                d[i].decision = block_class::byline;
                d[i].reason = "a date before the body";
                if (out.published.empty()) out.published = *date;
            }
        }
    }

    // A page of several posts (a blog's front page): a date line, body text, and again and again a date line
    // of the same kind, in a unit of the same kind, followed by body text. The article is the first post;
    // the second post's title line and everything after it are other articles.
    if (!options.text_mode) {
        std::uint32_t first_date = end, cut = end, posts = 1;
        double words_since = 0;
        for (std::uint32_t i = first; i < end; ++i) {
            const block_features& f = out.features[i];
            const std::string_view text = tree.text_of(tree.blocks[i]);
            const bool date_line = f.counts.words <= 8 && text.size() <= 80 && signals::find_date(text).has_value();
            if (date_line && first_date == end) {
                first_date = i;
                words_since = 0;
                continue;
            }
            if (date_line && f.signature == out.features[first_date].signature && words_since >= 80 &&
                in_sibling_units(tree, first_date, i)) {
                // The post's own title sits just above its date.
                if (cut == end) cut = i > first_date + 1 && out.features[i - 1].counts.words <= 25 ? i - 1 : i;
                ++posts;
                words_since = 0;
                continue;
            }
            if (first_date != end && body_like(tree, out, i)) words_since += f.counts.words;
        }
        // Three posts at least: two dated sections can be one article's parts.
        if (cut < end && posts >= 3) {
            for (std::uint32_t i = cut; i < end; ++i) {
                d[i].decision = block_class::related;
                d[i].reason = "another post of a page of several posts";
            }
            end = cut;
        }
    }

    // The editor credit closes the article, so the region can end just before it: look at a few blocks after.
    for (std::uint32_t i = end; i < std::min<std::uint32_t>(static_cast<std::uint32_t>(n), end + 4); ++i) {
        const std::string_view text = tree.text_of(tree.blocks[i]);
        if (text.size() > signal_max_bytes || out.features[i].counts.words > 40) continue;
        if (auto editor = signals::parse_editor_credit(text)) {
            if (out.editor.empty()) out.editor = *editor;
            d[i].decision = block_class::editor_credit;
            d[i].reason = "an editor credit";
            break;
        }
    }

    // Dated-headline lists: three or more headline + timestamp (+ channel) entries close together.
    std::vector<bool> dated(n, false);
    for (std::uint32_t i = first; i < end; ++i) {
        const std::string_view text = tree.text_of(tree.blocks[i]);
        // A headline with its timestamp and channel is a line, not a paragraph.
        if (text.size() <= signal_max_bytes && out.features[i].counts.words <= 40 && signals::is_dated_headline(text))
            dated[i] = true;
    }
    {
        std::uint32_t i = first;
        while (i < end) {
            if (!dated[i]) {
                ++i;
                continue;
            }
            // Extend a run of dated headlines, tolerating short blocks (a channel name, a separator) between.
            std::uint32_t j = i, last_dated = i, count = 0;
            while (j < end && j <= last_dated + 2) {
                if (dated[j]) {
                    last_dated = j;
                    ++count;
                } else if (out.features[j].counts.words >= long_block_words) {
                    break;
                }
                ++j;
            }
            if (count >= 3) {
                for (std::uint32_t k = i; k <= last_dated; ++k) {
                    d[k].decision = block_class::dated_list;
                    d[k].reason = "a list of headlines with timestamps";
                    dated[k] = true;
                }
            } else {
                for (std::uint32_t k = i; k <= last_dated; ++k) dated[k] = false;
            }
            i = last_dated + 1;
        }
    }

    // Link lists: list items of one kind, every one of them holding a link ("recent comments", "more
    // stories" with a line of summary each). A list in the article links here and there, not in every item.
    std::vector<bool> link_list(n, false);
    if (!options.text_mode) {
        struct tally {
            std::uint32_t items = 0, linked = 0;
            double link_density = 0;
        };
        std::unordered_map<std::uint32_t, tally> lists;
        for (std::uint32_t i = first; i < end; ++i) {
            const text_block& b = tree.blocks[i];
            if (b.list_depth == 0 || tree.nodes[b.node].tag != tag_id::li) continue;
            tally& t = lists[out.features[i].signature];
            ++t.items;
            t.linked += b.link_chars > 0 ? 1u : 0u;
            t.link_density += out.features[i].link_density;
        }
        for (std::uint32_t i = first; i < end; ++i) {
            const text_block& b = tree.blocks[i];
            if (b.list_depth == 0 || tree.nodes[b.node].tag != tag_id::li) continue;
            const tally& t = lists[out.features[i].signature];
            link_list[i] = t.items >= 4 && t.linked * 10 >= t.items * 9 && t.link_density >= 0.25 * t.items;
        }
    }

    // neutral: dropped, but the kind of thing that sits between an article's parts (a byline, a caption, a
    // share bar, an inline advertisement); context looks past it.
    enum class verdict : std::uint8_t { good, bad, short_text, heading, neutral };
    std::vector<verdict> v(n, verdict::bad);
    bool body_started = false;
    double body_words = 0;
    bool body_ended = false;
    block_class end_class = block_class::related;
    const char* end_reason = "";

    for (std::uint32_t i = first; i < end; ++i) {
        if (out_of_time()) return;
        const text_block& b = tree.blocks[i];
        const block_features& f = out.features[i];
        const std::string_view text = tree.text_of(b);
        block_decision& dec = d[i];
        auto drop = [&](block_class c, const char* why) {
            dec.decision = c;
            dec.reason = why;
            const bool between_parts = c == block_class::byline || c == block_class::caption ||
                                       c == block_class::share || c == block_class::title ||
                                       c == block_class::advertisement || c == block_class::editor_credit;
            v[i] = between_parts ? verdict::neutral : verdict::bad;
        };
        if (body_ended) {
            drop(end_class, end_reason);
            continue;
        }
        if (dated[i]) {
            v[i] = verdict::bad;
            continue;
        }
        if (f.teaser) {
            drop(block_class::related, "a teaser: the summary under a linked headline, repeated");
            continue;
        }
        if (link_list[i]) {
            drop(block_class::navigation, "an item of a list where every item is a link");
            continue;
        }
        // Headings, credits, share bars and notices are short lines; a paragraph is none of them, and asking
        // costs time on every paragraph of every page.
        const bool short_enough = text.size() <= signal_max_bytes && f.counts.words <= 25;

        // What the text says about itself.
        if (short_enough) {
            if (auto editor = signals::parse_editor_credit(text)) {
                if (out.editor.empty()) out.editor = *editor;
                drop(block_class::editor_credit, "an editor credit");
                if (body_started) {
                    body_ended = true;
                    end_class = block_class::related;
                    end_reason = "after the editor credit that ends the body";
                }
                continue;
            }
            if (f.counts.words <= 10 && signals::is_related_heading(text)) {
                drop(block_class::related, "a heading of a list of other articles");
                if (!options.text_mode) {
                    // A "related" box inside the article (between its paragraphs) is cut out; only a heading
                    // with no more body text after its box ends the body.
                    const std::uint32_t box_end = box_end_of(tree, i, first, end, out);
                    const double words_after = body_words_between(box_end, end);
                    if (words_after >= std::max(40.0, 0.25 * body_words)) {
                        for (std::uint32_t k = i + 1; k < box_end; ++k) {
                            d[k].decision = block_class::related;
                            d[k].reason = "in a \"related\" box inside the article";
                            v[k] = verdict::bad;
                        }
                        i = box_end - 1;
                        continue;
                    }
                }
                if (body_started && body_words >= 20) {
                    body_ended = true;
                    end_class = block_class::related;
                    end_reason = "after the \"related\" heading that ends the body";
                }
                continue;
            }
            // "Comments" is a heading, or a short line with a count ("12 comments"); a table cell reading
            // "Comment" or an h2 reading "Response" in a technical article is neither.
            if (!b.in_table && (b.heading || f.counts.words <= 4 || options.text_mode) &&
                signals::is_comment_heading(text)) {
                drop(block_class::comments, "a comment-section heading");
                if (body_started && body_words >= 20 && (b.heading || f.counts.digits > 0 || options.text_mode)) {
                    body_ended = true;
                    end_class = block_class::comments;
                    end_reason = "in the comment section after the body";
                }
                continue;
            }
            if (signals::is_copyright_line(text)) {
                drop(block_class::footer, "a copyright or licence line");
                continue;
            }
            if (f.counts.words < long_block_words && signals::is_share_text(text)) {
                drop(block_class::share, "share buttons");
                continue;
            }
            if (f.counts.words <= 30 && signals::is_call_to_action(text)) {
                drop(block_class::advertisement, "a call to subscribe, sign up, rate or share");
                continue;
            }
            // Inside the article only a short line, or one in an element named for consent, is a banner.
            if ((f.counts.words <= 25 || (f.hints & hint_consent)) && signals::is_consent_text(text)) {
                drop(block_class::consent, "a cookie or consent notice");
                continue;
            }
        }
        if (!options.text_mode && b.in_caption) {
            if (options.include_captions) {
                dec.decision = block_class::caption;
                dec.reason = "a figure caption (captions asked for)";
                v[i] = verdict::good;
                dec.kept = true;
            } else {
                drop(block_class::caption, "a figure caption");
            }
            continue;
        }
        const std::uint32_t hints = inner_hints(i);
        if (hints & hint_caption) {
            drop(block_class::caption, "a caption, by its element's name");
            continue;
        }

        // Title, byline, dateline.
        if (!title_found && short_enough && (b.heading || !body_started) && is_title.matches(text)) {
            title_found = true;
            drop(block_class::title, "the title");
            if (meta.title.empty() && out.title.empty()) out.title = std::string(text);
            continue;
        }
        if (!body_started || (hints & hint_byline)) {
            if (short_enough && f.counts.words < 20) {
                if (auto by = signals::parse_byline(text)) {
                    if (out.authors.empty()) out.authors = by->authors;
                    if (by->date && out.published.empty()) out.published = *by->date;
                    drop(block_class::byline, "a byline");
                    continue;
                }
            }
            if (const std::size_t dateline = leading_dateline(text); dateline > 0) {
                if (auto date = signals::find_date(text.substr(0, dateline)); date && out.published.empty())
                    out.published = *date;
                std::string_view rest = text.substr(dateline);
                while (!rest.empty() && is_space_byte(rest.front())) rest.remove_prefix(1);
                if (analyzer_.analyze(rest).words < long_block_words) {
                    drop(block_class::byline, "a dateline");
                    continue;
                }
                dec.text = std::string(rest);
                dec.rewritten = true;  // the paragraph after its dateline
            } else if (f.counts.words <= 8 && short_enough) {
                if (auto date = signals::find_date(text)) {
                    if (out.published.empty()) out.published = *date;
                    drop(block_class::byline, "a date line");
                    continue;
                }
            }
            if (hints & hint_byline && f.counts.words < 25) {
                drop(block_class::byline, "an author or date element");
                continue;
            }
        } else if (f.counts.words <= 8 && short_enough && !b.in_table && f.counts.sentence_ends <= 1) {
            // "posted on April 21, 2015, at 11:29 a.m." below a standfirst: a short line that is a date.
            if (auto date = signals::find_date(text)) {
                if (out.published.empty()) out.published = *date;
                drop(block_class::byline, "a date line");
                continue;
            }
        }

        // Named boilerplate inside the article (share bars, related boxes, ads between paragraphs).
        const std::uint32_t bad_hints = hints & boilerplate_hints & ~hint_header;
        if (bad_hints) {
            drop(class_of_hints(bad_hints), "in an element named like boilerplate");
            continue;
        }

        // Counts.
        if (f.link_density > link_density_limit ||
            (f.counts.words < long_block_words && f.link_density > short_link_density_limit)) {
            drop(b.in_link_only && f.siblings >= 3 ? block_class::navigation : block_class::low_quality,
                 "mostly link text");
            continue;
        }
        const bool sentence_like = f.counts.sentence_ends + f.counts.commas > 0;
        if (b.heading && !(f.counts.words >= 15 && sentence_like)) {
            v[i] = verdict::heading;
            dec.reason = "a heading inside the article";
            continue;
        }
        const bool sentence = sentence_like;
        if (f.counts.words >= long_block_words || (sentence && f.counts.words >= short_block_words) || b.in_pre) {
            if ((hints & hint_header) && !sentence && f.counts.words < 20) {
                drop(block_class::header, "in the article's header");
                continue;
            }
            v[i] = verdict::good;
            dec.reason = "body text";
            body_started = true;
            body_words += f.counts.words;
            continue;
        }
        if (hints & hint_header) {
            drop(block_class::header, "in the article's header");
            continue;
        }
        v[i] = verdict::short_text;
        dec.reason = "short text, judged with its neighbours";
    }

    // Lists and tables: an item or a cell is short by nature. A list or a table that is not link-heavy, inside
    // the article, is judged as a whole: its items stand or fall together (ingredients, steps, key points,
    // a table of figures). A table needs two rows to be data rather than layout.
    if (!options.text_mode) {
        std::uint32_t i = first;
        while (i < end) {
            const text_block& b = tree.blocks[i];
            const bool in_list = b.list_depth > 0;
            if ((!in_list && b.row == 0) || v[i] != verdict::short_text) {
                ++i;
                continue;
            }
            // The run of blocks of the same list (same depth or deeper) or the same table (cells), with no
            // other verdict in between.
            std::uint32_t j = i;
            double words = 0, link_chars = 0, chars = 0;
            std::uint32_t rows = 0, last_row = 0;
            while (j < end && (in_list ? tree.blocks[j].list_depth >= b.list_depth : tree.blocks[j].row != 0) &&
                   (v[j] == verdict::short_text || v[j] == verdict::good)) {
                if (tree.blocks[j].row != last_row) {
                    ++rows;
                    last_row = tree.blocks[j].row;
                }
                words += out.features[j].counts.words;
                link_chars += tree.blocks[j].link_chars;
                chars += tree.blocks[j].chars;
                ++j;
            }
            // A table of cells holding a number or a word each is a calendar or a score grid, not text.
            const bool table_text = in_list || (rows >= 2 && words >= 1.5 * static_cast<double>(j - i));
            if (j - i >= 2 && words >= 6 && link_chars < 0.3 * std::max(1.0, chars) && table_text) {
                for (std::uint32_t k = i; k < j; ++k) {
                    if (v[k] != verdict::short_text) continue;
                    v[k] = verdict::good;
                    d[k].reason = in_list ? "an item of a list inside the article" : "a cell of a table inside the article";
                }
            }
            i = std::max(j, i + 1);
        }
    }

    // Context: a short block is kept when body text surrounds it (jusText); a heading is kept when body text,
    // or short text kept by that rule, follows it.
    // The nearest good or bad block on each side of every block (bad past the region's ends), made in one
    // pass each way: short blocks and headings look them up instead of scanning past each other.
    const auto decisive = [](verdict x) { return x == verdict::good || x == verdict::bad; };
    std::vector<verdict> before(n, verdict::bad), after(n, verdict::bad);
    const auto find_before = [&] {
        verdict last = verdict::bad;
        for (std::uint32_t i = first; i < end; ++i) {
            before[i] = last;
            if (decisive(v[i])) last = v[i];
        }
    };
    const auto find_after = [&] {
        verdict next = verdict::bad;
        for (std::uint32_t i = end; i-- > first;) {
            after[i] = next;
            if (decisive(v[i])) next = v[i];
        }
    };
    find_before();
    find_after();
    std::vector<std::uint32_t> short_kept;
    for (std::uint32_t i = first; i < end; ++i) {
        if (v[i] != verdict::short_text) continue;
        if (before[i] == verdict::good && after[i] == verdict::good) {
            d[i].decision = block_class::content;
            d[i].reason = "short text between body paragraphs";
            d[i].kept = true;
            short_kept.push_back(i);
        } else {
            d[i].decision = block_class::low_quality;
            d[i].reason = "short text next to boilerplate";
        }
    }
    for (std::uint32_t i : short_kept) v[i] = verdict::good;
    find_after();
    for (std::uint32_t i = first; i < end; ++i) {
        if (v[i] == verdict::heading) {
            if (after[i] == verdict::good) {
                d[i].decision = block_class::content;
                d[i].reason = "a heading before body text";
                d[i].kept = true;
            } else {
                d[i].decision = block_class::low_quality;
                d[i].reason = "a heading not followed by body text";
            }
        } else if (v[i] == verdict::good) {
            d[i].decision = block_class::content;
            d[i].kept = true;
        }
    }

    // No paragraph twice: a text repeated in another kind of element (a summary above the body, the mobile
    // copy of a paragraph under other class names) is kept once. Repeats in elements of the same kind are
    // the author's own and stay.
    std::unordered_map<std::uint32_t, std::uint32_t> seen;   // text hash -> signature of its first occurrence
    for (std::uint32_t i = first; i < end; ++i) {
        if (!d[i].kept) continue;
        const std::string_view text = d[i].rewritten ? std::string_view(d[i].text) : tree.text_of(tree.blocks[i]);
        const std::uint32_t signature = out.features[i].signature;
        const auto [it, inserted] = seen.emplace(hash_text(text), signature);
        if (!inserted && it->second != signature && out.features[i].counts.words > 0) {
            d[i].kept = false;
            d[i].decision = block_class::duplicate;
            d[i].reason = "repeats a paragraph already kept";
        }
    }
}

}  // namespace winnow::detail
