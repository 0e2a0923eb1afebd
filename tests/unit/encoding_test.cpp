// Unit tests of winnow/encoding.hpp: labels, the <meta> prescan, the sniffing order, decoding of every
// encoding family, error replacement and limits.
#include "winnow/encoding.hpp"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace std::string_view_literals;

constexpr std::string_view fffd = "\xEF\xBF\xBD";

/// Encodes UTF-8 text to bytes of an ICU converter (the test's independent encoder).
std::string encode(std::string_view utf8, const char* converter) {
    UErrorCode err = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    const int32_t n = ucnv_convert(converter, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                   static_cast<int32_t>(utf8.size()), &err);
    EXPECT_TRUE(U_SUCCESS(err)) << converter << ": " << u_errorName(err);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string decode_as_text(std::string_view bytes, std::string_view label, std::size_t expected_replacements = 0) {
    auto decoded = winnow::decode_as(bytes, label);
    EXPECT_TRUE(decoded) << label << ": " << decoded.error().message();
    if (!decoded) return {};
    EXPECT_EQ(decoded->replacements(), expected_replacements) << label;
    return std::string(decoded->text());
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

constexpr std::string_view chinese = "中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的社会主义国家。北京今天天气晴朗，气温较高。";
constexpr std::string_view traditional = "中華民國憲法第一條：中華民國基於三民主義，為民有民治民享之民主共和國。臺北今天的天氣很好。";
constexpr std::string_view japanese = "日本語のテキストです。東京は今日も晴れていて、多くの人が公園を散歩しています。";
constexpr std::string_view korean = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.";
constexpr std::string_view russian =
    "В начале было Слово, и Слово было у Бога, и Слово было Бог. Оно было в начале у Бога. Все чрез Него начало "
    "быть, и без Него ничто не начало быть, что начало быть. В Нем была жизнь, и жизнь была свет человеков.";
constexpr std::string_view polish =
    "Litwo! Ojczyzno moja! ty jesteś jak zdrowie. Ile cię trzeba cenić, ten tylko się dowie, Kto cię stracił. "
    "Dziś piękność twą w całej ozdobie Widzę i opisuję, bo tęsknię po tobie.";
constexpr std::string_view french = "Le cœur déçu mais l'âme plutôt naïve, Louÿs rêva de crapaüter en canoë au delà des îles.";

// --- labels --------------------------------------------------------------------------------------------------

TEST(EncodingLabels, CanonicalNamesAreTheirOwnLabels) {
    for (std::string_view name :
         {"UTF-8"sv, "IBM866"sv, "ISO-8859-2"sv, "ISO-8859-3"sv, "ISO-8859-4"sv, "ISO-8859-5"sv, "ISO-8859-6"sv,
          "ISO-8859-7"sv, "ISO-8859-8"sv, "ISO-8859-8-I"sv, "ISO-8859-10"sv, "ISO-8859-13"sv, "ISO-8859-14"sv,
          "ISO-8859-15"sv, "ISO-8859-16"sv, "KOI8-R"sv, "KOI8-U"sv, "macintosh"sv, "windows-874"sv, "windows-1250"sv,
          "windows-1251"sv, "windows-1252"sv, "windows-1253"sv, "windows-1254"sv, "windows-1255"sv, "windows-1256"sv,
          "windows-1257"sv, "windows-1258"sv, "x-mac-cyrillic"sv, "GBK"sv, "gb18030"sv, "Big5"sv, "EUC-JP"sv,
          "ISO-2022-JP"sv, "Shift_JIS"sv, "EUC-KR"sv, "replacement"sv, "UTF-16BE"sv, "UTF-16LE"sv,
          "x-user-defined"sv}) {
        EXPECT_EQ(winnow::encoding_for_label(name), name);
    }
}

TEST(EncodingLabels, MapsAliasesAsTheStandardDoes) {
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"}, {"x-unicode20utf8", "UTF-8"},
        {"gb2312", "GBK"}, {"chinese", "GBK"}, {"csgb2312", "GBK"}, {"csiso58gb231280", "GBK"}, {"gbk", "GBK"},
        {"iso-ir-58", "GBK"}, {"x-gbk", "GBK"}, {"gb_2312-80", "GBK"}, {"gb18030", "gb18030"},
        {"latin1", "windows-1252"}, {"iso-8859-1", "windows-1252"}, {"us-ascii", "windows-1252"},
        {"ascii", "windows-1252"}, {"cp1252", "windows-1252"}, {"l1", "windows-1252"},
        {"iso_8859-1:1987", "windows-1252"}, {"x-cp1252", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"},
        {"iso-8859-9", "windows-1254"}, {"latin5", "windows-1254"}, {"tis-620", "windows-874"},
        {"iso-8859-11", "windows-874"}, {"ks_c_5601-1987", "EUC-KR"}, {"euc-kr", "EUC-KR"},
        {"windows-949", "EUC-KR"}, {"korean", "EUC-KR"}, {"big5-hkscs", "Big5"}, {"x-x-big5", "Big5"},
        {"cn-big5", "Big5"}, {"csbig5", "Big5"}, {"sjis", "Shift_JIS"}, {"ms932", "Shift_JIS"},
        {"windows-31j", "Shift_JIS"}, {"x-sjis", "Shift_JIS"}, {"ms_kanji", "Shift_JIS"},
        {"csshiftjis", "Shift_JIS"}, {"shift-jis", "Shift_JIS"}, {"x-euc-jp", "EUC-JP"},
        {"cseucpkdfmtjapanese", "EUC-JP"}, {"csiso2022jp", "ISO-2022-JP"}, {"utf-16", "UTF-16LE"},
        {"utf-16le", "UTF-16LE"}, {"unicode", "UTF-16LE"}, {"ucs-2", "UTF-16LE"}, {"csunicode", "UTF-16LE"},
        {"iso-10646-ucs-2", "UTF-16LE"}, {"unicodefeff", "UTF-16LE"}, {"unicodefffe", "UTF-16BE"},
        {"utf-16be", "UTF-16BE"}, {"iso-2022-kr", "replacement"}, {"hz-gb-2312", "replacement"},
        {"iso-2022-cn", "replacement"}, {"iso-2022-cn-ext", "replacement"}, {"csiso2022kr", "replacement"},
        {"koi8-ru", "KOI8-U"}, {"koi", "KOI8-R"}, {"koi8_r", "KOI8-R"}, {"logical", "ISO-8859-8-I"},
        {"visual", "ISO-8859-8"}, {"iso-8859-6-i", "ISO-8859-6"}, {"x-mac-ukrainian", "x-mac-cyrillic"},
        {"mac", "macintosh"}, {"866", "IBM866"}, {"l9", "ISO-8859-15"}, {"sun_eu_greek", "ISO-8859-7"},
        {"dos-874", "windows-874"}, {"x-cp1250", "windows-1250"}, {"cp1258", "windows-1258"},
    };
    for (const auto& [label, name] : cases) EXPECT_EQ(winnow::encoding_for_label(label), name) << label;
}

TEST(EncodingLabels, IsCaseInsensitiveAndTrimsAsciiWhitespace) {
    EXPECT_EQ(winnow::encoding_for_label(" gb2312 "), "GBK");
    EXPECT_EQ(winnow::encoding_for_label("\t\n\f\r GB2312\r\n"), "GBK");
    EXPECT_EQ(winnow::encoding_for_label("LATIN1"), "windows-1252");
    EXPECT_EQ(winnow::encoding_for_label("Shift_JIS"), "Shift_JIS");
    EXPECT_EQ(winnow::encoding_for_label("uTf-8"), "UTF-8");
}

TEST(EncodingLabels, UnknownLabelsAreNullopt) {
    for (std::string_view label : {""sv, "   "sv, "utf 8"sv, "utf-7"sv, "utf-32"sv, "iso-8859-12"sv, "latin-1"sv,
                                   "\vutf-8"sv, "\xA0utf-8"sv, "utf-8\0"sv, "cseucpkdfmtjapanese!"sv,
                                   "a-label-that-is-far-too-long-to-be-any-label"sv, "x-user-defined2"sv}) {
        EXPECT_EQ(winnow::encoding_for_label(label), std::nullopt) << label;
    }
}

// --- prescan -------------------------------------------------------------------------------------------------

TEST(EncodingPrescan, FindsMetaCharsetInItsForms) {
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=\"koi8-r\">"), "KOI8-R");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset='koi8-r'>"), "KOI8-R");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=koi8-r>"), "KOI8-R");
    EXPECT_EQ(winnow::prescan_meta_charset("<META CHARSET=GB2312>"), "GBK");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta\ncharset = \" gbk \">"), "GBK");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta/charset=big5>"), "Big5");
    EXPECT_EQ(winnow::prescan_meta_charset("<!doctype html><html><head><meta charset=utf-8>"), "UTF-8");
    EXPECT_EQ(winnow::prescan_meta_charset("<metacharset=koi8-r>"), std::nullopt);
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=no-such-charset>"), std::nullopt);
    EXPECT_EQ(winnow::prescan_meta_charset(""), std::nullopt);
}

TEST(EncodingPrescan, ContentNeedsAPragma) {
    EXPECT_EQ(winnow::prescan_meta_charset(
                  "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"), "GBK");
    EXPECT_EQ(winnow::prescan_meta_charset(
                  "<meta content=\"text/html; charset=gb2312\" http-equiv=\"content-type\">"), "GBK");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta http-equiv=content-type content=text/html;charset=euc-jp>"),
              "EUC-JP");
    // Without http-equiv=content-type, content= alone does not count (need pragma).
    EXPECT_EQ(winnow::prescan_meta_charset("<meta content=\"text/html; charset=gb2312\">"), std::nullopt);
    EXPECT_EQ(winnow::prescan_meta_charset(
                  "<meta http-equiv=refresh content=\"text/html; charset=gb2312\">"), std::nullopt);
    // A charset attribute needs no pragma, and wins over content=.
    EXPECT_EQ(winnow::prescan_meta_charset(
                  "<meta content=\"text/html; charset=gb2312\" charset=koi8-r>"), "KOI8-R");
    // An unknown charset= leaves charset "failure", which content= does not replace.
    EXPECT_EQ(winnow::prescan_meta_charset(
                  "<meta charset=bogus http-equiv=content-type content=\"text/html; charset=gb2312\">"),
              std::nullopt);
}

TEST(EncodingPrescan, ExtractsCharsetFromContent) {
    const auto with = [](std::string_view content) {
        return winnow::prescan_meta_charset("<meta http-equiv=content-type content=\"" + std::string(content) + "\">");
    };
    EXPECT_EQ(with("text/html; charset='koi8-r'"), "KOI8-R");
    EXPECT_EQ(with("text/html; charset = koi8-r ; foo"), "KOI8-R");
    EXPECT_EQ(with("text/html; CHARSET=KOI8-R"), "KOI8-R");
    EXPECT_EQ(with("text/html; charsetx charset=koi8-r"), "KOI8-R");   // "charset" not followed by '='
    EXPECT_EQ(with("text/html; charset='koi8-r"), std::nullopt);       // unmatched quote
    EXPECT_EQ(with("text/html; charset="), std::nullopt);
    EXPECT_EQ(with("text/html"), std::nullopt);
}

TEST(EncodingPrescan, SkipsCommentsAndOtherMarkup) {
    EXPECT_EQ(winnow::prescan_meta_charset("<!-- <meta charset=koi8-r> --><meta charset=big5>"), "Big5");
    EXPECT_EQ(winnow::prescan_meta_charset("<!--><meta charset=big5>"), "Big5");   // "<!-->" is a whole comment
    EXPECT_EQ(winnow::prescan_meta_charset("<!-- unterminated <meta charset=big5>"), std::nullopt);
    EXPECT_EQ(winnow::prescan_meta_charset("<title a='<meta charset=koi8-r>'></title><meta charset=big5>"), "Big5");
    EXPECT_EQ(winnow::prescan_meta_charset("<! <meta charset=koi8-r>><meta charset=big5>"), "Big5");
    EXPECT_EQ(winnow::prescan_meta_charset("</meta charset=koi8-r><meta charset=big5>"), "Big5");
    EXPECT_EQ(winnow::prescan_meta_charset("<?xml encoding='koi8-r'?><meta charset=big5>"), "Big5");
    // Duplicate attributes: the first one counts.
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=big5 charset=koi8-r>"), "Big5");
}

TEST(EncodingPrescan, AppliesTheUtf16AndUserDefinedFixups) {
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=utf-16>"), "UTF-8");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=utf-16be>"), "UTF-8");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=x-user-defined>"), "windows-1252");
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=iso-2022-kr>"), "replacement");
}

TEST(EncodingPrescan, StopsAtMaxBytes) {
    const std::string page = "<html>" + std::string(2000, ' ') + "<meta charset=koi8-r>";
    EXPECT_EQ(winnow::prescan_meta_charset(page), std::nullopt);
    EXPECT_EQ(winnow::prescan_meta_charset(page, 4096), "KOI8-R");
    // A tag cut by the window finds nothing.
    EXPECT_EQ(winnow::prescan_meta_charset("<meta charset=koi8-r>", 18), std::nullopt);
}

// --- sniffing order ------------------------------------------------------------------------------------------

TEST(EncodingSniff, BomBeatsCallerBeatsMetaBeatsDetector) {
    const std::string meta = "<meta charset=koi8-r>" + encode(russian, "KOI8-R");
    auto d = winnow::sniff_encoding("\xEF\xBB\xBF" + meta, "big5");
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_EQ(d.source, winnow::encoding_source::byte_order_mark);
    EXPECT_EQ(d.bom_length, 3U);
    d = winnow::sniff_encoding("\xFF\xFE" + meta, "big5");
    EXPECT_EQ(d.encoding, "UTF-16LE");
    EXPECT_EQ(d.bom_length, 2U);
    d = winnow::sniff_encoding("\xFE\xFF" + meta);
    EXPECT_EQ(d.encoding, "UTF-16BE");
    EXPECT_EQ(d.bom_length, 2U);

    d = winnow::sniff_encoding(meta, " BIG5 ");
    EXPECT_EQ(d.encoding, "Big5");
    EXPECT_EQ(d.source, winnow::encoding_source::caller);
    EXPECT_EQ(d.bom_length, 0U);

    d = winnow::sniff_encoding(meta, "no-such-label");   // ignored
    EXPECT_EQ(d.encoding, "KOI8-R");
    EXPECT_EQ(d.source, winnow::encoding_source::meta_prescan);

    const std::string late = "<html><head><script>" + std::string(3000, 'x') + "</script><meta charset=gbk>" +
                             encode(repeat(chinese, 4), "GBK");
    d = winnow::sniff_encoding(late);
    EXPECT_EQ(d.encoding, "GBK");
    EXPECT_EQ(d.source, winnow::encoding_source::late_meta);

    const std::string too_late = "<html>" + std::string(70000, ' ') + "<meta charset=koi8-r>" + encode(chinese, "GBK");
    d = winnow::sniff_encoding(too_late);
    EXPECT_EQ(d.source, winnow::encoding_source::detector);
    EXPECT_EQ(d.encoding, "gb18030");

    d = winnow::sniff_encoding("<p>" + std::string(chinese) + "</p>");
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_EQ(d.source, winnow::encoding_source::detector);

    d = winnow::sniff_encoding("<p>plain ASCII</p>");
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_EQ(d.source, winnow::encoding_source::default_utf8);
    d = winnow::sniff_encoding("");
    EXPECT_EQ(d.source, winnow::encoding_source::default_utf8);
}

TEST(EncodingSniff, Utf16WithoutAByteOrderMarkIsToldByItsZeros) {
    const std::string page = "<html><head><title>T\xC3\xADtulo</title></head><body><p>\xE4\xB8\xAD\xE6\x96\x87 "
                             "and some English text in a paragraph.</p></body></html>";
    const std::string le = encode(page, "UTF-16LE");   // ICU writes no BOM for these
    const std::string be = encode(page, "UTF-16BE");
    ASSERT_NE(le.substr(0, 2), "\xFF\xFE");
    EXPECT_EQ(winnow::sniff_utf16(le), std::optional<std::string_view>("UTF-16LE"));
    EXPECT_EQ(winnow::sniff_utf16(be), std::optional<std::string_view>("UTF-16BE"));
    const auto decision = winnow::sniff_encoding(le);
    EXPECT_EQ(decision.encoding, "UTF-16LE");
    EXPECT_EQ(decision.source, winnow::encoding_source::detector);
    const auto decoded = winnow::decode(be);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->text(), page);
    // A caller's label still wins; ASCII, UTF-8 and binary data are not UTF-16.
    EXPECT_EQ(winnow::sniff_encoding(le, "utf-16be").encoding, "UTF-16BE");
    EXPECT_FALSE(winnow::sniff_utf16(page));
    EXPECT_FALSE(winnow::sniff_utf16(std::string(64, '\0')));                       // NUL code units
    std::string binary;
    for (int i = 0; i < 512; ++i) binary += static_cast<char>(i % 3 == 0 ? 0 : i * 37);   // zeros in both places
    EXPECT_FALSE(winnow::sniff_utf16(binary));
    EXPECT_FALSE(winnow::sniff_utf16(encode("<p>x</p>", "UTF-16LE")));               // too short to tell
}

TEST(EncodingSniff, ToStringNamesEverySource) {
    EXPECT_EQ(winnow::to_string(winnow::encoding_source::byte_order_mark), "bom");
    EXPECT_EQ(winnow::to_string(winnow::encoding_source::caller), "caller");
    EXPECT_EQ(winnow::to_string(winnow::encoding_source::meta_prescan), "meta");
    EXPECT_EQ(winnow::to_string(winnow::encoding_source::late_meta), "late-meta");
    EXPECT_EQ(winnow::to_string(winnow::encoding_source::detector), "detector");
    EXPECT_EQ(winnow::to_string(winnow::encoding_source::default_utf8), "default");
}

// --- detector ------------------------------------------------------------------------------------------------

int icu_confidence(std::string_view bytes, std::string_view name) {
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector* det = ucsdet_open(&err);
    ucsdet_enableInputFilter(det, true);
    ucsdet_setText(det, bytes.data(), static_cast<int32_t>(bytes.size()), &err);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(det, &count, &err);
    int confidence = -1;
    for (int32_t i = 0; i < count; ++i) {
        if (ucsdet_getName(matches[i], &err) == name) {
            confidence = ucsdet_getConfidence(matches[i], &err);
            break;
        }
    }
    ucsdet_close(det);
    return confidence;
}

TEST(EncodingDetector, PicksLegacyCjkEncodings) {
    const std::vector<std::tuple<std::string_view, const char*, std::string_view>> cases = {
        {chinese, "GBK", "gb18030"},            // ICU names GB18030; its decoder is the one GBK uses
        {traditional, "Big5", "Big5"},
        {japanese, "Shift_JIS", "Shift_JIS"},
        {japanese, "EUC-JP", "EUC-JP"},
        {korean, "windows-949-2000", "EUC-KR"},
    };
    for (const auto& [text, converter, expected] : cases) {
        const std::string page = "<html><body><p>" + encode(repeat(text, 3), converter) + "</p></body></html>";
        const auto d = winnow::sniff_encoding(page);
        EXPECT_EQ(d.encoding, expected) << converter;
        EXPECT_EQ(d.source, winnow::encoding_source::detector) << converter;
        auto decoded = winnow::decode(page);
        ASSERT_TRUE(decoded);
        EXPECT_EQ(decoded->replacements(), 0U) << converter;
        EXPECT_EQ(decoded->text(), "<html><body><p>" + repeat(text, 3) + "</p></body></html>") << converter;
    }
}

TEST(EncodingDetector, ThresholdSitsAboveTheNoiseFloorAndBelowProse) {
    // Why 20: running prose scores well above it in its own charset...
    const std::string cp1251 = "<p>" + encode(russian, "windows-1251") + "</p>";
    const std::string koi8 = "<p>" + encode(russian, "KOI8-R") + "</p>";
    const std::string cp1250 = "<p>" + encode(polish, "windows-1250") + "</p>";
    EXPECT_GE(icu_confidence(cp1251, "windows-1251"), 35);
    EXPECT_GE(icu_confidence(koi8, "KOI8-R"), 35);
    EXPECT_GE(icu_confidence(cp1250, "windows-1250"), 30);
    EXPECT_EQ(winnow::sniff_encoding(cp1251).encoding, "windows-1251");
    EXPECT_EQ(winnow::sniff_encoding(koi8).encoding, "KOI8-R");
    EXPECT_EQ(winnow::sniff_encoding(cp1250).encoding, "windows-1250");
    auto decoded = winnow::decode(koi8);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->text(), "<p>" + std::string(russian) + "</p>");
    EXPECT_EQ(decoded->source(), winnow::encoding_source::detector);
    // ...while ICU's UTF-16 recognizers give 10 to anything without a BOM, and a pangram of rare words gets 11
    // for the right charset: too weak to act on, so the page falls back to UTF-8.
    const std::string pangram = encode("Съешь же ещё этих мягких французских булок, да выпей чаю.", "windows-1251");
    EXPECT_EQ(icu_confidence(pangram, "UTF-16LE"), 10);
    EXPECT_EQ(icu_confidence(cp1251, "UTF-16BE"), 10);
    EXPECT_LT(icu_confidence(pangram, "windows-1251"), 20);
    const auto d = winnow::sniff_encoding(pangram);
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_EQ(d.source, winnow::encoding_source::default_utf8);
    // Latin text: ICU says ISO-8859-1 or windows-1252, both windows-1252 per the standard.
    const std::string latin = "<p>" + encode(french, "windows-1252") + "</p>";
    EXPECT_EQ(winnow::sniff_encoding(latin).encoding, "windows-1252");
}

TEST(EncodingDetector, NearlyValidUtf8IsUtf8) {
    // Cut in the middle of a character, or with one bad byte: ICU alone would say windows-1252.
    const std::string text = "<p>" + repeat(chinese, 2) + "</p>";
    const std::string cut = text.substr(0, text.size() - 6);
    auto d = winnow::sniff_encoding(cut);
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_EQ(d.source, winnow::encoding_source::detector);
    std::string bad = text;
    bad[40] = '\xFF';
    EXPECT_EQ(winnow::sniff_encoding(bad).encoding, "UTF-8");
    auto decoded = winnow::decode(bad);
    ASSERT_TRUE(decoded);
    EXPECT_TRUE(decoded->converted());
    EXPECT_GE(decoded->replacements(), 1U);
    EXPECT_LE(decoded->replacements(), 3U);
}

// --- decoding ------------------------------------------------------------------------------------------------

TEST(EncodingDecode, ValidUtf8IsNotCopied) {
    const std::string page = "<p>" + std::string(chinese) + "</p>";
    auto decoded = winnow::decode(page);
    ASSERT_TRUE(decoded);
    EXPECT_FALSE(decoded->converted());
    EXPECT_EQ(decoded->text().data(), page.data());
    EXPECT_EQ(decoded->text().size(), page.size());
    EXPECT_EQ(decoded->encoding(), "UTF-8");
    EXPECT_EQ(decoded->replacements(), 0U);

    const std::string with_bom = "\xEF\xBB\xBF" + page;
    decoded = winnow::decode(with_bom);
    ASSERT_TRUE(decoded);
    EXPECT_FALSE(decoded->converted());
    EXPECT_EQ(decoded->text().data(), with_bom.data() + 3);
    EXPECT_EQ(decoded->source(), winnow::encoding_source::byte_order_mark);

    auto as = winnow::decode_as(page, "utf8");
    ASSERT_TRUE(as);
    EXPECT_FALSE(as->converted());
    EXPECT_EQ(as->text().data(), page.data());
    EXPECT_EQ(as->source(), winnow::encoding_source::caller);
    // decode_as skips no BOM.
    as = winnow::decode_as(with_bom, "utf-8");
    ASSERT_TRUE(as);
    EXPECT_EQ(as->text().data(), with_bom.data());
}

TEST(EncodingDecode, InvalidUtf8GetsOneReplacementPerMaximalSubpart) {
    const std::vector<std::tuple<std::string_view, std::string, std::size_t>> cases = {
        {"a\x80z", "a" + std::string(fffd) + "z", 1},
        {"\xC0\xAF", repeat(fffd, 2), 2},                              // overlong lead bytes
        {"\xE0\x80\x80", repeat(fffd, 3), 3},                          // overlong 3-byte
        {"\xED\xA0\x80", repeat(fffd, 3), 3},                          // surrogate
        {"\xF4\x90\x80\x80", repeat(fffd, 4), 4},                      // past U+10FFFF
        {"\xF0\x80\x80", repeat(fffd, 3), 3},
        {"\xE2\x82", std::string(fffd), 1},                            // truncated at the end
        {"\xE2\x82z", std::string(fffd) + "z", 1},                     // one maximal subpart
        {"\xF1\x80\x80z", std::string(fffd) + "z", 1},
        {"\xF1\x80\x80\xE2\x82\xAC", std::string(fffd) + "€", 1},
        {"\xFF\xFE\xFD", repeat(fffd, 3), 3},
        {"ok \xE2\x82\xAC", "ok €", 0},
    };
    for (const auto& [bytes, expected, count] : cases) {
        EXPECT_EQ(decode_as_text(bytes, "utf-8", count), expected);
    }
    // The same through decode(), with the caller's label.
    auto decoded = winnow::decode("caf\xE9 \xE2\x82\xAC", {.caller_label = "utf-8"});
    ASSERT_TRUE(decoded);
    EXPECT_TRUE(decoded->converted());
    EXPECT_EQ(decoded->text(), "caf" + std::string(fffd) + " €");
    EXPECT_EQ(decoded->replacements(), 1U);
}

TEST(EncodingDecode, IsValidUtf8) {
    EXPECT_TRUE(winnow::is_valid_utf8(""));
    EXPECT_TRUE(winnow::is_valid_utf8("plain"));
    EXPECT_TRUE(winnow::is_valid_utf8("\xF4\x8F\xBF\xBF \xEF\xBF\xBF \xF0\x90\x80\x80 \xC2\x80"));
    for (std::string_view bad : {"\x80"sv, "\xC1\xBF"sv, "\xE0\x9F\xBF"sv, "\xED\xA0\x80"sv, "\xF4\x90\x80\x80"sv,
                                 "\xF5\x80\x80\x80"sv, "\xE2\x82"sv, "\xF0\x9F\x98"sv, "\xC2"sv, "\xC2 "sv}) {
        EXPECT_FALSE(winnow::is_valid_utf8(bad)) << testing::PrintToString(bad);
    }
    // Errors at every offset around the 16- and 32-byte fast paths.
    for (std::size_t at = 0; at < 70; ++at) {
        std::string s(70, 'a');
        s[at] = '\xE2';
        EXPECT_FALSE(winnow::is_valid_utf8(s)) << at;
        if (at + 2 < s.size()) {
            s[at + 1] = '\x82';
            s[at + 2] = '\xAC';
            EXPECT_TRUE(winnow::is_valid_utf8(s)) << at;
        }
    }
}

TEST(EncodingDecode, RoundTripsEveryFamily) {
    struct round_trip {
        std::string_view text;
        const char* icu_encoder;   // the test's own encoder
        std::string_view label;
    };
    const std::vector<round_trip> cases = {
        {chinese, "GBK", "gb2312"},
        {"𠀀𪚥 €", "gb18030", "gb18030"},          // four-byte sequences
        {traditional, "Big5", "big5"},
        {japanese, "Shift_JIS", "shift_jis"},
        {japanese, "EUC-JP", "euc-jp"},
        {japanese, "ISO-2022-JP", "iso-2022-jp"},
        {korean, "windows-949-2000", "euc-kr"},
        {russian, "windows-1251", "windows-1251"},
        {russian, "KOI8-R", "koi8-r"},
        {russian, "ibm-866_P100-1995", "ibm866"},
        {russian, "macos-7_3-10.2", "x-mac-cyrillic"},
        {"Ελληνικά γράμματα, η Αθήνα", "ISO-8859-7", "iso-8859-7"},
        {"Ελληνικά", "windows-1253", "windows-1253"},
        {"Zażółć gęślą jaźń", "ISO-8859-2", "latin2"},
        {"Zażółć gęślą jaźń", "windows-1250", "windows-1250"},
        {"שלום עולם", "windows-1255", "windows-1255"},
        {"שלום עולם", "ISO-8859-8", "iso-8859-8-i"},
        {"مرحبا بالعالم", "windows-1256", "windows-1256"},
        {"مرحبا بالعالم", "ISO-8859-6", "iso-8859-6"},
        {"Türkçe ğüşıöç", "windows-1254", "iso-8859-9"},
        {"Ăn Ơn Ưu Đ ₫", "windows-1258", "windows-1258"},
        {"Lietuvių kalba", "windows-1257", "windows-1257"},
        {"Lietuvių kalba", "ISO-8859-13", "iso-8859-13"},
        {"ภาษาไทย", "windows-874-2000", "tis-620"},
        {french, "windows-1252", "latin1"},
        {"€ Œuvre ŠŽ", "ISO-8859-15", "l9"},
        {"Crème brûlée ©", "macos-0_2-10.2", "macintosh"},
        {"Українська ґ", "KOI8-U", "koi8-u"},
        {"Føroyskt ðŧ", "ISO-8859-10", "latin6"},
        {"Ŵelsh ẁ ẃ", "ISO-8859-14", "iso-8859-14"},
        {"Ħal Għargħur", "ISO-8859-3", "latin3"},
        {"Ķīlis ŗ", "ISO-8859-4", "latin4"},
        {"Кирилица", "ISO-8859-5", "cyrillic"},
        {"Unicode 😀 text", "UTF-16LE", "utf-16le"},
        {"Unicode 😀 text", "UTF-16BE", "utf-16be"},
    };
    for (const auto& c : cases) {
        const std::string bytes = encode(c.text, c.icu_encoder);
        EXPECT_NE(bytes, c.text) << c.label;
        EXPECT_EQ(decode_as_text(bytes, c.label), c.text) << c.label;
    }
    // ISO-8859-16 (not in ICU's data): Romanian ș ț and € by hand.
    EXPECT_EQ(decode_as_text("\xBA\xFE \xAA\xDE \xA4 \xA5\xB5", "iso-8859-16"), "șț ȘȚ € „”");
}

TEST(EncodingDecode, HandBuiltBytes) {
    EXPECT_EQ(decode_as_text("\xD6\xD0\xCE\xC4", "gbk"), "中文");
    EXPECT_EQ(decode_as_text("\xB6\xC0", "shift_jis"), "ｶﾀ");               // half-width katakana
    EXPECT_EQ(decode_as_text("\x8E\xB6\x8E\xC0", "euc-jp"), "ｶﾀ");
    EXPECT_EQ(decode_as_text("\x1B(I6@\x1B(B", "iso-2022-jp"), "ｶﾀ");
    EXPECT_EQ(decode_as_text("\x81\x30\x81\x30", "gb18030"), "\xC2\x80");   // first four-byte code, U+0080
    EXPECT_EQ(decode_as_text("\xA4\xA4\xA4\xE5", "big5"), "中文");
    EXPECT_EQ(decode_as_text("\x93\xFA\x96\x7B", "sjis"), "日本");
    EXPECT_EQ(decode_as_text("\xC6\xFC\xCB\xDC", "euc-jp"), "日本");
    EXPECT_EQ(decode_as_text("\x1B$B;3\x1B(B", "iso-2022-jp"), "山");
    EXPECT_EQ(decode_as_text("\xC7\xD1\xB1\xB9", "euc-kr"), "한국");
    EXPECT_EQ(decode_as_text("\x81\x41", "euc-kr"), "갂");                  // UHC extension (windows-949)
    EXPECT_EQ(decode_as_text("\xD0\xD2\xC9\xD7\xC5\xD4", "koi8-r"), "привет");
    EXPECT_EQ(decode_as_text("\x80\x81\x8D\x9F", "windows-1252"), "€\xC2\x81\xC2\x8DŸ");
    EXPECT_EQ(decode_as_text("\x41\x00\xAC\x20\x3D\xD8\x00\xDE"sv, "utf-16le"), "A€😀");
    EXPECT_EQ(decode_as_text("\x00\x41\x20\xAC\xD8\x3D\xDE\x00"sv, "utf-16be"), "A€😀");
}

TEST(EncodingDecode, WhatwgCorrectionsOfIcuTables) {
    // gb18030 / GBK: 0x80 is the euro sign; GB18030-2022 code points instead of the PUA.
    EXPECT_EQ(decode_as_text("\x80", "gbk"), "€");
    EXPECT_EQ(decode_as_text("\xA6\xD9\xFE\x59\xA3\xA0", "gbk"), "\uFE10\u9FB4\u3000");
    // Shift_JIS: 0x80 is U+0080; control bytes are themselves (ICU's IBM table swaps 0x1A, 0x1C, 0x7F).
    EXPECT_EQ(decode_as_text("\x80", "shift_jis"), "\xC2\x80");
    EXPECT_EQ(decode_as_text("\x1A\x1C\x7F", "shift_jis"), "\x1A\x1C\x7F");
    EXPECT_EQ(decode_as_text("\x82\x7F", "shift_jis", 1), std::string(fffd) + "\x7F");
    // Single-byte index differences.
    EXPECT_EQ(decode_as_text("\xAE\xBE", "koi8-u"), "ўЎ");
    EXPECT_EQ(decode_as_text("\xCA", "windows-1255"), "\u05BA");
    EXPECT_EQ(decode_as_text("\xAA", "windows-1253", 1), fffd);
    EXPECT_EQ(decode_as_text("\xDB\xFF", "windows-874", 2), repeat(fffd, 2));
    // EUC-KR's user-defined area and a lone 0x80 are errors, as are EUC-JP's lone C1 bytes.
    EXPECT_EQ(decode_as_text("\xC9\xA1", "euc-kr", 1), fffd);
    EXPECT_EQ(decode_as_text("a\x80z", "euc-kr", 1), "a" + std::string(fffd) + "z");
    EXPECT_EQ(decode_as_text("a\x85z", "euc-jp", 1), "a" + std::string(fffd) + "z");
    // Big5: no PUA.
    EXPECT_EQ(decode_as_text("\x81\xA1", "big5", 1), fffd);
}

TEST(EncodingDecode, InvalidSequencesBecomeReplacementCharacters) {
    // An ASCII byte after an invalid lead goes back to the stream.
    EXPECT_EQ(decode_as_text("\x81<p>", "gbk", 1), std::string(fffd) + "<p>");
    EXPECT_EQ(decode_as_text("\xA4<\xA4\xA4", "big5", 1), std::string(fffd) + "<中");
    EXPECT_EQ(decode_as_text("\x82\x40x", "sjis", 1), std::string(fffd) + "@x");   // unassigned pair
    EXPECT_EQ(decode_as_text("\x85\x40", "euc-kr", 1), std::string(fffd) + "@");
    EXPECT_EQ(decode_as_text("\xC6>", "euc-jp", 1), std::string(fffd) + ">");
    // Truncated at the end.
    EXPECT_EQ(decode_as_text("ab\xD6", "gbk", 1), "ab" + std::string(fffd));
    EXPECT_EQ(decode_as_text("ab\x93", "shift_jis", 1), "ab" + std::string(fffd));
    // UTF-16: unpaired surrogates and an odd final byte.
    EXPECT_EQ(decode_as_text("\x00\xD8\x41\x00"sv, "utf-16le", 1), std::string(fffd) + "A");
    EXPECT_EQ(decode_as_text("\x00\xDC\x41\x00"sv, "utf-16le", 1), std::string(fffd) + "A");
    EXPECT_EQ(decode_as_text("\x41\x00\x42"sv, "utf-16le", 1), "A" + std::string(fffd));
    EXPECT_EQ(decode_as_text("\xD8\x3D"sv, "utf-16be", 1), fffd);
    // Single-byte holes.
    EXPECT_EQ(decode_as_text("\xA1", "iso-8859-6", 1), fffd);
    EXPECT_EQ(decode_as_text("x\xA5y", "windows-1257", 1), "x" + std::string(fffd) + "y");
}

TEST(EncodingDecode, NeverWritesIcusSubstitutionCharacter) {
    // ICU's default callback writes U+001A where a table's substitution byte is 0x1A; ours writes U+FFFD.
    const std::string garbage = "\x80\x81\x82\xA0\xA1\xFD\xFE\xFF\x81\x20\xFE\xFE\x8E\xFF\x8F\xA1\x1B$Bzz\xC9";
    for (std::string_view label : {"gbk"sv, "gb18030"sv, "big5"sv, "shift_jis"sv, "euc-jp"sv, "iso-2022-jp"sv,
                                   "euc-kr"sv, "windows-1253"sv, "windows-874"sv, "iso-8859-8"sv, "utf-8"sv}) {
        auto decoded = winnow::decode_as(garbage, label);
        ASSERT_TRUE(decoded) << label;
        EXPECT_EQ(decoded->text().find('\x1A'), std::string_view::npos) << label;
        EXPECT_GT(decoded->replacements(), 0U) << label;
        EXPECT_NE(decoded->text().find(fffd), std::string_view::npos) << label;
    }
}

TEST(EncodingDecode, ReplacementAndUserDefined) {
    EXPECT_EQ(decode_as_text("anything at all", "iso-2022-kr", 1), fffd);
    EXPECT_EQ(decode_as_text("", "hz-gb-2312", 0), "");
    EXPECT_EQ(decode_as_text("a\x80\xFF", "x-user-defined"), "a\uF780\uF7FF");
}

TEST(EncodingDecode, LargeInputsCrossConverterBlocks) {
    // More than one 8 Ki-unit ICU block, with surrogate pairs that straddle block boundaries.
    const std::string emoji = repeat("x😀", 9000);
    EXPECT_EQ(decode_as_text(encode(emoji, "UTF-16LE"), "utf-16le"), emoji);
    EXPECT_EQ(decode_as_text(encode(emoji, "gb18030"), "gb18030"), emoji);
    const std::string text = repeat(chinese, 500);
    EXPECT_EQ(decode_as_text(encode(text, "GBK"), "gbk"), text);
    EXPECT_EQ(decode_as_text(encode(repeat(russian, 500), "windows-1251"), "cp1251"), repeat(russian, 500));
}

TEST(EncodingDecode, ErrorsForLimitsAndUnknownLabels) {
    winnow::limits small;
    small.max_input_bytes = 10;
    auto r = winnow::decode("0123456789A", {.caller_label = {}, .limits = small});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), winnow::errc::input_too_large);
    EXPECT_TRUE(winnow::decode("0123456789", {.caller_label = {}, .limits = small}));
    r = winnow::decode_as("0123456789A", "gbk", small);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), winnow::errc::input_too_large);
    r = winnow::decode_as("abc", "utf-7");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), winnow::errc::unknown_encoding);
}

TEST(EncodingDecode, ArbitraryBytesDecodeToValidUtf8) {
    // A small deterministic generator (xorshift) keeps the test reproducible.
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const std::string_view alphabet = "<>/=\"' \n!-?metachrsMETA;:x\x1B$B(J\x80\x81\xA1\xFE\xFF\xC3\xE2\xF0\x00\xD8\x8E\x8F"sv;
    const std::vector<std::string_view> labels = {
        "utf-8", "gbk", "gb18030", "big5", "shift_jis", "euc-jp", "iso-2022-jp", "euc-kr", "utf-16le", "utf-16be",
        "windows-1252", "iso-8859-16", "koi8-u", "x-user-defined", "replacement", "windows-874", "ibm866"};
    for (int round = 0; round < 300; ++round) {
        std::string bytes(next() % 600, '\0');
        for (char& c : bytes) {
            const std::uint64_t r = next();
            c = (r & 1) ? static_cast<char>(r >> 8) : alphabet[(r >> 8) % alphabet.size()];
        }
        auto decoded = winnow::decode(bytes);
        ASSERT_TRUE(decoded);
        EXPECT_TRUE(winnow::is_valid_utf8(decoded->text()));
        (void)winnow::prescan_meta_charset(bytes, bytes.size());
        for (std::string_view label : labels) {
            auto as = winnow::decode_as(bytes, label);
            ASSERT_TRUE(as) << label;
            EXPECT_TRUE(winnow::is_valid_utf8(as->text())) << label;
            // No U+001A from ICU's substitution: it appears only where the input has the byte 0x1A.
            if (bytes.find('\x1A') == std::string::npos) {
                EXPECT_EQ(as->text().find('\x1A'), std::string_view::npos) << label;
            }
        }
    }
}

TEST(EncodingDecode, DecodeReportsDecision) {
    const std::string page = "<meta charset=gb2312><p>" + encode(chinese, "GBK");
    auto decoded = winnow::decode(page);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->encoding(), "GBK");
    EXPECT_EQ(decoded->source(), winnow::encoding_source::meta_prescan);
    EXPECT_TRUE(decoded->converted());
    EXPECT_EQ(decoded->text(), "<meta charset=gb2312><p>" + std::string(chinese));

    const std::string utf16 = "\xFF\xFE" + encode("<p>Grüße</p>", "UTF-16LE");
    decoded = winnow::decode(utf16);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->encoding(), "UTF-16LE");
    EXPECT_EQ(decoded->text(), "<p>Grüße</p>");   // the BOM is not part of the text
}

}  // namespace

TEST(EncodingSniff, ValidUtf8BeatsAStaleMetaUnlessStrict) {
    // A crawler re-encoded this GBK page to UTF-8 and left its declaration.
    const std::string page =
        "<html><head><meta charset=\"gb2312\"></head><body><p>"
        "\xE8\x8B\xB1\xE4\xBC\x9F\xE8\xBE\xBE\xE6\x95\xB0\xE6\x8D\xAE\xE4\xB8\xAD\xE5\xBF\x83\xE4\xB8\x9A\xE5\x8A\xA1"
        "</p></body></html>";
    EXPECT_EQ(winnow::sniff_encoding(page).encoding, "UTF-8");
    EXPECT_EQ(winnow::sniff_encoding(page, {}, /*strict=*/true).encoding, "GBK");
    const auto decoded = winnow::decode(page);
    ASSERT_TRUE(decoded);
    EXPECT_FALSE(decoded->converted());
    // A short run that happens to be well-formed is not convincing: the <meta> stands.
    const std::string short_page = "<meta charset=\"gb2312\"><p>\xE8\x8B\xB1</p>";
    EXPECT_EQ(winnow::sniff_encoding(short_page).encoding, "GBK");
}
