// winnow/limits.hpp — the bounds every stage of the core enforces on one page.
//
// A worker processes pages from strangers. Each bound below keeps one page from taking unbounded time,
// memory or stack; going past one returns the matching winnow::errc (all compare equal to
// winnow::condition::limit_exceeded) and never crashes or hangs. Every stage is linear in the page's size,
// so the size bounds bound the time too; max_page_ms is the last line, for a machine too loaded to keep
// up. The defaults suit real web pages with a wide margin; a worker may lower them.
//
//     winnow::limits bounds;                      // safe defaults
//     bounds.max_input_bytes = 4 << 20;           // refuse pages over 4 MiB
#pragma once

#include <cstddef>

namespace winnow {

struct limits {
    /// Raw page bytes accepted (before decoding). Also bounds what the tokenizer buffers.
    std::size_t max_input_bytes = std::size_t{32} << 20;
    /// Tokens one page may produce (tags, comments, doctypes and character runs together).
    std::size_t max_tokens = 4'000'000;
    /// Attributes on one tag, duplicates included.
    std::size_t max_attributes_per_tag = 1024;
    /// Bytes of one attribute, name and value together (data: URIs can be large).
    std::size_t max_attribute_bytes = std::size_t{4} << 20;
    /// Depth of element nesting the block tree follows. Deeper elements are not nested further: their content
    /// is attached at this depth, as browsers flatten such pages, so the page still extracts and no walk
    /// goes deeper (every walk is a loop anyway).
    std::size_t max_nesting_depth = 512;
    /// Blocks (paragraph-like units) of one page.
    std::size_t max_blocks = 200'000;
    /// Wall-clock milliseconds one extraction may take (errc::timeout past it); 0 is no bound. Checked
    /// cooperatively in the tokenizer's, the line splitter's and the classifier's loops. A real page takes
    /// a few milliseconds; the largest page the defaults allow takes well under a second.
    std::size_t max_page_ms = 5000;
};

}  // namespace winnow
