// From one consumed message to what the worker publishes: the article in the configured format, or the
// reason the page is a dead letter. Pure (no Kafka, no I/O), so it is tested without a broker; the
// pipeline runs it on the extraction threads, each with its own winnow::extractor.
//
// Dead-letter reasons (the winnow.error.reason header and the `reason` label of
// winnow_pages_dead_lettered_total):
//   empty_input         the message has no value
//   input_too_large     the value, or what it decompresses to, is larger than input.max_bytes
//   invalid_gzip        the value starts like gzip but does not decompress
//   invalid_envelope    input.format json, and the value is not a JSON object with a string html or text field
//   not_text            the bytes are binary (NUL bytes or mostly control characters), not a page
//   too_many_tokens, too_many_attributes, attribute_too_large, too_many_blocks, timeout
//                       a limit of the core (winnow::error_name of its error); timeout: the page took
//                       longer than limits.max_page_ms
//   extraction_failed   any other error of the core
//   empty_article       the article has no body (only with dlq.empty_articles)
//   output_too_large    the article is larger than output.max_bytes, or than the producer or broker accepts
//                       (the latter set by the pipeline)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "winnow/extract.hpp"
#include "shell/envelope.hpp"
#include "worker/config.hpp"
#include "kafka/kafka.hpp"

namespace winnow::worker {

struct processing_result {
    bool ok = false;
    std::string payload;        ///< the rendered article when ok
    std::string reason;         ///< the dead-letter reason when not ok
    std::string message;        ///< a human-readable explanation when not ok
    std::uint64_t elapsed_us = 0;   ///< time spent in the core's extract()
};


/// The charset parameter of a Content-Type value ("text/html; charset=GBK" gives "GBK"), or empty.
[[nodiscard]] std::string charset_of_content_type(std::string_view content_type);



class page_processor {
public:
    explicit page_processor(const worker_config& config);

    /// Everything but the delivery: decoding the value, extraction, rendering.
    [[nodiscard]] processing_result process(const kafka::message_copy& message, winnow::extractor& extractor) const;

private:
    [[nodiscard]] const std::string* header(const kafka::message_copy& m, std::string_view name) const;

    input_format format_;
    winnow::input_mode mode_;
    std::size_t max_bytes_;
    std::string url_header_;
    std::string content_type_header_;
    envelope_fields envelope_;
    output_format out_format_;
    std::size_t max_output_bytes_;
    bool captions_;
    bool dead_letter_empty_;
    winnow::limits limits_;
};

}  // namespace winnow::worker
