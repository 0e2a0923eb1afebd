// The tokenizer's byte scanners (tokenize/scan.hpp): the vector scanner finds what the byte loop finds, at
// every length and alignment, including runs shorter than one vector and the last partial vector.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "tokenize/scan.hpp"

namespace {

using winnow::detail::find_any;
using winnow::detail::make_scanner;
using winnow::scan_path;

TEST(scan, the_vector_target_has_a_name) {
    const std::string name = winnow::detail::vector_scanner_target();
    EXPECT_FALSE(name.empty());
}

TEST(scan, vector_and_scalar_agree_on_every_length_offset_and_needle_position) {
    const auto vector = make_scanner(scan_path::vector);
    const auto scalar = make_scanner(scan_path::scalar);
    // Bytes around the needles that must never match: letters, and the bytes one off from each needle.
    const std::string filler = "ab;=%'!,;/&x";
    constexpr std::size_t max_length = 200;
    std::string buffer(max_length + 64, 'a');
    for (std::size_t offset = 0; offset < 3; ++offset) {
        for (std::size_t length = 0; length <= max_length; ++length) {
            for (std::size_t needle_at = 0; needle_at <= length; ++needle_at) {
                for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = filler[(i * 7 + length) % 3];
                const char* begin = buffer.data() + offset;
                const char* end = begin + length;
                // One needle at needle_at (none when it is `length`), and one just past the end, which the
                // scanners must not read as inside the range.
                if (needle_at < length) buffer[offset + needle_at] = '<';
                buffer[offset + length] = '<';
                const char* expected = begin + needle_at;
                ASSERT_EQ((find_any<'<'>(vector, begin, end)), expected) << length << " at " << needle_at;
                ASSERT_EQ((find_any<'<', '&'>(vector, begin, end)), expected) << length << " at " << needle_at;
                ASSERT_EQ((find_any<'"', '<', '\0'>(vector, begin, end)), expected) << length << " at " << needle_at;
                ASSERT_EQ((find_any<'<', '&', '\0'>(scalar, begin, end)), expected) << length << " at " << needle_at;
            }
        }
    }
}

TEST(scan, finds_nul_and_high_bytes_as_needles) {
    const auto vector = make_scanner(scan_path::vector);
    std::string text(100, 'x');
    text[70] = '\xE2';
    text[90] = '\0';
    EXPECT_EQ((find_any<'\0'>(vector, text.data(), text.data() + text.size())), text.data() + 90);
    EXPECT_EQ((find_any<'<', '\xE2'>(vector, text.data(), text.data() + text.size())), text.data() + 70);
}

}  // namespace
