// input_bench — throughput of the core's input layer (decoding to UTF-8 and tokenizing) on real pages.
//
// The pages are the shared datasets' (../shared/datasets/*/pages/*.html.gz, or $WINNOW_SHARED_DIR/datasets),
// loaded by the quality benchmark's loader, decompressed and sniffed once before any timing. Two groups: the pages that decode as UTF-8, and the GBK /
// gb18030 pages (most of chinese-news). One iteration of a benchmark processes its whole group; bytes/s counts
// the input bytes of the stage measured (raw bytes for decode, UTF-8 text for tokenize), pages/s the pages.
//
//   BM_memchr_lt            memchr for '<' over the UTF-8 text: the floor any tokenizer pays, for ratios
//   BM_tokenize/whole       tokenize each UTF-8 page in one feed (one tokenizer, reset() per page)
//   BM_tokenize/whole_scalar the same with byte-at-a-time scans (scan_path::scalar): what the SIMD scans gain
//   BM_tokenize/chunks_4k   the same, fed in 4 KiB chunks as a network reader would
//   BM_decode/utf8|gbk      decode (sniff + validate or convert)
//   BM_decode_tokenize/...  decode then tokenize: the whole input layer
//   BM_warc_read/plain|gzip every page as a response record of one WARC file in memory (plain, or gzip per
//                           record as Common Crawl's .warc.gz), read and each HTTP response parsed: what
//                           `winnow extract` does before extraction; bytes/s counts the uncompressed WARC
//
// Run with scripts/bench, which builds the release preset. See README.md, "Benchmarks".
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "quality/evaluation.hpp"
#include "winnow/encoding.hpp"
#include "winnow/token.hpp"
#include "winnow/tokenizer.hpp"
#include "shell/warc.hpp"
#include "support/payloads.hpp"

namespace {

namespace fs = std::filesystem;
namespace q = winnow::quality;

struct page {
    std::string name;
    std::string raw;        ///< the page's bytes, decompressed
    std::string decoded;    ///< UTF-8 text when decoding converted it
    std::size_t view_offset = 0;   ///< else the text is raw from here (past a BOM)
    bool converted = false;
    std::string encoding;

    [[nodiscard]] std::string_view text() const noexcept {
        return converted ? std::string_view(decoded) : std::string_view(raw).substr(view_offset);
    }
};

struct page_set {
    std::vector<const page*> pages;
    std::size_t raw_bytes = 0;
    std::size_t text_bytes = 0;

    void add(const page& p) {
        pages.push_back(&p);
        raw_bytes += p.raw.size();
        text_bytes += p.text().size();
    }
};

struct corpus {
    fs::path datasets;
    std::string problem;                     ///< why there are no pages, if there are none
    std::vector<std::unique_ptr<page>> all;
    page_set utf8;
    page_set gbk;
};

corpus& pages() {
    static corpus c;
    return c;
}

void load_pages() {
    corpus& c = pages();
    c.datasets = q::datasets_dir(q::default_shared_dir());
    const auto names = q::list_sets(c.datasets);
    if (names.empty()) {
        c.problem = "no page sets under " + c.datasets.string() + " (set WINNOW_SHARED_DIR)";
        return;
    }
    for (const auto& name : names) {
        q::dataset set;
        try {
            set = q::load_set(c.datasets / name);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "input_bench: %s; set %s left out\n", e.what(), name.c_str());
            continue;
        }
        for (auto& data : set.pages) {
            auto p = std::make_unique<page>();
            p->name = name + "/" + data.truth.id;
            p->raw = std::move(data.html);
            auto d = winnow::decode(p->raw);
            if (!d) {
                std::fprintf(stderr, "input_bench: cannot decode %s (%s); left out\n", p->name.c_str(),
                             d.error().message().c_str());
                continue;
            }
            p->encoding = d->encoding();
            p->converted = d->converted();
            if (p->converted) p->decoded = d->text();
            else p->view_offset = static_cast<std::size_t>(d->text().data() - p->raw.data());
            c.all.push_back(std::move(p));
        }
    }
    for (const auto& p : c.all) {
        if (p->encoding == "UTF-8") c.utf8.add(*p);
        else if (p->encoding == "GBK" || p->encoding == "gb18030") c.gbk.add(*p);
    }
    if (c.all.empty()) c.problem = "no pages under " + c.datasets.string();
}

/// Touches each token cheaply, so that the tokenizer's work cannot be optimised away but the sink costs
/// next to nothing (a real consumer does far more per token).
class counting_sink final : public winnow::token_sink {
public:
    void on_token(const winnow::token& t) override {
        ++tokens_;
        bytes_ += t.data.size() + t.name.size() + t.attributes.size();
    }
    [[nodiscard]] std::size_t total() const noexcept { return tokens_ + bytes_; }
    [[nodiscard]] std::size_t tokens() const noexcept { return tokens_; }

private:
    std::size_t tokens_ = 0;
    std::size_t bytes_ = 0;
};

/// Skips the benchmark (with the reason in the output) when the group is empty; else true.
bool have(benchmark::State& state, const page_set& set, const char* what) {
    if (!pages().problem.empty()) {
        state.SkipWithError(pages().problem.c_str());
        return false;
    }
    if (set.pages.empty()) {
        state.SkipWithError((std::string("no ") + what + " pages in " + pages().datasets.string()).c_str());
        return false;
    }
    return true;
}

void report(benchmark::State& state, std::size_t bytes_per_iteration, std::size_t pages_per_iteration) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes_per_iteration));
    state.counters["pages/s"] =
        benchmark::Counter(static_cast<double>(pages_per_iteration), benchmark::Counter::kIsIterationInvariantRate);
}

void tokenize_page(winnow::tokenizer& tok, std::string_view text, std::size_t chunk,
                   winnow::scan_path scan = winnow::scan_path::vector) {
    winnow::tokenizer_options options;
    options.scan = scan;
    tok.reset(options);
    bool ok = true;
    for (std::size_t at = 0; ok && at < text.size(); at += chunk) ok = static_cast<bool>(tok.feed(text.substr(at, chunk)));
    if (ok) ok = static_cast<bool>(tok.finish());
    if (!ok) std::abort();   // no real page is near the limits; a failure here is a bug to look at
}

void bm_memchr_lt(benchmark::State& state) {
    const page_set& set = pages().utf8;
    if (!have(state, set, "UTF-8")) return;
    for (auto _ : state) {
        std::size_t count = 0;
        for (const page* p : set.pages) {
            const std::string_view text = p->text();
            const char* at = text.data();
            const char* end = at + text.size();
            while ((at = static_cast<const char*>(std::memchr(at, '<', static_cast<std::size_t>(end - at))))) {
                ++count;
                ++at;
            }
        }
        benchmark::DoNotOptimize(count);
    }
    report(state, set.text_bytes, set.pages.size());
}

void bm_tokenize(benchmark::State& state, std::size_t chunk, winnow::scan_path scan) {
    const page_set& set = pages().utf8;
    if (!have(state, set, "UTF-8")) return;
    counting_sink sink;
    winnow::tokenizer tok(sink);
    for (auto _ : state) {
        for (const page* p : set.pages) tokenize_page(tok, p->text(), chunk, scan);
    }
    benchmark::DoNotOptimize(sink.total());
    report(state, set.text_bytes, set.pages.size());
    // Tokens per second: the tokenizer's cost is mostly per token (tags, attributes), not per byte.
    state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(sink.tokens()), benchmark::Counter::kIsRate);
}

void bm_decode(benchmark::State& state, const page_set& set, const char* what) {
    if (!have(state, set, what)) return;
    for (auto _ : state) {
        for (const page* p : set.pages) {
            auto d = winnow::decode(p->raw);
            if (!d) std::abort();
            benchmark::DoNotOptimize(d->text().data());
        }
    }
    report(state, set.raw_bytes, set.pages.size());
}

/// Every page as a WARC response record, and the same gzip-compressed one member per record.
struct warc_file {
    std::string plain;
    std::string gzipped;
    std::size_t records = 0;
};

const warc_file& warc() {
    static const warc_file file = [] {
        warc_file w;
        for (const auto& p : pages().all) {
            const std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=" + p->encoding +
                                     "\r\nContent-Length: " + std::to_string(p->raw.size()) + "\r\n\r\n" + p->raw;
            const std::string record = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/" + p->name +
                                       "\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(w.records) +
                                       ">\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
                                       std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
            w.plain += record;
            w.gzipped += winnow::testing::gzip(record);   // one gzip member per record
            ++w.records;
        }
        return w;
    }();
    return file;
}

void bm_warc_read(benchmark::State& state, bool gzipped) {
    if (!have(state, pages().utf8, "UTF-8")) return;
    const warc_file& w = warc();
    std::string& bytes = const_cast<std::string&>(gzipped ? w.gzipped : w.plain);
    std::size_t records = 0;
    for (auto _ : state) {
        std::FILE* f = ::fmemopen(bytes.data(), bytes.size(), "rb");
        winnow::shell::warc_reader reader(f, std::size_t{256} << 20);
        winnow::shell::warc_record r;
        std::error_code ec;
        while (reader.next(r, ec)) {
            auto http = winnow::shell::parse_http_response(r.block, std::size_t{256} << 20, ec);
            if (!http) std::abort();
            benchmark::DoNotOptimize(http->body.data());
            ++records;
        }
        if (ec) std::abort();
        std::fclose(f);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(w.plain.size()));
    state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

void bm_decode_tokenize(benchmark::State& state, const page_set& set, const char* what) {
    if (!have(state, set, what)) return;
    counting_sink sink;
    winnow::tokenizer tok(sink);
    for (auto _ : state) {
        for (const page* p : set.pages) {
            auto d = winnow::decode(p->raw);
            if (!d) std::abort();
            tokenize_page(tok, d->text(), std::string_view::npos);
        }
    }
    benchmark::DoNotOptimize(sink.total());
    report(state, set.raw_bytes, set.pages.size());
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    load_pages();
    const corpus& c = pages();
    if (!c.problem.empty()) {
        std::fprintf(stderr, "input_bench: %s; every benchmark is skipped\n", c.problem.c_str());
    } else {
        auto mb = [](std::size_t bytes) { return std::to_string(bytes / 1000000) + "." + std::to_string(bytes / 100000 % 10) + " MB"; };
        benchmark::AddCustomContext("pages", std::to_string(c.all.size()) + " from " + c.datasets.string());
        benchmark::AddCustomContext("utf8_pages", std::to_string(c.utf8.pages.size()) + ", " + mb(c.utf8.raw_bytes) + " raw, " +
                                                      mb(c.utf8.text_bytes) + " text");
        benchmark::AddCustomContext("gbk_pages", std::to_string(c.gbk.pages.size()) + ", " + mb(c.gbk.raw_bytes) + " raw, " +
                                                     mb(c.gbk.text_bytes) + " text");
    }
    benchmark::RegisterBenchmark("BM_memchr_lt", bm_memchr_lt)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_tokenize/whole", bm_tokenize, std::string_view::npos, winnow::scan_path::vector)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_tokenize/whole_scalar", bm_tokenize, std::string_view::npos,
                                 winnow::scan_path::scalar)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_tokenize/chunks_4k", bm_tokenize, std::size_t{4096}, winnow::scan_path::vector)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_decode/utf8", bm_decode, std::cref(c.utf8), "UTF-8")->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_decode/gbk", bm_decode, std::cref(c.gbk), "GBK")->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_decode_tokenize/utf8", bm_decode_tokenize, std::cref(c.utf8), "UTF-8")
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_decode_tokenize/gbk", bm_decode_tokenize, std::cref(c.gbk), "GBK")
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_warc_read/plain", bm_warc_read, false)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_warc_read/gzip", bm_warc_read, true)->Unit(benchmark::kMillisecond);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
