// Outside the region, and just before it: blocks outside are boilerplate (of the kind their element's name
// says, when it says one); the title, bylines and datelines often sit just before the body, outside its
// container, and are looked for there.
#include <algorithm>

#include "classify/passes.hpp"
#include "signals/text_signals_internal.hpp"

namespace winnow::detail {
namespace {

/// Flattened text has no <title>: the title is the line above the first byline or dateline near the top,
/// and the body starts at that byline at the earliest.
void find_text_title(pass_context& c) {
    page_state& s = c.state;
    const auto& t = c.tuning.lead_in;
    auto& d = c.out.decisions;
    const std::uint32_t n = static_cast<std::uint32_t>(c.tree.blocks.size());
    const std::uint32_t limit = std::min<std::uint32_t>(n, s.first + t.text_title_reach);
    for (std::uint32_t k = 0; k < limit; ++k) {
        const std::string_view text = c.text_of(k);
        if (text.size() > c.tuning.sizes.signal_max_bytes) continue;
        const bool byline = c.out.features[k].counts.words < c.tuning.rules.byline_max_words &&
                            s.signals.byline(k, text).has_value();
        if (!byline && leading_dateline(text) == 0) continue;
        for (std::uint32_t above = k; above-- > 0;) {
            const std::string_view candidate = c.text_of(above);
            if (c.out.features[above].counts.words < t.text_title_min_words || candidate.size() > t.text_title_max_bytes)
                continue;
            d[above].decision = block_class::title;
            d[above].reason = "the title: the line above the byline";
            c.out.title = std::string(candidate);
            s.title_found = true;
            break;
        }
        for (std::uint32_t skipped = s.first; skipped < k; ++skipped) {
            if (d[skipped].decision == block_class::title) continue;
            d[skipped].decision = block_class::outside;
            d[skipped].reason = "above the byline: not the body";
        }
        if (s.first < k) s.first = k;
        if (s.end < s.first) s.end = s.first;
        s.lead_in_from = 0;
        break;
    }
}

}  // namespace

bool mark_outside(pass_context& c) {
    const page_state& s = c.state;
    auto& d = c.out.decisions;
    for (std::size_t i = 0; i < c.tree.blocks.size(); ++i) {
        if (i >= s.first && i < s.end) continue;
        d[i].decision = block_class::outside;
        d[i].reason = "outside the main content";
        const std::uint32_t hints = c.out.features[i].hints & boilerplate_hints;
        if (hints) {
            d[i].decision = class_of_hints(hints);
            d[i].reason = "outside the main content, in an element named like boilerplate";
        }
    }
    return true;
}

bool judge_lead_in(pass_context& c) {
    page_state& s = c.state;
    const auto& t = c.tuning.lead_in;
    auto& d = c.out.decisions;
    s.title_found = false;
    s.byline_name = no_block;
    s.lead_in_from = s.first > t.blocks_before ? s.first - t.blocks_before : 0;
    if (c.options.text_mode) find_text_title(c);
    for (std::uint32_t i = s.lead_in_from; i < s.first; ++i) {
        const std::string_view text = c.text_of(i);
        if (text.size() > c.tuning.sizes.signal_max_bytes) continue;
        if (d[i].decision == block_class::title) continue;
        if (!s.title_found && s.is_title.matches(text)) {
            d[i].decision = block_class::title;
            d[i].reason = "the title";
            s.title_found = true;
            if (c.meta.title.empty() && c.out.title.empty()) c.out.title = std::string(text);
            continue;
        }
        if (const auto& by = s.signals.byline(i, text)) {
            d[i].decision = block_class::byline;
            d[i].reason = "a byline before the body";
            if (c.out.authors.empty()) c.out.authors = by->authors;
            if (by->date && c.out.published.empty()) c.out.published = *by->date;
            continue;
        }
        if (const auto by = split_byline(c, i); by && i + 1 < s.first) {
            d[i].decision = d[i + 1].decision = block_class::byline;
            d[i].reason = d[i + 1].reason = "a byline over two lines before the body";
            if (c.out.authors.empty()) c.out.authors = by->authors;
            ++i;
            continue;
        }
        if (c.out.features[i].counts.words <= t.date_max_words) {
            if (const auto& date = s.signals.date(i, text)) {
                d[i].decision = block_class::byline;
                d[i].reason = "a date before the body";
                if (c.out.published.empty()) c.out.published = *date;
            }
        }
    }
    return true;
}

namespace {

/// Words of a text: runs of non-space bytes.
[[nodiscard]] std::size_t words_of(std::string_view text) noexcept {
    std::size_t words = 0;
    bool in_word = false;
    for (const char ch : text) {
        const bool space = is_space_byte(ch);
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

[[nodiscard]] bool ends_as_sentence(std::string_view text) noexcept {
    while (!text.empty() && is_space_byte(text.back())) text.remove_suffix(1);
    return !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
}

/// Whether the date's own characters are all digits and separators ("03/10/2023", not "March 10, 2023").
[[nodiscard]] bool written_in_digits(std::string_view date) noexcept {
    return std::none_of(date.begin(), date.end(), [](char ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; });
}

enum class shown_line : std::uint8_t { none, date, update };

/// Reads one block for the date a reader is shown: a short line with a date, not labelled as an update,
/// and not a sentence that mentions a date ("The offer is valid November 26 - December 3, 2025.").
shown_line read_shown_line(pass_context& c, std::uint32_t block, double max_other_words) {
    const auto& t = c.tuning.lead_in;
    const std::string_view text = c.text_of(block);
    if (text.size() > t.shown_date_max_bytes) return shown_line::none;
    const auto date = signals::detail::find_date_span(text);
    if (!date) return shown_line::none;
    const auto other_words =
        static_cast<double>(words_of(text.substr(0, date->begin)) + words_of(text.substr(date->end)));
    if (other_words > max_other_words) return shown_line::none;
    if (other_words > t.shown_date_sentence_words && ends_as_sentence(text)) return shown_line::none;
    if (signals::detail::ends_with_update_label(text.substr(0, date->begin))) {
        if (c.out.shown_updated.empty()) c.out.shown_updated = signals::detail::format_date(date->parts);
        return shown_line::update;
    }
    c.out.shown_date = signals::detail::format_date(date->parts);
    c.out.shown_date_numeric = written_in_digits(text.substr(date->begin, date->end - date->begin));
    return shown_line::date;
}

}  // namespace

bool find_shown_date(pass_context& c) {
    const auto& t = c.tuning.lead_in;
    const std::uint32_t title = c.state.title_block;
    if (c.options.text_mode || title == no_block) return true;
    const auto end = static_cast<std::uint32_t>(
        std::min<std::size_t>(c.tree.blocks.size(), std::size_t{title} + 1 + t.shown_date_blocks));
    constexpr double any_length = 1e9;   // the byte bound alone limits a line after the headline
    for (std::uint32_t i = title + 1; i < end; ++i)
        if (read_shown_line(c, i, any_length) == shown_line::date) return true;
    // A dateline above the headline, a short line of its own.
    for (std::uint32_t k = 1; k <= t.dateline_blocks_before && k <= title; ++k)
        if (read_shown_line(c, title - k, t.dateline_max_other_words) == shown_line::date) return true;
    return true;
}

bool find_late_byline(pass_context& c) {
    if (c.options.text_mode || !c.out.authors.empty() || !c.meta.authors.empty()) return true;
    if (c.out.page_type == winnow::page_type::forum) return true;   // a thread's names are its posters'
    const auto& d = c.out.decisions;
    std::uint32_t read = 0;
    for (std::uint32_t i = 0; i < c.tree.blocks.size() && read < c.tuning.lead_in.late_byline_max_blocks; ++i) {
        switch (d[i].decision) {
            case block_class::comments: case block_class::related: case block_class::dated_list:
            case block_class::advertisement: case block_class::footer: case block_class::navigation:
            case block_class::share: case block_class::consent: case block_class::caption:
            case block_class::hidden: case block_class::duplicate:
                continue;
            default: break;
        }
        const std::string_view text = c.text_of(i);
        if (text.size() > c.tuning.sizes.signal_max_bytes ||
            c.out.features[i].counts.words >= c.tuning.rules.byline_max_words)
            continue;
        ++read;
        if (const auto& by = c.state.signals.byline(i, text); by && !by->authors.empty()) {
            c.out.authors = by->authors;
            return true;
        }
        if (const auto by = split_byline(c, i); by && !by->authors.empty()) {
            c.out.authors = by->authors;
            return true;
        }
    }
    return true;
}

}  // namespace winnow::detail

