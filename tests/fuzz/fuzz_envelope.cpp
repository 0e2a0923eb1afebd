// fuzz_envelope — the JSON envelope parser (src/shell/envelope.hpp) on arbitrary bytes.
//
// Input: the message value. A first byte 0x01 is not part of the value but selects other field names
// (html as "body", url as "link"), as input.envelope.* may.
// Invariants: parsing fails with a message, or gives a page from exactly one of the html and text fields
// with the matching mode; what it gives is valid UTF-8 (JSON strings are Unicode); the same bytes parse
// the same way twice.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "shell/envelope.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using winnow::fuzz::printable;
    winnow::shell::envelope_fields fields;
    std::string_view json(reinterpret_cast<const char*>(data), size);
    if (!json.empty() && json.front() == '\x01') {
        fields.html = "body";
        fields.url = "link";
        json.remove_prefix(1);
    }
    std::string error;
    const auto in = winnow::shell::parse_envelope(json, fields, error);
    if (!in) {
        WINNOW_FUZZ_CHECK(!error.empty());
        return 0;
    }
    WINNOW_FUZZ_CHECK(in->mode == winnow::input_mode::html || in->mode == winnow::input_mode::text);
    for (const auto* s : {&in->page, &in->url, &in->encoding_label})
        WINNOW_FUZZ_CHECK_MSG(winnow::fuzz::reference_valid_utf8(*s), "not UTF-8: " << printable(*s));
    std::string again_error;
    const auto again = winnow::shell::parse_envelope(json, fields, again_error);
    WINNOW_FUZZ_CHECK(again && again->page == in->page && again->mode == in->mode && again->url == in->url);
    return 0;
}
