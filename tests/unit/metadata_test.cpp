// Unit tests of winnow/metadata.hpp and of the lenient JSON reader behind its JSON-LD support.
#include "winnow/metadata.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "article/headline.hpp"
#include "article/json_ld.hpp"
#include "signals/text_signals_internal.hpp"
#include "winnow/tokenizer.hpp"

namespace {

using strings = std::vector<std::string>;

winnow::page_metadata collect(std::string_view html) {
    winnow::metadata_collector meta;
    EXPECT_TRUE(winnow::tokenizer::tokenize(html, meta));
    return meta.finish();
}

std::string ld(std::string_view json) {
    return "<script type=\"application/ld+json\">" + std::string(json) + "</script>";
}

// ---------------------------------------------------------------------------------------------------
// Title

TEST(MetadataTitle, PrefersOpenGraphThenJsonLdThenTwitterThenTitleThenH1) {
    const std::string head = "<title>Page title | Site</title>";
    EXPECT_EQ(collect("<head><meta property=\"og:title\" content=\"OG headline of the story\">" + head +
                      ld(R"({"@type":"NewsArticle","headline":"LD headline of the story"})") +
                      "<meta name=\"twitter:title\" content=\"Twitter headline of the story\"></head>")
                  .title,
              "OG headline of the story");
    EXPECT_EQ(collect("<head><title>Story headline here | Site</title>" +
                      ld(R"({"@type":"NewsArticle","headline":"Story headline here"})") +
                      "<meta name=\"twitter:title\" content=\"Twitter: story headline\"></head>")
                  .title,
              "Story headline here");
    EXPECT_EQ(collect("<head><title>Story headline here | Site</title>"
                      "<meta name=\"twitter:title\" content=\"Story headline here, on Twitter\"></head>")
                  .title,
              "Story headline here, on Twitter");
    EXPECT_EQ(collect("<head><title>Story headline here | Site</title></head><body><h1>Other</h1>").title,
              "Story headline here");
    EXPECT_EQ(collect("<body><h1>  Only the\n <em>h1</em>  </h1><h1>Second</h1>").title, "Only the h1");
    EXPECT_EQ(collect("<body><h1>Your Guide<br>to Medicare<span class=sub><div>in 2025</div></span></h1>").first_h1,
              "Your Guide to Medicare in 2025") << "a line break or a block separates words";
}

TEST(MetadataTitle, TheVisibleHeadlineOverAVariantForSearchEngines) {
    const std::string head = "<head><meta property=\"og:title\" content=\"Best Apps to Learn a Language in 2025\">"
                             "<title>Best Apps to Learn a Language in 2025 | Site</title></head>";
    EXPECT_EQ(collect(head + "<body><h1>The Best Apps to Learn a Language, Tested by Us</h1>").title,
              "The Best Apps to Learn a Language, Tested by Us");
    // An <h1> on another subject (a section name, a slogan) or too short to say is not the headline.
    EXPECT_EQ(collect(head + "<body><h1>Our newsletter for travellers</h1>").title, "Best Apps to Learn a Language in 2025");
    EXPECT_EQ(collect(head + "<body><h1>Language apps</h1>").title, "Best Apps to Learn a Language in 2025");
}

TEST(MetadataTitle, KeepsTheRawTitleAndTheFirstH1) {
    const auto m = collect("<html><head><title>\n  Headline   text\t| Example </title></head>"
                           "<body><h1></h1><h1>The <a href=x>real</a> headline</h1><h1>Another</h1>");
    EXPECT_EQ(m.html_title, "Headline text | Example");
    EXPECT_EQ(m.first_h1, "The real headline");
    EXPECT_EQ(m.title, "Headline text");
}

TEST(MetadataTitle, StripsTheKnownSiteName) {
    const auto m = collect("<meta property=\"og:site_name\" content=\"Example News\">"
                           "<title>Mayor resigns after vote - Example News</title>");
    EXPECT_EQ(m.site_name, "Example News");
    EXPECT_EQ(m.title, "Mayor resigns after vote");
    EXPECT_EQ(collect("<meta property=\"og:site_name\" content=\"Example\">"
                      "<meta property=\"og:title\" content=\"Mayor resigns after vote | Example\">")
                  .title,
              "Mayor resigns after vote");
    EXPECT_EQ(collect("<meta property=\"og:site_name\" content=\"观察者网\"><title>王炸芯片，难再成苹果救星_科创_观察者网</title>")
                  .title,
              "王炸芯片，难再成苹果救星");
}

TEST(MetadataTitle, IgnoresSvgTitlesAndSiteNamesAsTitles) {
    EXPECT_EQ(collect("<body><svg><title>icon</title></svg><title>Real title of the page</title>").html_title,
              "Real title of the page");
    // og:title that is only the site's name, beside a <title> that has the headline.
    EXPECT_EQ(collect("<meta property=\"og:title\" content=\"Investment Watch\">"
                      "<title>Biggest money laundering scheme uncovered | Investment Watch</title>")
                  .title,
              "Biggest money laundering scheme uncovered");
}

TEST(MetadataTitle, PassesOverAJsonLdHeadlineThatIsADescription) {
    // Wikipedia puts the short description in "headline".
    const auto m = collect("<title>New Zealand - Wikipedia</title>" +
                           ld(R"({"@type":"Article","name":"New Zealand","headline":"constitutional monarchy in Oceania"})") +
                           "<body><h1>New Zealand</h1>");
    EXPECT_EQ(m.title, "New Zealand");
}

TEST(MetadataTitle, PrefersTheH1InsideALongerOgTitle) {
    const auto m = collect("<meta property=\"og:title\" content=\"Strava-Karten ab sofort mit mehr Infos - Strava-Update: POI\">"
                           "<body><h1>Strava-Karten ab sofort mit mehr Infos</h1>");
    EXPECT_EQ(m.title, "Strava-Karten ab sofort mit mehr Infos");
}

TEST(MetadataTitle, AnOgTitleCopiedFromTheTitleLosesTheSiteAsTheTitleDoes) {
    EXPECT_EQ(collect("<head><title>Top five tools for the job | ToolSite</title>"
                      "<meta property=\"og:title\" content=\"Top five tools for the job | ToolSite\"></head>")
                  .title,
              "Top five tools for the job");
    // An og:title of its own is kept as written.
    EXPECT_EQ(collect("<head><title>Top five tools for the job | ToolSite</title>"
                      "<meta property=\"og:title\" content=\"The five tools for the job\"></head>")
                  .title,
              "The five tools for the job");
}

TEST(MetadataTitle, CapsWhatItCollects) {
    std::string html = "<title>";
    html.append(std::size_t{1} << 20, 'x');
    html += "</title>";
    const auto m = collect(html);
    EXPECT_LE(m.html_title.size(), std::size_t{64} << 10);
}

// ---------------------------------------------------------------------------------------------------
// Authors

TEST(MetadataAuthors, ReadJsonLdAuthorsInEveryShape) {
    EXPECT_EQ(collect(ld(R"({"@type":"NewsArticle","author":"Jane Doe"})")).authors, strings{"Jane Doe"});
    EXPECT_EQ(collect(ld(R"({"@type":"NewsArticle","author":{"@type":"Person","name":"Jane Doe"}})")).authors,
              strings{"Jane Doe"});
    EXPECT_EQ(collect(ld(R"({"@type":"NewsArticle","author":[{"@type":"Person","name":"Jane Doe"},
                                                             {"@type":"Person","name":"John Roe"}]})"))
                  .authors,
              (strings{"Jane Doe", "John Roe"}));
    EXPECT_EQ(collect(ld(R"({"@type":"BlogPosting","author":"Jane Doe and John Roe"})")).authors,
              (strings{"Jane Doe", "John Roe"}));
    EXPECT_EQ(collect(ld(R"({"@context":"https://schema.org","@graph":[
                  {"@type":"WebSite","name":"Example"},
                  {"@type":"Article","headline":"H","author":{"@id":"https://example.com/#/person/1"}},
                  {"@type":"Person","@id":"https://example.com/#/person/1","name":"Jane Doe"}]})"))
                  .authors,
              strings{"Jane Doe"});
    EXPECT_EQ(collect(ld(R"({"@type":"Article","author":{"@type":"Person","givenName":"Jane","familyName":"Doe"}})"))
                  .authors,
              strings{"Jane Doe"});
}

TEST(MetadataAuthors, CredentialsAgenciesAndPlaceholdersAreNoAuthors) {
    // Post-nominal letters after commas are the one person's.
    EXPECT_EQ(collect(ld(R"({"@type":"Article","author":{"@type":"Person","name":"Dylan Bailey, MS, RD, FAND"}})")).authors,
              strings{"Dylan Bailey"});
    EXPECT_EQ(collect("<meta name=\"author\" content=\"Jane Doe, Ph.D., John Roe, MBA\">").authors,
              (strings{"Jane Doe", "John Roe"}));
    // Two capitals at least: "Ma" after a comma is a name, not a master's degree.
    EXPECT_EQ(collect("<meta name=\"author\" content=\"Jack Ma, Jane Doe\">").authors, (strings{"Jack Ma", "Jane Doe"}));
    // An agency line after a <br> (or in its own span) in the byline element is not part of the last name.
    EXPECT_EQ(collect("<body><div class=\"byline\">By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER<br>"
                      "Associated Press</div>")
                  .authors,
              (strings{"LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"}));
    EXPECT_EQ(collect("<body><div class=\"byline\"><span>By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER</span> "
                      "<span>Associated Press</span></div>")
                  .authors,
              (strings{"LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"}));
    // "Guest" and "Anonymous" stand where nobody is named.
    EXPECT_TRUE(collect(ld(R"({"@type":"DiscussionForumPosting","author":{"@type":"Person","name":"Guest"}})")).authors.empty());
    EXPECT_TRUE(collect("<meta name=\"author\" content=\"Anonymous\">").authors.empty());
    // An element named "author" that holds a heading is a teaser card: the byline inside it counts.
    EXPECT_EQ(collect("<body><div class=\"author-card\"><h2>Another story</h2><span class=\"byline\">By Jane Doe</span>"
                      "</div>")
                  .authors,
              strings{"Jane Doe"});
}

TEST(MetadataSchemaType, IsTheMainEntitysType) {
    EXPECT_EQ(collect(ld(R"({"@type":"DiscussionForumPosting","headline":"H"})")).schema_type, "discussionforumposting");
    EXPECT_EQ(collect(ld(R"({"@context":"https://schema.org","@type":"https://schema.org/NewsArticle"})")).schema_type,
              "newsarticle");
    EXPECT_EQ(collect(ld(R"({"@graph":[{"@type":"WebSite","name":"S"},{"@type":"QAPage"}]})")).schema_type, "qapage");
    // The article wins over a page-typed object around it.
    EXPECT_EQ(collect(ld(R"({"@graph":[{"@type":"WebPage"},{"@type":"BlogPosting","headline":"H"}]})")).schema_type,
              "blogposting");
    EXPECT_TRUE(collect("<title>No JSON-LD</title>").schema_type.empty());
}

TEST(MetadataAuthors, NameEachPersonOnce) {
    EXPECT_EQ(collect("<body><span itemprop=author>Marie Stafford</span><span itemprop=author>Marie Stafford</span>"
                      "<span itemprop=author>marie stafford</span>")
                  .authors,
              strings{"Marie Stafford"});
}

TEST(MetadataAuthors, PreferPersonsToOrganisations) {
    EXPECT_EQ(collect(ld(R"({"@type":"NewsArticle","author":{"@type":"Organization","name":"Example News"}})") +
                      "<meta name=\"author\" content=\"Jane Doe\">")
                  .authors,
              strings{"Jane Doe"});
    EXPECT_EQ(collect(ld(R"({"@type":"NewsArticle","author":{"@type":"Organization","name":"Example News"}})")).authors,
              strings{"Example News"});
    // A web agency or the site in the author field gives way to the byline in the page.
    EXPECT_EQ(collect("<meta name=\"author\" content=\"Web Commerce GmbH\"><body><span class=\"byline\">By Jane Doe</span>")
                  .authors,
              strings{"Jane Doe"});
}

TEST(MetadataAuthors, ReadMetaTagsAndSkipUrls) {
    EXPECT_EQ(collect("<meta name=\"author\" content=\"By Jane Doe\">").authors, strings{"Jane Doe"});
    EXPECT_EQ(collect("<meta property=\"article:author\" content=\"https://www.facebook.com/janedoe\">"
                      "<meta name=\"author\" content=\"Jane Doe\">")
                  .authors,
              strings{"Jane Doe"});
    EXPECT_TRUE(collect("<meta property=\"article:author\" content=\"https://www.facebook.com/janedoe\">").authors.empty());
    EXPECT_EQ(collect("<meta name=\"author\" content=\"Jane Doe, John Roe\">").authors, (strings{"Jane Doe", "John Roe"}));
    EXPECT_EQ(collect("<meta name=\"author\" content=\"Jane Doe &amp; John Roe\">").authors,
              (strings{"Jane Doe", "John Roe"}));
    EXPECT_EQ(collect("<meta name=\"author\" content=\"Max Muster und Erika Mustermann\">").authors,
              (strings{"Max Muster", "Erika Mustermann"}));
    EXPECT_EQ(collect("<meta name=\"author\" content=\"张三、李四\">").authors, (strings{"张三", "李四"}));
    EXPECT_EQ(collect("<meta name=\"sailthru.author\" content=\"Jane Doe\">").authors, strings{"Jane Doe"});
    EXPECT_EQ(collect("<meta name=\"parsely-author\" content=\"Jane Doe\">").authors, strings{"Jane Doe"});
    EXPECT_EQ(collect("<meta name=\"DC.creator\" content=\"Jane Doe\"><meta name=\"author\" content=\"Other\">").authors,
              strings{"Jane Doe"});
    EXPECT_EQ(collect("<meta name=\"author\" content=\"jane@example.com\">").authors, strings{});
    EXPECT_EQ(collect("<meta name=\"twitter:label1\" content=\"Written by\"><meta name=\"twitter:data1\" content=\"Jane Doe\">")
                  .authors,
              strings{"Jane Doe"});
}

TEST(MetadataAuthors, ReadMicrodataAndRelAuthor) {
    EXPECT_EQ(collect("<body><span itemprop=\"author\">Jane Doe</span>").authors, strings{"Jane Doe"});
    EXPECT_EQ(collect("<body><div itemprop=\"author\" itemscope itemtype=\"https://schema.org/Person\">"
                      "<img src=a.jpg><span itemprop=\"name\">Jane Doe</span><p>Jane writes about the weather.</p></div>")
                  .authors,
              strings{"Jane Doe"});
    EXPECT_EQ(collect("<body><span itemprop=author itemscope><meta itemprop=name content=\"Jane Doe\"></span>").authors,
              strings{"Jane Doe"});
    EXPECT_EQ(collect("<body><a rel=\"author\" href=\"/people/jane\">Jane Doe</a>").authors, strings{"Jane Doe"});
    EXPECT_EQ(collect("<body><p>By <a rel=\"author external\" href=\"/people/jane\">Jane <b>Doe</b></a></p>").authors,
              strings{"Jane Doe"});
    EXPECT_TRUE(collect("<body><a rel=\"author\" href=\"/about\">read more about our writers here</a>").authors.empty());
}

TEST(MetadataAuthors, FollowJsonLdOverMetaOverElements) {
    const std::string page = ld(R"({"@type":"NewsArticle","author":{"name":"LD Person"}})") +
                             "<meta name=\"author\" content=\"Meta Person\"><body><span itemprop=author>Item Person</span>";
    EXPECT_EQ(collect(page).authors, strings{"LD Person"});
    EXPECT_EQ(collect("<meta name=\"author\" content=\"Meta Person\"><body><span itemprop=author>Item Person</span>").authors,
              strings{"Meta Person"});
}

TEST(MetadataAuthors, ReadBylinesInClassedElements) {
    EXPECT_EQ(collect("<body><div class=\"article-byline\">Von Max Muster</div>").authors, strings{"Max Muster"});
    EXPECT_EQ(collect("<body><span class=\"author-name\">Jane Doe</span>").authors, strings{"Jane Doe"});
    // Comment authors are not the article's.
    EXPECT_TRUE(collect("<body><span class=\"comment-author\">Troll 2000</span>").authors.empty());
    // Unlabelled CJK text in an author box is not trusted; a labelled byline is.
    EXPECT_TRUE(collect("<body><span class=\"author\">文章</span>").authors.empty());
    EXPECT_EQ(collect("<body><div class=\"author\">作者：张三</div>").authors, strings{"张三"});
    // An unlabelled name with its date: the name, and the date as the page's when it has no other.
    const auto dated = collect("<body><p class=\"author\">Andrew Gerrand 4 August 2010</p>");
    EXPECT_EQ(dated.authors, strings{"Andrew Gerrand"});
    EXPECT_EQ(dated.published, "2010-08-04");
}

TEST(MetadataAuthors, KeepUserHandlesOfStructuredFields) {
    // A forum's user names carry digits; from a structured field they are names, in running text they are not.
    EXPECT_EQ(collect(ld(R"({"@type":"DiscussionForumPosting","author":{"@type":"Person","name":"paulb203"}})")).authors,
              strings{"paulb203"});
    EXPECT_EQ(collect("<meta name=\"author\" content=\"user3080392\">").authors, strings{"user3080392"});
    EXPECT_EQ(collect("<body><span itemprop=\"author\">Pippin06</span>").authors, strings{"Pippin06"});
    EXPECT_TRUE(collect("<meta name=\"author\" content=\"262588213843476\">").authors.empty());
    EXPECT_TRUE(collect("<meta name=\"author\" content=\"https://example.com/u/jane2\">").authors.empty());
    EXPECT_TRUE(collect("<body><span class=\"author\">Page 2</span>").authors.empty());
}

TEST(UserHandle, TableOfHandlesAndNonHandles) {
    struct handle_case {
        const char* text;
        bool handle;
    };
    const handle_case cases[] = {
        {"paulb203", true},     {"user3080392", true}, {"Pippin06", true},       {"star_gazer-99", true},
        {"jane.doe2", true},    {"Jane Doe", false},   {"paulb", false},         {"262588213843476", false},
        {"2fast", false},       {"a1", false},         {"jane2@example.com", false}, {"example2.com", false},
        {"Troll 2000", false},  {"x9", false},         {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1", false},
    };
    for (const auto& c : cases) EXPECT_EQ(winnow::signals::detail::is_user_handle(c.text), c.handle) << c.text;
}

TEST(UpdateLabel, TableOfLabelsBeforeADate) {
    struct label_case {
        const char* before;
        bool update;
    };
    const label_case cases[] = {
        {"Updated ", true},           {"Last updated: ", true},     {"Medically reviewed on ", true},
        {"By Jane Doe · Updated ", true}, {"Aktualisiert am ", true}, {"Mis à jour le ", true},
        {"更新时间：", true},          {"Published ", false},        {"By Jane Doe · ", false},
        {"", false},                  {"Outdated ", false},         {"Posted on ", false},
    };
    for (const auto& c : cases)
        EXPECT_EQ(winnow::signals::detail::ends_with_update_label(c.before), c.update) << c.before;
}

TEST(ShownTitle, AThreadsTitleLosesItsBoardPrefix) {
    using winnow::page_type;
    winnow::page_metadata m;
    m.title = m.metadata_title = "Payment issues - how to delete or change payment method";
    m.first_h1 = "Payment issues how to delete or change payment method";
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::forum, 1), "how to delete or change payment method");
    // Without the prefix in the <h1>, or with a long first part, the title stays as it is.
    m.first_h1 = "how to delete or change payment method";
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::forum, 1), m.metadata_title);
    m.title = m.metadata_title = "Why the ferry to the island stops - and what to do";
    m.first_h1 = m.title;
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::forum, 1), m.metadata_title);
}

TEST(SameHeadline, FoldedWordsEqualOrFourFifths) {
    using winnow::detail::same_headline;
    EXPECT_TRUE(same_headline("ORM Quick Start", "orm quick start!"));
    EXPECT_TRUE(same_headline("Best Residential Movers in NYC 2025", "Best Residential Movers in NYC 2025 | Top 19"));
    EXPECT_FALSE(same_headline("Sudo", "Sudo - ArchWiki"));
    EXPECT_FALSE(same_headline("", "Sudo"));
}

TEST(ConfirmedHeadline, AnH1ThatTheMetadataConfirmsReplacesATitleNoneDoes) {
    winnow::page_metadata m;
    m.site_name = "ByteSauna";
    m.title_sources = {"ORM Quick Start", "ORM Quick Start"};
    const std::string_view h1s[] = {"SQLAlchemy 2.0 Documentation", "ORM Quick Start\xC2\xB6"};
    EXPECT_EQ(winnow::detail::confirmed_headline("SQLAlchemy 2.0 Documentation", m, "https://docs.example.org/orm", h1s),
              "ORM Quick Start") << "the banner gives way; the permalink mark goes";
    EXPECT_EQ(winnow::detail::confirmed_headline("ORM quick start:", m, "https://docs.example.org/orm", h1s),
              "ORM quick start:") << "a confirmed title stays as it is";
    // The site's name is never the headline, however the metadata spells it.
    m.title_sources = {"Seelenradio"};
    const std::string_view site_h1[] = {"seelenradio"};
    EXPECT_EQ(winnow::detail::confirmed_headline("Nummer zwei: Leo", m, "https://www.seelenradio.de/leo", site_h1),
              "Nummer zwei: Leo");
    m.title_sources.clear();
    EXPECT_EQ(winnow::detail::confirmed_headline("Anything", m, "", h1s), "Anything") << "nothing to confirm with";
}

TEST(TidyTitle, MendsTheWaysTitlesComeBroken) {
    struct tidy_case {
        const char* title;
        const char* html_title;
        const char* og_title;
        const char* first_h1;
        const char* url;
        const char* expected;
    };
    const tidy_case cases[] = {
        // UTF-8 read as windows-1252 and written again.
        {"A DIY Investor\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s Guide", "", "", "", "", "A DIY Investor\xE2\x80\x99s Guide"},
        {"Caf\xC3\xA9 au lait", "", "", "", "", "Caf\xC3\xA9 au lait"},   // real accents stay
        // The same text twice.
        {"News News", "", "", "", "", "News"},
        {"NewsNews", "", "", "", "", "News"},
        // A blog's date before its post's title.
        {"Dec 18 2025 Preparing a transition", "", "", "", "", "Preparing a transition"},
        {"10 Best Apps of 2025", "", "", "", "", "10 Best Apps of 2025"},
        // og:title is the <title>'s first part: the headline, not the site.
        {"Blue Line Bike Lab", "Local Trails - Blue Line Bike Lab", "Local Trails", "", "https://bluelinebikelab.com/trails",
         "Local Trails"},
        // "Brand - Tagline" and an <h1> on something else.
        {"The heart of the internet", "Reddit - The heart of the internet", "", "Enameled cast iron pan and metal utensils",
         "https://www.reddit.com/r/x", "Enameled cast iron pan and metal utensils"},
        {"The heart of the internet", "Reddit - The heart of the internet", "", "Reddit", "https://www.reddit.com/r/x",
         "The heart of the internet"},
        // A <title> that lost its headline; a title cut short.
        {"| Nuts & Volts Magazine", "| Nuts & Volts Magazine", "", "Electronic Gadgets", "", "Electronic Gadgets"},
        {"Wedding Checklist Wedding Planning Checklists\xE2\x80\xA6", "", "", "Wedding Checklist :: Printable Timeline", "",
         "Wedding Checklist :: Printable Timeline"},
        // The <title>'s head before " | More", and before " | Site" when the title was the site.
        {"Cloudflare CDN | Content Delivery Network", "Cloudflare CDN | Content Delivery Network", "", "", "",
         "Cloudflare CDN"},
        {"Health Agency", "Electrical - Overview | Health Agency", "", "", "", "Electrical - Overview"},
        // A site's name glued before the headline.
        {"davidbau.com Vibe Coding", "", "", "", "https://davidbau.com/archives/vibe.html", "Vibe Coding"},
        {"TFH Online Forum-What to look for in fish", "", "", "", "https://tfh.example/t/1", "What to look for in fish"},
    };
    for (const auto& c : cases) {
        winnow::page_metadata m;
        m.html_title = c.html_title;
        m.og_title = c.og_title;
        m.first_h1 = c.first_h1;
        if (std::string_view(c.title).starts_with("TFH")) m.site_name = "TFH Online Forum";
        EXPECT_EQ(winnow::detail::tidy_title(c.title, m, c.url), c.expected) << c.title;
    }
}

TEST(MetadataCollector, KeepsEachSourcesTitle) {
    const auto m = collect("<head><title>ORM Quick Start | SQLAlchemy</title><meta property=\"og:title\" "
                           "content=\"ORM Quick Start\"></head><body><h1>SQLAlchemy</h1></body>");
    ASSERT_EQ(m.title_sources.size(), 2u);
    EXPECT_EQ(m.title_sources[0], "ORM Quick Start");
    EXPECT_EQ(m.title_sources[1], "ORM Quick Start");
}

// The title shown once the page type is known (article/headline.hpp).
TEST(ShownTitle, TakesTheH1WhereItIsTheHeadline) {
    using winnow::page_type;
    winnow::page_metadata m;
    m.title = "Best Apps to Learn a Language in 2025";
    m.first_h1 = "Top 10: Best Language Learning Apps, Tested";
    m.site_name = "Example Reviews";
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::article, 1), m.first_h1);
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::listing, 2), m.first_h1);
    // A landing page's <h1> is a slogan; many <h1>s are section titles.
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::service, 1), m.title);
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::article, 3), m.title);
    // An <h1> on another subject, or the site's name, is not the headline.
    m.first_h1 = "Our Newsletter";
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::article, 1), m.title);
    m.first_h1 = "Example Reviews";
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::article, 1), m.title);
    // A service page or a thread: the metadata's own title, even where the collector took the <h1>.
    m.metadata_title = "Pet Insurance Quotes";
    m.first_h1 = "Help protect your pet and your budget";
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::service, 1), "Pet Insurance Quotes");
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::forum, 1), "Pet Insurance Quotes");
    m.metadata_title.clear();
    // Without a metadata title the <h1> is all there is.
    m.title.clear();
    m.first_h1 = "Hiking Boots";
    EXPECT_EQ(winnow::detail::shown_title(m, page_type::service, 5), "Hiking Boots");
}

TEST(ShownTitle, TheSiteLabelOfAUrlDropsSubdomainsAndTopLevelDomains) {
    using winnow::signals::detail::site_label_of_url;
    struct row {
        const char* url;
        const char* label;
    };
    for (const row& r : std::initializer_list<row>{{"https://bbs.archlinux.org/viewtopic.php?id=1", "archlinux"},
                                                    {"https://www.bbc.co.uk/news/1", "bbc"},
                                                    {"http://user:pw@shop.example.com.au:8080/x", "example"},
                                                    {"https://localhost/", "localhost"},
                                                    {"https://github.io/", "github"},
                                                    {"not a url", ""}})
        EXPECT_EQ(site_label_of_url(r.url), r.label) << r.url;
    EXPECT_TRUE(winnow::signals::detail::is_site_name("VirtualBox.org", "virtualbox"));
    EXPECT_TRUE(winnow::signals::detail::is_site_name("www.AliExpress.com", "aliexpress"));
    EXPECT_FALSE(winnow::signals::detail::is_site_name("VirtualBox Manual", "virtualbox"));
}

TEST(ShownTitle, TheSiteAsItsUrlSpellsItIsNoTitle) {
    using winnow::detail::title_without_site_of_url;
    winnow::page_metadata m;
    m.html_title = "Wireless Earbuds with Case - AliExpress";
    m.metadata_title = "Wireless Earbuds with Case";
    // A title that is only the site's name gives way to the metadata's own title.
    EXPECT_EQ(title_without_site_of_url("AliExpress", m, "https://www.aliexpress.com/item/1.html"), "Wireless Earbuds with Case");
    m.metadata_title.clear();
    EXPECT_EQ(title_without_site_of_url("aliexpress.com", m, "https://www.aliexpress.com/item/1.html"), "Wireless Earbuds with Case");
    // Below the home page, a part that is the site is dropped; the home page keeps its brand and tagline.
    EXPECT_EQ(title_without_site_of_url("Installing Guest Additions | VirtualBox", m, "https://forums.virtualbox.org/t/9"),
              "Installing Guest Additions");
    EXPECT_EQ(title_without_site_of_url("VirtualBox | Run any system", m, "https://www.virtualbox.org/"),
              "VirtualBox | Run any system");
    // A short label ("x.ai") or no URL changes nothing.
    EXPECT_EQ(title_without_site_of_url("X | A story", m, "https://x.ai/story"), "X | A story");
    EXPECT_EQ(title_without_site_of_url("Story | BBC", m, ""), "Story | BBC");
}

// ---------------------------------------------------------------------------------------------------
// Dates

TEST(MetadataDates, FollowThePriorityOfSources) {
    const std::string time = "<body><time datetime=\"2024-05-01\">1 May</time>";
    const std::string meta = "<meta name=\"pubdate\" content=\"20240502\">";
    const std::string json = ld(R"({"@type":"NewsArticle","datePublished":"2024-05-03T10:00:00+02:00"})");
    const std::string og = "<meta property=\"article:published_time\" content=\"2024-05-04T08:09:10Z\">";
    EXPECT_EQ(collect(og + json + meta + time).published, "2024-05-04T08:09:10");
    EXPECT_EQ(collect(json + meta + time).published, "2024-05-03T10:00:00");
    EXPECT_EQ(collect(meta + time).published, "2024-05-02");
    EXPECT_EQ(collect(time).published, "2024-05-01");
}

TEST(MetadataDates, KnowManyMetaNames) {
    for (const char* name : {"date", "pubdate", "publishdate", "publish-date", "publication_date", "dc.date",
                             "DC.date.issued", "sailthru.date", "parsely-pub-date", "og:published_time",
                             "article.published", "datePublished", "w-published-date", "x:publication_date"}) {
        const std::string html = std::string("<meta name=\"") + name + "\" content=\"2024-05-09T00:11:46+08:00\">";
        EXPECT_EQ(collect(html).published, "2024-05-09T00:11:46") << name;
    }
    EXPECT_EQ(collect("<meta itemprop=\"datePublished\" content=\"2024-05-09\">").published, "2024-05-09");
    EXPECT_EQ(collect("<body><span itemprop=\"datePublished\">9. Mai 2024</span>").published, "2024-05-09");
    EXPECT_EQ(collect("<meta name=\"date\" content=\"Thu, 09 May 2024 00:11:46 GMT\">").published, "2024-05-09T00:11:46");
}

TEST(MetadataDates, AnEndingAloneNamesAPublicationDateAfterASeparator) {
    EXPECT_EQ(collect("<meta name=\"unpublished-date\" content=\"2024-05-09\">").published, "");
    EXPECT_EQ(collect("<meta name=\"site:published-date\" content=\"2024-05-09\">").published, "2024-05-09");
}

TEST(MetadataDates, SkipInvalidValuesAndKeepModified) {
    EXPECT_EQ(collect("<meta name=\"date\" content=\"1715213506\"><meta name=\"pubdate\" content=\"2024-05-09\">").published,
              "2024-05-09");
    EXPECT_EQ(collect("<meta property=\"article:modified_time\" content=\"2024-05-10T12:00:00+00:00\">").modified,
              "2024-05-10T12:00:00");
    EXPECT_EQ(collect(ld(R"({"@type":"Article","dateModified":"2024-05-11"})")).modified, "2024-05-11");
    EXPECT_TRUE(collect("<meta name=\"date\" content=\"soon\">").published.empty());
}

TEST(MetadataDates, FallBackToADateInAClassedElement) {
    EXPECT_EQ(collect("<body><div class=\"post-date\">Veröffentlicht am 9. Mai 2024</div>").published, "2024-05-09");
    EXPECT_EQ(collect("<body><span class=\"comment-date\">9. Mai 2024</span>").published, "");
}

// ---------------------------------------------------------------------------------------------------
// Language, site, canonical, description

TEST(MetadataLanguage, KeepsThePrimarySubtag) {
    EXPECT_EQ(collect("<html lang=\"zh-CN\">").language, "zh");
    EXPECT_EQ(collect("<html lang=\"EN-us\">").language, "en");
    EXPECT_EQ(collect("<meta property=\"og:locale\" content=\"en_US\">").language, "en");
    EXPECT_EQ(collect("<meta http-equiv=\"content-language\" content=\"de-AT\">").language, "de");
    EXPECT_EQ(collect(ld(R"({"@type":"Article","inLanguage":"fr-FR"})")).language, "fr");
    EXPECT_EQ(collect("<html lang=\"de\"><meta property=\"og:locale\" content=\"en_US\">").language, "de");
    EXPECT_EQ(collect("<html><meta http-equiv=\"content-language\" content=\"ja\"><meta property=\"og:locale\" content=\"en_US\">")
                  .language,
              "ja");
    EXPECT_EQ(collect("<meta http-equiv=\"content-language\" content=\"utf-8\">").language, "");
}

TEST(MetadataLanguage, TheTitleScriptOverridesATemplateDefault) {
    EXPECT_EQ(collect("<html lang=\"en\"><title>王炸芯片，难再成苹果救星</title>").language, "zh");
    EXPECT_EQ(collect("<title>王炸芯片，难再成苹果救星</title>").language, "zh");
    EXPECT_EQ(collect("<html lang=\"ja\"><title>王炸芯片</title>").language, "ja");
    EXPECT_EQ(collect("<title>Just an English title here</title>").language, "");
}

TEST(MetadataSite, FollowsItsPriority) {
    EXPECT_EQ(collect("<meta property=\"og:site_name\" content=\"OG Site\">" +
                      ld(R"({"@type":"NewsArticle","publisher":{"@type":"Organization","name":"LD Site"}})") +
                      "<meta name=\"application-name\" content=\"App Site\">")
                  .site_name,
              "OG Site");
    EXPECT_EQ(collect(ld(R"({"@type":"NewsArticle","publisher":{"@type":"Organization","name":"LD Site"}})") +
                      "<meta name=\"application-name\" content=\"App Site\">")
                  .site_name,
              "LD Site");
    EXPECT_EQ(collect("<meta name=\"application-name\" content=\"App Site\">").site_name, "App Site");
}

TEST(MetadataCanonical, FollowsItsPriority) {
    EXPECT_EQ(collect("<link rel=\"canonical\" href=\"https://e.com/a\"><meta property=\"og:url\" content=\"https://e.com/b\">")
                  .canonical_url,
              "https://e.com/a");
    EXPECT_EQ(collect("<meta property=\"og:url\" content=\"https://e.com/b\">" +
                      ld(R"({"@type":"NewsArticle","url":"https://e.com/c"})"))
                  .canonical_url,
              "https://e.com/b");
    EXPECT_EQ(collect(ld(R"({"@type":"NewsArticle","mainEntityOfPage":{"@type":"WebPage","@id":"https://e.com/d"}})"))
                  .canonical_url,
              "https://e.com/d");
    EXPECT_EQ(collect("<link rel=\"alternate canonical\" href=\"https://e.com/a\">").canonical_url, "https://e.com/a");
}

TEST(MetadataCanonical, OnlyWebUrlsAreTaken) {
    // A canonical link that is no page's URL is passed over for the next candidate, or none.
    for (const char* bad : {"javascript:alert(1)", "JavaScript:void(0)", "data:text/html,<p>x", "/relative/path",
                            "//e.com/protocol-relative", "ftp://e.com/a", "https://", "https://e.com/a b"}) {
        EXPECT_EQ(collect(std::string("<link rel=canonical href=\"") + bad + "\">").canonical_url, "") << bad;
        EXPECT_EQ(collect(std::string("<link rel=canonical href=\"") + bad +
                          "\"><meta property=\"og:url\" content=\"https://e.com/b\">")
                      .canonical_url,
                  "https://e.com/b")
            << bad;
    }
    EXPECT_EQ(collect("<link rel=canonical href=\"HTTP://E.com/a?b=c#d\">").canonical_url, "HTTP://E.com/a?b=c#d");
}

TEST(MetadataDescription, FollowsItsPriority) {
    EXPECT_EQ(collect("<meta name=\"description\" content=\"Plain\"><meta property=\"og:description\" content=\"OG\">")
                  .description,
              "OG");
    EXPECT_EQ(collect("<meta name=\"description\" content=\"  Plain\n text \">").description, "Plain text");
}

// ---------------------------------------------------------------------------------------------------
// The collector as a token sink

TEST(MetadataCollector, GivesTheSameResultWhateverTheChunking) {
    const std::string page = "<html lang=\"de\"><head><title>Ein Titel | Seite</title>"
                             "<meta property=\"article:published_time\" content=\"2024-05-09T00:11:46+02:00\">" +
                             ld(R"({"@type":"NewsArticle","headline":"Ein Titel","author":{"name":"Max Muster"}})") +
                             "</head><body><h1>Ein Titel</h1><p>Text</p></body></html>";
    const auto whole = collect(page);
    for (std::size_t step : {1u, 3u, 7u, 64u}) {
        winnow::metadata_collector meta;
        winnow::tokenizer tok(meta);
        for (std::size_t i = 0; i < page.size(); i += step) ASSERT_TRUE(tok.feed(std::string_view(page).substr(i, step)));
        ASSERT_TRUE(tok.finish());
        const auto m = meta.finish();
        EXPECT_EQ(m.title, whole.title) << step;
        EXPECT_EQ(m.authors, whole.authors) << step;
        EXPECT_EQ(m.published, whole.published) << step;
        EXPECT_EQ(m.language, whole.language) << step;
    }
    EXPECT_EQ(whole.title, "Ein Titel");
    EXPECT_EQ(whole.authors, strings{"Max Muster"});
    EXPECT_EQ(whole.published, "2024-05-09T00:11:46");
    EXPECT_EQ(whole.language, "de");
}

TEST(MetadataCollector, ResetForgetsThePage) {
    winnow::metadata_collector meta;
    ASSERT_TRUE(winnow::tokenizer::tokenize("<html lang=en><title>First</title><meta name=author content=\"Jane Doe\">", meta));
    EXPECT_EQ(meta.finish().title, "First");
    meta.reset();
    ASSERT_TRUE(winnow::tokenizer::tokenize("<title>Second</title>", meta));
    const auto m = meta.finish();
    EXPECT_EQ(m.title, "Second");
    EXPECT_TRUE(m.authors.empty());
    EXPECT_TRUE(m.language.empty());
}

TEST(MetadataCollector, SurvivesAMove) {
    winnow::metadata_collector a;
    ASSERT_TRUE(winnow::tokenizer::tokenize("<title>Moved</title>", a));
    winnow::metadata_collector b(std::move(a));
    EXPECT_EQ(b.finish().title, "Moved");
    EXPECT_TRUE(a.finish().title.empty());   // NOLINT: a moved-from collector reports nothing, and does not crash
    a.reset();
    ASSERT_TRUE(winnow::tokenizer::tokenize("<title>Again</title>", a));
    EXPECT_EQ(a.finish().title, "Again");
}

TEST(MetadataCollector, EmptyPage) {
    const auto m = collect("");
    EXPECT_TRUE(m.title.empty());
    EXPECT_TRUE(m.authors.empty());
    EXPECT_TRUE(m.published.empty());
}

// ---------------------------------------------------------------------------------------------------
// JSON-LD in the wild

TEST(MetadataJsonLd, ToleratesWhatPagesWrite) {
    // Trailing commas, comments, HTML entities, single quotes, a CDATA wrapper.
    const auto m = collect(ld(R"(<![CDATA[ // the article
        {
          "@type": "NewsArticle", /* main */
          "headline": "Tom &amp; Jerry&#8217;s &quot;day&quot; out",
          'author': {'name': 'Jane Doe',},
          "datePublished": "2024-05-09",
        },
    ]]>)"));
    EXPECT_EQ(m.title, "Tom & Jerry’s \"day\" out");
    EXPECT_EQ(m.authors, strings{"Jane Doe"});
    EXPECT_EQ(m.published, "2024-05-09");
}

TEST(MetadataJsonLd, ReadsSeveralTopLevelObjectsAndArrays) {
    const auto m = collect(ld(R"({"@type":"WebSite","name":"Example"} {"@type":"NewsArticle","headline":"Second object"})"));
    EXPECT_EQ(m.title, "Second object");
    EXPECT_EQ(collect(ld(R"([{"@type":"Organization","name":"Org"},{"@type":["NewsArticle"],"headline":"In an array"}])"))
                  .title,
              "In an array");
    EXPECT_EQ(collect(ld(R"({"@type":"http://schema.org/BlogPosting","headline":"Typed by URL"})")).title, "Typed by URL");
}

TEST(MetadataJsonLd, TakesTheArticleAtTheTopNotOneInAList) {
    const auto m = collect(ld(R"({"@type":"NewsArticle","headline":"Main story",
        "hasPart":{"@type":"ItemList","itemListElement":[{"@type":"NewsArticle","headline":"Related story"}]}})"));
    EXPECT_EQ(m.title, "Main story");
}

TEST(MetadataJsonLd, UsesTheFirstScriptsArticle) {
    const auto m = collect(ld(R"({"@type":"Organization","name":"Example"})") +
                           ld(R"({"@type":"NewsArticle","headline":"The article","author":"Jane Doe"})") +
                           ld(R"({"@type":"NewsArticle","headline":"Another","author":"John Roe"})"));
    EXPECT_EQ(m.title, "The article");
    EXPECT_EQ(m.authors, strings{"Jane Doe"});
}

TEST(MetadataJsonLd, SurvivesHostileInput) {
    std::string deep(200000, '[');
    EXPECT_NO_FATAL_FAILURE(collect(ld(deep)));
    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
    EXPECT_NO_FATAL_FAILURE(collect(ld(objects)));
    EXPECT_NO_FATAL_FAILURE(collect(ld("{\"headline\": \"unterminated")));
    EXPECT_NO_FATAL_FAILURE(collect(ld("\\u12")));
    EXPECT_NO_FATAL_FAILURE(collect(ld("}}}]]]{{{")));
    EXPECT_NO_FATAL_FAILURE(collect(ld(std::string("{\"headline\":\"\xFF\xFE\"}"))));
}

TEST(JsonDocument, ParsesLeniently) {
    winnow::detail::json_document doc;
    doc.parse(R"({a: 1, 'b': 'two', "c": [true, null, 3.5,], "d": {"e": "\u00e9\ud83d\ude00"},})");
    const auto obj = doc.first_child(doc.root());
    ASSERT_NE(obj, winnow::detail::json_document::npos);
    EXPECT_EQ(doc.kind(obj), winnow::detail::json_kind::object);
    EXPECT_EQ(doc.text(doc.member(obj, "a")), "1");
    EXPECT_EQ(doc.text(doc.member(obj, "b")), "two");
    const auto c = doc.member(obj, "c");
    ASSERT_NE(c, winnow::detail::json_document::npos);
    std::vector<winnow::detail::json_kind> kinds;
    for (auto i = doc.first_child(c); i != winnow::detail::json_document::npos; i = doc.next(i)) kinds.push_back(doc.kind(i));
    EXPECT_EQ(kinds, (std::vector<winnow::detail::json_kind>{winnow::detail::json_kind::boolean, winnow::detail::json_kind::null,
                                                             winnow::detail::json_kind::number}));
    const auto d = doc.member(obj, "d");
    EXPECT_EQ(doc.text(doc.member(d, "e")), "é😀");
}

TEST(JsonDocument, BoundsDepthWithoutRecursion) {
    winnow::detail::json_document doc;
    std::string deep(1'000'000, '[');
    deep += "\"x\"";
    doc.parse(deep);
    EXPECT_LE(doc.size(), winnow::detail::json_document::max_depth + 2);
    doc.parse(R"({"after": "ok"})");
    EXPECT_EQ(doc.text(doc.member(doc.first_child(doc.root()), "after")), "ok");
}

TEST(JsonDocument, DecodesOnlyClosedReferences) {
    winnow::detail::json_document doc;
    doc.parse(R"(["AT&T", "a &amp; b", "&#x41;&#66;", "&nbsp;x", "&bogus;"])");
    std::vector<std::string> texts;
    for (auto i = doc.first_child(doc.first_child(doc.root())); i != winnow::detail::json_document::npos; i = doc.next(i))
        texts.emplace_back(doc.text(i));
    EXPECT_EQ(texts, (std::vector<std::string>{"AT&T", "a & b", "AB", "\xC2\xA0x", "&bogus;"}));
}

}  // namespace
