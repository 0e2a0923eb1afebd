// winnow/explanation.hpp — why each block of a page was kept or dropped.
//
// The classifier gives every block of a page a class (content, or the kind of boilerplate it is) and the
// rule that decided, in words. extract() fills an explanation when asked; `winnow extract --explain`,
// `--explain-json` and `--explain-html` print it. The classes are stable names (to_string) that tools may
// match on; the reasons are for people and may change.
//
//     winnow::explanation why;
//     auto a = winnow::extract(page, {}, &why);
//     for (const auto& b : why.blocks)
//         if (!b.kept) std::cout << winnow::to_string(b.decision) << ": " << b.reason << "\n";
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

/// Why a block was kept or dropped: what `winnow extract --explain` shows.
enum class block_class : std::uint8_t {
    content,
    title,             ///< the article's title (kept as metadata, not in the body)
    byline,            ///< author or date line (kept as metadata)
    editor_credit,     ///< "责任编辑：…", "Editing by …" (kept as metadata; ends the body)
    navigation,        ///< menus, breadcrumbs, pagination, link lists
    header,            ///< site header
    footer,            ///< site footer, copyright and licence lines, ICP numbers
    share,             ///< share and social bars
    consent,           ///< cookie and consent banners
    comments,          ///< comment sections
    related,           ///< "related", "recommended", "read more", "latest news", "hot" lists and their headings
    dated_list,        ///< lists of headline + timestamp + channel
    advertisement,
    caption,           ///< figure captions (dropped unless asked for)
    hidden,            ///< hidden by markup (hidden, aria-hidden, display:none)
    outside,           ///< outside the main content and not otherwise recognised
    low_quality,       ///< too short or too link-heavy to be body text, judged with its neighbours
    duplicate,         ///< repeats a paragraph already kept
};

[[nodiscard]] std::string_view to_string(block_class c) noexcept;

struct block_report {
    std::size_t index = 0;
    std::string path;            ///< tag path, e.g. "body>div.main>article>p"
    std::string text;            ///< the block's text
    std::size_t offset = 0;      ///< byte offset of the block's first token in the decoded page (HTML mode), or line number (text mode)
    double words = 0;            ///< script-aware word count (Han and Kana weighted)
    double text_density = 0;     ///< words per 80-column wrapped line
    double link_density = 0;     ///< share of the text inside links
    double punctuation_density = 0;
    double tag_density = 0;      ///< inline tags per word
    double position = 0;         ///< place in the page, 0 (first block) to 1 (last)
    std::size_t siblings = 0;    ///< blocks of the page whose element and parent are named the same way
    double score = 0;            ///< the content score the classifier gave it
    bool kept = false;
    block_class decision = block_class::content;
    std::string reason;          ///< the rule that decided, in words
};

struct explanation {
    std::string mode;            ///< "html" or "text"
    std::string encoding;
    std::string container;       ///< the path of the main content container
    std::string page_type;       ///< the page's type (page_type.hpp's names)
    std::string page_type_reason;    ///< why: the metadata or the structure that decided, in words
    std::vector<block_report> blocks;
};

/// The explanation as JSON lines, one object per block: {"source"?, "index", "kept", "class", "words",
/// "text_density", "link_density", "punctuation_density", "tag_density", "position", "siblings", "score",
/// "offset", "reason", "path", "text"}.
[[nodiscard]] std::string to_json_lines(const explanation& why, std::string_view source = {});

/// The article's metadata, for the report's summary (empty fields are left out).
struct report_metadata {
    std::string_view authors;     ///< the authors, joined ("Jane Doe, John Roe")
    std::string_view published;
    std::string_view language;
    std::string_view site;
};

/// An HTML report of the page's blocks, removed ones struck through and labelled with their class: a
/// summary first (blocks kept and removed, by class; the metadata found; the page type and why), a legend
/// of the classes, and a switch that hides the removed blocks (CSS only, no script).
[[nodiscard]] std::string render_explanation_html(const explanation& why, std::string_view title,
                                                  const report_metadata& found = {});

/// One line on what a class of blocks is, for legends.
[[nodiscard]] std::string_view describe(block_class c) noexcept;

}  // namespace winnow
