// `winnow extract` as a user runs it: exit status and messages for what is not a page, and the batch inputs
// (directories, lists, WARC and JSON Lines files), parallel runs in input order and output folders.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
    /// `winnow extract ARGS`: standard output alone, or with standard error when `with_errors`.
    static std::pair<std::string, int> winnow(const std::string& args, bool with_errors = true) {
        return run_shell(std::string(WINNOW_CLI_PATH) + " extract " + args, with_errors);
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

// ---------------------------------------------------------------------------------------------------
// Batch inputs

/// A page of our own, with `words` to tell it in the output.
std::string page_html(const std::string& words) {
    return "<html><head><title>" + words + "</title></head><body><article><h1>" + words +
           "</h1><p>The harbour ferry leaves at seven every morning with " + words +
           " aboard, and it returns at noon when the weather allows it.</p><p>Tickets are sold on board, and "
           "children under six travel free of charge all year on the " + words + " line.</p></article></body></html>";
}

/// One WARC record, as Common Crawl writes them.
std::string warc_record(const std::string& type, const std::string& uri, const std::string& block,
                        const std::string& content_type = "application/http; msgtype=response") {
    static int id = 0;
    return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri + "\r\nWARC-Record-ID: <urn:uuid:rec-" +
           std::to_string(++id) + ">\r\nContent-Type: " + content_type + "\r\nContent-Length: " +
           std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string http_response(const std::string& status, const std::string& content_type, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// The "source" of each JSON line, in order.
std::vector<std::string> sources(const std::string& json_lines) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(json_lines)) {
        const auto at = line.find("\"source\":\"");
        if (at == std::string::npos) continue;
        const auto from = at + 10;
        out.push_back(line.substr(from, line.find('"', from) - from));
    }
    return out;
}

TEST_F(cli_extract, a_directory_is_read_recursively_in_name_order_and_the_glob_filters_it) {
    fs::create_directories(dir_ / "site" / "b");
    fs::create_directories(dir_ / "site" / ".git");
    write("site/b/two.html", page_html("Two"));
    write("site/a.html", page_html("One"));
    write("site/notes.txt", "Not a page this test wants.");
    write("site/.git/config.html", page_html("Hidden"));
    write("site/b/three.html.gz", gzip(page_html("Three")));
    const auto [all, status] = winnow(shell_word(dir_ / "site"), false);
    EXPECT_EQ(status, 0) << all;
    const auto found = sources(all);
    ASSERT_EQ(found.size(), 4u) << all;
    EXPECT_NE(found[0].find("a.html"), std::string::npos);
    EXPECT_NE(found[1].find("b/three.html.gz"), std::string::npos);
    EXPECT_NE(found[2].find("b/two.html"), std::string::npos);
    EXPECT_NE(found[3].find("notes.txt"), std::string::npos);
    EXPECT_EQ(all.find("Hidden"), std::string::npos) << "hidden folders are skipped";

    const auto [html, html_status] = winnow("--glob '*.html*' " + shell_word(dir_ / "site"));
    EXPECT_EQ(html_status, 0);
    EXPECT_EQ(sources(html).size(), 3u) << html;
    EXPECT_NE(html.find("3 pages: 3 articles, 0 empty, 0 errors"), std::string::npos) << "the summary: " << html;

    const auto [none, none_status] = winnow("--glob '*.pdf' " + shell_word(dir_ / "site"));
    EXPECT_EQ(none_status, 1);
    EXPECT_NE(none.find("no input files match the --glob pattern"), std::string::npos) << none;
}

TEST_F(cli_extract, an_input_list_names_the_files_one_a_line_from_a_file_or_standard_input) {
    const fs::path a = write("a.html", page_html("Alpha"));
    const fs::path b = write("b.html", page_html("Beta"));
    const fs::path list = write("list.txt", b.string() + "\n\n" + a.string() + "\r\n" + (dir_ / "missing.html").string() + "\n");
    const auto [out, status] = winnow("--input-list " + shell_word(list));
    EXPECT_EQ(status, 1) << "a listed file is missing";
    EXPECT_NE(out.find("missing.html: No such file or directory"), std::string::npos) << out;
    const auto [piped, piped_status] = run_shell("printf '%s\\n' " + shell_word(a) + " | " + WINNOW_CLI_PATH + " extract --input-list -", false);
    EXPECT_EQ(piped_status, 0);
    ASSERT_EQ(sources(piped).size(), 1u) << piped;
    EXPECT_NE(piped.find("Alpha"), std::string::npos);
}

TEST_F(cli_extract, warc_files_give_their_html_responses_with_url_record_id_and_charset) {
    const std::string gbk_body = "<html><head><title>\xb3\xc7\xbd\xbc</title></head><body><article><p>" +
                                 std::string("\xb3\xc7\xbd\xbc\xd3\xd0\xb9\xec\xb5\xe7\xb3\xb5\xb1\xbe\xd6\xdc\xbf\xaa\xcd\xa8") +
                                 "</p></article></body></html>";
    const std::vector<std::string> records = {
        warc_record("warcinfo", "", "software: a test\r\n", "application/warc-fields"),
        warc_record("request", "https://a.example/one", "GET /one HTTP/1.1\r\nHost: a.example\r\n\r\n",
                    "application/http; msgtype=request"),
        warc_record("response", "https://a.example/one", http_response("200 OK", "text/html; charset=utf-8", page_html("Ferry"))),
        warc_record("response", "https://a.example/gone", http_response("404 Not Found", "text/html", "<p>gone</p>")),
        warc_record("response", "https://a.example/logo.png", http_response("200 OK", "image/png", "\x89PNG\r\n")),
        warc_record("response", "https://b.example/tram", http_response("200 OK", "text/html; charset=gbk", gbk_body)),
    };
    std::string plain;
    std::string gzipped;
    for (const auto& r : records) {
        plain += r;
        gzipped += gzip(r);   // one gzip member per record, as Common Crawl's .warc.gz
    }
    for (const auto& [name, bytes] : {std::pair<std::string, std::string>{"crawl.warc", plain}, {"crawl.warc.gz", gzipped},
                                      {"unnamed.bin", gzipped}}) {
        const auto [out, status] = winnow(shell_word(write(name, bytes)));
        EXPECT_EQ(status, 0) << name << ": " << out;
        EXPECT_EQ(sources(out), (std::vector<std::string>{(dir_ / name).string() + " record 3",
                                                          (dir_ / name).string() + " record 6"}))
            << name << ": " << out;
        EXPECT_NE(out.find("\"warc_record_id\":\"<urn:uuid:rec-"), std::string::npos) << out;
        EXPECT_NE(out.find("\"url\":\"https://a.example/one\""), std::string::npos) << out;
        EXPECT_NE(out.find("\xe5\x9f\x8e\xe9\x83\x8a"), std::string::npos) << "the HTTP charset (gbk) decodes the page: " << out;
        EXPECT_NE(out.find("4 WARC records skipped (2 not responses, 1 not status 200, 1 not pages)"), std::string::npos) << out;
    }
}

TEST_F(cli_extract, a_truncated_warc_reports_its_record_and_keeps_the_records_before) {
    std::string gzipped;
    for (int i = 1; i <= 3; ++i)
        gzipped += gzip(warc_record("response", "https://a.example/" + std::to_string(i),
                                    http_response("200 OK", "text/html", page_html("Page" + std::to_string(i)))));
    gzipped.resize(gzipped.size() - 40);
    const fs::path warc = write("cut.warc.gz", gzipped);
    const auto [out, status] = winnow(shell_word(warc));
    EXPECT_EQ(status, 1);
    EXPECT_EQ(sources(out).size(), 2u) << out;
    EXPECT_NE(out.find("cut.warc.gz record 3: truncated gzip stream"), std::string::npos) << out;
}

TEST_F(cli_extract, json_lines_are_envelopes_and_a_bad_line_is_reported_with_its_number) {
    const fs::path jsonl = write("pages.jsonl",
                                 "{\"url\": \"https://a.example/x\", \"html\": \"<article><p>The harbour ferry leaves at seven every "
                                 "morning, and it returns at noon when the weather allows it.</p></article>\"}\n"
                                 "{\"html\": 42}\n"
                                 "\n"
                                 "{\"text\": \"A flattened page whose one line is long enough to be the body of the article.\"}\n");
    const auto [out, status] = winnow("--input-format jsonl " + shell_word(jsonl));
    EXPECT_EQ(status, 1);
    EXPECT_EQ(sources(out), (std::vector<std::string>{jsonl.string() + " line 1", jsonl.string() + " line 4"})) << out;
    EXPECT_NE(out.find("pages.jsonl line 2: invalid envelope"), std::string::npos) << out;
    EXPECT_NE(out.find("\"url\":\"https://a.example/x\""), std::string::npos) << out;
}

TEST_F(cli_extract, parallel_runs_give_the_output_of_one_thread_in_input_order) {
    for (int i = 0; i < 40; ++i) write("p" + std::to_string(100 + i) + ".html", page_html("Number" + std::to_string(i)));
    auto without_times = [](std::string out) {
        // elapsed_us differs from run to run; everything else must not.
        for (std::size_t at; (at = out.find("\"elapsed_us\":")) != std::string::npos;) {
            const std::size_t end = out.find('}', at);
            out.erase(at, end - at);
        }
        return out;
    };
    const auto [one, one_status] = winnow("-j 1 " + shell_word(dir_), false);
    const auto [four, four_status] = winnow("-j4 " + shell_word(dir_), false);
    EXPECT_EQ(one_status, 0);
    EXPECT_EQ(four_status, 0);
    EXPECT_EQ(sources(one).size(), 40u);
    EXPECT_EQ(without_times(one), without_times(four));
    EXPECT_NE(winnow("-j 0 " + shell_word(dir_)).first.find("-j takes a number of threads"), std::string::npos);
}

TEST_F(cli_extract, an_output_folder_gets_one_file_per_page_named_after_its_input) {
    fs::create_directories(dir_ / "in" / "sub");
    write("in/first.html", page_html("First"));
    write("in/sub/second.html.gz", gzip(page_html("Second")));
    const fs::path warc = write("crawl.warc.gz", gzip(warc_record("response", "https://a.example/w",
                                                                  http_response("200 OK", "text/html", page_html("Warc")))));
    const fs::path out_dir = dir_ / "out";
    const auto [out, status] = winnow("--format markdown --output-dir " + shell_word(out_dir) + " " + shell_word(dir_ / "in") +
                                      " " + shell_word(warc));
    EXPECT_EQ(status, 0) << out;
    for (const auto* name : {"first.md", "sub/second.md", "crawl-00001.md"}) {
        std::ifstream file(out_dir / name);
        ASSERT_TRUE(file) << name << " written: " << out;
        std::stringstream text;
        text << file.rdbuf();
        EXPECT_NE(text.str().find("# "), std::string::npos) << name;
    }
}

TEST_F(cli_extract, markdown_and_html_keep_links_images_and_emphasis_unless_told_not_to) {
    const fs::path page = write("linked.html", R"(<html><head><title>Linked page</title></head><body><article>
<p>The first paragraph points to <a href="/docs/intro.html">the introduction</a> and says <em>why</em> it matters,
in a sentence long enough to read as the text of an article about something.</p>
<p><img src="pictures/chart.png" alt="A chart"></p>
<p>The second paragraph has <strong>strong words</strong> and enough other words to be kept as body text.</p>
</article></body></html>)");
    const std::string at = " --url https://site.example/guide/page.html " + shell_word(page);
    const auto [md, md_status] = winnow("--format markdown" + at, false);
    EXPECT_EQ(md_status, 0);
    EXPECT_NE(md.find("[the introduction](https://site.example/docs/intro.html) and says *why* it"), std::string::npos) << md;
    EXPECT_NE(md.find("![A chart](https://site.example/guide/pictures/chart.png)\n\nThe second paragraph has **strong words**"),
              std::string::npos) << md;
    const auto [bare, bare_status] = winnow("--format markdown --no-links --no-images" + at, false);
    EXPECT_EQ(bare_status, 0);
    EXPECT_NE(bare.find("points to the introduction and says *why*"), std::string::npos) << bare;
    EXPECT_EQ(bare.find("chart.png"), std::string::npos) << bare;
    const auto [html, html_status] = winnow("--format html" + at, false);
    EXPECT_EQ(html_status, 0);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u) << html;
    EXPECT_NE(html.find("<a href=\"https://site.example/docs/intro.html\">the introduction</a> and says <em>why</em>"),
              std::string::npos) << html;
    EXPECT_NE(html.find("<img src=\"https://site.example/guide/pictures/chart.png\" alt=\"A chart\">"), std::string::npos) << html;
    const fs::path out_dir = dir_ / "out";
    const auto [folder, folder_status] = winnow("--format html --output-dir " + shell_word(out_dir) + " " + shell_word(page));
    EXPECT_EQ(folder_status, 0) << folder;
    EXPECT_TRUE(fs::exists(out_dir / "linked.html")) << "the extension of the format";
}

TEST_F(cli_extract, errors_are_one_clear_line) {
    const auto [usage, usage_status] = winnow("--format pdf x.html");
    EXPECT_EQ(usage_status, 2);
    EXPECT_EQ(lines_of(usage), (std::vector<std::string>{"winnow extract: --format takes json, text, markdown or html",
                                                         "see 'winnow extract --help'"}));
    const fs::path cut = write("cut.html.gz", gzip(page_html("Cut")).substr(0, 60));
    const auto [truncated, truncated_status] = extract(cut);
    EXPECT_EQ(truncated_status, 1);
    EXPECT_NE(truncated.find("cut.html.gz: truncated gzip stream"), std::string::npos) << truncated;
    const auto [empty, empty_status] = extract(write("empty.html", ""));
    EXPECT_EQ(empty_status, 0);
    EXPECT_NE(empty.find("empty.html: empty input"), std::string::npos) << empty;
    const auto [large, large_status] = winnow("--max-page-bytes 100 " + shell_word(write("big.html", page_html("Big"))));
    EXPECT_EQ(large_status, 1);
    EXPECT_NE(large.find("--max-page-bytes"), std::string::npos) << "the message names the limit: " << large;
    const auto [blocks, blocks_status] = winnow("--set limits.max_blocks=1 " + shell_word(write("blocks.html", page_html("Blocks"))));
    EXPECT_EQ(blocks_status, 1);
    EXPECT_NE(blocks.find("too_many_blocks; limits.max_blocks=1, see --set"), std::string::npos) << blocks;
    const auto [unknown, unknown_status] = winnow("--set limits.max_fun=3 x.html");
    EXPECT_EQ(unknown_status, 2);
    EXPECT_NE(unknown.find("unknown limit 'limits.max_fun'"), std::string::npos) << unknown;
    const auto [bad, bad_status] = winnow("--set limits.max_tokens=lots x.html");
    EXPECT_EQ(bad_status, 2);
    EXPECT_NE(bad.find("limits.max_tokens takes a whole number"), std::string::npos) << bad;
}

TEST_F(cli_extract, explain_on_a_terminal_is_cut_to_its_width_and_wide_keeps_the_features) {
    const fs::path page = write("page.html", page_html("Explained"));
    // script(1) gives the command a terminal of 60 columns.
    const auto [tty, tty_status] =
        run_shell("script -qc " + shell_word("stty cols 60; " + std::string(WINNOW_CLI_PATH) + " extract --explain " +
                                             shell_word(page)) + " /dev/null");
    ASSERT_EQ(tty_status, 0) << tty;
    bool saw_block = false;
    for (std::string line : lines_of(tty)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("      ", 0) != 0) continue;   // the block rows
        saw_block = true;
        std::size_t columns = 0;
        for (const char c : line) columns += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
        EXPECT_LE(columns, 60u) << line;
    }
    EXPECT_TRUE(saw_block) << tty;
    EXPECT_NE(tty.find("(--explain-wide for the features)"), std::string::npos) << tty;
    // Into a pipe, and with --explain-wide: the full table, features included.
    const auto [piped, piped_status] = winnow("--explain " + shell_word(page), false);
    EXPECT_NE(piped.find("words  tdens  links"), std::string::npos) << piped;
    const auto [wide, wide_status] =
        run_shell("script -qc " + shell_word("stty cols 60; " + std::string(WINNOW_CLI_PATH) + " extract --explain-wide " +
                                             shell_word(page)) + " /dev/null");
    EXPECT_NE(wide.find("words  tdens  links"), std::string::npos) << wide;
}

}  // namespace

