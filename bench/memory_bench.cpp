// memory_bench — peak working memory of extract() per page, against the page's size.
//
// Every allocation of the process goes through the counting operator new below, which keeps the bytes live
// now and the most live since the last reset. One extractor is reused over every page of the shared sets
// (as a worker thread reuses its own, so buffers it kept from earlier pages count as already live): before
// each page the peak is reset to what is live, and after it the page's working memory is the peak less what
// was live before. The page bytes themselves (the input, owned by the caller) are not counted.
//
// It prints, per set and over all pages, the ratio of working memory to the page's raw size (median, 90th
// and 99th percentile, maximum), how many pages exceed 4 times their size, and the worst pages; and the
// process's peak resident set (getrusage) at the end. Issue target: at most 4 × the page's size.
//
//   cmake --build --preset release --target memory_bench && build/release/bench/memory_bench [--worst N]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "quality/evaluation.hpp"
#include "winnow/extract.hpp"

namespace {

std::atomic<std::size_t> live_bytes{0};
std::atomic<std::size_t> peak_bytes{0};

/// Each block carries its size in a header, so that delete knows what it frees; 16 bytes keep the
/// alignment malloc gives.
constexpr std::size_t header = 16;

void* counted_alloc(std::size_t size) {
    void* raw = std::malloc(size + header);
    if (raw == nullptr) throw std::bad_alloc();
    std::memcpy(raw, &size, sizeof size);
    const std::size_t now = live_bytes.fetch_add(size, std::memory_order_relaxed) + size;
    std::size_t peak = peak_bytes.load(std::memory_order_relaxed);
    while (now > peak && !peak_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {}
    return static_cast<char*>(raw) + header;
}

void counted_free(void* p) noexcept {
    if (p == nullptr) return;
    void* raw = static_cast<char*>(p) - header;
    std::size_t size = 0;
    std::memcpy(&size, raw, sizeof size);
    live_bytes.fetch_sub(size, std::memory_order_relaxed);
    std::free(raw);
}

struct page_memory {
    std::string set;
    std::string id;
    std::size_t page_bytes = 0;
    std::size_t working_bytes = 0;
    [[nodiscard]] double ratio() const noexcept {
        return static_cast<double>(working_bytes) / static_cast<double>(std::max<std::size_t>(page_bytes, 1));
    }
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

void report(const char* name, const std::vector<const page_memory*>& pages) {
    std::vector<double> ratios;
    std::size_t over = 0;
    for (const auto* p : pages) {
        ratios.push_back(p->ratio());
        if (p->ratio() > 4.0) ++over;
    }
    std::printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f | %zu |\n", name, pages.size(), percentile(ratios, 0.5),
                percentile(ratios, 0.9), percentile(ratios, 0.99), ratios.empty() ? 0.0 : *std::max_element(ratios.begin(), ratios.end()),
                over);
}

}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

int main(int argc, char** argv) {
    namespace q = winnow::quality;
    std::size_t worst = 10;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--worst" && i + 1 < argc) {
            worst = static_cast<std::size_t>(std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: memory_bench [--worst N]\n");
            return 2;
        }
    }
    const auto datasets = q::datasets_dir(q::default_shared_dir());
    const auto sets = q::list_sets(datasets);
    if (sets.empty()) {
        std::fprintf(stderr, "memory_bench: no page sets under %s (set WINNOW_SHARED_DIR)\n", datasets.c_str());
        return 1;
    }
    std::vector<page_memory> results;
    winnow::extractor x;
    for (const auto& name : sets) {
        const q::dataset set = q::load_set(datasets / name);
        for (const auto& page : set.pages) {
            winnow::extract_options options;
            options.url = page.truth.url;
            const std::size_t before = live_bytes.load();
            peak_bytes.store(before);
            {
                auto article = x.extract(page.html, options);
                (void)article;   // the article is part of the working memory until here
            }
            results.push_back({name, page.truth.id, page.html.size(), peak_bytes.load() - before});
        }
    }

    std::printf("Working memory of extract() per page, as a multiple of the page's size (target: at most 4)\n\n");
    std::printf("| set | pages | median | p90 | p99 | max | over 4x |\n|---|---:|---:|---:|---:|---:|---:|\n");
    std::vector<const page_memory*> all;
    for (const auto& r : results) all.push_back(&r);
    for (const auto& name : sets) {
        std::vector<const page_memory*> of_set;
        for (const auto& r : results)
            if (r.set == name) of_set.push_back(&r);
        report(name.c_str(), of_set);
    }
    report("all", all);
    std::sort(all.begin(), all.end(), [](const page_memory* a, const page_memory* b) { return a->ratio() > b->ratio(); });
    std::printf("\nworst pages (working memory / page size):\n");
    for (std::size_t i = 0; i < std::min(worst, all.size()); ++i)
        std::printf("  %6.2f  %8zu kB of %7zu kB  %s %s\n", all[i]->ratio(), all[i]->working_bytes / 1024,
                    all[i]->page_bytes / 1024, all[i]->set.c_str(), all[i]->id.c_str());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("\npeak resident set of this process (all sets loaded in memory): %ld MB\n", usage.ru_maxrss / 1024);
    return 0;
}
