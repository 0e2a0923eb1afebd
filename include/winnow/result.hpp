// winnow/result.hpp — result<T>: a value or an error code, shaped like C++23's std::expected.
//
// GCC 12 in C++20 mode lacks std::expected, so the core carries this small equivalent. A result is
// [[nodiscard]]: ignoring a failure must be written out. Accessing the value of a failed result is a
// precondition violation, as with std::expected::operator*.
//
//     winnow::result<int> parse_digit(char c) {
//         if (c < '0' || c > '9') return winnow::failure(winnow::errc::invalid_argument);
//         return c - '0';
//     }
//     if (auto d = parse_digit('7')) use(*d); else report(d.error().message());
#pragma once

#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

#include "winnow/error.hpp"

namespace winnow {

/// Carries an error into a result, like std::unexpected.
struct failure {
    std::error_code code;
    failure(errc e) noexcept : code(make_error_code(e)) {}                  // NOLINT: implicit by design
    explicit failure(std::error_code ec) noexcept : code(ec) {}
};

template <class T>
class [[nodiscard]] result {
    static_assert(!std::is_reference_v<T>, "result<T&> is not supported");

public:
    using value_type = T;

    result() requires std::is_default_constructible_v<T> : state_(std::in_place_index<0>) {}
    result(const T& value) : state_(std::in_place_index<0>, value) {}                    // NOLINT
    result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}              // NOLINT
    result(failure f) noexcept : state_(std::in_place_index<1>, f.code) {}               // NOLINT
    template <class... Args>
    explicit result(std::in_place_t, Args&&... args) : state_(std::in_place_index<0>, std::forward<Args>(args)...) {}

    [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    [[nodiscard]] T& value() & noexcept { return *std::get_if<0>(&state_); }
    [[nodiscard]] const T& value() const& noexcept { return *std::get_if<0>(&state_); }
    [[nodiscard]] T&& value() && noexcept { return std::move(*std::get_if<0>(&state_)); }
    T& operator*() & noexcept { return value(); }
    const T& operator*() const& noexcept { return value(); }
    T&& operator*() && noexcept { return std::move(*this).value(); }
    T* operator->() noexcept { return std::get_if<0>(&state_); }
    const T* operator->() const noexcept { return std::get_if<0>(&state_); }

    template <class U>
    [[nodiscard]] T value_or(U&& fallback) const& {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

    /// The error; an empty std::error_code when the result holds a value.
    [[nodiscard]] std::error_code error() const noexcept {
        const auto* ec = std::get_if<1>(&state_);
        return ec ? *ec : std::error_code{};
    }

private:
    std::variant<T, std::error_code> state_;
};

template <>
class [[nodiscard]] result<void> {
public:
    using value_type = void;

    result() noexcept = default;
    result(failure f) noexcept : error_(f.code) {}                                        // NOLINT

    [[nodiscard]] bool has_value() const noexcept { return !error_; }
    explicit operator bool() const noexcept { return has_value(); }
    [[nodiscard]] std::error_code error() const noexcept { return error_; }

private:
    std::error_code error_;
};

}  // namespace winnow
