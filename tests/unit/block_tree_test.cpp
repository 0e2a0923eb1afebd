#include "blocks/block_tree.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/text_metrics.hpp"
#include "winnow/tokenizer.hpp"

namespace {

using winnow::detail::block_builder;
using winnow::detail::block_tree;

struct built {
    block_tree tree;
    std::vector<std::string> texts;
};

built build(std::string_view html) {
    block_builder builder(winnow::limits{});
    EXPECT_TRUE(winnow::tokenizer::tokenize(html, builder));
    EXPECT_FALSE(builder.finish());
    built b{builder.tree(), {}};
    for (const auto& block : b.tree.blocks) b.texts.emplace_back(b.tree.text_of(block));
    return b;
}

using list = std::vector<std::string>;

TEST(block_tree, blocks_split_at_block_elements_and_fold_whitespace) {
    const auto b = build("<body><div>Hello <b>bold</b>\n  world<p>para  one</p>tail</div><p>two</p></body>");
    EXPECT_EQ(b.texts, (list{"Hello bold world", "para one", "tail", "two"}));
}

TEST(block_tree, preformatted_text_keeps_the_language_its_markup_names) {
    const auto b = build("<body><pre><code class=\"hljs language-python\">print(1)</code></pre><pre class=\"lang-c++\">int x;</pre>"
                         "<pre><code class=\"language-bad name!\">y</code></pre><pre>plain</pre><p>after</p></body>");
    ASSERT_EQ(b.tree.blocks.size(), 5u);
    EXPECT_EQ(b.tree.language_of(b.tree.blocks[0]), "python");
    EXPECT_EQ(b.tree.language_of(b.tree.blocks[1]), "c++");
    EXPECT_EQ(b.tree.language_of(b.tree.blocks[2]), "bad");
    EXPECT_EQ(b.tree.language_of(b.tree.blocks[3]), "") << "a <pre> forgets the one before";
    EXPECT_EQ(b.tree.language_of(b.tree.blocks[4]), "");
}

TEST(block_tree, drops_what_is_never_article_text) {
    const auto b = build(
        "<head><title>T</title><style>p{}</style></head><body><p>a<script>x()</script>b</p>"
        "<noscript>enable js</noscript><template><p>t</p></template><svg><text>s</text></svg>"
        "<p hidden>h1</p><p aria-hidden=\"true\">h2</p><p style=\"display: none\">h3</p>"
        "<p style=\"VISIBILITY:hidden\">h4</p><form><input value=v><select><option>o</option></select>"
        "<textarea>ta</textarea><button>b</button>label</form><iframe>f</iframe><p>end</p>");
    EXPECT_EQ(b.texts, (list{"ab", "label", "end"}));
}

TEST(block_tree, a_declarative_shadow_root_is_rendered_and_a_template_is_not) {
    const auto b = build("<body><article-card><template shadowrootmode=\"open\"><h2>Inside the shadow</h2>"
                         "<p>Its text is what the reader sees</p></template><p>light child</p></article-card>"
                         "<template><p>a template's content</p></template><p hidden><template shadowrootmode=open>"
                         "<p>hidden host</p></template></p><p>end</p></body>");
    EXPECT_EQ(b.texts, (list{"Inside the shadow", "Its text is what the reader sees", "light child", "end"}));
}

TEST(block_tree, tailwinds_important_hidden_hides_and_a_breakpoint_hidden_does_not) {
    const auto b = build("<div class=\"popup-banner !hidden\"><p>Update your browser</p></div>"
                         "<div class=\"md:hidden\"><p>shown on small screens</p></div>");
    EXPECT_EQ(b.texts, (list{"shown on small screens"}));
}

TEST(block_tree, every_hiding_class_name_hides_in_any_case_and_its_neighbours_do_not) {
    for (const char* name : {"hidden", "hide", "d-none", "is-hidden", "display-none", "visually-hidden", "sr-only",
                             "screen-reader-text", "visuallyhidden", "u-hidden", "!hidden", "Hidden", "SR-ONLY"}) {
        const auto b = build(std::string("<div class=\"px-4 flex ") + name + " mt-2\"><p>gone</p></div><p>end</p>");
        EXPECT_EQ(b.texts, (list{"end"})) << name;
    }
    for (const char* name : {"hiddenx", "hid", "d-nones", "unhidden", "sr-onl", "show", "visible"}) {
        const auto b = build(std::string("<div class=\"") + name + "\"><p>shown</p></div>");
        EXPECT_EQ(b.texts, (list{"shown"})) << name;
    }
}

TEST(block_tree, a_collapsed_panel_its_control_opens_is_content_and_other_hidden_text_is_not) {
    // WAI-ARIA's disclosure pattern: a FAQ's question controls its answer, hidden until it is opened.
    const auto b = build("<h3><button aria-controls=\"answer-1\" aria-expanded=\"false\">How much to save?</button></h3>"
                         "<div id=\"answer-1\" aria-hidden=\"true\"><p>It depends on the life you expect.</p></div>"
                         "<a href=# aria-expanded=false aria-controls=\"more-a more-b\">Read more</a>"
                         "<div id=more-b hidden><p>The rest of the description.</p></div>"
                         "<div id=\"answer-10\" hidden><p>Withheld text.</p></div>"
                         "<div id=\"popup\" style=\"display:none\"><p>Subscribe now.</p></div>");
    EXPECT_EQ(b.texts, (list{"It depends on the life you expect.", "Read more", "The rest of the description."}));
}

TEST(block_tree, a_hidden_tab_panel_is_content_shown_by_a_click) {
    const auto b = build("<div role=tablist><button>Python</button><button>Go</button></div>"
                         "<div role=tabpanel><pre>print(1)</pre></div>"
                         "<div role=tabpanel hidden style=\"display:none\"><pre>fmt.Println(1)</pre></div>"
                         "<div hidden><p>withheld</p></div>");
    EXPECT_EQ(b.texts, (list{"print(1)", "fmt.Println(1)"}));
}

TEST(block_tree, a_closed_accordion_panel_and_hidden_until_found_are_content) {
    const auto b = build("<h3><button aria-expanded=false aria-controls=a1>Can I use my own vet?</button></h3>"
                         "<div id=a1 role=region aria-hidden=true><p>Any licensed vet.</p></div>"
                         "<div hidden=until-found><p>Found by search.</p></div>"
                         "<div aria-hidden=true><p>a carousel's copy</p></div>");
    EXPECT_EQ(b.texts, (list{"Any licensed vet.", "Found by search."})) << "the button is a control, its panel content";
}

TEST(block_tree, a_streamed_segment_is_content_and_other_hidden_divs_are_not) {
    const auto b = build("<template id=\"B:0\"></template><p>Loading</p>"
                         "<div hidden id=\"S:0\"><main><h1>The story</h1><p>Its body.</p></main></div>"
                         "<div hidden id=\"S:x\"><p>not a segment</p></div><div hidden id=\"menu\"><p>menu</p></div>");
    EXPECT_EQ(b.texts, (list{"Loading", "The story", "Its body."}));
}

TEST(block_tree, ruby_annotations_are_dropped_and_cjk_is_not_spaced) {
    const auto b = build("<p>英偉<ruby>達<rp>(</rp><rt>dá</rt><rp>)</rp></ruby>的<b>GPU</b>為何\n會如此</p>");
    EXPECT_EQ(b.texts, (list{"英偉達的GPU為何會如此"}));
}

TEST(block_tree, spaces_between_inline_elements_follow_the_source) {
    const auto b = build("<p><a>one</a> <a>two</a><a>three</a>\n<span>four</span></p>");
    EXPECT_EQ(b.texts, (list{"one twothree four"}));
}

TEST(block_tree, line_breaks_and_double_breaks) {
    const auto b = build("<div>line one<br>line two<br><br>next paragraph<br></div>");
    EXPECT_EQ(b.texts, (list{"line one\nline two", "next paragraph"}));
}

TEST(block_tree, implied_end_tags) {
    const auto b = build("<ul><li>one<li>two<ul><li>inner</ul><li>three</ul><p>a<p>b<div>c</div>");
    EXPECT_EQ(b.texts, (list{"one", "two", "inner", "three", "a", "b", "c"}));
    EXPECT_EQ(b.tree.blocks[2].list_depth, 2);
    EXPECT_EQ(b.tree.blocks[0].list_depth, 1);
    EXPECT_EQ(b.tree.blocks[4].list_depth, 0);
}

TEST(block_tree, a_heading_that_closes_the_only_open_paragraph) {
    // The <p> is the only open element: closing it for the <h4> empties the stack, which must not be read.
    EXPECT_EQ(build("<p><h4>x").texts, list{"x"});
    EXPECT_EQ(build("<p>a<h2>b<h3>c").texts, (list{"a", "b", "c"}));
}

TEST(block_tree, control_characters_are_no_text) {
    // C0 controls, DEL and U+0000 are dropped, never spaces; C1 controls become the windows-1252
    // characters they stand for where there is one (as numeric references do), else are dropped.
    using namespace std::string_literals;
    EXPECT_EQ(build("<p>a\x01" "b\x7F" "c"s + '\0' + "d\x1B" "e\x0B" "f</p>").texts, list{"abcdef"});
    EXPECT_EQ(build("<p>we\xC2\x92re \xC2\x93quoted\xC2\x94 x\xC2\x81y</p>").texts,
              list{"we\xE2\x80\x99re \xE2\x80\x9Cquoted\xE2\x80\x9D xy"});
    EXPECT_EQ(build("<pre>a\x01" "b\x02\n c</pre>").texts, list{"ab\n c"});
    EXPECT_TRUE(build("<p>" + std::string(100000, '\x01') + "</p>").texts.empty());
    EXPECT_EQ(build("<p>tab\tand\nnewline</p>").texts, list{"tab and newline"});   // spaces stay spaces
}

TEST(block_tree, links_are_measured) {
    const auto b = build("<p>read <a href=x>this link</a> now</p><p><a href=y>only a link</a></p>");
    ASSERT_EQ(b.tree.blocks.size(), 2u);
    EXPECT_EQ(b.tree.blocks[0].chars, 15u);
    EXPECT_EQ(b.tree.blocks[0].link_chars, 8u);
    EXPECT_FALSE(b.tree.blocks[0].in_link_only);
    EXPECT_TRUE(b.tree.blocks[1].in_link_only);
}

TEST(block_tree, a_headings_link_to_its_own_fragment_is_no_link_text) {
    // Documentation sites make every heading a permalink to itself; a heading linking elsewhere is a link.
    const auto b = build("<h2 id=intro><a href=\"#intro\">Introducing the example</a></h2>"
                         "<h2><a href=\"/guide/next\">The next guide</a></h2>"
                         "<p>See <a href=\"#intro\">the intro</a> again.</p>");
    ASSERT_EQ(b.tree.blocks.size(), 3u);
    EXPECT_EQ(b.tree.blocks[0].link_chars, 0u);
    EXPECT_FALSE(b.tree.blocks[0].in_link_only);
    EXPECT_TRUE(b.tree.blocks[1].in_link_only);
    EXPECT_EQ(b.tree.blocks[2].link_chars, 8u) << "outside a heading a fragment link is still a link (a table of contents)";
}

TEST(block_tree, structure_flags) {
    const auto b = build(
        "<h2>Head</h2><blockquote><p>quoted</p></blockquote><pre>  code\n  kept</pre>"
        "<table><tr><th>h1<th>h2<tr><td>c1<td>c2</table><figure><img><figcaption>cap</figcaption></figure>");
    ASSERT_EQ(b.texts, (list{"Head", "quoted", "  code\n  kept", "h1", "h2", "c1", "c2", "cap"}));
    EXPECT_EQ(b.tree.blocks[0].heading, 2);
    EXPECT_TRUE(b.tree.blocks[1].in_quote);
    EXPECT_TRUE(b.tree.blocks[2].in_pre);
    EXPECT_TRUE(b.tree.blocks[3].header_cell);
    EXPECT_EQ(b.tree.blocks[3].row, b.tree.blocks[4].row);
    EXPECT_NE(b.tree.blocks[4].row, b.tree.blocks[5].row);
    EXPECT_TRUE(b.tree.blocks[7].in_caption);
}

TEST(block_tree, nodes_carry_hints_and_block_ranges) {
    const auto b = build("<div class=\"article-body\"><p>x</p><p>y</p></div><nav><a>n</a></nav>"
                         "<div id=\"comments-list\"><p>c</p></div>");
    ASSERT_GE(b.tree.nodes.size(), 6u);
    const auto& body = b.tree.nodes[1];
    EXPECT_TRUE(body.hints & winnow::detail::hint_content);
    EXPECT_EQ(body.first_block, 0u);
    EXPECT_EQ(body.end_block, 2u);
    EXPECT_EQ(b.tree.path_of(2), "div.article-body>p");
    bool nav = false, comments = false;
    for (const auto& n : b.tree.nodes) {
        nav |= (n.hints & winnow::detail::hint_navigation) != 0;
        comments |= (n.hints & winnow::detail::hint_comments) != 0;
    }
    EXPECT_TRUE(nav);
    EXPECT_TRUE(comments);
}

TEST(block_tree, hints_from_names) {
    using namespace winnow::detail;
    EXPECT_TRUE(hints_of_names("post-body entry-content") & hint_content);
    EXPECT_TRUE(hints_of_names("related-posts") & hint_related);
    EXPECT_TRUE(hints_of_names("commentlist") & hint_comments);
    EXPECT_TRUE(hints_of_names("social-share") & hint_share);
    EXPECT_TRUE(hints_of_names("xgxw") & hint_related);
    EXPECT_TRUE(hints_of_names("similar-topics") & hint_related);
    EXPECT_TRUE(hints_of_names("skip-link") & hint_navigation);
    EXPECT_TRUE(hints_of_names("b-dialog x-dialog-login") & hint_newsletter) << "an account prompt, like a sign-up";
    EXPECT_EQ(hints_of_names("main-wrap has-rail-right"), hint_content) << "a modifier: what the element has, not what it is";
    EXPECT_EQ(hints_of_names("no-sidebar with_comments"), 0u);
    EXPECT_TRUE(hints_of_names("has-rail sidebar") & hint_sidebar);
    EXPECT_EQ(hints_of_names("ss-ranking-card") & hint_related, 0u) << "a ranking is an article's list";
    EXPECT_EQ(hints_of_names("skip-item") & hint_navigation, 0u) << "a section the reader may skip, not a skip link";
    EXPECT_EQ(hints_of_names("skip-to-products") & hint_navigation, 0u) << "where a skip link lands: the content";
    EXPECT_TRUE(hints_of_names("pdp-reviews") & hint_reviews);
    EXPECT_TRUE(hints_of_names("productreviews") & hint_reviews);
    EXPECT_FALSE(hints_of_names("pdp-reviews") & boilerplate_hints) << "reviews are boilerplate on product pages only";
    EXPECT_FALSE(hints_of_names("header-image") & hint_comments);
    EXPECT_EQ(hints_of_names("lead"), 0u);   // "ad" is a whole token only
    EXPECT_TRUE(hints_of_names("product-disclaimer") & hint_footer) << "the fine print under a product or a service";
    EXPECT_TRUE(hints_of_names("legal-notes") & hint_footer);
    EXPECT_EQ(hints_of_names("paralegal-services") & hint_footer, 0u) << "'legal' is a whole token only";
    EXPECT_EQ(hints_of_role("navigation"), hint_navigation);
}

TEST(block_tree, hostile_nesting_is_flattened_without_recursion) {
    std::string html;
    for (int i = 0; i < 200000; ++i) html += "<div>";
    html += "deep";
    for (int i = 0; i < 200000; ++i) html += "</div>";
    html += "<p>after</p>";
    const auto b = build(html);
    EXPECT_EQ(b.texts, (list{"deep", "after"}));
    EXPECT_LE(b.tree.nodes.size(), 600u);
}

TEST(block_tree, block_limit_is_an_error) {
    winnow::limits bounds;
    bounds.max_blocks = 5;
    block_builder builder(bounds);
    std::string html;
    for (int i = 0; i < 10; ++i) html += "<p>x</p>";
    ASSERT_TRUE(winnow::tokenizer::tokenize(html, builder));
    EXPECT_EQ(builder.finish(), winnow::errc::too_many_blocks);
}

TEST(text_metrics, words_are_script_aware) {
    winnow::detail::text_analyzer a;
    const auto en = a.analyze("The quick brown fox doesn't jump over 3.14 lazy dogs.");
    EXPECT_EQ(en.words, 10);
    EXPECT_EQ(en.sentence_ends, 1u);
    const auto zh = a.analyze("英偉達的GPU為何會如此受追捧？");
    EXPECT_NEAR(zh.words, 12 / 1.7 + 1, 0.01);   // 12 Han characters, and "GPU"
    EXPECT_EQ(zh.cjk, 12u);
    EXPECT_EQ(zh.columns, 12u * 2 + 3 + 2);      // wide characters take two columns
    EXPECT_EQ(zh.sentence_ends, 1u);
    const auto de = a.analyze("Größere Übersetzungen für Öffentlichkeit");
    EXPECT_EQ(de.words, 4);
    const auto th = a.analyze("ภาษาไทยไม่มีช่องว่างระหว่างคำ");
    EXPECT_GE(th.words, 4);                       // segmented by ICU's dictionary
    const auto punct = a.analyze("a, b; c: d!");
    EXPECT_EQ(punct.punctuation, 4u);
    EXPECT_EQ(punct.commas, 3u);
}

// plain_text_word reads eight bytes at once: it must say "plain" exactly when the byte loop would take all
// eight bytes into the run (and count the same characters), and may only ever be more cautious.
int plain_word_byte_by_byte(const char* bytes, char next) {
    int chars = 0;
    for (int i = 0; i < 8; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        const auto after = static_cast<unsigned char>(i + 1 < 8 ? bytes[i + 1] : next);
        if (c < 0x20 || c == 0x7F || c == 0xC2) return -1;
        if (c == ' ') {
            if (after <= 0x20) return -1;
            continue;
        }
        if ((c & 0xC0u) != 0x80u) ++chars;
    }
    return chars;
}

TEST(plain_text_word, agrees_with_the_byte_loop) {
    const std::string alphabet = std::string("ab Z.\n\t\r\x7f\xc2\x85\xe4\xb8\xad\x01", 16);
    std::mt19937 random(11);
    for (int round = 0; round < 200000; ++round) {
        char bytes[9];
        for (char& b : bytes) b = alphabet[random() % alphabet.size()];
        ASSERT_EQ(winnow::detail::plain_text_word(bytes, bytes[8]), plain_word_byte_by_byte(bytes, bytes[8]))
            << std::string(bytes, 9);
    }
    EXPECT_EQ(winnow::detail::plain_text_word("plain te" "x", 'x'), 7);
    EXPECT_EQ(winnow::detail::plain_text_word("\xe4\xb8\xad\xe6\x96\x87" "ab", 'c'), 4);
    EXPECT_EQ(winnow::detail::plain_text_word("two  spa", 'c'), -1);
    EXPECT_EQ(winnow::detail::plain_text_word("ends in ", ' '), -1);
    EXPECT_EQ(winnow::detail::plain_text_word("ends in ", 'x'), 6);
}

}  // namespace

