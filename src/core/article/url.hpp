// URL references in a page resolved against the page's URL, so that the links and images an article keeps
// still lead somewhere when the article is read away from the page.
#pragma once

#include <string>
#include <string_view>

namespace winnow::detail {

/// The scheme of an absolute URL ("https" of "https://a.example/"), or empty for a relative reference
/// (RFC 3986 §3.1: a letter, then letters, digits, "+", "-" or ".", then ":").
[[nodiscard]] std::string_view scheme_of(std::string_view url) noexcept;

/// RFC 3986 §5.2: the target of `reference` read relative to `base`, an absolute URL. When `base` is not
/// absolute the reference is returned as it is. Tabs and line breaks inside the reference are dropped,
/// as browsers drop them (WHATWG URL, basic URL parser).
[[nodiscard]] std::string resolve_url(std::string_view base, std::string_view reference);

}  // namespace winnow::detail
