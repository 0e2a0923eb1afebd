#include "winnow/result.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace {

winnow::result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return winnow::failure(winnow::errc::invalid_argument);
    return c - '0';
}

TEST(result, holds_a_value) {
    const auto r = parse_digit('7');
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, 7);
    EXPECT_FALSE(r.error());
}

TEST(result, holds_an_error) {
    const auto r = parse_digit('x');
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), winnow::errc::invalid_argument);
    EXPECT_EQ(r.value_or(-1), -1);
}

TEST(result, moves_out_move_only_values) {
    winnow::result<std::unique_ptr<std::string>> r = std::make_unique<std::string>("page");
    ASSERT_TRUE(r);
    std::unique_ptr<std::string> owned = std::move(r).value();
    EXPECT_EQ(*owned, "page");
}

TEST(result, void_result_reports_success_or_error) {
    winnow::result<void> ok;
    EXPECT_TRUE(ok);
    winnow::result<void> bad = winnow::failure(winnow::errc::too_many_tokens);
    EXPECT_FALSE(bad);
    EXPECT_EQ(bad.error(), winnow::errc::too_many_tokens);
}

}  // namespace
