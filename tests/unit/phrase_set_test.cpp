// phrase_set (phrase_set.hpp): one pass over a text finds exactly what a find per phrase finds, at the
// text's ends, with phrases sharing first bytes, with multi-byte UTF-8 phrases, and on texts too short.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <string_view>

#include "phrase_set.hpp"

namespace {

using namespace std::string_view_literals;

constexpr std::string_view phrases[] = {"sign up", "sidebar", "si", "share-", "版权所有", "подпишитесь", "ab", "abc"};
constexpr auto set = winnow::detail::make_phrase_set(phrases);

std::set<std::size_t> found_by_scan(std::string_view text) {
    std::set<std::size_t> found;
    set.scan(text, [&](std::size_t i) {
        found.insert(i);
        return true;
    });
    return found;
}

std::set<std::size_t> found_by_find(std::string_view text) {
    std::set<std::size_t> found;
    for (std::size_t i = 0; i < std::size(phrases); ++i)
        if (text.find(phrases[i]) != std::string_view::npos) found.insert(i);
    return found;
}

struct phrase_case {
    std::string_view text;
    bool any;
};

TEST(phrase_set, finds_what_a_find_per_phrase_finds) {
    const phrase_case cases[] = {
        {"", false},          {"s", false},           {"si", true},      {"xsi", true},
        {"please sign up", true}, {"sign u", true} /* "si" */,   {"the left-sidebar box", true},
        {"share-bar", true},  {"share", false},       {"a", false},      {"xxab", true},
        {"© 2024 版权所有", true}, {"版权", false},     {"Подпишитесь", false}, {"подпишитесь!", true},
        {"SIGN UP", false},   {"nothing here at all", false},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(set.contains_any(c.text), c.any) << c.text;
        EXPECT_EQ(found_by_scan(c.text), found_by_find(c.text)) << c.text;
    }
}

TEST(phrase_set, agrees_with_find_on_random_texts_of_the_phrases_letters) {
    std::mt19937 random(7);
    const std::string alphabet = "sign upabcdehr-\xd0\xbf";
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const auto length = random() % 24;
        for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
        ASSERT_EQ(found_by_scan(text), found_by_find(text)) << text;
        ASSERT_EQ(set.contains_any(text), !found_by_find(text).empty()) << text;
    }
}

TEST(phrase_set, the_scan_stops_when_asked) {
    std::size_t calls = 0;
    set.scan("ab ab ab sign up", [&](std::size_t) { return ++calls < 2; });
    EXPECT_EQ(calls, 2u);
}

TEST(phrase_set, a_table_member_is_a_phrase_source) {
    struct entry {
        std::string_view word;
        int value;
    };
    static constexpr std::array<entry, 2> table{entry{"footer", 1}, entry{"cookie", 2}};
    constexpr auto words = winnow::detail::make_phrase_set(table, &entry::word);
    int sum = 0;
    words.scan("site-footer cookie-bar", [&](std::size_t i) {
        sum += table[i].value;
        return true;
    });
    EXPECT_EQ(sum, 3);
    EXPECT_EQ(words[1], "cookie"sv);
}

}  // namespace
