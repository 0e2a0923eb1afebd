// The explanation's renderings: JSON lines for tools, an HTML report for people.
#include <cstdio>

#include "article/json_writer.hpp"
#include "utf8.hpp"
#include "winnow/explanation.hpp"

namespace winnow {
namespace {

std::string shorten(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    return std::string(detail::utf8_prefix(text, max_bytes)) + "…";
}

void append_html_escaped(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out.push_back(c);
        }
    }
}

}  // namespace

std::string_view to_string(block_class c) noexcept {
    switch (c) {
        case block_class::content: return "content";
        case block_class::title: return "title";
        case block_class::byline: return "byline";
        case block_class::editor_credit: return "editor-credit";
        case block_class::navigation: return "navigation";
        case block_class::header: return "header";
        case block_class::footer: return "footer";
        case block_class::share: return "share";
        case block_class::consent: return "consent";
        case block_class::comments: return "comments";
        case block_class::related: return "related";
        case block_class::dated_list: return "dated-list";
        case block_class::advertisement: return "advertisement";
        case block_class::caption: return "caption";
        case block_class::hidden: return "hidden";
        case block_class::outside: return "outside";
        case block_class::low_quality: return "low-quality";
        case block_class::duplicate: return "duplicate";
    }
    return "unknown";
}

std::string to_json_lines(const explanation& why, std::string_view source) {
    std::string out;
    for (const auto& b : why.blocks) {
        out += '{';
        if (!source.empty()) {
            out += "\"source\":";
            detail::append_json_string(out, source);
            out += ',';
        }
        char figures[256];
        std::snprintf(figures, sizeof figures,
                      "\"index\":%zu,\"kept\":%s,\"class\":\"%s\",\"words\":%.2f,\"text_density\":%.3f,"
                      "\"link_density\":%.3f,\"punctuation_density\":%.3f,\"tag_density\":%.3f,"
                      "\"position\":%.3f,\"siblings\":%zu,\"score\":%.2f,\"offset\":%zu,",
                      b.index, b.kept ? "true" : "false", to_string(b.decision).data(), b.words, b.text_density,
                      b.link_density, b.punctuation_density, b.tag_density, b.position, b.siblings, b.score,
                      b.offset);
        out += figures;
        out += "\"reason\":";
        detail::append_json_string(out, b.reason);
        out += ",\"path\":";
        detail::append_json_string(out, b.path);
        out += ",\"text\":";
        detail::append_json_string(out, b.text);
        out += "}\n";
    }
    return out;
}

std::string_view describe(block_class c) noexcept {
    switch (c) {
        case block_class::content: return "the article's text";
        case block_class::title: return "the article's title (kept as metadata, not in the body)";
        case block_class::byline: return "an author or date line (kept as metadata)";
        case block_class::editor_credit: return "an editor's credit (kept as metadata; ends the body)";
        case block_class::navigation: return "menus, breadcrumbs, pagination, link lists";
        case block_class::header: return "the site's header";
        case block_class::footer: return "the site's footer, copyright and licence lines";
        case block_class::share: return "share and social bars";
        case block_class::consent: return "cookie and consent banners";
        case block_class::comments: return "a comment section";
        case block_class::related: return "related, recommended, latest and most-read lists";
        case block_class::dated_list: return "lists of headlines with their times";
        case block_class::advertisement: return "advertisements";
        case block_class::caption: return "figure captions (kept with --captions)";
        case block_class::hidden: return "text hidden by the markup";
        case block_class::outside: return "outside the main content, of no other kind";
        case block_class::low_quality: return "too short or too full of links to be body text";
        case block_class::duplicate: return "a repeat of a paragraph already kept";
    }
    return "";
}

std::string render_explanation_html(const explanation& why, std::string_view title, const report_metadata& found) {
    constexpr std::size_t class_count = static_cast<std::size_t>(block_class::duplicate) + 1;
    std::size_t kept = 0;
    double kept_words = 0;
    std::size_t removed[class_count] = {};
    std::size_t seen[class_count] = {};
    for (const auto& b : why.blocks) {
        const auto k = static_cast<std::size_t>(b.decision);
        if (k < class_count) ++seen[k];
        if (b.kept) {
            ++kept;
            kept_words += b.words;
        } else if (k < class_count) {
            ++removed[k];
        }
    }
    std::string out =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>winnow: ";
    append_html_escaped(out, title);
    out += "</title>\n<style>\n"
           "body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}\n"
           ".b{margin:.4em 0;padding:.3em .5em;border-left:4px solid #2a7}\n"
           ".b.drop{border-color:#c44;color:#777}\n.b.drop .t{text-decoration:line-through}\n"
           ".l{font:12px monospace;background:#eee;padding:0 .4em;margin-right:.5em;border-radius:3px}\n"
           ".drop .l{background:#fdd}\n.f{font:11px monospace;color:#888}\n"
           "table{border-collapse:collapse;margin:.5em 0}td,th{text-align:left;padding:.1em .8em .1em 0;vertical-align:top}\n"
           "th{font-weight:600;color:#555;white-space:nowrap}\ndetails{margin:.5em 0}\n"
           "#hide:checked~.blocks .drop{display:none}\nlabel{cursor:pointer;user-select:none}\n"
           "</style></head><body>\n<h1>";
    append_html_escaped(out, title);
    out += "</h1>\n<table class=\"summary\">\n";
    auto row = [&](std::string_view name, std::string_view value) {
        if (value.empty()) return;
        out += "<tr><th>";
        append_html_escaped(out, name);
        out += "</th><td>";
        append_html_escaped(out, value);
        out += "</td></tr>\n";
    };
    char figures[160];
    std::snprintf(figures, sizeof figures, "%zu of %zu blocks kept (%.0f words), %zu removed", kept, why.blocks.size(),
                  kept_words, why.blocks.size() - kept);
    row("blocks", figures);
    std::string by_class;
    for (std::size_t k = 0; k < class_count; ++k) {
        if (removed[k] == 0) continue;
        if (!by_class.empty()) by_class += ", ";
        by_class += std::string(to_string(static_cast<block_class>(k))) + " " + std::to_string(removed[k]);
    }
    row("removed", by_class);
    row("page type", why.page_type + " (" + why.page_type_reason + ")");
    row("authors", found.authors);
    row("published", found.published);
    row("language", found.language);
    row("site", found.site);
    row("read as", why.mode + ", " + why.encoding + "; main content " + why.container);
    out += "</table>\n<details><summary>legend</summary><table>\n";
    for (std::size_t k = 0; k < class_count; ++k) {
        if (seen[k] == 0) continue;
        const auto c = static_cast<block_class>(k);
        out += c == block_class::content ? "<tr><td><span class=\"l\">" : "<tr class=\"drop\"><td><span class=\"l\">";
        append_html_escaped(out, to_string(c));
        out += "</span></td><td>";
        append_html_escaped(out, describe(c));
        out += "</td></tr>\n";
    }
    out += "</table><p class=\"f\">green: kept; red and struck through: removed. Under each block: its figures, "
           "the rule that decided and its element's path.</p></details>\n"
           "<input type=\"checkbox\" id=\"hide\"><label for=\"hide\"> hide removed blocks</label>\n<div class=\"blocks\">\n";
    for (const auto& b : why.blocks) {
        out += b.kept ? "<div class=\"b\">" : "<div class=\"b drop\">";
        out += "<span class=\"l\">";
        append_html_escaped(out, to_string(b.decision));
        out += "</span><span class=\"t\">";
        append_html_escaped(out, shorten(b.text, 600));
        out += "</span><div class=\"f\">";
        char block_figures[300];
        std::snprintf(block_figures, sizeof block_figures,
                      "#%zu words %.1f · text density %.2f · links %.2f · punct %.2f · tags %.2f · position %.2f · "
                      "siblings %zu · score %.1f · ",
                      b.index, b.words, b.text_density, b.link_density, b.punctuation_density, b.tag_density,
                      b.position, b.siblings, b.score);
        out += block_figures;
        append_html_escaped(out, b.reason);
        out += " · ";
        append_html_escaped(out, b.path);
        out += "</div></div>\n";
    }
    out += "</div>\n</body></html>\n";
    return out;
}

}  // namespace winnow
