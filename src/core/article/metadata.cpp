// The metadata collector: see winnow/metadata.hpp.
//
// It sees every token of every page, so the common path is a switch on the token kind and the tag id:
// character tokens cost a flag test unless a capture (title, h1, a JSON-LD script, an author element) is
// open, and attributes are only read on the few tags that carry metadata or when an element has any.
#include "winnow/metadata.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_set>

#include "article/headline.hpp"
#include "article/json_ld.hpp"
#include "names_hash.hpp"
#include "signals/text_signals_internal.hpp"
#include "signals/text_signals_util.hpp"
#include "utf8.hpp"
#include "winnow/text_signals.hpp"

namespace winnow {
namespace {

using sv = std::string_view;
using signals::detail::append_folded;
using signals::detail::ascii_lower;
using signals::detail::iequals_ascii;
using signals::detail::is_ascii_alpha;
using signals::detail::is_ascii_space;

constexpr std::size_t text_cap = std::size_t{64} << 10;   // title, h1, author elements
constexpr std::size_t json_cap = std::size_t{1} << 20;    // one JSON-LD script
constexpr std::size_t field_cap = 4096;                   // one folded metadata value

/// What a <meta> name/property/itemprop/http-equiv says.
enum class meta_field : std::uint8_t {
    none,
    og_title,
    twitter_title,
    dc_title,
    other_title,
    author_dc,
    author,
    author_article,
    author_other,
    published_article,
    published,
    modified_article,
    modified,
    language_http,
    language_meta,
    og_locale,
    site_name,
    application_name,
    description_og,
    description,
    description_twitter,
    description_dc,
    og_url,
    og_type,
    item_author,
    item_name,
    item_headline,
    item_published,
    item_modified,
    item_language,
};

struct meta_name {
    sv name;
    meta_field field;
};

// Lowercase names; several spellings of the same field are common across CMSs.
constexpr meta_name meta_names[] = {
    {"og:title", meta_field::og_title},
    {"twitter:title", meta_field::twitter_title},
    {"dc.title", meta_field::dc_title},
    {"dc:title", meta_field::dc_title},
    {"dcterms.title", meta_field::dc_title},
    {"dcterm:title", meta_field::dc_title},
    {"parsely-title", meta_field::other_title},
    {"sailthru.title", meta_field::other_title},
    {"title", meta_field::other_title},
    {"dc.creator", meta_field::author_dc},
    {"dc:creator", meta_field::author_dc},
    {"dcterms.creator", meta_field::author_dc},
    {"dcterm:creator", meta_field::author_dc},
    {"author", meta_field::author},
    {"article:author", meta_field::author_article},
    {"article:author_name", meta_field::author_article},
    {"og:article:author", meta_field::author_article},
    {"sailthru.author", meta_field::author_other},
    {"parsely-author", meta_field::author_other},
    {"byl", meta_field::author_other},
    {"citation_author", meta_field::author_other},
    {"book:author", meta_field::author_other},
    {"dc.contributor", meta_field::author_other},
    {"cxenseparse:author", meta_field::author_other},
    {"article.author", meta_field::author_other},
    {"authors", meta_field::author_other},
    {"article:published_time", meta_field::published_article},
    {"og:article:published_time", meta_field::published_article},
    {"article:published", meta_field::published_article},
    {"date", meta_field::published},
    {"pubdate", meta_field::published},
    {"published", meta_field::published},
    {"publishdate", meta_field::published},
    {"publish-date", meta_field::published},
    {"publish_date", meta_field::published},
    {"published-date", meta_field::published},
    {"published_date", meta_field::published},
    {"published_time", meta_field::published},
    {"publication_date", meta_field::published},
    {"publication-date", meta_field::published},
    {"pub_date", meta_field::published},
    {"dc.date", meta_field::published},
    {"dc:date", meta_field::published},
    {"dc.date.issued", meta_field::published},
    {"dc.date.created", meta_field::published},
    {"dcterms.date", meta_field::published},
    {"dcterms.issued", meta_field::published},
    {"dcterms.created", meta_field::published},
    {"sailthru.date", meta_field::published},
    {"parsely-pub-date", meta_field::published},
    {"og:published_time", meta_field::published},
    {"article.published", meta_field::published},
    {"datepublished", meta_field::published},
    {"date_published", meta_field::published},
    {"article_date_original", meta_field::published},
    {"original-publish-date", meta_field::published},
    {"originalpublicationdate", meta_field::published},
    {"citation_publication_date", meta_field::published},
    {"citation_date", meta_field::published},
    {"cxenseparse:recs:publishtime", meta_field::published},
    {"rnews:datepublished", meta_field::published},
    {"shareaholic:article_published_time", meta_field::published},
    {"vr:published_time", meta_field::published},
    {"og:pubdate", meta_field::published},
    {"date.available", meta_field::published},
    {"release_date", meta_field::published},
    {"creation_date", meta_field::published},
    {"created", meta_field::published},
    {"weibo:article:create_at", meta_field::published},
    {"article:modified_time", meta_field::modified_article},
    {"og:updated_time", meta_field::modified},
    {"og:modified_time", meta_field::modified},
    {"datemodified", meta_field::modified},
    {"dc.date.modified", meta_field::modified},
    {"dcterms.modified", meta_field::modified},
    {"last-modified", meta_field::modified},
    {"lastmod", meta_field::modified},
    {"article:updated_time", meta_field::modified},
    {"content-language", meta_field::language_http},
    {"language", meta_field::language_meta},
    {"dc.language", meta_field::language_meta},
    {"dc:language", meta_field::language_meta},
    {"dcterms.language", meta_field::language_meta},
    {"og:locale", meta_field::og_locale},
    {"og:site_name", meta_field::site_name},
    {"application-name", meta_field::application_name},
    {"og:description", meta_field::description_og},
    {"description", meta_field::description},
    {"twitter:description", meta_field::description_twitter},
    {"dc.description", meta_field::description_dc},
    {"dc:description", meta_field::description_dc},
    {"dcterms.description", meta_field::description_dc},
    {"og:url", meta_field::og_url},
    {"og:type", meta_field::og_type},
};

/// Endings of a site's or a platform's own name for the publication date ("w-published-date",
/// "x:publication_date"): after a separator, they name it whatever the prefix.
constexpr std::array<sv, 10> published_name_endings = {
    "published-date", "published_date", "publish-date",     "publish_date",     "publishdate",
    "publisheddate",  "published-time", "published_time",   "publication-date", "publication_date",
};

meta_field lookup_meta(sv lowercase) noexcept {
    if (lowercase.empty()) return meta_field::none;
    for (const auto& m : meta_names)
        if (m.name.size() == lowercase.size() && m.name[0] == lowercase[0] && m.name == lowercase) return m.field;
    for (const sv ending : published_name_endings) {
        if (lowercase.size() <= ending.size() || !lowercase.ends_with(ending)) continue;
        const char separator = lowercase[lowercase.size() - ending.size() - 1];
        if (separator == '-' || separator == '_' || separator == ':' || separator == '.') return meta_field::published;
    }
    return meta_field::none;
}

/// Microdata property names an element may carry ("itemprop").
meta_field lookup_itemprop(sv lowercase) noexcept {
    if (lowercase == "author" || lowercase == "creator") return meta_field::item_author;
    if (lowercase == "name") return meta_field::item_name;
    if (lowercase == "headline") return meta_field::item_headline;
    if (lowercase == "datepublished" || lowercase == "datecreated") return meta_field::item_published;
    if (lowercase == "datemodified") return meta_field::item_modified;
    if (lowercase == "inlanguage") return meta_field::item_language;
    return meta_field::none;
}

/// Calls f(token) for each space-separated token of an attribute value ("og:title twitter:title").
template <class F>
void for_each_token(sv value, F&& f) {
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && is_ascii_space(value[i])) ++i;
        const std::size_t start = i;
        while (i < value.size() && !is_ascii_space(value[i])) ++i;
        if (i > start) f(value.substr(start, i - start));
    }
}

/// A lowercase copy of a short ASCII-ish name into buf; empty when too long.
sv lower_into(sv s, std::array<char, 64>& buf) noexcept {
    if (s.size() > buf.size()) return {};
    for (std::size_t i = 0; i < s.size(); ++i) buf[i] = ascii_lower(s[i]);
    return {buf.data(), s.size()};
}

bool has_token(sv value, sv lowercase_token) noexcept {
    bool found = false;
    for_each_token(value, [&](sv tok) { found = found || iequals_ascii(tok, lowercase_token); });
    return found;
}

std::string folded(sv s, std::size_t cap = field_cap) {
    std::string out;
    append_folded(out, s, cap);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

void set_if_empty(std::string& slot, sv value) {
    if (!slot.empty()) return;
    slot = folded(value);
}

void set_date_if_empty(std::string& slot, sv value) {
    if (!slot.empty()) return;
    if (auto d = signals::normalize_date(value)) slot = std::move(*d);
}

/// The primary subtag of a language tag ("zh-CN" → "zh", "en_US" → "en"), or of a language name that
/// sites put in meta tags ("English", "Deutsch"); empty when it reads as neither.
std::string primary_language(sv value) {
    value = signals::detail::trim(value);
    std::size_t n = 0;
    while (n < value.size() && is_ascii_alpha(value[n])) ++n;
    const sv head = value.substr(0, n);
    if (n < value.size() && value[n] != '-' && value[n] != '_' && value[n] != ',' && value[n] != ';' &&
        !is_ascii_space(value[n]))
        return {};
    if (head.size() == 2 || head.size() == 3) {
        std::string out;
        for (const char c : head) out.push_back(ascii_lower(c));
        // Charset names and placeholders that pages put where a language belongs ("utf-8", "und").
        for (const sv junk : {sv("utf"), sv("iso"), sv("win"), sv("gbk"), sv("big"), sv("und"), sv("mul"),
                              sv("zxx"), sv("xx"), sv("htm"), sv("txt"), sv("asc")})
            if (out == junk) return {};
        if (out == "iw") return "he";   // the withdrawn code for Hebrew
        if (out == "in") return "id";
        return out;
    }
    struct name_code {
        sv name;
        sv code;
    };
    static constexpr name_code names[] = {
        {"english", "en"},    {"german", "de"},  {"deutsch", "de"},   {"french", "fr"},  {"francais", "fr"},
        {"spanish", "es"},    {"espanol", "es"}, {"italian", "it"},   {"italiano", "it"}, {"portuguese", "pt"},
        {"dutch", "nl"},      {"polish", "pl"},  {"polski", "pl"},    {"russian", "ru"}, {"chinese", "zh"},
        {"japanese", "ja"},   {"korean", "ko"},  {"czech", "cs"},     {"swedish", "sv"}, {"turkish", "tr"},
    };
    for (const auto& nc : names)
        if (iequals_ascii(head, nc.name)) return std::string(nc.code);
    return {};
}

constexpr std::size_t class_text_cap = 400;

// Class and id hints of the elements that hold a byline or a date in the page itself ("author", "byline",
// "post-date", "entry-meta"), and words that mark the same hints in comments, teasers and widgets, where
// they belong to other articles.
constexpr std::uint8_t author_hint = 1;
constexpr std::uint8_t date_hint = 2;

constexpr sv hint_exclusions[] = {"comment", "related", "teaser", "widget", "sidebar", "footer", "avatar",
                                  "image", "img", "photo", "bio", "description", "about", "update", "modif",
                                  "reply", "next", "prev", "recent", "popular"};

/// The first two letters of the hint words, as a 26×26 bit table: the scan below looks at every byte of
/// every class attribute of the page (until a byline and a date are found), so one table lookup per byte
/// must rule out almost every position.
constexpr std::array<std::uint32_t, 27> hint_pairs = [] {
    std::array<std::uint32_t, 27> t{};   // [26] stays empty: the row of non-letters
    for (const sv w : {sv("author"), sv("autor"), sv("byline"), sv("creator"), sv("contributor"), sv("date"),
                       sv("datum"), sv("meta"), sv("publish"), sv("posted"), sv("pubdate"), sv("reporter"),
                       sv("time"), sv("verfasser"), sv("writer"), sv("entrydate")})
        t[static_cast<std::size_t>(w[0] - 'a')] |= 1u << (w[1] - 'a');
    return t;
}();

/// Whether a class or id value names a byline or date element (author_hint, date_hint).
std::uint8_t class_hints(sv value) noexcept {
    std::uint8_t flags = 0;
    auto at = [&](std::size_t i, sv word) {
        if (value.size() - i < word.size()) return false;
        for (std::size_t k = 2; k < word.size(); ++k)
            if (ascii_lower(value[i + k]) != word[k]) return false;
        return true;
    };
    // Hint words start a word of the class name: after a separator ("post-date", "c-byline__name"), at a
    // capital ("publishDate"), or at the start; "pubdate" and its kin are listed whole. The loop is written
    // without data-dependent branches until a hit (a few per page), since mispredictions would dominate.
    unsigned after_letter = 0;
    unsigned after_lower = 0;
    for (std::size_t i = 0; i + 1 < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        const unsigned a = (c | 0x20u) - 'a';   // 0–25 for ASCII letters, anything else above
        const unsigned letter = a < 26 ? 1u : 0u;
        const unsigned upper = static_cast<unsigned>(c - 'A') < 26 ? 1u : 0u;
        const unsigned boundary = letter & ((after_letter ^ 1u) | (upper & after_lower));
        after_letter = letter;
        after_lower = letter & (upper ^ 1u);
        const unsigned b = (static_cast<unsigned char>(value[i + 1]) | 0x20u) - 'a';
        const unsigned pairs = hint_pairs[letter != 0 ? a : 26];
        const unsigned hit = boundary & (b < 26 ? 1u : 0u) & ((pairs >> (b & 31u)) & 1u);
        if (hit == 0) continue;
        switch (a + 'a') {
            case 'a':
                if (at(i, "author") || at(i, "autor")) flags |= author_hint;
                break;
            case 'b':
                if (at(i, "byline")) flags |= author_hint | date_hint;
                break;
            case 'c':
                if (at(i, "creator") || at(i, "contributor")) flags |= author_hint;
                break;
            case 'd':
                if (at(i, "date") || at(i, "datum")) flags |= date_hint;
                break;
            case 'm':
                if (at(i, "meta")) flags |= date_hint;
                break;
            case 'p':
                if (at(i, "publish") || at(i, "posted") || at(i, "pubdate") || at(i, "postdate") ||
                    at(i, "postmeta") || at(i, "postinfo"))
                    flags |= date_hint;
                break;
            case 'e':
                if (at(i, "entrydate") || at(i, "entrymeta")) flags |= date_hint;
                break;
            case 'r':
                if (at(i, "reporter")) flags |= author_hint;
                break;
            case 't':
                if (at(i, "time")) flags |= date_hint;
                break;
            case 'v':
                if (at(i, "verfasser")) flags |= author_hint;
                break;
            case 'w':
                if (at(i, "writer")) flags |= author_hint;
                break;
            default:
                break;
        }
    }
    if (flags == 0) return 0;
    for (const auto x : hint_exclusions)
        if (signals::detail::ifind_ascii(value, x) != sv::npos) return 0;
    return flags;
}

/// a == literal, for attribute names already known to have the literal's length; written out so that the
/// compiler unrolls it instead of calling memcmp.
template <std::size_t N>
bool name_is(sv a, const char (&literal)[N]) noexcept {
    for (std::size_t i = 0; i + 1 < N; ++i)
        if (a[i] != literal[i]) return false;
    return true;
}

/// The folded key of a short value, for comparing labels.
class folded_key_view {
public:
    explicit folded_key_view(sv text) noexcept { ok_ = text.size() <= 128 && key_.build(text); }
    [[nodiscard]] sv view() const noexcept { return ok_ ? key_.view() : sv{}; }

private:
    signals::detail::folded_key key_;
    bool ok_ = false;
};

bool has_cjk(sv text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const auto cp = signals::detail::decode_at(text, i);
        if (signals::detail::is_cjk(cp.value)) return true;
        i += cp.length;
    }
    return false;
}

bool is_ld_json_type(sv type) noexcept {
    type = signals::detail::trim(type);
    return iequals_ascii(type, "application/ld+json");
}

/// An element whose text is being collected, closed by the matching end tag.
struct element_capture {
    bool active = false;
    bool done = false;
    tag_id tag = tag_id::unknown;
    std::string tag_name;        ///< for tag_id::unknown elements
    std::uint32_t depth = 0;
    std::string text;

    void start(const token& t) {
        active = true;
        tag = t.tag;
        tag_name.assign(t.tag == tag_id::unknown ? t.name : sv{});
        depth = 1;
        text.clear();
    }
    [[nodiscard]] bool same(const token& t) const noexcept {
        return t.tag == tag && (tag != tag_id::unknown || t.name == tag_name);
    }
    void append(sv data, std::size_t cap) {
        if (text.size() >= cap) return;
        const std::size_t room = cap - text.size();
        text.append(winnow::detail::utf8_prefix(data, room));
    }
    void clear() {
        active = false;
        done = false;
        depth = 0;
        text.clear();
    }
};

// ---------------------------------------------------------------------------------------------------
// JSON-LD

constexpr sv article_types[] = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "satiricalarticle", "scholarlyarticle",
    "techarticle", "report", "liveblogposting", "socialmediaposting", "discussionforumposting", "posting",
    "medicalscholarlyarticle", "advertisercontentarticle", "reviewarticle", "blog", "creativework",
};
constexpr sv page_types[] = {"webpage", "collectionpage", "searchresultspage", "itempage", "aboutpage", "profilepage", "qapage", "faqpage",
                             "medicalwebpage", "realestatelisting", "recipe", "videoobject", "review", "event",
                             "product", "howto", "book", "podcastepisode", "movie"};
constexpr sv site_types[] = {"website", "organization", "newsmediaorganization", "corporation", "localbusiness",
                             "educationalorganization", "governmentorganization"};

enum class ld_rank : std::uint8_t { other = 0, site = 1, page = 2, article = 3 };

/// "http://schema.org/NewsArticle", "schema:NewsArticle" → "newsarticle".
sv type_tail(sv type, std::array<char, 64>& buf) noexcept {
    const std::size_t cut = type.find_last_of("/:#");
    if (cut != sv::npos) type = type.substr(cut + 1);
    return lower_into(type, buf);
}

bool in_list(sv lowercase, std::span<const sv> list) noexcept {
    for (const auto item : list)
        if (item == lowercase) return true;
    return false;
}

ld_rank rank_of_type(sv type) noexcept {
    std::array<char, 64> buf{};
    const sv t = type_tail(type, buf);
    if (in_list(t, article_types)) return ld_rank::article;
    if (in_list(t, page_types)) return ld_rank::page;
    if (in_list(t, site_types)) return ld_rank::site;
    return ld_rank::other;
}

bool is_person_type(sv type) noexcept {
    std::array<char, 64> buf{};
    return type_tail(type, buf) == "person";
}

using detail::json_document;
using detail::json_kind;

ld_rank rank_of(const json_document& doc, std::uint32_t obj) {
    const std::uint32_t type = doc.member(obj, "@type");
    if (type == json_document::npos) return ld_rank::other;
    if (doc.kind(type) == json_kind::string) return rank_of_type(doc.text(type));
    ld_rank best = ld_rank::other;
    if (doc.kind(type) == json_kind::array)
        for (std::uint32_t c = doc.first_child(type); c != json_document::npos; c = doc.next(c))
            if (doc.kind(c) == json_kind::string && rank_of_type(doc.text(c)) > best) best = rank_of_type(doc.text(c));
    return best;
}

/// The text of a string member, or of the first string in an array member.
sv string_of(const json_document& doc, std::uint32_t value) {
    if (value == json_document::npos) return {};
    if (doc.kind(value) == json_kind::string) return doc.text(value);
    if (doc.kind(value) == json_kind::array)
        for (std::uint32_t c = doc.first_child(value); c != json_document::npos; c = doc.next(c))
            if (doc.kind(c) == json_kind::string) return doc.text(c);
    return {};
}

sv member_string(const json_document& doc, std::uint32_t obj, sv name) {
    return string_of(doc, doc.member(obj, name));
}

/// The object elsewhere in the document that `ref` ({"@id": …} without other members) points to.
std::uint32_t resolve_reference(const json_document& doc, std::uint32_t ref) {
    if (doc.kind(ref) != json_kind::object) return ref;
    const sv id = member_string(doc, ref, "@id");
    if (id.empty() || doc.member(ref, "name") != json_document::npos) return ref;
    for (std::uint32_t i = 0; i < doc.size(); ++i) {
        if (i == ref || doc.kind(i) != json_kind::object) continue;
        if (member_string(doc, i, "@id") == id && doc.member(i, "name") != json_document::npos) return i;
    }
    return ref;
}

/// Author names from an "author" value: a string, an object with a name (or a reference to one), or an
/// array of those. Persons go to `persons`, other named things (organisations) to `others`.
/// Author values read per page at most: no byline names more, and each object may be a reference that
/// resolve_reference() looks up across the whole document (an "author" array of thousands of references
/// would cost their number times the document's size).
constexpr std::size_t max_author_values = 64;

void collect_authors(const json_document& doc, std::uint32_t value, std::vector<std::string>& persons,
                     std::vector<std::string>& others, std::size_t& budget, int depth = 0) {
    if (value == json_document::npos || depth > 3 || budget == 0) return;
    --budget;
    switch (doc.kind(value)) {
        case json_kind::string:
            signals::detail::split_names(doc.text(value), persons);
            return;
        case json_kind::array:
            for (std::uint32_t c = doc.first_child(value); c != json_document::npos; c = doc.next(c))
                collect_authors(doc, c, persons, others, budget, depth + 1);
            return;
        case json_kind::object: {
            const std::uint32_t obj = resolve_reference(doc, value);
            const std::uint32_t name = doc.member(obj, "name");
            std::string given;
            if (name == json_document::npos) {
                // {"givenName": "Jane", "familyName": "Doe"}
                const sv g = member_string(doc, obj, "givenName");
                const sv f = member_string(doc, obj, "familyName");
                if (g.empty() && f.empty()) return;
                given = std::string(g) + (g.empty() || f.empty() ? "" : " ") + std::string(f);
            }
            const sv type = member_string(doc, obj, "@type");
            const bool person = type.empty() || is_person_type(type);
            auto& target = person ? persons : others;
            if (!given.empty()) {
                signals::detail::split_names(given, target);
            } else if (doc.kind(name) == json_kind::string) {
                signals::detail::split_names(doc.text(name), target);
            } else {
                collect_authors(doc, name, target, others, budget, depth + 1);
            }
            return;
        }
        default:
            return;
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

class metadata_collector::impl {
public:
    void on_token(const token& t) {
        switch (t.kind) {
            case token_kind::characters:
                if (capturing_) append_characters(t.data);
                return;
            case token_kind::start_tag:
                on_start(t);
                return;
            case token_kind::end_tag:
                on_end(t);
                return;
            default:
                return;
        }
    }

    page_metadata finish() const;

    void reset() {
        for (auto* s : {&og_title_, &twitter_title_, &dc_title_, &other_title_, &html_title_, &h1_,
                        &item_headline_, &ld_headline_, &published_article_, &ld_published_, &ld_page_published_,
                        &published_meta_, &published_item_, &published_time_, &modified_article_, &ld_modified_,
                        &modified_meta_, &html_lang_, &http_lang_, &meta_lang_, &og_locale_, &ld_lang_,
                        &site_name_, &ld_publisher_, &app_name_, &ld_site_, &canonical_, &og_url_, &ld_url_, &base_,
                        &description_og_, &description_, &description_twitter_, &description_dc_,
                        &ld_description_, &author_name_, &class_date_, &twitter_author_label_, &ld_type_, &og_type_})
            s->clear();
        for (auto* v : {&ld_authors_, &ld_org_authors_, &authors_dc_, &authors_meta_, &authors_article_,
                        &authors_other_, &authors_item_, &authors_rel_, &class_authors_})
            v->clear();
        title_.clear();
        h1_capture_.clear();
        author_capture_.clear();
        name_capture_.clear();
        rel_author_.clear();
        headline_capture_.clear();
        date_capture_.clear();
        script_.clear();
        class_author_.clear();
        class_date_capture_.clear();
        capturing_ = false;
        have_person_ = false;
        seen_html_ = false;
        ld_has_article_ = false;
        svg_depth_ = 0;
        json_.clear();
        class_hint_cache_.fill({});
    }

private:
    /// class_hints of a class or id string, remembered: pages repeat the same strings on every item.
    std::uint8_t cached_class_hints(sv names) noexcept {
        const std::uint64_t h = winnow::detail::names_hash(names);
        class_hint_entry& entry = class_hint_cache_[(h ^ (h >> 29)) & (class_hint_cache_.size() - 1)];
        if (!entry.valid || entry.hash != h) entry = {h, class_hints(names), true};
        return entry.hints;
    }

    void update_capturing() noexcept {
        capturing_ = title_.active || h1_capture_.active || author_capture_.active || name_capture_.active ||
                     rel_author_.active || headline_capture_.active || date_capture_.active || script_.active ||
                     class_author_.active || class_date_capture_.active;
    }

    /// Author fields of metadata (meta tags, microdata content): names as given.
    void take_field_authors(sv content, std::vector<std::string>& out) {
        const std::size_t before = out.size();
        signals::detail::split_names(content, out);
        note_person(out, before);
    }

    /// Remembers that a metadata source named a person, which makes the class-hint scan of the body moot.
    void note_person(const std::vector<std::string>& names, std::size_t from) {
        for (std::size_t i = from; i < names.size() && !have_person_; ++i)
            have_person_ = !signals::detail::looks_like_organisation(names[i], {});
    }

    /// Author text found in page elements: names must look like names ("deinen Hochzeitsbloggern" does not).
    static void take_element_authors(const std::string& text, std::vector<std::string>& out) {
        std::vector<std::string> names;
        signals::detail::split_names(text, names);
        for (auto& n : names)
            if (signals::detail::looks_like_person_name(n)) out.push_back(std::move(n));
    }

    void append_characters(sv data) {
        if (title_.active) title_.append(data, text_cap);
        if (h1_capture_.active) h1_capture_.append(data, text_cap);
        if (author_capture_.active) author_capture_.append(data, text_cap);
        if (name_capture_.active) name_capture_.append(data, text_cap);
        if (rel_author_.active) rel_author_.append(data, text_cap);
        if (headline_capture_.active) headline_capture_.append(data, text_cap);
        if (date_capture_.active) date_capture_.append(data, text_cap);
        if (script_.active) script_.append(data, json_cap);
        // A class-hinted element that grows long is a container (a whole "post-meta" column), not a byline:
        // drop it so that the short elements inside it can be captured.
        for (auto* c : {&class_author_, &class_date_capture_}) {
            if (c->active) {
                c->append(data, class_text_cap);
                if (c->text.size() >= class_text_cap) {
                    c->active = false;
                    c->text.clear();
                    update_capturing();
                }
            }
        }
    }

    void on_start(const token& t) {
        // Nesting of the elements being captured: a <span> inside an itemprop=author <span>. "<span/>" opens a
        // span in HTML (the slash is ignored), so it counts; in SVG and MathML it closes the element.
        if (class_author_.active) {
            // An element named "author" that holds a heading is a teaser card or a whole header, not a byline:
            // dropped, so that the byline inside it can be captured.
            if (is_heading(t.tag)) {
                class_author_.active = false;
                class_author_.text.clear();
                update_capturing();
            } else if (t.tag == tag_id::br || is_block(t.tag)) {
                // A line break or a block separates what it holds: "ERIC TUCKER<br>Associated Press" is two
                // lines, not "TUCKERAssociated".
                class_author_.append(" ", class_text_cap);
            }
        }
        // The same in the headline: "Your Guide<br>to Medicare" is not "Guideto".
        if (h1_capture_.active && (t.tag == tag_id::br || is_block(t.tag))) h1_capture_.append(" ", text_cap);
        if (capturing_ && !is_void(t.tag) && !(t.self_closing && svg_depth_ > 0)) {
            for (auto* c : {&h1_capture_, &author_capture_, &name_capture_, &rel_author_, &headline_capture_,
                            &date_capture_, &class_author_, &class_date_capture_})
                if (c->active && c->same(t)) ++c->depth;
        }
        switch (t.tag) {
            case tag_id::svg:
            case tag_id::math:
                if (!t.self_closing) ++svg_depth_;
                return;
            case tag_id::html:
                if (!seen_html_) {
                    seen_html_ = true;
                    if (auto lang = t.attribute("lang")) html_lang_ = primary_language(*lang);
                    if (html_lang_.empty())
                        if (auto lang = t.attribute("xml:lang")) html_lang_ = primary_language(*lang);
                }
                return;
            case tag_id::meta:
                on_meta(t);
                return;
            case tag_id::link:
                on_link(t);
                return;
            case tag_id::base:
                if (base_.empty())
                    if (auto href = t.attribute("href")) base_ = folded(*href);
                return;
            case tag_id::title:
                if (svg_depth_ == 0 && !title_.done && !title_.active) {
                    title_.start(t);
                    update_capturing();
                }
                return;
            case tag_id::script:
                if (auto type = t.attribute("type"); type && is_ld_json_type(*type) && !script_.active) {
                    script_.start(t);
                    update_capturing();
                }
                return;
            case tag_id::h1:
                if (!h1_capture_.done && !h1_capture_.active && svg_depth_ == 0) {
                    h1_capture_.start(t);
                    update_capturing();
                }
                break;
            case tag_id::time:
                if (published_time_.empty())
                    if (auto dt = t.attribute("datetime")) set_date_if_empty(published_time_, *dt);
                break;
            default:
                break;
        }
        if (!t.attributes.empty()) on_attributes(t);
    }

    void on_end(const token& t) {
        if ((t.tag == tag_id::svg || t.tag == tag_id::math) && svg_depth_ > 0) --svg_depth_;
        if (!capturing_) return;
        if (title_.active && t.tag == tag_id::title) {
            title_.active = false;
            title_.done = true;
            html_title_ = folded(title_.text);
        }
        if (script_.active && t.tag == tag_id::script) {
            script_.active = false;
            take_json_ld(script_.text);
            script_.text.clear();
        }
        if (h1_capture_.active && h1_capture_.same(t) && --h1_capture_.depth == 0) {
            h1_capture_.active = false;
            h1_ = folded(h1_capture_.text, 1024);
            h1_capture_.done = !h1_.empty();   // an empty first <h1> (a logo) does not count
        }
        if (name_capture_.active && name_capture_.same(t) && --name_capture_.depth == 0) {
            name_capture_.active = false;
            if (author_name_.empty()) author_name_ = folded(name_capture_.text, 256);
        }
        if (author_capture_.active && author_capture_.same(t) && --author_capture_.depth == 0) {
            author_capture_.active = false;
            const std::string text = author_name_.empty() ? folded(author_capture_.text, 512) : author_name_;
            if (!text.empty() && text.size() <= 200) take_element_authors(text, authors_item_);
            author_name_.clear();
        }
        if (rel_author_.active && rel_author_.same(t) && --rel_author_.depth == 0) {
            rel_author_.active = false;
            const std::string text = folded(rel_author_.text, 512);
            if (!text.empty() && text.size() <= 200) take_element_authors(text, authors_rel_);
        }
        if (headline_capture_.active && headline_capture_.same(t) && --headline_capture_.depth == 0) {
            headline_capture_.active = false;
            headline_capture_.done = true;
            if (item_headline_.empty()) item_headline_ = folded(headline_capture_.text, 1024);
        }
        if (class_author_.active && class_author_.same(t) && --class_author_.depth == 0) {
            class_author_.active = false;
            const std::string text = folded(class_author_.text, 512);
            if (!text.empty() && text.size() <= 200) {
                if (auto by = signals::parse_byline(text); by && !by->authors.empty()) {
                    class_authors_ = std::move(by->authors);
                    if (by->date && class_date_.empty()) class_date_ = std::move(*by->date);
                } else if (!has_cjk(text)) {
                    // Unlabelled CJK text in an "author" box is as often "文章" or a site name as a person: only
                    // a labelled byline ("作者：…") counts there. A name with its date, unlabelled ("Andrew
                    // Gerrand 4 August 2010"): the name before the date, and the date.
                    if (const auto date = signals::detail::find_date_span(text); date && date->begin > 0) {
                        take_element_authors(text.substr(0, date->begin), class_authors_);
                        if (class_date_.empty()) class_date_ = signals::detail::format_date(date->parts);
                    } else {
                        take_element_authors(text, class_authors_);
                    }
                }
            }
        }
        if (class_date_capture_.active && class_date_capture_.same(t) && --class_date_capture_.depth == 0) {
            class_date_capture_.active = false;
            const std::string text = folded(class_date_capture_.text, 512);
            if (class_date_.empty() && !text.empty() && text.size() <= 300)
                if (auto d = signals::find_date(text)) class_date_ = std::move(*d);
        }
        if (date_capture_.active && date_capture_.same(t) && --date_capture_.depth == 0) {
            date_capture_.active = false;
            if (published_item_.empty())
                if (auto d = signals::find_date(folded(date_capture_.text, 512))) published_item_ = std::move(*d);
        }
        update_capturing();
    }

    void on_meta(const token& t) {
        const auto content = t.attribute("content");
        if (!content) {
            // <meta charset>, <meta itemprop=… > without content: nothing to take.
            return;
        }
        std::array<char, 64> buf{};
        for (const sv attr : {sv("property"), sv("name"), sv("itemprop"), sv("http-equiv")}) {
            const auto value = t.attribute(attr);
            if (!value) continue;
            for_each_token(*value, [&](sv tok) {
                const sv key = lower_into(tok, buf);
                if (key.empty()) return;
                if (attr == "itemprop") on_itemprop_meta(lookup_itemprop(key), *content);
                else if (key.starts_with("twitter:label") || key.starts_with("twitter:data")) on_twitter_label(key, *content);
                else take_meta(lookup_meta(key), *content);
            });
        }
    }

    void take_meta(meta_field f, sv content) {
        switch (f) {
            case meta_field::og_title: set_if_empty(og_title_, content); break;
            case meta_field::twitter_title: set_if_empty(twitter_title_, content); break;
            case meta_field::dc_title: set_if_empty(dc_title_, content); break;
            case meta_field::other_title: set_if_empty(other_title_, content); break;
            case meta_field::author_dc: take_field_authors(content, authors_dc_); break;
            case meta_field::author: take_field_authors(content, authors_meta_); break;
            case meta_field::author_article: take_field_authors(content, authors_article_); break;
            case meta_field::author_other: take_field_authors(content, authors_other_); break;
            case meta_field::published_article: set_date_if_empty(published_article_, content); break;
            case meta_field::published: set_date_if_empty(published_meta_, content); break;
            case meta_field::modified_article: set_date_if_empty(modified_article_, content); break;
            case meta_field::modified: set_date_if_empty(modified_meta_, content); break;
            case meta_field::language_http:
                if (http_lang_.empty()) http_lang_ = primary_language(content);
                break;
            case meta_field::language_meta:
                if (meta_lang_.empty()) meta_lang_ = primary_language(content);
                break;
            case meta_field::og_locale:
                if (og_locale_.empty()) og_locale_ = primary_language(content);
                break;
            case meta_field::site_name: set_if_empty(site_name_, content); break;
            case meta_field::application_name: set_if_empty(app_name_, content); break;
            case meta_field::description_og: set_if_empty(description_og_, content); break;
            case meta_field::description: set_if_empty(description_, content); break;
            case meta_field::description_twitter: set_if_empty(description_twitter_, content); break;
            case meta_field::description_dc: set_if_empty(description_dc_, content); break;
            case meta_field::og_url: set_if_empty(og_url_, content); break;
            case meta_field::og_type:
                if (og_type_.empty() && content.size() <= 64)
                    for (const char c : content) og_type_.push_back(ascii_lower(c));
                break;
            default: break;
        }
    }

    /// WordPress (Yoast) writes the author as a label/value pair: twitter:label1 "Written by",
    /// twitter:data1 "Jane Doe".
    void on_twitter_label(sv key, sv content) {
        if (key.starts_with("twitter:label")) {
            const sv n = key.substr(13);
            folded_key_view k(content);
            for (const sv label : {sv("written by"), sv("verfasst von"), sv("geschrieben von"), sv("von"), sv("autor"),
                                   sv("author"), sv("ecrit par"), sv("escrito por"), sv("scritto da"),
                                   sv("geschreven door"), sv("autor a"), sv("par"), sv("por")}) {
                if (k.view() == label && n.size() <= 2) {
                    twitter_author_label_.assign(n);
                    return;
                }
            }
            return;
        }
        if (!twitter_author_label_.empty() && key.substr(12) == twitter_author_label_) {
            take_field_authors(content, authors_other_);
            twitter_author_label_.clear();
        }
    }

    void on_itemprop_meta(meta_field f, sv content) {
        switch (f) {
            case meta_field::item_author: take_field_authors(content, authors_item_); break;
            case meta_field::item_name:
                if (author_capture_.active && author_name_.empty()) author_name_ = folded(content, 256);
                break;
            case meta_field::item_headline: set_if_empty(item_headline_, content); break;
            case meta_field::item_published: set_date_if_empty(published_item_, content); break;
            case meta_field::item_modified: set_date_if_empty(modified_meta_, content); break;
            case meta_field::item_language:
                if (meta_lang_.empty()) meta_lang_ = primary_language(content);
                break;
            default: break;
        }
    }

    void on_link(const token& t) {
        const auto rel = t.attribute("rel");
        if (!rel) return;
        if (canonical_.empty() && has_token(*rel, "canonical"))
            if (auto href = t.attribute("href")) canonical_ = folded(*href);
    }

    /// Microdata and rel=author on any element.
    void on_attributes(const token& t) {
        std::optional<sv> itemprop;
        std::optional<sv> rel;
        for (const auto& a : t.attributes) {
            // Every attribute of every element comes through here: dispatch on the name's length first.
            const sv n = a.name;
            if (n.size() == 8 && name_is(n, "itemprop")) {
                itemprop = a.value;
            } else if (n.size() == 3 && name_is(n, "rel")) {
                rel = a.value;
            } else if (((n.size() == 5 && name_is(n, "class")) || (n.size() == 2 && n[0] == 'i' && n[1] == 'd')) &&
                       !is_void(t.tag)) {
                // The scan looks at every class of the page: skip it once the metadata has what it would find.
                const bool want_author = class_authors_.empty() && !class_author_.active && !have_person_;
                const bool want_date = class_date_.empty() && !class_date_capture_.active && published_article_.empty() &&
                                       ld_published_.empty() && published_meta_.empty() && published_item_.empty();
                if (!want_author && !want_date) continue;
                const std::uint8_t hints = cached_class_hints(a.value);
                if (want_author && (hints & author_hint) != 0) {
                    class_author_.start(t);
                    update_capturing();
                }
                if (want_date && (hints & date_hint) != 0) {
                    class_date_capture_.start(t);
                    update_capturing();
                }
            }
        }
        if (rel && t.tag == tag_id::a && !rel_author_.active && has_token(*rel, "author")) {
            rel_author_.start(t);
            update_capturing();
        }
        if (!itemprop) return;
        std::array<char, 64> buf{};
        for_each_token(*itemprop, [&](sv tok) {
            const sv key = lower_into(tok, buf);
            switch (lookup_itemprop(key)) {
                case meta_field::item_author:
                    if (auto c = t.attribute("content")) {
                        signals::detail::split_names(*c, authors_item_);
                    } else if (!author_capture_.active && !is_void(t.tag) && t.tag != tag_id::link) {
                        author_capture_.start(t);
                        author_name_.clear();
                    }
                    break;
                case meta_field::item_name:
                    if (author_capture_.active && !name_capture_.active && !is_void(t.tag)) name_capture_.start(t);
                    break;
                case meta_field::item_headline:
                    if (auto c = t.attribute("content")) set_if_empty(item_headline_, *c);
                    else if (!headline_capture_.active && !headline_capture_.done && !is_void(t.tag))
                        headline_capture_.start(t);
                    break;
                case meta_field::item_published:
                    if (auto c = t.attribute("content")) set_date_if_empty(published_item_, *c);
                    else if (auto d = t.attribute("datetime")) set_date_if_empty(published_item_, *d);
                    else if (!date_capture_.active && published_item_.empty() && !is_void(t.tag))
                        date_capture_.start(t);
                    break;
                case meta_field::item_modified:
                    if (auto c = t.attribute("content")) set_date_if_empty(modified_meta_, *c);
                    else if (auto d = t.attribute("datetime")) set_date_if_empty(modified_meta_, *d);
                    break;
                default:
                    break;
            }
        });
        update_capturing();
    }

    void take_json_ld(sv text);

    // Candidates, by field and source. Each holds the first value seen from its source.
    std::string og_title_, twitter_title_, dc_title_, other_title_, html_title_, h1_, item_headline_, ld_headline_;
    std::string published_article_, ld_published_, ld_page_published_, published_meta_, published_item_,
        published_time_;
    std::string modified_article_, ld_modified_, modified_meta_;
    std::string html_lang_, http_lang_, meta_lang_, og_locale_, ld_lang_;
    std::string site_name_, ld_publisher_, app_name_, ld_site_;
    std::string canonical_, og_url_, ld_url_;
    std::string base_;          ///< the first <base href>
    std::string description_og_, description_, description_twitter_, description_dc_, ld_description_;
    std::vector<std::string> ld_authors_, ld_org_authors_, authors_dc_, authors_meta_, authors_article_,
        authors_other_, authors_item_, authors_rel_;
    std::string ld_type_;       ///< the main entity's @type, lowercase
    std::string og_type_;       ///< og:type, lowercase
    std::string author_name_;   ///< itemprop=name inside the open itemprop=author element
    std::string twitter_author_label_;   ///< "1" after twitter:label1 "Written by"

    std::vector<std::string> class_authors_;   ///< from elements classed "author"/"byline"
    std::string class_date_;                   ///< from elements classed "date"/"time"/"meta"

    element_capture title_, h1_capture_, author_capture_, name_capture_, rel_author_, headline_capture_,
        date_capture_, script_, class_author_, class_date_capture_;
    bool capturing_ = false;
    bool have_person_ = false;   ///< a metadata author field named a person
    struct class_hint_entry {
        std::uint64_t hash = 0;
        std::uint8_t hints = 0;
        bool valid = false;
    };
    std::array<class_hint_entry, 256> class_hint_cache_{};   ///< by names_hash of the class/id string
    bool seen_html_ = false;
    bool ld_has_article_ = false;
    std::uint32_t svg_depth_ = 0;
    json_document json_;
};

void metadata_collector::impl::take_json_ld(sv text) {
    json_.parse(text);
    const json_document& doc = json_;
    // The article: the article-typed object nested in the fewest typed objects (a NewsArticle at the top or
    // in @graph, not one listed inside an ItemList of related stories); failing that, a page-typed object.
    std::uint32_t article = json_document::npos;
    std::uint32_t page = json_document::npos;
    std::uint32_t site = json_document::npos;
    std::size_t article_level = SIZE_MAX;
    std::size_t page_level = SIZE_MAX;
    std::size_t site_level = SIZE_MAX;
    for (std::uint32_t i = 1; i < doc.size(); ++i) {
        if (doc.kind(i) != json_kind::object) continue;
        const ld_rank r = rank_of(doc, i);
        if (r == ld_rank::other) continue;
        std::size_t level = 0;
        for (std::uint32_t p = doc.parent(i); p != json_document::npos && p != 0; p = doc.parent(p))
            if (doc.kind(p) == json_kind::object && doc.member(p, "@type") != json_document::npos) ++level;
        if (r == ld_rank::article && level < article_level) {
            article = i;
            article_level = level;
        } else if (r == ld_rank::page && level < page_level) {
            page = i;
            page_level = level;
        } else if (r == ld_rank::site && level < site_level) {
            site = i;
            site_level = level;
        }
    }
    if (site != json_document::npos && ld_site_.empty()) set_if_empty(ld_site_, member_string(doc, site, "name"));
    const std::uint32_t main = article != json_document::npos ? article : page;
    if (main == json_document::npos) return;
    const bool is_article = main == article;
    if (ld_type_.empty() || (is_article && !ld_has_article_)) {
        std::array<char, 64> buf{};
        ld_type_ = std::string(type_tail(member_string(doc, main, "@type"), buf));
    }
    if (is_article) {
        if (ld_has_article_) return;   // the first script's article wins
        ld_has_article_ = true;
        set_if_empty(ld_headline_, member_string(doc, main, "headline"));
        if (ld_headline_.empty()) set_if_empty(ld_headline_, member_string(doc, main, "name"));
        std::uint32_t author = doc.member(main, "author");
        if (author == json_document::npos) author = doc.member(main, "creator");
        std::size_t budget = max_author_values;
        collect_authors(doc, author, ld_authors_, ld_org_authors_, budget);
        note_person(ld_authors_, 0);
        sv published = member_string(doc, main, "datePublished");
        if (published.empty()) published = member_string(doc, main, "dateCreated");
        set_date_if_empty(ld_published_, published);
    } else {
        sv published = member_string(doc, main, "datePublished");
        if (published.empty()) published = member_string(doc, main, "uploadDate");
        set_date_if_empty(ld_page_published_, published);
    }
    set_date_if_empty(ld_modified_, member_string(doc, main, "dateModified"));
    if (const std::uint32_t pub = doc.member(main, "publisher"); pub != json_document::npos) {
        if (doc.kind(pub) == json_kind::string) {
            set_if_empty(ld_publisher_, doc.text(pub));
        } else {
            std::uint32_t obj = pub;
            if (doc.kind(pub) == json_kind::array) obj = doc.first_child(pub);
            if (obj != json_document::npos && doc.kind(obj) == json_kind::object)
                set_if_empty(ld_publisher_, member_string(doc, resolve_reference(doc, obj), "name"));
        }
    }
    sv url = member_string(doc, main, "url");
    if (url.empty()) {
        const std::uint32_t mep = doc.member(main, "mainEntityOfPage");
        if (mep != json_document::npos) {
            if (doc.kind(mep) == json_kind::string) url = doc.text(mep);
            else if (doc.kind(mep) == json_kind::object) url = member_string(doc, mep, "@id");
        }
    }
    if (url.find("://") != sv::npos) set_if_empty(ld_url_, url);
    if (const std::uint32_t lang = doc.member(main, "inLanguage"); lang != json_document::npos) {
        sv code = string_of(doc, lang);
        if (code.empty() && doc.kind(lang) == json_kind::object) {
            code = member_string(doc, lang, "alternateName");
            if (code.empty()) code = member_string(doc, lang, "name");
        }
        if (ld_lang_.empty()) ld_lang_ = primary_language(code);
    }
    set_if_empty(ld_description_, member_string(doc, main, "description"));
}

namespace {

const std::string& first_of(std::initializer_list<const std::string*> list) {
    static const std::string empty;
    for (const auto* s : list)
        if (!s->empty()) return *s;
    return empty;
}

/// An absolute http or https URL without spaces or control characters: what a page's URL can be. A
/// canonical link or og:url that is anything else (javascript:, data:, a relative path, a template's
/// placeholder) is not published as the article's URL.
bool is_web_url(sv url) noexcept {
    const auto scheme_is = [&](sv scheme) {
        if (url.size() <= scheme.size() + 3) return false;
        for (std::size_t i = 0; i < scheme.size(); ++i)
            if ((url[i] | 0x20) != scheme[i]) return false;
        return url.substr(scheme.size(), 3) == "://";
    };
    if (!scheme_is("http") && !scheme_is("https")) return false;
    return std::none_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

const std::string& first_web_url(std::initializer_list<const std::string*> list) {
    static const std::string empty;
    for (const auto* s : list)
        if (is_web_url(*s)) return *s;
    return empty;
}

/// A title candidate with the known site name taken off ("Headline | Site" → "Headline"); a candidate that
/// is only the site name is no title at all.
std::string clean_title(const std::string& candidate, const std::string& site) {
    if (candidate.empty()) return {};
    if (!site.empty()) {
        if (iequals_ascii(candidate, site)) return {};
        if (auto stripped = signals::detail::strip_known_site(candidate, site)) return std::move(*stripped);
    }
    return candidate;
}

/// Languages written in the Latin script (a declared one of these on a page whose title is all Han is a
/// template default, not the page's language).
bool is_latin_script_language(sv code) noexcept {
    for (const sv c : {sv("en"), sv("de"), sv("fr"), sv("es"), sv("it"), sv("pt"), sv("nl"), sv("pl"), sv("sv"),
                       sv("da"), sv("no"), sv("nb"), sv("fi"), sv("cs"), sv("tr"), sv("id"), sv("ro"), sv("hu")})
        if (code == c) return true;
    return false;
}

/// Tokens of a title for comparing titles: folded words, and each CJK character on its own.
template <class F>
void for_each_title_token(sv text, F&& f) {
    signals::detail::folded_key key;
    if (!key.build(text.substr(0, std::min<std::size_t>(text.size(), 600)))) return;
    signals::detail::word_iterator it(key.view());
    for (sv w = it.next(); !w.empty(); w = it.next()) {
        if (static_cast<unsigned char>(w[0]) < 0x80) {
            f(w);
            continue;
        }
        for (std::size_t i = 0; i < w.size();) {
            const auto cp = signals::detail::decode_at(w, i);
            f(w.substr(i, cp.length));
            i += cp.length;
        }
    }
}

std::size_t title_tokens(sv text) {
    std::size_t n = 0;
    for_each_title_token(text, [&](sv) { ++n; });
    // CJK titles count characters: six of them make a real headline, like three words.
    return n;
}

/// Share of the candidate's tokens that occur in the reference.
double token_overlap(sv candidate, sv reference) {
    std::vector<sv> ref;
    signals::detail::folded_key ref_key;
    // The reference tokens must outlive the lambda's views: keep the folded key alive here.
    if (!ref_key.build(reference.substr(0, std::min<std::size_t>(reference.size(), 600)))) return 0;
    {
        signals::detail::word_iterator it(ref_key.view());
        for (sv w = it.next(); !w.empty(); w = it.next()) {
            if (static_cast<unsigned char>(w[0]) < 0x80) {
                ref.push_back(w);
                continue;
            }
            for (std::size_t i = 0; i < w.size();) {
                const auto cp = signals::detail::decode_at(w, i);
                ref.push_back(w.substr(i, cp.length));
                i += cp.length;
            }
        }
    }
    std::size_t total = 0;
    std::size_t found = 0;
    for_each_title_token(candidate, [&](sv tok) {
        ++total;
        for (const auto r : ref) {
            if (r == tok) {
                ++found;
                break;
            }
        }
    });
    return total == 0 ? 0.0 : static_cast<double>(found) / static_cast<double>(total);
}

bool starts_with_normalised(sv hay, sv needle) {
    signals::detail::folded_key h;
    signals::detail::folded_key n;
    if (!h.build(hay) || !n.build(needle) || n.view().empty()) return false;
    return signals::detail::starts_with_words(h.view(), n.view());
}

/// Where the folded form of `needle` occurs in that of `hay`: 0 nowhere, 1 inside, 2 at the start or the
/// end on a word boundary.
int find_normalised(sv hay, sv needle) {
    signals::detail::folded_key h;
    signals::detail::folded_key n;
    if (!h.build(hay) || !n.build(needle) || n.view().empty()) return 0;
    const sv hv = h.view();
    const sv nv = n.view();
    if (signals::detail::starts_with_words(hv, nv) || signals::detail::ends_with_words(hv, nv)) return 2;
    return hv.find(nv) != sv::npos ? 1 : 0;
}

}  // namespace

page_metadata metadata_collector::impl::finish() const {
    page_metadata m;
    m.schema_type = ld_type_;
    m.og_type = og_type_;
    m.site_name = first_of({&site_name_, &ld_publisher_, &app_name_, &ld_site_});
    m.html_title = title_.done ? html_title_ : (title_.text.size() <= 512 ? folded(title_.text) : std::string());
    m.first_h1 = h1_capture_.done || !h1_capture_.active ? h1_ : folded(h1_capture_.text, 1024);
    if (m.first_h1.size() > 1000) m.first_h1.clear();

    // Titles by priority; a candidate that shares nothing with the page's own <title> and <h1> (Wikipedia's
    // JSON-LD "headline" is its short description, some og:title values are the site or section name) is
    // passed over while those two are substantial.
    std::string html_headline = m.html_title.empty() ? std::string() : signals::strip_site_name(m.html_title, m.site_name);
    // "Mozilla - Wikipedia" with <h1>Mozilla</h1>: the part that is the <h1> is the headline.
    const bool html_has_separator = !m.html_title.empty() && signals::strip_site_name(m.html_title) != m.html_title;
    if (html_has_separator && !m.first_h1.empty() && starts_with_normalised(m.html_title, m.first_h1) &&
        !iequals_ascii(m.first_h1, m.site_name) && signals::detail::strip_known_site(m.html_title, m.first_h1))
        html_headline = m.first_h1;
    // A reference is substantial with three tokens, or when <title> and <h1> agree ("New Zealand").
    const bool agree = !html_headline.empty() && !m.first_h1.empty() && token_overlap(html_headline, m.first_h1) >= 0.8 &&
                       token_overlap(m.first_h1, html_headline) >= 0.8;
    const bool strong_html = title_tokens(html_headline) >= 3 || agree;
    const bool strong_h1 = title_tokens(m.first_h1) >= 3 || agree;
    for (const std::string* candidate : {&og_title_, &ld_headline_, &twitter_title_, &dc_title_, &item_headline_}) {
        std::string t = clean_title(*candidate, m.site_name);
        if (t.empty()) continue;
        // og:title set to the site's name: it is a part of "Headline | Site" in <title>, but not the headline.
        if (!m.html_title.empty()) {
            if (const auto rest = signals::detail::strip_known_site(m.html_title, t);
                rest && (find_normalised(html_headline, t) != 2 || title_tokens(*rest) > title_tokens(t)))
                continue;
        }
        if ((strong_html || strong_h1) && !(strong_html && token_overlap(t, html_headline) >= 0.5) &&
            !(strong_h1 && token_overlap(t, m.first_h1) >= 0.5))
            continue;
        m.title = std::move(t);
        break;
    }
    // A candidate that is the <title> itself ("Headline | Site" copied into og:title) loses the site as the
    // <title> does.
    if (!m.title.empty() && !html_headline.empty() && m.title == m.html_title && html_headline.size() < m.title.size())
        m.title = html_headline;
    if (m.title.empty()) m.title = html_headline;
    if (m.title.empty()) m.title = m.first_h1;
    for (const std::string* candidate : {&og_title_, &ld_headline_, &twitter_title_, &dc_title_, &item_headline_, &other_title_}) {
        if (!m.title.empty()) break;
        m.title = clean_title(*candidate, m.site_name);
    }
    m.metadata_title = m.title;
    m.og_title = clean_title(og_title_, m.site_name);
    for (const std::string* source : {&og_title_, &ld_headline_, &twitter_title_})
        if (std::string t = clean_title(*source, m.site_name); !t.empty()) m.title_sources.push_back(std::move(t));
    if (const sv part = signals::detail::first_title_part(m.html_title); !part.empty()) m.title_sources.emplace_back(part);
    // "Headline - Section: Kicker" in og:title around an <h1> that is just the headline: the <h1>. A short
    // <h1> counts when the title starts or ends with it ("SONNENENERGIE: Der WindRebell").
    if (const std::size_t h1_tokens = title_tokens(m.first_h1); m.title.size() > m.first_h1.size() && h1_tokens >= 2) {
        const std::size_t rest_tokens = title_tokens(m.title) - std::min(title_tokens(m.title), h1_tokens);
        const int at = find_normalised(m.title, m.first_h1);
        // The <h1> must be the larger part, or a real headline of its own: "Blog Name: A Long Post Title" keeps
        // the title.
        if (at != 0 && (h1_tokens >= 3 ? h1_tokens * 2 >= rest_tokens : h1_tokens >= rest_tokens)) m.title = m.first_h1;
    }
    // The page's own headline over a variant written for search engines and social media: an <h1> of three
    // words or more on the same subject (half its words in the title) is the title readers see.
    if (!m.first_h1.empty() && m.title != m.first_h1 && title_tokens(m.first_h1) >= 3 &&
        token_overlap(m.first_h1, m.title) >= 0.5 && !iequals_ascii(m.first_h1, m.site_name))
        m.title = m.first_h1;

    // Authors: the first source that names a person; failing that, the first that names anyone (an outlet,
    // a desk). Sites often put their own name or their web agency into the author fields.
    const std::initializer_list<const std::vector<std::string>*> tiers{
        &ld_authors_, &authors_dc_, &authors_meta_, &authors_article_, &authors_other_,
        &authors_item_, &authors_rel_, &class_authors_, &ld_org_authors_};
    for (const auto* tier : tiers) {
        for (const auto& name : *tier)
            if (!signals::detail::looks_like_organisation(name, m.site_name)) m.authors.push_back(name);
        if (!m.authors.empty()) break;
    }
    if (m.authors.empty()) {
        for (const auto* tier : tiers) {
            if (!tier->empty()) {
                m.authors = *tier;
                break;
            }
        }
    }
    // A source may name one person several times (an itemprop=author on every teaser of the author's
    // page): each name once, in order, compared without ASCII case. A set, not a scan of the names kept:
    // a page may hold thousands.
    std::unordered_set<std::string> seen;
    std::vector<std::string> unique;
    for (auto& name : m.authors) {
        std::string key = name;
        for (char& c : key) c = signals::detail::ascii_lower(c);
        if (seen.insert(std::move(key)).second) unique.push_back(std::move(name));
    }
    m.authors = std::move(unique);

    const std::pair<const std::string*, date_source> published_sources[] = {
        {&published_article_, date_source::article_meta}, {&ld_published_, date_source::json_ld},
        {&published_meta_, date_source::meta_name},       {&ld_page_published_, date_source::json_ld_page},
        {&published_item_, date_source::microdata},       {&published_time_, date_source::time_element},
        {&class_date_, date_source::class_name},
    };
    for (const auto& [value, source] : published_sources) {
        if (value->empty()) continue;
        m.published = *value;
        m.published_from = source;
        break;
    }
    m.modified = first_of({&modified_article_, &ld_modified_, &modified_meta_});
    m.language = first_of({&html_lang_, &http_lang_, &og_locale_, &ld_lang_, &meta_lang_});
    {
        // The title and description tell the script, which settles CJK, Cyrillic and the other non-Latin
        // scripts: it fills a missing language and overrides a template's lang="en" on a Chinese page.
        // Latin-script guesses from so little text are left to the extractor, which has the body.
        std::string sample = m.title;
        sample.push_back(' ');
        sample.append(m.description.substr(0, 512));
        std::string guess = signals::guess_language(sample);
        bool by_script = false;
        for (const sv code : {sv("zh"), sv("ja"), sv("ko"), sv("ru"), sv("uk"), sv("el"), sv("ar"), sv("he"),
                              sv("th"), sv("hi")})
            by_script = by_script || guess == code;
        if (by_script && (m.language.empty() || is_latin_script_language(m.language))) m.language = std::move(guess);
    }
    m.canonical_url = first_web_url({&canonical_, &og_url_, &ld_url_});
    m.base_url = first_web_url({&base_});
    m.description = first_of({&description_og_, &description_, &description_twitter_, &description_dc_,
                              &ld_description_});
    return m;
}

metadata_collector::metadata_collector() : impl_(std::make_unique<impl>()) {}
metadata_collector::~metadata_collector() = default;
metadata_collector::metadata_collector(metadata_collector&&) noexcept = default;
metadata_collector& metadata_collector::operator=(metadata_collector&&) noexcept = default;

// A moved-from collector has no impl: it ignores tokens and reports nothing rather than crash.
void metadata_collector::on_token(const token& t) {
    if (impl_) impl_->on_token(t);
}
page_metadata metadata_collector::finish() const { return impl_ ? impl_->finish() : page_metadata{}; }

namespace detail {

namespace {

/// "Category - Thread title" in a thread's title, the <h1> opening with the same category (a board's
/// prefix label): the thread's title. The category is a label of a few words.
[[nodiscard]] std::string without_thread_prefix(const std::string& title, std::string_view h1) {
    constexpr std::size_t max_prefix_words = 3;
    for (const sv separator : {sv(" - "), sv(" – ")}) {
        const std::size_t at = title.find(separator);
        if (at == std::string::npos) continue;
        const sv prefix = sv(title).substr(0, at);
        const sv rest = sv(title).substr(at + separator.size());
        signals::detail::folded_key kp, kh;
        if (!kp.build(prefix) || !kh.build(h1) || kp.view().empty()) return title;
        const std::size_t words = static_cast<std::size_t>(std::count(kp.view().begin(), kp.view().end(), ' ')) + 1;
        if (words > max_prefix_words || title_tokens(rest) < words || !kh.view().starts_with(kp.view())) return title;
        return std::string(rest);
    }
    return title;
}

}  // namespace

std::string shown_title(const page_metadata& meta, page_type type, std::size_t h1_count) {
    constexpr std::size_t max_h1_for_a_headline = 2;
    const std::string& h1 = meta.first_h1;
    // A service page's or a thread's <h1> is a slogan or the board's name as often as its subject: the
    // metadata's title names the page.
    const bool named_by_metadata = type == page_type::service || type == page_type::forum;
    if (named_by_metadata && !meta.metadata_title.empty())
        return type == page_type::forum ? without_thread_prefix(meta.metadata_title, h1) : meta.metadata_title;
    if (meta.title.empty() || h1.empty() || h1 == meta.title) return meta.title.empty() ? h1 : meta.title;
    if (named_by_metadata || h1_count > max_h1_for_a_headline) return meta.title;
    if (iequals_ascii(h1, meta.site_name) || token_overlap(h1, meta.title) < 0.25) return meta.title;
    return h1;
}

namespace {

/// A site's home page: nothing after the host but slashes, a query or a fragment.
[[nodiscard]] bool is_home_page(std::string_view url) noexcept {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return false;
    const std::size_t path = url.find_first_of("/?#", scheme_end + 3);
    if (path == std::string_view::npos) return true;
    const std::size_t after = url.find_first_not_of('/', path);
    return after == std::string_view::npos || url[after] == '?' || url[after] == '#';
}

}  // namespace

std::string title_without_site_of_url(std::string title, const page_metadata& meta, std::string_view url) {
    constexpr std::size_t min_site_label = 3;   // "bbc": shorter labels match words of titles
    const std::string_view site = signals::detail::site_label_of_url(url);
    if (site.size() < min_site_label || title.empty()) return title;
    if (signals::detail::is_site_name(title, site)) {
        for (const std::string* other : {&meta.metadata_title, &meta.title})
            if (!other->empty() && !signals::detail::is_site_name(*other, site)) return *other;
        if (auto rest = signals::detail::strip_known_site(meta.html_title, site)) return std::move(*rest);
        return title;
    }
    if (is_home_page(url)) return title;
    if (auto rest = signals::detail::strip_known_site(title, site)) return std::move(*rest);
    return title;
}

}  // namespace detail
void metadata_collector::reset() {
    if (impl_) impl_->reset();
    else impl_ = std::make_unique<impl>();
}

}  // namespace winnow
