// The extraction-quality scorer (bench/quality/scoring.hpp): every expected figure below is worked out by
// hand from the rules in ../shared/datasets/README.md.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "quality/evaluation.hpp"
#include "quality/scoring.hpp"
#include "winnow/extract.hpp"

namespace {

namespace q = winnow::quality;
using strings = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------------------
// Whitespace folding and the snippet metric

TEST(ScoringWhitespace, FoldsEveryUnicodeWhiteSpaceRunToOneSpace) {
    EXPECT_EQ(q::fold_whitespace("a \t\r\n b"), "a b");
    EXPECT_EQ(q::fold_whitespace("a\xC2\xA0\xC2\xA0" "b"), "a b");           // NBSP NBSP
    EXPECT_EQ(q::fold_whitespace("\xE4\xB8\xAD\xE3\x80\x80\xE6\x96\x87"), "\xE4\xB8\xAD \xE6\x96\x87");   // 中　文
    EXPECT_EQ(q::fold_whitespace("x\xE2\x80\xAF\n\xE2\x80\xA8y"), "x y");  // U+202F, LF, U+2028
    EXPECT_EQ(q::fold_whitespace("  lead and trail  "), " lead and trail ");   // folded, not trimmed
}

TEST(ScoringWhitespace, KeepsWhatIsNotWhiteSpace) {
    // U+200B ZERO WIDTH SPACE and U+FEFF are not White_Space; malformed bytes pass through unchanged.
    EXPECT_EQ(q::fold_whitespace("a\xE2\x80\x8B" "b"), "a\xE2\x80\x8B" "b");
    EXPECT_EQ(q::fold_whitespace("a\xFF \xC3"), "a\xFF \xC3");
    EXPECT_EQ(q::fold_whitespace(""), "");
}

TEST(ScoringSnippets, SubstringTestAfterFoldingBothSides) {
    const std::string extraction = "Hello\xC2\xA0world.\n\nSecond  paragraph here.";
    const strings with = {"Hello world", "world. Second", "Hello\xC2\xA0\xC2\xA0world", "missing text"};
    const strings without = {"Second paragraph", "absent", "here. "};
    const auto outcome = q::score_snippets(extraction, with, without);
    EXPECT_EQ(outcome.counts, (q::snippet_counts{.tp = 3, .fn = 1, .fp = 1, .tn = 2}));
    EXPECT_EQ(outcome.missing_with, strings{"missing text"});
    EXPECT_EQ(outcome.found_without, strings{"Second paragraph"});
}

TEST(ScoringSnippets, EmptyExtractionMissesEveryWithAndFindsNoWithout) {
    const auto outcome = q::score_snippets("", strings{"a", "b"}, strings{"c"});
    EXPECT_EQ(outcome.counts, (q::snippet_counts{.tp = 0, .fn = 2, .fp = 0, .tn = 1}));
}

TEST(ScoringSnippets, CaseMatters) {
    EXPECT_EQ(q::score_snippets("Hello World", strings{"hello world"}, {}).counts.fn, 1u);
}

TEST(ScoringSnippets, SetFiguresFromSummedCounts) {
    q::snippet_counts total{.tp = 1, .fn = 1, .fp = 0, .tn = 2};
    total += q::snippet_counts{.tp = 2, .fn = 0, .fp = 2, .tn = 2};
    EXPECT_EQ(total, (q::snippet_counts{.tp = 3, .fn = 1, .fp = 2, .tn = 4}));
    const auto s = q::snippet_scores(total);
    EXPECT_DOUBLE_EQ(s.precision, 3.0 / 5.0);
    EXPECT_DOUBLE_EQ(s.recall, 3.0 / 4.0);
    EXPECT_DOUBLE_EQ(s.f1, 6.0 / 9.0);   // 2TP/(2TP+FP+FN)

    const auto none = q::snippet_scores({.tp = 0, .fn = 0, .fp = 0, .tn = 5});
    EXPECT_EQ(none.precision, 0.0);
    EXPECT_EQ(none.recall, 0.0);
    EXPECT_EQ(none.f1, 0.0);
}

// ---------------------------------------------------------------------------------------------------------
// Tokens of the body metric

TEST(ScoringTokens, WordRunsSplitOnEverythingElse) {
    EXPECT_EQ(q::body_tokens("Hello, world_2 foo-bar don't"), (strings{"Hello", "world_2", "foo", "bar", "don", "t"}));
    EXPECT_EQ(q::body_tokens("Word word WORD"), (strings{"Word", "word", "WORD"}));   // case kept
    EXPECT_EQ(q::body_tokens("_a_ 3.14"), (strings{"_a_", "3", "14"}));
    EXPECT_TRUE(q::body_tokens("").empty());
    EXPECT_TRUE(q::body_tokens(" ,.!? \xE2\x80\x94 ").empty());   // punctuation and an em dash only
}

TEST(ScoringTokens, LettersOfAnyScriptAndCombiningMarks) {
    EXPECT_EQ(q::body_tokens("caf\xC3\xA9 na\xC3\xAFve"), (strings{"caf\xC3\xA9", "na\xC3\xAFve"}));
    // Decomposed é (e + U+0301 COMBINING ACUTE ACCENT) stays one token: marks are word characters.
    EXPECT_EQ(q::body_tokens("cafe\xCC\x81 x"), (strings{"cafe\xCC\x81", "x"}));
    // Cyrillic and Hangul are word runs, not one token per character.
    EXPECT_EQ(q::body_tokens("\xD0\x9C\xD0\xB8\xD1\x80 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"),
              (strings{"\xD0\x9C\xD0\xB8\xD1\x80", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"}));   // Мир 한국어
    // Fullwidth digits are numbers of script Common: a word run.
    EXPECT_EQ(q::body_tokens("\xEF\xBC\x91\xEF\xBC\x92"), (strings{"\xEF\xBC\x91\xEF\xBC\x92"}));   // １２
}

TEST(ScoringTokens, EachHanCharacterIsOneToken) {
    // 中文abc测试123 → 中 文 abc 测 试 123
    EXPECT_EQ(q::body_tokens("\xE4\xB8\xAD\xE6\x96\x87" "abc\xE6\xB5\x8B\xE8\xAF\x95" "123"),
              (strings{"\xE4\xB8\xAD", "\xE6\x96\x87", "abc", "\xE6\xB5\x8B", "\xE8\xAF\x95", "123"}));
    // 你好。世界 → 你 好 世 界 (the ideographic full stop separates and is no token)
    EXPECT_EQ(q::body_tokens("\xE4\xBD\xA0\xE5\xA5\xBD\xE3\x80\x82\xE4\xB8\x96\xE7\x95\x8C"),
              (strings{"\xE4\xBD\xA0", "\xE5\xA5\xBD", "\xE4\xB8\x96", "\xE7\x95\x8C"}));
    // An astral Han character (U+20BB7 𠮷) is one token too.
    EXPECT_EQ(q::body_tokens("\xF0\xA0\xAE\xB7x"), (strings{"\xF0\xA0\xAE\xB7", "x"}));
}

TEST(ScoringTokens, KanaAndTheProlongedSoundMarkAreOneTokenEach) {
    // コーヒーを飲む → コ ー ヒ ー を 飲 む
    EXPECT_EQ(q::body_tokens("\xE3\x82\xB3\xE3\x83\xBC\xE3\x83\x92\xE3\x83\xBC\xE3\x82\x92\xE9\xA3\xB2\xE3\x82\x80"),
              (strings{"\xE3\x82\xB3", "\xE3\x83\xBC", "\xE3\x83\x92", "\xE3\x83\xBC", "\xE3\x82\x92",
                       "\xE9\xA3\xB2", "\xE3\x82\x80"}));
    // ー next to Latin letters is still its own token, not glued to the word run: ーab → ー ab
    EXPECT_EQ(q::body_tokens("\xE3\x83\xBC" "ab"), (strings{"\xE3\x83\xBC", "ab"}));
    // Halfwidth katakana ｶ and its prolonged sound mark ｰ (U+FF70): ｶｰ → ｶ ｰ
    EXPECT_EQ(q::body_tokens("\xEF\xBD\xB6\xEF\xBD\xB0"), (strings{"\xEF\xBD\xB6", "\xEF\xBD\xB0"}));
}

TEST(ScoringTokens, MixedScripts) {
    // 東京2020オリンピックin Tokyo → 東 京 2020 オ リ ン ピ ッ ク in Tokyo
    EXPECT_EQ(q::body_tokens("\xE6\x9D\xB1\xE4\xBA\xAC" "2020"
                             "\xE3\x82\xAA\xE3\x83\xAA\xE3\x83\xB3\xE3\x83\x94\xE3\x83\x83\xE3\x82\xAF"
                             "in Tokyo"),
              (strings{"\xE6\x9D\xB1", "\xE4\xBA\xAC", "2020", "\xE3\x82\xAA", "\xE3\x83\xAA", "\xE3\x83\xB3",
                       "\xE3\x83\x94", "\xE3\x83\x83", "\xE3\x82\xAF", "in", "Tokyo"}));
}

// ---------------------------------------------------------------------------------------------------------
// Shingles and the body metric

TEST(ScoringBody, IdenticalTextsScoreOne) {
    const auto b = q::score_body("a b c d e f", "a b c d e f");
    EXPECT_EQ(b.extracted_shingles, 3u);
    EXPECT_EQ(b.true_shingles, 3u);
    EXPECT_EQ(b.matched, 3u);
    EXPECT_DOUBLE_EQ(b.scores.precision, 1.0);
    EXPECT_DOUBLE_EQ(b.scores.recall, 1.0);
    EXPECT_DOUBLE_EQ(b.tp, 1.0);
}

TEST(ScoringBody, PartialOverlapNormalisedBySum) {
    // {abcd, bcde} against {abcd, bcdx}: TP 1, FP 1, FN 1, each 1/3 after normalising.
    const auto b = q::score_body("a b c d e", "a b c d x");
    EXPECT_EQ(b.matched, 1u);
    EXPECT_DOUBLE_EQ(b.tp, 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(b.fp, 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(b.fn, 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(b.scores.precision, 0.5);
    EXPECT_DOUBLE_EQ(b.scores.recall, 0.5);
    EXPECT_DOUBLE_EQ(b.scores.f1, 0.5);
}

TEST(ScoringBody, WhitespaceAndPunctuationDoNotMatterButCaseDoes) {
    EXPECT_DOUBLE_EQ(q::score_body("a, b;\n\nc  d!", "a b c d").scores.f1, 1.0);
    EXPECT_DOUBLE_EQ(q::score_body("Hello World foo bar", "hello world foo bar").scores.f1, 0.0);
}

TEST(ScoringBody, MultisetIntersectionCountsDuplicates) {
    // Extraction, 12 tokens: abcd×3, bcda×2, cdab×2, dabc×2 (9 shingles).
    // Truth, 8 tokens: abcd×2, bcda, cdab, dabc (5 shingles).
    // Intersection: min(3,2) + 1 + 1 + 1 = 5, so TP 5, FP 4, FN 0.
    const auto b = q::score_body("a b c d a b c d a b c d", "a b c d a b c d");
    EXPECT_EQ(b.extracted_shingles, 9u);
    EXPECT_EQ(b.true_shingles, 5u);
    EXPECT_EQ(b.matched, 5u);
    EXPECT_DOUBLE_EQ(b.scores.precision, 5.0 / 9.0);
    EXPECT_DOUBLE_EQ(b.scores.recall, 1.0);
    EXPECT_DOUBLE_EQ(b.tp, 5.0 / 9.0);
    EXPECT_DOUBLE_EQ(b.fp, 4.0 / 9.0);
    // And the other way round: a repeated truth shingle is only matched as often as it is extracted.
    const auto r = q::score_body("a b c d", "a b c d x a b c d");
    EXPECT_EQ(r.matched, 1u);   // abcd once in the extraction, twice in the truth (of 6 true shingles)
    EXPECT_DOUBLE_EQ(r.scores.precision, 1.0);
    EXPECT_DOUBLE_EQ(r.scores.recall, 1.0 / 6.0);
}

TEST(ScoringBody, ShortTextsAreOneShingle) {
    EXPECT_DOUBLE_EQ(q::score_body("one two", "one two").scores.f1, 1.0);
    EXPECT_EQ(q::score_body("one two", "one two").extracted_shingles, 1u);
    // A 3-token shingle never equals a 2-token one, nor any 4-token one.
    EXPECT_DOUBLE_EQ(q::score_body("one two three", "one two").scores.f1, 0.0);
    EXPECT_DOUBLE_EQ(q::score_body("one two", "one two three four five").scores.recall, 0.0);
    EXPECT_DOUBLE_EQ(q::score_body("x", "x").scores.f1, 1.0);
}

TEST(ScoringBody, EmptyCases) {
    const auto both = q::score_body("", "");
    EXPECT_DOUBLE_EQ(both.scores.precision, 1.0);
    EXPECT_DOUBLE_EQ(both.scores.recall, 1.0);
    // No tokens counts as empty: punctuation only on both sides is "both empty".
    EXPECT_DOUBLE_EQ(q::score_body("...", " \xE3\x80\x82 ").scores.recall, 1.0);

    const auto nothing_extracted = q::score_body("", "a b c d");
    EXPECT_EQ(nothing_extracted.scores.precision, 0.0);   // undefined: 0
    EXPECT_EQ(nothing_extracted.scores.recall, 0.0);
    EXPECT_DOUBLE_EQ(nothing_extracted.fn, 1.0);

    const auto nothing_true = q::score_body("a b c d", "");
    EXPECT_EQ(nothing_true.scores.precision, 0.0);
    EXPECT_EQ(nothing_true.scores.recall, 0.0);       // undefined: 0
    EXPECT_DOUBLE_EQ(nothing_true.fp, 1.0);
}

TEST(ScoringBody, ChineseCharactersAreTokens) {
    // 我爱北京天安门 has 7 tokens, so 4 shingles; 我爱北京 is the first of them.
    const auto b = q::score_body("\xE6\x88\x91\xE7\x88\xB1\xE5\x8C\x97\xE4\xBA\xAC",
                                 "\xE6\x88\x91\xE7\x88\xB1\xE5\x8C\x97\xE4\xBA\xAC\xE5\xA4\xA9\xE5\xAE\x89\xE9\x97\xA8");
    EXPECT_EQ(b.true_shingles, 4u);
    EXPECT_EQ(b.matched, 1u);
    EXPECT_DOUBLE_EQ(b.scores.precision, 1.0);
    EXPECT_DOUBLE_EQ(b.scores.recall, 0.25);
    EXPECT_DOUBLE_EQ(b.tp, 0.25);
    // Hard line wraps inside the gold text do not matter: the line break is no token.
    EXPECT_DOUBLE_EQ(q::score_body("\xE6\x88\x91\xE7\x88\xB1\xE5\x8C\x97\xE4\xBA\xAC",
                                   "\xE6\x88\x91\xE7\x88\xB1\n\n\xE5\x8C\x97\xE4\xBA\xAC").scores.f1,
                     1.0);
}

TEST(ScoringBody, SetFiguresAreMeansOfPageFigures) {
    std::vector<q::body_outcome> pages(2);
    pages[0].scores = {1.0, 0.5, 0};
    pages[1].scores = {0.5, 0.0, 0};
    const auto s = q::mean_body_scores(pages);
    EXPECT_DOUBLE_EQ(s.precision, 0.75);
    EXPECT_DOUBLE_EQ(s.recall, 0.25);
    EXPECT_DOUBLE_EQ(s.f1, 2 * 0.75 * 0.25 / 1.0);
    EXPECT_EQ(q::mean_body_scores({}).f1, 0.0);
    EXPECT_EQ(q::harmonic_mean(0, 0), 0.0);
}

// ---------------------------------------------------------------------------------------------------------
// Word metric (WCXB): lower-cased \w+ words, bag-of-words P/R/F1 per page, means over a set

TEST(ScoringWords, LowerCasedRunsOfWordCharacters) {
    EXPECT_EQ(q::word_tokens("Hello, World! hello_world 42x don't a-b"),
              (strings{"hello", "world", "hello_world", "42x", "don", "t", "a", "b"}));
    EXPECT_EQ(q::word_tokens(""), strings{});
    EXPECT_EQ(q::word_tokens(" .,;!? \xE2\x80\x94 "), strings{});   // punctuation and an em dash only
}

TEST(ScoringWords, WholeRunsOfAnyScriptNotCharacters) {
    // 中文 is one word here (the body metric counts each Han character); Cyrillic and Greek lower-case.
    EXPECT_EQ(q::word_tokens("\xE4\xB8\xAD\xE6\x96\x87 \xD0\x9C\xD0\x98\xD0\xA0"),
              (strings{"\xE4\xB8\xAD\xE6\x96\x87", "\xD0\xBC\xD0\xB8\xD1\x80"}));   // 中文, МИР → мир
}

TEST(ScoringWords, PythonLowerCasing) {
    // Final sigma: ΟΔΟΣ → οδος with ς at the end; σ inside a word.
    EXPECT_EQ(q::word_tokens("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3"), strings{"\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82"});
    // İ lower-cases to i + U+0307 COMBINING DOT ABOVE, and a combining mark is no word character: "i", "stanbul".
    EXPECT_EQ(q::word_tokens("\xC4\xB0stanbul"), (strings{"i", "stanbul"}));
}

TEST(ScoringWords, CombiningMarksSeparateNumbersJoin) {
    // A decomposed é (e + U+0301) ends the word, as Python's \w does; a precomposed é is a letter.
    EXPECT_EQ(q::word_tokens("cafe\xCC\x81 caf\xC3\xA9"), (strings{"cafe", "caf\xC3\xA9"}));
    // ½ and ² have numeric values, so they are word characters; © and emoji are not.
    EXPECT_EQ(q::word_tokens("1\xC2\xBD x\xC2\xB2 \xC2\xA9" "2025 a\xF0\x9F\x98\x80" "b"),
              (strings{"1\xC2\xBD", "x\xC2\xB2", "2025", "a", "b"}));
    EXPECT_EQ(q::word_tokens("a\xFF" "b"), (strings{"a", "b"}));   // malformed UTF-8 separates
}

TEST(ScoringWords, BagOfWordsPrecisionRecallF1) {
    // Extracted {the 2, cat, dog} (4 words), true {the 2, cat, sat, on, mat} (6): 3 matched.
    const auto page = q::score_words("the cat, The dog", "The cat sat on the mat.");
    EXPECT_EQ(page.extracted_words, 4u);
    EXPECT_EQ(page.true_words, 6u);
    EXPECT_EQ(page.matched, 3u);
    EXPECT_DOUBLE_EQ(page.scores.precision, 0.75);
    EXPECT_DOUBLE_EQ(page.scores.recall, 0.5);
    EXPECT_DOUBLE_EQ(page.scores.f1, 0.6);
    // Order does not matter; duplicates count as often as both sides have them.
    EXPECT_DOUBLE_EQ(q::score_words("b a a", "a b a").scores.f1, 1.0);
    EXPECT_DOUBLE_EQ(q::score_words("a a a a", "a").scores.precision, 0.25);
}

TEST(ScoringWords, EmptyCases) {
    EXPECT_DOUBLE_EQ(q::score_words("", "").scores.f1, 1.0);          // both empty
    EXPECT_DOUBLE_EQ(q::score_words("...", " - ").scores.f1, 1.0);     // neither has a word
    EXPECT_DOUBLE_EQ(q::score_words("text", "").scores.f1, 0.0);       // truth empty, extraction not
    const auto missed = q::score_words("", "some truth");
    EXPECT_DOUBLE_EQ(missed.scores.precision, 0.0);                   // an empty extraction scores 0
    EXPECT_DOUBLE_EQ(missed.scores.recall, 0.0);
    EXPECT_DOUBLE_EQ(q::score_words("other words", "some truth").scores.f1, 0.0);   // nothing matched
}

TEST(ScoringWords, SetFiguresAreMeansOfPageFiguresF1Too) {
    const std::vector<q::word_outcome> pages = {q::score_words("the cat the dog", "the cat sat on the mat"),
                                                q::score_words("same", "same")};
    const auto set = q::mean_word_scores(pages);
    EXPECT_DOUBLE_EQ(set.precision, (0.75 + 1.0) / 2);
    EXPECT_DOUBLE_EQ(set.recall, (0.5 + 1.0) / 2);
    EXPECT_DOUBLE_EQ(set.f1, (0.6 + 1.0) / 2);   // 0.8: the mean page F1, not 2PR/(P+R) = 0.8077
    EXPECT_DOUBLE_EQ(q::mean_word_scores({}).f1, 0.0);
}

TEST(ScoringWords, WordSetsAreScoredPerPageType) {
    // A set of our own with a `main` truth: the word metric, figures per type in the published order.
    const auto dir = std::filesystem::temp_directory_path() / ("winnow_word_set_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "pages");
    const std::string body = "<p>The harbour ferry leaves at seven every morning and returns at noon.</p>";
    std::ofstream(dir / "truth.json")
        << R"({"p1": {"main": "The harbour ferry leaves at seven every morning and returns at noon.", "page_type": "forum"},)"
           R"( "p2": {"main": "nothing of this page", "page_type": "article", "url": "https://example.org/p2"},)"
           R"( "p3": {"main": null, "page_type": "article"}})";
    for (const char* id : {"p1", "p2", "p3"})
        std::ofstream(dir / "pages" / (std::string(id) + ".html.gz")) << "<html><body><article>" << body << "</article></body></html>";
    const auto set = q::load_set(dir);
    EXPECT_EQ(set.metric, q::metric_kind::word);
    ASSERT_EQ(set.pages.size(), 3u);
    EXPECT_TRUE(set.pages[2].truth.has_main);   // a null main is an empty truth
    EXPECT_EQ(set.pages[2].truth.main, "");

    winnow::extractor x;
    const auto result = q::evaluate(set, x);
    ASSERT_EQ(result.by_type.size(), 2u);
    EXPECT_EQ(result.by_type[0].page_type, "article");   // article before forum, as the published scorer lists them
    EXPECT_EQ(result.by_type[0].pages, 2u);
    EXPECT_EQ(result.by_type[1].page_type, "forum");
    EXPECT_DOUBLE_EQ(result.pages[0].f1, 1.0);             // p1: the extraction is its truth
    EXPECT_DOUBLE_EQ(result.pages[1].f1, 0.0);             // p2: no word in common
    EXPECT_DOUBLE_EQ(result.pages[2].f1, 0.0);             // p3: empty truth, non-empty extraction
    EXPECT_DOUBLE_EQ(result.scores.f1, 1.0 / 3);
    EXPECT_EQ(q::records_of(result),
              (q::baseline{{"winnow_word_set_" + std::to_string(::getpid()), 1.0 / 3},
                           {q::baseline_key(result.name, "article"), 0.0},
                           {q::baseline_key(result.name, "forum"), 1.0}}));
    std::filesystem::remove_all(dir);
}

TEST(ScoringOutputs, AnotherExtractorsOutputsAreScoredAsWinnowsAre) {
    // bench/peers: outputs read from JSON Lines, scored by the set's metric; a page without an output, or
    // one the peer failed on, scores as an empty extraction and counts as a failure.
    const auto dir = std::filesystem::temp_directory_path() / ("winnow_outputs_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "set" / "pages");
    std::ofstream(dir / "set" / "truth.json")
        << R"({"p1": {"main": "the ferry leaves at seven"}, "p2": {"main": "the ferry returns at noon"},)"
           R"( "p3": {"main": "a third page"}})";
    for (const char* id : {"p1", "p2", "p3"}) std::ofstream(dir / "set" / "pages" / (std::string(id) + ".html.gz")) << "<p>x</p>";
    std::ofstream(dir / "outputs.jsonl")
        << R"({"set": "set", "id": "p1", "text": "the ferry leaves at seven", "title": "Ferry", "seconds": 0.25})" "\n"
           R"({"set": "set", "id": "p2", "text": "", "error": "ValueError: no body", "seconds": 0.5})" "\n"
           R"({"set": "other", "id": "q1", "text": "elsewhere"})" "\n";
    const auto outputs = q::read_outputs(dir / "outputs.jsonl");
    ASSERT_EQ(outputs.size(), 2u);
    ASSERT_TRUE(outputs.contains("set"));
    const auto result = q::score_outputs(q::load_set(dir / "set"), outputs.at("set"));
    ASSERT_EQ(result.pages.size(), 3u);
    EXPECT_DOUBLE_EQ(result.pages[0].f1, 1.0);
    EXPECT_EQ(result.pages[0].title, "Ferry");
    EXPECT_TRUE(result.pages[1].failed);
    EXPECT_EQ(result.pages[1].error, "ValueError: no body");
    EXPECT_TRUE(result.pages[2].failed);
    EXPECT_EQ(result.pages[2].error, "no output");
    EXPECT_EQ(result.failures, 2u);
    EXPECT_DOUBLE_EQ(result.seconds, 0.75);
    EXPECT_DOUBLE_EQ(result.scores.f1, 1.0 / 3);

    std::ofstream(dir / "bad.jsonl") << "{\"set\": \"set\"}\n";
    EXPECT_THROW((void)q::read_outputs(dir / "bad.jsonl"), std::runtime_error);
    std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------------------
// Metadata checks

TEST(ScoringMetadata, Title) {
    EXPECT_TRUE(q::title_matches("  Bohren,  bis es HEISS wird ", "Bohren, bis es hei\xC3\x9F wird"));   // ß folds to ss
    EXPECT_TRUE(q::title_matches("abcdefghij |", "abcdefghij"));     // 10/12 ≥ 0.8
    EXPECT_FALSE(q::title_matches("abcdefghij | x", "abcdefghij"));  // 10/14 < 0.8
    // The word comparison: typography and punctuation do not count, words do.
    EXPECT_FALSE(q::title_matches("We\xE2\x80\x99ve tested 20 apps", "We've tested 20 apps"));
    EXPECT_TRUE(q::title_words_match("We\xE2\x80\x99ve tested 20 apps", "We've tested 20 apps"));
    EXPECT_TRUE(q::title_words_match("Crusher\xC2\xAE ANC 2", "Crusher ANC 2"));
    EXPECT_FALSE(q::title_words_match("Crusher ANC 3", "Crusher ANC 2"));
    EXPECT_FALSE(q::title_words_match("", ""));
    EXPECT_TRUE(q::title_matches("abcdefgh", "abcdefghij"));         // extracted inside the truth, 8/10
    EXPECT_FALSE(q::title_matches("", "abc"));
    EXPECT_FALSE(q::title_matches("something else", "abc"));
}

TEST(ScoringMetadata, Date) {
    EXPECT_EQ(q::normalise_date("2005-5-7 21:23:57"), "2005-05-07");
    EXPECT_EQ(q::normalise_date("2019-10-16T08:00:00+02:00"), "2019-10-16");
    EXPECT_EQ(q::normalise_date("1996-3"), "1996-03");
    EXPECT_EQ(q::normalise_date("2018"), "2018");
    EXPECT_EQ(q::normalise_date("2022\xE5\xB9\xB4" "2\xE6\x9C\x88" "13\xE6\x97\xA5"), "2022-02-13");   // 2022年2月13日
    EXPECT_EQ(q::normalise_date("UNKNOWN"), "");
    EXPECT_EQ(q::normalise_date("20221301"), "");
    EXPECT_TRUE(q::date_matches("2019-10-16T10:00:00", "2019-10-16"));
    EXPECT_TRUE(q::date_matches("2018-03-01", "2018"));     // a year-only truth compares the year
    EXPECT_TRUE(q::date_matches("2005-05-07", "2005-5-7 21:23:57"));
    EXPECT_FALSE(q::date_matches("2019-10-15", "2019-10-16"));
    EXPECT_FALSE(q::date_matches("2018", "2018-03-01"));    // too little extracted
    EXPECT_FALSE(q::date_matches("", "2019"));
}

TEST(ScoringMetadata, Author) {
    EXPECT_TRUE(q::author_matches(strings{"Heike Buchter"}, strings{"Heike Buchter"}));
    EXPECT_TRUE(q::author_matches(strings{"Von Oliver Baroni"}, strings{"oliver baroni"}));
    EXPECT_TRUE(q::author_matches(strings{"Sylvia Torres-Guill\xC3\xA9n"}, strings{"Sarah Hinger; Sylvia Torres-Guill\xC3\xA9n"}));
    // 王建宏 inside "王建宏 张文攀"
    EXPECT_TRUE(q::author_matches(strings{"\xE7\x8E\x8B\xE5\xBB\xBA\xE5\xAE\x8F"},
                                  strings{"\xE7\x8E\x8B\xE5\xBB\xBA\xE5\xAE\x8F \xE5\xBC\xA0\xE6\x96\x87\xE6\x94\x80"}));
    EXPECT_TRUE(q::author_matches(strings{"Someone", "Ben  Silverman"}, strings{"Ben Silverman"}));
    EXPECT_FALSE(q::author_matches(strings{"Jane Doe"}, strings{"John Smith"}));
    EXPECT_FALSE(q::author_matches(strings{"A"}, strings{"A"}));   // one letter is no name
    EXPECT_FALSE(q::author_matches(strings{}, strings{"John Smith"}));
}

TEST(ScoringMetadata, Language) {
    EXPECT_TRUE(q::language_matches("en", "en-US"));
    EXPECT_TRUE(q::language_matches("EN-gb", "en"));
    EXPECT_TRUE(q::language_matches("zh", "zh-TW"));
    EXPECT_FALSE(q::language_matches("de", "en"));
    EXPECT_FALSE(q::language_matches("", "en"));
}

// ---------------------------------------------------------------------------------------------------------
// Baseline file

TEST(ScoringBaseline, RoundTripsAndKeepsFourDecimals) {
    const auto dir = std::filesystem::temp_directory_path() / ("winnow_scoring_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "baseline.txt";
    EXPECT_TRUE(q::read_baseline(file).empty());   // absent: empty
    q::write_baseline(file, {{"chinese-news", 0.812345}, {"trafilatura-eval", 0.9}});
    const auto read = q::read_baseline(file);
    ASSERT_EQ(read.size(), 2u);
    EXPECT_DOUBLE_EQ(read.at("chinese-news"), 0.8123);
    EXPECT_DOUBLE_EQ(read.at("trafilatura-eval"), 0.9);

    std::ofstream(file) << "# comment\n\nset-a 0.5   # trailing comment\n  set-b\t0.25\n";
    const auto commented = q::read_baseline(file);
    EXPECT_EQ(commented, (q::baseline{{"set-a", 0.5}, {"set-b", 0.25}}));

    std::ofstream(file) << "set-a nope\n";
    EXPECT_THROW((void)q::read_baseline(file), std::runtime_error);
    std::ofstream(file) << "set-a 0.5\nset-a 0.6\n";
    EXPECT_THROW((void)q::read_baseline(file), std::runtime_error);
    std::filesystem::remove_all(dir);
}

}  // namespace
