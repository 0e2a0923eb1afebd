#include "winnow/article.hpp"

#include <algorithm>

#include "article/json_writer.hpp"
#include "article/markup.hpp"

namespace winnow {
namespace {

using detail::append_json_string;

void append_json_string_or_null(std::string& out, std::string_view s) {
    if (s.empty()) {
        out += "null";
    } else {
        append_json_string(out, s);
    }
}

/// A JSON array of strings.
void append_json_strings(std::string& out, const std::vector<std::string>& strings) {
    out.push_back('[');
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, strings[i]);
    }
    out.push_back(']');
}

void append_field(std::string& out, std::string_view name) {
    if (out.size() > 1) out.push_back(',');
    append_json_string(out, name);
    out.push_back(':');
}

/// Table rows hold their cells separated by " | ".
std::string markdown_row(std::string_view cells) {
    std::string row = "| ";
    row += cells;
    row += " |";
    return row;
}

}  // namespace

std::string article::text() const {
    std::string out;
    for (const auto& p : paragraphs) {
        if (!out.empty()) out += "\n\n";
        out += p.text;
    }
    return out;
}

std::string to_json(const article& a, const json_options& options) {
    std::string out = "{";
    if (!options.source.empty()) {
        append_field(out, "source");
        append_json_string(out, options.source);
    }
    if (!options.warc_record_id.empty()) {
        append_field(out, "warc_record_id");
        append_json_string(out, options.warc_record_id);
    }
    append_field(out, "url");
    append_json_string_or_null(out, a.url);
    append_field(out, "title");
    append_json_string_or_null(out, a.title);
    append_field(out, "authors");
    append_json_strings(out, a.authors);
    append_field(out, "editor");
    append_json_string_or_null(out, a.editor);
    append_field(out, "published");
    append_json_string_or_null(out, a.published);
    append_field(out, "language");
    append_json_string_or_null(out, a.language);
    append_field(out, "site");
    append_json_string_or_null(out, a.site);
    append_field(out, "page_type");
    append_json_string(out, to_string(a.page_type));
    append_field(out, "text");
    append_json_string(out, a.text());
    append_field(out, "paragraphs");
    out.push_back('[');
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, a.paragraphs[i].text);
    }
    out.push_back(']');
    append_field(out, "posts");
    out.push_back('[');
    for (std::size_t i = 0; i < a.posts.size(); ++i) {
        const post& p = a.posts[i];
        out += i ? ",{" : "{";
        out += "\"author\":";
        append_json_string_or_null(out, p.author);
        out += ",\"published\":";
        append_json_string_or_null(out, p.published);
        out += ",\"paragraphs\":[" + std::to_string(p.first_paragraph) + "," + std::to_string(p.paragraphs) + "]}";
    }
    out.push_back(']');
    if (options.comments) {
        append_field(out, "comments");
        append_json_strings(out, a.comments);
    }
    append_field(out, "stats");
    out += "{\"input_bytes\":" + std::to_string(a.stats.input_bytes);
    out += ",\"encoding\":";
    append_json_string_or_null(out, a.stats.encoding);
    out += ",\"blocks\":" + std::to_string(a.stats.blocks);
    out += ",\"kept\":" + std::to_string(a.stats.kept);
    out += ",\"elapsed_us\":" + std::to_string(a.stats.elapsed_us);
    out += "}}";
    return out;
}

std::string to_text(const article& a) {
    std::string out;
    if (!a.title.empty()) out = a.title;
    for (const auto& p : a.paragraphs) {
        if (!out.empty()) out += "\n\n";
        if (p.kind == paragraph_kind::list_item) out += "- ";
        out += p.text;
    }
    if (!out.empty()) out.push_back('\n');
    return out;
}

std::string to_markdown(const article& a, const markup_options& options) {
    using detail::markup_style;
    std::string out;
    if (!a.title.empty()) out = "# " + a.title + "\n";
    std::string meta;
    if (!a.authors.empty()) {
        meta = "By ";
        for (std::size_t i = 0; i < a.authors.size(); ++i) meta += (i ? ", " : "") + a.authors[i];
    }
    if (!a.published.empty()) meta += (meta.empty() ? "" : " · ") + a.published;
    if (!a.site.empty()) meta += (meta.empty() ? "" : " · ") + a.site;
    if (!meta.empty()) out += "\n*" + meta + "*\n";

    const auto inline_text = [&](const paragraph& p, bool emphasis = true) {
        return detail::render_inline(p.text, p.markup, options, markup_style::markdown, emphasis);
    };
    const paragraph* previous = nullptr;
    for (const auto& p : a.paragraphs) {
        const bool continues_list = previous && previous->kind == paragraph_kind::list_item &&
                                    p.kind == paragraph_kind::list_item;
        const bool continues_table = previous && previous->kind == paragraph_kind::table_row &&
                                     p.kind == paragraph_kind::table_row;
        // One line end inside a list or a table, a blank line between blocks (the title's line end counts).
        if (!out.empty()) out += continues_list || continues_table || out.back() == '\n' ? "\n" : "\n\n";
        // Pictures that stood before the paragraph: lines of their own, or, inside a list or a table, its
        // first cell's start.
        std::string images = own_line_images(p.markup, options, markup_style::markdown, " ");
        const bool images_inline = p.kind == paragraph_kind::list_item || p.kind == paragraph_kind::table_row ||
                                   p.kind == paragraph_kind::quote || p.kind == paragraph_kind::caption;
        if (!images.empty() && !images_inline) {
            out += images + "\n\n";
            images.clear();
        }
        if (!images.empty()) images.push_back(' ');
        switch (p.kind) {
            case paragraph_kind::heading:
                // The title is the only level-1 heading; a heading is bold already.
                out += std::string(std::min<std::size_t>(std::max<std::size_t>(p.level, 2), 6), '#') + " " +
                       inline_text(p, false);
                break;
            case paragraph_kind::list_item: {
                const std::size_t depth = p.level > 0 ? p.level - 1u : 0u;
                out += std::string(depth * 2, ' ') + (p.ordered ? "1. " : "- ") + images + inline_text(p);
                break;
            }
            case paragraph_kind::quote: {
                out += "> " + images;
                for (char c : inline_text(p)) {
                    out.push_back(c);
                    if (c == '\n') out += "> ";
                }
                break;
            }
            case paragraph_kind::code:
                out += "```" + p.language + "\n" + p.text + "\n```";
                break;
            case paragraph_kind::table_row: {
                const bool starts_table = !continues_table;
                if (starts_table && p.level != 1) {
                    // A table without a header row still needs one in Markdown.
                    const std::size_t cells = detail::table_cells(p.text).size();
                    std::string header = "|", rule = "|";
                    for (std::size_t i = 0; i < cells; ++i) {
                        header += "   |";
                        rule += "---|";
                    }
                    out += header + "\n" + rule + "\n";
                }
                out += markdown_row(images + inline_text(p));
                if (p.level == 1) {
                    out += "\n|";
                    for (std::size_t i = 0; i < detail::table_cells(p.text).size(); ++i) out += "---|";
                }
                break;
            }
            case paragraph_kind::caption:
                out += images + "*" + inline_text(p, false) + "*";
                break;
            case paragraph_kind::text:
                out += inline_text(p);
                break;
        }
        previous = &p;
    }
    // The comment section, when it was asked for, after the body and a rule: text without markup.
    if (!a.comments.empty()) {
        out += out.empty() ? "## Comments" : "\n\n---\n\n## Comments";
        for (const auto& c : a.comments) out += "\n\n" + detail::render_inline(c, {}, options, markup_style::markdown);
    }
    if (!out.empty()) out.push_back('\n');
    return out;
}

}  // namespace winnow
