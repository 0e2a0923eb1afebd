// fuzz_check.hpp — the invariant check of the fuzz targets.
//
// A failed invariant must end the process with a signal libFuzzer recognises as a crash, so that it saves
// the input as a reproducer; std::abort() is that signal, and it is what the replay driver's ctest sees as
// a failure too. The check stays on in release builds (it is not assert()): fuzzers run optimised.
//
//     WINNOW_FUZZ_CHECK(winnow::is_valid_utf8(text));
//     WINNOW_FUZZ_CHECK_MSG(a.size() == b.size(), "whole " << a.size() << " vs chunked " << b.size());
#pragma once

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace winnow::fuzz {

/// The input being replayed, set by replay_main.cpp so that a failure names its file; null under libFuzzer,
/// which reports the input itself.
inline const char* current_input = nullptr;

[[noreturn]] inline void check_failed(const char* condition, const char* file, int line, const std::string& detail) {
    std::fprintf(stderr, "\n%s:%d: fuzz invariant failed: %s\n", file, line, condition);
    if (!detail.empty()) std::fprintf(stderr, "  %s\n", detail.c_str());
    if (current_input) std::fprintf(stderr, "  input: %s\n", current_input);
    std::fflush(stderr);
    std::abort();
}

}  // namespace winnow::fuzz

#define WINNOW_FUZZ_CHECK(cond)                                                               \
    do {                                                                                      \
        if (!(cond)) ::winnow::fuzz::check_failed(#cond, __FILE__, __LINE__, std::string{});  \
    } while (false)

/// As WINNOW_FUZZ_CHECK, with details streamed into the message (`"got " << n`); evaluated only on failure.
#define WINNOW_FUZZ_CHECK_MSG(cond, details)                                            \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            std::ostringstream winnow_fuzz_details_;                                    \
            winnow_fuzz_details_ << details;                                            \
            ::winnow::fuzz::check_failed(#cond, __FILE__, __LINE__, winnow_fuzz_details_.str()); \
        }                                                                               \
    } while (false)
