// Where tests find their data: the shared folder beside the checkout (seeds, datasets, conformance), the
// source tree and the build tree. Each is an environment variable of the same name, else the default
// compiled in by tests/CMakeLists.txt.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace winnow::testing {

inline std::filesystem::path path_setting(const char* variable, const char* fallback) {
    if (const char* env = std::getenv(variable); env && *env) return env;
    return fallback;
}

inline std::filesystem::path shared_dir() { return path_setting("WINNOW_SHARED_DIR", WINNOW_SHARED_DIR_DEFAULT); }
inline std::filesystem::path source_dir() { return path_setting("WINNOW_SOURCE_DIR", WINNOW_SOURCE_DIR_DEFAULT); }
inline std::filesystem::path binary_dir() { return path_setting("WINNOW_BINARY_DIR", WINNOW_BINARY_DIR_DEFAULT); }

/// In a test body: skips with a clear message when a file or folder of the shared data is absent.
#define WINNOW_REQUIRE_SHARED(path)                                                                  \
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared test data absent: " << (path).string() \
                                                     << " (set WINNOW_SHARED_DIR)"

}  // namespace winnow::testing
