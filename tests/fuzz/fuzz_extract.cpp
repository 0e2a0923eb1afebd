// fuzz_extract — the whole core, extract(), on arbitrary bytes, with every renderer.
//
// Input: the page's bytes. A first byte 0x01–0x0F is not part of the page but chooses options: bit 0 text
// mode, bit 1 HTML mode (both: automatic), bit 2 captions and comments, bit 3 small limits (so that every limit's path
// is taken); any other first byte is the page, with the defaults. The time budget is off (libFuzzer's
// -timeout is the time bound, and a fuzzer must be deterministic).
// One extractor is reused across inputs, as a worker thread reuses it; each input is also extracted by a
// fresh extractor, and the two must agree: nothing of one page may leak into the next.
// Invariants:
//   - extract fails only past a limit, or on binary data (errc::not_text, exactly when looks_binary says
//     the page is binary);
//   - every field of the article, every paragraph, the JSON, text, Markdown and HTML renderings, the explanation
//     as JSON lines and as HTML are valid UTF-8; the JSON parses; no paragraph is empty or holds a control
//     character (C0 but tab and newline, DEL, C1);
//   - the explanation lists every block, kept ones marked kept; stats.kept <= stats.blocks;
//   - a published date starts with a four-digit year; the canonical URL is http(s);
//   - inline markup lies inside its paragraph, on character boundaries, sorted and nested; images are
//     points with a source.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "support/json.hpp"
#include "winnow/encoding.hpp"
#include "winnow/error.hpp"
#include "winnow/extract.hpp"

namespace {

using winnow::fuzz::printable;

winnow::extract_options options_for(std::uint8_t first, bool& skip_first) {
    winnow::extract_options o;
    o.limits.max_page_ms = 0;
    skip_first = first >= 0x01 && first <= 0x0F;
    if (!skip_first) return o;
    const bool text = (first & 1u) != 0, html = (first & 2u) != 0;
    o.mode = text && html ? winnow::input_mode::automatic : text ? winnow::input_mode::text : html ? winnow::input_mode::html
                                                                                              : winnow::input_mode::automatic;
    o.include_captions = (first & 4u) != 0;
    o.include_comments = (first & 4u) != 0;
    if ((first & 8u) != 0) {
        o.limits.max_tokens = 300;
        o.limits.max_blocks = 40;
        o.limits.max_nesting_depth = 6;
        o.limits.max_attributes_per_tag = 4;
        o.limits.max_attribute_bytes = 64;
    }
    return o;
}

void check_utf8(std::string_view what, std::string_view s) {
    WINNOW_FUZZ_CHECK_MSG(winnow::fuzz::reference_valid_utf8(s), what << " is not valid UTF-8: " << printable(s));
}

bool has_control(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9F)
            return true;
    }
    return false;
}

/// The JSON without the one field that differs between runs.
std::string without_elapsed(std::string json) {
    const auto at = json.find("\"elapsed_us\":");
    if (at == std::string::npos) return json;
    auto end = at + 13;
    while (end < json.size() && json[end] >= '0' && json[end] <= '9') ++end;
    return json.erase(at, end - at);
}

/// Inline markup lies inside its paragraph on character boundaries, sorted, images empty, marks nested.
void check_markup(const winnow::paragraph& p) {
    std::size_t previous_begin = 0;
    std::vector<std::size_t> open_ends;
    for (const auto& m : p.markup) {
        WINNOW_FUZZ_CHECK_MSG(m.begin <= m.end && m.end <= p.text.size(), m.begin << ".." << m.end << " of " << p.text.size());
        WINNOW_FUZZ_CHECK(m.begin >= previous_begin);
        previous_begin = m.begin;
        check_utf8("a marked range", std::string_view(p.text).substr(m.begin, m.end - m.begin));
        check_utf8("a link target or image source", m.target);
        check_utf8("an image's alt text", m.alt);
        if (m.kind == winnow::markup_kind::image) {
            WINNOW_FUZZ_CHECK(m.begin == m.end && !m.target.empty());
            continue;
        }
        WINNOW_FUZZ_CHECK_MSG(m.begin < m.end, "an empty mark at " << m.begin);
        while (!open_ends.empty() && open_ends.back() <= m.begin) open_ends.pop_back();
        WINNOW_FUZZ_CHECK_MSG(open_ends.empty() || m.end <= open_ends.back(), "crossing marks in " << printable(p.text));
        open_ends.push_back(m.end);
    }
}

void check_article(const winnow::article& a, const winnow::explanation& why) {
    for (const auto* field : {&a.title, &a.editor, &a.published, &a.language, &a.site, &a.url, &a.canonical_url})
        check_utf8("a metadata field", *field);
    for (const auto& author : a.authors) check_utf8("an author", author);
    for (const auto& p : a.paragraphs) {
        check_utf8("a paragraph", p.text);
        WINNOW_FUZZ_CHECK(!p.text.empty());
        WINNOW_FUZZ_CHECK_MSG(!has_control(p.text), "a control character in " << printable(p.text));
        check_markup(p);
    }
    if (!a.published.empty())
        WINNOW_FUZZ_CHECK_MSG(a.published.size() >= 4 && a.published[0] >= '0' && a.published[0] <= '9' &&
                                  a.published[3] >= '0' && a.published[3] <= '9',
                              "published " << printable(a.published));
    if (!a.canonical_url.empty()) {
        std::string scheme = a.canonical_url.substr(0, 4);
        for (auto& c : scheme) c = static_cast<char>(c | 0x20);
        WINNOW_FUZZ_CHECK_MSG(scheme == "http", "canonical " << printable(a.canonical_url));
    }
    WINNOW_FUZZ_CHECK(a.stats.kept <= a.stats.blocks);
    for (const auto& c : a.comments) check_utf8("a comment", c);
    WINNOW_FUZZ_CHECK(a.comments.size() + a.stats.kept <= a.stats.blocks);
    const std::string json = winnow::to_json(a, {.source = {}, .warc_record_id = {}, .comments = true});
    check_utf8("the JSON", json);
    try {
        const auto doc = winnow::testing::json::parse(json);
        WINNOW_FUZZ_CHECK(doc.is_object());
    } catch (const std::exception& e) {
        WINNOW_FUZZ_CHECK_MSG(false, "the JSON does not parse: " << e.what() << ": " << printable(json));
    }
    check_utf8("the text", winnow::to_text(a));
    check_utf8("the Markdown", winnow::to_markdown(a));
    check_utf8("the Markdown without links and images", winnow::to_markdown(a, {.links = false, .images = false}));
    check_utf8("the HTML", winnow::to_html(a));
    check_utf8("the text()", a.text());
    WINNOW_FUZZ_CHECK_MSG(why.blocks.size() == a.stats.blocks, why.blocks.size() << " explained, " << a.stats.blocks << " blocks");
    for (const auto& b : why.blocks) {
        check_utf8("a block's text", b.text);
        check_utf8("a block's path", b.path);
    }
    check_utf8("the explanation's container", why.container);
    check_utf8("the explanation as JSON lines", winnow::to_json_lines(why, "source"));
    check_utf8("the explanation as HTML", winnow::render_explanation_html(why, a.title));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static winnow::extractor reused;   // kept across inputs, as a worker thread keeps its extractor
    bool skip_first = false;
    const winnow::extract_options options = options_for(size > 0 ? data[0] : std::uint8_t{0x40}, skip_first);
    const std::string_view page(reinterpret_cast<const char*>(data) + (skip_first ? 1 : 0), size - (skip_first ? 1 : 0));

    winnow::explanation why;
    const auto a = reused.extract(page, options, &why);
    const bool binary = winnow::looks_binary(page, options.encoding_label);
    if (!a) {
        WINNOW_FUZZ_CHECK_MSG(a.error() == winnow::condition::limit_exceeded || (a.error() == winnow::errc::not_text && binary),
                              "extract failed with " << winnow::error_name(a.error()) << ": " << a.error().message());
        return 0;
    }
    WINNOW_FUZZ_CHECK_MSG(!binary, "binary data extracted as a page");
    check_article(*a, why);
    // A fresh extractor gives the same article: nothing of the previous input leaked into this one.
    winnow::extractor fresh;
    const auto b = fresh.extract(page, options);
    WINNOW_FUZZ_CHECK(b.has_value());
    const winnow::json_options all{.source = {}, .warc_record_id = {}, .comments = true};
    const std::string reused_json = without_elapsed(winnow::to_json(*a, all));
    const std::string fresh_json = without_elapsed(winnow::to_json(*b, all));
    WINNOW_FUZZ_CHECK_MSG(reused_json == fresh_json, "the reused extractor gave " << printable(reused_json)
                                                                                 << "\n  a fresh one " << printable(fresh_json));
    return 0;
}
