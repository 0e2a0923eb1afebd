#include "winnow/error.hpp"

#include <gtest/gtest.h>

namespace {

TEST(error, codes_belong_to_the_winnow_category) {
    const std::error_code ec = winnow::errc::limit_exceeded;
    EXPECT_STREQ(ec.category().name(), "winnow");
    EXPECT_EQ(ec, winnow::errc::limit_exceeded);
    EXPECT_NE(ec, winnow::errc::invalid_argument);
    EXPECT_EQ(ec.message(), "a configured limit was exceeded");
}

TEST(error, names_are_stable_identifiers) {
    EXPECT_EQ(winnow::error_name(winnow::errc::limit_exceeded), "limit_exceeded");
    EXPECT_EQ(winnow::error_name(winnow::errc::unknown_encoding), "unknown_encoding");
    EXPECT_EQ(winnow::error_name(std::error_code{}), "ok");
    EXPECT_EQ(winnow::error_name(std::make_error_code(std::errc::no_such_file_or_directory)), "system");
}

TEST(error, every_code_has_a_message_and_a_name) {
    for (int value = 1; value <= static_cast<int>(winnow::errc::empty_input); ++value) {
        const std::error_code ec = static_cast<winnow::errc>(value);
        EXPECT_EQ(ec.message().find("unknown winnow error"), std::string::npos) << value;
        EXPECT_NE(winnow::error_name(ec), "unknown") << value;
    }
}

}  // namespace
