#include "winnow/tokenizer.hpp"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace {

using winnow::token_kind;

/// Records tokens as short strings: "<name a=v>", "</name>", "#text", "!comment", "doctype", "eof".
class recorder final : public winnow::token_sink {
public:
    std::vector<std::string> seen;
    std::vector<const char*> text_pointers;
    std::vector<std::size_t> offsets;

    void on_token(const winnow::token& t) override {
        offsets.push_back(t.offset);
        switch (t.kind) {
            case token_kind::characters:
                seen.push_back("#" + std::string(t.data));
                text_pointers.push_back(t.data.data());
                break;
            case token_kind::start_tag: {
                std::string s = "<" + std::string(t.name);
                for (const auto& a : t.attributes) s += " " + std::string(a.name) + "=" + std::string(a.value);
                seen.push_back(s + (t.self_closing ? "/>" : ">"));
                break;
            }
            case token_kind::end_tag: seen.push_back("</" + std::string(t.name) + ">"); break;
            case token_kind::comment: seen.push_back("!" + std::string(t.data)); break;
            case token_kind::doctype: seen.push_back("doctype " + std::string(t.name)); break;
            case token_kind::end_of_file: seen.push_back("eof"); break;
        }
    }
};

std::vector<std::string> tokens_of(std::string_view html, winnow::tokenizer_options options = {}) {
    recorder r;
    EXPECT_TRUE(winnow::tokenizer::tokenize(html, r, options));
    return r.seen;
}

using list = std::vector<std::string>;

TEST(tokenizer, basic_document) {
    EXPECT_EQ(tokens_of("<!DOCTYPE html><p class=\"x\">Hello &amp; <b>world</b></p><!-- c -->"),
              (list{"doctype html", "<p class=x>", "#Hello & ", "<b>", "#world", "</b>", "</p>", "! c ", "eof"}));
}

TEST(tokenizer, title_and_textarea_are_rcdata) {
    EXPECT_EQ(tokens_of("<title>a<b>&lt;</title>x"), (list{"<title>", "#a<b><", "</title>", "#x", "eof"}));
    EXPECT_EQ(tokens_of("<textarea><p></textarea>"), (list{"<textarea>", "#<p>", "</textarea>", "eof"}));
}

TEST(tokenizer, raw_text_elements_hide_markup) {
    EXPECT_EQ(tokens_of("<script>if (a<b) x=\"</div>\";</script><p>"),
              (list{"<script>", "#if (a<b) x=\"</div>\";", "</script>", "<p>", "eof"}));
    EXPECT_EQ(tokens_of("<style>p>a{}</style>"), (list{"<style>", "#p>a{}", "</style>", "eof"}));
    EXPECT_EQ(tokens_of("<iframe><b>x</b></iframe>"), (list{"<iframe>", "#<b>x</b>", "</iframe>", "eof"}));
    EXPECT_EQ(tokens_of("<script><!--<script>x</script>y--></script>"),
              (list{"<script>", "#<!--<script>x</script>y-->", "</script>", "eof"}));
}

TEST(tokenizer, noscript_follows_the_scripting_flag) {
    EXPECT_EQ(tokens_of("<noscript><p>x</noscript>"), (list{"<noscript>", "#<p>x", "</noscript>", "eof"}));
    winnow::tokenizer_options no_scripting;
    no_scripting.scripting = false;
    EXPECT_EQ(tokens_of("<noscript><p>x</noscript>", no_scripting),
              (list{"<noscript>", "<p>", "#x", "</noscript>", "eof"}));
}

TEST(tokenizer, plaintext_never_ends) {
    EXPECT_EQ(tokens_of("<plaintext></plaintext><b>"), (list{"<plaintext>", "#</plaintext><b>", "eof"}));
}

TEST(tokenizer, cdata_only_in_foreign_content) {
    EXPECT_EQ(tokens_of("<![CDATA[x<y]]>"), (list{"![CDATA[x<y]]", "eof"}));
    EXPECT_EQ(tokens_of("<svg><![CDATA[x<y]]></svg><![CDATA[z]]>"),
              (list{"<svg>", "#x<y", "</svg>", "![CDATA[z]]", "eof"}));
    // The adjusted current node decides: <mi> is a MathML element, so CDATA is recognised in it, while
    // a <b> inside it is an HTML element, where CDATA is a bogus comment.
    EXPECT_EQ(tokens_of("<math><mi><![CDATA[x]]><b><![CDATA[y]]></b></mi></math>"),
              (list{"<math>", "<mi>", "#x", "<b>", "![CDATA[y]]", "</b>", "</mi>", "</math>", "eof"}));
}

TEST(tokenizer, foreign_content_has_no_raw_text_but_integration_points_do) {
    // An SVG <title> is not RCDATA; the <b> inside is a tag.
    EXPECT_EQ(tokens_of("<svg><title><b>x</b></title></svg>"),
              (list{"<svg>", "<title>", "<b>", "#x", "</b>", "</title>", "</svg>", "eof"}));
    // Inside foreignObject, HTML rules apply again: <title> is RCDATA.
    EXPECT_EQ(tokens_of("<svg><foreignObject><title><b></title></foreignObject></svg>"),
              (list{"<svg>", "<foreignobject>", "<title>", "#<b>", "</title>", "</foreignobject>", "</svg>", "eof"}));
    // A <style> in SVG is not raw text either.
    EXPECT_EQ(tokens_of("<svg><style><b></style></svg><style><b></style>"),
              (list{"<svg>", "<style>", "<b>", "</style>", "</svg>", "<style>", "#<b>", "</style>", "eof"}));
}

TEST(tokenizer, breakout_tags_leave_foreign_content) {
    EXPECT_EQ(tokens_of("<svg><p><![CDATA[x]]>"), (list{"<svg>", "<p>", "![CDATA[x]]", "eof"}));
    EXPECT_EQ(tokens_of("<svg><font color=red><![CDATA[x]]>"),
              (list{"<svg>", "<font color=red>", "![CDATA[x]]", "eof"}));
    EXPECT_EQ(tokens_of("<svg><font><![CDATA[x]]>"), (list{"<svg>", "<font>", "#x", "eof"}));
}

TEST(tokenizer, tag_names_resolve_to_ids) {
    struct id_sink final : winnow::token_sink {
        std::vector<winnow::tag_id> ids;
        void on_token(const winnow::token& t) override {
            if (t.kind == token_kind::start_tag || t.kind == token_kind::end_tag) ids.push_back(t.tag);
        }
    } sink;
    ASSERT_TRUE(winnow::tokenizer::tokenize("<DIV><my-widget></Div><annotation-xml>", sink));
    EXPECT_EQ(sink.ids, (std::vector<winnow::tag_id>{winnow::tag_id::div, winnow::tag_id::unknown,
                                                     winnow::tag_id::div, winnow::tag_id::annotation_xml}));
}

TEST(tokenizer, tokens_view_the_input_when_unchanged) {
    const std::string html = "<p>plain text</p><P>x &amp; y</P>";
    struct pointer_sink final : winnow::token_sink {
        std::vector<winnow::token> tokens;
        std::vector<std::string> copies;
        const char* first_text = nullptr;
        const char* first_name = nullptr;
        const char* upper_name = nullptr;
        const char* decoded_text = nullptr;
        void on_token(const winnow::token& t) override {
            if (t.kind == token_kind::characters && !first_text) first_text = t.data.data();
            else if (t.kind == token_kind::characters) decoded_text = t.data.data();
            if (t.kind == token_kind::start_tag && !first_name) first_name = t.name.data();
            else if (t.kind == token_kind::start_tag) upper_name = t.name.data();
        }
    } sink;
    ASSERT_TRUE(winnow::tokenizer::tokenize(html, sink));
    EXPECT_EQ(sink.first_text, html.data() + 3);
    EXPECT_EQ(sink.first_name, html.data() + 1);
    // "P" had to be lowercased and "&amp;" decoded: those live in the tokenizer's buffers.
    const auto inside = [&](const char* p) { return p >= html.data() && p < html.data() + html.size(); };
    EXPECT_FALSE(inside(sink.upper_name));
    EXPECT_FALSE(inside(sink.decoded_text));
}

TEST(tokenizer, offsets_point_at_token_starts) {
    recorder r;
    ASSERT_TRUE(winnow::tokenizer::tokenize("ab<p>c<!--x--></p>", r));
    EXPECT_EQ(r.offsets, (std::vector<std::size_t>{0, 2, 5, 6, 14, 18}));
}

TEST(tokenizer, newlines_are_normalised_across_chunks) {
    recorder r;
    winnow::tokenizer tok(r);
    ASSERT_TRUE(tok.feed("a\r"));
    ASSERT_TRUE(tok.feed("\nb\r"));
    ASSERT_TRUE(tok.feed(""));
    ASSERT_TRUE(tok.feed("c\r\r\n<p title='x\r\ny'>"));
    ASSERT_TRUE(tok.finish());
    EXPECT_EQ(r.seen, (list{"#a\nb\nc\n\n", "<p title=x\ny>", "eof"}));
}

std::string sample_page() {
    std::string page =
        "<!DOCTYPE html>\r\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>標題 &amp; more</title>"
        "<style>body>p{color:red}</style><script>var s = \"<p>\"; if (a < b && c) {}</script></head>\r\n"
        "<body><nav><a href=\"/\">首頁</a> | <a href='/news?id=1&amp;x=2'>新聞</a></nav>"
        "<article><h1 class=title>營收翻倍</h1><p>正文 &nbsp;&copy 2024 &#x4E2D;&#25991; &notit; &#128512;</p>"
        "<svg viewBox=\"0 0 1 1\"><![CDATA[ <raw> ]]><title>t<b>x</b></title></svg>"
        "<!-- a comment -- with dashes --><p>Ünïcödé text with <em>inline</em> and <br/> breaks.</p>"
        "<textarea>a<b>&lt;</textarea><ruby>英<rt>yīng</rt></ruby></article>";
    for (int i = 0; i < 40; ++i)
        page += "<li class=\"item\"><a href=\"/n/" + std::to_string(i) + "\">Headline " + std::to_string(i) +
                "</a><span>2024-05-0" + std::to_string(i % 9) + " 12:00</span></li>\n";
    page += "<footer>© 2024 ICP備12345號</footer></body></html><!-- trailing -- comment";
    return page;
}

TEST(tokenizer, chunking_never_changes_the_tokens) {
    const std::string page = sample_page();
    const list whole = tokens_of(page);
    ASSERT_GT(whole.size(), 200u);
    std::mt19937 rng(20240509);
    for (int round = 0; round < 60; ++round) {
        recorder r;
        winnow::tokenizer tok(r);
        std::size_t at = 0;
        const std::size_t max_chunk = round < 20 ? 3 : round < 40 ? 64 : 4096;
        while (at < page.size()) {
            const std::size_t n = std::min(page.size() - at, std::uniform_int_distribution<std::size_t>(1, max_chunk)(rng));
            ASSERT_TRUE(tok.feed(std::string_view(page).substr(at, n)));
            at += n;
        }
        ASSERT_TRUE(tok.finish());
        ASSERT_EQ(r.seen, whole) << "round " << round;
    }
}

TEST(tokenizer, too_many_tokens_is_a_limit_error) {
    recorder r;
    winnow::tokenizer_options options;
    options.limits.max_tokens = 10;
    std::string page;
    for (int i = 0; i < 20; ++i) page += "<b>x</b>";
    const auto result = winnow::tokenizer::tokenize(page, r, options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), winnow::errc::too_many_tokens);
    EXPECT_EQ(result.error(), winnow::condition::limit_exceeded);
    EXPECT_EQ(r.seen.size(), 10u);
}

TEST(tokenizer, attribute_limits) {
    recorder r;
    winnow::tokenizer_options options;
    options.limits.max_attributes_per_tag = 3;
    auto result = winnow::tokenizer::tokenize("<p a=1 b=2 c=3 d=4>", r, options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), winnow::errc::too_many_attributes);

    options = {};
    options.limits.max_attribute_bytes = 100;
    result = winnow::tokenizer::tokenize("<img src=\"data:" + std::string(200, 'A') + "\">", r, options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), winnow::errc::attribute_too_large);
    result = winnow::tokenizer::tokenize("<img src=" + std::string(200, 'A') + ">", r, options);
    EXPECT_EQ(result.error(), winnow::errc::attribute_too_large);
    EXPECT_TRUE(winnow::tokenizer::tokenize("<img src=\"" + std::string(90, 'A') + "\">", r, options));
}

TEST(tokenizer, input_limit_counts_every_chunk) {
    recorder r;
    winnow::tokenizer_options options;
    options.limits.max_input_bytes = 10;
    winnow::tokenizer tok(r, options);
    EXPECT_TRUE(tok.feed("<p>12345"));
    const auto result = tok.feed("678");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), winnow::errc::input_too_large);
    EXPECT_FALSE(tok.feed("x"));  // a failed tokenizer stays failed until reset
    EXPECT_FALSE(tok.finish());
}

/// The tokens (or just "failed") and parse errors of `html` fed whole.
std::pair<list, std::size_t> tokens_and_errors(std::string_view html, const winnow::tokenizer_options& options) {
    recorder r;
    winnow::tokenizer tok(r, options);
    const bool fed = static_cast<bool>(tok.feed(html)) && static_cast<bool>(tok.finish());
    return {fed ? r.seen : list{"failed"}, tok.parse_errors()};
}

/// The same with the fast paths off: the standard's states alone.
std::pair<list, std::size_t> states_only(std::string_view html, winnow::limits limits = {}) {
    winnow::tokenizer_options options;
    options.fast_paths = false;
    options.limits = limits;
    return tokens_and_errors(html, options);
}

TEST(tokenizer, the_fast_paths_give_what_the_states_give) {
    const struct {
        std::string_view html;
        list tokens;
    } cases[] = {
        // Plain references in quoted values and in text are decoded where they stand.
        {"<a href=\"/n?a=1&amp;b=2&#38;c&#x3D;3\">", {"<a href=/n?a=1&b=2&c=3>", "eof"}},
        {"<p title='&lt;&quot;&#8217;'>", {"<p title=<\"\u2019>", "eof"}},
        {"x &amp; y &#65;&#x42;&#X43; z", {"#x & y ABC z", "eof"}},
        // The others go to the states: no ';', the historical "&amp=" in a value, a parse error.
        {"<a href=\"?a&copy=1&amp\" b=\"&#0;\">", {"<a href=?a&copy=1& b=\ufffd>", "eof"}},
        {"&copy 2024 &#128512 &#x110000; &#9999999999;", {"#\u00a9 2024 \U0001F600 \ufffd \ufffd", "eof"}},
        // Names in mixed case are lowercased, tag and attribute names alike.
        {"<DIV Class=\"x\" viewBox=\"0 0 1 1\" DATA-Id=7></Div>", {"<div class=x viewbox=0 0 1 1 data-id=7>", "</div>", "eof"}},
        {"<TD noWrap>x</TD>", {"<td nowrap=>", "#x", "</td>", "eof"}},
        // Duplicates after a decoded value or in mixed case are still dropped.
        {"<p id=\"a&amp;b\" ID=2 class=c id=3>", {"<p id=a&b class=c>", "eof"}},
    };
    for (const auto& c : cases) {
        const auto fast = tokens_and_errors(c.html, {});
        EXPECT_EQ(fast.first, c.tokens) << c.html;
        EXPECT_EQ(fast, states_only(c.html)) << c.html;
    }
}

TEST(tokenizer, the_fast_paths_keep_the_attribute_limits) {
    // A valueless attribute too long, and one past the count: the states refuse both, so must the fast path.
    winnow::limits limits;
    limits.max_attribute_bytes = 4;
    limits.max_attributes_per_tag = 2;
    winnow::tokenizer_options options;
    options.limits = limits;
    for (const std::string_view html : {"<a bbbbbbbbbb c>", "<a b=\"&amp;&amp;&amp;\">", "<a b c d>", "<a b=1>"})
        EXPECT_EQ(tokens_and_errors(html, options).first, states_only(html, limits).first) << html;
    EXPECT_EQ(states_only("<a b=1>", limits).first, (list{"<a b=1>", "eof"}));
    EXPECT_EQ(states_only("<a bbbbbbbbbb c>", limits).first, list{"failed"});
}

TEST(tokenizer, duplicate_attributes_keep_the_first) {
    EXPECT_EQ(tokens_of("<p a=1 b=2 A=3 a=4>"), (list{"<p a=1 b=2>", "eof"}));
    std::string many = "<p";
    for (int i = 0; i < 40; ++i) many += " x" + std::to_string(i % 20) + "=" + std::to_string(i);
    many += ">";
    const list got = tokens_of(many);
    std::string expected = "<p";
    for (int i = 0; i < 20; ++i) expected += " x" + std::to_string(i) + "=" + std::to_string(i);
    EXPECT_EQ(got, (list{expected + ">", "eof"}));
}

TEST(tokenizer, reset_reuses_the_tokenizer) {
    recorder r;
    winnow::tokenizer tok(r);
    ASSERT_TRUE(tok.feed("<title>unfinished"));
    ASSERT_TRUE(tok.finish());
    tok.reset({});
    ASSERT_TRUE(tok.feed("<p>x</p>"));
    ASSERT_TRUE(tok.finish());
    EXPECT_EQ(r.seen, (list{"<title>", "#unfinished", "eof", "<p>", "#x", "</p>", "eof"}));
    EXPECT_EQ(tok.tokens(), 4u);
}

TEST(tokenizer, hostile_nesting_is_followed_only_to_the_limit) {
    std::string page;
    for (int i = 0; i < 100000; ++i) page += "<svg>";
    page += "<![CDATA[x]]>";
    for (int i = 0; i < 100000; ++i) page += "</svg>";
    page += "<![CDATA[y]]>";
    const list got = tokens_of(page);
    ASSERT_EQ(got.size(), 200003u);
    EXPECT_EQ(got[100000], "#x");
    EXPECT_EQ(got[200001], "![CDATA[y]]");
}

TEST(tag, lookup_and_properties) {
    EXPECT_EQ(winnow::lookup_tag("p"), winnow::tag_id::p);
    EXPECT_EQ(winnow::lookup_tag("template"), winnow::tag_id::template_);
    EXPECT_EQ(winnow::lookup_tag("P"), winnow::tag_id::unknown);  // names arrive lowercased
    EXPECT_EQ(winnow::lookup_tag("my-element"), winnow::tag_id::unknown);
    EXPECT_EQ(winnow::lookup_tag(""), winnow::tag_id::unknown);
    EXPECT_EQ(winnow::tag_name(winnow::tag_id::blockquote), "blockquote");
    EXPECT_TRUE(winnow::is_void(winnow::tag_id::br));
    EXPECT_TRUE(winnow::is_block(winnow::tag_id::article));
    EXPECT_FALSE(winnow::is_block(winnow::tag_id::span));
    EXPECT_TRUE(winnow::is_heading(winnow::tag_id::h3));
    EXPECT_TRUE(winnow::is_raw_content(winnow::tag_id::script));
    for (int i = 1; i < 400; ++i) {
        const auto id = static_cast<winnow::tag_id>(i);
        const auto name = winnow::tag_name(id);
        if (name.empty()) break;
        EXPECT_EQ(winnow::lookup_tag(name), id) << name;
    }
}

}  // namespace
