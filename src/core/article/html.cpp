// to_html(): the article as a small, clean HTML document.
#include <string>
#include <vector>

#include "article/markup.hpp"
#include "winnow/article.hpp"

namespace winnow {
namespace {

using detail::append_html_escaped;
using detail::markup_style;

/// Writes the body, keeping track of the open list, quote and table so that consecutive paragraphs of one
/// kind share their container.
class html_body {
public:
    html_body(std::string& out, const markup_options& options) : out_(out), options_(options) {}

    void add(const paragraph& p) {
        if (p.kind != paragraph_kind::list_item) close_lists(0);
        if (p.kind != paragraph_kind::quote && in_quote_) {
            out_ += "</blockquote>\n";
            in_quote_ = false;
        }
        if (p.kind != paragraph_kind::table_row) close_table();
        const std::string images = own_line_images(p.markup, options_, markup_style::html, "");
        switch (p.kind) {
            case paragraph_kind::heading: {
                const char level = static_cast<char>('0' + std::min(std::max<int>(p.level, 2), 6));
                if (!images.empty()) out_ += "<figure>" + images + "</figure>\n";
                out_ += std::string("<h") + level + ">" + inline_html(p, false) + "</h" + level + ">\n";
                break;
            }
            case paragraph_kind::text:
                if (!images.empty()) out_ += "<figure>" + images + "</figure>\n";
                out_ += "<p>" + inline_html(p) + "</p>\n";
                break;
            case paragraph_kind::list_item:
                open_item(p.level > 0 ? p.level : 1, p.ordered);
                out_ += images + inline_html(p);
                break;
            case paragraph_kind::quote:
                if (!in_quote_) out_ += "<blockquote>\n";
                in_quote_ = true;
                out_ += "<p>" + images + inline_html(p) + "</p>\n";
                break;
            case paragraph_kind::code:
                out_ += p.language.empty() ? "<pre><code>" : "<pre><code class=\"language-";
                if (!p.language.empty()) {
                    append_html_escaped(out_, p.language);
                    out_ += "\">";
                }
                append_html_escaped(out_, p.text);
                out_ += "</code></pre>\n";
                break;
            case paragraph_kind::table_row:
                add_row(p, images);
                break;
            case paragraph_kind::caption:
                out_ += "<figure>" + images + "<figcaption>" + inline_html(p) + "</figcaption></figure>\n";
                break;
        }
    }

    void finish() {
        close_lists(0);
        if (in_quote_) out_ += "</blockquote>\n";
        in_quote_ = false;
        close_table();
    }

private:
    [[nodiscard]] std::string inline_html(const paragraph& p, bool emphasis = true) const {
        return detail::render_inline(p.text, p.markup, options_, markup_style::html, emphasis);
    }

    /// A list item at `level`: lists deeper than it closed, lists down to it opened (each open list has an
    /// open item, where a deeper list nests).
    void open_item(std::size_t level, bool ordered) {
        close_lists(level);
        if (lists_.size() == level) {
            out_ += "</li>\n";
            if (lists_.back() != ordered) {   // an <ol> right after a <ul>: two lists
                out_ += lists_.back() ? "</ol>\n" : "</ul>\n";
                lists_.pop_back();
            }
        }
        while (lists_.size() < level) {
            out_ += ordered ? "<ol>\n" : "<ul>\n";
            lists_.push_back(ordered);
            if (lists_.size() < level) out_ += "<li>";
        }
        out_ += "<li>";
    }

    void close_lists(std::size_t level) {
        while (lists_.size() > level) {
            out_ += lists_.back() ? "</li>\n</ol>\n" : "</li>\n</ul>\n";
            lists_.pop_back();
        }
    }

    void add_row(const paragraph& p, const std::string& images) {
        const bool header = p.level == 1;
        if (!in_table_) {
            out_ += "<table>\n";
            in_table_ = true;
            if (header) {
                out_ += "<thead>\n";
                in_head_ = true;
            } else {
                out_ += "<tbody>\n";
            }
        } else if (in_head_ && !header) {
            out_ += "</thead>\n<tbody>\n";
            in_head_ = false;
        }
        const char* cell = in_head_ ? "th" : "td";
        out_ += "<tr>";
        bool first = true;
        for (const auto& [begin, end] : detail::table_cells(p.text)) {
            // Each cell is written with the markup that lies inside it.
            std::vector<inline_markup> inside;
            for (const auto& m : p.markup)
                if (m.begin >= begin && m.end <= end && !(m.own_line && !first)) {
                    inside.push_back(m);
                    inside.back().begin -= begin;
                    inside.back().end -= begin;
                }
            out_ += std::string("<") + cell + ">";
            if (first) out_ += images;
            out_ += detail::render_inline(std::string_view(p.text).substr(begin, end - begin), inside, options_,
                                          markup_style::html);
            out_ += std::string("</") + cell + ">";
            first = false;
        }
        out_ += "</tr>\n";
    }

    void close_table() {
        if (!in_table_) return;
        out_ += in_head_ ? "</thead>\n</table>\n" : "</tbody>\n</table>\n";
        in_table_ = in_head_ = false;
    }

    std::string& out_;
    const markup_options& options_;
    std::vector<bool> lists_;   ///< the open lists, outermost first: true for <ol>
    bool in_quote_ = false;
    bool in_table_ = false;
    bool in_head_ = false;
};

void append_meta(std::string& out, std::string_view name, std::string_view content) {
    if (content.empty()) return;
    out += "<meta name=\"";
    out += name;
    out += "\" content=\"";
    append_html_escaped(out, content);
    out += "\">\n";
}

}  // namespace

std::string to_html(const article& a, const markup_options& options) {
    std::string out = "<!DOCTYPE html>\n<html";
    if (!a.language.empty()) {
        out += " lang=\"";
        append_html_escaped(out, a.language);
        out += "\"";
    }
    out += ">\n<head>\n<meta charset=\"utf-8\">\n<title>";
    append_html_escaped(out, a.title);
    out += "</title>\n";
    std::string authors;
    for (const auto& name : a.authors) authors += (authors.empty() ? "" : ", ") + name;
    append_meta(out, "author", authors);
    append_meta(out, "date", a.published);
    append_meta(out, "winnow:page-type", to_string(a.page_type));
    if (!a.site.empty()) {
        out += "<meta property=\"og:site_name\" content=\"";
        append_html_escaped(out, a.site);
        out += "\">\n";
    }
    if (!a.url.empty()) {
        out += "<link rel=\"canonical\" href=\"";
        append_html_escaped(out, a.url);
        out += "\">\n";
    }
    out += "</head>\n<body>\n<article>\n";
    if (!a.title.empty()) {
        out += "<h1>";
        append_html_escaped(out, a.title);
        out += "</h1>\n";
    }
    html_body body(out, options);
    for (const auto& p : a.paragraphs) body.add(p);
    body.finish();
    if (!a.comments.empty()) {
        out += "<section class=\"comments\">\n<h2>Comments</h2>\n";
        for (const auto& c : a.comments) {
            out += "<p>";
            append_html_escaped(out, c);
            out += "</p>\n";
        }
        out += "</section>\n";
    }
    out += "</article>\n</body>\n</html>\n";
    return out;
}

}  // namespace winnow
