// The reference page: `winnow extract` of ../shared/seeds/000_ed8dd623449fa79c.txt (a flattened Chinese
// news page with ruby-pinyin residue, an editor credit and dated "latest news" lists) must meet every line
// of 000_ed8dd623449fa79c.expected.json — and so must an HTML rendition of the same page that this test
// builds from the seed at run time (navigation, ruby markup, the article, an editor-credit paragraph, dated
// lists, 相關推薦 and 最新聞 Hot sidebars, a footer).
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "support/json.hpp"
#include "support/paths.hpp"

namespace {

using winnow::testing::read_file;

namespace json = winnow::testing::json;
namespace fs = std::filesystem;

const fs::path seed_dir() { return winnow::testing::shared_dir() / "seeds"; }
const fs::path seed_text() { return seed_dir() / "000_ed8dd623449fa79c.txt"; }
const fs::path seed_expected() { return seed_dir() / "000_ed8dd623449fa79c.expected.json"; }

/// Runs the winnow executable and returns its standard output.
std::string run_winnow(const std::string& arguments, int& status) {
    const std::string command = std::string("\"") + WINNOW_CLI_PATH + "\" " + arguments;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::string out;
    if (!pipe) {
        status = -1;
        return out;
    }
    std::array<char, 65536> buffer{};
    while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
    status = pclose(pipe.release());
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// Checks an article (the JSON line of `winnow extract`) against every line of the expectation.
void expect_meets(const json::value& article, const json::value& expected, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_TRUE(article.is_object());
    ASSERT_TRUE(article.find("title") && article.find("title")->is_string());
    EXPECT_EQ(article.find("title")->string, expected.find("title")->string);

    bool author_found = false;
    for (const auto& a : article.find("authors")->as_array()) author_found |= a.string == expected.find("author")->string;
    EXPECT_TRUE(author_found) << "author " << expected.find("author")->string;

    ASSERT_TRUE(article.find("published")->is_string());
    EXPECT_EQ(article.find("published")->string, expected.find("published")->string);

    std::vector<std::string> paragraphs;
    for (const auto& p : article.find("paragraphs")->as_array()) paragraphs.push_back(p.string);
    const std::string caption = expected.find("caption_allowed")->string;
    const auto min = static_cast<std::size_t>(expected.find("body_paragraphs_min")->number);
    const auto max = static_cast<std::size_t>(expected.find("body_paragraphs_max")->number);
    EXPECT_GE(paragraphs.size(), min);
    EXPECT_LE(paragraphs.size(), max);

    // Every expected start, in order; the caption may stand between them.
    std::vector<std::string> body;
    for (const auto& p : paragraphs)
        if (p != caption) body.push_back(p);
    const auto& starts = expected.find("body_paragraph_starts")->as_array();
    ASSERT_EQ(body.size(), starts.size()) << "paragraphs other than the allowed caption";
    for (std::size_t i = 0; i < starts.size(); ++i)
        EXPECT_TRUE(starts_with(body[i], starts[i].string)) << "paragraph " << i << ": " << body[i];
    ASSERT_FALSE(paragraphs.empty());
    EXPECT_EQ(paragraphs.back(), expected.find("body_last_paragraph")->string);

    const std::string text = article.find("text")->string;
    for (const auto& forbidden : expected.find("body_must_not_contain")->as_array())
        EXPECT_EQ(text.find(forbidden.string), std::string::npos) << "the body contains " << forbidden.string;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

std::string escape_html(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else out.push_back(c);
    }
    return out;
}

/// Turns the flattened pinyin residue back into the ruby markup it came from: "達(dá)" becomes
/// <ruby>達<rp>(</rp><rt>dá</rt><rp>)</rp></ruby>.
std::string with_ruby(const std::string& line) {
    static const std::regex residue("([\\xE4-\\xE9][\\x80-\\xBF][\\x80-\\xBF])\\(([a-z\\xC3\\xC4\\xC5\\xC7\\x80-\\xBF]{1,12})\\)");
    return std::regex_replace(escape_html(line), residue, "<ruby>$1<rp>(</rp><rt>$2</rt><rp>)</rp></ruby>");
}

/// Plain text as a <title> element holds it: the ruby annotations a page shows cannot be in a title.
std::string without_ruby(const std::string& line) {
    static const std::regex residue("([\\xE4-\\xE9][\\x80-\\xBF][\\x80-\\xBF])\\(([a-z\\xC3\\xC4\\xC5\\xC7\\x80-\\xBF]{1,12})\\)");
    return std::regex_replace(line, residue, "$1");
}

/// The HTML rendition of the seed page, built from the seed's own lines.
std::string html_rendition(const std::vector<std::string>& lines) {
    // The seed's structure: "-", title, "-", byline, dateline glued to the first paragraph, the body up to
    // the editor credit, then the dated list, the 相關推薦 block and the 最新聞 Hot list.
    const std::string& title = lines.at(1);
    const std::string& byline = lines.at(3);
    std::size_t credit = 4;
    while (credit < lines.size() && lines[credit].find("\xE7\xB7\xA8\xE8\xBC\xAF") == std::string::npos) ++credit;  // 編輯
    std::size_t related = credit;
    while (related < lines.size() && lines[related].find("\xE6\x8E\xA8\xE8\x96\xA6") == std::string::npos) ++related;  // 推薦

    std::string html = "<!DOCTYPE html>\n<html lang=\"zh-Hant\"><head><meta charset=\"utf-8\">\n<title>" +
                       escape_html(without_ruby(title)) + "_觀察者網</title>\n<script>var nav = '<p>not text</p>';</script>\n"
                       "<style>.nav a{color:red}</style></head>\n<body>\n"
                       "<div class=\"top-nav\"><ul><li><a href=\"/\">首頁</a></li><li><a href=\"/a\">國際</a></li>"
                       "<li><a href=\"/b\">財經</a></li><li><a href=\"/c\">科技</a></li><li><a href=\"/d\">評論</a></li></ul></div>\n"
                       "<div class=\"wrap\"><div class=\"left\">\n<h3>" + with_ruby(title) + "</h3>\n"
                       "<div class=\"time\"><span>" + escape_html(byline) + "</span></div>\n<div class=\"content\">\n";
    // The first paragraph carries the dateline in front of it, as on the page.
    const std::string& first = lines.at(4);
    const std::size_t cut = first.find("00:11:46");
    html += "<div class=\"meta\">" + with_ruby(first.substr(0, cut + 8)) + "</div>\n";
    html += "<p>" + with_ruby(first.substr(cut + 8)) + "</p>\n";
    for (std::size_t i = 5; i < credit; ++i) {
        if (lines[i].empty() || lines[i] == "-") continue;
        const bool caption = lines[i].size() < 30 && lines[i].find("\xEF\xBC\x8C") == std::string::npos &&
                             lines[i].find(',') == std::string::npos;
        if (caption) {
            html += "<p style=\"text-align:center\"><img src=\"/p.jpg\" alt=\"\"></p><p style=\"text-align:center\">" +
                    with_ruby(lines[i]) + "</p>\n";
        } else {
            html += "<p>" + with_ruby(lines[i]) + "</p>\n";
        }
    }
    std::string credit_text = lines.at(credit);
    if (starts_with(credit_text, "- ")) credit_text = credit_text.substr(2);
    html += "<p class=\"editor\">" + with_ruby(credit_text) + "</p>\n</div>\n";
    html += "<div class=\"share\"><a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">分享到</a></div>\n";
    // The dated list: headline lines followed by "date [channel] -" lines.
    html += "<ul class=\"list\">\n";
    for (std::size_t i = credit + 1; i + 1 < related; ++i) {
        if (lines[i].empty() || lines[i] == "-") continue;
        std::string meta = lines[i + 1];
        if (meta.size() >= 2 && meta.substr(meta.size() - 2) == " -") meta.resize(meta.size() - 2);
        html += "<li><h4><a href=\"/n/" + std::to_string(i) + "\">" + with_ruby(lines[i]) + "</a></h4><div>" +
                with_ruby(meta) + "</div></li>\n";
        ++i;
    }
    html += "</ul>\n</div>\n<div class=\"right\">\n";
    std::string related_heading = lines.at(related);
    if (related_heading.size() >= 2 && related_heading.substr(related_heading.size() - 2) == " -")
        related_heading.resize(related_heading.size() - 2);
    html += "<div class=\"box\"><h4>" + with_ruby(related_heading) + "</h4><ul>\n";
    std::size_t hot = related + 1;
    while (hot < lines.size() && lines[hot].find("Hot") == std::string::npos) ++hot;
    if (hot < lines.size()) {
        // One flattened line holds the 相關推薦 items ("title 評論 987" each) and the next heading.
        static const std::regex item("(.*?) \xE8\xA9\x95\xE8\xAB\x96 ([0-9]+)");
        const std::string& packed = lines[hot];
        auto begin = std::sregex_iterator(packed.begin(), packed.end(), item);
        for (auto it = begin; it != std::sregex_iterator(); ++it)
            html += "<li><a href=\"/r\">" + with_ruby((*it)[1]) + "</a> <span>評論 " + (*it)[2].str() + "</span></li>\n";
        html += "</ul></div>\n<div class=\"box\"><h4>最新聞 Hot</h4><ol>\n";
        for (std::size_t i = hot + 1; i < lines.size(); ++i) {
            if (lines[i].empty() || lines[i] == "-") continue;
            html += "<li><a href=\"/h\">" + with_ruby(lines[i]) + "</a></li>\n";
        }
        html += "</ol></div>\n";
    }
    html += "</div></div>\n<div class=\"footer\"><p><a href=\"/about\">關於我們</a> | <a href=\"/contact\">聯繫我們</a></p>"
            "<p>Copyright © 2014-2024 觀察者 All rights reserved. 滬ICP備10213822號-1</p></div>\n</body></html>\n";
    return html;
}

TEST(seed_golden, flattened_text_meets_every_expectation) {
    WINNOW_REQUIRE_SHARED(seed_text());
    const json::value expected = json::parse(read_file(seed_expected()));
    int status = 0;
    const std::string out = run_winnow("extract --format json \"" + seed_text().string() + "\"", status);
    ASSERT_EQ(status, 0) << out;
    const json::value article = json::parse(out);
    EXPECT_EQ(article.find("source")->string, seed_text().string());
    EXPECT_EQ(article.find("language")->string, "zh");
    expect_meets(article, expected, "flattened text");
}

TEST(seed_golden, html_rendition_meets_every_expectation) {
    WINNOW_REQUIRE_SHARED(seed_text());
    const json::value expected = json::parse(read_file(seed_expected()));
    const std::string html = html_rendition(lines_of(read_file(seed_text())));
    const fs::path page = fs::temp_directory_path() / ("winnow-seed-" + std::to_string(::getpid()) + ".html");
    {
        std::ofstream out(page, std::ios::binary);
        out << html;
    }
    int status = 0;
    const std::string out = run_winnow("extract --format json \"" + page.string() + "\"", status);
    fs::remove(page);
    ASSERT_EQ(status, 0) << out;
    const json::value article = json::parse(out);
    EXPECT_EQ(article.find("language")->string, "zh");
    expect_meets(article, expected, "HTML rendition");
}

}  // namespace
