// The title an article shows. The metadata collector picks a title from the page's metadata (og:title,
// JSON-LD, <title> minus the site name) and takes the first <h1> when it plainly is the same headline. Once
// the page's type is known, the <h1> wins more often: on an article, a thread, a product or a list page the
// <h1> is what readers see above the content, and og:title a variant written for search engines and social
// media; on a service (landing) page the <h1> is a slogan.
//
//     a.title = detail::shown_title(meta, result.page_type, h1_count);
#pragma once

#include <cstddef>
#include <string>

#include "winnow/metadata.hpp"
#include "winnow/page_type.hpp"

namespace winnow::detail {

/// The article's title: meta.title, or the first <h1> when the page is not a service page, the <h1> is not
/// the site's name, shares a word with meta.title, and the page has at most two <h1> headings (`h1_count`,
/// the non-empty ones; more are section titles, not a headline).
[[nodiscard]] std::string shown_title(const page_metadata& meta, page_type type, std::size_t h1_count);

}  // namespace winnow::detail
