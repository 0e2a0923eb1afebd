// winnow/error.hpp — the error codes of winnow, their std::error_category, and the conditions that group them.
//
// Every fallible function of the core returns a winnow::result<T> (see result.hpp) whose error is a
// std::error_code in winnow's category. Malformed HTML is never an error: the tokenizer turns any byte
// sequence into tokens. Errors are reserved for what a caller must act on, above all a page that goes past a
// bound of winnow::limits. Each bound has its own code, and all of them compare equal to the condition
// winnow::condition::limit_exceeded, which the worker turns into a dead letter.
//
//     std::error_code ec = winnow::errc::too_many_tokens;
//     if (ec == winnow::condition::limit_exceeded) dead_letter(winnow::error_name(ec), ec.message());
#pragma once

#include <string_view>
#include <system_error>
#include <type_traits>

namespace winnow {

enum class errc : int {
    // 0 is reserved for success, as std::error_code requires.
    input_too_large = 1,   ///< the page is larger than limits::max_input_bytes
    too_many_tokens,       ///< the page has more tokens than limits::max_tokens
    too_many_attributes,   ///< a tag has more attributes than limits::max_attributes_per_tag
    attribute_too_large,   ///< an attribute is longer than limits::max_attribute_bytes
    too_many_blocks,       ///< the page has more blocks than limits::max_blocks
    invalid_argument,      ///< a caller passed a value outside a function's contract
    unknown_encoding,      ///< a caller named a label the WHATWG Encoding standard does not know
    decode_failed,         ///< the charset converter could not be opened or failed outright
    timeout,               ///< the extraction took longer than limits::max_page_ms
    not_text,              ///< the input is binary data (NUL bytes, mostly control characters), not a page
};

/// Conditions that group codes: compare an error_code with them (`ec == condition::limit_exceeded`).
enum class condition : int {
    limit_exceeded = 1,    ///< any of the limit codes
};

/// The category of winnow's error codes; its name() is "winnow".
[[nodiscard]] const std::error_category& error_category() noexcept;
/// The category of winnow's conditions; its name() is "winnow.condition".
[[nodiscard]] const std::error_category& condition_category() noexcept;

[[nodiscard]] inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}
[[nodiscard]] inline std::error_condition make_error_condition(condition c) noexcept {
    return {static_cast<int>(c), condition_category()};
}

/// A short, stable, machine-readable name for an error code ("too_many_tokens"), used in logs, metric
/// labels and dead-letter headers. Codes of other categories give "system"; success gives "ok".
[[nodiscard]] std::string_view error_name(const std::error_code& ec) noexcept;

}  // namespace winnow

template <>
struct std::is_error_code_enum<winnow::errc> : std::true_type {};
template <>
struct std::is_error_condition_enum<winnow::condition> : std::true_type {};
