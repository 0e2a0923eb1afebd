#include "article/markup.hpp"

#include <algorithm>

#include "article/url.hpp"

namespace winnow::detail {
namespace {

/// Where Markdown would read a paragraph's first characters as structure ("# ", "> ", "- ", "1. "): the
/// position a backslash goes before, or npos.
std::size_t line_start_escape(std::string_view text) noexcept {
    if (text.empty()) return std::string_view::npos;
    const char c = text.front();
    if (c == '#' || c == '>' || c == '-' || c == '+' || c == '*' || c == '=' || c == '|' || c == '`') return 0;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits > 0 && digits + 1 < text.size() && (text[digits] == '.' || text[digits] == ')') && text[digits + 1] == ' ')
        return digits;
    return std::string_view::npos;
}

/// A URL inside Markdown's "(...)": what would end it or break it is percent-encoded.
void append_markdown_url(std::string& out, std::string_view url) {
    for (char c : url) {
        switch (c) {
            case ' ': out += "%20"; break;
            case '(': out += "%28"; break;
            case ')': out += "%29"; break;
            case '<': out += "%3C"; break;
            case '>': out += "%3E"; break;
            default: out.push_back(c);
        }
    }
}

/// Text of a link or an image's alt text in Markdown: brackets escaped, line breaks as spaces.
void append_markdown_label(std::string& out, std::string_view text) {
    for (char c : text) {
        if (c == '[' || c == ']' || c == '\\') out.push_back('\\');
        out.push_back(c == '\n' ? ' ' : c);
    }
}

/// Inline code: a fence of one backtick more than the longest run inside (CommonMark §6.1).
void append_markdown_code(std::string& out, std::string_view code) {
    std::size_t longest = 0, run = 0;
    for (char c : code) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(longest + 1, '`');
    const bool pad = !code.empty() && (code.front() == '`' || code.back() == '`');
    out += fence;
    if (pad) out.push_back(' ');
    for (char c : code) out.push_back(c == '\n' ? ' ' : c);
    if (pad) out.push_back(' ');
    out += fence;
}

void append_image(std::string& out, const inline_markup& m, markup_style style) {
    if (style == markup_style::markdown) {
        out += "![";
        append_markdown_label(out, m.alt);
        out += "](";
        append_markdown_url(out, m.target);
        out.push_back(')');
    } else {
        out += "<img src=\"";
        append_html_escaped(out, m.target);
        out += "\" alt=\"";
        append_html_escaped(out, m.alt);
        out += "\">";
    }
}

/// Writes a run of a paragraph's text: in Markdown as it is (a line break as a hard break), in HTML escaped.
class inline_writer {
public:
    inline_writer(std::string& out, markup_style style) : out_(out), style_(style) {}

    void text(std::string_view run, bool in_label) {
        if (style_ == markup_style::html) {
            for (std::size_t line = run.find('\n'); line != std::string_view::npos; line = run.find('\n')) {
                append_html_escaped(out_, run.substr(0, line));
                out_ += "<br>\n";
                run.remove_prefix(line + 1);
            }
            return append_html_escaped(out_, run);
        }
        if (in_label) return append_markdown_label(out_, run);
        for (char c : run) {
            if (c == '\n') out_ += "  ";   // Markdown's hard break: two spaces, then the line end
            out_.push_back(c);
        }
    }

    void open(const inline_markup& m) {
        const bool md = style_ == markup_style::markdown;
        switch (m.kind) {
            case markup_kind::link:
                if (md) {
                    out_.push_back('[');
                } else {
                    out_ += "<a href=\"";
                    append_html_escaped(out_, m.target);
                    out_ += "\">";
                }
                break;
            case markup_kind::emphasis: out_ += md ? "*" : "<em>"; break;
            case markup_kind::strong: out_ += md ? "**" : "<strong>"; break;
            case markup_kind::code: case markup_kind::image: break;
        }
    }

    void close(const inline_markup& m) {
        const bool md = style_ == markup_style::markdown;
        switch (m.kind) {
            case markup_kind::link:
                if (md) {
                    out_ += "](";
                    append_markdown_url(out_, m.target);
                    out_.push_back(')');
                } else {
                    out_ += "</a>";
                }
                break;
            case markup_kind::emphasis: out_ += md ? "*" : "</em>"; break;
            case markup_kind::strong: out_ += md ? "**" : "</strong>"; break;
            case markup_kind::code: case markup_kind::image: break;
        }
    }

    void code(std::string_view content) {
        if (style_ == markup_style::markdown) return append_markdown_code(out_, content);
        out_ += "<code>";
        append_html_escaped(out_, content);
        out_ += "</code>";
    }

private:
    std::string& out_;
    markup_style style_;
};

bool shown(const inline_markup& m, const markup_options& options, bool emphasis) noexcept {
    switch (m.kind) {
        case markup_kind::link: return options.links && !m.target.empty();
        case markup_kind::image: return options.images && !m.own_line;
        case markup_kind::emphasis: case markup_kind::strong: return emphasis;
        case markup_kind::code: return true;
    }
    return false;
}

// The tree's kinds of marks and the article's kinds of markup are one list.
static_assert(static_cast<int>(markup_kind::link) == static_cast<int>(mark_kind::link) &&
              static_cast<int>(markup_kind::emphasis) == static_cast<int>(mark_kind::emphasis) &&
              static_cast<int>(markup_kind::strong) == static_cast<int>(mark_kind::strong) &&
              static_cast<int>(markup_kind::code) == static_cast<int>(mark_kind::code) &&
              static_cast<int>(markup_kind::image) == static_cast<int>(mark_kind::image));

}  // namespace

std::size_t markup_gatherer::first_mark_of(std::size_t block) const noexcept {
    const auto it = std::lower_bound(tree_.marks.begin(), tree_.marks.end(), block,
                                     [](const inline_mark& m, std::size_t b) { return m.block < b; });
    return static_cast<std::size_t>(it - tree_.marks.begin());
}

inline_markup markup_gatherer::to_markup(const inline_mark& m) const {
    inline_markup out;
    out.kind = static_cast<markup_kind>(m.kind);
    out.own_line = m.own_line;
    if (m.kind == mark_kind::link || m.kind == mark_kind::image) {
        out.target = resolve_url(base_url_, tree_.target_of(m));
        // What a reader can follow or a renderer can show; data: and script URLs are neither.
        std::string scheme(scheme_of(out.target));
        for (char& c : scheme) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        if (scheme == "javascript" || scheme == "vbscript" || scheme == "data") out.target.clear();
        out.alt = std::string(tree_.alt_of(m));
    }
    return out;
}

void markup_gatherer::add(std::size_t block, std::size_t from, std::size_t length, std::size_t at,
                          std::vector<inline_markup>& out) {
    for (auto& image : kept_images_) {
        image.begin = image.end = at;
        out.push_back(std::move(image));
    }
    kept_images_.clear();
    for (std::size_t i = first_mark_of(block); i < tree_.marks.size() && tree_.marks[i].block == block; ++i) {
        const inline_mark& m = tree_.marks[i];
        std::size_t begin = m.begin, end = m.end;
        if (m.kind == mark_kind::image) {
            begin = end = std::clamp(begin, from, from + length);
        } else {
            begin = std::max<std::size_t>(begin, from);
            end = std::min<std::size_t>(end, from + length);
            if (begin >= end) continue;   // outside the text kept
        }
        inline_markup markup = to_markup(m);
        if (m.kind == mark_kind::link && markup.target.empty()) continue;
        if (m.kind == mark_kind::image && markup.target.empty()) continue;
        markup.begin = begin - from + at;
        markup.end = end - from + at;
        out.push_back(std::move(markup));
    }
}

void markup_gatherer::keep_images_of(std::size_t block) {
    for (std::size_t i = first_mark_of(block); i < tree_.marks.size() && tree_.marks[i].block == block; ++i) {
        if (tree_.marks[i].kind != mark_kind::image) continue;
        inline_markup image = to_markup(tree_.marks[i]);
        image.own_line = true;
        if (!image.target.empty()) kept_images_.push_back(std::move(image));
    }
}

void normalise_markup(std::vector<inline_markup>& markup) {
    if (markup.empty()) return;
    std::stable_sort(markup.begin(), markup.end(), [](const inline_markup& a, const inline_markup& b) {
        if (a.begin != b.begin) return a.begin < b.begin;
        if (a.own_line != b.own_line) return a.own_line;
        const bool a_image = a.kind == markup_kind::image, b_image = b.kind == markup_kind::image;
        if (a_image != b_image) return a_image;   // an image where a mark begins stands before it
        return a.end > b.end;
    });
    // Marks kept so far whose range is still open at the current one: each new mark must fit in the innermost.
    std::vector<std::size_t> open_ends;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < markup.size(); ++i) {
        inline_markup& m = markup[i];
        while (!open_ends.empty() && open_ends.back() <= m.begin) open_ends.pop_back();
        if (m.kind != markup_kind::image) {
            if (!open_ends.empty() && m.end > open_ends.back()) continue;   // crosses an outer mark
            open_ends.push_back(m.end);
        }
        if (kept != i) markup[kept] = std::move(m);
        ++kept;
    }
    markup.resize(kept);
}

std::string render_inline(std::string_view text, const std::vector<inline_markup>& markup,
                          const markup_options& options, markup_style style, bool emphasis) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    inline_writer writer(out, style);
    std::size_t pos = 0;
    std::vector<const inline_markup*> open;
    std::size_t label_depth = 0;   // open links: their text is a Markdown label
    const auto write_to = [&](std::size_t to) {
        if (to <= pos) return;
        std::string_view run = text.substr(pos, to - pos);
        if (style == markup_style::markdown && pos == 0) {
            // The paragraph's first characters must not read as a heading, quote or list marker.
            if (const std::size_t at = line_start_escape(run); at != std::string_view::npos) {
                writer.text(run.substr(0, at), false);
                out.push_back('\\');
                run.remove_prefix(at);
            }
        }
        writer.text(run, label_depth > 0);
        pos = to;
    };
    const auto close_until = [&](std::size_t at) {
        while (!open.empty() && open.back()->end <= at) {
            write_to(open.back()->end);
            if (open.back()->kind == markup_kind::link) --label_depth;
            writer.close(*open.back());
            open.pop_back();
        }
    };
    for (const inline_markup& m : markup) {
        if (!shown(m, options, emphasis) || m.begin < pos || m.end > text.size()) continue;
        close_until(m.begin);
        write_to(m.begin);
        if (m.kind == markup_kind::image) {
            append_image(out, m, style);
            continue;
        }
        if (m.kind == markup_kind::code) {
            writer.code(text.substr(m.begin, m.end - m.begin));
            pos = m.end;   // what is inside code is code: its inner marks are skipped by the check above
            continue;
        }
        writer.open(m);
        if (m.kind == markup_kind::link) ++label_depth;
        open.push_back(&m);
    }
    close_until(text.size());
    write_to(text.size());
    return out;
}

std::string own_line_images(const std::vector<inline_markup>& markup, const markup_options& options,
                            markup_style style, std::string_view separator) {
    std::string out;
    if (!options.images) return out;
    for (const inline_markup& m : markup) {
        if (m.kind != markup_kind::image || !m.own_line || m.target.empty()) continue;
        if (!out.empty()) out += separator;
        append_image(out, m, style);
    }
    return out;
}

std::vector<std::pair<std::size_t, std::size_t>> table_cells(std::string_view row) {
    std::vector<std::pair<std::size_t, std::size_t>> cells;
    std::size_t begin = 0;
    for (std::size_t at = row.find(" | "); at != std::string_view::npos; at = row.find(" | ", begin)) {
        cells.emplace_back(begin, at);
        begin = at + 3;
    }
    cells.emplace_back(begin, row.size());
    return cells;
}

void append_html_escaped(std::string& out, std::string_view text) {
    for (std::size_t special = text.find_first_of("&<>\""); special != std::string_view::npos;
         special = text.find_first_of("&<>\"")) {
        out.append(text.substr(0, special));
        switch (text[special]) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += "&quot;"; break;
        }
        text.remove_prefix(special + 1);
    }
    out.append(text);
}

}  // namespace winnow::detail
