// `winnow extract` as a user runs it: exit status and messages for what is not a page.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/payloads.hpp"
#include "support/shell.hpp"

namespace {

namespace fs = std::filesystem;
using winnow::testing::gzip;
using winnow::testing::run_shell;
using winnow::testing::shell_word;

class cli_extract : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("winnow-cli-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& bytes) const {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p;
    }
    static std::pair<std::string, int> extract(const fs::path& file) {
        return run_shell(std::string(WINNOW_CLI_PATH) + " extract " + shell_word(file));
    }

    fs::path dir_;
};

std::string noise(std::size_t n) {
    std::string out(n, '\0');
    std::uint32_t state = 11;
    for (auto& ch : out) {
        state = state * 1664525u + 1013904223u;
        ch = static_cast<char>(state >> 24);
    }
    return out;
}

TEST_F(cli_extract, binary_input_is_an_error_not_an_article) {
    const std::string elf = std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(9, '\0') + noise(4000);
    for (const auto& [name, bytes] : {std::pair<std::string, std::string>{"noise.bin", noise(1 << 20)},
                                      {"program.elf", elf},
                                      {"garbage.gz", gzip(noise(100000))}}) {
        const auto [out, status] = extract(write(name, bytes));
        EXPECT_EQ(status, 1) << name;
        EXPECT_NE(out.find("not_text"), std::string::npos) << out;
        EXPECT_NE(out.find(name), std::string::npos) << "the message names the input: " << out;
        EXPECT_LT(out.size(), 400u) << "one line, not a megabyte of mojibake";
    }
}

TEST_F(cli_extract, a_page_beside_binary_input_is_still_extracted) {
    const fs::path page = write("page.html",
                                "<html><head><title>Harbour ferry</title></head><body><article><p>The harbour ferry "
                                "leaves at seven every morning, and it returns at noon when the weather allows it."
                                "</p></article></body></html>");
    const fs::path bad = write("noise.bin", noise(5000));
    const auto [out, status] = run_shell(std::string(WINNOW_CLI_PATH) + " extract " + shell_word(bad) + " " + shell_word(page));
    EXPECT_EQ(status, 1) << "an input failed";
    EXPECT_NE(out.find("harbour ferry leaves"), std::string::npos) << out;
}

}  // namespace
