// A cooperative time budget for one page (limits::max_page_ms): the loops of the tokenizer, the text-mode
// line splitter and the classifier ask passed() as they go, and stop with errc::timeout once it says yes.
// Asking is a counter increment; the clock is read only every `stride` questions, so a page stops within
// a few thousand steps (well under a millisecond) of its deadline. No thread, no signal, no global.
//
//     detail::deadline budget = detail::deadline::after(limits.max_page_ms, started);
//     for (...) if (budget.passed()) return errc::timeout;
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace winnow::detail {

class deadline {
public:
    using clock = std::chrono::steady_clock;

    /// A deadline that never passes.
    deadline() = default;
    explicit deadline(clock::time_point at) noexcept : at_(at) {}

    /// `milliseconds` after `start`; 0 (or more than a day, which no page needs) means no deadline.
    [[nodiscard]] static deadline after(std::size_t milliseconds, clock::time_point start) noexcept {
        constexpr std::size_t a_day = 24u * 3600u * 1000u;
        if (milliseconds == 0 || milliseconds > a_day) return {};
        return deadline(start + std::chrono::milliseconds(static_cast<std::int64_t>(milliseconds)));
    }

    /// The point in time, or clock::time_point::max() for none.
    [[nodiscard]] clock::time_point at() const noexcept { return at_; }

    /// Whether the deadline has passed; reads the clock every `stride` calls (and on the first).
    [[nodiscard]] bool passed() noexcept {
        if (passed_) return true;
        if (at_ == clock::time_point::max()) return false;
        if ((calls_++ & (stride - 1)) != 0) return false;
        passed_ = clock::now() >= at_;
        return passed_;
    }

private:
    static constexpr std::uint32_t stride = 256;
    clock::time_point at_ = clock::time_point::max();
    std::uint32_t calls_ = 0;
    bool passed_ = false;
};

}  // namespace winnow::detail
