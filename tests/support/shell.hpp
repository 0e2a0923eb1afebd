// Running a shell command from a test: its output and exit status, for tests that drive the built tools
// (cmake --install, docker, kustomize) as a user would.
//
//     const auto [out, status] = winnow::testing::run_shell("cmake --install " + shell_word(dir));
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

namespace winnow::testing {

/// Standard output (and standard error, unless `with_errors` is false) and the exit status (-1 when the
/// command did not exit normally).
inline std::pair<std::string, int> run_shell(const std::string& command, bool with_errors = true) {
    std::FILE* pipe = ::popen((command + (with_errors ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
    if (!pipe) return {"", -1};
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    const int status = ::pclose(pipe);
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

/// The value of an environment variable, empty when unset (the tools' paths scripts/test hands the tests).
inline std::string env_value(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

/// A path as one shell word (paths here hold no single quote).
inline std::string shell_word(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace winnow::testing
