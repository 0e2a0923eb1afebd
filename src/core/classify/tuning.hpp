// The classifier's thresholds, all of them, in one place.
//
// Every number a pass compares with lives here, grouped by the pass that reads it, with what it trades:
// raising a "words" threshold keeps less short text (cleaner output, lost one-line paragraphs), lowering a
// "share" lets smaller parts of the page decide. Word counts are the script-aware words of
// blocks/text_metrics.hpp (1.7 Han characters make a word). The defaults are the values the shared page
// sets were measured with (tests/golden/quality_baseline.txt); a change is judged by `scripts/quality` on
// every set, never on one page.
//
//     classifier_tuning t;                  // the defaults
//     t.rules.body_words = 10;              // keep slightly shorter paragraphs
//     classifier c(t);
#pragma once

#include <cstddef>
#include <cstdint>

namespace winnow::detail {

struct classifier_tuning {
    /// How the page is read before any pass: the <noscript> markup, or the hidden text, of a page that has
    /// little visible text.
    struct reading_pass {
        std::size_t noscript_min_bytes = 2000;      ///< the page's <noscript> markup is read when this long...
        std::size_t noscript_max_outside_chars = 2000;   ///< ... and the rest of the page has fewer characters
        double noscript_min_gain = 2;               ///< ... and its text has this many times the rest's characters
        std::size_t hidden_min_bytes = 2000;        ///< a page is read with its hidden text when that is this long...
        std::size_t hidden_max_outside_chars = 2000;    ///< ... and the visible text is shorter...
        double hidden_min_gain = 2;                 ///< ... and the page so read has this many times the characters
    } reading;

    /// Sizes every pass shares.
    struct block_sizes {
        double paragraph_words = 12;          ///< a block this long reads as a paragraph on its own
        double short_words = 6;               ///< with a sentence end or comma, a block this long is body text
        std::size_t signal_max_bytes = 600;   ///< text signals are asked of blocks this short only (cost)
        double body_like_max_link_density = 0.3;   ///< a paragraph of the article has less link text than this
    } sizes;

    /// Features: each block's content value, the names of its elements, teasers.
    struct feature_pass {
        double value_words_discount = 3;      ///< words a block must pass before it has any content value
        double navigation_link_density = 0.5; ///< above this share of link text a block has no value
        double unpunctuated_max_words = 20;   ///< below this, a block without sentence ends or commas...
        double unpunctuated_weight = 0.3;     ///< ... weighs this much (menus, tags, credits)
        double identifiers_min_words = 20;    ///< a block of this many "words", no sentence end or comma...
        double identifiers_min_digit_share = 1.0 / 3;   ///< ... and this share of digits among letters and digits
                                              ///< is identifiers (hashed labels, code lists), not prose: no value
        double careless_wrapper_share = 0.5;  ///< an element holding this share of the page's value loses weak names
        double headline_link_density = 0.8;   ///< a teaser's headline: link text at least this share...
        double headline_min_words = 3;        ///< ... and this many words...
        double headline_max_words = 30;       ///< ... and at most this many
        double teaser_max_words = 60;         ///< a teaser summary is at most this long (a listicle's is longer)
        std::uint32_t teaser_item_max_blocks = 5;   ///< the item holding headline and summary holds few blocks
        std::uint32_t teaser_min_repeats = 3;       ///< teasers of one signature needed to call them teasers
        double teaser_min_share = 0.5;        ///< ... and this share of the blocks of that signature
        double boilerplate_name_weight = 0.15;   ///< value of a block in an element named like boilerplate
        double content_name_weight = 1.3;     ///< value of a block in an element named like content
        double teaser_weight = 0.1;           ///< value of a teaser
        double listing_min_teaser_words = 150;    ///< a listing: its teasers' summaries have this many words...
        double listing_max_body_share = 0.5;  ///< ... and its other paragraphs less than this share of them
    } features;

    /// The page's type from its structure (page_type.cpp): repeated items, prices, code.
    struct page_type_pass {
        std::uint32_t min_items = 4;          ///< children of one kind under one parent that make repeated items...
        double linked_item_share = 0.7;       ///< ... this share of them holding a link...
        double item_min_mean_words = 4;       ///< ... this many words each on average (menus have fewer)...
        double largest_item_share = 0.4;      ///< ... and none holding more than this share of them (layout columns)
        double items_min_share = 0.5;         ///< repeated items holding this share of the page's text make a list page
        double max_body_share_outside = 0.3;  ///< ... and paragraphs outside them at most this share of their words
        double article_words_before_items = 60;   ///< ... and fewer paragraph words than this between the headline and them
        double shop_intro_max_share = 0.25;   ///< ... or, the items mostly priced, fewer than this share of their words (a category's intro)
        std::uint32_t min_posts = 3;          ///< a thread: this many repeated items...
        double posts_min_share = 0.6;         ///< ... holding this share of the text...
        double posts_max_link_share = 0.25;   ///< ... little of it linked...
        double post_min_mean_words = 20;      ///< ... this many words each on average...
        double dated_post_share = 0.5;        ///< ... and this share of them with a date line
        double post_author_max_words = 4;     ///< a post's author line: a name, a handle
        std::uint32_t post_author_max_bytes = 64;
        std::uint32_t shop_min_items = 8;     ///< a shop's grid: this many items, half with a price...
        double shop_min_share = 0.25;         ///< ... holding this share of the text (filters and SEO text beside)
        double priced_item_share = 0.5;       ///< ... a collection when this share of the items carry a price
        double listing_min_link_share = 0.2;  ///< ... a listing when this share of their text is linked (posts are not)
        /// Items opening with a linked headline (not a post's own number and time): this share of them makes a
        /// list of articles, never a thread; with a date line in dated_post_share of them, a listing however
        /// little of their text is linked (a news page's headlines over long summaries).
        double headlined_item_share = 0.5;
        double control_item_share = 0.5;      ///< a text repeated in this share of a list page's items is a control
        double holder_group_share = 0.25;     ///< groups this share of the largest one's size share its holder
        double price_max_words = 12;          ///< a block holding a price is this short (a price, not prose about one)
        /// A date line this many blocks before or after the headline dates the page as an article, as a
        /// publication date in its markup would (old templates show the date only in the text).
        std::uint32_t headline_date_reach = 3;
        double prose_min_share = 0.75;        ///< without a date or author: paragraphs holding this share of the text...
        double prose_min_words_per_heading = 70;  ///< ... in sections this long make an article, else a service page
        double documentation_min_code_share = 0.1;   ///< code blocks holding this share of the text: documentation
        /// A list page's linked headlines, dropped as link text one by one, are its items' titles when the
        /// region has this many of them (headings almost wholly a link, of two words or more)...
        std::uint32_t linked_headline_min_count = 3;
        double linked_headline_min_share = 0.2;   ///< ... holding this share of the words kept beside them
        double linked_headline_min_density = 0.9; ///< link text of such a heading
        double linked_headline_min_words = 2;
        /// An "article" this short, beside comments this many times its length, is a thread whose posts
        /// sit in elements named like comments: the comments are the content.
        double stub_article_max_words = 300;
        double thread_min_comment_ratio = 5;
        /// Prose in an element named like a caption but outside any figure is a card's or a teaser's text
        /// ("media-caption", "carousel-caption"): kept when this long...
        double caption_card_min_words = 15;
        double caption_card_max_link_density = 0.3;   ///< ... with this little link text...
        double caption_cards_max_share = 0.5;  ///< ... while such blocks add at most this share of the words kept
    } page_types;

    /// The container: the element the article lives in.
    struct container_pass {
        double descend_share = 0.85;          ///< descend into a child holding this share of the value
        std::uint32_t min_blocks = 2;         ///< a child with fewer blocks is never the container
    } container;

    /// The region: the container's blocks, widened to the article's parts outside it.
    struct region_pass {
        double neighbour_max_link_density = 0.2;   ///< a paragraph next to the container joins it below this
        double sibling_min_value = 15;        ///< a sibling section joins with at least this value...
        double sibling_min_share = 0.1;       ///< ... and this share of the container's value...
        double sibling_body_share = 0.5;      ///< ... when this share of its words reads as paragraphs
        double thin_wrapper_share = 0.98;     ///< an element holding this share of its parent's value: the parent
                                              ///< is a wrapper, and its siblings are the container's
        std::uint32_t headline_reach = 12;    ///< the region reaches back to a headline this many blocks before
        double text_line_threshold = 6;       ///< text mode: the value a line must pass to pay (CETD window)
        double text_line_min_words = 4;       ///< text mode: shorter lines cost half the threshold
        double text_sentence_bonus = 3;       ///< text mode: a line with a sentence end pays this more
        double text_value_bonus = 3;          ///< text mode: every line of words pays this more than its value
    } region;

    /// Lead-in: title, bylines and dates just before the region.
    struct lead_in_pass {
        std::uint32_t blocks_before = 12;     ///< blocks before the region looked at
        std::uint32_t title_max_heading = 3;  ///< the headline is a heading of this level or higher
        std::size_t title_match_percent = 70; ///< title and block: the shorter is this share of the longer
        double date_max_words = 8;            ///< a line this short holding a date is a date line
        double split_label_max_words = 3;     ///< a byline split over two lines: its label this short...
        double split_name_max_words = 5;      ///< ... the name line this short...
        std::size_t split_name_max_bytes = 60;    ///< ... and bytes
        std::uint32_t text_title_reach = 6;   ///< text mode: a byline this many lines into the region
        double text_title_min_words = 2;      ///< text mode: the title line above it has this many words...
        std::size_t text_title_max_bytes = 400;   ///< ... and at most this many bytes
        /// The date shown under the headline: looked for in this many blocks after the title block (a
        /// standfirst, an image and its caption may come between)...
        std::uint32_t shown_date_blocks = 10;
        std::size_t shown_date_max_bytes = 200;   ///< ... in blocks this short (a byline line, not a paragraph)
        double shown_date_sentence_words = 8;     ///< ... and no sentence with this many words beside the date
        /// A dateline above the headline ("Politics | March 3, 2025"): looked for in this many blocks before
        /// it when none follows, in lines with at most this many words beside the date.
        std::uint32_t dateline_blocks_before = 2;
        double dateline_max_other_words = 4;
        /// A byline anywhere, when nothing else names an author: the short blocks read for one, at most (a
        /// page of a hundred thousand short blocks must not cost a byline parse each).
        std::uint32_t late_byline_max_blocks = 300;
    } lead_in;

    /// Page structure: several posts, an editor credit after the region, dated and linked lists.
    struct structure_pass {
        double post_date_max_words = 8;       ///< a post's date line: this many words...
        std::size_t post_date_max_bytes = 80; ///< ... and bytes at most
        double post_min_words = 80;           ///< body words between two posts' dates
        std::uint32_t min_posts = 3;          ///< posts needed to call a page a page of posts
        double post_title_max_words = 25;     ///< the line above a post's date is its title when this short
        std::uint32_t post_date_max_offset = 2;   ///< a date heads its unit: within this many blocks of its start
        double post_unit_min_words = 60;      ///< a post's unit holds this many body words after its date
        std::uint32_t editor_credit_reach = 4;    ///< blocks after the region searched for an editor credit
        double editor_credit_max_words = 40;
        double dated_headline_max_words = 40; ///< a headline with its timestamp is a line, not a paragraph
        std::uint32_t dated_gap = 2;          ///< short blocks tolerated between two dated headlines
        std::uint32_t dated_min_entries = 3;  ///< entries of a dated-headline list
        std::uint32_t link_list_min_items = 4;
        std::uint32_t link_list_linked_percent = 90;   ///< items of a link list holding a link
        double link_list_min_link_density = 0.25;      ///< mean link density of a link list's items
        /// An item of a link list with at least this many words and less link text than this is a link with
        /// its description, and stays: teasers of other articles (a linked headline and its summary) have more.
        double link_list_prose_max_link_density = 0.2;
        /// ... or, opening with its link ("<a>Partitioned tables</a>: prune large tables by ..."), a resource
        /// named then described, with less link text than this (a reference list's items end with their link).
        double link_list_named_max_link_density = 0.5;
        std::uint32_t link_list_prose_min_words = 10;
        double mislabelled_wrapper_share = 0.5;   ///< an inner element holding this share of the container: its name is ignored
        /// ...unless it is a <footer>, or is named a footer and its blocks average fewer words than this (the
        /// site's columns of links): that name stands however much of a page without an article it holds.
        double footer_item_max_words = 6.0;
        double common_name_share = 0.5;   ///< a weak name carried by this share of the region's words is ignored
    } structure;

    /// Per-block rules inside the region.
    struct rule_pass {
        double signal_max_words = 25;         ///< text signals are asked of blocks this short only
        double related_heading_max_words = 10;
        /// A related label glued to the list's first item ("延伸阅读：<linked headline>", "Read more: <link>"):
        /// the label within this many bytes before a colon, the block at least this share link text.
        std::size_t related_label_max_bytes = 24;
        double related_label_min_link_density = 0.6;
        double related_box_min_words_after = 40;   ///< a "related" box is cut out when this much body text follows...
        double related_box_min_share_after = 0.25; ///< ... or this share of the body so far, whichever is more
        double body_min_words_to_end = 20;    ///< body words before a heading may end the body
        double comment_heading_max_words = 4;
        double call_to_action_max_words = 30;
        double consent_max_words = 25;
        double byline_max_words = 20;
        double date_line_max_words = 8;
        std::size_t late_date_max_sentence_ends = 1;  ///< a date line after the body started has at most this many
        double byline_element_max_words = 25; ///< a block in an element named "byline" or "author", at most
        double short_link_density = 0.3;      ///< a block shorter than a paragraph with more link text is dropped
        double linked_prose_max_density = 0.7;    ///< two sentences of two paragraphs' length stay below this much link text
        std::uint32_t navigation_min_siblings = 3;    ///< a link-only block repeated this often is navigation
        /// A table cell that is one short link (at most this many words) in a row with a cell of plain text is
        /// the row's label (a team in a standings table, a product in a comparison), not navigation; a
        /// layout table's menu cell holds many links and words.
        std::uint32_t data_cell_link_max_words = 8;
        double heading_as_body_words = 15;    ///< a heading this long with a sentence end reads as a paragraph
        double header_max_words = 20;         ///< in the article's header, shorter unpunctuated text is dropped
    } rules;

    /// Lists and tables judged whole, then neighbours.
    struct context_pass {
        std::uint32_t min_items = 2;          ///< a list or table judged whole has this many short blocks
        double min_words = 6;                 ///< ... and words
        double max_link_share = 0.3;          ///< ... and less link text than this share
        std::uint32_t table_min_rows = 2;     ///< a table needs rows to be data rather than layout
        double table_min_words_per_cell = 1.5;    ///< fewer: a calendar or a score grid
        /// Short text dropped beside boilerplate is kept when a kept block has its structure: the same
        /// element kinds this many levels up (more levels: fewer matches, only true repeats of a template).
        std::uint32_t twin_levels = 4;
        /// An article's comment section of this many blocks ends it: what the region keeps after it is the
        /// page's sidebar (an old template's second table cell), unless it holds this share of the words
        /// kept before the comments (then the article goes on past a box misnamed "comment").
        std::uint32_t comment_section_min_blocks = 3;
        double after_comments_max_share = 0.1;
        /// A hub page (a documentation chapter's contents, an index): the region keeps fewer words than
        /// this, and its linked lines, dropped one by one as link text, hold at least hub_min_link_words:
        /// the links are what the page is.
        double hub_max_kept_words = 100;
        double hub_min_link_words = 30;
    } context;
};

}  // namespace winnow::detail
