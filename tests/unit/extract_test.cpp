// The extractor as a whole: what extract() and its explanations promise whatever page comes, and whatever
// page came before (an extractor keeps its buffers between pages).
#include "winnow/extract.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <cstdint>
#include <string>
#include <vector>

#include "deadline.hpp"
#include "support/paths.hpp"
#include "winnow/encoding.hpp"
#include "winnow/error.hpp"
#include "winnow/metadata.hpp"
#include "winnow/tokenizer.hpp"

namespace {

/// A sample page of tests/data/pages (plain files; the core's tests read no gzip).
std::string sample(const char* name) {
    std::ifstream in(winnow::testing::source_dir() / "tests/data/pages" / name, std::ios::binary);
    EXPECT_TRUE(in) << name;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

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

TEST(extract, the_html_report_opens_with_a_summary_a_legend_and_a_switch_for_removed_blocks) {
    winnow::explanation why;
    const auto a = winnow::extract(article_page, {}, &why);
    ASSERT_TRUE(a);
    const std::string report =
        winnow::render_explanation_html(why, a->title, {.authors = "Jane Doe", .published = "2025-03-03", .language = "en", .site = {}});
    EXPECT_NE(report.find("2 of " + std::to_string(why.blocks.size()) + " blocks kept"), std::string::npos) << report;
    EXPECT_NE(report.find("<th>removed</th><td>"), std::string::npos) << report;
    EXPECT_NE(report.find("<th>authors</th><td>Jane Doe</td>"), std::string::npos);
    EXPECT_NE(report.find("<th>published</th><td>2025-03-03</td>"), std::string::npos);
    EXPECT_EQ(report.find("<th>site</th>"), std::string::npos) << "an empty field is left out";
    EXPECT_NE(report.find("<th>page type</th>"), std::string::npos);
    EXPECT_NE(report.find(std::string(winnow::describe(winnow::block_class::navigation))), std::string::npos) << "the legend";
    EXPECT_NE(report.find("hide removed blocks"), std::string::npos);
    EXPECT_NE(report.find("#hide:checked~.blocks .drop{display:none}"), std::string::npos);
}

TEST(extract, the_comment_section_is_given_apart_when_asked_for) {
    const std::string page =
        "<html><head><title>Harbour ferry</title></head><body><article><h1>Harbour ferry</h1><p>The harbour ferry "
        "leaves at seven every morning, and it returns at noon when the weather allows it.</p><p>Tickets are sold "
        "on board, and children under six travel free of charge all year.</p></article><section class=comments>"
        "<h2>3 Comments</h2><div class=comment><p>I took it last week and the crossing was calm and quick, lovely.</p>"
        "</div><div class=comment><p>The noon return is often late in winter, plan for that when you go.</p></div>"
        "</section></body></html>";
    winnow::extract_options options;
    const auto plain = winnow::extract(page, options);
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->comments.empty());
    EXPECT_EQ(winnow::to_json(*plain).find("\"comments\""), std::string::npos) << "the default output is unchanged";
    options.include_comments = true;
    const auto with = winnow::extract(page, options);
    ASSERT_TRUE(with);
    EXPECT_EQ(with->text(), plain->text()) << "comments never join the body";
    ASSERT_GE(with->comments.size(), 2u);
    EXPECT_NE(with->comments.back().find("noon return is often late"), std::string::npos);
    const std::string json = winnow::to_json(*with, {.source = {}, .warc_record_id = {}, .comments = true});
    EXPECT_NE(json.find("\"comments\":[\""), std::string::npos) << json;
    EXPECT_NE(winnow::to_markdown(*with).find("## Comments\n\n"), std::string::npos);
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

/// A page of `paragraphs` short paragraphs: linear work, but a lot of it.
std::string many_paragraphs(std::size_t paragraphs) {
    std::string page = "<html><body>";
    for (std::size_t i = 0; i < paragraphs; ++i) page += "<p>A short paragraph, one of many.</p>";
    return page;
}

TEST(extract, a_page_past_its_time_budget_is_a_timeout) {
    winnow::extract_options options;
    options.limits.max_page_ms = 1;
    // Four megabytes take tens of milliseconds on any machine: far more than one.
    const std::string page = many_paragraphs(110'000);
    for (auto mode : {winnow::input_mode::html, winnow::input_mode::text}) {
        options.mode = mode;
        auto a = winnow::extract(page, options);
        ASSERT_FALSE(a);
        EXPECT_EQ(a.error(), winnow::errc::timeout);
        EXPECT_EQ(a.error(), winnow::condition::limit_exceeded);   // so the worker dead-letters it
        EXPECT_EQ(winnow::error_name(a.error()), "timeout");
    }
    // Without a budget the same page extracts.
    options.limits.max_page_ms = 0;
    options.mode = winnow::input_mode::html;
    EXPECT_TRUE(winnow::extract(page, options));
}

TEST(extract, the_tokenizer_stops_at_its_deadline) {
    struct counting_sink final : winnow::token_sink {
        std::size_t tokens = 0;
        void on_token(const winnow::token&) override { ++tokens; }
    } sink;
    winnow::tokenizer_options options;
    options.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);   // already passed
    auto r = winnow::tokenizer::tokenize(many_paragraphs(1000), sink, options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), winnow::errc::timeout);
    EXPECT_LT(sink.tokens, 10u);   // it stops at once, not at the end
}

TEST(deadline, passes_only_when_set_and_past) {
    using winnow::detail::deadline;
    const auto now = deadline::clock::now();
    deadline none;
    for (int i = 0; i < 1000; ++i) EXPECT_FALSE(none.passed());
    deadline zero = deadline::after(0, now);   // 0 is no bound
    EXPECT_FALSE(zero.passed());
    EXPECT_EQ(zero.at(), deadline::clock::time_point::max());
    deadline huge = deadline::after(std::size_t{1} << 40, now);   // past a day: no bound, and no overflow
    EXPECT_EQ(huge.at(), deadline::clock::time_point::max());
    deadline past(now - std::chrono::milliseconds(1));
    EXPECT_TRUE(past.passed());   // the first question reads the clock
    EXPECT_TRUE(past.passed());   // and once passed it stays passed
    deadline future = deadline::after(60'000, now);
    for (int i = 0; i < 1000; ++i) EXPECT_FALSE(future.passed());
}

TEST(binary_input, detection_spares_real_text) {
    using winnow::looks_binary;
    EXPECT_FALSE(looks_binary("<html>\t\r\n\f plain </html>"));
    EXPECT_FALSE(looks_binary(std::string("\xff\xfe<\0h\0", 6))) << "UTF-16LE with a byte-order mark";
    EXPECT_FALSE(looks_binary(std::string("<\0h\0t\0", 6), "utf-16le"));
    EXPECT_FALSE(looks_binary("\x1b$B%F%9%H\x1b(B")) << "ISO-2022-JP escapes";
    EXPECT_TRUE(looks_binary(std::string("<html>\0</html>", 14)));
    EXPECT_TRUE(looks_binary("\x01\x02\x03\x04\x05 abcdef"));
    // The scan goes eight bytes at a time: a NUL or controls anywhere in a word, or in the tail, still count.
    std::string nul_late(100, 'a');
    nul_late[57] = '\0';
    EXPECT_TRUE(looks_binary(nul_late));
    std::string controls(20, 'a');   // 3 controls in 20 bytes: more than one in ten
    controls[9] = '\x01';
    controls[15] = '\x02';
    controls[18] = '\x03';
    EXPECT_TRUE(looks_binary(controls));
    EXPECT_FALSE(looks_binary(controls + std::string(20, 'b'))) << "3 in 40: text with a few stray controls";
    EXPECT_FALSE(looks_binary(sample("zh-tram-gbk.html")));
    EXPECT_FALSE(looks_binary(sample("zh-flattened.txt")));
}

TEST(binary_input, is_a_typed_error_of_the_core_not_an_article) {
    std::string noise(3000, '\0');
    std::uint32_t state = 7;
    for (auto& ch : noise) {
        state = state * 1664525u + 1013904223u;
        ch = static_cast<char>(state >> 24);
    }
    // An ELF header and some of its bytes: NUL bytes early.
    const std::string elf("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0", 24);
    for (const std::string& page : {noise, elf}) {
        const auto a = winnow::extract(page);
        ASSERT_FALSE(a.has_value());
        EXPECT_EQ(a.error(), winnow::errc::not_text);
        EXPECT_EQ(winnow::error_name(a.error()), "not_text");
        EXPECT_FALSE(a.error() == winnow::condition::limit_exceeded) << "binary data is no limit";
    }
    // Flattened text and UTF-16 are pages.
    EXPECT_TRUE(winnow::extract(sample("zh-flattened.txt")).has_value());
}

TEST(noscript, a_page_rendered_by_script_is_read_from_its_noscript_markup) {
    std::string posts;
    for (int i = 1; i <= 20; ++i)
        posts += "<div class=post><span class=user>member" + std::to_string(i) + "</span><p>Reply number " + std::to_string(i) +
                 " says the update broke the feature, and it explains how to reproduce it step by step.</p></div>";
    const std::string page = "<html><head><title>Update broken</title><noscript><link rel=stylesheet href=a.css></noscript>"
                             "</head><body><div id=app>Loading</div><noscript><h1>Update broken</h1>"
                             "<span itemprop=author>Dale Cooper</span>" + posts +
                             "</noscript></body></html>";
    const auto a = winnow::extract(page);
    ASSERT_TRUE(a.has_value());
    EXPECT_NE(a->text().find("Reply number 1 says"), std::string::npos) << a->text();
    EXPECT_NE(a->text().find("Reply number 20 says"), std::string::npos) << a->text();
    EXPECT_EQ(a->text().find("Loading"), std::string::npos);
    EXPECT_EQ(a->authors, (std::vector<std::string>{"Dale Cooper"})) << "the thread's author, from the same markup";
}

TEST(noscript, a_page_with_its_own_text_keeps_it) {
    // A page of its own text (over 2,000 characters) with a long <noscript> notice beside it.
    std::string body;
    for (int i = 1; i <= 16; ++i)
        body += "<p>Paragraph " + std::to_string(i) + " of the story tells how the harbour ferry leaves at seven, and how it "
                "returns at noon.</p>";
    std::string noscript = "<noscript>";
    for (int i = 0; i < 40; ++i) noscript += "<p>Please enable JavaScript to use every feature of this site, thank you.</p>";
    noscript += "</noscript>";
    const auto a = winnow::extract("<html><body>" + noscript + "<article>" + body + "</article></body></html>");
    ASSERT_TRUE(a.has_value());
    EXPECT_NE(a->text().find("Paragraph 16 of the story"), std::string::npos) << a->text();
    EXPECT_EQ(a->text().find("enable JavaScript"), std::string::npos) << a->text();
}

TEST(hidden_text, a_page_hidden_until_a_script_shows_it_is_read_with_its_hidden_text) {
    std::string body;
    for (int i = 1; i <= 30; ++i)
        body += "<p>Paragraph " + std::to_string(i) + " of the tutorial explains one step of training a model, with "
                "an example.</p>";
    // A wrapper against a flash of unstyled content, and a streamed page's hidden part.
    for (const std::string& page : {"<html><body><div style=\"visibility:hidden\"><main>" + body + "</main></div></body></html>",
                                    "<html><body><div id=root>Loading</div><div hidden id=\"S:0\"><article>" + body +
                                        "</article></div></body></html>"}) {
        const auto a = winnow::extract(page);
        ASSERT_TRUE(a.has_value());
        EXPECT_NE(a->text().find("Paragraph 30 of the tutorial"), std::string::npos) << page.substr(0, 80);
    }
    // A page with its own text keeps its hidden parts hidden.
    const auto a = winnow::extract("<html><body><article>" + body + "</article><div hidden><p>" + std::string(3000, 'x') +
                                   " a hidden dialog</p></div></body></html>");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->text().find("hidden dialog"), std::string::npos);
}

}  // namespace

namespace {

TEST(page_types, the_article_and_its_explanation_say_the_type_and_why) {
    std::string items;
    for (int i = 0; i < 10; ++i)
        items += "<li class=result><a href=/p/" + std::to_string(i) + ">Harbour guide part " + std::to_string(i) +
                 "</a><span>A short summary of part " + std::to_string(i) + " of the guide</span></li>";
    const std::string page = "<html><head><title>Search results</title></head><body><h1>Search results</h1><ul>" +
                             items + "</ul></body></html>";
    winnow::explanation why;
    const auto a = winnow::extract(page, {}, &why);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->page_type, winnow::page_type::listing);
    EXPECT_EQ(why.page_type, "listing");
    EXPECT_NE(why.page_type_reason.find("10 repeated items"), std::string::npos) << why.page_type_reason;
    EXPECT_NE(a->text().find("Harbour guide part 9"), std::string::npos) << "every item's linked title";
    EXPECT_NE(a->text().find("A short summary of part 9"), std::string::npos);

    std::string dated = article_page;
    dated.replace(dated.find("</head>"), 7, "<meta property=\"article:published_time\" content=\"2025-03-03\"></head>");
    const auto plain = winnow::extract(dated, {}, &why);
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->page_type, winnow::page_type::article) << why.page_type_reason;
    EXPECT_EQ(why.page_type_reason, "a publication date");
}

TEST(article_metadata, the_date_under_the_headline_wins_over_a_metadata_date_of_another_day) {
    std::string page = article_page;
    page.replace(page.find("</head>"), 7,
                 "<meta property=\"article:published_time\" content=\"2025-08-21T10:00:00\"></head>");
    std::string shown = page;
    shown.replace(shown.find("</h1>"), 5, "</h1><p>Published Apr 26, 2023</p>");
    const auto a = winnow::extract(shown, {});
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->published, "2023-04-26");
    // The same day: the metadata's date and time stay.
    std::string same_day = page;
    same_day.replace(same_day.find("</h1>"), 5, "</h1><p>August 21, 2025</p>");
    EXPECT_EQ(winnow::extract(same_day, {})->published, "2025-08-21T10:00:00");
    // An update shown is not the publication.
    std::string updated = page;
    updated.replace(updated.find("</h1>"), 5, "</h1><p>Updated Nov 2, 2025</p>");
    EXPECT_EQ(winnow::extract(updated, {})->published, "2025-08-21T10:00:00");
    // Only a modified date: the page is dated by it.
    std::string modified = article_page;
    modified.replace(modified.find("</head>"), 7,
                     "<meta property=\"article:modified_time\" content=\"2024-02-02\"></head>");
    EXPECT_EQ(winnow::extract(modified, {})->published, "2024-02-02");
    // The metadata's day written in digits the other way round ("08/21/2025" read day-first elsewhere):
    // the same date, the metadata's stays.
    std::string swapped_us = page;
    swapped_us.replace(swapped_us.find("</h1>"), 5, "</h1><p>Published 08/21/2025</p>");
    EXPECT_EQ(winnow::extract(swapped_us, {})->published, "2025-08-21T10:00:00");
    std::string meta_july = article_page;
    meta_july.replace(meta_july.find("</head>"), 7,
                      "<meta property=\"article:published_time\" content=\"2025-07-08\"></head>");
    meta_july.replace(meta_july.find("</h1>"), 5, "</h1><p>Published 08/07/2025</p>");
    EXPECT_EQ(winnow::extract(meta_july, {})->published, "2025-07-08") << "08/07 read as August 7 is July 8 swapped";
    // No publication date in the metadata, only an update line: the page is dated by it.
    std::string only_update = article_page;
    only_update.replace(only_update.find("</h1>"), 5, "</h1><p>Updated Nov 2, 2025</p>");
    EXPECT_EQ(winnow::extract(only_update, {})->published, "2025-11-02");
    // A publication date only in JSON-LD (or another undeclared source) gives way to the update line shown;
    // article:published_time (above) and a <time datetime> in the text are the page's own declaration and stay.
    std::string ld_dated = article_page;
    ld_dated.replace(ld_dated.find("</head>"), 7,
                     "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"datePublished\":"
                     "\"2021-05-05\"}</script></head>");
    ld_dated.replace(ld_dated.find("</h1>"), 5, "</h1><p>Updated Nov 2, 2025</p>");
    EXPECT_EQ(winnow::extract(ld_dated, {})->published, "2025-11-02");
    std::string time_dated = article_page;
    time_dated.replace(time_dated.find("</h1>"), 5,
                       "</h1><p>Updated Nov 2, 2025</p><p><time datetime=\"2021-05-05\">Posted in spring</time></p>");
    EXPECT_EQ(winnow::extract(time_dated, {})->published, "2021-05-05");
}

TEST(metadata, the_publication_date_says_where_it_was_read) {
    const auto finish = [](std::string_view html) {
        winnow::metadata_collector collector;
        EXPECT_TRUE(winnow::tokenizer::tokenize(html, collector).has_value());
        return collector.finish();
    };
    EXPECT_EQ(finish("<title>x</title>").published_from, winnow::date_source::none);
    EXPECT_EQ(finish("<meta property=article:published_time content=2024-01-02><script type=application/ld+json>"
                     "{\"@type\":\"Article\",\"datePublished\":\"2023-01-01\"}</script>")
                  .published_from,
              winnow::date_source::article_meta);
    const auto ld = finish("<script type=application/ld+json>{\"@type\":\"Article\",\"datePublished\":\"2023-01-01\"}</script>");
    EXPECT_EQ(ld.published, "2023-01-01");
    EXPECT_EQ(ld.published_from, winnow::date_source::json_ld);
    EXPECT_EQ(finish("<p><time datetime=2022-03-04>March</time></p>").published_from, winnow::date_source::time_element);
}

TEST(page_types, a_products_customer_reviews_are_not_its_description) {
    const std::string reviews =
        "<div class=product-reviews><div class=r><p>I love it, it is sturdy and it was easy to build, my kids use "
        "it for toys every day.</p></div><div class=r><p>Great shelf, easy to put together, very durable, and I "
        "would buy it again.</p></div></div>";
    const std::string body =
        "<h1>Cube shelf</h1><p>A shelf for your home, sturdy and simple, with four cubes and a white finish that "
        "fits any room.</p><p>Assembly takes ten minutes with a screwdriver, and the unit stands upright or lies "
        "on its side.</p>" + reviews;
    const auto product = winnow::extract("<html><head><script type=\"application/ld+json\">{\"@type\":\"Product\","
                                         "\"name\":\"Cube shelf\"}</script></head><body>" + body + "</body></html>");
    ASSERT_TRUE(product.has_value());
    EXPECT_EQ(product->page_type, winnow::page_type::product);
    EXPECT_NE(product->text().find("Assembly takes ten minutes"), std::string::npos);
    EXPECT_EQ(product->text().find("I love it"), std::string::npos) << product->text();

    // On any other page a "review" is the text itself (a film's, a book's review).
    const auto review = winnow::extract("<html><body>" + body + "</body></html>");
    ASSERT_TRUE(review.has_value());
    EXPECT_NE(review->text().find("I love it"), std::string::npos) << review->text();
}

}  // namespace
