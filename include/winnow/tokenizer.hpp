// winnow/tokenizer.hpp — a streaming HTML tokenizer shaped like the WHATWG standard (§13.2.5).
//
// Every state of the standard's tokenizer is here, one function each, with the full table of named
// character references and the numeric-reference replacement rules. The tokenizer reads UTF-8 (see
// encoding.hpp for turning any page into UTF-8) and never fails on malformed HTML: parse errors are
// counted, not raised. It fails only when the page goes past a bound of winnow::limits, or past its
// deadline.
//
// Input may be fed in chunks of any size; the tokens are the same whatever the boundaries, because a
// construct cut by a boundary is resumed from its start once the rest arrives, and text runs are emitted
// only when complete. Memory stays bounded: only the unfinished construct is kept between chunks.
//
// A small tree-builder feedback switches the tokenizer into the RCDATA, RAWTEXT, script-data and PLAINTEXT
// states after `title`, `textarea`, `style`, `xmp`, `iframe`, `noembed`, `noframes`, `noscript`, `script`
// and `plaintext` start tags, as the tree builder would, and follows `svg` and `math` subtrees so that
// CDATA sections are recognised in foreign content only.
//
//     my_sink sink;                                   // a winnow::token_sink
//     winnow::tokenizer tok(sink);
//     for (auto chunk : chunks)
//         if (auto r = tok.feed(chunk); !r) return r.error();   // errc::too_many_tokens, ...
//     if (auto r = tok.finish(); !r) return r.error();          // emits end_of_file
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "winnow/limits.hpp"
#include "winnow/result.hpp"
#include "winnow/token.hpp"

namespace winnow {

/// The states a tokenizer may start in (html5lib's "initialStates"); the tree-builder feedback moves
/// between them on its own.
enum class tokenizer_start : std::uint8_t { data, rcdata, rawtext, script_data, plaintext, cdata_section };

/// How the tokenizer looks for the bytes that end a run of text, an attribute value, a comment or a script:
/// many bytes at a time with the widest SIMD the CPU has (chosen at run time), or one byte at a time. The
/// tokens are the same; the scalar path is the reference the differential fuzzer holds the vector one to.
enum class scan_path : std::uint8_t { vector, scalar };

struct tokenizer_options {
    winnow::limits limits = {};
    /// Switch states after raw-text elements and follow foreign content, as a tree builder would.
    bool tree_feedback = true;
    /// Treat noscript content as raw text, as a browser with scripting enabled does.
    bool scripting = true;
    tokenizer_start start = tokenizer_start::data;
    /// The "last start tag" that makes an end tag appropriate when starting in a text state.
    std::string_view last_start_tag;
    /// Also count the input stream's parse errors (§13.2.3.5: controls, noncharacters, surrogates), which
    /// takes a pass over every byte; without it parse_errors() counts the tokenizer states' errors only.
    bool count_input_stream_errors = false;
    /// Past this point in time the tokenizer stops with errc::timeout (asked every few hundred tokens);
    /// extract() sets it from limits::max_page_ms. The default never passes.
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    scan_path scan = scan_path::vector;
    /// Read ordinary tags and plain character references in one go where they stand, rather than through
    /// the standard's states one after another. The tokens are the same; off, every byte goes through the
    /// states, the reference the fuzzers and tests hold the fast paths to.
    bool fast_paths = true;
};

class tokenizer {
public:
    explicit tokenizer(token_sink& sink, const tokenizer_options& options = {});
    ~tokenizer();
    tokenizer(tokenizer&&) noexcept;
    tokenizer& operator=(tokenizer&&) noexcept;
    tokenizer(const tokenizer&) = delete;
    tokenizer& operator=(const tokenizer&) = delete;

    /// Tokenizes the next chunk of input; complete tokens reach the sink before this returns.
    result<void> feed(std::string_view chunk);
    /// Ends the input: completes or drops what is pending (as the standard says for end of file) and emits
    /// the end_of_file token. The tokenizer must be reset() before it is fed again.
    result<void> finish();
    /// Forgets all input and state, keeping allocated buffers, to tokenize a new page.
    void reset(const tokenizer_options& options);

    /// Parse errors seen so far (errors in the document, not failures of the tokenizer).
    [[nodiscard]] std::size_t parse_errors() const noexcept;
    /// Tokens emitted so far.
    [[nodiscard]] std::size_t tokens() const noexcept;

    /// Tokenizes a whole input in one call: feed(input) then finish().
    static result<void> tokenize(std::string_view input, token_sink& sink, const tokenizer_options& options = {});

private:
    class machine;
    std::unique_ptr<machine> machine_;
};

}  // namespace winnow
