#include "winnow/error.hpp"

#include <gtest/gtest.h>

namespace {

constexpr int last_code = static_cast<int>(winnow::errc::decode_failed);

TEST(error, codes_belong_to_the_winnow_category) {
    const std::error_code ec = winnow::errc::too_many_tokens;
    EXPECT_STREQ(ec.category().name(), "winnow");
    EXPECT_EQ(ec, winnow::errc::too_many_tokens);
    EXPECT_NE(ec, winnow::errc::invalid_argument);
    EXPECT_EQ(ec.message(), "more tokens than the configured limit");
}

TEST(error, every_limit_code_is_a_limit_exceeded_condition) {
    for (auto e : {winnow::errc::input_too_large, winnow::errc::too_many_tokens, winnow::errc::too_many_attributes,
                   winnow::errc::attribute_too_large, winnow::errc::too_many_blocks}) {
        const std::error_code ec = e;
        EXPECT_EQ(ec, winnow::condition::limit_exceeded) << winnow::error_name(ec);
    }
    for (auto e : {winnow::errc::invalid_argument, winnow::errc::unknown_encoding, winnow::errc::decode_failed}) {
        const std::error_code ec = e;
        EXPECT_NE(ec, winnow::condition::limit_exceeded) << winnow::error_name(ec);
    }
    EXPECT_NE(std::make_error_code(std::errc::file_too_large), winnow::condition::limit_exceeded);
}

TEST(error, names_are_stable_identifiers) {
    EXPECT_EQ(winnow::error_name(winnow::errc::input_too_large), "input_too_large");
    EXPECT_EQ(winnow::error_name(winnow::errc::unknown_encoding), "unknown_encoding");
    EXPECT_EQ(winnow::error_name(std::error_code{}), "ok");
    EXPECT_EQ(winnow::error_name(std::make_error_code(std::errc::no_such_file_or_directory)), "system");
}

TEST(error, every_code_has_a_message_and_a_name) {
    for (int value = 1; value <= last_code; ++value) {
        const std::error_code ec = static_cast<winnow::errc>(value);
        EXPECT_EQ(ec.message().find("unrecognised"), std::string::npos) << value;
        EXPECT_NE(winnow::error_name(ec), "unrecognised") << value;
    }
}

}  // namespace
