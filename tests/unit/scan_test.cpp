// The tokenizer's byte scanners (tokenize/scan.hpp): the vector scanner finds what the byte loop finds, at
// every length and alignment, including runs shorter than one vector and the last partial vector; and the
// word-at-a-time name classes (tokenize/swar.hpp) agree with a byte predicate for every byte in every lane.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenize/scan.hpp"
#include "tokenize/swar.hpp"
#include "tokenize/tag_lookup.hpp"

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

namespace swar = winnow::detail::swar;

bool is_fast_name_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
}

TEST(swar, name_bytes_match_the_byte_predicate_for_every_byte_in_every_lane) {
    // Each byte value in each lane, the other lanes a name byte ('a') or a byte just outside the class ('/'),
    // so that a carry or borrow between lanes would show.
    for (const char neighbour : {'a', '/', '\xff', '\0'}) {
        for (int value = 0; value < 256; ++value) {
            for (unsigned lane = 0; lane < 8; ++lane) {
                std::string bytes(8, neighbour);
                bytes[lane] = static_cast<char>(value);
                const std::uint64_t mask = swar::fast_name_bytes(swar::load(bytes.data()));
                for (unsigned i = 0; i < 8; ++i) {
                    const bool marked = ((mask >> (8 * i)) & 0xffu) == 0x80u;
                    const bool clear = ((mask >> (8 * i)) & 0xffu) == 0u;
                    ASSERT_TRUE(marked || clear) << "lane " << i << " holds more than its high bit";
                    ASSERT_EQ(marked, is_fast_name_byte(static_cast<unsigned char>(bytes[i])))
                        << "byte " << value << " in lane " << lane << ", lane " << i << " beside " << int(neighbour);
                }
            }
        }
    }
}

TEST(swar, leading_members_counts_the_run_before_the_first_outsider) {
    const struct {
        std::string_view bytes;
        unsigned members;
    } cases[] = {
        {"div class", 3}, {"a href=\"/", 1}, {"data-src", 8}, {"og:title", 8}, {">xxxxxxx", 0},
        {"h1>xxxxx", 2},  {"Div xxxx", 0},   {"x.y_z-0 ", 7},  {"abcdefg\0", 7},
    };
    for (const auto& c : cases) {
        const unsigned got = swar::leading_members(swar::fast_name_bytes(swar::load(c.bytes.data())));
        EXPECT_EQ(got, c.members) << c.bytes;
    }
}

TEST(swar, first_bytes_keeps_the_low_lanes) {
    const std::uint64_t w = swar::load("abcdefgh");
    EXPECT_EQ(swar::first_bytes(w, 0), 0u);
    EXPECT_EQ(swar::first_bytes(w, 1), std::uint64_t{'a'});
    EXPECT_EQ(swar::first_bytes(w, 3), swar::load("abc\0\0\0\0\0"));
    EXPECT_EQ(swar::first_bytes(w, 8), w);
}

TEST(swar, a_tag_hashed_from_its_words_is_the_string_hash) {
    for (const std::string_view name : {"a", "div", "article", "blockquote", "annotation-xml", "foreignobject"}) {
        char padded[16] = {};
        name.copy(padded, name.size());
        const std::uint64_t first = swar::load(padded);
        const std::uint64_t second = swar::load(padded + 8);
        EXPECT_EQ(winnow::detail::tag_hash_words(first, second), winnow::detail::tag_hash(name)) << name;
        EXPECT_NE(winnow::detail::lookup_tag_hashed(name, winnow::detail::tag_hash(name)), winnow::tag_id::unknown)
            << name;
    }
}

}  // namespace
