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
//   BM_extract/all_no_markup  every page, without keeping inline markup (extract_options::keep_markup off,
//                       as the worker and JSON output run): the cost of links, emphasis and images is the
//                       difference from BM_extract/all
//   BM_classify/all     the classifier alone, on every page's block tree and metadata (built before timing)
//   BM_render/<format>  the article of every page rendered as json, markdown, html or text (extracted before
//                       timing); bytes/s counts the rendering's bytes
//
// The stage benchmarks locate a slowdown: BM_extract's time is decoding, tokenizing and building the tree,
// then classifying (BM_classify), then assembling the article; the worker renders it too (BM_render).
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

#include "blocks/block_tree.hpp"
#include "classify/classify.hpp"
#include "deadline.hpp"
#include "fan_out.hpp"
#include "quality/evaluation.hpp"
#include "winnow/article.hpp"
#include "winnow/encoding.hpp"
#include "winnow/extract.hpp"
#include "winnow/metadata.hpp"
#include "winnow/tokenizer.hpp"

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

void extract_group(benchmark::State& state, const page_group& group, bool keep_markup = true) {
    winnow::extractor x;
    std::int64_t failures = 0;
    for (auto _ : state) {
        for (const q::page_data* p : group.pages) {
            winnow::extract_options options;
            options.url = p->truth.url;
            options.keep_markup = keep_markup;
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

/// A page as the classifier gets it: its block tree and what its markup said.
struct classifier_input {
    winnow::detail::block_tree tree;
    winnow::page_metadata meta;
};

/// The classifier's inputs for every HTML page of the group that decodes and tokenizes within the limits.
std::vector<classifier_input> classifier_inputs(const page_group& group) {
    std::vector<classifier_input> out;
    const winnow::limits limits;
    winnow::detail::block_builder builder(limits);
    winnow::metadata_collector metadata;
    winnow::detail::fan_out sink(builder, metadata);
    for (const q::page_data* p : group.pages) {
        winnow::decode_options decode_options;
        decode_options.limits = limits;
        auto decoded = winnow::decode(p->html, decode_options);
        if (!decoded) continue;
        builder.reset(limits);
        metadata.reset();
        winnow::tokenizer tok(sink, {});
        if (!tok.feed(decoded->text()) || !tok.finish() || builder.finish()) continue;
        out.push_back({builder.tree(), metadata.finish()});
    }
    return out;
}

void classify_all(benchmark::State& state, const std::vector<classifier_input>& inputs) {
    winnow::detail::classifier classifier;
    winnow::detail::classification result;
    for (auto _ : state) {
        for (const auto& input : inputs) {
            auto budget = winnow::detail::deadline::after(60'000, std::chrono::steady_clock::now());
            auto ec = classifier.classify(input.tree, input.meta, {}, budget, result);
            benchmark::DoNotOptimize(ec);
            benchmark::DoNotOptimize(result.container);
        }
    }
    state.counters["pages/s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(inputs.size()), benchmark::Counter::kIsRate);
    state.counters["pages"] = static_cast<double>(inputs.size());
}

void render_all(benchmark::State& state, const std::vector<winnow::article>& articles,
                std::string (*render)(const winnow::article&)) {
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        for (const auto& a : articles) {
            const std::string out = render(a);
            bytes += out.size();
            benchmark::DoNotOptimize(out.data());
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
    state.counters["pages/s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(articles.size()), benchmark::Counter::kIsRate);
}

std::string as_json(const winnow::article& a) { return winnow::to_json(a); }
std::string as_markdown(const winnow::article& a) { return winnow::to_markdown(a); }
std::string as_text(const winnow::article& a) { return winnow::to_text(a); }
std::string as_html(const winnow::article& a) { return winnow::to_html(a); }

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
    benchmark::RegisterBenchmark("BM_extract/all_no_markup",
                                 [&groups](benchmark::State& state) { extract_group(state, groups[0], false); })
        ->Unit(benchmark::kMillisecond);
    // The stages' inputs, made once before any timing.
    const auto inputs = classifier_inputs(groups[0]);
    benchmark::RegisterBenchmark("BM_classify/all", [&inputs](benchmark::State& state) { classify_all(state, inputs); })
        ->Unit(benchmark::kMillisecond);
    std::vector<winnow::article> articles;
    {
        winnow::extractor x;
        for (const q::page_data* p : groups[0].pages) {
            winnow::extract_options options;
            options.url = p->truth.url;
            if (auto a = x.extract(p->html, options)) articles.push_back(std::move(*a));
        }
    }
    for (const auto& [name, render] : {std::pair{"json", &as_json}, std::pair{"markdown", &as_markdown},
                                       std::pair{"html", &as_html}, std::pair{"text", &as_text}}) {
        benchmark::RegisterBenchmark(("BM_render/" + std::string(name)).c_str(),
                                     [&articles, r = render](benchmark::State& state) { render_all(state, articles, r); })
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
