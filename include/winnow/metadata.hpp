// winnow/metadata.hpp — what the markup of a page says about its article: title, authors, date, language,
// site name, canonical URL.
//
// A metadata_collector watches the token stream (it is a token_sink; the extractor forwards every token to
// it) and gathers candidates from <title>, <meta> (Open Graph, Twitter, Dublin Core, article:*,
// name=author/date/...), JSON-LD (<script type="application/ld+json">: NewsArticle/Article/BlogPosting
// headline, author, datePublished, publisher, url, inLanguage, also inside @graph), microdata
// (itemprop=author/datePublished/headline), <time datetime>, <html lang>, <link rel=canonical>, rel=author.
// finish() resolves them by priority into a page_metadata.
//
//     winnow::metadata_collector meta;
//     winnow::tokenizer::tokenize(html, meta);
//     winnow::page_metadata m = meta.finish();   // m.title, m.authors, m.published ("2024-05-09T00:11:46"), ...
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "winnow/token.hpp"

namespace winnow {

/// Where a page's publication date was read, from the most trusted source down.
enum class date_source {
    none,
    article_meta,   ///< <meta property="article:published_time">
    json_ld,        ///< the main JSON-LD entity's datePublished
    meta_name,      ///< <meta name="date">, Dublin Core and the other named meta tags
    json_ld_page,   ///< a JSON-LD WebPage's datePublished
    microdata,      ///< itemprop="datePublished"
    time_element,   ///< a <time datetime> in the page
    class_name,     ///< the text of an element whose class names a date ("post-date", "entry-meta")
};

struct page_metadata {
    std::string title;                 ///< best title: og:title, JSON-LD headline, twitter:title, else <title> minus the site name
    std::string html_title;            ///< the <title> text as written
    std::string first_h1;              ///< text of the first <h1>
    std::string metadata_title;        ///< the title the metadata alone gives, before the <h1> is weighed in
    /// Each source's own title, site names removed: og:title, the JSON-LD headline, twitter:title and the
    /// <title>'s first part. What confirms that a heading is the page's headline.
    std::vector<std::string> title_sources;
    std::string og_title;              ///< og:title, site name removed
    std::vector<std::string> authors;  ///< names (never URLs or e-mail addresses), deduplicated, in priority order
    std::string published;             ///< ISO 8601: "2024-05-09" or "2024-05-09T00:11:46" (offset dropped)
    date_source published_from = date_source::none;   ///< where `published` was read
    std::string modified;              ///< ISO 8601, same form
    std::string language;              ///< primary BCP 47 subtag, lowercase ("zh", "en")
    std::string site_name;
    std::string canonical_url;        ///< an absolute http(s) URL, or empty (javascript:, data: and relative ones are not taken)
    std::string base_url;              ///< <base href> when it is an absolute http(s) URL: what the page's links are relative to
    std::string description;
    /// The schema.org type of the page's main JSON-LD entity, lowercase and without its context
    /// ("newsarticle", "discussionforumposting", "qapage", "product"), or empty.
    std::string schema_type;
    /// og:type, lowercase ("article", "website", "product", "product.group"), or empty.
    std::string og_type;
};

class metadata_collector final : public token_sink {
public:
    metadata_collector();
    ~metadata_collector() override;
    metadata_collector(metadata_collector&&) noexcept;
    metadata_collector& operator=(metadata_collector&&) noexcept;

    void on_token(const token& t) override;
    /// Resolves the candidates seen so far.
    [[nodiscard]] page_metadata finish() const;
    /// Forgets the page, keeping buffers.
    void reset();

private:
    class impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace winnow
