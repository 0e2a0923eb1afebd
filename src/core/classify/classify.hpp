// The classifier: which blocks of a page are the article, and what every other block is.
//
// 1. Features. Each block gets script-aware counts (text_metrics.hpp), its link density, punctuation
//    density, text density (words per 80-column line) and a content value: words of low-link text, more
//    for text that reads as sentences.
// 2. Main content. Values sum up the block tree; from the root, the classifier descends into the child that
//    holds most of its parent's value, and stops where the value spreads over several children (the
//    article's container). Class and id hints scale the values (a "comments" subtree counts little) but
//    never decide alone. Good paragraphs next to the container join it (a lede outside the body div).
//    In text mode the container is the densest run of lines (a maximum-sum window over line values).
// 3. Blocks. Inside the container each block is judged by rules on its counts (boilerpipe-style), by what
//    its text says (text_signals.hpp: editor credits, "related" headings, copyright lines, share bars, dated
//    headlines, bylines) and, for short blocks, by its neighbours (jusText-style context). An editor credit
//    or a "related" heading after the body ends the body.
#pragma once

#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include "blocks/block_tree.hpp"
#include "deadline.hpp"
#include "blocks/text_metrics.hpp"
#include "winnow/extract.hpp"
#include "winnow/metadata.hpp"

namespace winnow::detail {

struct block_features {
    text_features counts;
    double link_density = 0;
    double punctuation_density = 0;
    double text_density = 0;
    double tag_density = 0;        ///< inline tags per word
    double position = 0;           ///< where the block stands in the page, 0 (first) to 1 (last)
    double value = 0;              ///< content value used to find the container
    std::uint32_t hints = 0;       ///< hints of the block's element and all its ancestors
    std::uint32_t signature = 0;   ///< hash of the owner's and its parent's labels
    std::uint32_t siblings = 0;    ///< blocks of the page with the same signature
    bool teaser = false;           ///< the summary under a linked headline, in a repeated pattern
};

struct block_decision {
    block_class decision = block_class::outside;
    bool kept = false;
    const char* reason = "";
    std::string text;              ///< the text to publish when it differs from the block's (a dateline cut off)
    bool rewritten = false;
};

struct classification {
    std::vector<block_features> features;
    std::vector<block_decision> decisions;
    std::uint32_t container = 0;
    std::string title;             ///< from a title block, when the markup gave none
    std::vector<std::string> authors;
    std::string editor;
    std::string published;
};

struct classify_options {
    bool text_mode = false;
    bool include_captions = false;
};

class classifier {
public:
    /// Classifies every block of the tree. `meta` is what the markup said (empty in text mode). Fails with
    /// errc::timeout when the budget runs out first (the classification is then incomplete).
    [[nodiscard]] std::error_code classify(const block_tree& tree, const page_metadata& meta,
                                           const classify_options& options, deadline& budget, classification& out);

private:
    /// classify() without the budget's bookkeeping; false when the budget ran out.
    [[nodiscard]] bool run(const block_tree& tree, const page_metadata& meta, const classify_options& options,
                           classification& out);
    [[nodiscard]] std::uint32_t find_title_block(const block_tree& tree, const page_metadata& meta,
                                                 const classify_options& options) const;
    void measure(const block_tree& tree, const classify_options& options, classification& out);
    std::uint32_t choose_container(const block_tree& tree, classification& out);
    void choose_text_region(const block_tree& tree, classification& out, std::uint32_t& first, std::uint32_t& end);
    void judge(const block_tree& tree, const page_metadata& meta, const classify_options& options,
               std::uint32_t first, std::uint32_t end, classification& out);

    static bool body_like(const block_tree& tree, const classification& out, std::uint32_t i) noexcept;
    bool in_sibling_units(const block_tree& tree, std::uint32_t a, std::uint32_t b) const;
    std::uint32_t box_end_of(const block_tree& tree, std::uint32_t block, std::uint32_t first, std::uint32_t end,
                             const classification& out) const;
    /// Prefix sums of body-like blocks and their words, so that any range is asked in constant time.
    void count_body_text(const block_tree& tree, const classification& out);
    [[nodiscard]] double body_words_between(std::uint32_t first, std::uint32_t end) const noexcept {
        return end > first ? body_words_before_[end] - body_words_before_[first] : 0.0;
    }
    [[nodiscard]] std::uint32_t body_blocks_between(std::uint32_t first, std::uint32_t end) const noexcept {
        return end > first ? body_blocks_before_[end] - body_blocks_before_[first] : 0u;
    }

    /// Asked in the loops over blocks; once it says the budget is spent they stop.
    [[nodiscard]] bool out_of_time() noexcept { return budget_->passed(); }

    text_analyzer analyzer_;
    deadline unbounded_;
    deadline* budget_ = &unbounded_;
    std::vector<double> node_values_;
    std::vector<std::uint32_t> node_hints_;
    std::vector<std::uint32_t> subtree_ends_;     ///< per node: the index past its last descendant
    std::vector<std::uint32_t> scratch_nodes_;    ///< per-node working space of one pass
    std::vector<double> body_words_before_;       ///< words of body-like blocks before each block
    std::vector<std::uint32_t> body_blocks_before_;
    std::uint32_t title_block_ = 0xFFFFFFFFu;   ///< the headline's block, when found
};

}  // namespace winnow::detail
