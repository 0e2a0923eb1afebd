// The block rules: every block of the region, in page order, through the rules of `block_rules` in their
// order until one decides. A rule reads the block's counts, what its text says (winnow/text_signals.hpp) and
// where the body stands (started, ended); the first rules are the cheap structural ones, the text signals
// are asked of short blocks only, and the counts decide what is left.
#include <algorithm>
#include <array>
#include <span>
#include <utility>

#include "classify/passes.hpp"

namespace winnow::detail {
namespace {

/// Where the body stands as the rules walk down the region.
struct body_progress {
    bool started = false;
    bool ended = false;
    double words = 0;
    block_class end_class = block_class::related;
    const char* end_reason = "";

    void end(block_class c, const char* reason) {
        ended = true;
        end_class = c;
        end_reason = reason;
    }
};

/// One block as the rules see it.
struct block_at {
    std::uint32_t index;
    const text_block& block;
    const block_features& features;
    std::string_view text;
    bool short_enough;        ///< short enough for text signals: headings, credits, share bars, notices
    std::uint32_t hints;      ///< names between the block and the container
    block_decision& decision;
};

struct rule_context {
    pass_context& page;
    body_progress body;
    std::uint32_t resume_at = 0;   ///< set by a rule that decides for the blocks after its own too

    [[nodiscard]] const classifier_tuning::rule_pass& tuning() const noexcept { return page.tuning.rules; }
    [[nodiscard]] double paragraph_words() const noexcept { return page.tuning.sizes.paragraph_words; }
    [[nodiscard]] verdict& verdict_of(std::uint32_t i) noexcept { return page.state.verdicts[i]; }

    /// Drops a block as `c`. The kinds of thing that sit between an article's parts (a byline, a caption, a
    /// share bar, an inline advertisement) are neutral for the neighbours; the others bad.
    void drop(block_at& b, block_class c, const char* why) noexcept {
        b.decision.decision = c;
        b.decision.reason = why;
        const bool between_parts = c == block_class::byline || c == block_class::caption || c == block_class::share ||
                                   c == block_class::title || c == block_class::advertisement ||
                                   c == block_class::editor_credit;
        verdict_of(b.index) = between_parts ? verdict::neutral : verdict::bad;
    }
    void keep(block_at& b, verdict v, const char* why) noexcept {
        verdict_of(b.index) = v;
        b.decision.reason = why;
    }
};

enum class outcome : std::uint8_t { undecided, decided };
using block_rule = outcome (*)(rule_context&, block_at&);

outcome after_body_end(rule_context& r, block_at& b) {
    if (!r.body.ended) return outcome::undecided;
    r.drop(b, r.body.end_class, r.body.end_reason);
    return outcome::decided;
}

outcome in_dated_list(rule_context& r, block_at& b) {
    if (!r.page.state.dated[b.index]) return outcome::undecided;
    r.verdict_of(b.index) = verdict::bad;   // its class was given by the dated-lists pass
    return outcome::decided;
}

outcome teaser(rule_context& r, block_at& b) {
    if (!b.features.teaser || r.page.out.page_type == page_type::service) return outcome::undecided;
    r.drop(b, block_class::related, "a teaser: the summary under a linked headline, repeated");
    return outcome::decided;
}

/// On a listing the linked headline of each teaser is its title: kept when its summary is.
outcome listing_headline(rule_context& r, block_at& b) {
    if (!r.page.state.listing || !r.page.state.teaser_headline[b.index]) return outcome::undecided;
    r.keep(b, verdict::heading, "the headline of an item of the listing");
    return outcome::decided;
}

outcome link_list_item(rule_context& r, block_at& b) {
    if (!r.page.state.link_list[b.index]) return outcome::undecided;
    r.drop(b, block_class::navigation, "an item of a list where every item is a link");
    return outcome::decided;
}

outcome editor_credit(rule_context& r, block_at& b) {
    if (!b.short_enough) return outcome::undecided;
    const auto& editor = r.page.state.signals.editor_credit(b.index, b.text);
    if (!editor) return outcome::undecided;
    if (r.page.out.editor.empty()) r.page.out.editor = *editor;
    r.drop(b, block_class::editor_credit, "an editor credit");
    // A credit in the article's header ("Edited By" above the lede, "Edited by" two names over a book's
    // page) ends nothing: only one with less of the body after it than before.
    const double words_after = body_words_between(r.page.state, b.index + 1, r.page.state.end);
    if (r.body.started && r.body.words >= r.tuning().body_min_words_to_end && words_after < r.body.words)
        r.body.end(block_class::related, "after the editor credit that ends the body");
    return outcome::decided;
}

/// A "related" label before a colon and a link after it: the heading of a list with its first item.
[[nodiscard]] bool labelled_related_link(const rule_context& r, const block_at& b) {
    const auto& t = r.tuning();
    if (b.features.link_density < t.related_label_min_link_density) return false;
    const std::string_view text = b.text.substr(0, std::min(b.text.size(), t.related_label_max_bytes + 3));
    std::size_t colon = text.find(':');
    if (const std::size_t wide = text.find("\xEF\xBC\x9A"); wide < colon) colon = wide;   // U+FF1A FULLWIDTH COLON
    return colon != std::string_view::npos && colon > 0 && colon <= t.related_label_max_bytes &&
           signals::is_related_heading(text.substr(0, colon));
}

/// "Read more: <link>" between an article's paragraphs, or the first line of such a list: dropped with the
/// linked lines right after it (old templates set the list as lines of the article's own cell, with no box
/// of its own). It ends nothing: the label is an item's, not a section's.
outcome related_link(rule_context& r, block_at& b) {
    if (!b.short_enough || !labelled_related_link(r, b)) return outcome::undecided;
    r.drop(b, block_class::related, "a link under a \"related\" label");
    std::uint32_t k = b.index + 1;
    for (; k < r.page.state.end && r.page.out.features[k].link_density >= r.tuning().related_label_min_link_density &&
           linked_headline(r.page, k);
         ++k) {
        r.page.out.decisions[k].decision = block_class::related;
        r.page.out.decisions[k].reason = "a link of the list under a \"related\" label";
        r.verdict_of(k) = verdict::bad;
    }
    r.resume_at = k;
    return outcome::decided;
}

outcome related_heading(rule_context& r, block_at& b) {
    const auto& t = r.tuning();
    if (!b.short_enough || b.features.counts.words > t.related_heading_max_words || !signals::is_related_heading(b.text))
        return outcome::undecided;
    r.drop(b, block_class::related, "a heading of a list of other articles");
    if (!r.page.options.text_mode) {
        // A "related" box inside the article (between its paragraphs) is cut out; only a heading with no
        // more body text after its box ends the body.
        const std::uint32_t box_end = box_end_of(r.page, b.index);
        const double words_after = body_words_between(r.page.state, box_end, r.page.state.end);
        if (words_after >= std::max(t.related_box_min_words_after, t.related_box_min_share_after * r.body.words)) {
            for (std::uint32_t k = b.index + 1; k < box_end; ++k) {
                r.page.out.decisions[k].decision = block_class::related;
                r.page.out.decisions[k].reason = "in a \"related\" box inside the article";
                r.verdict_of(k) = verdict::bad;
            }
            r.resume_at = box_end;
            return outcome::decided;
        }
    }
    if (r.body.started && r.body.words >= t.body_min_words_to_end)
        r.body.end(block_class::related, "after the \"related\" heading that ends the body");
    return outcome::decided;
}

/// "Comments" is a heading, or a short line with a count ("12 comments"); a table cell reading "Comment" or
/// an h2 reading "Response" in a technical article is neither.
outcome comment_heading(rule_context& r, block_at& b) {
    const auto& t = r.tuning();
    const bool text_mode = r.page.options.text_mode;
    if (!b.short_enough || b.block.in_table ||
        !(b.block.heading || b.features.counts.words <= t.comment_heading_max_words || text_mode) ||
        !signals::is_comment_heading(b.text))
        return outcome::undecided;
    r.drop(b, block_class::comments, "a comment-section heading");
    // In a thread the replies are the page: their heading ends nothing.
    // A "124 Comments" link jumps to the comments from wherever it stands; the section's own heading ends
    // the body.
    if (r.body.started && r.body.words >= t.body_min_words_to_end && !r.page.state.discussion &&
        !b.block.in_link_only && (b.block.heading || b.features.counts.digits > 0 || text_mode))
        r.body.end(block_class::comments, "in the comment section after the body");
    return outcome::decided;
}

outcome copyright_line(rule_context& r, block_at& b) {
    if (!b.short_enough || !signals::is_copyright_line(b.text)) return outcome::undecided;
    r.drop(b, block_class::footer, "a copyright or licence line");
    return outcome::decided;
}

outcome share_text(rule_context& r, block_at& b) {
    if (!b.short_enough || b.features.counts.words >= r.paragraph_words() || !signals::is_share_text(b.text))
        return outcome::undecided;
    r.drop(b, block_class::share, "share buttons");
    return outcome::decided;
}

outcome call_to_action(rule_context& r, block_at& b) {
    if (!b.short_enough || b.features.counts.words > r.tuning().call_to_action_max_words ||
        !signals::is_call_to_action(b.text))
        return outcome::undecided;
    r.drop(b, block_class::advertisement, "a call to subscribe, sign up, rate or share");
    return outcome::decided;
}

/// Inside the article only a short line, or one in an element named for consent, is a banner.
outcome consent_notice(rule_context& r, block_at& b) {
    if (!b.short_enough ||
        !(b.features.counts.words <= r.tuning().consent_max_words || (b.features.hints & hint_consent)) ||
        !signals::is_consent_text(b.text))
        return outcome::undecided;
    r.drop(b, block_class::consent, "a cookie or consent notice");
    return outcome::decided;
}

outcome figure_caption(rule_context& r, block_at& b) {
    if (r.page.options.text_mode || !b.block.in_caption) return outcome::undecided;
    if (r.page.options.include_captions) {
        b.decision.decision = block_class::caption;
        b.decision.kept = true;
        r.keep(b, verdict::good, "a figure caption (captions asked for)");
    } else {
        r.drop(b, block_class::caption, "a figure caption");
    }
    return outcome::decided;
}

/// A service page's sections are cards whose templates borrow the names of post metadata ("meta-block"):
/// there a heading, or a sentence, is the card's text, not a byline.
[[nodiscard]] bool card_text_on_service_page(const rule_context& r, const block_at& b) noexcept {
    return r.page.out.page_type == page_type::service &&
           (b.block.heading != 0 || b.features.counts.sentence_ends > 0 || b.features.counts.words >= r.paragraph_words());
}

/// An element named like a caption, outside any figure. Not on a service page: design systems name their
/// small type "caption" (a stat's label, a card's line), and such a page's figures are its cards.
outcome caption_by_name(rule_context& r, block_at& b) {
    if (!(b.hints & hint_caption) || r.page.out.page_type == page_type::service) return outcome::undecided;
    r.drop(b, block_class::caption, caption_by_element_name);
    return outcome::decided;
}

outcome title(rule_context& r, block_at& b) {
    page_state& s = r.page.state;
    if (s.title_found || !b.short_enough || !(b.block.heading || !r.body.started) || !s.is_title.matches(b.text))
        return outcome::undecided;
    s.title_found = true;
    r.drop(b, block_class::title, "the title");
    if (r.page.meta.title.empty() && r.page.out.title.empty()) r.page.out.title = std::string(b.text);
    return outcome::decided;
}

/// A date line: its date becomes the article's when it has none yet.
outcome date_line(rule_context& r, block_at& b) {
    const auto& date = r.page.state.signals.date(b.index, b.text);
    if (!date) return outcome::undecided;
    if (r.page.out.published.empty()) r.page.out.published = *date;
    r.drop(b, block_class::byline, "a date line");
    return outcome::decided;
}

/// Before the body (or in an element named for it): a byline, a dateline glued to the first paragraph (cut
/// off, the paragraph kept), a date line, an author or date element. After it: a short line that is a date
/// ("posted on April 21, 2015, at 11:29 a.m." below a standfirst).
outcome byline_or_dateline(rule_context& r, block_at& b) {
    const auto& t = r.tuning();
    const text_features& counts = b.features.counts;
    if (r.body.started && !(b.hints & hint_byline)) {
        if (counts.words <= t.date_line_max_words && b.short_enough && !b.block.in_table &&
            counts.sentence_ends <= t.late_date_max_sentence_ends)
            return date_line(r, b);
        return outcome::undecided;
    }
    if (b.index == r.page.state.byline_name) {
        r.drop(b, block_class::byline, "the name line of a byline over two lines");
        return outcome::decided;
    }
    if (b.short_enough && counts.words < t.byline_max_words) {
        if (const auto& by = r.page.state.signals.byline(b.index, b.text)) {
            classification& out = r.page.out;
            if (out.authors.empty()) out.authors = by->authors;
            if (by->date && out.published.empty()) out.published = *by->date;
            r.drop(b, block_class::byline, "a byline");
            return outcome::decided;
        }
        if (const auto by = split_byline(r.page, b.index)) {
            if (r.page.out.authors.empty()) r.page.out.authors = by->authors;
            r.page.state.byline_name = b.index + 1;
            r.drop(b, block_class::byline, "the label of a byline over two lines");
            return outcome::decided;
        }
    }
    if (const std::size_t dateline = leading_dateline(b.text); dateline > 0) {
        if (auto date = signals::find_date(b.text.substr(0, dateline)); date && r.page.out.published.empty())
            r.page.out.published = *date;
        std::string_view rest = b.text.substr(dateline);
        while (!rest.empty() && is_space_byte(rest.front())) rest.remove_prefix(1);
        if (r.page.analyzer.analyze(rest).words < r.paragraph_words()) {
            r.drop(b, block_class::byline, "a dateline");
            return outcome::decided;
        }
        b.decision.text = std::string(rest);
        b.decision.rewritten = true;  // the paragraph after its dateline, judged by the rules that follow
    } else if (counts.words <= t.date_line_max_words && b.short_enough) {
        if (date_line(r, b) == outcome::decided) return outcome::decided;
    }
    if ((b.hints & hint_byline) && counts.words < t.byline_element_max_words && !card_text_on_service_page(r, b)) {
        r.drop(b, block_class::byline, "an author or date element");
        return outcome::decided;
    }
    return outcome::undecided;
}

/// Named boilerplate inside the article (share bars, related boxes, ads between paragraphs).
outcome named_boilerplate(rule_context& r, block_at& b) {
    const std::uint32_t bad_hints = b.hints & boilerplate_hints & ~hint_header;
    if (!bad_hints) return outcome::undecided;
    r.drop(b, class_of_hints(bad_hints), "in an element named like boilerplate");
    return outcome::decided;
}

/// Whether a cell of the block's table row, before or after it, is text rather than a link.
[[nodiscard]] bool row_has_plain_cell(const block_tree& tree, std::uint32_t index) noexcept {
    const std::uint32_t row = tree.blocks[index].row;
    const auto plain = [&](std::uint32_t i) {
        const text_block& c = tree.blocks[i];
        return c.chars > 0 && c.link_chars * 2 < c.chars;
    };
    for (std::uint32_t i = index; i-- > 0 && tree.blocks[i].row == row;)
        if (plain(i)) return true;
    for (auto i = static_cast<std::size_t>(index) + 1; i < tree.blocks.size() && tree.blocks[i].row == row; ++i)
        if (plain(static_cast<std::uint32_t>(i))) return true;
    return false;
}

outcome identifiers(rule_context& r, block_at& b) {
    if (!b.features.identifiers) return outcome::undecided;
    r.drop(b, block_class::low_quality, "codes or hashes, not words");
    return outcome::decided;
}

outcome link_heavy(rule_context& r, block_at& b) {
    const block_features& f = b.features;
    if (b.block.row != 0 && b.block.in_link_only && f.counts.words <= r.tuning().data_cell_link_max_words &&
        row_has_plain_cell(r.page.tree, b.index))
        return outcome::undecided;
    // A service page's cards are links whose text is the offer itself ("Audit: our external audits
    // deliver insights that ..."): a sentence inside a link is its content there.
    if (r.page.out.page_type == page_type::service && f.counts.words >= r.paragraph_words() &&
        f.counts.sentence_ends + f.counts.commas > 0)
        return outcome::undecided;
    // Prose full of links (a paragraph citing its sources at every turn) is still prose: several sentences
    // of a paragraph's length, not all of it linked.
    if (f.counts.words >= r.paragraph_words() && f.counts.sentence_ends >= 1 && f.link_density < r.tuning().linked_prose_max_density)
        return outcome::undecided;
    if (!(f.link_density > r.page.tuning.features.navigation_link_density ||
          (f.counts.words < r.paragraph_words() && f.link_density > r.tuning().short_link_density)))
        return outcome::undecided;
    r.drop(b, b.block.in_link_only && f.siblings >= r.tuning().navigation_min_siblings ? block_class::navigation
                                                                                       : block_class::low_quality,
           mostly_link_text);
    return outcome::decided;
}

[[nodiscard]] bool sentence_like(const block_features& f) noexcept { return f.counts.sentence_ends + f.counts.commas > 0; }

/// A heading is judged by what follows it; one long enough to be a sentence is judged as text.
outcome heading(rule_context& r, block_at& b) {
    if (!b.block.heading || (b.features.counts.words >= r.tuning().heading_as_body_words && sentence_like(b.features)))
        return outcome::undecided;
    r.keep(b, verdict::heading, "a heading inside the article");
    return outcome::decided;
}

outcome body_text(rule_context& r, block_at& b) {
    const block_features& f = b.features;
    const bool sentence = sentence_like(f);
    if (!(f.counts.words >= r.paragraph_words() || (sentence && f.counts.words >= r.page.tuning.sizes.short_words) ||
          b.block.in_pre))
        return outcome::undecided;
    if ((b.hints & hint_header) && !sentence && f.counts.words < r.tuning().header_max_words) {
        r.drop(b, block_class::header, "in the article's header");
        return outcome::decided;
    }
    r.keep(b, verdict::good, "body text");
    r.body.started = true;
    r.body.words += f.counts.words;
    return outcome::decided;
}

outcome article_header(rule_context& r, block_at& b) {
    if (!(b.hints & hint_header)) return outcome::undecided;
    r.drop(b, block_class::header, "in the article's header");
    return outcome::decided;
}

outcome short_text(rule_context& r, block_at& b) {
    r.keep(b, verdict::short_text, "short text, judged with its neighbours");
    return outcome::decided;
}

struct named_rule {
    const char* name;
    block_rule apply;
};

/// The rules in the order they are asked. The order is part of the rules: structure before text signals
/// (a teaser never counts as a byline), signals before counts (a short credit line is not "short text"),
/// the title before bylines, names before link density, and short text last.
constexpr named_rule block_rules[] = {
    {"after the body's end", &after_body_end},
    {"in a dated-headline list", &in_dated_list},
    {"teaser", &teaser},
    {"listing headline", &listing_headline},
    {"item of a link list", &link_list_item},
    {"editor credit", &editor_credit},
    {"related heading", &related_heading},
    {"related link", &related_link},
    {"comment heading", &comment_heading},
    {"copyright line", &copyright_line},
    {"share text", &share_text},
    {"call to action", &call_to_action},
    {"consent notice", &consent_notice},
    {"figure caption", &figure_caption},
    {"caption by name", &caption_by_name},
    {"title", &title},
    {"byline or dateline", &byline_or_dateline},
    {"named boilerplate", &named_boilerplate},
    {"identifiers", &identifiers},
    {"link density", &link_heavy},
    {"heading", &heading},
    {"body text", &body_text},
    {"article header", &article_header},
    {"short text", &short_text},
};

/// Asks the rules of the table in order until one decides; each call is to a constant of the table, so the
/// compiler inlines the rules as if they were written one after another.
template <std::size_t... I>
void apply_in_order(rule_context& r, block_at& b, std::index_sequence<I...>) {
    (void)((block_rules[I].apply(r, b) == outcome::decided) || ...);
}

}  // namespace

std::span<const char* const> block_rule_names() {
    static constexpr auto names = [] {
        std::array<const char*, std::size(block_rules)> out{};
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = block_rules[i].name;
        return out;
    }();
    return names;
}

bool apply_block_rules(pass_context& c) {
    page_state& s = c.state;
    s.verdicts.assign(c.tree.blocks.size(), verdict::bad);
    rule_context r{c, {}};
    const double signal_max_words = c.tuning.rules.signal_max_words;
    for (std::uint32_t i = s.first; i < s.end; ++i) {
        if (c.out_of_time()) return false;
        const text_block& block = c.tree.blocks[i];
        const block_features& f = c.out.features[i];
        const std::string_view text = c.tree.text_of(block);
        block_at b{i, block, f, text, text.size() <= c.tuning.sizes.signal_max_bytes && f.counts.words <= signal_max_words,
                   s.inner_hints[block.node], c.out.decisions[i]};
        r.resume_at = i + 1;
        apply_in_order(r, b, std::make_index_sequence<std::size(block_rules)>{});
        i = r.resume_at - 1;
    }
    return true;
}

}  // namespace winnow::detail
