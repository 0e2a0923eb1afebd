// fuzz_json_ld — the lenient JSON-LD reader (src/core/article/json_ld.hpp) on arbitrary text.
//
// Input: the text of a <script type="application/ld+json">.
// Invariants:
//   - parsing never fails or recurses (hostile nesting is skipped, not followed);
//   - the document is a tree: every node but the root has a parent whose children, walked from the first
//     child through next(), include it exactly once; there are at most max_nodes + 1 nodes;
//   - kinds and text agree (containers have no text, booleans read true or false);
//   - valid UTF-8 in gives valid UTF-8 keys and texts out (references and \u escapes decode to UTF-8);
//   - parsing the same text again after another gives the same document (buffers are reused).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "article/json_ld.hpp"

namespace {

using winnow::detail::json_document;
using winnow::detail::json_kind;
using winnow::fuzz::printable;

/// A flat description of a document, to compare two parses.
std::vector<std::string> describe(const json_document& doc) {
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < doc.size(); ++i)
        out.push_back(std::to_string(static_cast<int>(doc.kind(i))) + "|" + std::string(doc.key(i)) + "|" +
                      std::string(doc.text(i)) + "|" + std::to_string(doc.parent(i)));
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static json_document reused;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    reused.parse(text);
    const json_document& doc = reused;
    WINNOW_FUZZ_CHECK(doc.size() >= 1);
    WINNOW_FUZZ_CHECK_MSG(doc.size() <= json_document::max_nodes + 1, doc.size() << " nodes");
    WINNOW_FUZZ_CHECK(doc.kind(doc.root()) == json_kind::array);
    const bool utf8_in = winnow::fuzz::reference_valid_utf8(text);
    std::vector<std::uint32_t> seen(doc.size(), 0);
    for (std::uint32_t i = 0; i < doc.size(); ++i) {
        const json_kind k = doc.kind(i);
        if (k == json_kind::array || k == json_kind::object || k == json_kind::null) WINNOW_FUZZ_CHECK(doc.text(i).empty());
        if (k == json_kind::boolean) WINNOW_FUZZ_CHECK(doc.text(i) == "true" || doc.text(i) == "false");
        if (utf8_in) {
            WINNOW_FUZZ_CHECK_MSG(winnow::fuzz::reference_valid_utf8(doc.text(i)), "text " << printable(doc.text(i)));
            WINNOW_FUZZ_CHECK_MSG(winnow::fuzz::reference_valid_utf8(doc.key(i)), "key " << printable(doc.key(i)));
        }
        if (k != json_kind::array && k != json_kind::object) {
            WINNOW_FUZZ_CHECK(doc.first_child(i) == json_document::npos);
            continue;
        }
        // Children link back to their parent, each once; the walk is bounded by the node count.
        std::size_t steps = 0;
        for (std::uint32_t c = doc.first_child(i); c != json_document::npos; c = doc.next(c)) {
            WINNOW_FUZZ_CHECK(c < doc.size() && c > i);   // children come after their parent
            WINNOW_FUZZ_CHECK(doc.parent(c) == i);
            ++seen[c];
            WINNOW_FUZZ_CHECK(++steps <= doc.size());
        }
        if (k == json_kind::object)
            for (std::uint32_t c = doc.first_child(i); c != json_document::npos; c = doc.next(c))
                WINNOW_FUZZ_CHECK(doc.member(i, doc.key(c)) != json_document::npos);
    }
    WINNOW_FUZZ_CHECK(seen[0] == 0 && doc.parent(0) == json_document::npos);
    for (std::uint32_t i = 1; i < doc.size(); ++i) WINNOW_FUZZ_CHECK_MSG(seen[i] == 1, "node " << i << " reached " << seen[i] << " times");

    // Reusing the document's buffers gives the same result as a fresh document.
    const auto first = describe(doc);
    json_document fresh;
    fresh.parse(text);
    WINNOW_FUZZ_CHECK(describe(fresh) == first);
    return 0;
}
