// From a consumed message to an article or a dead letter: envelopes, charsets, gzip, binary data, limits.
#include <zlib.h>

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "support/paths.hpp"
#include "winnow/extract.hpp"
#include "worker/config.hpp"
#include "worker/page_processor.hpp"

namespace {

using winnow::testing::read_file;

using namespace winnow::worker;
namespace kafka = winnow::kafka;
using winnow::shell::parse_envelope;

std::string sample(const char* name) { return read_file(winnow::testing::source_dir() / "tests/data/pages" / name); }

std::string gzip(const std::string& data) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

worker_config config(std::initializer_list<std::pair<std::string, std::string>> extra = {}) {
    setting_map m;
    m["brokers"] = {"b:1", origin::flag};
    m["input.topic"] = {"in", origin::flag};
    m["output.topic"] = {"out", origin::flag};
    m["dlq.topic"] = {"dlq", origin::flag};
    for (const auto& [k, v] : extra) m[k] = {v, origin::flag};
    return build_config(m);
}

kafka::message_copy message(std::string value, std::vector<kafka::header> headers = {}) {
    kafka::message_copy m;
    m.topic = "in";
    m.value = std::move(value);
    m.headers = std::move(headers);
    return m;
}

std::string expected_json(const std::string& page, winnow::input_mode mode, std::string_view label, std::string_view url) {
    winnow::extract_options options;
    options.mode = mode;
    options.encoding_label = label;
    options.url = url;
    auto a = winnow::extract(page, options);
    EXPECT_TRUE(a);
    return a ? winnow::to_json(*a) : std::string();
}

std::string without_elapsed(std::string json) {
    const auto at = json.find("\"elapsed_us\":");
    if (at == std::string::npos) return json;
    auto end = at + 13;
    while (end < json.size() && std::isdigit(static_cast<unsigned char>(json[end]))) ++end;
    return json.replace(at, end - at, "\"elapsed_us\":0");
}

TEST(page_processor, raw_page_gives_the_article_of_winnow_extract) {
    const auto c = config();
    const page_processor p(c);
    winnow::extractor x;
    const std::string page = sample("en-harbour-ferry.html");
    const auto r = p.process(message(page, {{"URL", "https://example.com/ferry"}}), x);
    ASSERT_TRUE(r.ok) << r.reason << ": " << r.message;
    EXPECT_EQ(without_elapsed(r.payload), without_elapsed(expected_json(page, winnow::input_mode::automatic, "", "https://example.com/ferry")));
    EXPECT_NE(r.payload.find("\"url\":\"https://example.com/ferry\""), std::string::npos);
}

TEST(page_processor, content_type_charset_and_gzip) {
    const auto c = config();
    const page_processor p(c);
    winnow::extractor x;
    const std::string page = sample("zh-tram-gbk.html");
    const auto r = p.process(message(gzip(page), {{"content-type", "text/html; charset=\"GBK\""}}), x);
    ASSERT_TRUE(r.ok) << r.reason << ": " << r.message;
    EXPECT_EQ(without_elapsed(r.payload), without_elapsed(expected_json(page, winnow::input_mode::automatic, "GBK", "")));
    EXPECT_EQ(charset_of_content_type("text/html;charset=utf-8"), "utf-8");
    EXPECT_EQ(charset_of_content_type("text/html; q=1; Charset = \"x-gbk\" "), "x-gbk");
    EXPECT_EQ(charset_of_content_type("text/html"), "");
}

TEST(page_processor, text_and_markdown_output) {
    const std::string page = sample("de-stadtbibliothek.html");
    winnow::extractor x;
    const auto a = winnow::extract(page);
    ASSERT_TRUE(a);
    const auto text = page_processor(config({{"output.format", "text"}})).process(message(page), x);
    ASSERT_TRUE(text.ok);
    EXPECT_EQ(text.payload, winnow::to_text(*a));
    const auto md = page_processor(config({{"output.format", "markdown"}})).process(message(page), x);
    ASSERT_TRUE(md.ok);
    EXPECT_EQ(md.payload, winnow::to_markdown(*a));
}

TEST(page_processor, envelopes_with_configured_field_names) {
    const auto c = config({{"input.format", "json"}, {"input.envelope.html", "body"}, {"input.envelope.url", "link"}});
    const page_processor p(c);
    winnow::extractor x;
    const std::string html = sample("ja-sakura.html");
    std::string escaped;
    for (const char ch : html) {
        if (ch == '"' || ch == '\\') escaped += '\\';
        if (ch == '\n') { escaped += "\\n"; continue; }
        escaped += ch;
    }
    const auto r = p.process(message("{\"link\":\"https://example.jp/s\",\"body\":\"" + escaped + "\"}"), x);
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_EQ(without_elapsed(r.payload),
              without_elapsed(expected_json(html, winnow::input_mode::html, "", "https://example.jp/s")));

    std::string error;
    const envelope_fields fields;
    auto text = parse_envelope(R"({"text":"line one\nline two","encoding":"utf-8","url":null})", fields, error);
    ASSERT_TRUE(text) << error;
    EXPECT_EQ(text->mode, winnow::input_mode::text);
    EXPECT_EQ(text->page, "line one\nline two");
    EXPECT_EQ(text->encoding_label, "utf-8");
    EXPECT_TRUE(text->url.empty());
    for (const char* bad : {"{", "[1]", "\"html\"", R"({"url":"x"})", R"({"html":"a","text":"b"})", R"({"html":5})",
                            R"({"html":"a","url":7})"}) {
        EXPECT_FALSE(parse_envelope(bad, fields, error)) << bad;
        EXPECT_FALSE(error.empty());
        const auto d = page_processor(config({{"input.format", "json"}})).process(message(bad), x);
        EXPECT_FALSE(d.ok);
        EXPECT_EQ(d.reason, "invalid_envelope") << bad;
    }
}

TEST(page_processor, an_envelopes_page_is_unicode_already) {
    const page_processor p(config({{"input.format", "json"}}));
    winnow::extractor x;
    // The encoding field, the Content-Type header and a <meta> all say a legacy charset; the JSON string
    // holds Unicode, and the article must too (no mojibake).
    const std::string envelope =
        R"({"encoding":"gbk","html":"<html><head><meta charset=\"windows-1252\"><title>T</title></head><body>)"
        R"(<article><p>Caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e et th\u00e9 vert, servis toute la journ\u00e9e )"
        R"(dans le salon du premier \u00e9tage, pr\u00e8s de la fen\u00eatre.</p></article></body></html>"})";
    const auto r = p.process(message(envelope, {{"content-type", "text/html; charset=iso-8859-1"}}), x);
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_NE(r.payload.find("Caf\xC3\xA9 au lait, cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e"), std::string::npos) << r.payload;
    // A NUL in the JSON string is binary data, as it is in a raw page.
    const auto nul = p.process(message(R"({"html":"<p>a\u0000b\u0000c</p>"})"), x);
    EXPECT_FALSE(nul.ok);
    EXPECT_EQ(nul.reason, "not_text");
}

TEST(page_processor, gzip_inside_gzip_and_utf16_without_a_byte_order_mark) {
    const page_processor p(config());
    winnow::extractor x;
    const std::string page = sample("en-harbour-ferry.html");
    const auto twice = p.process(message(gzip(gzip(page))), x);
    ASSERT_TRUE(twice.ok) << twice.reason << ": " << twice.message;
    EXPECT_EQ(without_elapsed(twice.payload), without_elapsed(expected_json(page, winnow::input_mode::automatic, "", "")));
    const auto bomb = p.process(message(gzip(gzip(gzip(gzip(page))))), x);   // past the layers a page comes in
    EXPECT_FALSE(bomb.ok);
    EXPECT_EQ(bomb.reason, "invalid_gzip");
    // UTF-16LE without a byte-order mark: zeros in every other byte, yet text, not binary data.
    std::string utf16;
    for (const char ch : std::string("<html><body><article><p>The harbour ferry leaves at seven every morning, and "
                                     "it returns at noon when the weather allows.</p></article></body></html>")) {
        utf16 += ch;
        utf16 += '\0';
    }
    const auto wide = p.process(message(utf16), x);
    ASSERT_TRUE(wide.ok) << wide.reason;
    EXPECT_NE(wide.payload.find("The harbour ferry leaves at seven"), std::string::npos) << wide.payload;
    EXPECT_NE(wide.payload.find("\"encoding\":\"UTF-16LE\""), std::string::npos) << wide.payload;
}

TEST(page_processor, an_article_past_output_max_bytes_is_a_dead_letter) {
    // A page of quotes and backslashes: its JSON escapes every character, and holds the body twice.
    std::string page = "<html><body><article><p>";
    for (int i = 0; i < 400; ++i) page += "He said \"yes\" to \\ and \"no\" to \\\\, then left. ";
    page += "</p></article></body></html>";
    winnow::extractor x;
    const auto big = page_processor(config({{"output.max_bytes", "8192"}})).process(message(page), x);
    EXPECT_FALSE(big.ok);
    EXPECT_EQ(big.reason, "output_too_large");
    EXPECT_NE(big.message.find("output.max_bytes is 8192"), std::string::npos) << big.message;
    EXPECT_TRUE(page_processor(config()).process(message(page), x).ok);
}

TEST(page_processor, dead_letter_reasons) {
    const auto c = config({{"input.max_bytes", "4096"}, {"limits.max_tokens", "50"}, {"dlq.empty_articles", "true"}});
    const page_processor p(c);
    winnow::extractor x;
    auto reason = [&](const kafka::message_copy& m) {
        const auto r = p.process(m, x);
        EXPECT_FALSE(r.ok);
        EXPECT_FALSE(r.message.empty());
        return r.reason;
    };
    kafka::message_copy null_value = message("");
    null_value.value.reset();
    EXPECT_EQ(reason(null_value), "empty_input");
    EXPECT_EQ(reason(message("")), "empty_input");
    EXPECT_EQ(reason(message(std::string(5000, 'a'))), "input_too_large");
    EXPECT_EQ(reason(message(gzip("<p>" + std::string(100000, 'a') + "</p>"))), "input_too_large") << "a gzip bomb";
    EXPECT_EQ(reason(message(std::string("\x1f\x8b\x08\x00garbage", 12))), "invalid_gzip");
    std::mt19937 rng(7);
    std::string noise(3000, '\0');
    for (auto& ch : noise) ch = static_cast<char>(rng() & 0xFF);
    EXPECT_EQ(reason(message(noise)), "not_text");
    std::string many_tags;
    for (int i = 0; i < 100; ++i) many_tags += "<b>x</b>";
    EXPECT_EQ(reason(message(many_tags)), "too_many_tokens");
    EXPECT_EQ(reason(message("<html><body><nav><a href=/>Home</a></nav></body></html>")), "empty_article");
}

}  // namespace
