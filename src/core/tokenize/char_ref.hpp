// Character references (WHATWG HTML §13.5 named references, §13.2.5.80 numeric references).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "utf8.hpp"

namespace winnow::detail {

struct named_reference {
    std::string_view name;    ///< without the leading '&'; with the ';' where the standard lists one
    std::string_view value;   ///< UTF-8
};

/// Outcome of matching the longest named reference at the start of `text` (the bytes after '&').
struct named_match {
    const named_reference* reference = nullptr;   ///< the longest name that is a prefix of text, if any
    bool needs_more_input = false;                ///< text ended while a longer name could still match
};
[[nodiscard]] named_match match_named_reference(std::string_view text) noexcept;

/// §13.2.5.80 numeric character reference end state: the code point a reference's number stands for
/// (0 → U+FFFD, surrogates and values past U+10FFFF → U+FFFD, C1 controls → their windows-1252 characters).
/// Sets `is_error` for every case the standard calls a parse error.
[[nodiscard]] char32_t numeric_reference_value(std::uint32_t number, bool& is_error) noexcept;


}  // namespace winnow::detail
