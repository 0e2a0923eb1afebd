// fuzz_tokenize_chunks — differential: the tokens of a page must not depend on how it is cut into chunks,
// nor on how the tokenizer scans (the SIMD scanner against the byte loop), nor on its fast paths.
//
// Input: one options byte (as fuzz_tokenize), one chunking byte c, then k = c & 7 chunk-size bytes, then the
// page. Chunk sizes are the k bytes (0 feeds an empty chunk), times 61 when c & 8, used in turn; with k = 0
// they come from a generator seeded by c, between 1 and 1 + 8·(c >> 4). The seeds start "@ " (k = 0).
// Runs: (A) the whole page in one feed; (B) the chosen chunks; (C) the same tokenizer as B after reset(),
// one byte per feed when the page is short (feeding is quadratic in the length of an unfinished construct,
// since a cut construct is read again from its start), else the whole page again; (D) the whole page with
// scan_path::scalar, the byte-at-a-time reference for A's vector scans; (E) the whole page with the fast
// paths off (tokenizer_options::fast_paths), the standard's states alone, the reference for A's fast tags
// and references. All five must give the same outcome and the same tokens, field by field, offsets
// included; A and E the same count of parse errors.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "winnow/tokenizer.hpp"

namespace {

using winnow::fuzz::checking_sink;
using winnow::fuzz::recorded_token;

constexpr std::size_t byte_by_byte_max = 1024;
/// Chunk sizes are raised so that no page is cut into more pieces than this: cut points inside one long
/// construct cost a re-read each, and the fuzzer must not time out on what is a known cost, not a bug.
constexpr std::size_t max_chunks = 256;

struct outcome {
    std::error_code error;                 ///< empty when feed and finish succeeded
    std::vector<recorded_token> tokens;
    std::size_t parse_errors = 0;
};

/// Feeds `input` through `tok` in the pieces `next_size` chooses (called with the bytes left), then finishes.
outcome run(winnow::tokenizer& tok, checking_sink& sink, std::string_view input,
            const std::function<std::size_t(std::size_t)>& next_size) {
    outcome out;
    std::size_t pos = 0;
    while (pos < input.size()) {
        const std::size_t n = std::min(next_size(input.size() - pos), input.size() - pos);
        if (auto fed = tok.feed(input.substr(pos, n)); !fed) {
            out.error = fed.error();
            break;
        }
        pos += n;
    }
    if (!out.error) {
        if (auto finished = tok.finish(); !finished) out.error = finished.error();
    }
    if (out.error) winnow::fuzz::check_failure_is_limit(out.error, "tokenizing");
    WINNOW_FUZZ_CHECK(tok.tokens() == sink.count());
    if (!out.error) WINNOW_FUZZ_CHECK(sink.end_of_file_count() == 1);
    out.tokens = sink.tokens();
    out.parse_errors = tok.parse_errors();
    return out;
}

void compare(const outcome& a, const outcome& b, const char* b_name) {
    WINNOW_FUZZ_CHECK_MSG(a.error == b.error, "whole: " << winnow::error_name(a.error) << ", " << b_name << ": "
                                                        << winnow::error_name(b.error));
    const std::size_t n = std::min(a.tokens.size(), b.tokens.size());
    for (std::size_t i = 0; i < n; ++i) {
        const recorded_token& x = a.tokens[i];
        const recorded_token& y = b.tokens[i];
        auto where = [&](const char* field) {
            std::ostringstream os;
            os << "token " << i << " differs in " << field << "\n    whole: " << x << "\n    " << b_name << ": " << y;
            return os.str();
        };
#define WINNOW_FUZZ_SAME(field) WINNOW_FUZZ_CHECK_MSG(x.field == y.field, where(#field))
        WINNOW_FUZZ_SAME(kind);
        WINNOW_FUZZ_SAME(offset);
        WINNOW_FUZZ_SAME(tag);
        WINNOW_FUZZ_SAME(name);
        WINNOW_FUZZ_SAME(data);
        WINNOW_FUZZ_SAME(self_closing);
        WINNOW_FUZZ_SAME(attributes);
        WINNOW_FUZZ_SAME(has_name);
        WINNOW_FUZZ_SAME(has_public_id);
        WINNOW_FUZZ_SAME(public_id);
        WINNOW_FUZZ_SAME(has_system_id);
        WINNOW_FUZZ_SAME(system_id);
        WINNOW_FUZZ_SAME(force_quirks);
#undef WINNOW_FUZZ_SAME
    }
    WINNOW_FUZZ_CHECK_MSG(a.tokens.size() == b.tokens.size(),
                          "whole: " << a.tokens.size() << " tokens, " << b_name << ": " << b.tokens.size() << "; first extra: "
                                    << (a.tokens.size() > n ? a.tokens[n] : b.tokens[n]));
}

/// Lets one tokenizer (whose sink is fixed at construction) deliver to a fresh recorder after reset().
class forwarding_sink final : public winnow::token_sink {
public:
    explicit forwarding_sink(winnow::token_sink& target) : target_(&target) {}
    void retarget(winnow::token_sink& target) noexcept { target_ = &target; }
    void on_token(const winnow::token& t) override { target_->on_token(t); }

private:
    winnow::token_sink* target_;
};

/// splitmix64: a tiny deterministic generator for the chunk sizes of k = 0.
struct splitmix {
    std::uint64_t state;
    std::uint64_t next() noexcept {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const auto options = winnow::fuzz::options_from_byte(data[0]);
    const std::uint8_t c = data[1];
    const std::size_t k = std::min<std::size_t>(c & 0x07u, size - 2);
    const std::vector<std::uint8_t> size_bytes(data + 2, data + 2 + k);
    const std::string_view input(reinterpret_cast<const char*>(data) + 2 + k, size - 2 - k);
    const std::size_t scale = (c & 0x08u) ? 61 : 1;
    const std::size_t min_chunk = std::max<std::size_t>(1, (input.size() + max_chunks - 1) / max_chunks);

    checking_sink whole_sink(input, options, /*record=*/true);
    winnow::tokenizer whole_tok(whole_sink, options);
    const outcome whole = run(whole_tok, whole_sink, input, [](std::size_t left) { return left; });

    std::size_t turn = 0;
    splitmix gen{c};
    const std::uint64_t generated_max = 1 + 8 * static_cast<std::uint64_t>(c >> 4);
    bool empty_fed = false;
    checking_sink chunk_sink(input, options, /*record=*/true);
    forwarding_sink forward(chunk_sink);
    winnow::tokenizer tok(forward, options);
    const outcome chunked = run(tok, chunk_sink, input, [&](std::size_t) -> std::size_t {
        std::size_t n = 0;
        if (k == 0) {
            n = static_cast<std::size_t>(1 + gen.next() % generated_max);
        } else {
            n = size_bytes[turn++ % k] * scale;
            // An empty chunk must be harmless; feed one, but never twice in a row, so the loop advances.
            if (n == 0 && !empty_fed) {
                empty_fed = true;
                return 0;
            }
        }
        empty_fed = false;
        return std::max(n, min_chunk);
    });
    compare(whole, chunked, "chunked");

    checking_sink again_sink(input, options, /*record=*/true);
    forward.retarget(again_sink);
    tok.reset(options);   // keeps B's buffers: what was left in them must not leak into this page
    const bool short_input = input.size() <= byte_by_byte_max;
    const outcome again = run(tok, again_sink, input, [&](std::size_t left) { return short_input ? 1 : left; });
    compare(whole, again, short_input ? "byte by byte" : "after reset");

    auto scalar_options = options;
    scalar_options.scan = winnow::scan_path::scalar;
    checking_sink scalar_sink(input, scalar_options, /*record=*/true);
    winnow::tokenizer scalar_tok(scalar_sink, scalar_options);
    const outcome scalar = run(scalar_tok, scalar_sink, input, [](std::size_t left) { return left; });
    compare(whole, scalar, "scalar scan");

    auto states_options = options;
    states_options.fast_paths = false;
    checking_sink states_sink(input, states_options, /*record=*/true);
    winnow::tokenizer states_tok(states_sink, states_options);
    const outcome states = run(states_tok, states_sink, input, [](std::size_t left) { return left; });
    compare(whole, states, "states only");
    // The fast paths take only what has no parse error, so the count is the states' too.
    if (!whole.error)
        WINNOW_FUZZ_CHECK_MSG(whole.parse_errors == states.parse_errors,
                              "parse errors: whole " << whole.parse_errors << ", states only " << states.parse_errors);
    return 0;
}
