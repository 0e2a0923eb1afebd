// fuzz_warc — the WARC reader and the HTTP response parser (src/shell/warc.hpp) on arbitrary bytes.
//
// Input: the file's bytes (plain; a gzip member too, when the bytes start with one).
// Invariants: reading ends (each call either consumes input or reports the end); no record's block is
// larger than the limit; every error is one of the shell's codes or the page limit's; a response block
// parses to a status of three digits or fails with a message; the same bytes read the same way twice.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "shell/shell_error.hpp"
#include "shell/warc.hpp"
#include "winnow/error.hpp"

namespace {

constexpr std::size_t max_block = 64 * 1024;
constexpr std::size_t max_records = 10000;

struct reading {
    std::vector<std::string> blocks;
    std::vector<int> statuses;
    std::size_t errors = 0;
};

reading read_all(const std::uint8_t* data, std::size_t size) {
    reading out;
    std::FILE* f = ::fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
    if (!f) return out;
    winnow::shell::warc_reader reader(f, max_block);
    winnow::shell::warc_record record;
    std::error_code ec;
    std::size_t calls = 0;
    while (reader.next(record, ec) || ec) {
        WINNOW_FUZZ_CHECK_MSG(++calls <= max_records + size, "the reader does not advance");
        if (ec) {
            WINNOW_FUZZ_CHECK(ec.category() == winnow::shell::shell_category() || ec == winnow::errc::input_too_large);
            ++out.errors;
            continue;
        }
        WINNOW_FUZZ_CHECK(record.block.size() <= max_block);
        out.blocks.push_back(record.block);
        std::error_code http_error;
        const auto http = winnow::shell::parse_http_response(record.block, max_block, http_error);
        if (http) {
            WINNOW_FUZZ_CHECK(http->status >= 0 && http->status <= 999);
            WINNOW_FUZZ_CHECK(http->body.size() <= max_block);
            out.statuses.push_back(http->status);
        } else {
            WINNOW_FUZZ_CHECK(static_cast<bool>(http_error));
            out.statuses.push_back(-1);
        }
    }
    std::fclose(f);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const reading first = read_all(data, size);
    const reading second = read_all(data, size);
    WINNOW_FUZZ_CHECK(first.blocks == second.blocks && first.statuses == second.statuses && first.errors == second.errors);
    return 0;
}
