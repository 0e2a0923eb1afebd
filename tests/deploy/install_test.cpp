// `cmake --install` as a user would run it: the tree it lays out runs (the executable, its sample
// configuration, the systemd unit), and another project builds against the installed library with
// find_package(winnow).
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/paths.hpp"
#include "support/shell.hpp"

namespace {

namespace fs = std::filesystem;
using winnow::testing::binary_dir;
using winnow::testing::shell_word;
using winnow::testing::run_shell;
using winnow::testing::source_dir;

/// One installation for every test of this file.
class installed : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        prefix_ = fs::temp_directory_path() / ("winnow-install-test-" + std::to_string(::getpid()));
        fs::remove_all(prefix_);
        const auto [out, status] = run_shell("cmake --install " + shell_word(binary_dir()) + " --prefix " + shell_word(prefix_));
        install_output_ = out;
        install_status_ = status;
    }
    static void TearDownTestSuite() { fs::remove_all(prefix_); }
    void SetUp() override { ASSERT_EQ(install_status_, 0) << install_output_; }

    static inline fs::path prefix_;
    static inline std::string install_output_;
    static inline int install_status_ = -1;
};

TEST_F(installed, the_tree_has_the_executable_the_configuration_the_unit_and_the_library) {
    for (const char* file : {"bin/winnow", "share/winnow/winnow.yaml", "lib/systemd/system/winnow.service",
                             "lib/libwinnow.a", "include/winnow/extract.hpp", "include/winnow/version.hpp",
                             "lib/cmake/winnow/winnowConfig.cmake", "lib/cmake/winnow/winnowConfigVersion.cmake"})
        EXPECT_TRUE(fs::exists(prefix_ / file)) << file << " not installed";
    const auto [version, status] = run_shell(shell_word(prefix_ / "bin/winnow") + " --version");
    EXPECT_EQ(status, 0);
    EXPECT_EQ(version.rfind("winnow ", 0), 0u) << version;
}

TEST_F(installed, the_sample_configuration_passes_check_config) {
    const auto [out, status] =
        run_shell(shell_word(prefix_ / "bin/winnow") + " run --config " + shell_word(prefix_ / "share/winnow/winnow.yaml") + " --check-config");
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("brokers: \"localhost:9092\"  # file"), std::string::npos) << out;
}

TEST_F(installed, the_systemd_unit_verifies_and_names_the_installed_binary) {
    const fs::path unit = prefix_ / "lib/systemd/system/winnow.service";
    std::ifstream in(unit);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("ExecStart=" + (prefix_ / "bin/winnow").string() + " run --config /etc/winnow/winnow.yaml"),
              std::string::npos) << text;
    if (run_shell("command -v systemd-analyze").second != 0) GTEST_SKIP() << "systemd-analyze is not installed";
    // verify prints what it does not like and may still exit 0: the unit must give no output at all.
    const auto [out, status] = run_shell("systemd-analyze verify " + shell_word(unit));
    EXPECT_EQ(status, 0) << out;
    EXPECT_EQ(out, "") << out;
    // And a unit with a misspelt key is caught.
    const fs::path broken = prefix_ / "broken" / "winnow.service";
    fs::create_directories(broken.parent_path());
    std::string misspelt = text;
    misspelt.replace(misspelt.find("Restart=on-failure"), 18, "Restrat=on-failure");
    std::ofstream(broken) << misspelt;
    EXPECT_NE(run_shell("systemd-analyze verify " + shell_word(broken)).first, "") << "a misspelt key went unnoticed";
}

TEST_F(installed, another_project_builds_against_the_installed_library) {
    const fs::path build = prefix_ / "consumer-build";
    const auto [configured, configure_status] =
        run_shell("cmake -S " + shell_word(source_dir() / "tests/deploy/consumer") + " -B " + shell_word(build) +
            " -G Ninja -DCMAKE_PREFIX_PATH=" + shell_word(prefix_));
    ASSERT_EQ(configure_status, 0) << configured;
    const auto [built, build_status] = run_shell("cmake --build " + shell_word(build));
    ASSERT_EQ(build_status, 0) << built;
    const auto [out, status] = run_shell(shell_word(build / "consumer"));
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("The harbour ferry"), std::string::npos) << out;
    EXPECT_NE(out.find("leaves at seven every morning"), std::string::npos) << out;
}

}  // namespace
