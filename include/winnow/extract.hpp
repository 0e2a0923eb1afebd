// winnow/extract.hpp — from page bytes to an article.
//
// extract() runs the whole core: it decides the charset and decodes (encoding.hpp), tokenizes
// (tokenizer.hpp) or, for text a crawler already flattened, splits lines, builds the block tree with its
// features, classifies each block as content or a kind of boilerplate, and assembles the article with its
// metadata. An extractor object keeps its buffers and ICU objects between pages; a worker thread keeps one.
// The free function extract() makes a fresh one each call.
//
//     winnow::extractor x;                                  // one per thread
//     auto a = x.extract(page, {.url = "https://example.com/a"});
//     if (!a) dead_letter(winnow::error_name(a.error()));   // a limit was exceeded
//     else publish(winnow::to_json(*a));
//
// With an explanation (winnow/explanation.hpp) the caller also learns the class of every block and why.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/article.hpp"
#include "winnow/explanation.hpp"
#include "winnow/limits.hpp"
#include "winnow/result.hpp"

namespace winnow {

enum class input_mode : std::uint8_t {
    automatic,   ///< HTML unless the page looks like flattened text (no markup, one block per line)
    html,
    text,        ///< flattened text, one block per line
};

struct extract_options {
    input_mode mode = input_mode::automatic;
    std::string_view encoding_label;   ///< the caller's charset label (Content-Type, envelope); may be empty
    std::string_view url;              ///< the page's URL, if known
    bool include_captions = false;     ///< keep figure captions in the body
    bool include_comments = false;     ///< fill article::comments with the page's comment section
    /// Keep the body's inline markup (paragraph::markup: links, emphasis, inline code, images) for
    /// to_markdown() and to_html(); JSON and text never show it, so a pipeline that writes only those can
    /// turn it off.
    bool keep_markup = true;
    winnow::limits limits = {};
};

class extractor {
public:
    extractor();
    ~extractor();
    extractor(extractor&&) noexcept;
    extractor& operator=(extractor&&) noexcept;
    extractor(const extractor&) = delete;
    extractor& operator=(const extractor&) = delete;

    /// Extracts the article of one page. Fails only when the page goes past a limit (errc values that
    /// compare equal to condition::limit_exceeded) or ICU fails outright. When `why` is not null it
    /// receives the per-block explanation.
    result<article> extract(std::string_view page, const extract_options& options = {}, explanation* why = nullptr);

private:
    class impl;
    std::unique_ptr<impl> impl_;
};

/// Convenience: a one-off extractor.
result<article> extract(std::string_view page, const extract_options& options = {}, explanation* why = nullptr);

}  // namespace winnow
