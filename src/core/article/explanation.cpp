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

std::string render_explanation_html(const explanation& why, std::string_view title) {
    std::string out =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>winnow: ";
    append_html_escaped(out, title);
    out += "</title>\n<style>\n"
           "body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}\n"
           ".b{margin:.4em 0;padding:.3em .5em;border-left:4px solid #2a7}\n"
           ".b.drop{border-color:#c44;color:#777}\n.b.drop .t{text-decoration:line-through}\n"
           ".l{font:12px monospace;background:#eee;padding:0 .4em;margin-right:.5em;border-radius:3px}\n"
           ".drop .l{background:#fdd}\n.f{font:11px monospace;color:#888}\n"
           "</style></head><body>\n<h1>";
    append_html_escaped(out, title);
    out += "</h1>\n<p class=\"f\">mode ";
    append_html_escaped(out, why.mode);
    out += " · encoding ";
    append_html_escaped(out, why.encoding);
    out += " · main content ";
    append_html_escaped(out, why.container);
    out += " · page type ";
    append_html_escaped(out, why.page_type);
    out += " (";
    append_html_escaped(out, why.page_type_reason);
    out += ")</p>\n";
    for (const auto& b : why.blocks) {
        out += b.kept ? "<div class=\"b\">" : "<div class=\"b drop\">";
        out += "<span class=\"l\">";
        append_html_escaped(out, to_string(b.decision));
        out += "</span><span class=\"t\">";
        append_html_escaped(out, shorten(b.text, 600));
        out += "</span><div class=\"f\">";
        char figures[300];
        std::snprintf(figures, sizeof figures,
                      "#%zu words %.1f · text density %.2f · links %.2f · punct %.2f · tags %.2f · position %.2f · "
                      "siblings %zu · score %.1f · ",
                      b.index, b.words, b.text_density, b.link_density, b.punctuation_density, b.tag_density,
                      b.position, b.siblings, b.score);
        out += figures;
        append_html_escaped(out, b.reason);
        out += " · ";
        append_html_escaped(out, b.path);
        out += "</div></div>\n";
    }
    out += "</body></html>\n";
    return out;
}

}  // namespace winnow
