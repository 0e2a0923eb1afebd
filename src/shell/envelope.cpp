#include "shell/envelope.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace winnow::shell {

std::optional<page_input> parse_envelope(std::string_view json, const envelope_fields& fields, std::string& error) {
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(json, ec);
    if (ec) {
        error = "not valid JSON: " + ec.message();
        return std::nullopt;
    }
    const auto* object = doc.if_object();
    if (!object) {
        error = "not a JSON object";
        return std::nullopt;
    }
    page_input in;
    auto string_field = [&](const std::string& name, std::string& out) -> bool {
        if (name.empty()) return true;
        const auto* v = object->if_contains(name);
        if (!v || v->is_null()) return true;
        const auto* s = v->if_string();
        if (!s) {
            error = "field '" + name + "' is not a string";
            return false;
        }
        out.assign(s->data(), s->size());
        return true;
    };
    const auto* html = object->if_contains(fields.html);
    const auto* text = object->if_contains(fields.text);
    const bool has_html = html && !html->is_null();
    const bool has_text = text && !text->is_null();
    if (has_html == has_text) {
        error = has_html ? "both '" + fields.html + "' and '" + fields.text + "' are given"
                         : "neither '" + fields.html + "' nor '" + fields.text + "' is given";
        return std::nullopt;
    }
    if (!string_field(has_html ? fields.html : fields.text, in.page)) return std::nullopt;
    in.mode = has_html ? winnow::input_mode::html : winnow::input_mode::text;
    if (!string_field(fields.url, in.url) || !string_field(fields.encoding, in.encoding_label)) return std::nullopt;
    return in;
}

}  // namespace winnow::shell
