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
//
// The steps are passes run in the order of one table (passes.hpp lists them and their files); their
// thresholds are the fields of classifier_tuning (tuning.hpp).
//
//     classifier c;                                    // one per thread
//     classification out;
//     deadline budget = deadline::after(limits.max_page_ms, now);
//     if (auto ec = c.classify(tree, meta, {}, budget, out)) return ec;   // errc::timeout
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "blocks/block_tree.hpp"
#include "blocks/text_metrics.hpp"
#include "classify/tuning.hpp"
#include "deadline.hpp"
#include "winnow/explanation.hpp"
#include "winnow/metadata.hpp"
#include "winnow/page_type.hpp"

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
    bool identifiers = false;      ///< a run of codes or hashes rather than words (tuning: identifiers_*)
};

struct block_decision {
    block_class decision = block_class::outside;
    bool kept = false;
    const char* reason = "";
    std::string text;              ///< the text to publish when it differs from the block's (a dateline cut off)
    bool rewritten = false;
};

/// One post of a thread: its blocks, and who wrote it when (taken out of the body).
struct post_info {
    std::uint32_t first_block = 0;
    std::uint32_t end_block = 0;
    std::string author;
    std::string published;         ///< ISO 8601, as text_signals' find_date gives it
};

struct classification {
    std::vector<block_features> features;
    std::vector<block_decision> decisions;
    std::uint32_t container = 0;
    winnow::page_type page_type = winnow::page_type::article;
    std::string page_type_reason;  ///< the metadata or structure that decided, in words
    std::string title;             ///< from a title block, when the markup gave none
    std::vector<std::string> authors;
    std::string editor;
    std::string published;
    /// The date shown under the headline, unless labelled as an update ("Updated May 5"): what readers
    /// are told the piece was published, where the metadata's date may be a re-publication's.
    std::string shown_date;
    bool shown_date_numeric = false;   ///< the shown date is written in digits only ("03/10/2023")
    /// The first date under the headline labelled as an update ("Updated May 5"), for a page that gives no
    /// other date.
    std::string shown_updated;
    std::vector<post_info> posts;  ///< a thread's posts in order (empty on other pages)
};

struct classify_options {
    bool text_mode = false;
    bool include_captions = false;
};

struct page_state;

/// Runs the passes of passes.hpp over a page. One per thread: it keeps its buffers and ICU objects between
/// pages.
class classifier {
public:
    explicit classifier(const classifier_tuning& tuning = {});
    ~classifier();
    classifier(classifier&&) noexcept;
    classifier& operator=(classifier&&) noexcept;

    /// Classifies every block of the tree. `meta` is what the markup said (empty in text mode). Fails with
    /// errc::timeout when the budget runs out first (the classification is then incomplete).
    [[nodiscard]] std::error_code classify(const block_tree& tree, const page_metadata& meta,
                                           const classify_options& options, deadline& budget, classification& out);

    [[nodiscard]] const classifier_tuning& tuning() const noexcept { return tuning_; }

private:
    classifier_tuning tuning_;
    text_analyzer analyzer_;
    std::unique_ptr<page_state> state_;
};

}  // namespace winnow::detail
