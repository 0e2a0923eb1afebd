// The JSON envelope a page may come in, as crawlers write them (the worker's input.format json, and the
// CLI's JSON Lines input): {"url": "...", "html": "..." | "text": "...", "encoding": "..."}, with field names
// of the caller's choosing. Parsing it is all this does: what is then done with the page is the caller's.
//
//     std::string error;
//     auto in = winnow::shell::parse_envelope(json, {}, error);
//     if (!in) dead_letter("invalid_envelope", error);
//     else extract(in->page, {.mode = in->mode, .url = in->url});
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "winnow/extract.hpp"

namespace winnow::shell {

/// Field names of the JSON envelope.
struct envelope_fields {
    std::string url = "url";
    std::string html = "html";
    std::string text = "text";
    std::string encoding = "encoding";
};

/// A page as the core is to be given it.
struct page_input {
    std::string url;
    std::string encoding_label;
    winnow::input_mode mode = winnow::input_mode::automatic;
    std::string page;           ///< the bytes given to the core (decompressed, or the envelope's field)
};

/// Parses an envelope {"<url>": string?, "<html>": string | "<text>": string, "<encoding>": string?}: a JSON
/// object (valid JSON, valid UTF-8) with exactly one of the html and text fields, each field a string or
/// null. On failure returns nullopt and sets `error`. The encoding field is read as given; the page, a JSON
/// string, is Unicode, so callers read it as UTF-8 whatever the field says.
[[nodiscard]] std::optional<page_input> parse_envelope(std::string_view json, const envelope_fields& fields, std::string& error);

}  // namespace winnow::shell
