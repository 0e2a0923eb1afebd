// Unit tests of the classifier's passes (src/core/classify/passes.hpp): each pass on a small page written
// for it, run after the passes it depends on, and asserted on what that pass alone decides.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/block_tree.hpp"
#include "classify/passes.hpp"
#include "winnow/tokenizer.hpp"

namespace {

using namespace winnow::detail;
using winnow::block_class;

/// A page built from HTML and the state the passes share, run pass by pass.
class page {
public:
    explicit page(std::string_view html, winnow::page_metadata meta = {}, classify_options options = {},
                  classifier_tuning tuning = {})
        : meta_(std::move(meta)), options_(options), tuning_(tuning) {
        block_builder builder(winnow::limits{});
        EXPECT_TRUE(winnow::tokenizer::tokenize(html, builder));
        EXPECT_FALSE(builder.finish());
        tree_ = builder.tree();
        out_.decisions.assign(tree_.blocks.size(), block_decision{});
        state_.signals.reset(tree_.blocks.size());
    }

    /// Runs every pass up to and including `last`.
    page& run_through(std::string_view last) {
        pass_context c = context();
        for (const classifier_pass& p : classifier_passes()) {
            EXPECT_TRUE(p.run(c)) << p.name;
            if (p.name == last) return *this;
        }
        ADD_FAILURE() << "no pass named " << last;
        return *this;
    }

    /// The index of the first block whose text contains `needle`.
    [[nodiscard]] std::uint32_t block(std::string_view needle) const {
        for (std::uint32_t i = 0; i < tree_.blocks.size(); ++i)
            if (tree_.text_of(tree_.blocks[i]).find(needle) != std::string_view::npos) return i;
        ADD_FAILURE() << "no block holds " << needle;
        return 0;
    }
    [[nodiscard]] block_class class_of(std::string_view needle) const { return out_.decisions[block(needle)].decision; }
    [[nodiscard]] bool kept(std::string_view needle) const { return out_.decisions[block(needle)].kept; }
    [[nodiscard]] const block_features& features_of(std::string_view needle) const { return out_.features[block(needle)]; }
    [[nodiscard]] const classification& out() const noexcept { return out_; }
    [[nodiscard]] const page_state& state() const noexcept { return state_; }
    [[nodiscard]] const block_tree& tree() const noexcept { return tree_; }
    [[nodiscard]] bool in_region(std::string_view needle) const {
        const std::uint32_t i = block(needle);
        return i >= state_.first && i < state_.end;
    }

private:
    pass_context context() { return {tree_, meta_, options_, tuning_, analyzer_, budget_, state_, out_}; }

    winnow::page_metadata meta_;
    classify_options options_;
    classifier_tuning tuning_;
    block_tree tree_;
    text_analyzer analyzer_;
    deadline budget_;
    page_state state_;
    classification out_;
};

/// A paragraph of body text, distinct for each n: well over the paragraph threshold, with sentence ends.
std::string paragraph(int n) {
    return "<p>Paragraph " + std::to_string(n) +
           " explains the matter at hand in plain words, with a comma, and it ends with a full stop. "
           "It then goes on for a second sentence so that it reads like an article.</p>";
}

/// Metadata with a publication date: without other signs, the page it goes with reads as an article.
winnow::page_metadata dated() {
    winnow::page_metadata meta;
    meta.published = "2025-03-03";
    return meta;
}

std::string paragraphs(int from, int count) {
    std::string out;
    for (int i = from; i < from + count; ++i) out += paragraph(i);
    return out;
}

TEST(classifier_passes, run_in_the_documented_order) {
    std::vector<std::string> names;
    for (const classifier_pass& p : classifier_passes()) names.emplace_back(p.name);
    EXPECT_EQ(names, (std::vector<std::string>{"page type", "title block", "features", "page structure", "values", "body text",
                                               "region", "inner names", "outside", "lead-in", "other posts",
                                               "trailing credit", "dated lists", "link lists", "block rules",
                                               "lists and tables", "neighbours", "structure twins", "stub thread",
                                               "end at comments", "hub links", "repeats", "list items", "linked headlines",
                                               "caption cards", "posts", "shown date", "late byline"}));
}

TEST(classifier_passes, block_rules_ask_structure_then_signals_then_counts) {
    const auto rules = block_rule_names();
    const auto at = [&](std::string_view name) {
        return std::find_if(rules.begin(), rules.end(), [&](const char* r) { return name == r; }) - rules.begin();
    };
    EXPECT_EQ(at("after the body's end"), 0);
    EXPECT_LT(at("teaser"), at("editor credit"));
    EXPECT_LT(at("editor credit"), at("title"));
    EXPECT_LT(at("title"), at("byline or dateline"));
    EXPECT_LT(at("named boilerplate"), at("identifiers"));
    EXPECT_LT(at("identifiers"), at("link density"));   // before any rule that keeps long text
    EXPECT_LT(at("link density"), at("body text"));
    EXPECT_EQ(std::string(rules.back()), "short text");
}

TEST(features_pass, value_is_low_link_sentence_text) {
    page p("<body><h2>A heading of several words here</h2>" + paragraph(1) +
           "<p><a href=a>one link</a> <a href=b>another link</a> <a href=c>third link</a></p>"
           "<p>menu words without any punctuation at all</p></body>");
    p.run_through("values");
    EXPECT_EQ(p.features_of("A heading").value, 0) << "headings have no content value";
    EXPECT_GT(p.features_of("Paragraph 1").value, 10);
    EXPECT_EQ(p.features_of("one link").value, 0) << "link text is navigation";
    EXPECT_GT(p.features_of("Paragraph 1").value, 3 * p.features_of("menu words").value)
        << "unpunctuated short text weighs little";
}

TEST(features_pass, codes_and_hashes_are_no_prose) {
    std::string hashes;
    for (int i = 0; i < 24; ++i) hashes += "<span>a" + std::to_string(1000 + i * 37) + "f9e" + std::to_string(i) + "</span> ";
    std::string postal_codes;
    for (int i = 0; i < 30; ++i) postal_codes += std::to_string(10001 + i * 7) + " ";
    std::string listing;
    for (int i = 0; i < 30; ++i) listing += std::to_string(10001 + i * 7) + " ";
    page p("<body>" + paragraph(1) + "<div>" + hashes + "</div><p>" + postal_codes + "</p>" + paragraph(2) +
           "<pre>" + listing + "</pre></body>");
    p.run_through("block rules");
    EXPECT_TRUE(p.features_of("a1000f9e0").identifiers);
    EXPECT_EQ(p.features_of("a1000f9e0").value, 0) << "a label hidden as generated ids has no content value";
    EXPECT_EQ(p.features_of("10001 10008").value, 0);
    EXPECT_EQ(p.class_of("a1000f9e0"), block_class::low_quality);
    EXPECT_FALSE(p.kept("10001 10008"));
    EXPECT_FALSE(p.out().features[p.tree().blocks.size() - 1].identifiers) << "a <pre> is shown as written";
}

TEST(features_pass, repeated_linked_headline_and_summary_are_teasers) {
    std::string list = "<body>" + paragraphs(1, 3) + "<ul>";
    for (int i = 0; i < 4; ++i)
        list += "<li class=card><a href=x>Another story headline number " + std::to_string(i) +
                "</a><p>A short summary of that other story, with a comma.</p></li>";
    list += "</ul></body>";
    page p(list);
    p.run_through("features");
    const auto& summaries = p.out().features;
    const std::size_t teasers = static_cast<std::size_t>(std::count_if(summaries.begin(), summaries.end(),
                                                                       [](const block_features& f) { return f.teaser; }));
    EXPECT_EQ(teasers, 4u);
    EXPECT_FALSE(p.features_of("Paragraph 1").teaser);

    // The same pairs in the rows of a table are its data: a linked name and what it does.
    std::string table = "<body>" + paragraphs(1, 3) + "<table>";
    for (int i = 0; i < 4; ++i)
        table += "<tr><td><a href=x>Scenario name number " + std::to_string(i) +
                 "</a></td><td>Run code when a file is uploaded, or changed.</td></tr>";
    table += "</table></body>";
    page q(table);
    q.run_through("features");
    EXPECT_FALSE(q.features_of("Run code when").teaser);
}

TEST(features_pass, a_page_of_teasers_is_a_listing_and_keeps_them) {
    // Eight items, each a linked headline and its summary.
    std::string items = "<ul class=items>";
    for (int i = 0; i < 8; ++i)
        items += "<li class=card><a href=x>Build gadget number " + std::to_string(i) +
                 " at home</a><p>How to build it from a few parts on a breadboard, with a soldering iron and a "
                 "web browser, in an evening.</p></li>";
    items += "</ul>";
    page p("<body><h1>Electronic gadgets</h1>" + items + "</body>");
    p.run_through("neighbours");
    EXPECT_TRUE(p.state().listing);
    EXPECT_TRUE(p.kept("Build gadget number 3 at home")) << "the item's headline";
    EXPECT_GE(std::count_if(p.out().decisions.begin(), p.out().decisions.end(), [](const block_decision& d) { return d.kept; }),
              14);

    // The same teasers under an article that outweighs them are other articles.
    page q("<body><article>" + paragraphs(1, 12) + "</article>" + items + "</body>");
    q.run_through("neighbours");
    EXPECT_FALSE(q.state().listing);
    EXPECT_FALSE(q.kept("Build gadget number 3 at home"));
    EXPECT_TRUE(q.kept("Paragraph 12"));
}

TEST(features_pass, a_weak_name_on_a_wrapper_of_most_of_the_page_is_ignored) {
    page p("<body><div class=share-wrapper>" + paragraphs(1, 4) + "</div><div class=share><p>Share this</p></div></body>");
    p.run_through("features");
    EXPECT_EQ(p.features_of("Paragraph 1").hints & hint_share, 0u) << "the wrapper holds the article";
    EXPECT_NE(p.features_of("Share this").hints & hint_share, 0u);
}

TEST(page_type_pass, in_a_thread_the_posts_named_comments_are_the_content) {
    std::string thread = "<body><div class=topic><h1>Update broken</h1>" + paragraph(1) + "<h3>12 replies</h3>";
    for (int i = 2; i <= 6; ++i) thread += "<div class=\"comment reply\">" + paragraph(i) + "</div>";
    thread += "</div></body>";
    winnow::page_metadata meta;
    meta.title = "Update broken";
    meta.schema_type = "discussionforumposting";
    page forum(thread, meta);
    forum.run_through("neighbours");
    EXPECT_TRUE(forum.state().discussion);
    EXPECT_TRUE(forum.kept("Paragraph 4")) << "a reply of the thread";
    EXPECT_TRUE(forum.kept("Paragraph 6"));

    // The same markup as an article: the comments are not its body.
    meta.schema_type = "newsarticle";
    page article(thread, meta);
    article.run_through("neighbours");
    EXPECT_FALSE(article.state().discussion);
    EXPECT_TRUE(article.kept("Paragraph 1"));
    EXPECT_FALSE(article.kept("Paragraph 4"));
}

/// A page of `count` repeated items: each a card with a linked title, a line of its own and a date or a
/// price when asked.
std::string cards(int count, std::string_view extra) {
    std::string out = "<div class=results>";
    for (int i = 0; i < count; ++i)
        out += "<div class=\"card card-" + std::to_string(i) + "\"><h3><a href=/item/" + std::to_string(i) +
               ">Item title number " + std::to_string(i) + " for the list</a></h3><span>Short note on item " +
               std::to_string(i) + "</span><span>" + std::string(extra) + "</span></div>";
    return out + "</div>";
}

TEST(page_type_pass, repeated_linked_items_make_a_listing_and_prices_a_collection) {
    page listing("<body><h1>Results</h1>" + cards(8, "3 March 2025") + "</body>");
    listing.run_through("page structure");
    EXPECT_EQ(listing.out().page_type, winnow::page_type::listing) << listing.out().page_type_reason;
    EXPECT_NE(listing.out().page_type_reason.find("8 repeated items"), std::string::npos) << listing.out().page_type_reason;
    EXPECT_TRUE(listing.state().listing);

    page shop("<body><h1>Socks</h1>" + cards(8, "$12.99") + "</body>");
    shop.run_through("page structure");
    EXPECT_EQ(shop.out().page_type, winnow::page_type::collection) << shop.out().page_type_reason;
    EXPECT_NE(shop.out().page_type_reason.find("8 with a price"), std::string::npos);

    // A category's short introduction above its priced grid: the grid still holds the page.
    const std::string intro = "<p>Our socks are knitted from soft merino wool, with a reinforced heel and toe, "
                              "and they come in every size from children to adults. Each pair is washed before "
                              "it ships, so it keeps its shape, and every colour is dyed with care to last for "
                              "years of daily wear in boots, trainers or at home on a cold winter evening.</p>";
    page category("<body><h1>Socks</h1>" + intro + cards(24, "$12.99") + "</body>");
    category.run_through("page structure");
    EXPECT_EQ(category.out().page_type, winnow::page_type::collection) << category.out().page_type_reason;
    EXPECT_NE(category.state().items_holder, 0u) << category.out().page_type_reason;

    // A shop's grid beside a long text for search engines is still a collection, read by the article rules.
    page seo("<body><h1>Socks</h1>" + cards(10, "$12.99") + paragraphs(1, 8) + "</body>");
    seo.run_through("page structure");
    EXPECT_EQ(seo.out().page_type, winnow::page_type::collection) << seo.out().page_type_reason;
    EXPECT_FALSE(seo.state().listing);
}

TEST(page_type_pass, a_list_page_keeps_its_items_whole) {
    page p("<body><nav><a href=/>Home</a> <a href=/a>About</a></nav><h1>Results</h1>" + cards(8, "3 March 2025") +
           "<footer><p>Copyright 2025 the site, all rights reserved.</p></footer></body>");
    p.run_through("list items");
    EXPECT_TRUE(p.kept("Item title number 0 for the list")) << "a linked title is the item's, not a menu";
    EXPECT_TRUE(p.kept("Item title number 7 for the list"));
    EXPECT_TRUE(p.kept("Short note on item 5"));
    EXPECT_FALSE(p.kept("Home"));
    EXPECT_FALSE(p.kept("Copyright 2025"));

    // What every item of a listing repeats word for word is a control, not the item's.
    std::string controls = "<div class=results>";
    for (int i = 0; i < 8; ++i)
        controls += "<div class=card><h3><a href=/b/" + std::to_string(i) + ">Book title number " + std::to_string(i) +
                    " of the list</a></h3><p>A note on book " + std::to_string(i) + "</p><div>Rate this book</div></div>";
    page q("<body><h1>Best books</h1>" + controls + "</div></body>");
    q.run_through("list items");
    ASSERT_EQ(q.out().page_type, winnow::page_type::listing) << q.out().page_type_reason;
    EXPECT_TRUE(q.kept("A note on book 3"));
    EXPECT_FALSE(q.kept("Rate this book"));
}

TEST(page_type_pass, an_article_beside_a_menu_of_items_stays_an_article) {
    winnow::page_metadata meta;
    meta.title = "The headline of the story";
    meta.published = "2025-03-03";
    page p("<body><h1>The headline of the story</h1>" + paragraphs(1, 3) + cards(12, "more") + "</body>", meta);
    p.run_through("page structure");
    EXPECT_EQ(p.out().page_type, winnow::page_type::article) << p.out().page_type_reason;
    EXPECT_FALSE(p.state().listing);
}

TEST(page_type_pass, dated_posts_with_little_link_text_make_a_thread) {
    std::string thread = "<body><h1>Which telescope first</h1><div class=posts>";
    for (int i = 0; i < 4; ++i)
        thread += "<div class=\"post\"><a href=/u/" + std::to_string(i) + ">user" + std::to_string(i) +
                  "</a><span>March " + std::to_string(i + 3) + ", 2025</span>" + paragraph(i) + "</div>";
    thread += "</div></body>";
    page p(thread);
    p.run_through("page structure");
    EXPECT_EQ(p.out().page_type, winnow::page_type::forum) << p.out().page_type_reason;
    EXPECT_TRUE(p.state().discussion);
    EXPECT_NE(p.out().page_type_reason.find("4 with a date"), std::string::npos) << p.out().page_type_reason;
}

TEST(page_type_pass, dated_items_opening_with_a_linked_headline_are_a_listing_not_a_thread) {
    // A news page: each item a linked headline, its date and a long summary. Little of the text is linked,
    // and every item is dated, as a thread's posts are; the headlines say it is a list of articles.
    std::string news = "<body><h1>News</h1><ul class=papers>";
    for (int i = 0; i < 5; ++i)
        news += "<li class=col><h4><a href=/n/" + std::to_string(i) + ">Tutoring program number " + std::to_string(i) +
                " shows promise in the district</a></h4><div class=date>March " + std::to_string(i + 3) +
                ", 2025</div>" + paragraph(i) + "</li>";
    news += "</ul></body>";
    page p(news);
    p.run_through("page structure");
    EXPECT_EQ(p.out().page_type, winnow::page_type::listing) << p.out().page_type_reason;
    EXPECT_NE(p.out().page_type_reason.find("opening with a linked headline"), std::string::npos)
        << p.out().page_type_reason;

    // A thread whose posts open with a link to themselves, their number and time, is still a thread.
    std::string thread = "<body><h1>Which forum software</h1><div class=posts>";
    for (int i = 0; i < 4; ++i)
        thread += "<div class=\"post\"><h2><a href=\"/t/7?pid=" + std::to_string(i) + "#p" + std::to_string(i) + "\">#" +
                  std::to_string(i + 1) +
                  " 2024-06-2" + std::to_string(i) + " 22:15:01</a></h2>" + paragraph(i) + "</div>";
    thread += "</div></body>";
    page q(thread);
    q.run_through("page structure");
    EXPECT_EQ(q.out().page_type, winnow::page_type::forum) << q.out().page_type_reason;
}

TEST(page_type_pass, a_threads_posts_carry_their_author_and_time_as_metadata) {
    std::string thread = "<body><h1>Which telescope first</h1><div class=posts>";
    for (int i = 0; i < 4; ++i)
        thread += "<div class=\"post\"><div class=user><a href=/u/" + std::to_string(i) + ">stargazer" +
                  std::to_string(i) + "</a></div><time>March " + std::to_string(i + 3) + ", 2025</time>" + paragraph(i) +
                  "<p><a href=/u/x>Maria said:</a></p>" + paragraph(10 + i) + "</div>";
    thread += "</div></body>";
    page p(thread);
    p.run_through("posts");
    ASSERT_EQ(p.out().posts.size(), 4u);
    EXPECT_EQ(p.out().posts[0].author, "stargazer0");
    EXPECT_EQ(p.out().posts[0].published, "2025-03-03");
    EXPECT_EQ(p.out().posts[3].author, "stargazer3");
    EXPECT_EQ(p.out().posts[3].published, "2025-03-06");
    EXPECT_FALSE(p.kept("stargazer2")) << "the author is metadata, not body";
    EXPECT_EQ(p.class_of("March 5, 2025"), block_class::byline);
    EXPECT_TRUE(p.kept("Paragraph 2"));
    EXPECT_TRUE(p.kept("Paragraph 12")) << "a post's whole text";

    // An article's sections are not posts.
    const winnow::page_metadata meta = dated();
    page article("<body><h1>On telescopes</h1>" + paragraphs(1, 6) + "</body>", meta);
    article.run_through("posts");
    EXPECT_TRUE(article.out().posts.empty());
}

TEST(page_type_pass, metadata_names_products_documentation_and_services) {
    struct row {
        const char* schema_type;
        const char* og_type;
        winnow::page_type expected;
    };
    const row rows[] = {
        {"product", "", winnow::page_type::product},
        {"", "product", winnow::page_type::product},
        {"", "product.group", winnow::page_type::collection},
        {"techarticle", "", winnow::page_type::documentation},
        {"faqpage", "", winnow::page_type::service},
        {"collectionpage", "", winnow::page_type::listing},
        {"newsarticle", "article", winnow::page_type::article},
    };
    for (const row& r : rows) {
        winnow::page_metadata meta;
        meta.schema_type = r.schema_type;
        meta.og_type = r.og_type;
        meta.published = std::string_view(r.schema_type) == "newsarticle" ? "2025-01-01" : "";
        page p("<body><h1>A page</h1>" + paragraphs(1, 2) + "</body>", meta);
        p.run_through("page structure");
        EXPECT_EQ(p.out().page_type, r.expected) << r.schema_type << " / " << r.og_type << ": " << p.out().page_type_reason;
    }
}

TEST(page_type_pass, without_markup_prose_is_an_article_and_short_sections_a_service_page) {
    page prose("<body><h1>On gardens</h1>" + paragraphs(1, 6) + "</body>");
    prose.run_through("page structure");
    EXPECT_EQ(prose.out().page_type, winnow::page_type::article) << prose.out().page_type_reason;

    std::string landing = "<body><h1>Our services</h1>";
    for (int i = 0; i < 5; ++i)
        landing += "<h2>Service " + std::to_string(i) + "</h2><p>We do this well.</p><p>Book a call today.</p>";
    page service(landing + "</body>");
    service.run_through("page structure");
    EXPECT_EQ(service.out().page_type, winnow::page_type::service) << service.out().page_type_reason;
}

TEST(page_type_pass, a_date_line_beside_the_headline_dates_the_page_as_an_article) {
    // Short sections and no markup would make a service page; the date shown by the headline (an old
    // template's only date, in the text) makes it an article.
    std::string sections;
    for (int i = 0; i < 5; ++i)
        sections += "<h2>Part " + std::to_string(i) + "</h2><p>The ferry left early.</p><p>Nobody was on board.</p>";
    winnow::page_metadata meta;
    meta.title = "The ferry to the island";
    page dated("<body><p>March 3, 2005</p><p>The ferry to the island</p>" + sections + "</body>", meta);
    dated.run_through("page structure");
    EXPECT_EQ(dated.out().page_type, winnow::page_type::article) << dated.out().page_type_reason;

    page undated("<body><p>The ferry to the island</p>" + sections + "</body>", meta);
    undated.run_through("page structure");
    EXPECT_EQ(undated.out().page_type, winnow::page_type::service) << undated.out().page_type_reason;

    // A date far from the headline (a footer's) says nothing of the page.
    page far("<body><p>The ferry to the island</p>" + sections + "<p>March 3, 2005</p></body>", meta);
    far.run_through("page structure");
    EXPECT_EQ(far.out().page_type, winnow::page_type::service) << far.out().page_type_reason;
}

TEST(page_type_pass, a_service_page_keeps_its_taglines_and_its_cards) {
    std::string landing = "<body><h1>Audit and advice</h1>";
    for (int i = 0; i < 3; ++i)
        landing += "<h2>Service " + std::to_string(i) + "</h2><p>Plan with confidence</p>" + paragraph(i) +
                   "<p><a href=/s/" + std::to_string(i) + ">Our audits deliver insights that help clients, "
                   "and they build trust in the markets we serve every day.</a></p>";
    page p(landing + "</body>");
    p.run_through("neighbours");
    ASSERT_EQ(p.out().page_type, winnow::page_type::service) << p.out().page_type_reason;
    EXPECT_TRUE(p.kept("Plan with confidence")) << "short text beside body text is a service page's";
    EXPECT_TRUE(p.kept("Our audits deliver insights")) << "a card: a sentence inside a link";

    // The same blocks in an article: a link's sentence is another page's teaser, a short line beside
    // only one paragraph is not kept.
    const winnow::page_metadata meta = dated();
    page a(landing + "</body>", meta);
    a.run_through("neighbours");
    ASSERT_EQ(a.out().page_type, winnow::page_type::article);
    EXPECT_FALSE(a.kept("Our audits deliver insights"));
}

TEST(page_type_pass, a_service_pages_cards_are_read_past_the_names_their_templates_borrow) {
    // Design systems name small type "caption" and a card's block "meta": on a service page that is the
    // card's text; a heading after body text is a section's even when only a card follows it; a card's
    // summary under its linked name is the service's, not a teaser of another page.
    std::string landing = "<body><h1>Audit and advice</h1>";
    for (int i = 0; i < 3; ++i)
        landing += "<h2>Service " + std::to_string(i) + "</h2>" + paragraph(i) +
                   "<p class=text-caption>Set up in minutes</p>";
    for (int i = 0; i < 3; ++i)
        landing += "<div class=card><p><a href=/s/" + std::to_string(i) + ">Managed cloud plan " + std::to_string(i) +
                   "</a></p><p>We run your cloud " + std::to_string(i) + ", patch it every week and watch it.</p></div>";
    landing += "<div class=meta-block><h2>Turn any screen into a dashboard</h2></div>" + paragraph(7) +
               "<h2>Trusted by teams everywhere</h2><ul><li><a href=/a>Airline</a></li><li><a href=/b>Bank</a></li></ul>";
    page p(landing + "</body>");
    p.run_through("neighbours");
    ASSERT_EQ(p.out().page_type, winnow::page_type::service) << p.out().page_type_reason;
    EXPECT_TRUE(p.kept("Set up in minutes"));
    EXPECT_TRUE(p.kept("Turn any screen into a dashboard"));
    EXPECT_TRUE(p.kept("Trusted by teams everywhere"));
    EXPECT_TRUE(p.kept("We run your cloud 1")) << "a card's summary under its linked name is the page's";

    // In an article the names mean what they say, a heading needs body text after it, and a summary under
    // a linked headline, repeated, is a teaser of another page.
    const winnow::page_metadata meta = dated();
    page a(landing + "</body>", meta);
    a.run_through("neighbours");
    ASSERT_EQ(a.out().page_type, winnow::page_type::article);
    EXPECT_EQ(a.class_of("Set up in minutes"), block_class::caption);
    EXPECT_EQ(a.class_of("Turn any screen into a dashboard"), block_class::byline);
    EXPECT_FALSE(a.kept("Trusted by teams everywhere"));
    EXPECT_EQ(a.class_of("We run your cloud 1"), block_class::related);
}

TEST(context_pass, an_entry_like_the_kept_entries_of_its_list_is_kept_though_it_is_a_link) {
    const std::string steps =
        "<ul class=steps><li class=step>Remove every dead or damaged cane down to healthy white wood before "
        "anything else.</li><li class=step>Open the centre of the bush so that air and light reach the inner "
        "leaves all summer.</li><li class=step>Shorten the remaining canes by a third, keeping the strongest four "
        "or five of them.</li><li class=step><a href=/guides/feeding>Feed the roses after pruning with our "
        "feeding guide</a></li></ul>";
    const auto article = [](const std::string& middle) {
        return "<body><nav><a href=/>Home</a> <a href=/garden>Garden</a></nav><article><h1>Pruning roses</h1>" +
               paragraph(1) + paragraph(2) + middle + paragraph(3) + "</article></body>";
    };
    const winnow::page_metadata meta = dated();
    page p(article(steps), meta);
    p.run_through("neighbours");
    EXPECT_FALSE(p.kept("Feed the roses")) << "the block rules drop a linked entry";
    p.run_through("structure twins");
    EXPECT_TRUE(p.kept("Feed the roses")) << "an entry of the same list as the kept ones";
    EXPECT_TRUE(p.kept("Shorten the remaining canes"));

    // The same entries as a form's options: controls, however they repeat.
    page f(article("<form action=/filter>" + steps + "</form>"), meta);
    f.run_through("structure twins");
    EXPECT_FALSE(f.kept("Feed the roses"));
}

TEST(page_type_pass, a_list_pages_linked_headlines_are_kept_as_its_items_titles) {
    std::string items;
    for (int i = 0; i < 4; ++i)
        items += "<div class=entry><h3><a href=/guide/" + std::to_string(i) + ">Harbour guide part " + std::to_string(i) +
                 "</a></h3><p>A short summary of part " + std::to_string(i) + ", with the ferry times, the fares and where "
                 "to buy tickets.</p></div>";
    page p("<body><main><h1>Guides</h1>" + items + "</main></body>");
    p.run_through("list items");
    EXPECT_FALSE(p.kept("Harbour guide part 2")) << "each heading alone is link text";
    page again("<body><main><h1>Guides</h1>" + items + "</main></body>");
    again.run_through("linked headlines");
    EXPECT_TRUE(again.kept("Harbour guide part 2")) << "together they are the items' titles";

    // Two linked headings are a related-links box, not a list page's items.
    page few("<body><main><h1>Ferry</h1>" + paragraphs(1, 6) + "<h3><a href=/a>Harbour guide one</a></h3><h3><a href=/b>"
             "Harbour guide two</a></h3></main></body>");
    few.run_through("linked headlines");
    EXPECT_FALSE(few.kept("Harbour guide two"));
}

TEST(page_type_pass, comments_that_dwarf_a_stub_article_are_a_threads_posts) {
    std::string replies;
    for (int i = 0; i < 8; ++i) replies += "<div class=comment>" + paragraph(10 + i) + paragraph(30 + i) + "</div>";
    winnow::page_metadata meta;
    meta.published = "2025-03-01";   // dated: read as an article at first
    const std::string question = "<h1>Which ferry goes to the island?</h1><p>I need the early one on Sunday, can anyone help?</p>";
    page thread("<body><main>" + question + "<section class=comments>" + replies + "</section></main></body>", meta);
    thread.run_through("stub thread");
    EXPECT_EQ(thread.out().page_type, winnow::page_type::forum);
    EXPECT_TRUE(thread.kept("Paragraph 13 explains"));

    // A real article keeps its comments out.
    page article("<body><main><h1>Ferry</h1>" + paragraphs(1, 12) + "<section class=comments>" + replies +
                 "</section></main></body>", meta);
    article.run_through("stub thread");
    EXPECT_EQ(article.out().page_type, winnow::page_type::article);
    EXPECT_FALSE(article.kept("Paragraph 13 explains"));
}

TEST(page_type_pass, prose_in_caption_named_cards_outside_figures_is_kept) {
    const std::string card = "<div class=card-caption><p>Our harbour tours take you past the old pier, the lighthouse and "
                             "the fish market, with a guide who knows every story of the bay.</p></div>";
    const std::string figure = "<figure><img src=a.jpg><figcaption class=card-caption>The old pier at dawn, seen from the "
                               "lighthouse on a calm morning in the spring of last year.</figcaption></figure>";
    page before("<body><main><h1>Harbour tours</h1>" + paragraphs(1, 3) + card + figure + "</main></body>");
    before.run_through("linked headlines");
    EXPECT_FALSE(before.kept("Our harbour tours take you")) << "the block rules drop it by its element's name";
    page p("<body><main><h1>Harbour tours</h1>" + paragraphs(1, 3) + card + figure + "</main></body>");
    p.run_through("caption cards");
    EXPECT_TRUE(p.kept("Our harbour tours take you")) << "a card's text";
    EXPECT_FALSE(p.kept("The old pier at dawn")) << "a figure's caption stays out";
}

TEST(page_type_pass, names_round_trip) {
    for (std::size_t i = 0; i < winnow::page_type_count; ++i) {
        const auto t = static_cast<winnow::page_type>(i);
        EXPECT_EQ(winnow::page_type_from_string(winnow::to_string(t)), t);
    }
    EXPECT_EQ(winnow::to_string(winnow::page_type::documentation), "documentation");
    EXPECT_FALSE(winnow::page_type_from_string("blog").has_value());
}

TEST(region_pass, the_container_is_the_article_not_the_sidebar) {
    page p("<body><div class=nav><p>Home</p><p>News</p></div><div id=story>" + paragraphs(1, 5) +
           "</div><div class=aside>" + paragraph(90) + "</div></body>");
    p.run_through("region");
    EXPECT_TRUE(p.in_region("Paragraph 1"));
    EXPECT_TRUE(p.in_region("Paragraph 5"));
    EXPECT_FALSE(p.in_region("Home"));
    EXPECT_FALSE(p.in_region("Paragraph 90")) << "a sibling with a small share of the value stays out";
}

TEST(region_pass, the_footer_or_a_consent_dialog_is_never_the_container_however_much_text_it_holds) {
    // A shop's product told in short boxes of a few words; its footer, paragraphs about the company.
    std::string boxes;
    for (int i = 0; i < 6; ++i) boxes += "<div class=box><h3>Feature " + std::to_string(i) + "</h3><p>Soft and light.</p></div>";
    page p("<body><main><h1>Wool Runner</h1>" + boxes + "</main><footer><div class=about>" + paragraphs(1, 4) +
           "</div></footer></body>");
    p.run_through("region");
    EXPECT_TRUE(p.in_region("Feature 0"));
    EXPECT_TRUE(p.in_region("Feature 5"));
    EXPECT_NE(p.tree().nodes[p.out().container].tag, winnow::tag_id::footer);

    // Nor a cookie dialog that explains at length what the site's partners store.
    page consent("<body><main><h1>Wool Runner</h1>" + boxes + "</main><div class=cookie-consent>" + paragraphs(1, 4) +
                 "</div></body>");
    consent.run_through("region");
    EXPECT_TRUE(consent.in_region("Feature 0"));
}

TEST(region_pass, the_articles_header_before_its_body_joins_however_long) {
    // A documentation page: the header holds the headline, a summary and a table of what the page teaches,
    // more blocks than the headline's reach; the body is a sibling after it.
    std::string header = "<div class=page-header><h1>Flexible boxes</h1><p>Flexible boxes lay out items in one "
                         "dimension, a row or a column, and share the space between them.</p><table>";
    for (int i = 0; i < 14; ++i) header += "<tr><td>Outcome " + std::to_string(i) + "</td></tr>";
    header += "</table></div>";
    page p("<body><main class=content>" + header + "<aside class=toc><ul><li><a href=#a>Why</a></li></ul></aside>"
           "<div class=body>" + paragraphs(1, 6) + "</div></main></body>");
    p.run_through("region");
    EXPECT_TRUE(p.in_region("Paragraph 1"));
    EXPECT_TRUE(p.in_region("Outcome 3"));
    EXPECT_TRUE(p.in_region("Flexible boxes lay out"));
}

TEST(region_pass, a_sibling_section_of_the_same_article_joins) {
    page p("<body><main><section>" + paragraphs(1, 4) + "</section><aside class=x><p>Ad</p></aside><section>" +
           paragraphs(5, 3) + "</section></main><footer><p>Footer line</p></footer></body>");
    p.run_through("region");
    EXPECT_TRUE(p.in_region("Paragraph 1"));
    EXPECT_TRUE(p.in_region("Paragraph 7"));
    EXPECT_FALSE(p.in_region("Footer line"));
}

TEST(region_pass, an_article_cut_into_grid_rows_joins_its_short_rows) {
    // Each row a wrapper of one column; an advertisement row between; the first row short.
    const std::string row = "<div class=\"row body\"><div class=col>";
    page p("<body><article>" + row + paragraphs(1, 1) + "</div></div><div class=\"row ad\"><p>Ad</p></div>" + row +
           paragraphs(2, 12) + "</div></div></article><div class=\"row more\"><p>Footer line</p></div></body>");
    p.run_through("region");
    EXPECT_TRUE(p.in_region("Paragraph 1")) << "a short row of the same kind continues the article";
    EXPECT_TRUE(p.in_region("Paragraph 13"));
    EXPECT_FALSE(p.in_region("Footer line"));
}

TEST(region_pass, text_mode_takes_the_densest_run_of_lines) {
    std::string text = "<body>";
    for (const char* line : {"Home", "News", "Sport"}) text += std::string("<p>") + line + "</p>";
    text += paragraphs(1, 4);
    for (const char* line : {"About", "Contact", "Jobs"}) text += std::string("<p>") + line + "</p>";
    text += "</body>";
    page p(text, {}, classify_options{.text_mode = true});
    p.run_through("region");
    EXPECT_TRUE(p.in_region("Paragraph 1"));
    EXPECT_TRUE(p.in_region("Paragraph 4"));
    EXPECT_FALSE(p.in_region("Sport"));
    EXPECT_FALSE(p.in_region("About"));
}

TEST(lead_in_pass, title_and_byline_before_the_body) {
    winnow::page_metadata meta;
    meta.title = "The Headline Of The Story";
    page p("<body><div><p>The Headline Of The Story</p><p>By Jane Doe</p></div><div id=body>" + paragraphs(1, 5) +
           "</div></body>",
           meta);
    p.run_through("lead-in");
    EXPECT_EQ(p.class_of("The Headline"), block_class::title);
    EXPECT_EQ(p.class_of("By Jane Doe"), block_class::byline);
    EXPECT_EQ(p.out().authors, (std::vector<std::string>{"Jane Doe"}));
}

TEST(shown_date_pass, the_date_under_the_headline_unless_it_is_an_update) {
    winnow::page_metadata meta;
    meta.title = "Harbour ferries return to the old pier";
    page p("<body><h1>Harbour ferries return to the old pier</h1><p>Updated May 5, 2025</p>"
           "<p>By Jane Doe · Published March 3, 2024</p><div id=body>" + paragraphs(1, 5) + "</div></body>",
           meta);
    p.run_through("shown date");
    EXPECT_EQ(p.out().shown_date, "2024-03-03");

    // Too far below the title (past the tuning's reach), or in a paragraph, it is not the headline's.
    page far("<body><h1>Harbour ferries return to the old pier</h1>" + paragraphs(1, 12) +
             "<p>March 3, 2024</p></body>", meta);
    far.run_through("shown date");
    EXPECT_EQ(far.out().shown_date, "");
}

TEST(shown_date_pass, a_dateline_above_the_headline_and_not_a_sentence_that_mentions_a_date) {
    winnow::page_metadata meta;
    meta.title = "Harbour ferries return to the old pier";
    page above("<body><p>Travel | March 3, 2024</p><h1>Harbour ferries return to the old pier</h1><div id=body>" +
               paragraphs(1, 5) + "</div></body>", meta);
    above.run_through("shown date");
    EXPECT_EQ(above.out().shown_date, "2024-03-03");
    EXPECT_FALSE(above.out().shown_date_numeric);

    page sentence("<body><h1>Harbour ferries return to the old pier</h1><p>The summer timetable of the harbour "
                  "ferries is valid from March 3, 2024 until the end of the season.</p><div id=body>" +
                  paragraphs(1, 5) + "</div></body>", meta);
    sentence.run_through("shown date");
    EXPECT_EQ(sentence.out().shown_date, "");

    page updated("<body><h1>Harbour ferries return to the old pier</h1><p>Updated 05/05/2025</p><div id=body>" +
                 paragraphs(1, 5) + "</div></body>", meta);
    updated.run_through("shown date");
    EXPECT_EQ(updated.out().shown_date, "");
    EXPECT_EQ(updated.out().shown_updated, "2025-05-05");
}

TEST(late_byline_pass, a_byline_far_from_the_headline_names_the_author_when_nothing_else_does) {
    winnow::page_metadata meta;
    meta.title = "Harbour ferries return to the old pier";
    const std::string html = "<body><h1>Harbour ferries return to the old pier</h1><div id=body>" + paragraphs(1, 15) +
                             "<p>Written by Jane Doe</p></div><div class=comments><p>By John Roe</p></div></body>";
    page p(html, meta);
    p.run_through("late byline");
    EXPECT_EQ(p.out().authors, (std::vector<std::string>{"Jane Doe"}));
    // The short blocks read are bounded (tuning.lead_in.late_byline_max_blocks): past them, none is read.
    winnow::detail::classifier_tuning few;
    few.lead_in.late_byline_max_blocks = 1;
    page bounded(html, meta, {}, few);
    bounded.run_through("late byline");
    EXPECT_TRUE(bounded.out().authors.empty());
    // A metadata author wins: the pass looks for none.
    meta.authors = {"Max Muster"};
    page named(html, meta);
    named.run_through("late byline");
    EXPECT_TRUE(named.out().authors.empty());
}

TEST(lead_in_pass, a_byline_over_two_lines_names_the_author) {
    winnow::page_metadata meta;
    meta.title = "Harbour ferries return";
    page p("<body><h1>Harbour ferries return</h1><div><p>Written by</p><p>Edzel Tabing</p></div>" + paragraphs(1, 4) +
           "</body>", meta);
    p.run_through("block rules");
    EXPECT_EQ(p.out().authors, (std::vector<std::string>{"Edzel Tabing"}));
    EXPECT_EQ(p.class_of("Written by"), block_class::byline);
    EXPECT_EQ(p.class_of("Edzel Tabing"), block_class::byline);

    // A label followed by more than a name is no byline.
    page q("<body><h1>Harbour ferries return</h1><p>Written by</p><p>the harbour team in Oslo for the winter season</p>" +
           paragraphs(1, 4) + "</body>", meta);
    q.run_through("block rules");
    EXPECT_TRUE(q.out().authors.empty());
}

TEST(structure_pass, a_weak_name_on_most_of_the_region_is_the_sites_convention) {
    // A page builder wraps every paragraph in a "widget": the name says nothing about any one of them.
    std::string built = "<body><main class=entry-content>";
    for (int i = 1; i <= 6; ++i) built += "<div class=\"builder-widget\">" + paragraph(i) + "</div>";
    built += "<div class=\"share\"><p>Share on every network</p></div></main></body>";
    page p(built);
    p.run_through("block rules");
    EXPECT_EQ(p.state().verdicts[p.block("Paragraph 3")], verdict::good);
    EXPECT_EQ(p.class_of("Share on every"), block_class::share) << "a name on a few blocks still counts";

    // An <aside> is the author's own word, however much text it holds.
    std::string aside = "<body><div class=main>" + paragraphs(1, 3) + "<aside class=feed>" + paragraphs(10, 5) +
                        "</aside></div></body>";
    page q(aside);
    q.run_through("inner names");
    EXPECT_NE(q.state().inner_hints[q.tree().blocks[q.block("Paragraph 12")].node] & hint_sidebar, 0u);
}

TEST(structure_pass, a_page_footer_or_consent_dialog_keeps_its_name_on_a_page_that_has_nothing_else) {
    // A shop's category page whose products a script fills in: all the text there is is the footer's
    // columns of links and one sentence about the company. It is still the footer.
    std::string columns;
    for (int i = 0; i < 12; ++i) columns += "<div class=col-item><span>Link " + std::to_string(i) + "</span></div>";
    const std::string sentence = "<p>Are you furnishing a whole office? Our team helps with bulk orders, "
                                 "delivery and assembly, wherever you are.</p>";
    page named("<body><div id=root><div class=top><p>Loading</p></div><div class=\"part-footer wide\">" + columns +
               sentence + "</div></div></body>");
    named.run_through("block rules");
    EXPECT_EQ(named.class_of("Link 3"), block_class::footer);
    EXPECT_EQ(named.class_of("Are you furnishing"), block_class::footer);

    // A <footer> stands whatever it holds.
    page tagged("<body><div id=root><div class=top><p>Loading</p></div><footer>" + paragraphs(1, 3) +
                "</footer></div></body>");
    tagged.run_through("block rules");
    EXPECT_EQ(tagged.class_of("Paragraph 2"), block_class::footer);

    // Nor is a consent dialog that explains at length what the site's partners store.
    page consent("<body><div id=root><div class=top><p>Loading</p></div><div id=\"onetrust-consent-sdk\">" +
                 paragraphs(1, 3) + "</div></div></body>");
    consent.run_through("block rules");
    EXPECT_EQ(consent.class_of("Paragraph 2"), block_class::consent);

    // But an element merely named "...footer" that holds a thread's posts is a wrapper named carelessly.
    page thread("<body><div class=content><div class=\"topic-body-and-footer\">" + paragraphs(1, 4) +
                "</div></div></body>");
    thread.run_through("block rules");
    EXPECT_EQ(thread.state().verdicts[thread.block("Paragraph 2")], verdict::good);
}

TEST(structure_pass, three_dated_headlines_are_a_dated_list) {
    std::string html = "<body><div>" + paragraphs(1, 4);
    for (int i = 1; i <= 3; ++i)
        html += "<p>Markets rally on news number " + std::to_string(i) + " 2024-05-0" + std::to_string(i) + " 10:3" +
                std::to_string(i) + "</p>";
    html += paragraphs(5, 2) + "</div></body>";
    page p(html);
    p.run_through("dated lists");
    EXPECT_EQ(p.class_of("news number 1"), block_class::dated_list);
    EXPECT_EQ(p.class_of("news number 3"), block_class::dated_list);
    EXPECT_TRUE(p.state().dated[p.block("news number 2")]);
}

TEST(structure_pass, a_list_whose_every_item_is_a_link_is_a_link_list) {
    std::string html = "<body><div>" + paragraphs(1, 4) + "<ul class=more>";
    for (int i = 0; i < 5; ++i) html += "<li><a href=x>Other article " + std::to_string(i) + "</a> and a few words</li>";
    html += "</ul><ul><li>An ingredient</li><li>Another <a href=y>one</a></li><li>A third</li><li>A fourth</li></ul>" +
            paragraphs(5, 2) + "</div></body>";
    page p(html);
    p.run_through("link lists");
    EXPECT_TRUE(p.state().link_list[p.block("Other article 0")]);
    EXPECT_FALSE(p.state().link_list[p.block("An ingredient")]) << "a list that links here and there is the article's";

    // Documentation's list of resources: each item a link and a sentence on what it leads to. The items
    // that are bare links are the list's links; the described ones stay.
    std::string docs = "<body><div>" + paragraphs(1, 4) + "<ul>";
    for (int i = 0; i < 3; ++i)
        docs += "<li><a href=x>Topic " + std::to_string(i) +
                "</a>: how the service stores tables, loads files and answers queries in plain words.</li>";
    for (int i = 0; i < 3; ++i) docs += "<li><a href=y>Reference page " + std::to_string(i) + "</a></li>";
    docs += "</ul>" + paragraphs(5, 2) + "</div></body>";
    page d(docs);
    d.run_through("link lists");
    EXPECT_FALSE(d.state().link_list[d.block("Topic 1")]);
    EXPECT_TRUE(d.state().link_list[d.block("Reference page 1")]);

    // An item opening with its link may link more of itself (a named resource, then what it does); a
    // reference list's items, the link at their end, may not.
    std::string named = "<body><div>" + paragraphs(1, 4) + "<ul>";
    for (int i = 0; i < 4; ++i)
        named += "<li><a href=x>Partitioned tables of the warehouse " + std::to_string(i) +
                 "</a>: prune large tables by time or integer ranges.</li>";
    for (int i = 0; i < 4; ++i)
        named += "<li>Smith J, Doe A (2021). Harbour fees and ferry use " + std::to_string(i) +
                 ". <a href=y>https://journal.example/articles/4711</a></li>";
    named += "</ul>" + paragraphs(5, 2) + "</div></body>";
    page n(named);
    n.run_through("link lists");
    EXPECT_FALSE(n.state().link_list[n.block("Partitioned tables of the warehouse 1")]);
    EXPECT_TRUE(n.state().link_list[n.block("Harbour fees and ferry use 1")]);
}

TEST(block_rules_pass, an_editor_credit_ends_the_body) {
    page p("<body><div>" + paragraphs(1, 4) + "<p>Editing by John Smith</p>" + paragraphs(5, 2) + "</div></body>");
    p.run_through("block rules");
    EXPECT_EQ(p.class_of("Editing by"), block_class::editor_credit);
    EXPECT_EQ(p.out().editor, "John Smith");
    EXPECT_EQ(p.class_of("Paragraph 5"), block_class::related) << "after the credit, the body has ended";
}

TEST(block_rules_pass, a_credit_in_the_header_and_a_link_to_the_comments_end_nothing) {
    winnow::page_metadata meta;
    meta.title = "Electric cars, tested";
    page p("<body><article><h1>Electric cars, tested</h1><p>Our lede sums the whole test up in one sentence, with a comma.</p>"
           "<p>Edited By</p>" +
           paragraphs(1, 2) + "<p><a href=#comments>124 Comments</a></p>" + paragraphs(3, 4) + "</article></body>", meta);
    p.run_through("neighbours");
    EXPECT_EQ(p.class_of("Edited By"), block_class::editor_credit);
    EXPECT_TRUE(p.kept("Paragraph 1")) << "a credit before the body ends nothing";
    EXPECT_TRUE(p.kept("Paragraph 6")) << "a link to the comments is not the comment section";

    // After a long lede, a credit with most of the body still to come ends nothing either.
    page q("<body><article><h1>Electric cars, tested</h1>" + paragraph(1) + "<p>Edited by Jane Doe</p>" +
           paragraphs(2, 6) + "</article></body>", meta);
    q.run_through("neighbours");
    EXPECT_EQ(q.class_of("Edited by Jane Doe"), block_class::editor_credit);
    EXPECT_TRUE(q.kept("Paragraph 7"));
}

TEST(block_rules_pass, prose_citing_its_sources_in_links_stays_and_a_line_of_links_goes) {
    page p("<body><article>" + paragraphs(1, 2) +
           "<p>As <a href=a>the first study of the harbour</a> and <a href=b>a later survey of its ferries</a> "
           "found, the crossings grew. <a href=c>The council's own report</a> agrees.</p>"
           "<p><a href=x>Ferries</a> <a href=y>Harbour news</a> <a href=z>Timetables and fares for the winter</a></p>" +
           paragraphs(3, 2) + "</article></body>");
    p.run_through("neighbours");
    EXPECT_TRUE(p.kept("As the first study")) << "sentences, some of their words links";
    EXPECT_FALSE(p.kept("Ferries Harbour news"));
}

TEST(block_rules_pass, a_related_box_between_paragraphs_is_cut_out_and_the_body_goes_on) {
    page p("<body><div>" + paragraphs(1, 4) +
           "<div class=box><h3>Related articles</h3><p>Some other story</p></div>" + paragraphs(5, 4) + "</div></body>");
    p.run_through("block rules");
    EXPECT_EQ(p.class_of("Related articles"), block_class::related);
    EXPECT_EQ(p.class_of("Some other story"), block_class::related);
    EXPECT_EQ(p.state().verdicts[p.block("Paragraph 6")], verdict::good);
}

TEST(block_rules_pass, a_related_label_glued_to_its_first_link_goes_with_the_links_after_it) {
    const std::string list = "<p>Related: <a href=/a>The ferry strike is over at last</a></p>"
                             "<p><a href=/b>New timetable for the island boats</a></p>"
                             "<p><a href=/c>Harbour fees go up again this spring</a></p>";
    page p("<body><div>" + paragraphs(1, 4) + list + paragraphs(5, 4) + "</div></body>");
    p.run_through("block rules");
    EXPECT_EQ(p.class_of("The ferry strike"), block_class::related);
    EXPECT_EQ(p.class_of("New timetable"), block_class::related);
    EXPECT_EQ(p.class_of("Harbour fees"), block_class::related);
    EXPECT_EQ(p.state().verdicts[p.block("Paragraph 6")], verdict::good) << "the label ends nothing";

    page cjk("<body><div>" + paragraphs(1, 4) + "<p>延伸阅读：<a href=/a>广西渡轮停航三天 岛上居民出行受阻</a></p>" +
             paragraphs(5, 4) + "</div></body>");
    cjk.run_through("block rules");
    EXPECT_EQ(cjk.class_of("延伸阅读"), block_class::related);

    // A sentence with a colon and a link is not a label.
    page prose("<body><div>" + paragraphs(1, 4) +
               "<p>The reason is simple: <a href=/d>the harbour closed</a> after the storm.</p>" + paragraphs(5, 4) +
               "</div></body>");
    prose.run_through("block rules");
    EXPECT_NE(prose.class_of("The reason is simple"), block_class::related);
}

TEST(block_rules_pass, thresholds_come_from_the_tuning) {
    // Ten words, no sentence end: short text by default, body text with a lower paragraph threshold.
    const std::string html = "<body><div>" + paragraphs(1, 3) +
                             "<p>ten plain words that never end in any punctuation mark</p>" +
                             paragraphs(4, 3) + "</div></body>";
    page by_default(html);
    by_default.run_through("block rules");
    EXPECT_EQ(by_default.state().verdicts[by_default.block("ten plain")], verdict::short_text);
    classifier_tuning lower;
    lower.sizes.paragraph_words = 10;
    page tuned(html, {}, {}, lower);
    tuned.run_through("block rules");
    EXPECT_EQ(tuned.state().verdicts[tuned.block("ten plain")], verdict::good);
}

TEST(context_pass, short_text_between_paragraphs_stays_and_a_list_is_judged_whole) {
    page p("<body><div>" + paragraphs(1, 3) + "<p>A short line.</p>" + paragraphs(4, 2) +
           "<ul><li>flour</li><li>two eggs</li><li>a cup of milk</li></ul>" + paragraphs(6, 2) +
           "<h2>Trailing heading</h2></div><p>Home</p></body>");
    p.run_through("neighbours");
    EXPECT_TRUE(p.kept("A short line."));
    EXPECT_EQ(p.out().decisions[p.block("A short line.")].reason, std::string("short text between body paragraphs"));
    EXPECT_TRUE(p.kept("flour"));
    EXPECT_TRUE(p.kept("a cup of milk"));
    EXPECT_FALSE(p.kept("Trailing heading")) << "no body text follows it";
    EXPECT_EQ(p.class_of("Trailing heading"), block_class::low_quality);
}

TEST(context_pass, an_article_ends_at_its_comment_section) {
    // An old template: the article and its comments in one cell, the blog's sidebar lines after them in
    // elements of the article's own structure, so that the twins pass brings them back.
    const std::string comments = "<div class=comments>" + paragraphs(20, 3) + "</div>";
    const std::string sidebar = "<p>About the author</p><p>Archives of the blog</p><p>Tea (4) Travel (12)</p>";
    winnow::page_metadata meta;
    meta.published = "2005-03-03";
    page twins("<body><div><h1>On tea</h1>" + paragraphs(1, 6) + comments + sidebar + "</div></body>", meta);
    twins.run_through("structure twins");
    ASSERT_TRUE(twins.kept("Archives of the blog")) << "the twins pass keeps it: the case this pass is for";
    page p("<body><div><h1>On tea</h1>" + paragraphs(1, 6) + comments + sidebar + "</div></body>", meta);
    p.run_through("end at comments");
    EXPECT_FALSE(p.kept("About the author"));
    EXPECT_FALSE(p.kept("Archives of the blog"));
    EXPECT_EQ(p.class_of("Tea (4)"), block_class::outside);
    EXPECT_TRUE(p.kept("Paragraph 6 explains"));

    // Much text after a box named "comments" is the article going on.
    page goes_on("<body><div><h1>On tea</h1>" + paragraphs(1, 6) + comments + paragraphs(10, 3) + "</div></body>", meta);
    goes_on.run_through("end at comments");
    EXPECT_TRUE(goes_on.kept("Paragraph 11 explains"));
}

TEST(context_pass, a_hub_pages_links_are_its_content) {
    // A documentation chapter: its contents, a list of links, above one paragraph.
    std::string toc = "<div class=toc><dl>";
    for (int i = 1; i <= 12; ++i)
        toc += "<dt><a href=/ch11-" + std::to_string(i) + ">11." + std::to_string(i) + " Index types and their uses</a></dt>";
    toc += "</dl></div>";
    const winnow::page_metadata meta = dated();
    page hub("<body><div><h1>Chapter 11. Indexes</h1>" + toc + paragraph(1) + "</div></body>", meta);
    hub.run_through("hub links");
    EXPECT_TRUE(hub.kept("11.3 Index types"));
    EXPECT_EQ(hub.out().decisions[hub.block("11.3 Index types")].reason,
              std::string("a link of a hub page, whose links are its content"));

    // Beside an article's body the same links stay out.
    page article("<body><div><h1>Chapter 11. Indexes</h1>" + toc + paragraphs(1, 6) + "</div></body>", meta);
    article.run_through("hub links");
    EXPECT_FALSE(article.kept("11.3 Index types"));
}

TEST(context_pass, a_paragraph_repeated_in_another_kind_of_element_is_kept_once) {
    const std::string again = "<div class=mobile><span>Paragraph 2 explains the matter at hand in plain words, "
                              "with a comma, and it ends with a full stop. It then goes on for a second sentence so "
                              "that it reads like an article.</span></div>";
    page p("<body><article>" + paragraphs(1, 4) + again + "</article></body>");
    p.run_through("repeats");
    EXPECT_TRUE(p.out().decisions[p.block("Paragraph 2")].kept);
    std::uint32_t copies = 0, duplicates = 0;
    for (std::uint32_t i = 0; i < p.tree().blocks.size(); ++i) {
        if (p.tree().text_of(p.tree().blocks[i]).starts_with("Paragraph 2")) ++copies;
        if (p.out().decisions[i].decision == block_class::duplicate) ++duplicates;
    }
    EXPECT_EQ(copies, 2u);
    EXPECT_EQ(duplicates, 1u);
}

TEST(block_rules_pass, a_linked_name_in_a_data_row_stays_and_a_menu_cell_goes) {
    std::string table = "<table class=standings>";
    for (const char* team : {"Alpha Rovers", "Beta United", "Gamma City"})
        table += std::string("<tr><td><a href=/t>") + team + "</a></td><td>12 points</td><td>4 wins</td></tr>";
    table += "</table>";
    const std::string menu = "<table><tr><td><a href=/a>Home</a> <a href=/b>News</a> <a href=/c>Sport</a> "
                             "<a href=/d>Weather</a></td><td>" + paragraph(9) + "</td></tr></table>";
    page p("<body><article>" + paragraphs(1, 3) + table + paragraphs(4, 2) + "</article>" + menu + "</body>");
    p.run_through("repeats");
    EXPECT_TRUE(p.kept("Beta United")) << "the row's label, beside cells of plain text";
    EXPECT_TRUE(p.kept("12 points"));
    EXPECT_FALSE(p.kept("Home News")) << "a cell of many links is still a menu";
}

TEST(context_pass, values_repeated_inside_one_table_stay_and_a_copied_table_goes) {
    std::string table = "<table class=standings>";
    for (const char* team : {"Alpha Rovers", "Beta United", "Gamma City"})
        table += std::string("<tr><td class=team>") + team + "</td><td class=won>2 games</td><td class=lost>2 games</td></tr>";
    table += "</table>";
    std::string copy = "<table class=print>";
    for (const char* team : {"Alpha Rovers", "Beta United", "Gamma City"})
        copy += std::string("<tr><td class=name>") + team + "</td></tr>";
    copy += "</table>";
    page p("<body><article>" + paragraphs(1, 3) + table + paragraphs(4, 2) + copy + paragraphs(6, 2) + "</article></body>");
    p.run_through("repeats");
    std::uint32_t kept_values = 0, copies_dropped = 0;
    for (std::uint32_t i = 0; i < p.tree().blocks.size(); ++i) {
        const std::string_view text = p.tree().text_of(p.tree().blocks[i]);
        const auto& d = p.out().decisions[i];
        if (text == "2 games" && d.kept) ++kept_values;
        if (text == "Beta United" && d.decision == block_class::duplicate) ++copies_dropped;
    }
    EXPECT_EQ(kept_values, 6u) << "a standings table keeps every cell";
    EXPECT_EQ(copies_dropped, 1u) << "the same names in another table are a copy";
}

TEST(signal_cache, each_block_is_asked_once) {
    signal_cache cache;
    cache.reset(2);
    const auto& first = cache.date(0, "Published 2024-05-09");
    ASSERT_TRUE(first.has_value());
    // The second question about block 0 is answered from the first, whatever text comes with it.
    EXPECT_EQ(&cache.date(0, "no date here"), &first);
    EXPECT_FALSE(cache.date(1, "no date here").has_value());
    cache.reset(2);
    EXPECT_FALSE(cache.date(0, "no date here").has_value()) << "a new page asks again";
}

}  // namespace
