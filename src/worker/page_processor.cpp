#include "worker/page_processor.hpp"

#include <algorithm>

#include "shell/page_source.hpp"
#include "winnow/error.hpp"

namespace winnow::worker {

using shell::page_input;
using shell::parse_envelope;

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

processing_result dead(std::string reason, std::string message) {
    processing_result r;
    r.reason = std::move(reason);
    r.message = std::move(message);
    return r;
}

}  // namespace

std::string charset_of_content_type(std::string_view v) {
    // Parameters follow ';'; the name is case-insensitive and the value may be quoted.
    std::size_t pos = v.find(';');
    while (pos != std::string_view::npos) {
        std::string_view param = v.substr(pos + 1);
        const std::size_t next = param.find(';');
        param = param.substr(0, next);
        while (!param.empty() && (param.front() == ' ' || param.front() == '\t')) param.remove_prefix(1);
        const std::size_t eq = param.find('=');
        if (eq != std::string_view::npos) {
            std::string_view name = param.substr(0, eq);
            while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
            if (iequals(name, "charset")) {
                std::string_view value = param.substr(eq + 1);
                while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
                while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
                return std::string(value);
            }
        }
        pos = next == std::string_view::npos ? std::string_view::npos : pos + 1 + next;
    }
    return {};
}

page_processor::page_processor(const worker_config& c)
    : format_(c.format),
      mode_(c.mode),
      max_bytes_(c.max_page_bytes),
      url_header_(c.url_header),
      content_type_header_(c.content_type_header),
      envelope_(c.envelope),
      out_format_(c.out_format),
      max_output_bytes_(c.max_output_bytes),
      captions_(c.captions),
      dead_letter_empty_(c.dlq_empty_articles),
      limits_(c.limits) {}

const std::string* page_processor::header(const kafka::message_copy& m, std::string_view name) const {
    if (name.empty()) return nullptr;
    // The last occurrence wins, as with repeated HTTP fields that allow one value.
    for (auto it = m.headers.rbegin(); it != m.headers.rend(); ++it)
        if (iequals(it->name, name) && it->value) return &*it->value;
    return nullptr;
}

processing_result page_processor::process(const kafka::message_copy& m, winnow::extractor& extractor) const {
    if (!m.value || m.value->empty()) return dead("empty_input", "the message has no value");
    if (m.value->size() > max_bytes_)
        return dead("input_too_large", "the value has " + std::to_string(m.value->size()) + " bytes; input.max_bytes is " +
                                           std::to_string(max_bytes_));
    std::string inflated;
    std::string_view bytes = *m.value;
    if (shell::is_gzip(bytes)) {
        if (const auto ec = shell::gunzip_layers(bytes, max_bytes_, inflated)) {
            if (ec == winnow::condition::limit_exceeded)
                return dead("input_too_large", "the value decompresses to more than input.max_bytes (" + std::to_string(max_bytes_) + ")");
            return dead("invalid_gzip", "gzip data that does not decompress: " + ec.message());
        }
        bytes = inflated;
    }

    page_input in;
    if (format_ == input_format::json) {
        std::string error;
        auto parsed = parse_envelope(bytes, envelope_, error);
        if (!parsed) return dead("invalid_envelope", error);
        in = std::move(*parsed);
        if (in.page.size() > max_bytes_)
            return dead("input_too_large", "the envelope's page has " + std::to_string(in.page.size()) + " bytes");
        // A JSON string is Unicode already: the page is read as UTF-8 whatever its encoding field, the
        // Content-Type header or a <meta> in it say (decoding it again would make mojibake of it).
        in.encoding_label = "UTF-8";
        if (in.url.empty())
            if (const auto* url = header(m, url_header_)) in.url = *url;
    } else {
        in.mode = mode_;
        if (const auto* ct = header(m, content_type_header_)) in.encoding_label = charset_of_content_type(*ct);
        if (const auto* url = header(m, url_header_)) in.url = *url;
    }
    const std::string_view page = format_ == input_format::json ? std::string_view(in.page) : bytes;

    winnow::extract_options options;
    options.mode = in.mode;
    options.encoding_label = in.encoding_label;
    options.url = in.url;
    options.include_captions = captions_;
    options.keep_markup = out_format_ == output_format::markdown;   // JSON and text never show inline markup
    options.limits = limits_;
    auto a = extractor.extract(page, options);
    if (!a) {
        const std::error_code ec = a.error();
        if (ec == winnow::condition::limit_exceeded) return dead(std::string(winnow::error_name(ec)), ec.message());
        if (ec == winnow::errc::not_text)
            return dead("not_text", format_ == input_format::json ? "the envelope's page holds " + ec.message() : ec.message());
        return dead("extraction_failed", std::string(winnow::error_name(ec)) + ": " + ec.message());
    }
    processing_result r;
    r.elapsed_us = a->stats.elapsed_us;
    if (a->paragraphs.empty() && dead_letter_empty_) {
        r.reason = "empty_article";
        r.message = "the page has no article body";
        return r;
    }
    r.ok = true;
    switch (out_format_) {
        case output_format::json: r.payload = winnow::to_json(*a); break;
        case output_format::text: r.payload = winnow::to_text(*a); break;
        case output_format::markdown: r.payload = winnow::to_markdown(*a); break;
    }
    if (r.payload.size() > max_output_bytes_) {
        const std::size_t size = r.payload.size();
        r = dead("output_too_large", "the article has " + std::to_string(size) + " bytes; output.max_bytes is " +
                                         std::to_string(max_output_bytes_));
        r.elapsed_us = a->stats.elapsed_us;
    }
    return r;
}

}  // namespace winnow::worker
