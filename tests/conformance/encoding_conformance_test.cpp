// Encoding conformance: the html5lib encoding tests, html5lib's Big5 detector sample, and the chinese-news
// dataset decoded end to end.
//
// html5lib-tests/encoding/scripted/ is skipped: its cases need a script engine (document.write of a <meta>).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/paths.hpp"
#include "winnow/encoding.hpp"

namespace {

using winnow::testing::read_file;

namespace fs = std::filesystem;

struct encoding_case {
    std::string data;
    std::string expected_label;
};

/// html5lib's .dat format: "#data\n<bytes>\n#encoding\n<label>\n" repeated, cases separated by blank lines.
std::vector<encoding_case> parse_dat(const std::string& text) {
    std::vector<encoding_case> cases;
    const std::string data_marker = "#data\n";
    const std::string encoding_marker = "\n#encoding\n";
    std::size_t pos = text.find(data_marker);
    while (pos != std::string::npos) {
        const std::size_t data_start = pos + data_marker.size();
        const std::size_t encoding_at = text.find(encoding_marker, data_start);
        if (encoding_at == std::string::npos) break;
        const std::size_t label_start = encoding_at + encoding_marker.size();
        std::size_t label_end = text.find('\n', label_start);
        if (label_end == std::string::npos) label_end = text.size();
        cases.push_back({text.substr(data_start, encoding_at - data_start),
                         text.substr(label_start, label_end - label_start)});
        pos = text.find("\n" + data_marker, label_end);
        if (pos != std::string::npos) ++pos;
    }
    return cases;
}

TEST(EncodingConformance, Html5libEncodingTests) {
    const fs::path dir = winnow::testing::shared_dir() / "conformance" / "html5lib-tests" / "encoding";
    WINNOW_REQUIRE_SHARED(dir);
    std::size_t passed = 0;
    std::size_t failed = 0;
    for (const char* name : {"tests1.dat", "tests2.dat", "test-yahoo-jp.dat"}) {
        const auto cases = parse_dat(read_file(dir / name));
        EXPECT_FALSE(cases.empty()) << name;
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const auto& c = cases[i];
            const auto expected = winnow::encoding_for_label(c.expected_label);
            ASSERT_TRUE(expected) << name << " #" << i << ": unknown expected label " << c.expected_label;
            // The tests assume a windows-1252 default where the page declares nothing. What it declares is found
            // as sniff_encoding finds it: a BOM (two cases start with one), the prescan of the first 1024 bytes
            // (prescan_meta_charset), then the late <meta> within 64 KiB (several cases put the <meta> after a
            // 1–8 KiB comment, which a browser finds while parsing the head). The detector is not asked.
            const auto decision = winnow::sniff_encoding(c.data, {}, /*strict=*/true);
            const bool declared = decision.source == winnow::encoding_source::byte_order_mark ||
                                  decision.source == winnow::encoding_source::meta_prescan ||
                                  decision.source == winnow::encoding_source::late_meta;
            const std::string_view actual = declared ? decision.encoding : "windows-1252";
            if (decision.source == winnow::encoding_source::meta_prescan) {
                EXPECT_EQ(winnow::prescan_meta_charset(c.data), decision.encoding) << name << " #" << i;
            }
            if (actual == *expected) {
                ++passed;
            } else {
                ++failed;
                ADD_FAILURE() << name << " #" << i << ": expected " << *expected << ", got " << actual
                              << "\n  data: " << c.data.substr(0, 200);
            }
        }
    }
    std::printf("html5lib encoding: %zu passed, %zu failed\n", passed, failed);
    EXPECT_EQ(failed, 0U);
    EXPECT_GE(passed, 82U);   // 59 + 22 + 1 cases in the files as published
}

TEST(EncodingConformance, Html5libBig5DetectorSample) {
    const fs::path path =
        winnow::testing::shared_dir() / "conformance" / "html5lib-tests" / "encoding" / "chardet" / "test_big5.txt";
    WINNOW_REQUIRE_SHARED(path);
    const std::string bytes = read_file(path);
    ASSERT_FALSE(bytes.empty());
    const auto decision = winnow::sniff_encoding(bytes);
    EXPECT_EQ(decision.encoding, "Big5");
    EXPECT_EQ(decision.source, winnow::encoding_source::detector);
    auto decoded = winnow::decode(bytes);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->encoding(), "Big5");
    EXPECT_EQ(decoded->replacements(), 0U);
    EXPECT_TRUE(winnow::is_valid_utf8(decoded->text()));
}

TEST(EncodingConformance, ChineseNewsPagesDecodeCleanly) {
    const fs::path dir = winnow::testing::shared_dir() / "datasets" / "chinese-news" / "pages";
    WINNOW_REQUIRE_SHARED(dir);
    std::vector<fs::path> pages;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().string().ends_with(".html.gz")) pages.push_back(entry.path());
    }
    std::sort(pages.begin(), pages.end());
    ASSERT_FALSE(pages.empty());
    std::size_t total_replacements = 0;
    for (const auto& page : pages) {
        const std::string bytes = read_file(page);
        ASSERT_FALSE(bytes.empty()) << page;
        auto decoded = winnow::decode(bytes);
        ASSERT_TRUE(decoded) << page << ": " << decoded.error().message();
        std::printf("%s  %-8s %-9s bytes=%-7zu replacements=%zu\n", page.filename().string().c_str(),
                    std::string(decoded->encoding()).c_str(), std::string(winnow::to_string(decoded->source())).c_str(),
                    bytes.size(), decoded->replacements());
        total_replacements += decoded->replacements();
        // Chinese pages: the GB family or UTF-8, never a guess of a single-byte charset.
        const std::string_view enc = decoded->encoding();
        EXPECT_TRUE(enc == "GBK" || enc == "gb18030" || enc == "UTF-8" || enc == "Big5") << page << ": " << enc;
        EXPECT_TRUE(winnow::is_valid_utf8(decoded->text())) << page;
        // Two pages have invalid bytes of their own: GBK characters cut in half before "..." in shortened
        // titles (2), and lead bytes whose trail byte became an ASCII '&' when quotes were escaped (12). A
        // WHATWG-conformant decoder reports the same counts; allow at most 1 replacement per 1000 bytes.
        EXPECT_LE(decoded->replacements() * 1000, bytes.size()) << page;
    }
    std::printf("chinese-news: %zu pages, %zu replacements in all\n", pages.size(), total_replacements);
    EXPECT_LE(total_replacements, 14U);
}

}  // namespace
