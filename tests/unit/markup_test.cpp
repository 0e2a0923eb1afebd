// Inline markup: what the block builder records, how URLs resolve, and how Markdown and HTML show it.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "article/markup.hpp"
#include "article/url.hpp"
#include "blocks/block_tree.hpp"
#include "winnow/extract.hpp"
#include "winnow/tokenizer.hpp"

namespace {

using winnow::inline_markup;
using winnow::markup_kind;
using winnow::detail::block_builder;
using winnow::detail::block_tree;
using winnow::detail::mark_kind;

block_tree build_with_markup(std::string_view html) {
    block_builder builder(winnow::limits{});
    builder.reset(winnow::limits{}, false, true);
    EXPECT_TRUE(winnow::tokenizer::tokenize(html, builder));
    EXPECT_FALSE(builder.finish());
    return builder.tree();
}

/// "kind:marked text" (or "image:source|alt") for each mark, in stored order.
std::vector<std::string> describe(const block_tree& t) {
    std::vector<std::string> out;
    for (const auto& m : t.marks) {
        const std::string_view text = t.text_of(t.blocks[m.block]).substr(m.begin, m.end - m.begin);
        switch (m.kind) {
            case mark_kind::link: out.push_back("link:" + std::string(text) + "->" + std::string(t.target_of(m))); break;
            case mark_kind::emphasis: out.push_back("em:" + std::string(text)); break;
            case mark_kind::strong: out.push_back("strong:" + std::string(text)); break;
            case mark_kind::code: out.push_back("code:" + std::string(text)); break;
            case mark_kind::image:
                out.push_back(std::string(m.own_line ? "own-line " : "") + "image:" + std::string(t.target_of(m)) + "|" +
                              std::string(t.alt_of(m)) + "@" + std::to_string(m.begin));
                break;
        }
    }
    return out;
}

using list = std::vector<std::string>;

TEST(markup_builder, keeps_links_emphasis_and_code_as_ranges_of_the_text_without_their_spaces) {
    const auto t = build_with_markup("<p>Read <a href=' /guide '> the guide </a>, <em>now</em> or <b>later</b>; "
                                     "call <code>run()</code>.</p>");
    ASSERT_EQ(t.blocks.size(), 1u);
    EXPECT_EQ(t.text_of(t.blocks[0]), "Read the guide , now or later; call run().");
    EXPECT_EQ(describe(t), (list{"link:the guide->/guide", "em:now", "strong:later", "code:run()"}));
}

TEST(markup_builder, leaves_out_anchors_script_links_and_code_inside_code_blocks) {
    const auto t = build_with_markup("<p><a href='#top'>up</a> <a href='JavaScript:go()'>go</a> <a>none</a></p>"
                                     "<pre><code>x = 1</code></pre>");
    EXPECT_TRUE(t.marks.empty());
}

TEST(markup_builder, markup_across_blocks_is_cut_at_each_block) {
    const auto t = build_with_markup("<a href='/card'><h3>Card title</h3><p>Card text</p></a>");
    ASSERT_EQ(t.blocks.size(), 2u);
    EXPECT_EQ(describe(t), (list{"link:Card title->/card", "link:Card text->/card"}));
}

TEST(markup_builder, an_image_between_blocks_stands_before_the_next_one) {
    const auto t = build_with_markup(
        "<p>Before.</p><img src='data:image/gif;base64,R0' data-src='/big.jpg' alt=' A cat '>"
        "<img src='/pixel.gif' width='1' height='1'><p>After <img srcset='/s.png 2x, /t.png 3x'> it.</p>");
    EXPECT_EQ(describe(t), (list{"own-line image:/big.jpg|A cat@0", "image:/s.png|@5"}));
}

TEST(markup_builder, a_gallery_before_any_text_gives_the_next_block_a_few_images) {
    std::string html;
    for (int i = 0; i < 50; ++i) html += "<img src='/g" + std::to_string(i) + ".jpg'>";
    const auto t = build_with_markup(html + "<p>Text.</p>");
    EXPECT_EQ(t.marks.size(), 8u);
}

TEST(markup_builder, keeps_nothing_unless_asked) {
    block_builder builder(winnow::limits{});
    ASSERT_TRUE(winnow::tokenizer::tokenize("<p><a href='/x'>link</a> <img src='/i.png'></p>", builder));
    ASSERT_FALSE(builder.finish());
    EXPECT_TRUE(builder.tree().marks.empty());
}

struct resolution {
    const char* reference;
    const char* expected;
};

TEST(url, references_resolve_against_the_base_as_rfc_3986_section_5_says) {
    const std::string base = "https://news.example/world/2024/story.html?page=2#top";
    const resolution cases[] = {
        {"https://other.example/x", "https://other.example/x"},
        {"mailto:desk@news.example", "mailto:desk@news.example"},
        {"//cdn.example/img.png", "https://cdn.example/img.png"},
        {"/about", "https://news.example/about"},
        {"photo.jpg", "https://news.example/world/2024/photo.jpg"},
        {"./photo.jpg", "https://news.example/world/2024/photo.jpg"},
        {"../2023/old.html", "https://news.example/world/2023/old.html"},
        {"../../../../up.html", "https://news.example/up.html"},
        {"a/./b/../c", "https://news.example/world/2024/a/c"},
        {"?page=3", "https://news.example/world/2024/story.html?page=3"},
        {"#comments", "https://news.example/world/2024/story.html?page=2#comments"},
        {"", "https://news.example/world/2024/story.html?page=2"},
        {"next\n.html", "https://news.example/world/2024/next.html"},
    };
    for (const auto& c : cases) EXPECT_EQ(winnow::detail::resolve_url(base, c.reference), c.expected) << c.reference;
    EXPECT_EQ(winnow::detail::resolve_url("https://news.example", "a.html"), "https://news.example/a.html");
    EXPECT_EQ(winnow::detail::resolve_url("", "/relative"), "/relative");   // no base: left as it is
    EXPECT_EQ(winnow::detail::scheme_of("HTTPS://a"), "HTTPS");
    EXPECT_EQ(winnow::detail::scheme_of("no/scheme:here"), "");
}

inline_markup mark(markup_kind kind, std::size_t begin, std::size_t end, std::string target = {}, std::string alt = {},
                   bool own_line = false) {
    return {kind, begin, end, std::move(target), std::move(alt), own_line};
}

TEST(markup, normalising_sorts_outer_before_inner_and_drops_crossing_marks) {
    std::vector<inline_markup> m = {mark(markup_kind::emphasis, 6, 10), mark(markup_kind::link, 0, 10, "/a"),
                                    mark(markup_kind::strong, 8, 14), mark(markup_kind::image, 0, 0, "/i.png")};
    winnow::detail::normalise_markup(m);
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0].kind, markup_kind::image);
    EXPECT_EQ(m[1].kind, markup_kind::link);
    EXPECT_EQ(m[2].kind, markup_kind::emphasis);
}

TEST(markup, markdown_and_html_write_each_kind) {
    const std::string text = "See the [docs] for run() and more.";
    std::vector<inline_markup> m = {mark(markup_kind::link, 4, 14, "https://x.example/a (b)"),
                                    mark(markup_kind::strong, 8, 14), mark(markup_kind::code, 19, 24),
                                    mark(markup_kind::emphasis, 29, 33), mark(markup_kind::image, 33, 33, "/i.png", "An [icon]")};
    EXPECT_EQ(winnow::detail::render_inline(text, m, {}, winnow::detail::markup_style::markdown),
              "See [the **\\[docs\\]**](https://x.example/a%20%28b%29) for `run()` and *more*![An \\[icon\\]](/i.png).");
    EXPECT_EQ(winnow::detail::render_inline(text, m, {}, winnow::detail::markup_style::html),
              "See <a href=\"https://x.example/a (b)\">the <strong>[docs]</strong></a> for <code>run()</code> and "
              "<em>more</em><img src=\"/i.png\" alt=\"An [icon]\">.");
    EXPECT_EQ(winnow::detail::render_inline(text, m, {.links = false, .images = false}, winnow::detail::markup_style::markdown),
              "See the **[docs]** for `run()` and *more*.");
}

TEST(markup, markdown_code_with_backticks_gets_a_longer_fence_and_the_line_start_stays_text) {
    const std::string text = "# a `tick` here";
    EXPECT_EQ(winnow::detail::render_inline(text, {mark(markup_kind::code, 2, 10)}, {}, winnow::detail::markup_style::markdown),
              "\\# `` a `tick` `` here");
}

constexpr std::string_view page = R"(<html><head><title>Markup</title></head><body><article>
<p>This paragraph has <a href="/docs/guide.html">a relative link</a>, some <em>emphasis</em> and <strong>bold words</strong>
in a sentence long enough to read as the text of an article about something.</p>
<figure><img src="img/photo.jpg" alt="A photo"><figcaption>The photo's caption, which is left out.</figcaption></figure>
<p>Another paragraph follows the figure, with enough words in it to be kept as body text of the article.</p>
</article></body></html>)";

winnow::extract_options at_url(bool keep_markup = true) {
    winnow::extract_options options;
    options.url = "https://site.example/news/story.html";
    options.keep_markup = keep_markup;
    return options;
}

TEST(markup_extract, links_resolve_against_the_page_url_and_a_figure_keeps_its_picture_without_its_caption) {
    auto a = winnow::extract(page, at_url());
    ASSERT_TRUE(a);
    ASSERT_EQ(a->paragraphs.size(), 2u);
    const auto& first = a->paragraphs[0].markup;
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(first[0].target, "https://site.example/docs/guide.html");
    EXPECT_EQ(a->paragraphs[0].text.substr(first[0].begin, first[0].end - first[0].begin), "a relative link");
    const auto& second = a->paragraphs[1].markup;
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].kind, markup_kind::image);
    EXPECT_TRUE(second[0].own_line);
    EXPECT_EQ(second[0].target, "https://site.example/news/img/photo.jpg");
    EXPECT_EQ(second[0].alt, "A photo");
    const std::string md = winnow::to_markdown(*a);
    EXPECT_NE(md.find("[a relative link](https://site.example/docs/guide.html)"), std::string::npos) << md;
    EXPECT_NE(md.find("![A photo](https://site.example/news/img/photo.jpg)\n\nAnother paragraph"), std::string::npos) << md;
    const std::string html = winnow::to_html(*a);
    EXPECT_NE(html.find("<figure><img src=\"https://site.example/news/img/photo.jpg\" alt=\"A photo\"></figure>\n<p>Another"),
              std::string::npos) << html;
}

TEST(markup_extract, the_text_and_json_do_not_depend_on_keeping_markup) {
    auto with = winnow::extract(page, at_url());
    auto without = winnow::extract(page, at_url(false));
    ASSERT_TRUE(with);
    ASSERT_TRUE(without);
    for (const auto& p : without->paragraphs) EXPECT_TRUE(p.markup.empty());
    with->stats.elapsed_us = without->stats.elapsed_us = 0;
    EXPECT_EQ(winnow::to_json(*with), winnow::to_json(*without));
    EXPECT_EQ(winnow::to_text(*with), winnow::to_text(*without));
}

}  // namespace
