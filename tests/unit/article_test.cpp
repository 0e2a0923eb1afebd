#include "winnow/article.hpp"

#include <gtest/gtest.h>

#include "support/json.hpp"

namespace {

winnow::article sample() {
    winnow::article a;
    a.url = "https://example.com/a";
    a.title = "A \"quoted\" title";
    a.authors = {"Jane Doe", "呂棟"};
    a.published = "2024-05-09T00:11:46";
    a.language = "en";
    a.paragraphs = {{winnow::paragraph_kind::text, 0, false, "First line\nsecond line.", "", {}},
                    {winnow::paragraph_kind::heading, 2, false, "A heading", "", {}},
                    {winnow::paragraph_kind::list_item, 1, false, "item one", "", {}},
                    {winnow::paragraph_kind::list_item, 2, true, "nested", "", {}},
                    {winnow::paragraph_kind::quote, 0, false, "quoted words", "", {}},
                    {winnow::paragraph_kind::code, 0, false, "int x = 1;", "", {}},
                    {winnow::paragraph_kind::table_row, 1, false, "h1 | h2", "", {}},
                    {winnow::paragraph_kind::table_row, 0, false, "c1 | c2", "", {}},
                    {winnow::paragraph_kind::text, 0, false, "# not a heading\ttab\x01", "", {}}};
    a.stats.input_bytes = 1234;
    a.stats.encoding = "UTF-8";
    return a;
}

TEST(article, text_separates_paragraphs_with_a_blank_line) {
    winnow::article a;
    a.paragraphs = {{winnow::paragraph_kind::text, 0, false, "one", "", {}}, {winnow::paragraph_kind::text, 0, false, "two", "", {}}};
    EXPECT_EQ(a.text(), "one\n\ntwo");
    EXPECT_EQ(winnow::to_text(a), "one\n\ntwo\n");
}

TEST(article, json_is_one_valid_line_with_the_schema) {
    const std::string line = winnow::to_json(sample(), {.source = "page.html", .warc_record_id = {}, .comments = false});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const auto v = winnow::testing::json::parse(line);
    EXPECT_EQ(v.find("source")->string, "page.html");
    EXPECT_EQ(v.find("title")->string, "A \"quoted\" title");
    EXPECT_EQ(v.find("authors")->as_array()[1].string, "呂棟");
    EXPECT_TRUE(v.find("editor")->is_null());
    EXPECT_EQ(v.find("published")->string, "2024-05-09T00:11:46");
    EXPECT_EQ(v.find("page_type")->string, "article") << "never null: every page has a type";
    EXPECT_TRUE(v.find("posts")->as_array().empty()) << "posts on threads only, always an array";
    EXPECT_EQ(v.find("paragraphs")->as_array().size(), 9u);
    EXPECT_EQ(v.find("paragraphs")->as_array()[8].string, "# not a heading\ttab\x01");
    EXPECT_EQ(v.find("text")->string.substr(0, 24), "First line\nsecond line.\n");
    const auto* stats = v.find("stats");
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->find("input_bytes")->number, 1234);
    EXPECT_EQ(stats->find("encoding")->string, "UTF-8");
    for (const char* field : {"url", "language", "site", "blocks", "kept", "elapsed_us"})
        EXPECT_TRUE(v.find(field) || stats->find(field)) << field;
}

TEST(article, json_gives_each_post_its_author_time_and_paragraphs) {
    winnow::article a = sample();
    a.page_type = winnow::page_type::forum;
    a.posts = {{"stargazer", "2025-03-03T10:00:00", 0, 2}, {"", "", 2, 3}};
    const auto v = winnow::testing::json::parse(winnow::to_json(a));
    EXPECT_EQ(v.find("page_type")->string, "forum");
    const auto& posts = v.find("posts")->as_array();
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0].find("author")->string, "stargazer");
    EXPECT_EQ(posts[0].find("published")->string, "2025-03-03T10:00:00");
    EXPECT_EQ(posts[0].find("paragraphs")->as_array()[1].number, 2);
    EXPECT_TRUE(posts[1].find("author")->is_null());
    EXPECT_EQ(posts[1].find("paragraphs")->as_array()[0].number, 2);
}

TEST(article, markdown_keeps_the_structure) {
    const std::string md = winnow::to_markdown(sample());
    EXPECT_NE(md.find("# A \"quoted\" title\n"), std::string::npos);
    EXPECT_NE(md.find("*By Jane Doe, 呂棟 · 2024-05-09T00:11:46*\n\nFirst line"), std::string::npos) << "one blank line";
    EXPECT_NE(md.find("First line  \nsecond line."), std::string::npos);
    EXPECT_NE(md.find("\n## A heading\n"), std::string::npos);
    EXPECT_NE(md.find("- item one\n  1. nested"), std::string::npos);
    EXPECT_NE(md.find("> quoted words"), std::string::npos);
    EXPECT_NE(md.find("```\nint x = 1;\n```"), std::string::npos);
    winnow::article coded = sample();
    for (auto& p : coded.paragraphs)
        if (p.kind == winnow::paragraph_kind::code) p.language = "cpp";
    EXPECT_NE(winnow::to_markdown(coded).find("```cpp\nint x = 1;\n```"), std::string::npos) << "the code's language";
    EXPECT_NE(md.find("| h1 | h2 |\n|---|---|\n| c1 | c2 |"), std::string::npos);
    EXPECT_NE(md.find("\\# not a heading"), std::string::npos);
}

TEST(article, html_is_a_document_with_semantic_elements_and_escaped_text) {
    winnow::article a = sample();
    a.paragraphs.push_back({winnow::paragraph_kind::list_item, 1, false, "after <the> table", "", {}});
    a.paragraphs.push_back({winnow::paragraph_kind::list_item, 1, true, "an ordered list & its item", "", {}});
    a.paragraphs.push_back({winnow::paragraph_kind::table_row, 0, false, "a | b", "", {}});
    a.paragraphs[0].markup = {{winnow::markup_kind::link, 0, 5, "https://example.com/?a=1&b=2", "", false},
                              {winnow::markup_kind::image, 0, 0, "/i.png", "An \"image\"", true}};
    const std::string html = winnow::to_html(a);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 0), 0u) << html;
    EXPECT_NE(html.find("<title>A &quot;quoted&quot; title</title>"), std::string::npos);
    EXPECT_NE(html.find("<meta name=\"author\" content=\"Jane Doe, 呂棟\">"), std::string::npos);
    EXPECT_NE(html.find("<meta name=\"date\" content=\"2024-05-09T00:11:46\">"), std::string::npos);
    EXPECT_NE(html.find("<h1>A &quot;quoted&quot; title</h1>\n<figure><img src=\"/i.png\" alt=\"An &quot;image&quot;\"></figure>\n"
                        "<p><a href=\"https://example.com/?a=1&amp;b=2\">First</a> line<br>\nsecond line.</p>\n"
                        "<h2>A heading</h2>\n"
                        "<ul>\n<li>item one<ol>\n<li>nested</li>\n</ol>\n</li>\n</ul>\n"
                        "<blockquote>\n<p>quoted words</p>\n</blockquote>\n"
                        "<pre><code>int x = 1;</code></pre>\n"
                        "<table>\n<thead>\n<tr><th>h1</th><th>h2</th></tr>\n</thead>\n<tbody>\n<tr><td>c1</td><td>c2</td></tr>\n"
                        "</tbody>\n</table>\n"
                        "<p># not a heading\ttab\x01</p>\n"
                        "<ul>\n<li>after &lt;the&gt; table</li>\n</ul>\n<ol>\n<li>an ordered list &amp; its item</li>\n</ol>\n"
                        "<table>\n<tbody>\n<tr><td>a</td><td>b</td></tr>\n</tbody>\n</table>\n"
                        "</article>\n</body>\n</html>\n"),
              std::string::npos)
        << html;
}

TEST(article, markdown_shows_links_and_images_unless_told_not_to) {
    winnow::article a = sample();
    a.paragraphs[0].markup = {{winnow::markup_kind::link, 0, 5, "https://example.com/x", "", false},
                              {winnow::markup_kind::image, 0, 0, "/i.png", "alt", true}};
    a.paragraphs[2].markup = {{winnow::markup_kind::image, 0, 0, "/li.png", "", true},
                              {winnow::markup_kind::emphasis, 5, 8, "", "", false}};
    const std::string md = winnow::to_markdown(a);
    EXPECT_NE(md.find("![alt](/i.png)\n\n[First](https://example.com/x) line  \nsecond line."), std::string::npos) << md;
    EXPECT_NE(md.find("- ![](/li.png) item *one*\n"), std::string::npos) << md;
    const std::string plain = winnow::to_markdown(a, {.links = false, .images = false});
    EXPECT_NE(plain.find("*\n\nFirst line  \nsecond line."), std::string::npos) << plain;
    EXPECT_NE(plain.find("- item *one*\n"), std::string::npos) << plain;
}

}  // namespace
