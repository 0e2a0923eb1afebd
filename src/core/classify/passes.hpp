// The classifier's passes and what they share: internal to src/core/classify/.
//
// classify.cpp runs the passes in the order of its table (`classifier_passes`); each reads what the
// earlier ones left in the page's state and the classification, and writes its own part:
//
//   page type        a thread (its posts are the content) or not, from the metadata        page_type.cpp
//   title block      the headline's block (anchors the article against names)           region.cpp
//   features         per-block counts, densities; element names; teasers                 features.cpp
//   page structure   the page's type from metadata and structure (repeated items, prices) page_type.cpp
//   values           each block's content value, names and teasers weighed in            features.cpp
//   body text        prefix sums of paragraph-like blocks, for constant-time range asks  page_queries.cpp
//   region           the container and the run of blocks judged as the article           region.cpp
//   inner names      names of the elements between each block and the container         structure.cpp
//   outside          blocks outside the region                                           lead_in.cpp
//   lead-in          title, bylines and dates just before the region                     lead_in.cpp
//   other posts      a page of several posts keeps the first                             structure.cpp
//   trailing credit  an editor credit just after the region                              structure.cpp
//   dated lists      runs of headline + timestamp lines                                  structure.cpp
//   link lists       lists whose every item is a link                                    structure.cpp
//   block rules      each block by its counts and what its text says (block_rules.cpp's table)
//   lists & tables   short items judged as a whole                                       context.cpp
//   neighbours       short text and headings by the blocks around them                   context.cpp
//   end at comments  an article's comment section ends it: the sidebar after it goes      context.cpp
//   hub links        a page that is little but links (a chapter's contents) keeps them    context.cpp
//   repeats          no paragraph twice                                                  context.cpp
//   list items       a list page keeps its items whole                                   page_type.cpp
//   posts            a thread's posts: each one's author and time as metadata            page_type.cpp
//
// Every threshold is in tuning.hpp; every language-dependent answer comes from winnow/text_signals.hpp,
// asked at most once per block (signal_cache).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classify.hpp"
#include "winnow/text_signals.hpp"

namespace winnow::detail {

inline constexpr std::uint32_t no_block = 0xFFFFFFFFu;

/// Names that careless wrappers and site conventions carry ("share" around the article, a page builder's
/// "widget" around every paragraph), as opposed to names of sections that really can outweigh an article
/// (comments, related lists): the features and inner-names passes discount them.
inline constexpr std::uint32_t weak_name_hints =
    hint_share | hint_advertisement | hint_newsletter | hint_header | hint_tags | hint_sidebar;

/// The whitespace a block's folded text holds.
[[nodiscard]] constexpr bool is_space_byte(char c) noexcept { return c == ' ' || c == '\n' || c == '\t'; }

/// An element's own names as this page reads them: on a product's page its customers' reviews are a
/// comment section (elsewhere "review" names the article itself, a film's or a book's review).
[[nodiscard]] constexpr std::uint32_t names_on_page(std::uint32_t hints, bool product_page) noexcept {
    return (hints & hint_reviews) && product_page ? hints | hint_comments : hints;
}

/// Whether a block is the page's title: equal when lowercased and without whitespace, or one containing the
/// other closely (the page title often carries the site name, or the block a kicker). The title is prepared
/// once per page; blocks whose length rules them out cost nothing.
class title_matcher {
public:
    title_matcher() = default;
    title_matcher(std::string_view title, std::size_t match_percent);

    [[nodiscard]] bool matches(std::string_view block) const;

private:
    std::string title_;
    std::size_t percent_ = 70;
};

/// The answers of text_signals for each block, asked at most once: several passes ask about the same block
/// (the lead-in and the rules ask for bylines, the posts pass and the rules for dates).
class signal_cache {
public:
    void reset(std::size_t blocks);
    [[nodiscard]] const std::optional<signals::byline>& byline(std::uint32_t block, std::string_view text);
    [[nodiscard]] const std::optional<std::string>& date(std::uint32_t block, std::string_view text);
    [[nodiscard]] const std::optional<std::string>& editor_credit(std::uint32_t block, std::string_view text);

private:
    template <class T>
    struct memo {
        std::vector<std::int32_t> slot;    ///< per block: -1 not asked yet, else the answer's index
        std::deque<std::optional<T>> answers;   ///< a deque: answers handed out stay where they are
        void reset(std::size_t blocks) {
            slot.assign(blocks, -1);
            answers.clear();
        }
        template <class Ask>
        const std::optional<T>& get(std::uint32_t block, Ask&& ask) {
            if (slot[block] < 0) {
                slot[block] = static_cast<std::int32_t>(answers.size());
                answers.push_back(ask());
            }
            return answers[static_cast<std::size_t>(slot[block])];
        }
    };
    memo<signals::byline> bylines_;
    memo<std::string> dates_;
    memo<std::string> editor_credits_;
};

/// What the rules make of a block before neighbours have their say. neutral: dropped, but the kind of thing
/// that sits between an article's parts (a byline, a caption, a share bar, an inline advertisement); context
/// looks past it.
enum class verdict : std::uint8_t { good, bad, short_text, heading, neutral };

/// Children of one parent and one kind: the candidates for a page's repeated items (page_type.cpp).
struct item_group {
    std::uint64_t key = 0;        ///< the parent and the kind
    std::uint32_t items = 0;
    std::uint32_t linked = 0;     ///< items holding a link
    double words = 0;
    double largest = 0;           ///< words of the largest item
};

/// The page's working state, kept between pages for its buffers.
struct page_state {
    bool discussion = false;                ///< a thread: its posts are the content, not comments on it
    bool listing = false;                   ///< a listing: its teasers are the content
    bool product = false;                   ///< one product's page: customers' reviews are not its content
    std::uint32_t items_holder = 0;         ///< the element holding a list page's repeated items (0: none)
    std::vector<bool> in_item;              ///< per block: inside one of those items
    std::vector<std::uint64_t> kept_structures;   ///< the structure twins pass: the kept blocks' structures
    std::vector<bool> node_in_form;         ///< ... and per node: inside a <form>
    std::vector<std::uint32_t> items;       ///< the outermost items, in document order
    bool posts = false;                     ///< a thread whose items are its posts, each with its author and time
    std::vector<item_group> item_groups;    ///< the page's groups of children of one parent and one kind
    std::vector<std::uint32_t> group_of;    ///< per node: its group's index (no_block: none)
    std::vector<std::uint32_t> group_table; ///< open addressing, key to index + 1 (0: empty)
    std::vector<bool> teaser_headline;      ///< per block: the linked headline of a teaser
    std::uint32_t ignored_names = 0;        ///< hints that say nothing on this page (comments, in a thread)
    title_matcher is_title;
    std::uint32_t title_block = no_block;   ///< the headline's block, when found
    bool title_found = false;               ///< a block was classified as the title
    std::vector<double> raw_values;         ///< per block: the value before names and teasers weigh in
    std::vector<double> node_values;        ///< per node: the value of its subtree
    std::vector<std::uint32_t> node_hints;  ///< per node: its names and its ancestors'
    std::vector<std::uint32_t> subtree_ends;    ///< per node: the index past its last descendant
    std::vector<std::uint32_t> inner_hints;     ///< per node: names between it and the container
    std::vector<double> words_before;           ///< per block: the words of all blocks before it (and past the last)
    std::vector<std::uint32_t> open_nodes;      ///< working stack, or per-node working space of one pass
    std::vector<std::uint32_t> walk;            ///< the nodes of one walk up the tree
    std::vector<double> body_words_before;      ///< words of body-like blocks before each block
    std::vector<std::uint32_t> body_blocks_before;
    std::uint32_t first = 0, end = 0;       ///< the region: blocks [first, end)
    std::uint32_t lead_in_from = 0;         ///< where the lead-in pass starts looking
    double container_value = 0;
    std::vector<bool> dated;                ///< per block: in a dated-headline list
    std::vector<bool> link_list;            ///< per block: an item of a list of links
    std::vector<verdict> verdicts;
    std::vector<verdict> before, after;     ///< the nearest decisive verdict on each side
    std::vector<std::uint32_t> short_kept;
    std::uint32_t byline_name = no_block;   ///< the name line of a split byline, once its label is found
    signal_cache signals;
};

/// What every pass gets.
struct pass_context {
    const block_tree& tree;
    const page_metadata& meta;
    const classify_options& options;
    const classifier_tuning& tuning;
    text_analyzer& analyzer;
    deadline& budget;
    page_state& state;
    classification& out;

    [[nodiscard]] bool out_of_time() const noexcept { return budget.passed(); }
    [[nodiscard]] std::string_view text_of(std::uint32_t block) const noexcept { return tree.text_of(tree.blocks[block]); }
};

// Questions about the page, answered from the state (page_queries.cpp).
/// FNV-1a: block signatures and repeated texts.
[[nodiscard]] inline std::uint32_t hash_text(std::string_view s) noexcept {
    std::uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}
[[nodiscard]] block_class class_of_hints(std::uint32_t hints) noexcept;
/// A leading "最后更新: 2024-05-09 00:11:46" or "Published: 2024-05-09" glued to a paragraph: its length (0
/// if none).
[[nodiscard]] std::size_t leading_dateline(std::string_view text);
/// Reads as a paragraph of the article: long enough, sentence-like, not a list of links, not a teaser.
[[nodiscard]] inline bool body_like(const pass_context& c, std::uint32_t block) noexcept {
    const block_features& f = c.out.features[block];
    return f.counts.words >= c.tuning.sizes.paragraph_words && f.link_density < c.tuning.sizes.body_like_max_link_density &&
           !c.tree.blocks[block].heading && !f.teaser && f.counts.sentence_ends + f.counts.commas > 0;
}
/// Whether an element holds the page's headline block.
[[nodiscard]] inline bool holds_title(const element_node& e, std::uint32_t title_block) noexcept {
    return title_block != no_block && title_block >= e.first_block && title_block < e.end_block;
}
/// Reads as a linked headline: (almost) all link text, of a headline's length (tuning.features.headline_*).
[[nodiscard]] inline bool linked_headline(const pass_context& c, std::uint32_t block) noexcept {
    const auto& t = c.tuning.features;
    const block_features& f = c.out.features[block];
    return (c.tree.blocks[block].in_link_only || f.link_density >= t.headline_link_density) &&
           f.counts.words >= t.headline_min_words && f.counts.words <= t.headline_max_words;
}
/// Words and blocks of body-like blocks in [first, end), from the prefix sums of the body-text pass.
[[nodiscard]] inline double body_words_between(const page_state& s, std::uint32_t first, std::uint32_t end) noexcept {
    return end > first ? s.body_words_before[end] - s.body_words_before[first] : 0.0;
}
[[nodiscard]] inline std::uint32_t body_blocks_between(const page_state& s, std::uint32_t first, std::uint32_t end) noexcept {
    return end > first ? s.body_blocks_before[end] - s.body_blocks_before[first] : 0u;
}
/// The end of the box a block heads: the highest element around it, below the container, holding no
/// paragraph of the article.
[[nodiscard]] std::uint32_t box_end_of(const pass_context& c, std::uint32_t block);
/// A post's date line: a short line holding a date ("March 3, 2025", "2 days ago"), as a post's unit
/// opens with (tuning.structure's post_date limits), asked of the signal cache.
[[nodiscard]] bool post_date_line(pass_context& c, std::uint32_t block);
/// A byline split over two lines: a block that is only its label ("Written by", "Author:", "Von") and the
/// next block, a name and nothing else. The byline the two make, if they make one.
[[nodiscard]] std::optional<signals::byline> split_byline(pass_context& c, std::uint32_t label);
/// Two blocks head two repeated units of the same kind, each followed by a post's worth of body text.
[[nodiscard]] bool in_sibling_units(const pass_context& c, std::uint32_t a, std::uint32_t b);

// The passes, in the order classify.cpp runs them. Each returns false when the budget ran out.
bool decide_page_type(pass_context& c);       // page_type.cpp
bool find_title_block(pass_context& c);       // region.cpp
bool measure_features(pass_context& c);       // features.cpp
bool find_page_structure(pass_context& c);    // page_type.cpp
bool weigh_values(pass_context& c);           // features.cpp
bool count_body_text(pass_context& c);        // page_queries.cpp
bool choose_region(pass_context& c);          // region.cpp
bool collect_inner_hints(pass_context& c);    // structure.cpp
bool mark_outside(pass_context& c);           // lead_in.cpp
bool judge_lead_in(pass_context& c);          // lead_in.cpp
bool cut_other_posts(pass_context& c);        // structure.cpp
bool find_trailing_credit(pass_context& c);   // structure.cpp
bool find_dated_lists(pass_context& c);       // structure.cpp
bool find_link_lists(pass_context& c);        // structure.cpp
bool apply_block_rules(pass_context& c);      // block_rules.cpp
bool judge_lists_and_tables(pass_context& c); // context.cpp
bool judge_by_neighbours(pass_context& c);    // context.cpp
bool keep_structure_twins(pass_context& c);   // context.cpp

/// The kind of an element, for finding the copies of one template: its tag and its first class name without
/// digits ("li.card", "article.post-" for "post-1234"), so that items numbered in their class are of one
/// kind (page_type.cpp; the page structure and structure-twins passes).
[[nodiscard]] std::uint32_t element_kind(const block_tree& tree, const element_node& node) noexcept;
bool end_at_comments(pass_context& c);        // context.cpp
bool keep_hub_links(pass_context& c);         // context.cpp
bool drop_repeats(pass_context& c);           // context.cpp
bool keep_list_items(pass_context& c);        // page_type.cpp
bool read_posts(pass_context& c);             // page_type.cpp
bool keep_linked_headlines(pass_context& c);  // page_type.cpp
bool keep_stub_thread(pass_context& c);       // page_type.cpp
bool keep_caption_cards(pass_context& c);     // page_type.cpp
bool find_shown_date(pass_context& c);        // lead_in.cpp
bool find_late_byline(pass_context& c);       // lead_in.cpp

/// The reason of the block rule that drops link text (block_rules.cpp), which a later pass looks for.
inline constexpr const char* mostly_link_text = "mostly link text";
/// The reason of the neighbours pass for short text it drops, which the structure-twins pass looks for.
inline constexpr const char* short_text_beside_boilerplate = "short text next to boilerplate";
inline constexpr const char* heading_without_body = "a heading not followed by body text";
/// The reason of the block rule that drops blocks in caption-named elements.
inline constexpr const char* caption_by_element_name = "a caption, by its element's name";

struct classifier_pass {
    const char* name;
    bool (*run)(pass_context&);
    bool needs_blocks;   ///< skipped on a page without blocks (there is no region to judge)
};

/// The passes in the order the classifier runs them (classify.cpp).
[[nodiscard]] std::span<const classifier_pass> classifier_passes();
/// The block rules' names in the order they are asked (block_rules.cpp).
[[nodiscard]] std::span<const char* const> block_rule_names();

}  // namespace winnow::detail
