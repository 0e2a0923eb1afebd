// The title's last steps (article/headline.hpp): the <h1> that the metadata confirms, and the repairs and
// choices that need the whole of the page's metadata and its URL, after the metadata collector and the
// page type have had their say.
#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>

#include "article/headline.hpp"
#include "signals/text_signals_internal.hpp"
#include "signals/text_signals_util.hpp"
#include "utf8.hpp"
#include "winnow/text_signals.hpp"

namespace winnow::detail {
namespace {

using sv = std::string_view;

/// The windows-1252 byte a code point stands for (WHATWG Encoding, index-windows-1252), or -1: code points
/// below U+0100 are their own byte, the 0x80–0x9F row its typographic marks.
[[nodiscard]] int windows_1252_byte(char32_t c) noexcept {
    if (c < 0x100) return static_cast<int>(c);
    constexpr std::array<char32_t, 32> row = {
        0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
    for (std::size_t i = 0; i < row.size(); ++i)
        if (row[i] == c) return static_cast<int>(0x80 + i);
    return -1;
}

/// UTF-8 that was read as windows-1252 and written out again: every code point maps back to a byte and
/// the bytes are UTF-8 with at least one multi-byte sequence. The repaired text, or empty.
[[nodiscard]] std::string undo_double_encoding(sv text) {
    std::string bytes;
    bool non_ascii = false;
    for (std::size_t i = 0; i < text.size();) {
        const code_point cp = decode_at(text, i);
        const int byte = windows_1252_byte(cp.value);
        if (byte < 0) return {};
        non_ascii = non_ascii || byte >= 0x80;
        bytes.push_back(static_cast<char>(byte));
        i += cp.length;
    }
    if (!non_ascii) return {};
    for (std::size_t i = 0; i < bytes.size();) {
        const code_point cp = decode_at(bytes, i);
        if (cp.value == 0xFFFD && bytes.compare(i, 3, "\xEF\xBF\xBD") != 0) return {};
        i += cp.length;
    }
    return bytes;
}

/// Folded words of a text ("Local Trails!" -> "local trails"), empty when too long to be a title.
struct folded_words {
    explicit folded_words(sv text) {
        if (!key.build(text)) ok = false;
    }
    [[nodiscard]] sv view() const noexcept { return ok ? key.view() : sv(); }
    signals::detail::folded_key key;
    bool ok = true;
};

[[nodiscard]] bool same_words(sv a, sv b) {
    const folded_words x(a), y(b);
    return !x.view().empty() && x.view() == y.view();
}

/// Whether two texts share no word of four bytes or more (short words are the articles and prepositions
/// every title has).
[[nodiscard]] bool share_no_word(sv a, sv b) {
    constexpr std::size_t min_word_bytes = 4;
    const folded_words x(a), y(b);
    signals::detail::word_iterator words(x.view());
    for (sv w = words.next(); !w.empty(); w = words.next()) {
        if (w.size() < min_word_bytes) continue;
        signals::detail::word_iterator others(y.view());
        for (sv o = others.next(); !o.empty(); o = others.next())
            if (o == w) return false;
    }
    return true;
}

[[nodiscard]] std::size_t word_count(sv text) {
    const folded_words x(text);
    std::size_t n = 0;
    signals::detail::word_iterator words(x.view());
    for (sv w = words.next(); !w.empty(); w = words.next()) ++n;
    return n;
}

/// "News News" or "NewsNews": the text is one copy repeated two or three times (white space aside); the
/// first copy as written.
[[nodiscard]] std::string once(const std::string& title) {
    std::string packed;
    for (const char c : title)
        if (c != ' ') packed.push_back(c);
    for (const std::size_t copies : {std::size_t{2}, std::size_t{3}}) {
        if (packed.size() < 2 * copies || packed.size() % copies != 0) continue;
        const std::size_t unit = packed.size() / copies;
        bool repeated = true;
        for (std::size_t k = 1; k < copies && repeated; ++k) repeated = packed.compare(k * unit, unit, packed, 0, unit) == 0;
        if (!repeated) continue;
        std::size_t end = 0;
        for (std::size_t taken = 0; end < title.size() && taken < unit; ++end) taken += title[end] != ' ' ? 1u : 0u;
        return std::string(signals::detail::trim(sv(title).substr(0, end)));
    }
    return title;
}

constexpr sv title_marks[] = {sv("|"), sv("-"), sv("\xE2\x80\x93"), sv("\xE2\x80\x94"), sv(":"), sv("\xC2\xB7"), sv("\xC2\xBB")};

[[nodiscard]] bool is_separator_start(sv text) noexcept {
    const sv t = signals::detail::trim(text);
    for (const sv s : title_marks)
        if (t.starts_with(s) && t.size() > s.size() && t[s.size()] == ' ') return true;
    return false;
}

[[nodiscard]] bool ends_cut(sv text) noexcept {
    const sv t = signals::detail::trim(text);
    return t.ends_with("\xE2\x80\xA6") || t.ends_with("...");   // U+2026 HORIZONTAL ELLIPSIS
}

/// The host of a URL without "www.", or empty.
[[nodiscard]] sv host_of(sv url) noexcept {
    const std::size_t scheme = url.find("://");
    if (scheme == sv::npos) return {};
    sv host = url.substr(scheme + 3);
    host = host.substr(0, host.find_first_of("/?#:"));
    if (host.starts_with("www.")) host.remove_prefix(4);
    return host;
}

/// The title without a site name glued before it: "example.com Headline", "Site Forum-Headline".
[[nodiscard]] std::string without_glued_site(const std::string& title, sv site, bool dotted) {
    constexpr std::size_t min_site = 3;
    if (site.size() < min_site || title.size() <= site.size() + 3) return title;
    if (!std::equal(site.begin(), site.end(), title.begin(),
                    [](char a, char b) { return signals::detail::ascii_lower(a) == signals::detail::ascii_lower(b); }))
        return title;
    sv rest = sv(title).substr(site.size());
    const std::size_t spaces = rest.find_first_not_of(' ');
    if (spaces == sv::npos) return title;
    rest.remove_prefix(spaces);
    bool separated = false;
    for (const sv mark : title_marks) {
        if (!rest.starts_with(mark)) continue;
        rest.remove_prefix(mark.size());
        separated = true;
        break;
    }
    // Without a mark, only a host ("example.com Headline") is glued: "Best Buy Deals" is not "Best" + "Buy Deals".
    if (!separated && (!dotted || spaces == 0)) return title;
    if (separated && spaces == 0 && !rest.empty() && rest.front() != ' ' && !dotted && site.find(' ') == sv::npos)
        return title;   // "Wi-Fi" is not the site "Wi" and "Fi"
    rest = signals::detail::trim(rest);
    return word_count(rest) >= 2 ? std::string(rest) : title;
}

/// The title after a leading date of three words ("Dec 18 2025 Preparing a transition"), a blog's date
/// set before its post's title in one heading; the title as it is when it does not open with one.
[[nodiscard]] std::string without_leading_date(const std::string& title) {
    constexpr std::size_t date_words = 3;
    constexpr std::size_t min_rest_words = 2;
    std::size_t end = 0;
    for (std::size_t word = 0; word < date_words; ++word) {
        while (end < title.size() && title[end] == ' ') ++end;
        const std::size_t start = end;
        while (end < title.size() && title[end] != ' ') ++end;
        for (std::size_t i = start; i < end; ++i) {
            const char ch = title[i];
            if (!signals::detail::is_ascii_alpha(ch) && !signals::detail::is_ascii_digit(ch) && ch != ',' && ch != '.')
                return title;
        }
        if (start == end) return title;
    }
    const sv rest = signals::detail::trim(sv(title).substr(end));
    if (word_count(rest) < min_rest_words || !signals::find_date(sv(title).substr(0, end))) return title;
    return std::string(rest);
}

/// Whether a text is the site's name: meta.site_name, or the label that names the site in its URL (empty:
/// none to compare with).
[[nodiscard]] bool names_the_site(sv text, const page_metadata& meta, sv site_label) noexcept {
    return (!meta.site_name.empty() && signals::detail::is_site_name(text, meta.site_name)) ||
           (!site_label.empty() && signals::detail::is_site_name(text, site_label));
}

}  // namespace

bool same_headline(std::string_view a, std::string_view b) noexcept {
    signals::detail::folded_key ka, kb;
    if (!ka.build(a) || !kb.build(b)) return false;
    const sv x = ka.view(), y = kb.view();
    if (x.empty() || y.empty()) return false;
    const sv longer = x.size() >= y.size() ? x : y;
    const sv shorter = x.size() >= y.size() ? y : x;
    return longer.find(shorter) != sv::npos &&
           5 * signals::detail::count_code_points(shorter) >= 4 * signals::detail::count_code_points(longer);
}

std::string confirmed_headline(std::string title, const page_metadata& meta, std::string_view url,
                               std::span<const std::string_view> h1s) {
    const auto confirmed = [&](sv text) {
        return std::any_of(meta.title_sources.begin(), meta.title_sources.end(),
                           [&](const std::string& source) { return same_headline(text, source); });
    };
    if (meta.title_sources.empty() || confirmed(title)) return title;
    const sv site_label = signals::detail::site_label_of_url(url);
    for (sv h1 : h1s) {
        while (h1.ends_with("\xC2\xB6") || h1.ends_with(' ')) h1.remove_suffix(h1.back() == ' ' ? 1 : 2);   // U+00B6 ¶
        if (h1.empty() || h1.find("{{") != sv::npos) continue;   // a template's placeholder
        if (names_the_site(h1, meta, site_label)) continue;
        if (confirmed(h1)) return std::string(h1);
    }
    return title;
}

std::string tidy_title(std::string title, const page_metadata& meta, std::string_view url) {
    if (title.empty()) return title;
    if (std::string repaired = undo_double_encoding(title); !repaired.empty()) title = std::move(repaired);
    title = without_leading_date(once(title));
    std::array<sv, 8> parts{};
    const std::size_t count = signals::detail::title_parts(meta.html_title, parts);
    const sv h1 = meta.first_h1;
    // og:title is the <title>'s first part and the title a later one: the collector took og:title for the
    // site's name, but it is the headline.
    if (!meta.og_title.empty() && count >= 2 && same_words(meta.og_title, parts[0]) && !same_words(title, meta.og_title) &&
        std::any_of(parts.begin() + 1, parts.begin() + count, [&](sv p) { return same_words(title, p); }))
        return meta.og_title;
    // "Brand - Tagline" and an <h1> about something else: the <h1> names the page.
    constexpr std::size_t min_site_label = 3;   // "bbc": shorter labels match words of titles
    const sv url_label = signals::detail::site_label_of_url(url);
    const sv site_label = url_label.size() >= min_site_label ? url_label : sv();
    const auto is_site = [&](sv part) { return names_the_site(part, meta, site_label); };
    // An <h1> that is the site's name or a consent dialog's heading names nothing.
    const bool h1_names_page = !h1.empty() && !is_site(h1) && !signals::is_consent_text(h1);
    if (h1_names_page && meta.og_title.empty() && count == 2 && word_count(h1) >= 3 && !same_words(title, h1) &&
        std::any_of(parts.begin(), parts.begin() + count, is_site) && share_no_word(h1, meta.html_title) &&
        share_no_word(title, h1))
        return std::string(h1);
    if (h1_names_page && !same_words(h1, title) &&
        (is_separator_start(meta.html_title) || (ends_cut(title) && !share_no_word(h1, title))))
        return std::string(h1);
    // The title is the <title>'s part after its last " | " (the site), the part before has parts of its
    // own ("Electrical - Overview | Agency"): that part is the headline.
    if (const std::size_t last = meta.html_title.rfind(" | "); last != std::string::npos && count >= 3 &&
                                                              same_words(title, sv(meta.html_title).substr(last + 3)))
        return std::string(signals::detail::trim(sv(meta.html_title).substr(0, last)));
    if (const std::size_t pipe = title.find(" | "); pipe != std::string::npos && count >= 1 &&
                                                    same_words(sv(title).substr(0, pipe), parts[0]))
        title.resize(pipe);
    const sv host = host_of(url);
    title = without_glued_site(title, meta.site_name, false);
    title = without_glued_site(title, host, host.find('.') != sv::npos);
    return title;
}

}  // namespace winnow::detail
