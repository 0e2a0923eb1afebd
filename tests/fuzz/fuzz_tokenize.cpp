// fuzz_tokenize — the tokenizer on arbitrary bytes, read as UTF-8 (invalid UTF-8 included: a page the
// decoder did not see must not crash it either).
//
// Input: one options byte (see options_from_byte in fuzz_support.hpp), then the page.
// Invariants: tokenizing fails only past a limit; on success exactly one end_of_file token, the last, and
// tokens() equals the tokens the sink received; plus the per-token checks of checking_sink (character tokens
// never adjacent, offsets increasing, names lowercased, tag ids resolved, UTF-8 in gives UTF-8 out, ...).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "winnow/tokenizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace winnow::fuzz;
    const auto options = winnow::fuzz::options_from_byte(size > 0 ? data[0] : std::uint8_t{0x40});
    const std::string_view input = size > 0 ? std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)
                                            : std::string_view{};

    checking_sink sink(input, options, /*record=*/false);
    winnow::tokenizer tok(sink, options);
    if (auto fed = tok.feed(input); !fed) {
        check_failure_is_limit(fed.error(), "feed");
        WINNOW_FUZZ_CHECK(tok.tokens() == sink.count());
        WINNOW_FUZZ_CHECK(sink.end_of_file_count() == 0);
        return 0;
    }
    if (auto finished = tok.finish(); !finished) {
        check_failure_is_limit(finished.error(), "finish");
        WINNOW_FUZZ_CHECK(tok.tokens() == sink.count());
        return 0;
    }
    WINNOW_FUZZ_CHECK_MSG(sink.end_of_file_count() == 1, sink.end_of_file_count() << " end_of_file tokens");
    WINNOW_FUZZ_CHECK_MSG(tok.tokens() == sink.count(),
                          "tokens() says " << tok.tokens() << ", the sink received " << sink.count());
    // A finished tokenizer refuses more input until reset(), rather than misbehaving.
    WINNOW_FUZZ_CHECK(!tok.feed("<p>"));
    WINNOW_FUZZ_CHECK(!tok.finish());
    return 0;
}
