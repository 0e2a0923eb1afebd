// Golden test of extraction quality: winnow's F1 on each page set of ../shared/datasets must not fall more
// than 0.005 below the figure recorded in tests/golden/quality_baseline.txt, and in a set scored per page
// type (wcxb-dev) neither may any type's F1 fall below its "<set>/<type>" record. It runs the evaluation of
// quality_bench (bench/quality/evaluation.hpp), so the two cannot disagree. A record that improves by more
// than the tolerance passes with a request to raise it (scripts/quality --update-baseline), so the guard
// follows the progress. Skips when the shared data is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "quality/evaluation.hpp"
#include "support/paths.hpp"
#include "winnow/extract.hpp"

namespace {

namespace fs = std::filesystem;
namespace q = winnow::quality;

fs::path baseline_file() { return winnow::testing::source_dir() / "tests" / "golden" / "quality_baseline.txt"; }

fs::path datasets() { return q::datasets_dir(winnow::testing::shared_dir()); }

/// The recorded sets, read when the tests are listed: each becomes its own test case (and ctest test). Page
/// type records ("<set>/<type>") are checked by their set's test.
std::vector<std::string> recorded_sets() {
    std::vector<std::string> names;
    try {
        for (const auto& [name, f1] : q::read_baseline(baseline_file()))
            if (name.find('/') == std::string::npos) names.push_back(name);
    } catch (const std::exception& e) {
        // Reported by BaselineIsReadable; listing must not throw.
        std::fprintf(stderr, "quality golden test: %s\n", e.what());
    }
    return names;
}

class QualityGolden : public ::testing::TestWithParam<std::string> {};

/// One record against this run's figure: prints both, fails when the figure fell past the tolerance.
void check_record(const std::string& set, const std::string& name, double f1, const q::baseline& recorded) {
    const auto it = recorded.find(name);
    if (it == recorded.end()) {
        ADD_FAILURE() << name << " has no F1 in " << baseline_file() << " (this run: " << f1
                      << "): record it with scripts/quality --update-baseline";
        return;
    }
    const double record = it->second;
    const double delta = f1 - record;
    // Rounded for printing, so that a difference below the printed precision shows as +0.0000.
    const double shown_delta = std::round(delta * 1e4) / 1e4 + 0.0;
    std::printf("  %-28s F1 %.4f, recorded %.4f (%+.4f)\n", name.c_str(), f1, record, shown_delta);
    char figures[96];
    std::snprintf(figures, sizeof figures, "F1 fell from the recorded %.4f to %.4f", record, f1);
    EXPECT_GE(f1, record - q::baseline_tolerance)
        << name << ": " << figures << "; run scripts/quality --set " << set << " to see which pages got worse";
    if (delta > q::baseline_tolerance)
        std::printf("  %s improved by %.4f over its record: raise it with scripts/quality --update-baseline\n",
                    name.c_str(), delta);
}

TEST_P(QualityGolden, F1HoldsTheRecord) {
    const std::string& name = GetParam();
    const fs::path set_dir = datasets() / name;
    WINNOW_REQUIRE_SHARED(set_dir / "truth.json");
    const q::baseline recorded = q::read_baseline(baseline_file());

    winnow::extractor x;
    const q::set_result result = q::evaluate(q::load_set(set_dir), x);
    std::printf("%s: %zu pages, %s metric: P %.4f  R %.4f  F1 %.4f\n", name.c_str(), result.pages.size(),
                std::string(q::to_string(result.metric)).c_str(), result.scores.precision, result.scores.recall,
                result.scores.f1);
    for (const auto& [record_name, f1] : q::records_of(result)) check_record(name, record_name, f1, recorded);
    for (const auto* p : q::worst_pages(result, 5)) std::printf("  worst: %s  F1 %.4f  %s\n", p->id.c_str(), p->f1, p->url.c_str());
}

/// A test name from a set name: gtest allows only letters, digits and underscores.
std::string test_name(const ::testing::TestParamInfo<std::string>& set) {
    std::string id = set.param;
    std::replace_if(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; }, '_');
    return id;
}

INSTANTIATE_TEST_SUITE_P(Sets, QualityGolden, ::testing::ValuesIn(recorded_sets()), test_name);
// An empty or missing baseline leaves no set to check; EveryPageSetHasARecord then says so.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(QualityGolden);

TEST(QualityGoldenBaseline, BaselineIsReadable) {
    ASSERT_TRUE(fs::exists(baseline_file())) << baseline_file() << " is missing: run scripts/quality --update-baseline";
    EXPECT_NO_THROW((void)q::read_baseline(baseline_file()));
}

TEST(QualityGoldenBaseline, EveryPageSetHasARecord) {
    const fs::path dir = datasets();
    WINNOW_REQUIRE_SHARED(dir);
    const q::baseline recorded = q::read_baseline(baseline_file());
    for (const auto& name : q::list_sets(dir))
        EXPECT_TRUE(recorded.count(name) != 0)
            << "page set " << name << " has no F1 in " << baseline_file() << ": record it with scripts/quality --update-baseline";
}

}  // namespace
