// winnow/error.hpp — the error codes of winnow and their std::error_category.
//
// Every fallible function of the core returns a winnow::result<T> (see result.hpp) whose error is a
// std::error_code in winnow's category. Malformed HTML is never an error: the tokenizer turns any byte
// sequence into tokens. Errors are reserved for what a caller must act on, such as a page that exceeds a
// configured limit (which the worker turns into a dead letter).
//
//     std::error_code ec = winnow::errc::limit_exceeded;
//     if (ec == winnow::errc::limit_exceeded) std::puts(ec.message().c_str());  // "a configured limit was exceeded"
#pragma once

#include <string_view>
#include <system_error>
#include <type_traits>

namespace winnow {

enum class errc : int {
    // 0 is reserved for success, as std::error_code requires.
    limit_exceeded = 1,    ///< the input went past a bound of winnow::limits
    invalid_argument,      ///< a caller passed a value outside a function's contract
    unknown_encoding,      ///< a caller named an encoding label the WHATWG Encoding standard does not know
    decode_failed,         ///< the charset converter could not be opened or failed outright
    empty_input,           ///< there was nothing to process
};

/// The category of winnow's error codes; its name() is "winnow".
[[nodiscard]] const std::error_category& error_category() noexcept;

[[nodiscard]] inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// A short, stable, machine-readable name for an error code ("limit_exceeded"), used in logs, metrics
/// labels and dead-letter headers. Codes of other categories give "system".
[[nodiscard]] std::string_view error_name(const std::error_code& ec) noexcept;

}  // namespace winnow

template <>
struct std::is_error_code_enum<winnow::errc> : std::true_type {};
