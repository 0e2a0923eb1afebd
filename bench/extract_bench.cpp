// extract_bench — throughput of the whole extraction (decode, tokenize, block tree, classification, article)
// on real pages.
//
// The pages are the shared datasets' (../shared/datasets/*/pages/*.html.gz, or $WINNOW_SHARED_DIR), loaded
// with the quality benchmark's loader and decompressed once before any timing. One extractor is reused, as
// a worker thread reuses its own; each page gets its truth URL as a worker would get the page's URL. One
// iteration of a benchmark extracts every page of its group once; bytes/s counts the raw page bytes,
// pages/s the pages.
//
//   BM_extract/all      every page of every set, in turn
//   BM_extract/<set>    the pages of one set (trafilatura-eval, readability-tests, chinese-news, ...)
//
// Run with scripts/bench or: cmake --build --preset release --target extract_bench &&
// build/release/extract_bench. See README.md, "Benchmarks".
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "quality/evaluation.hpp"
#include "winnow/extract.hpp"

namespace {

namespace q = winnow::quality;

struct page_group {
    std::string name;
    std::vector<const q::page_data*> pages;
    std::size_t bytes = 0;

    void add(const q::page_data& p) {
        pages.push_back(&p);
        bytes += p.html.size();
    }
};

void extract_group(benchmark::State& state, const page_group& group) {
    winnow::extractor x;
    std::int64_t failures = 0;
    for (auto _ : state) {
        for (const q::page_data* p : group.pages) {
            winnow::extract_options options;
            options.url = p->truth.url;
            auto article = x.extract(p->html, options);
            if (!article) ++failures;
            benchmark::DoNotOptimize(article);
        }
    }
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    state.SetBytesProcessed(iterations * static_cast<std::int64_t>(group.bytes));
    state.counters["pages/s"] =
        benchmark::Counter(static_cast<double>(iterations) * static_cast<double>(group.pages.size()),
                           benchmark::Counter::kIsRate);
    state.counters["pages"] = static_cast<double>(group.pages.size());
    // Failed extractions (a limit exceeded) are cheap and would flatter the figures; show them.
    state.counters["failed"] = iterations > 0 ? static_cast<double>(failures / iterations) : 0.0;
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

    const auto datasets = q::datasets_dir(q::default_shared_dir());
    const auto names = q::list_sets(datasets);
    if (names.empty()) {
        std::fprintf(stderr, "extract_bench: no page sets under %s (set WINNOW_SHARED_DIR); nothing to measure\n",
                     datasets.string().c_str());
        return 0;
    }

    // Loaded once, before any timing; the groups point into these.
    std::vector<q::dataset> sets;
    try {
        for (const auto& name : names) sets.push_back(q::load_set(datasets / name));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "extract_bench: %s\n", e.what());
        return 1;
    }
    std::vector<page_group> groups(1);
    groups[0].name = "all";
    for (const auto& set : sets) {
        page_group group;
        group.name = set.name;
        for (const auto& p : set.pages) {
            groups[0].add(p);
            group.add(p);
        }
        groups.push_back(std::move(group));
    }

    for (const auto& group : groups) {
        benchmark::RegisterBenchmark(("BM_extract/" + group.name).c_str(),
                                     [&group](benchmark::State& state) { extract_group(state, group); })
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
