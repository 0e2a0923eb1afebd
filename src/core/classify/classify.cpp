#include "classify/classify.hpp"

#include "classify/passes.hpp"
#include "winnow/error.hpp"

namespace winnow::detail {
namespace {

/// The passes in the order they run: each reads what the ones before it left (passes.hpp).
constexpr classifier_pass passes[] = {
    {"page type", &decide_page_type, false},
    {"title block", &find_title_block, false},
    {"features", &measure_features, false},
    {"page structure", &find_page_structure, false},
    {"values", &weigh_values, false},
    {"body text", &count_body_text, false},
    {"region", &choose_region, true},
    {"inner names", &collect_inner_hints, true},
    {"outside", &mark_outside, true},
    {"lead-in", &judge_lead_in, true},
    {"other posts", &cut_other_posts, true},
    {"trailing credit", &find_trailing_credit, true},
    {"dated lists", &find_dated_lists, true},
    {"link lists", &find_link_lists, true},
    {"block rules", &apply_block_rules, true},
    {"lists and tables", &judge_lists_and_tables, true},
    {"neighbours", &judge_by_neighbours, true},
    {"structure twins", &keep_structure_twins, true},
    {"stub thread", &keep_stub_thread, true},
    {"end at comments", &end_at_comments, true},
    {"hub links", &keep_hub_links, true},
    {"repeats", &drop_repeats, true},
    {"list items", &keep_list_items, true},
    {"linked headlines", &keep_linked_headlines, true},
    {"caption cards", &keep_caption_cards, true},
    {"posts", &read_posts, true},
    {"shown date", &find_shown_date, true},
    {"late byline", &find_late_byline, true},
};

}  // namespace

std::span<const classifier_pass> classifier_passes() { return passes; }

classifier::classifier(const classifier_tuning& tuning) : tuning_(tuning), state_(std::make_unique<page_state>()) {}
classifier::~classifier() = default;
classifier::classifier(classifier&&) noexcept = default;
classifier& classifier::operator=(classifier&&) noexcept = default;

std::error_code classifier::classify(const block_tree& tree, const page_metadata& meta,
                                     const classify_options& options, deadline& budget, classification& out) {
    out.decisions.assign(tree.blocks.size(), block_decision{});
    out.title.clear();
    out.authors.clear();
    out.editor.clear();
    out.published.clear();
    out.shown_date.clear();
    out.shown_date_numeric = false;
    out.shown_updated.clear();
    out.posts.clear();
    out.container = 0;   // a page without blocks has no container; the previous page's must not linger
    page_state& s = *state_;
    s.first = s.end = 0;
    s.signals.reset(tree.blocks.size());
    pass_context context{tree, meta, options, tuning_, analyzer_, budget, s, out};
    for (const classifier_pass& p : passes) {
        if (p.needs_blocks && tree.blocks.empty()) break;
        if (!p.run(context) || budget.passed()) return make_error_code(errc::timeout);
    }
    return {};
}

}  // namespace winnow::detail
