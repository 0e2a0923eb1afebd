// The title an article shows. The metadata collector picks a title from the page's metadata (og:title,
// JSON-LD, <title> minus the site name) and takes the first <h1> when it plainly is the same headline. Once
// the page's type is known, the <h1> wins more often: on an article, a thread, a product or a list page the
// <h1> is what readers see above the content, and og:title a variant written for search engines and social
// media; on a service (landing) page the <h1> is a slogan.
//
//     a.title = detail::shown_title(meta, result.page_type, h1_count);
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "winnow/metadata.hpp"
#include "winnow/page_type.hpp"

namespace winnow::detail {

/// The article's title: meta.title, or the first <h1> when the page is not a service page, the <h1> is not
/// the site's name, shares a word with meta.title, and the page has at most two <h1> headings (`h1_count`,
/// the non-empty ones; more are section titles, not a headline).
[[nodiscard]] std::string shown_title(const page_metadata& meta, page_type type, std::size_t h1_count);

/// Whether two titles are the same headline: their folded words equal, or one's inside the other's making
/// four fifths of it ("Sudo" is not "Sudo - ArchWiki"; "Best Residential Movers in NYC 2025" is "Best
/// Residential Movers in NYC 2025 | Top 19").
[[nodiscard]] bool same_headline(std::string_view a, std::string_view b) noexcept;

/// A title that no title source of the metadata confirms (meta.title_sources) gives way to the first of
/// the page's <h1> texts that one does and that is not the site's name (meta.site_name, or as the URL
/// spells it): the first <h1> is often a banner, the blog's or the site's name. A heading's trailing
/// permalink mark ("¶") is not part of it.
[[nodiscard]] std::string confirmed_headline(std::string title, const page_metadata& meta, std::string_view url,
                                             std::span<const std::string_view> h1s);

/// The last touches to a chosen title, each for a way titles come broken:
/// - UTF-8 read as windows-1252 and written again as UTF-8 ("Investorâ€™s"): repaired;
/// - the same text twice ("News News", two copies of a responsive <h1>): once;
/// - og:title that is the <title>'s first part, when the title is a later part: og:title (the headline,
///   not the site's name);
/// - "Brand - Tagline" (two parts, one the site) in <title> without og:title, beside an <h1> of three
///   words or more that shares no word with it: the <h1> names the page;
/// - a <title> that starts with a separator (its headline lost) or a title cut with "…": the <h1>;
/// - "Headline | More" whose first part is the <title>'s first part: the headline;
/// - the site's name glued before the headline ("example.com Headline", "Site Forum-Headline"): dropped.
[[nodiscard]] std::string tidy_title(std::string title, const page_metadata& meta, std::string_view url);

/// The title without the site's name as its URL spells it: a title that is only the site's name ("Aliexpress"
/// on a product page, "virtualbox.org") gives way to the metadata's own title or the <title> without the
/// site; below the home page, a "Headline - Site" part that is the site is dropped. A home page keeps its
/// title, the brand and its tagline.
[[nodiscard]] std::string title_without_site_of_url(std::string title, const page_metadata& meta, std::string_view url);

}  // namespace winnow::detail
