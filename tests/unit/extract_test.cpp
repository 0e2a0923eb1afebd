// The extractor as a whole: what extract() and its explanations promise whatever page comes, and whatever
// page came before (an extractor keeps its buffers between pages).
#include "winnow/extract.hpp"

#include <gtest/gtest.h>

#include <string>

#include "winnow/encoding.hpp"

namespace {

const std::string article_page =
    "<html><head><title>Harbour ferry</title></head><body><nav><a href=/>Home</a> <a href=/n>News</a></nav>"
    "<article><h1>Harbour ferry</h1><p>The harbour ferry leaves at seven every morning, and it returns at noon "
    "when the weather allows it.</p><p>Tickets are sold on board, and children under six travel free of "
    "charge all year.</p></article></body></html>";

TEST(extract, a_page_without_blocks_after_a_page_with_many_explains_itself) {
    winnow::extractor x;
    winnow::explanation why;
    ASSERT_TRUE(x.extract(article_page, {}, &why));
    EXPECT_FALSE(why.blocks.empty());
    EXPECT_NE(why.container, "(root)");
    // No blocks at all: the previous page's container must not be looked up in this page's tree.
    winnow::extract_options html;
    html.mode = winnow::input_mode::html;
    for (const char* empty : {"", "<html></html>", "<script>only()</script>", "<div hidden>x</div>"}) {
        auto a = x.extract(empty, html, &why);
        ASSERT_TRUE(a) << empty;
        EXPECT_TRUE(a->paragraphs.empty()) << empty;
        EXPECT_TRUE(why.blocks.empty()) << empty;
        EXPECT_EQ(why.container, "(root)") << empty;
        EXPECT_FALSE(winnow::to_json_lines(why).size() > 0) << empty;
        EXPECT_FALSE(winnow::render_explanation_html(why, "t").empty());
    }
    // And the extractor still works afterwards.
    auto again = x.extract(article_page, {}, &why);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->paragraphs.size(), 2u);
}

TEST(extract, explanations_cut_long_names_at_a_character_boundary) {
    // Class names of multi-byte characters, longer than the 40 bytes a label keeps of them.
    std::string names;
    for (int i = 0; i < 30; ++i) names += "\xE6\x96\x87";   // 文
    const std::string page = "<div class='" + names + "' id='\xC3\xA9t\xC3\xA9" + names + "'><p>" +
                             "The harbour ferry leaves at seven every morning, and it returns at noon.</p></div>";
    winnow::explanation why;
    ASSERT_TRUE(winnow::extract(page, {}, &why));
    ASSERT_FALSE(why.blocks.empty());
    for (const auto& b : why.blocks) EXPECT_TRUE(winnow::is_valid_utf8(b.path)) << b.path;
    EXPECT_TRUE(winnow::is_valid_utf8(why.container));
    EXPECT_TRUE(winnow::is_valid_utf8(winnow::to_json_lines(why)));
    EXPECT_TRUE(winnow::is_valid_utf8(winnow::render_explanation_html(why, "t")));
}

}  // namespace
