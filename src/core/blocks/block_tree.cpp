#include "blocks/block_tree.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "tokenize/char_ref.hpp"
#include "blocks/text_metrics.hpp"
#include "names_hash.hpp"
#include "phrase_set.hpp"
#include "byte_lanes.hpp"
#include "utf8.hpp"
#include "winnow/error.hpp"

namespace winnow::detail {
namespace {

constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr bool is_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r'; }

/// Bounds on kept markup: a longer URL is a data blob, not a link; a longer alt text is not a caption; a run
/// of images before any text (a gallery, a carousel) gives the next block a few of them, not all.
constexpr std::size_t max_mark_target = 2048;
constexpr std::size_t max_alt_bytes = 300;
constexpr std::size_t max_pending_images = 8;

constexpr std::string_view trim_spaces(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

/// Bytes of a control character at data[i] (C0 other than the spaces above, DEL, C1 as UTF-8), or 0. They
/// are never text a reader sees (the tree builder ignores U+0000; the others render as nothing), and a
/// page of them must not become an article of them. C1 controls in web text are windows-1252 characters
/// decoded as Latin-1 ("we\u0092re"): those with a windows-1252 character become it, as numeric
/// references do (§13.2.5.80); the rest are dropped.
constexpr std::size_t control_at(std::string_view data, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(data[i]);
    if ((c < 0x20 && !is_space(static_cast<char>(c))) || c == 0x7F) return 1;
    if (c == 0xC2 && i + 1 < data.size()) {
        const auto next = static_cast<unsigned char>(data[i + 1]);
        if (next >= 0x80 && next <= 0x9F) return 2;
    }
    return 0;
}

std::uint32_t name_hash(std::string_view name) noexcept {
    std::uint32_t h = 2166136261u;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

struct hint_word {
    std::string_view word;
    std::uint32_t hints;
};

// Whole tokens of class and id names ("post-body" gives "post" and "body"), lowercase. Pinyin names are
// common on Chinese sites (tuijian 推荐, xiangguan 相关, pinglun 评论, daohang 导航, banquan 版权, ...).
constexpr std::array token_hints{
    hint_word{"ad", hint_advertisement},         hint_word{"addthis", hint_share},
    hint_word{"ads", hint_advertisement},        hint_word{"adsbygoogle", hint_advertisement},
    hint_word{"advert", hint_advertisement},     hint_word{"advertisement", hint_advertisement},
    hint_word{"article", hint_content},          hint_word{"articlebody", hint_content},
    hint_word{"artikel", hint_content},          hint_word{"aside", hint_sidebar},
    hint_word{"author", hint_byline},            hint_word{"banquan", hint_footer},
    hint_word{"body", hint_content},             hint_word{"breadcrumb", hint_navigation},
    hint_word{"breadcrumbs", hint_navigation},   hint_word{"byline", hint_byline},
    hint_word{"calendar", hint_navigation},      hint_word{"caption", hint_caption},
    hint_word{"carousel", hint_caption},         hint_word{"colophon", hint_footer},
    hint_word{"comment", hint_comments},         hint_word{"comments", hint_comments},
    hint_word{"consent", hint_consent},          hint_word{"content", hint_content},
    hint_word{"cookie", hint_consent},           hint_word{"cookies", hint_consent},
    hint_word{"copyright", hint_footer},         hint_word{"crumbs", hint_navigation},
    hint_word{"daohang", hint_navigation},       hint_word{"dateline", hint_byline},
    hint_word{"dialog", hint_newsletter},
    hint_word{"disclaimer", hint_footer},        hint_word{"disclaimers", hint_footer},
    hint_word{"discussion", hint_comments},      hint_word{"disqus", hint_comments},
    hint_word{"entry", hint_content},            hint_word{"fenxiang", hint_share},
    hint_word{"figcaption", hint_caption},       hint_word{"foot", hint_footer},
    hint_word{"footer", hint_footer},            hint_word{"gallery", hint_caption},
    hint_word{"gdpr", hint_consent},             hint_word{"guanggao", hint_advertisement},
    hint_word{"headline", hint_title},           hint_word{"hentry", hint_content},
    hint_word{"hot", hint_related},              hint_word{"inhalt", hint_content},
    hint_word{"keywords", hint_tags},            hint_word{"latest", hint_related},           hint_word{"legal", hint_footer},           hint_word{"login", hint_newsletter},
    hint_word{"main", hint_content},             hint_word{"masthead", hint_header},
    hint_word{"menu", hint_navigation},          hint_word{"meta", hint_byline},
    hint_word{"mostread", hint_related},         hint_word{"nav", hint_navigation},
    hint_word{"navbar", hint_navigation},        hint_word{"navigation", hint_navigation},
    hint_word{"neirong", hint_content},          hint_word{"newsletter", hint_newsletter},
    hint_word{"outbrain", hint_related},         hint_word{"pager", hint_navigation},
    hint_word{"pagination", hint_navigation},    hint_word{"paihang", hint_related},
    hint_word{"pinglun", hint_comments},         hint_word{"popular", hint_related},
    hint_word{"post", hint_content},             hint_word{"promo", hint_advertisement},
    hint_word{"rail", hint_sidebar},             hint_word{"ratings", hint_reviews},
    hint_word{"recommend", hint_related},        hint_word{"recommended", hint_related},
    hint_word{"redian", hint_related},           hint_word{"related", hint_related},
    hint_word{"remen", hint_related},            hint_word{"replies", hint_comments},
    hint_word{"respond", hint_comments},         hint_word{"review", hint_reviews},
    hint_word{"reviews", hint_reviews},
    hint_word{"share", hint_share},              hint_word{"sharing", hint_share},
    hint_word{"sidebar", hint_sidebar},          hint_word{"signup", hint_newsletter},
    hint_word{"similar", hint_related},          hint_word{"slideshow", hint_caption},
    hint_word{"sns", hint_share},                hint_word{"social", hint_share},
    hint_word{"sponsor", hint_advertisement},    hint_word{"sponsored", hint_advertisement},
    hint_word{"story", hint_content},            hint_word{"subscribe", hint_newsletter},
    hint_word{"taboola", hint_related},          hint_word{"tags", hint_tags},
    hint_word{"text", hint_content},             hint_word{"title", hint_title},
    hint_word{"toolbar", hint_navigation},       hint_word{"topbar", hint_header},
    hint_word{"trending", hint_related},         hint_word{"tuijian", hint_related},
    hint_word{"wenzhang", hint_content},         hint_word{"widget", hint_sidebar},
    hint_word{"xgwz", hint_related},             hint_word{"xgxw", hint_related},
    hint_word{"xgyd", hint_related},             hint_word{"xiangguan", hint_related},
    hint_word{"zhengwen", hint_content},         hint_word{"zuixin", hint_related},
};

// Parts of run-together names ("commentlist", "leftsidebar", "sharebar").
constexpr std::array substring_hints{
    hint_word{"comment", hint_comments},   hint_word{"sidebar", hint_sidebar},   hint_word{"sharebar", hint_share},
    hint_word{"share-", hint_share},       hint_word{"social", hint_share},      hint_word{"breadcrumb", hint_navigation},
    hint_word{"navbar", hint_navigation},  hint_word{"cookie", hint_consent},    hint_word{"skip-link", hint_navigation},
    hint_word{"skiplink", hint_navigation}, hint_word{"skip-nav", hint_navigation},    hint_word{"advert", hint_advertisement},
    hint_word{"sponsor", hint_advertisement}, hint_word{"newsletter", hint_newsletter},
    hint_word{"related", hint_related},    hint_word{"recommend", hint_related}, hint_word{"footer", hint_footer},
    hint_word{"reviews", hint_reviews},
    hint_word{"copyright", hint_footer},   hint_word{"articlebody", hint_content}, hint_word{"article-body", hint_content},
    // Boxes about the author after the article.
    hint_word{"author-box", hint_sidebar}, hint_word{"authorbox", hint_sidebar}, hint_word{"author-bio", hint_sidebar},
    hint_word{"saboxplugin", hint_sidebar}, hint_word{"about-the-author", hint_sidebar},
    // "header" alone names table headers and card headers too; only the site's header is boilerplate.
    hint_word{"site-header", hint_header}, hint_word{"page-header", hint_header}, hint_word{"global-header", hint_header},
    hint_word{"siteheader", hint_header},
    hint_word{"post-content", hint_content}, hint_word{"entry-content", hint_content},
};

constexpr auto substring_hint_set = make_phrase_set(substring_hints, &hint_word::word);

/// The hints of every substring hint found anywhere in `all`, in one pass over it.
std::uint32_t substring_hints_in(std::string_view all) noexcept {
    std::uint32_t hints = 0;
    substring_hint_set.scan(all, [&](std::size_t i) {
        hints |= substring_hints[i].hints;
        return true;
    });
    return hints;
}

constexpr bool sorted_by_word() {
    for (std::size_t i = 1; i < token_hints.size(); ++i)
        if (!(token_hints[i - 1].word < token_hints[i].word)) return false;
    return true;
}
static_assert(sorted_by_word(), "token_hints must stay sorted: letter_starts indexes it by first letter");

/// Where each first letter's words start in token_hints (and the end, at index 26).
constexpr std::array<std::uint8_t, 27> letter_starts = [] {
    std::array<std::uint8_t, 27> starts{};
    std::size_t i = 0;
    for (std::size_t letter = 0; letter < 26; ++letter) {
        while (i < token_hints.size() && static_cast<std::size_t>(token_hints[i].word[0] - 'a') < letter) ++i;
        starts[letter] = static_cast<std::uint8_t>(i);
    }
    starts[26] = static_cast<std::uint8_t>(token_hints.size());
    return starts;
}();

/// Per first letter, a bit for each length some hint word of that letter has.
constexpr std::array<std::uint32_t, 26> letter_lengths = [] {
    std::array<std::uint32_t, 26> lengths{};
    for (const hint_word& h : token_hints)
        if (h.word.size() < 32) lengths[static_cast<std::size_t>(h.word[0] - 'a')] |= std::uint32_t{1} << h.word.size();
    return lengths;
}();

std::uint32_t token_hint(std::string_view word) noexcept {
    // Most class tokens share no first letter and length with a hint word: those never reach a comparison.
    if (word.empty() || word[0] < 'a' || word[0] > 'z' || word.size() >= 32) return 0;
    const auto letter = static_cast<std::size_t>(word[0] - 'a');
    if ((letter_lengths[letter] >> word.size() & 1u) == 0) return 0;
    for (std::size_t i = letter_starts[letter]; i < letter_starts[letter + 1]; ++i) {
        const std::string_view candidate = token_hints[i].word;
        if (candidate.size() != word.size() || candidate[1] != word[1]) continue;
        std::size_t k = 2;   // a short compare inline: a call to memcmp costs more than these few bytes
        while (k < word.size() && candidate[k] == word[k]) ++k;
        if (k == word.size()) return token_hints[i].hints;
    }
    return 0;
}

bool is_one_of(tag_id t, std::initializer_list<tag_id> set) noexcept {
    return std::find(set.begin(), set.end(), t) != set.end();
}

/// Elements whose content is never article text.
bool drops_content(tag_id t) noexcept {
    switch (t) {
        case tag_id::script: case tag_id::style: case tag_id::noscript: case tag_id::template_:
        case tag_id::iframe: case tag_id::noembed: case tag_id::noframes: case tag_id::svg: case tag_id::math:
        case tag_id::object: case tag_id::applet: case tag_id::canvas: case tag_id::audio: case tag_id::video:
        case tag_id::select: case tag_id::datalist: case tag_id::textarea: case tag_id::button:
        case tag_id::option: case tag_id::optgroup: case tag_id::rt: case tag_id::rp: case tag_id::rtc:
        case tag_id::title: case tag_id::map: case tag_id::frameset: case tag_id::xmp: case tag_id::head:
            return true;
        default:
            return false;
    }
}

/// §13.2.6.4.7: start tags that close an open <p> ("close a p element").
bool closes_paragraph(tag_id t) noexcept {
    switch (t) {
        case tag_id::address: case tag_id::article: case tag_id::aside: case tag_id::blockquote:
        case tag_id::center: case tag_id::details: case tag_id::dialog: case tag_id::dir: case tag_id::div:
        case tag_id::dl: case tag_id::fieldset: case tag_id::figcaption: case tag_id::figure: case tag_id::footer:
        case tag_id::header: case tag_id::hgroup: case tag_id::main: case tag_id::menu: case tag_id::nav:
        case tag_id::ol: case tag_id::p: case tag_id::search: case tag_id::section: case tag_id::summary:
        case tag_id::ul: case tag_id::h1: case tag_id::h2: case tag_id::h3: case tag_id::h4: case tag_id::h5:
        case tag_id::h6: case tag_id::pre: case tag_id::listing: case tag_id::form: case tag_id::plaintext:
        case tag_id::table: case tag_id::hr: case tag_id::li: case tag_id::dd: case tag_id::dt:
            return true;
        default:
            return false;
    }
}

bool is_heading_tag(tag_id t) noexcept { return is_heading(t); }

/// Inline display of style="..." hiding the element.
bool hides(std::string_view style) noexcept {
    // Most styles hide nothing: without an 'n' or 'N' (none, hidden) there is nothing to look for.
    if (style.find_first_of("nN") == std::string_view::npos) return false;
    char compact[256];
    std::size_t size = 0;
    for (char c : style) {
        if (!is_space(c)) compact[size++] = to_lower(c);
        if (size == sizeof compact) break;
    }
    const std::string_view folded(compact, size);
    return folded.find("display:none") != std::string_view::npos ||
           folded.find("visibility:hidden") != std::string_view::npos;
}

/// Class names that CSS frameworks (and most sites) bind to display:none: the content is not shown.
bool hidden_by_class(std::string_view names) noexcept {
    // "!hidden" is Tailwind's display:none !important ("md:hidden" hides at one screen size only: shown).
    static constexpr std::string_view hiding[] = {"hidden", "hide", "d-none", "is-hidden", "display-none", "visually-hidden",
                                                  "sr-only", "screen-reader-text", "visuallyhidden", "u-hidden", "!hidden"};
    // Every class of every element comes here: a word is compared only when its length and its first
    // letter are those of a hiding name (a utility framework's dozens of classes mostly fail both).
    constexpr auto lengths = [] {
        std::uint32_t mask = 0;
        for (std::string_view h : hiding) mask |= 1u << h.size();
        return mask;
    }();
    std::size_t start = 0;
    while (start < names.size()) {
        while (start < names.size() && is_space(names[start])) ++start;
        std::size_t end = start;
        while (end < names.size() && !is_space(names[end])) ++end;
        const std::string_view word = names.substr(start, end - start);
        start = end;
        if (word.size() >= 32 || (lengths & (1u << word.size())) == 0) continue;
        const char first = to_lower(word[0]);
        if (first != 'h' && first != 'd' && first != 'i' && first != 'v' && first != 's' && first != 'u' && first != '!')
            continue;
        for (std::string_view h : hiding) {
            if (word.size() != h.size() || first != h[0]) continue;
            bool same = true;
            for (std::size_t i = 1; i < h.size() && same; ++i) same = to_lower(word[i]) == h[i];
            if (same) return true;
        }
    }
    return false;
}

bool equals_ignoring_case(std::string_view a, std::string_view lowercase) noexcept;

/// "S:" and hexadecimal digits: the id React's streaming server renderer gives a segment it sends hidden.
[[nodiscard]] bool is_streamed_segment_id(std::string_view id) noexcept {
    if (id.size() < 3 || id[0] != 'S' || id[1] != ':') return false;
    return std::all_of(id.begin() + 2, id.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    });
}

/// The attributes the builder looks at, found in one pass over the tag's attributes (names are lowercase).
element_attributes read_attributes(const token& t) noexcept {
    element_attributes a;
    for (const auto& attr : t.attributes) {
        const std::string_view n = attr.name;
        switch (n.size()) {
            case 2: if (n == "id" && !a.id) a.id = attribute_value(attr.value); break;
            case 4: if (n == "role" && !a.role) a.role = attribute_value(attr.value); break;
            case 5:
                if (n == "class" && !a.cls) a.cls = attribute_value(attr.value);
                else if (n == "style" && !a.style) a.style = attribute_value(attr.value);
                break;
            case 6: if (n == "hidden") a.hidden = !equals_ignoring_case(attr.value, "until-found"); break;
            case 8: if (n == "itemprop" && !a.itemprop) a.itemprop = attribute_value(attr.value); break;
            case 11: if (n == "aria-hidden" && !a.aria_hidden) a.aria_hidden = attribute_value(attr.value); break;
            case 13:
                if (n == "aria-controls" && !a.aria_controls) a.aria_controls = attribute_value(attr.value);
                else if (n == "aria-expanded" && !a.aria_expanded) a.aria_expanded = attribute_value(attr.value);
                break;
            case 14: if (n == "shadowrootmode") a.shadow_root = true; break;
            default: break;
        }
    }
    return a;
}

/// Whether a link's target is a fragment of the page itself (href="#section").
[[nodiscard]] bool links_to_fragment(const token& t) noexcept {
    const auto href = t.attribute("href");
    return href && !href->empty() && href->front() == '#';
}

/// The language a class attribute names for code, as highlighters and Markdown renderers write it:
/// "language-python", "lang-js" (the first such class; letters, digits and + # . _ -, 20 bytes at most).
std::string_view code_language_of(std::string_view classes) noexcept {
    constexpr std::size_t max_language = 20;
    while (!classes.empty()) {
        const std::size_t space = classes.find_first_of(" \t\n\f\r");
        const std::string_view name = classes.substr(0, space);
        classes = space == std::string_view::npos ? std::string_view() : classes.substr(space + 1);
        for (const std::string_view prefix : {std::string_view("language-"), std::string_view("lang-")}) {
            if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
            const std::string_view language = name.substr(prefix.size());
            const bool plain = language.size() <= max_language &&
                               std::all_of(language.begin(), language.end(), [](char ch) {
                                   return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                                          ch == '+' || ch == '#' || ch == '.' || ch == '_' || ch == '-';
                               });
            if (plain) return language;
        }
    }
    return {};
}

bool equals_ignoring_case(std::string_view a, std::string_view lowercase) noexcept {
    if (a.size() != lowercase.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != lowercase[i]) return false;
    return true;
}

bool starts_with_ignoring_case(std::string_view s, std::string_view lowercase_prefix) noexcept {
    return s.size() >= lowercase_prefix.size() && equals_ignoring_case(s.substr(0, lowercase_prefix.size()), lowercase_prefix);
}

/// "has-…", "no-…", "with-…", "without-…" (or with "_"): a class name that is a modifier.
bool is_modifier_name(std::string_view name) noexcept {
    if (name.size() < 3) return false;
    const char first = to_lower(name[0]);
    if (first != 'h' && first != 'n' && first != 'w') return false;   // what every prefix below starts with
    constexpr std::string_view prefixes[] = {"has", "no", "with", "without"};
    for (const std::string_view prefix : prefixes) {
        if (name.size() <= prefix.size() + 1) continue;
        const char after = name[prefix.size()];
        if ((after == '-' || after == '_') && equals_ignoring_case(name.substr(0, prefix.size()), prefix)) return true;
    }
    return false;
}

}  // namespace

int plain_text_word(const char* bytes, char next) noexcept {
    constexpr std::uint64_t highs = lane_highs;
    const std::uint64_t w = load_lanes(bytes);
    auto zero_lanes = [&](std::uint64_t v) { return ~(((v & ~highs) + ~highs) | v | ~highs); };   // exact, 0x80 per zero byte
    if (any_lane_below(w, 0x20) || any_lane_equal(w, 0x7F) || any_lane_equal(w, 0xC2)) return -1;
    const std::uint64_t spaces = zero_lanes(w ^ (lane_ones * 0x20));
    if ((spaces & (spaces >> 8)) != 0) return -1;
    if ((spaces >> 56) != 0 && static_cast<unsigned char>(next) <= 0x20) return -1;
    const std::uint64_t continuations = w & ~(w << 1) & highs;
    return 8 - static_cast<int>(high_bit_lanes(continuations | spaces));   // spaces are no characters; no byte is both
}

namespace {

/// What hints_of_names needs to know of a byte, in one lookup: its lowercase form and its kind.
struct name_byte_info {
    char lower = 0;
    bool space = false;
    bool alnum = false;
    bool digit = false;
};
constexpr std::array<name_byte_info, 256> name_bytes = [] {
    std::array<name_byte_info, 256> table{};
    for (std::size_t b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        table[b] = {to_lower(c), is_space(c), is_alnum(c), c >= '0' && c <= '9'};
    }
    return table;
}();

}  // namespace

namespace {

constexpr std::size_t names_kept_for_substrings = 128;   ///< the bytes of a class string the substring hints read

/// hints_of_names' pass over the string: every byte lowercased into `whole` (its first
/// names_kept_for_substrings bytes; `bounded` says whether the string may be longer, so that only then is
/// the room checked byte by byte), each word (a run of letters and digits) looked up as it ends, from its
/// lowercase copy there. Returns the words' hints; `whole_length` the bytes written.
template <bool bounded>
std::uint32_t word_hints(std::string_view names, char* whole, std::size_t& whole_length) noexcept {
    std::uint32_t hints = 0;
    std::size_t w = 0;
    const auto keep = [&](char lower) {
        if (!bounded || w < names_kept_for_substrings) whole[w++] = lower;
    };
    const char* const data = names.data();
    const std::size_t n = names.size();
    bool at_name_start = true;
    std::size_t i = 0;
    while (i < n) {
        const name_byte_info& byte = name_bytes[static_cast<unsigned char>(data[i])];
        if (byte.space) {
            keep(byte.lower);
            at_name_start = true;
            ++i;
            continue;
        }
        if (at_name_start) {
            at_name_start = false;
            // A modifier names what an element has or lacks, not what it is: "has-rail-right" on the main
            // column, "no-sidebar", "with-comments". Its words are skipped.
            if (is_modifier_name(names.substr(i))) {
                while (i < n && !name_bytes[static_cast<unsigned char>(data[i])].space) ++i;
                continue;
            }
        }
        if (!byte.alnum) {
            keep(byte.lower);
            ++i;
            continue;
        }
        // Generated names ("css-1rkr7ss", "sc-15qf33u-0") carry digits and no meaning: only letter-only words
        // of a hint word's length are looked up.
        const std::size_t word_start = i;
        const std::size_t word_in_whole = w;
        bool has_digit = false;
        for (; i < n; ++i) {
            const name_byte_info& b = name_bytes[static_cast<unsigned char>(data[i])];
            if (!b.alnum) break;
            has_digit = has_digit || b.digit;
            keep(b.lower);
        }
        const std::size_t length = i - word_start;
        if (length < 2 || length > 13 || has_digit) continue;
        if (w - word_in_whole == length) {
            hints |= token_hint(std::string_view(whole + word_in_whole, length));
        } else {   // past the bytes kept
            char word[13];
            for (std::size_t k = 0; k < length; ++k) word[k] = name_bytes[static_cast<unsigned char>(data[word_start + k])].lower;
            hints |= token_hint(std::string_view(word, length));
        }
    }
    whole_length = w;
    return hints;
}

}  // namespace

std::uint32_t hints_of_names(std::string_view names) noexcept {
    char whole[names_kept_for_substrings];
    std::size_t whole_length = 0;
    std::uint32_t hints = names.size() <= sizeof whole ? word_hints<false>(names, whole, whole_length)
                                                       : word_hints<true>(names, whole, whole_length);
    if (whole_length >= 6) hints |= substring_hints_in(std::string_view(whole, whole_length));
    return hints;
}

std::uint32_t hints_of_role(std::string_view role) noexcept {
    if (equals_ignoring_case(role, "navigation") || equals_ignoring_case(role, "menu") ||
        equals_ignoring_case(role, "menubar"))
        return hint_navigation;
    if (equals_ignoring_case(role, "banner")) return hint_header;
    if (equals_ignoring_case(role, "contentinfo")) return hint_footer;
    if (equals_ignoring_case(role, "complementary")) return hint_sidebar;
    if (equals_ignoring_case(role, "main") || equals_ignoring_case(role, "article")) return hint_content;
    if (equals_ignoring_case(role, "dialog") || equals_ignoring_case(role, "alertdialog")) return hint_consent;
    return 0;
}

std::uint32_t hints_of_tag(tag_id tag) noexcept {
    switch (tag) {
        case tag_id::nav: return hint_navigation;
        case tag_id::footer: return hint_footer;
        case tag_id::header: return hint_header;
        case tag_id::aside: return hint_sidebar;
        case tag_id::article: case tag_id::main: return hint_content;
        default: return 0;
    }
}

std::string block_tree::path_of(std::uint32_t node) const {
    std::vector<std::uint32_t> chain;
    for (std::uint32_t n = node; n != 0 && chain.size() < 256; n = nodes[n].parent) chain.push_back(n);
    std::string path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if (!path.empty()) path += '>';
        path += label_of(nodes[*it]);
    }
    return path.empty() ? std::string("(root)") : path;
}

void block_tree::clear() {
    nodes.clear();
    blocks.clear();
    text.clear();
    labels.clear();
    marks.clear();
}

block_builder::block_builder(const winnow::limits& limits) { reset(limits); }

void block_builder::reset(const winnow::limits& limits, bool reveal_hidden, bool keep_markup) {
    limits_ = limits;
    reveal_hidden_ = reveal_hidden;
    keep_markup_ = keep_markup;
    open_marks_.clear();
    pending_images_.clear();
    hidden_depth_ = 0;
    hidden_text_bytes_ = 0;
    tree_.clear();
    stack_.clear();
    open_by_tag_.fill(0);
    // The root node stands for the document; every node descends from it.
    element_node root;
    root.tag = tag_id::html;
    tree_.nodes.push_back(root);
    skip_depth_ = 0;
    noscript_html_.clear();
    if (collapsible_count_ != 0) collapsible_ids_.fill(0);
    collapsible_count_ = 0;
    list_kinds_.clear();
    link_depth_ = list_depth_ = quote_depth_ = pre_depth_ = table_depth_ = caption_depth_ = figure_depth_ = 0;
    code_language_.clear();
    rows_ = 0;
    current_row_ = 0;
    in_head_ = false;
    block_open_ = pending_space_ = pending_newline_ = after_break_ = false;
    link_only_ = true;
    links_seen_ = 0;
    current_offset_ = 0;
    pending_tags_ = 0;
    names_cache_.fill({});
    failure_ = {};
}

block_builder::names_reading& block_builder::reading_of(std::string_view names) noexcept {
    // Pages repeat the same class strings on every list item and card: a small direct-mapped cache, keyed
    // by a 64-bit hash of the string, answers the repeats without a table walk or an allocation.
    const std::uint64_t h = names_hash(names);
    names_reading& entry = names_cache_[(h ^ (h >> 29)) & (names_cache_.size() - 1)];
    if (entry.hash != h || !entry.valid) {
        entry = {};
        entry.hash = h;
        entry.valid = true;
    }
    return entry;
}

std::uint32_t block_builder::hints_in(names_reading& r, std::string_view names) noexcept {
    if (!r.hints_known) {
        r.hints = hints_of_names(names);
        r.hints_known = true;
    }
    return r.hints;
}

bool block_builder::hidden_in(names_reading& r, std::string_view names) noexcept {
    if (!r.hidden_known) {
        r.hidden = hidden_by_class(names);
        r.hidden_known = true;
    }
    return r.hidden;
}

namespace {

/// An id's key in the collapsible set: its hash, never 0 (the free slot).
[[nodiscard]] std::uint64_t collapsible_key(std::string_view id) noexcept { return names_hash(id) | 1u; }

}  // namespace

void block_builder::note_collapsible(std::string_view controlled) {
    // aria-controls is a list of ids (WAI-ARIA 1.2 §6.7).
    std::size_t i = 0;
    while (i < controlled.size() && collapsible_count_ < max_collapsible_ids) {
        while (i < controlled.size() && is_space(controlled[i])) ++i;
        std::size_t end = i;
        while (end < controlled.size() && !is_space(controlled[end])) ++end;
        if (end > i) {
            const std::uint64_t key = collapsible_key(controlled.substr(i, end - i));
            std::size_t slot = key % collapsible_ids_.size();
            while (collapsible_ids_[slot] != 0 && collapsible_ids_[slot] != key) slot = (slot + 1) % collapsible_ids_.size();
            if (collapsible_ids_[slot] == 0) {
                collapsible_ids_[slot] = key;
                ++collapsible_count_;
            }
        }
        i = end;
    }
}

bool block_builder::is_collapsible(std::string_view id) const noexcept {
    if (id.empty() || collapsible_count_ == 0) return false;
    const std::uint64_t key = collapsible_key(id);
    // At most half the slots are taken: the probe ends at a free one.
    for (std::size_t slot = key % collapsible_ids_.size(); collapsible_ids_[slot] != 0;
         slot = (slot + 1) % collapsible_ids_.size())
        if (collapsible_ids_[slot] == key) return true;
    return false;
}

bool block_builder::in_heading() const noexcept {
    for (const tag_id h : {tag_id::h1, tag_id::h2, tag_id::h3, tag_id::h4, tag_id::h5, tag_id::h6})
        if (open_by_tag_[static_cast<std::size_t>(h)] != 0) return true;
    return false;
}

std::uint32_t block_builder::current_node() const noexcept {
    // Every open element records the innermost node around it (its own index for a node), so the top of the
    // stack answers without a walk.
    return stack_.empty() ? 0 : stack_.back().node;
}

void block_builder::on_token(const token& t) {
    if (failure_) return;
    current_offset_ = t.offset;
    switch (t.kind) {
        case token_kind::start_tag: start_tag(t); break;
        case token_kind::end_tag: end_tag(t); break;
        case token_kind::characters:
            if (!skipping()) characters(t.data);
            else if (skip_depth_ == 1 && !in_head_ && stack_.back().tag == tag_id::noscript) noscript_html_ += t.data;
            // Hidden text, unless the dropped elements went past the depth that is followed: there a
            // <script> is not pushed, and its code would pass for hidden text.
            else if (hidden_depth_ > 0 && skip_depth_ == hidden_depth_ && stack_.size() < 2 * limits_.max_nesting_depth)
                hidden_text_bytes_ += t.data.size();
            break;
        case token_kind::end_of_file:
            end_block();
            pop_to(0);
            break;
        case token_kind::comment:
        case token_kind::doctype:
            break;
    }
}

void block_builder::start_tag(const token& t) {
    const tag_id tag = t.tag;
    if (tag == tag_id::html || tag == tag_id::body) {
        // Their attributes could carry hints, but they hold everything: nothing to open.
        if (tag == tag_id::body) close_head();
        return;
    }
    if (in_head_ && !is_one_of(tag, {tag_id::title, tag_id::meta, tag_id::link, tag_id::style, tag_id::script,
                                     tag_id::base, tag_id::noscript, tag_id::template_, tag_id::basefont,
                                     tag_id::bgsound})) {
        close_head();  // content in the head: browsers close the head and start the body
    }
    if (skipping()) {
        // Inside dropped content only the end of the dropped subtree matters; its elements are followed to
        // a bounded depth, like everything else (deeper ones are not pushed, and their end tags find
        // nothing or close an outer element of the same name, all still inside the dropped subtree).
        if (!is_void(tag) && !(t.self_closing && tag == tag_id::unknown) &&
            stack_.size() < 2 * limits_.max_nesting_depth)
            push_element({tag, name_hash(t.name), current_node(), false, true,
                          hidden_depth_ == skip_depth_ && !drops_content(tag)});   // hidden with its parent
        return;
    }
    if (tag == tag_id::br) return line_break();
    if (is_void(tag)) {
        if (tag == tag_id::img && keep_markup_) add_image(t);
        if (tag == tag_id::hr) {
            close_implied_for(tag);
            end_block();
        }
        return;
    }

    const element_attributes a = read_attributes(t);
    if (a.aria_controls && a.aria_expanded) note_collapsible(*a.aria_controls);
    if ((tag == tag_id::pre || (tag == tag_id::code && pre_depth_ > 0)) && a.cls && code_language_.empty())
        code_language_.assign(code_language_of(*a.cls));
    bool hidden = a.hidden;
    if (a.aria_hidden && equals_ignoring_case(*a.aria_hidden, "true")) hidden = true;
    if (a.style && hides(*a.style)) hidden = true;
    // The class string's reading, asked for its hints below before any other string can take its entry.
    names_reading* class_reading = a.cls ? &reading_of(*a.cls) : nullptr;
    if (class_reading && !hidden) hidden = hidden_in(*class_reading, *a.cls);
    // A tab panel is hidden until its tab is chosen: the other languages of a code sample, the other
    // sizes of a product; an accordion's panel (WAI-ARIA's accordion pattern: a role=region labelled by its
    // button) until its question is opened, and so is hidden=until-found (HTML §6.2.1). All are content the
    // reader can show with a click, not content withheld.
    if (reveal_hidden_ || (a.role && (equals_ignoring_case(*a.role, "tabpanel") || equals_ignoring_case(*a.role, "region"))))
        hidden = false;
    // So is a panel a control before it opens (aria-controls with aria-expanded, WAI-ARIA's disclosure
    // pattern): a collapsed answer of a FAQ, the rest of a description behind "Read more".
    if (hidden && a.id && is_collapsible(*a.id)) hidden = false;
    // A server-rendered segment streamed after its placeholder (React's <div hidden id="S:2">, which a
    // script moves into place at once): the page's content, often all of it, not hidden text.
    if (a.hidden && a.id && is_streamed_segment_id(*a.id)) hidden = false;
    // A declarative shadow root (HTML §4.12.3, <template shadowrootmode>) is not a template: the browser
    // renders its content in the host element, as it renders any other.
    const bool dropped = drops_content(tag) && !(tag == tag_id::template_ && a.shadow_root);
    if (dropped || hidden) {
        if (tag == tag_id::head) in_head_ = true;
        if (!is_one_of(tag, {tag_id::title, tag_id::script, tag_id::style, tag_id::noscript, tag_id::template_}) &&
            tag != tag_id::head)
            close_implied_for(tag_id::span);
        if (hidden && is_block(tag)) end_block();
        push_element({tag, name_hash(t.name), current_node(), false, true, hidden && !dropped});
        return;
    }

    close_implied_for(tag);
    if (stack_.size() >= limits_.max_nesting_depth) return;  // as browsers do: deeper elements are not nested further
    if (is_block(tag)) {
        std::uint32_t hints = 0;
        if (class_reading) hints |= hints_in(*class_reading, *a.cls);
        // An id that reads like a sentence is a heading's anchor ("sharing-with-a-single-developer"), not a
        // role; only short ids name what an element is.
        if (a.id && std::count(a.id->begin(), a.id->end(), '-') < 3) hints |= hints_in(reading_of(*a.id), *a.id);
        if (a.role) hints |= hints_of_role(*a.role);
        if (a.itemprop) {
            if (equals_ignoring_case(*a.itemprop, "articlebody") || equals_ignoring_case(*a.itemprop, "text"))
                hints |= hint_content;
            if (equals_ignoring_case(*a.itemprop, "author")) hints |= hint_byline;
        }
        open_node(t, a, hints | hints_of_tag(tag));
        return;
    }
    // Inline and unknown elements: transparent for text; links are counted, and every tag inside an open
    // block counts towards its tag density.
    if (block_open_) {
        ++tree_.blocks.back().tags;
    } else {
        ++pending_tags_;  // a block's first words are often inside a tag that opened before them
    }
    std::uint32_t node = current_node();
    // A heading's link to its own fragment ("#introducing-the-topic", a permalink anchor) leads nowhere
    // else: its text is the heading's, not link text.
    const bool counted_link = tag == tag_id::a && !(in_heading() && links_to_fragment(t));
    push_element({tag, name_hash(t.name), node, false, false, false, keep_markup_ ? open_mark_for(t) : 0, counted_link});
    if (counted_link) {
        ++link_depth_;
        ++links_seen_;
        ++tree_.nodes[node].links;   // the subtrees' sums are made once, in finish()
    }
}

void block_builder::open_node(const token& t, const element_attributes& a, std::uint32_t hints) {
    end_block();
    pending_tags_ = 0;
    const auto index = static_cast<std::uint32_t>(tree_.nodes.size());
    element_node n;
    n.tag = t.tag;
    n.parent = current_node();
    n.depth = tree_.nodes[n.parent].depth + 1;
    n.hints = hints;
    n.first_block = n.end_block = static_cast<std::uint32_t>(tree_.blocks.size());
    n.offset = t.offset;
    n.names_begin = static_cast<std::uint32_t>(tree_.labels.size());
    tree_.labels.append(t.name);
    auto append_names = [&](std::string_view names, char marker) {
        // Each name with its marker before it, a run at a time: at most 40 bytes of names, cut before a
        // character, never inside one.
        constexpr std::size_t max_written = 40;
        std::size_t written = 0;
        std::size_t i = 0;
        while (i < names.size() && written < max_written) {
            while (i < names.size() && is_space(names[i])) ++i;
            if (i == names.size()) break;
            std::size_t end = i;
            while (end < names.size() && !is_space(names[end]) && written + (end - i) < max_written) ++end;
            // Past the budget, the rest of the character begun goes with it.
            while (end < names.size() && written + (end - i) >= max_written &&
                   (static_cast<unsigned char>(names[end]) & 0xC0u) == 0x80u)
                ++end;
            tree_.labels.push_back(marker);
            tree_.labels.append(names.data() + i, end - i);
            written += end - i;
            i = end;
        }
    };
    if (a.id) append_names(*a.id, '#');
    if (a.cls) append_names(*a.cls, '.');
    n.names_length = static_cast<std::uint32_t>(tree_.labels.size()) - n.names_begin;
    ++tree_.nodes[n.parent].child_nodes;
    tree_.nodes.push_back(n);
    push_element({t.tag, name_hash(t.name), index, true, false});
    if (t.tag == tag_id::ol || t.tag == tag_id::ul || t.tag == tag_id::menu) list_kinds_.push_back(t.tag == tag_id::ol);
    switch (t.tag) {
        case tag_id::ul: case tag_id::ol: case tag_id::menu: case tag_id::dir: ++list_depth_; break;
        case tag_id::blockquote: ++quote_depth_; break;
        case tag_id::pre: case tag_id::listing: ++pre_depth_; break;   // its language was read above
        case tag_id::table: ++table_depth_; break;
        case tag_id::figcaption: case tag_id::caption: ++caption_depth_; break;
        case tag_id::figure: ++figure_depth_; break;
        case tag_id::tr: current_row_ = ++rows_; break;
        default: break;
    }
}

void block_builder::close_head() {
    if (!in_head_) return;
    for (std::size_t i = stack_.size(); i-- > 0;) {
        if (stack_[i].tag == tag_id::head) {
            pop_to(i);
            break;
        }
    }
    in_head_ = false;
}

void block_builder::end_tag(const token& t) {
    const tag_id tag = t.tag;
    if (tag == tag_id::html || tag == tag_id::body) return;  // content after </body> is still content
    if (tag == tag_id::br && !skipping()) return line_break();
    if (tag == tag_id::head) {
        close_head();
        return;
    }
    // The common case of a stray end tag: no element of that name is open, and there is nothing to look for.
    if (tag != tag_id::unknown && open_by_tag_[static_cast<std::size_t>(tag)] == 0) return;
    const std::uint32_t hash = name_hash(t.name);
    for (std::size_t i = stack_.size(); i-- > 0;) {
        const open_element& e = stack_[i];
        if (tag != tag_id::unknown ? e.tag != tag : e.name_hash != hash) continue;
        if (e.is_node || e.skips) {
            pop_to(i);
        } else {
            // An inline element: close it alone, leaving the blocks opened inside it as they are (the
            // adoption agency's net effect for text).
            if (e.counted_link && link_depth_ > 0) --link_depth_;
            if (e.mark) close_mark(e.mark);
            --open_by_tag_[static_cast<std::size_t>(e.tag)];
            stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(i));
        }
        return;
    }
}

void block_builder::pop_to(std::size_t index) {
    while (stack_.size() > index) {
        const open_element e = stack_.back();
        stack_.pop_back();
        --open_by_tag_[static_cast<std::size_t>(e.tag)];
        if (e.skips) --skip_depth_;
        if (e.hides) --hidden_depth_;
        if (e.tag == tag_id::head) in_head_ = false;
        if (e.counted_link && link_depth_ > 0) --link_depth_;
        if (e.mark) close_mark(e.mark);
        if (e.is_node) {
            end_block();
            element_node& n = tree_.nodes[e.node];
            n.end_block = static_cast<std::uint32_t>(tree_.blocks.size());
            switch (e.tag) {
                case tag_id::ul: case tag_id::ol: case tag_id::menu: case tag_id::dir:
                    if (list_depth_) --list_depth_;
                    if (e.tag != tag_id::dir && !list_kinds_.empty()) list_kinds_.pop_back();
                    break;
                case tag_id::blockquote: if (quote_depth_) --quote_depth_; break;
                case tag_id::pre: case tag_id::listing:
                    if (pre_depth_ && --pre_depth_ == 0) code_language_.clear();
                    break;
                case tag_id::table: if (table_depth_) --table_depth_; break;
                case tag_id::figcaption: case tag_id::caption: if (caption_depth_) --caption_depth_; break;
                case tag_id::figure: if (figure_depth_) --figure_depth_; break;
                default: break;
            }
        }
    }
}

void block_builder::push_element(const open_element& e) {
    stack_.push_back(e);
    ++open_by_tag_[static_cast<std::size_t>(e.tag)];
    if (e.skips) ++skip_depth_;
    if (e.hides) ++hidden_depth_;
}

bool block_builder::close_if_open(tag_id tag, std::initializer_list<tag_id> boundaries) {
    if (open_by_tag_[static_cast<std::size_t>(tag)] == 0) return false;  // the common case: nothing to close
    for (std::size_t i = stack_.size(); i-- > 0;) {
        if (stack_[i].tag == tag) {
            pop_to(i);
            return true;
        }
        if (is_one_of(stack_[i].tag, boundaries)) return false;
    }
    return false;
}

void block_builder::close_implied_for(tag_id tag) {
    if (stack_.empty()) return;
    if (closes_paragraph(tag))
        close_if_open(tag_id::p, {tag_id::table, tag_id::td, tag_id::th, tag_id::caption, tag_id::button,
                                  tag_id::object, tag_id::marquee, tag_id::applet, tag_id::template_});
    switch (tag) {
        case tag_id::li:
            close_if_open(tag_id::li, {tag_id::ul, tag_id::ol, tag_id::menu, tag_id::dir, tag_id::table, tag_id::td});
            break;
        case tag_id::dd: case tag_id::dt:
            if (!close_if_open(tag_id::dd, {tag_id::dl, tag_id::table, tag_id::td}))
                close_if_open(tag_id::dt, {tag_id::dl, tag_id::table, tag_id::td});
            break;
        case tag_id::tr:
            close_if_open(tag_id::tr, {tag_id::table});
            break;
        case tag_id::td: case tag_id::th:
            if (!close_if_open(tag_id::td, {tag_id::tr, tag_id::table}))
                close_if_open(tag_id::th, {tag_id::tr, tag_id::table});
            break;
        case tag_id::thead: case tag_id::tbody: case tag_id::tfoot:
            close_if_open(tag_id::tr, {tag_id::table});
            break;
        case tag_id::a:
            close_if_open(tag_id::a, {tag_id::table, tag_id::td, tag_id::th});
            break;
        default:
            // Closing a <p> above may have emptied the stack ("<p><h4>"): nothing is left to look at then.
            if (is_heading_tag(tag) && !stack_.empty() && is_heading_tag(stack_.back().tag)) pop_to(stack_.size() - 1);
            break;
    }
}

void block_builder::begin_block_if_needed() {
    if (block_open_) return;
    if (tree_.blocks.size() >= limits_.max_blocks) {
        failure_ = make_error_code(errc::too_many_blocks);
        return;
    }
    block_open_ = true;
    text_block b;
    b.node = current_node();
    b.text_begin = static_cast<std::uint32_t>(tree_.text.size());
    b.list_depth = static_cast<std::uint16_t>(std::min<std::uint32_t>(list_depth_, 255));
    const tag_id owner = tree_.nodes[b.node].tag;
    if (is_heading_tag(owner)) b.heading = static_cast<std::uint8_t>(static_cast<int>(owner) - static_cast<int>(tag_id::h1) + 1);
    b.ordered_list = !list_kinds_.empty() && list_kinds_.back();
    b.in_quote = quote_depth_ > 0;
    b.in_pre = pre_depth_ > 0;
    if (b.in_pre && !code_language_.empty()) {
        b.language_begin = static_cast<std::uint32_t>(tree_.labels.size());
        b.language_length = static_cast<std::uint8_t>(code_language_.size());
        tree_.labels.append(code_language_);
    }
    b.in_table = table_depth_ > 0;
    b.header_cell = owner == tag_id::th;
    b.in_caption = caption_depth_ > 0;
    b.in_figure = figure_depth_ > 0;
    b.row = (owner == tag_id::td || owner == tag_id::th) ? current_row_ : 0;
    b.offset = current_offset_;
    b.tags = pending_tags_;
    pending_tags_ = 0;
    tree_.blocks.push_back(b);
    link_only_ = link_depth_ > 0;
    link_run_ = links_seen_;
    pending_space_ = pending_newline_ = after_break_ = false;
    for (const open_mark& image : pending_images_) record_mark(image, b.text_begin, b.text_begin, true);
    pending_images_.clear();
}

void block_builder::end_block() {
    if (!block_open_) return;
    block_open_ = false;
    text_block& b = tree_.blocks.back();
    // Trailing line breaks belong to no paragraph.
    while (b.text_length > 0 && tree_.text.back() == '\n') {
        tree_.text.pop_back();
        --b.text_length;
    }
    b.in_link_only = link_only_ && b.link_chars == b.chars && b.chars > 0;
    // Markup still open goes on in the next block: this block keeps its part.
    const std::uint32_t block_end = b.text_begin + b.text_length;
    for (open_mark& m : open_marks_) {
        if (!m.open) continue;
        record_mark(m, std::max(m.begin, b.text_begin), block_end);
        m.begin = block_end;
    }
    if (b.text_length == 0) {
        const auto index = static_cast<std::uint32_t>(tree_.blocks.size() - 1);
        while (!tree_.marks.empty() && tree_.marks.back().block == index) tree_.marks.pop_back();
        tree_.blocks.pop_back();
    }
}

std::uint32_t block_builder::open_mark_for(const token& t) {
    open_mark m;
    switch (t.tag) {
        case tag_id::a: {
            m.kind = mark_kind::link;
            std::string_view href;
            for (const auto& attr : t.attributes)
                if (attr.name == "href") {
                    href = trim_spaces(attr.value);
                    break;
                }
            // In-page anchors and script calls lead nowhere a reader of the article can follow.
            if (href.empty() || href.front() == '#' || href.size() > max_mark_target ||
                starts_with_ignoring_case(href, "javascript:"))
                return 0;
            m.target_begin = static_cast<std::uint32_t>(tree_.labels.size());
            m.target_length = static_cast<std::uint16_t>(href.size());
            tree_.labels.append(href);
            break;
        }
        case tag_id::em: case tag_id::i: case tag_id::cite: m.kind = mark_kind::emphasis; break;
        case tag_id::strong: case tag_id::b: m.kind = mark_kind::strong; break;
        case tag_id::code: case tag_id::kbd: case tag_id::samp:
            if (pre_depth_ > 0) return 0;   // a code block is code already
            m.kind = mark_kind::code;
            break;
        default: return 0;
    }
    m.open = true;
    m.begin = static_cast<std::uint32_t>(tree_.text.size());
    open_marks_.push_back(m);
    return static_cast<std::uint32_t>(open_marks_.size());
}

void block_builder::close_mark(std::uint32_t mark) {
    open_mark& m = open_marks_[mark - 1];
    if (block_open_) {
        const text_block& b = tree_.blocks.back();
        record_mark(m, std::max(m.begin, b.text_begin), static_cast<std::uint32_t>(tree_.text.size()));
    }
    m.open = false;
    while (!open_marks_.empty() && !open_marks_.back().open) open_marks_.pop_back();
}

void block_builder::record_mark(const open_mark& m, std::uint32_t begin, std::uint32_t end, bool own_line) {
    const text_block& b = tree_.blocks.back();
    if (m.kind != mark_kind::image) {
        // The space before a word is written when the word comes, so it can fall inside the mark.
        while (begin < end && is_space(tree_.text[begin])) ++begin;
        while (end > begin && is_space(tree_.text[end - 1])) --end;
        if (begin >= end) return;
    }
    inline_mark r;
    r.block = static_cast<std::uint32_t>(tree_.blocks.size() - 1);
    r.begin = begin - b.text_begin;
    r.end = end - b.text_begin;
    r.target_begin = m.target_begin;
    r.target_length = m.target_length;
    r.alt_length = m.alt_length;
    r.kind = m.kind;
    r.own_line = own_line;
    tree_.marks.push_back(r);
}

void block_builder::add_image(const token& t) {
    std::string_view src, lazy, srcset, alt;
    bool pixel = false;
    for (const auto& attr : t.attributes) {
        const std::string_view n = attr.name;
        if (n == "src") src = trim_spaces(attr.value);
        else if (n == "alt") alt = attr.value;
        else if (n == "srcset" || n == "data-srcset") srcset = attr.value;
        else if (n == "data-src" || n == "data-lazy-src" || n == "data-original") lazy = trim_spaces(attr.value);
        else if ((n == "width" || n == "height") && trim_spaces(attr.value) == "1") pixel = true;   // a tracker
    }
    // Lazy loading leaves a placeholder in src and the picture in a data attribute or the srcset.
    if (src.empty() || starts_with_ignoring_case(src, "data:")) src = lazy;
    if (src.empty()) src = trim_spaces(srcset.substr(0, srcset.find_first_of(" ,\t\n")));
    if (pixel || src.empty() || starts_with_ignoring_case(src, "data:") || src.size() > max_mark_target) return;
    if (!block_open_ && pending_images_.size() >= max_pending_images) return;
    open_mark m;
    m.kind = mark_kind::image;
    m.target_begin = static_cast<std::uint32_t>(tree_.labels.size());
    m.target_length = static_cast<std::uint16_t>(src.size());
    tree_.labels.append(src);
    alt = trim_spaces(alt);
    std::size_t alt_bytes = std::min(alt.size(), max_alt_bytes);
    while (alt_bytes < alt.size() && (static_cast<unsigned char>(alt[alt_bytes]) & 0xC0u) == 0x80u) --alt_bytes;
    m.alt_length = static_cast<std::uint16_t>(alt_bytes);
    tree_.labels.append(alt.substr(0, alt_bytes));
    if (block_open_) {
        const auto at = static_cast<std::uint32_t>(tree_.text.size());
        record_mark(m, at, at);
    } else {
        pending_images_.push_back(m);
    }
}

void block_builder::line_break() {
    if (!block_open_) return;
    if (after_break_) {
        end_block();  // "<br><br>": a paragraph break
        return;
    }
    tree_.text.push_back('\n');
    ++tree_.blocks.back().text_length;
    after_break_ = true;
    pending_space_ = pending_newline_ = false;
}

void block_builder::characters(std::string_view data) {
    if (in_head_) return;
    const bool preformatted = pre_depth_ > 0;
    std::size_t i = 0;
    while (i < data.size()) {
        if (!preformatted && is_space(data[i])) {
            pending_space_ = true;
            if (data[i] == '\n') pending_newline_ = true;
            ++i;
            continue;
        }
        if (const std::size_t control = control_at(data, i)) {
            bool error = false;
            const char32_t meant = control == 2 ? numeric_reference_value(static_cast<unsigned char>(data[i + 1]), error) : 0;
            i += control;
            if (meant > 0x9F) {   // a windows-1252 character
                char utf8[4];
                append_run(std::string_view(utf8, encode_utf8(meant, utf8)), 1);
                if (failure_) return;
            }
            continue;
        }
        // A run of text that needs no folding: words with single spaces between them (or, in <pre>,
        // everything). Runs of other whitespace end it and fold to one space.
        // Characters (code points other than whitespace) are counted on the way, in the same pass.
        std::size_t end = i;
        std::uint32_t chars = 0;
        if (preformatted) {
            while (end < data.size() && control_at(data, end) == 0) ++end;
            for (std::size_t k = i; k < end; ++k)
                chars += static_cast<std::uint32_t>(((static_cast<unsigned char>(data[k]) & 0xC0u) != 0x80u) &
                                                    !is_space(data[k]));
        } else {
            while (end < data.size()) {
                // Most text is plain: eight bytes at a time while it is (the byte after them decides a
                // final space).
                if (end + 8 < data.size()) {
                    if (const int plain = plain_text_word(data.data() + end, data[end + 8]); plain >= 0) {
                        chars += static_cast<std::uint32_t>(plain);
                        end += 8;
                        continue;
                    }
                }
                const char c = data[end];
                if (c == ' ') {
                    if (end + 1 >= data.size() || is_space(data[end + 1])) break;
                } else if (is_space(c)) {
                    break;
                } else if ((static_cast<unsigned char>(c) < 0x20 || c == '\x7F' || c == '\xC2') && control_at(data, end)) {
                    break;
                } else {
                    chars += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1u : 0u;
                }
                ++end;
            }
        }
        std::string_view run = data.substr(i, end - i);
        i = end;
        if (preformatted && !block_open_) {
            // Leading newlines of a <pre> are not content.
            std::size_t skip = 0;
            while (skip < run.size() && (run[skip] == '\n' || run[skip] == '\r')) ++skip;
            if (skip == run.size()) continue;
            run.remove_prefix(skip);  // newlines: no characters to take back from the count
        }
        append_run(run, chars);
        if (failure_) return;
    }
}

void block_builder::append_run(std::string_view run, std::uint32_t chars) {
    begin_block_if_needed();
    if (failure_) return;
    text_block& b = tree_.blocks.back();
    if (pending_space_ && b.text_length > 0 && tree_.text.back() != '\n') {
        // A line break in the source between two CJK characters is not a space (CSS Text 3 segment break
        // transformation); any other whitespace run is one space.
        const bool join = pending_newline_ && is_cjk_like(last_code_point(tree_.text)) && is_cjk_like(first_code_point(run));
        if (!join) {
            tree_.text.push_back(' ');
            ++b.text_length;
        }
    }
    pending_space_ = pending_newline_ = after_break_ = false;
    tree_.text.append(run);
    b.text_length += static_cast<std::uint32_t>(run.size());
    if (b.chars == 0 && chars > 0) b.opens_with_link = link_depth_ > 0;
    b.chars += chars;
    if (link_depth_ > 0) {
        b.link_chars += chars;
        if (links_seen_ != link_run_) link_only_ = false;  // a second link: not one link's text
    } else {
        link_only_ = false;
    }
}

std::error_code block_builder::finish() {
    end_block();
    pop_to(0);
    for (auto& n : tree_.nodes) n.end_block = std::max(n.end_block, n.first_block);
    tree_.nodes[0].end_block = static_cast<std::uint32_t>(tree_.blocks.size());
    // Children come after their parents: one backward pass turns each node's own links into its subtree's.
    for (std::size_t i = tree_.nodes.size(); i-- > 1;) tree_.nodes[tree_.nodes[i].parent].links += tree_.nodes[i].links;
    return failure_;
}

}  // namespace winnow::detail
