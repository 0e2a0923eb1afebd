// Linear time on every construct: for each kind of markup an adversary can repeat (dropped subtrees, deep
// nesting, short blocks, "related" boxes, stray end tags, character references, flattened text, ...), the
// whole extraction of a page with 8n copies must cost about 8 times the page with n copies, never 64.
//
// What is asserted is a ratio of CPU time measured in this process (the thread's own clock, the least of
// several rounds that measure the two pages in turn), never an absolute time: a quadratic walk gives up to
// 64 at 8n, a linear one about 8, and the bound of 16 sits between them with room for noise. (At 8n rather
// than 4n a quadratic term shows even where it is a sixth of the cost at n, so the pages can stay small
// enough for sanitizer builds.) Each case is a row of the table; a new construct is a new row.
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "winnow/extract.hpp"

namespace {

/// One construct: the page is prefix + unit × n + suffix.
struct construct {
    const char* name;
    std::string_view prefix;
    std::string_view unit;
    std::string_view suffix;
    winnow::input_mode mode = winnow::input_mode::automatic;
};

const construct constructs[] = {
    // Subtrees whose content is dropped, opened and never closed.
    {"svg_unclosed", "<p>text</p>", "<svg>", ""},
    {"svg_groups", "<p>text</p><svg>", "<g><path d='M0 0'>", "</svg>"},
    {"ruby_annotations", "<p>", "<ruby>x<rt>y", "</p>"},
    {"select_options", "<p>", "<select><option>o", ""},
    {"template_unclosed", "", "<template>", ""},
    {"hidden_unclosed", "", "<div hidden>", ""},
    {"aria_hidden_unclosed", "", "<div aria-hidden=true>", ""},
    {"display_none_unclosed", "", "<span style='display:none'>", ""},
    {"script_in_hidden", "<div hidden>", "<script>x</script><b>", ""},
    // Deep nesting of every kind of element.
    {"divs_unclosed", "", "<div>", "text"},
    {"divs_with_text", "", "<div>some words here", ""},
    {"spans_unclosed", "<p>", "<span>", "text"},
    {"links_unclosed", "<div><div><div>", "<a href=x>a", ""},
    {"links_in_deep_divs", "<div><div><div><div><div><div><div><div>", "<a href=x>word</a> ", ""},
    {"bold_unclosed", "<p>", "<b>w ", ""},
    {"lists_nested", "", "<ul><li>item", ""},
    {"list_items", "<ul>", "<li>item", "</ul>"},
    {"tables_nested", "", "<table><tr><td>", "x"},
    {"table_cells", "<table>", "<tr><td>a<td>b", "</table>"},
    {"paragraph_in_tables", "<p>", "<table><td><p>", ""},
    {"divs_after_p_in_table", "<p><table>", "<div>x", ""},
    {"headings_nested", "", "<h2><h3>", "x"},
    {"blockquotes", "", "<blockquote>q", ""},
    {"unknown_elements", "", "<x-widget>", "text"},
    {"unknown_mixed_names", "", "<x-a><x-b></x-c>", ""},
    // End tags with nothing, or something deep, to match.
    {"stray_end_tags", "<div><div><div><span><span>", "</x></p></li>", ""},
    {"end_tags_deep_stack", "<div><div><div><div><div><div><div><div><span><span><span>", "</em>", ""},
    {"closing_divs", "", "<div>x</div>", ""},
    // Short blocks, judged by their neighbours.
    {"short_paragraphs", "", "<p>x</p>", ""},
    {"short_divs", "", "<div>ab</div>", ""},
    {"short_between_long", "",
     "<p>A paragraph of body text that reads like a sentence, with a comma.</p><p>x</p>", ""},
    {"headings_between_short", "", "<h2>h</h2><p>x</p>", ""},
    {"related_headings_with_lists", "<p>A paragraph of body text that reads like a sentence, with a comma.</p>",
     "<h3>Related</h3><ul><li><a href=x>link</a></ul><p>More body text that reads like a sentence, a comma.</p>",
     ""},
    {"related_boxes_nested", "", "<div><h3>Related articles</h3><div>", "text"},
    {"dated_headlines", "", "<p>Some headline 2024-05-09 12:00</p>", ""},
    {"date_lines_between_posts", "",
     "<div class=post><p>2024-05-09</p><p>A paragraph of body text that reads like a sentence, with a comma, "
     "and then some more words to make it long enough to count as a post body.</p></div>",
     ""},
    {"bylines", "", "<p>By John Smith</p>", ""},
    {"editor_credits", "", "<p>Editing by Jane Doe</p>", ""},
    {"link_lists", "", "<li><a href=x>one link</a></li>", ""},
    {"teasers", "", "<li><a href=x>A linked headline here</a></li><li>Its summary, in a sentence.</li>", ""},
    {"captions", "", "<figure><figcaption>cap</figcaption></figure>", ""},
    {"titles_everywhere", "<title>The title</title>", "<h1>The title</h1>", ""},
    // JSON-LD authors given as references, each looked up across the document.
    {"json_ld_author_references", "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"author\":[",
     "{\"@id\":\"#p\"},", "{}]}</script><p>text</p>"},
    // The <noscript> markup of a page without other text is read a second time, once.
    {"noscript_markup", "<body><noscript>", "<div class=post><p>A reply, with a comma.</p>", "</noscript>"},
    {"noscripts_many", "<body>", "<noscript><p>A reply, with a comma.</p></noscript>", ""},
    // A page whose text is all hidden is read a second time, once, with the hiding markup ignored.
    {"hidden_text", "<body><div hidden>", "<p>A step, with a comma.</p>", "</div>"},
    // Collapsed panels their controls open, and hidden elements asked whether a control opens them.
    {"collapsible_panels", "<body>",
     "<button aria-controls=p aria-expanded=false>Q</button><div id=p hidden><p>An answer, with a comma.</p></div>", ""},
    {"hidden_ids", "<body><a aria-controls=x aria-expanded=false>more</a>", "<div id=y hidden>z</div><p>x</p>", ""},
    // The tokenizer's own constructs.
    {"character_references", "<p>", "&amp;&#x41;&notin;&#1234567;&", "</p>"},
    {"comments_unclosed", "<p>", "<!-- -- --!", ""},
    {"comments", "", "<!-- c -->", ""},
    {"attributes", "", "<p a=1 b=2 c=3 d=4 e=5>", "x"},
    {"unquoted_attribute_soup", "<div class=", "a&amp;b", ">x"},
    {"doctype_soup", "", "<!DOCTYPE x PUBLIC \"a\" \"b\">", ""},
    {"less_than_signs", "<p>", "a < b <1 <= ", ""},
    {"script_escapes", "<script>", "<!--<script>", ""},
    {"cdata_in_svg", "<svg>", "<![CDATA[x]]>", ""},
    {"long_class_names", "", "<div class='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbb'>x</div>", ""},
    // Metadata the collector reads.
    {"meta_tags", "<head>", "<meta name=author content=x><meta property=og:title content=t>", ""},
    {"json_ld_big", "<script type=application/ld+json>{\"headline\":\"", "word ", "\"}</script>"},
    {"json_ld_nested", "<script type=application/ld+json>", "[{\"a\":", ""},
    {"json_ld_scripts", "", "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"author\":\"x\"}</script>", ""},
    {"time_elements", "", "<time datetime=2024-05-09>May</time>", ""},
    // Flattened text, one block per line.
    {"text_lines", "", "A line of flattened text.\n", "", winnow::input_mode::text},
    {"text_short_lines", "", "xy z\n", "", winnow::input_mode::text},
    {"text_tag_residue", "", "<a<a", "", winnow::input_mode::text},
    {"text_long_line", "", "word ", "", winnow::input_mode::text},
    {"text_pinyin_residue", "", "英偉達(dá)", "", winnow::input_mode::text},
    {"text_bylines", "", "By John Smith\n", "", winnow::input_mode::text},
    // Plain text without markup.
    {"one_long_word", "<p>", "x", ""},
    {"cjk_text", "<p>", "中文字符", ""},
    {"whitespace", "<p>", " \n\t", "x"},
};

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string page_of(const construct& c, std::size_t copies) {
    std::string page(c.prefix);
    page.reserve(c.prefix.size() + c.unit.size() * copies + c.suffix.size());
    for (std::size_t i = 0; i < copies; ++i) page += c.unit;
    page += c.suffix;
    return page;
}

/// CPU seconds of one extraction of the page (with its explanation), from one measuring run: short
/// extractions are repeated until the run lasts long enough to measure.
double one_run_cost(winnow::extractor& x, const std::string& page, const construct& c) {
    winnow::extract_options options;
    options.mode = c.mode;
    int runs = 0;
    const double start = thread_cpu_seconds();
    double elapsed = 0;
    do {
        winnow::explanation why;
        auto a = x.extract(page, options, &why);
        EXPECT_TRUE(a) << c.name << ": " << (a ? "" : a.error().message());
        ++runs;
        elapsed = thread_cpu_seconds() - start;
    } while (elapsed < 0.02);
    return elapsed / runs;
}

/// The least cost of each page over several rounds, the two pages measured in turn in every round: a
/// noisy stretch of the machine (another process on the core, a slower clock) then weighs on both rather
/// than on one side of the ratio.
std::pair<double, double> least_costs(winnow::extractor& x, const std::string& small, const std::string& large,
                                      const construct& c) {
    constexpr int rounds = 5;
    double best_small = 1e300, best_large = 1e300;
    for (int round = 0; round < rounds; ++round) {
        best_small = std::min(best_small, one_run_cost(x, small, c));
        best_large = std::min(best_large, one_run_cost(x, large, c));
    }
    return {best_small, best_large};
}

void PrintTo(const construct& c, std::ostream* os) { *os << c.name; }

class Scaling : public ::testing::TestWithParam<construct> {};

/// Whether CPU time says anything of the algorithm in this build: under AddressSanitizer every access goes
/// through shadow memory, and the ratios are the sanitizer's. There the test extracts both pages once
/// (each construct still runs under the sanitizers); the optimised build asserts the ratio.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool ratios_measured = false;
#else
constexpr bool ratios_measured = true;
#endif

TEST_P(Scaling, EightTimesThePageCostsAboutEightTimesTheTime) {
    const construct& c = GetParam();
    // n copies make a page of about 32 KiB; 8n about 256 KiB (inside every default limit).
    const std::size_t n = std::max<std::size_t>(1, (32u << 10) / c.unit.size());
    winnow::extractor x;
    const std::string small = page_of(c, n);
    const std::string large = page_of(c, 8 * n);
    if (!ratios_measured) {
        winnow::extract_options options;
        options.mode = c.mode;
        EXPECT_TRUE(x.extract(small, options)) << c.name;
        EXPECT_TRUE(x.extract(large, options)) << c.name;
        return;
    }
    (void)one_run_cost(x, large, c);   // warm the extractor's buffers
    const auto [t1, t8] = least_costs(x, small, large, c);
    const double ratio = t8 / t1;
    std::printf("%-30s n %7zu: %8.3f ms, 8n: %8.3f ms, ratio %.2f\n", c.name, n, t1 * 1e3, t8 * 1e3, ratio);
    // Linear work gives about 8; quadratic up to 64.
    EXPECT_LT(ratio, 16.0) << c.name << ": 8n copies cost " << ratio << " times n copies";
}

INSTANTIATE_TEST_SUITE_P(Constructs, Scaling, ::testing::ValuesIn(constructs),
                         [](const ::testing::TestParamInfo<construct>& row) { return std::string(row.param.name); });

}  // namespace
