// `winnow run` end to end: the built binary as a child process against the broker of scripts/kafka,
// driven and checked with librdkafka from the test. Each test uses its own topics and consumer group.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "support/payloads.hpp"
#include "support/shell.hpp"
#include "support/worker_harness.hpp"
#include "support/files.hpp"
#include "winnow/extract.hpp"

namespace {

using namespace winnow::testing;
using namespace std::chrono_literals;
using std::chrono::steady_clock;

std::string tail(const std::string& log, std::size_t lines = 25) {
    std::size_t at = log.size();
    for (std::size_t n = 0; n <= lines && at > 0; ++n) at = log.rfind('\n', at - 1);
    return "\n--- worker log (tail) ---\n" + (at == std::string::npos ? log : log.substr(at + 1));
}

/// What `winnow extract --format json` prints for the page (without "source"), elapsed time zeroed.
std::string expected_article(const std::string& page, std::string_view charset, std::string_view url) {
    winnow::extract_options options;
    options.encoding_label = charset;
    options.url = url;
    auto a = winnow::extract(page, options);
    EXPECT_TRUE(a);
    return a ? without_elapsed(winnow::to_json(*a)) : std::string();
}

class worker_test : public ::testing::Test {
protected:
    void SetUp() override {
        WINNOW_REQUIRE_BROKER(bootstrap);
        bootstrap_ = bootstrap;
        const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        in_ = unique_name("winnow-it-" + name + "-in");
        out_ = unique_name("winnow-it-" + name + "-out");
        dlq_ = unique_name("winnow-it-" + name + "-dlq");
        group_ = unique_name("winnow-it-" + name + "-group");
        logs_ = binary_dir() / "Testing" / "worker-logs";
        std::filesystem::create_directories(logs_);
        producer_ = std::make_unique<test_producer>(bootstrap_);
        ASSERT_TRUE(producer_->get());
    }
    // Topics are left in place: the broker's run directory goes with `scripts/kafka stop`, and deleting a
    // topic that a live client knows can leave that client unable to finish rd_kafka_destroy() (librdkafka
    // 2.0.2: its broker thread waits for the deleted partitions for ever).
    void TearDown() override {
        workers_.clear();   // kills what a failed test left running
    }

    void make_topics(int input_partitions, int output_partitions = 3,
                     const std::vector<std::pair<std::string, std::string>>& dlq_configs = {}) {
        ASSERT_TRUE(create_topic(producer_->get(), in_, input_partitions));
        ASSERT_TRUE(create_topic(producer_->get(), out_, output_partitions));
        ASSERT_TRUE(create_topic(producer_->get(), dlq_, 1, dlq_configs));
    }

    /// A dead-letter topic that takes 100 kB at most, a page of 300 kB: the dead letter carries the page's
    /// first bytes and says how large the page was, and the pages after it are published.
    void dead_letter_topic_refuses_a_page(const std::vector<std::string>& extra) {
        make_topics(1, 1, {{"max.message.bytes", "100000"}});
        std::vector<std::string> args = {"--max-page-bytes", "50000"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto& worker = start_worker(args);
        ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
        const std::string big = "<p>" + noise_text(300'000, 7);
        ASSERT_EQ(producer_->send(in_, 0, std::string("big"), big, {{"x-seq", "big"}}), RD_KAFKA_RESP_ERR_NO_ERROR);
        constexpr int count = 10;
        produce_stream(count, 1, 0ms);
        topic_reader output(bootstrap_, out_, true);
        topic_reader dead(bootstrap_, dlq_, true);
        ASSERT_TRUE(dead.poll_until([](const auto& r) { return !r.empty(); }, 60s)) << tail(worker.log());
        ASSERT_TRUE(output.poll_until(all_seqs(count), 60s)) << missing(seqs(output.records()), count) << tail(worker.log());
        dead.linger(500ms);
        ASSERT_EQ(dead.records().size(), 1u) << "one dead letter, not one per restart";
        const auto& letter = dead.records().front();
        EXPECT_EQ(letter.header("winnow.error.reason"), "input_too_large");
        EXPECT_EQ(letter.header("winnow.error.truncated"), std::to_string(big.size()));
        ASSERT_TRUE(letter.value);
        EXPECT_LT(letter.value->size(), 100'000u);
        EXPECT_GT(letter.value->size(), 10'000u);
        EXPECT_EQ(*letter.value, big.substr(0, letter.value->size())) << "the page's first bytes";
        output.linger(500ms);
        for (const auto& [seq, n] : seqs(output.records())) EXPECT_EQ(n, 1) << "x-seq " << seq << " published " << n << " times";
        worker.signal(SIGTERM);
        EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
    }

    worker_process& start_worker(std::vector<std::string> extra = {}, std::vector<std::string> environment = {}) {
        std::vector<std::string> args = {"--brokers", bootstrap_, "--input-topic", in_, "--output-topic", out_,
                                         "--dlq-topic", dlq_, "--group", group_, "--http", "127.0.0.1:0",
                                         "--threads", "2", "--log-level", "debug", "--pass-headers", "x-seq",
                                         "--set", "consumer.session.timeout.ms=6000",
                                         "--set", "consumer.heartbeat.interval.ms=500",
                                         "--set", "statistics_interval_ms=500",
                                         "--set", "commit_interval_ms=200"};
        args.insert(args.end(), extra.begin(), extra.end());
        const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        workers_.push_back(std::make_unique<worker_process>(
            args, logs_ / (name + "-" + std::to_string(workers_.size()) + ".log"), std::move(environment)));
        EXPECT_TRUE(workers_.back()->started());
        return *workers_.back();
    }

    /// Produces `count` sample pages, key k<i> and header x-seq=<i>, round-robin over the partitions,
    /// `pause` apart (a stream the worker consumes while it arrives).
    void produce_stream(int count, int partitions, std::chrono::milliseconds pause, int first = 0) {
        const auto pages = sample_pages();
        for (int i = first; i < first + count; ++i) {
            const auto& page = pages[static_cast<std::size_t>(i) % pages.size()].second;
            ASSERT_EQ(producer_->send(in_, i % partitions, "k" + std::to_string(i), page, {{"x-seq", std::to_string(i)}}),
                      RD_KAFKA_RESP_ERR_NO_ERROR);
            if (pause.count()) {
                rd_kafka_poll(producer_->get(), 0);
                std::this_thread::sleep_for(pause);
            }
        }
        ASSERT_EQ(producer_->flush(), RD_KAFKA_RESP_ERR_NO_ERROR);
    }

    /// x-seq values seen in the records, with how often each was seen.
    static std::map<int, int> seqs(const std::vector<record>& records) {
        std::map<int, int> seen;
        for (const auto& r : records)
            if (const auto s = r.header("x-seq")) ++seen[std::stoi(*s)];
        return seen;
    }

    static std::function<bool(const std::vector<record>&)> all_seqs(int count) {
        return [count](const std::vector<record>& records) {
            const auto seen = seqs(records);
            for (int i = 0; i < count; ++i)
                if (!seen.contains(i)) return false;
            return true;
        };
    }

    static std::string missing(const std::map<int, int>& seen, int count) {
        std::string out;
        int n = 0;
        for (int i = 0; i < count; ++i)
            if (!seen.contains(i) && n++ < 20) out += std::to_string(i) + " ";
        return n ? "missing " + std::to_string(n) + ": " + out : "none missing";
    }

    std::string bootstrap_, in_, out_, dlq_, group_;
    std::filesystem::path logs_;
    std::unique_ptr<test_producer> producer_;
    std::vector<std::unique_ptr<worker_process>> workers_;
};

TEST_F(worker_test, articles_match_extract_in_partition_order) {
    make_topics(3);
    auto& worker = start_worker({"--pass-headers", "x-trace"});   // replaces x-seq: only x-trace passes
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());

    // 60 pages over 3 partitions; the key is the partition's, so each input partition's articles land in
    // one output partition, where their order can be checked.
    const auto pages = sample_pages();
    constexpr int count = 60;
    std::map<int, std::string> expected;
    for (int i = 0; i < count; ++i) {
        const auto& [name, page] = pages[static_cast<std::size_t>(i) % pages.size()];
        const std::string url = "https://example.com/" + std::to_string(i) + "/" + name;
        const bool gbk = name.find("gbk") != std::string::npos;
        std::vector<std::pair<std::string, std::string>> headers = {{"url", url}, {"x-trace", std::to_string(i)}};
        if (gbk) headers.emplace_back("content-type", "text/html; charset=gbk");
        expected[i] = expected_article(page, gbk ? "gbk" : "", url);
        const std::string value = i % 7 == 3 ? gzip(page) : page;   // some arrive compressed
        ASSERT_EQ(producer_->send(in_, i % 3, "part-" + std::to_string(i % 3), value, headers), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    ASSERT_EQ(producer_->flush(), RD_KAFKA_RESP_ERR_NO_ERROR);

    topic_reader output(bootstrap_, out_);
    ASSERT_TRUE(output.poll_until([](const auto& r) { return r.size() >= count; }, 60s))
        << output.records().size() << " of " << count << tail(worker.log());
    output.linger(500ms);
    ASSERT_EQ(output.records().size(), static_cast<std::size_t>(count)) << "no duplicates in a clean run";

    std::set<int> traces;
    std::map<std::pair<std::int32_t, std::int32_t>, std::int64_t> last_offset;   // (output, input partition) -> offset
    for (const auto& r : output.records()) {
        const auto trace = r.header("x-trace");
        ASSERT_TRUE(trace) << "x-trace is passed through";
        const int i = std::stoi(*trace);
        traces.insert(i);
        ASSERT_TRUE(r.value);
        EXPECT_EQ(without_elapsed(*r.value), expected[i]) << "page " << i;
        EXPECT_EQ(r.key, "part-" + std::to_string(i % 3));
        const auto source = r.header("winnow-source");
        ASSERT_TRUE(source);
        const auto pos = parse_source(*source);
        ASSERT_TRUE(pos) << *source;
        EXPECT_EQ(pos->topic, in_);
        EXPECT_EQ(pos->partition, i % 3);
        EXPECT_EQ(pos->offset, i / 3);
        // Within an output partition, the articles of one input partition come in input order.
        auto [last, fresh] = last_offset.try_emplace({r.partition, pos->partition}, -1);
        EXPECT_GT(pos->offset, last->second) << "order within input partition " << pos->partition;
        last->second = pos->offset;
        EXPECT_FALSE(r.header("url")) << "only configured headers pass through";
    }
    EXPECT_EQ(traces.size(), static_cast<std::size_t>(count));

    // The endpoint: ready, and the metrics count what happened.
    const auto port = worker.http_port();
    ASSERT_TRUE(port);
    EXPECT_EQ(http_get(*port, "/livez")->first, 200);
    EXPECT_EQ(http_get(*port, "/readyz")->first, 200);
    std::string metrics;
    const auto deadline = steady_clock::now() + 10s;
    do {
        metrics = http_get(*port, "/metrics")->second;
        if (metrics.find("winnow_consumer_lag{topic=\"" + in_ + "\",partition=\"2\"} 0") != std::string::npos) break;
        std::this_thread::sleep_for(200ms);
    } while (steady_clock::now() < deadline);
    EXPECT_NE(metrics.find("winnow_pages_in_total 60\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("winnow_pages_out_total 60\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("winnow_extraction_seconds_count 60\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("winnow_consumer_lag{topic=\"" + in_ + "\",partition=\"2\"} 0"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("winnow_rebalances_total{event=\"assigned\"} 1"), std::string::npos) << metrics;

    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, dead_letters_carry_the_page_and_the_reason) {
    make_topics(1, 1);
    auto& worker = start_worker({"--max-page-bytes", "20000"});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());

    const auto pages = sample_pages();
    std::mt19937 rng(1234);
    std::string garbage(4096, '\0');
    for (auto& c : garbage) c = static_cast<char>(rng() & 0xFF);
    const std::string oversized = "<html><body><p>" + std::string(30000, 'x') + "</p></body></html>";
    struct input {
        std::optional<std::string> key;
        std::optional<std::string> value;
        std::string expect;   // "" for an article, else the dead-letter reason
    };
    const std::vector<input> inputs = {
        {"good-1", pages[0].second, ""},
        {"big", oversized, "input_too_large"},
        {"noise", garbage, "not_text"},
        {std::nullopt, std::nullopt, "empty_input"},
        {"good-2", pages[1].second, ""},
    };
    for (std::size_t i = 0; i < inputs.size(); ++i)
        ASSERT_EQ(producer_->send(in_, 0, inputs[i].key, inputs[i].value, {{"x-crawl", "c" + std::to_string(i)}}),
                  RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(producer_->flush(), RD_KAFKA_RESP_ERR_NO_ERROR);

    topic_reader output(bootstrap_, out_);
    topic_reader dead(bootstrap_, dlq_);
    ASSERT_TRUE(dead.poll_until([](const auto& r) { return r.size() >= 3; }, 60s)) << tail(worker.log());
    ASSERT_TRUE(output.poll_until([](const auto& r) { return r.size() >= 2; }, 30s)) << tail(worker.log());
    dead.linger(300ms);
    ASSERT_EQ(dead.records().size(), 3u);
    for (const auto& r : dead.records()) {
        const auto offset = std::stoll(r.header("winnow.source.offset").value_or("-1"));
        ASSERT_GE(offset, 0);
        const auto& in = inputs[static_cast<std::size_t>(offset)];
        EXPECT_EQ(r.header("winnow.error.reason"), in.expect) << "offset " << offset;
        EXPECT_FALSE(r.header("winnow.error.message").value_or("").empty());
        EXPECT_EQ(r.header("winnow.source.topic"), in_);
        EXPECT_EQ(r.header("winnow.source.partition"), "0");
        EXPECT_EQ(r.header("x-crawl"), "c" + std::to_string(offset)) << "original headers kept";
        EXPECT_EQ(r.key, in.key) << "original key kept";
        EXPECT_EQ(r.value, in.value) << "original value kept, byte for byte";
    }
    std::set<std::string> good;
    for (const auto& r : output.records()) good.insert(r.key.value_or(""));
    EXPECT_EQ(good, (std::set<std::string>{"good-1", "good-2"}));

    const auto port = worker.http_port();
    ASSERT_TRUE(port);
    const std::string metrics = http_get(*port, "/metrics")->second;
    for (const char* reason : {"input_too_large", "not_text", "empty_input"})
        EXPECT_NE(metrics.find("winnow_pages_dead_lettered_total{reason=\"" + std::string(reason) + "\"} 1"), std::string::npos)
            << reason << "\n" << metrics;
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, a_page_past_its_time_budget_is_a_timeout_dead_letter_and_the_rest_flows) {
    make_topics(2, 1);
    // One extraction thread and a budget of 100 ms: eight megabytes of short paragraphs (sent gzipped) take
    // several times that in any build, a sample page a small fraction of it once the extractor is warm (the
    // first pages pay for ICU's lazy set-up, so ten go first). Its million blocks are allowed, so that on a
    // fast machine the blocks limit cannot come before the time budget.
    auto& worker = start_worker({"--threads", "1", "--set", "limits.max_page_ms=100", "--set", "limits.max_blocks=2000000"});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    constexpr int warm = 10, count = 30;
    produce_stream(warm, 2, 0ms);
    {
        topic_reader early(bootstrap_, out_);
        ASSERT_TRUE(early.poll_until(all_seqs(warm), 60s)) << tail(worker.log());
    }
    std::string slow = "<html><body>";
    while (slow.size() < 8'000'000) slow += "<p>x</p>";
    ASSERT_EQ(producer_->send(in_, 0, std::string("slow"), gzip(slow), {{"x-seq", "slow"}}), RD_KAFKA_RESP_ERR_NO_ERROR);
    produce_stream(count - warm, 2, 0ms, warm);

    topic_reader output(bootstrap_, out_);
    topic_reader dead(bootstrap_, dlq_);
    ASSERT_TRUE(dead.poll_until([](const auto& r) { return !r.empty(); }, 60s)) << tail(worker.log());
    EXPECT_EQ(dead.records().front().key, std::optional<std::string>("slow"));
    EXPECT_EQ(dead.records().front().header("winnow.error.reason"), "timeout");
    ASSERT_TRUE(output.poll_until(all_seqs(count), 60s)) << missing(seqs(output.records()), count) << tail(worker.log());
    const auto port = worker.http_port();
    ASSERT_TRUE(port);
    // The record can be read before the worker has its delivery report (and counts it): ask until it has.
    std::string metrics;
    for (auto until = steady_clock::now() + 10s; steady_clock::now() < until; std::this_thread::sleep_for(100ms)) {
        metrics = http_get(*port, "/metrics")->second;
        if (metrics.find("winnow_pages_dead_lettered_total{reason=\"timeout\"} 1") != std::string::npos) break;
    }
    EXPECT_NE(metrics.find("winnow_pages_dead_lettered_total{reason=\"timeout\"} 1"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("\nwinnow_oldest_in_flight_seconds "), std::string::npos) << metrics;
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, a_record_larger_than_any_page_is_fetched_and_dead_lettered) {
    // 11 MB: more than the 8 MiB page limit and than what the consumer fetched before (9 MiB), less than
    // the broker's 16 MiB. It must not stall its partition.
    make_topics(1, 1);
    auto& worker = start_worker();
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    const std::string huge = "<p>" + noise_text(11'000'000, 3);
    ASSERT_EQ(producer_->send(in_, 0, std::string("huge"), huge, {{"x-seq", "huge"}}), RD_KAFKA_RESP_ERR_NO_ERROR);
    constexpr int count = 10;
    produce_stream(count, 1, 0ms);
    topic_reader output(bootstrap_, out_);
    topic_reader dead(bootstrap_, dlq_);
    ASSERT_TRUE(dead.poll_until([](const auto& r) { return !r.empty(); }, 60s)) << tail(worker.log());
    EXPECT_EQ(dead.records().front().header("winnow.error.reason"), "input_too_large");
    EXPECT_EQ(dead.records().front().value, std::optional<std::string>(huge)) << "the whole page, byte for byte";
    ASSERT_TRUE(output.poll_until(all_seqs(count), 60s)) << missing(seqs(output.records()), count) << tail(worker.log());
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, a_partition_that_cannot_fetch_is_reported_stalled) {
    // A consumer told to take responses of 1.5 MB at most cannot fetch a 3 MB record: librdkafka refetches
    // the same offset for ever. The worker must say so.
    make_topics(1, 1);
    auto& worker = start_worker({"--max-page-bytes", "1048576", "--set", "consumer.receive.message.max.bytes=1500000",
                                 "--set", "stall.timeout_ms=3000"});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    ASSERT_EQ(producer_->send(in_, 0, std::string("unfetchable"), "<p>" + noise_text(3'000'000, 5)), RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(producer_->flush(), RD_KAFKA_RESP_ERR_NO_ERROR);
    const auto port = worker.http_port();
    ASSERT_TRUE(port);
    std::optional<std::pair<int, std::string>> ready;
    for (auto until = steady_clock::now() + 60s; steady_clock::now() < until; std::this_thread::sleep_for(250ms)) {
        ready = http_get(*port, "/readyz");
        if (ready && ready->first == 503) break;
    }
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->first, 503) << ready->second << tail(worker.log());
    EXPECT_NE(ready->second.find("stalled"), std::string::npos) << ready->second;
    EXPECT_NE(ready->second.find(in_ + "/0"), std::string::npos) << ready->second;
    EXPECT_NE(http_get(*port, "/metrics")->second.find("\nwinnow_stalled_partitions 1\n"), std::string::npos);
    EXPECT_NE(worker.log().find("partition stalled"), std::string::npos);
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, a_dead_letter_topic_that_refuses_a_page_gets_its_first_bytes) {
    dead_letter_topic_refuses_a_page({});
}

TEST_F(worker_test, a_dead_letter_topic_that_refuses_a_page_gets_its_first_bytes_exactly_once) {
    dead_letter_topic_refuses_a_page({"--delivery", "exactly-once", "--set", "transactional_id=" + group_ + "-tx"});
}

TEST_F(worker_test, sigterm_with_pages_still_in_extraction_exits_cleanly) {
    // No time to drain: pages still being extracted when shutdown begins finish during the pool's join.
    // They must not be produced and then purged as failed deliveries: exit 0, and read again later.
    make_topics(1, 1);
    // The pages are large so that extraction takes a while; the page time budget is raised so that a slow
    // build (AddressSanitizer takes about 5 s a page) extracts them rather than dead-lettering them as timeouts.
    auto& worker = start_worker({"--threads", "1", "--set", "shutdown.drain_timeout_ms=0", "--set",
                                 "shutdown.flush_timeout_ms=0", "--set", "limits.max_page_ms=60000"});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    std::string slow = "<html><body>";
    while (slow.size() < 6'000'000) slow += "<p>A short paragraph, one of very many, in a long page.</p>";
    const std::string packed = gzip(slow);
    for (int i = 0; i < 8; ++i)
        ASSERT_EQ(producer_->send(in_, 0, "slow-" + std::to_string(i), packed), RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(producer_->flush(), RD_KAFKA_RESP_ERR_NO_ERROR);
    topic_reader output(bootstrap_, out_);
    ASSERT_TRUE(output.poll_until([](const auto& r) { return !r.empty(); }, 60s)) << tail(worker.log());
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
    EXPECT_EQ(worker.log().find("delivery failed"), std::string::npos) << tail(worker.log());
}

TEST_F(worker_test, a_cluster_with_tls_and_scram) {
    // The test broker's SASL_SSL listener: TLS with a certificate made at start, SCRAM-SHA-512. The password
    // comes from the environment, as a deployment's secret would; it must never show in the log.
    const auto secure = kafka_secure_listener();
    ASSERT_TRUE(secure) << "scripts/kafka start writes the SASL_SSL listener beside the bootstrap file";
    make_topics(1, 1);
    const std::vector<std::string> tls = {"--brokers", secure->bootstrap, "-X", "security.protocol=sasl_ssl",
                                          "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", "sasl.username=" + secure->username,
                                          "-X", "ssl.ca.location=" + secure->ca_file};
    auto& worker = start_worker(tls, {"WINNOW_X_SASL_PASSWORD=" + secure->password});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    constexpr int count = 10;
    produce_stream(count, 1, 0ms);
    topic_reader output(bootstrap_, out_);
    ASSERT_TRUE(output.poll_until(all_seqs(count), 60s)) << missing(seqs(output.records()), count) << tail(worker.log());
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
    EXPECT_EQ(worker.log().find(secure->password), std::string::npos) << "the password is in the log";

    // A wrong password: never ready, the reason logged, and neither password shown.
    const std::string wrong = "not-the-password-" + secure->password.substr(0, 4);
    auto& refused = start_worker(tls, {"WINNOW_X_SASL_PASSWORD=" + wrong});
    const auto port = refused.http_port();
    ASSERT_TRUE(port) << tail(refused.log());
    std::this_thread::sleep_for(3s);
    const auto ready = http_get(*port, "/readyz");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->first, 503) << ready->second;
    refused.signal(SIGTERM);
    (void)refused.wait_exit(30s);
    const std::string log = refused.log();
    EXPECT_NE(log.find("SASL authentication error"), std::string::npos) << tail(log);
    EXPECT_EQ(log.find(wrong), std::string::npos) << "the password is in the log";
    EXPECT_EQ(log.find(secure->password), std::string::npos);
}

/// Runs `winnow ARGS` and returns its standard output and exit status.
std::pair<std::string, int> run_cli(const std::string& args) {
    return run_shell(std::string("\"") + WINNOW_CLI_PATH + "\" " + args, false);
}

TEST_F(worker_test, winnow_bench_produces_and_measures_through_the_worker) {
    make_topics(2, 2);
    auto& worker = start_worker({"--pass-headers", "winnow-sent-us"});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    const std::string pages = (source_dir() / "tests" / "data" / "pages").string();
    const auto [sent, produce_status] =
        run_cli("bench produce --brokers " + bootstrap_ + " --topic " + in_ + " --pages " + pages + " --count 200 --rate 400");
    EXPECT_EQ(produce_status, 0) << sent;
    EXPECT_NE(sent.find("\"records\":200,\"failed\":0"), std::string::npos) << sent;
    EXPECT_NE(sent.find("\"distinct_pages\":5"), std::string::npos) << sent;
    const auto [seen, measure_status] =
        run_cli("bench measure --brokers " + bootstrap_ + " --topic " + out_ + "," + dlq_ + " --count 200 --timeout 30");
    EXPECT_EQ(measure_status, 0) << seen << tail(worker.log());
    EXPECT_NE(seen.find("\"distinct\":200,\"duplicates\":0,\"missing\":0"), std::string::npos) << seen;
    EXPECT_EQ(seen.find("\"p99\":null"), std::string::npos) << "latency from the send stamp: " << seen;
    // Asked for more than came, it says what is missing and fails.
    const auto [short_of, short_status] =
        run_cli("bench measure --brokers " + bootstrap_ + " --topic " + out_ + "," + dlq_ + " --count 210 --timeout 2");
    EXPECT_EQ(short_status, 1);
    EXPECT_NE(short_of.find("\"missing\":10"), std::string::npos) << short_of;
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

// Pages large against the prefetch bound: librdkafka 2.0.2 would stop fetching at the bound and look again
// only a second later; the worker wakes its fetcher instead when it has room and nothing to take.
TEST_F(worker_test, the_fetcher_is_woken_when_the_worker_has_room_and_records_wait) {
    make_topics(1, 1);
    std::string page = "<html><head><title>A long page</title></head><body><article>";
    for (int p = 0; page.size() < 200'000; ++p)
        page += "<p>Paragraph " + std::to_string(p) + " of a long page that the worker reads whole, sentence after sentence.</p>";
    page += "</article></body></html>";
    for (int i = 0; i < 120; ++i)
        ASSERT_EQ(producer_->send(in_, 0, "k" + std::to_string(i), page, {{"x-seq", std::to_string(i)}}),
                  RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(producer_->flush(), RD_KAFKA_RESP_ERR_NO_ERROR);
    auto& worker = start_worker({"--max-in-flight-bytes", "1048576", "--set", "statistics_interval_ms=200"});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    topic_reader output(bootstrap_, out_);
    ASSERT_TRUE(output.poll_until(all_seqs(120), 60s)) << tail(worker.log());
    const auto port = worker.http_port();
    ASSERT_TRUE(port);
    const std::string metrics = http_get(*port, "/metrics")->second;
    const auto at = metrics.find("\nwinnow_fetch_nudges_total ");
    ASSERT_NE(at, std::string::npos) << metrics;
    EXPECT_GT(std::stod(metrics.substr(at + 27)), 0.0) << metrics.substr(at, 60);
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, sighup_is_logged_and_the_worker_goes_on) {
    // What `systemctl reload` sends: no reason to stop, nothing to reload.
    make_topics(1, 1);
    auto& worker = start_worker();
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    worker.signal(SIGHUP);
    produce_stream(5, 1, 0ms);
    topic_reader output(bootstrap_, out_);
    ASSERT_TRUE(output.poll_until(all_seqs(5), 30s)) << tail(worker.log());
    EXPECT_TRUE(worker.running());
    EXPECT_NE(worker.log().find("SIGHUP received and ignored"), std::string::npos) << tail(worker.log());
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

// The ceiling is the worker without extraction: every record copied unchanged (keys and the send stamp
// included, so measure finds them all and a latency), with the worker's client settings.
TEST_F(worker_test, winnow_bench_ceiling_copies_every_record_unchanged) {
    make_topics(2, 2);
    const std::string pages = (source_dir() / "tests" / "data" / "pages").string();
    const auto [sent, produce_status] =
        run_cli("bench produce --brokers " + bootstrap_ + " --topic " + in_ + " --pages " + pages + " --count 300");
    ASSERT_EQ(produce_status, 0) << sent;
    const auto [copied, ceiling_status] = run_cli("bench ceiling --brokers " + bootstrap_ + " --from " + in_ + " --to " +
                                                  out_ + " --count 300 --timeout 30 --max-in-flight-bytes 1048576");
    EXPECT_EQ(ceiling_status, 0) << copied;
    EXPECT_NE(copied.find("\"records\":300,\"failed\":0"), std::string::npos) << copied;
    const auto [seen, measure_status] =
        run_cli("bench measure --brokers " + bootstrap_ + " --topic " + out_ + " --count 300 --timeout 10");
    EXPECT_EQ(measure_status, 0) << seen;
    EXPECT_NE(seen.find("\"distinct\":300,\"duplicates\":0,\"missing\":0"), std::string::npos) << seen;
    EXPECT_EQ(seen.find("\"p99\":null"), std::string::npos) << "the send stamp is copied: " << seen;
    // The bytes that went in came out: the values are the pages, unchanged.
    const auto in_bytes = sent.substr(sent.find("\"bytes\":"));
    EXPECT_NE(seen.find(in_bytes.substr(0, in_bytes.find(','))), std::string::npos) << sent << "\n" << seen;
    // A worker option it cannot take is refused as `winnow run` refuses it.
    EXPECT_EQ(run_cli("bench ceiling --brokers " + bootstrap_ + " --from " + in_ + " --to " + out_ +
                      " --count 1 --max-in-flight-bytes 12").second, 2);
}

// The dashboard and the alert rules of deploy/ name only metrics a worker serves (a renamed metric would
// leave a panel empty and an alert silent for ever).
TEST_F(worker_test, every_metric_of_the_dashboard_and_the_alert_rules_is_served) {
    std::set<std::string> named;
    const std::regex metric_name(R"(\b((?:winnow|process)_[a-z_]+)\b)");
    for (const char* file : {"deploy/grafana/winnow-dashboard.json", "deploy/prometheus/winnow-alerts.yaml"}) {
        const std::string text = read_file(source_dir() / file);
        ASSERT_FALSE(text.empty()) << file;
        for (std::sregex_iterator it(text.begin(), text.end(), metric_name), end; it != end; ++it) {
            std::string name = (*it)[1];
            for (const std::string suffix : {"_bucket", "_count", "_sum"})   // a histogram's series
                if (name.size() > suffix.size() && name.ends_with(suffix)) name.resize(name.size() - suffix.size());
            named.insert(name);
        }
    }
    ASSERT_GE(named.size(), 12u) << "the files name the worker's metrics";

    make_topics(1, 1);
    auto& worker = start_worker();
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    const auto port = worker.http_port();
    ASSERT_TRUE(port);
    const std::string metrics = http_get(*port, "/metrics")->second;
    for (const auto& name : named)
        EXPECT_NE(metrics.find("# TYPE " + name + " "), std::string::npos) << name << " is not served:\n" << metrics;
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, json_envelopes_with_configured_fields) {
    make_topics(1, 1);
    auto& worker = start_worker({"--input-format", "json", "--set", "input.envelope.html=body", "--set", "input.envelope.url=link"});
    ASSERT_TRUE(worker.wait_ready()) << tail(worker.log());
    const auto pages = sample_pages();
    auto json_string = [](const std::string& s) {
        std::string out = "\"";
        for (const char c : s) {
            if (c == '"' || c == '\\') out += '\\';
            if (c == '\n') { out += "\\n"; continue; }
            if (c == '\t') { out += "\\t"; continue; }
            out += c;
        }
        return out + "\"";
    };
    const std::string html = pages[0].second;                        // de-stadtbibliothek.html (UTF-8)
    const std::string text = read_text(source_dir() / "tests/data/pages/zh-flattened.txt");
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"html", "{\"link\":\"https://example.de/a\",\"body\":" + json_string(html) + "}"},
        {"broken", "{\"body\": \"<p>unterminated"},
        {"text", "{\"text\":" + json_string(text) + "}"},
        {"neither", "{\"link\":\"https://example.de/b\"}"},
    };
    for (const auto& [key, value] : inputs) ASSERT_EQ(producer_->send(in_, 0, key, value), RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(producer_->flush(), RD_KAFKA_RESP_ERR_NO_ERROR);

    topic_reader output(bootstrap_, out_);
    topic_reader dead(bootstrap_, dlq_);
    ASSERT_TRUE(output.poll_until([](const auto& r) { return r.size() >= 2; }, 60s)) << tail(worker.log());
    ASSERT_TRUE(dead.poll_until([](const auto& r) { return r.size() >= 2; }, 30s)) << tail(worker.log());
    std::map<std::string, std::string> articles;
    for (const auto& r : output.records()) articles[r.key.value_or("")] = without_elapsed(r.value.value_or(""));
    winnow::extract_options as_html;
    as_html.mode = winnow::input_mode::html;
    as_html.url = "https://example.de/a";
    winnow::extract_options as_text;
    as_text.mode = winnow::input_mode::text;
    EXPECT_EQ(articles["html"], without_elapsed(winnow::to_json(*winnow::extract(html, as_html))));
    EXPECT_EQ(articles["text"], without_elapsed(winnow::to_json(*winnow::extract(text, as_text))));
    for (const auto& r : dead.records()) {
        EXPECT_EQ(r.header("winnow.error.reason"), "invalid_envelope") << r.key.value_or("");
        EXPECT_TRUE(r.key == "broken" || r.key == "neither");
    }
    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << tail(worker.log());
}

TEST_F(worker_test, at_least_once_survives_sigkill) {
    make_topics(2);
    constexpr int count = 300;
    auto* first = &start_worker({"--max-in-flight", "16"});
    ASSERT_TRUE(first->wait_ready()) << tail(first->log());
    std::thread stream([&] { produce_stream(count, 2, 8ms); });
    topic_reader output(bootstrap_, out_);
    const bool some = output.poll_until([](const auto& r) { return r.size() >= 60; }, 60s);
    first->signal(SIGKILL);
    EXPECT_EQ(first->wait_exit(10s), 128 + SIGKILL);
    ASSERT_TRUE(some) << tail(first->log());
    auto& second = start_worker({"--max-in-flight", "16"});
    stream.join();
    ASSERT_TRUE(output.poll_until(all_seqs(count), 90s)) << missing(seqs(output.records()), count) << tail(second.log());
    output.linger(1s);
    const auto seen = seqs(output.records());
    int duplicates = 0;
    for (const auto& [seq, n] : seen) duplicates += n - 1;
    RecordProperty("duplicates", duplicates);
    std::printf("at-least-once across SIGKILL: %d pages, %d duplicates\n", count, duplicates);
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(count)) << missing(seen, count);
    second.signal(SIGTERM);
    EXPECT_EQ(second.wait_exit(30s), 0) << tail(second.log());
}

TEST_F(worker_test, exactly_once_survives_sigkill) {
    make_topics(2);
    constexpr int count = 300;
    const std::vector<std::string> eos = {"--delivery", "exactly-once", "--max-in-flight", "16"};
    auto* first = &start_worker(eos);
    ASSERT_TRUE(first->wait_ready()) << tail(first->log());
    std::thread stream([&] { produce_stream(count, 2, 8ms); });
    topic_reader output(bootstrap_, out_, /*read_committed=*/true);
    const bool some = output.poll_until([](const auto& r) { return r.size() >= 60; }, 60s);
    first->signal(SIGKILL);
    EXPECT_EQ(first->wait_exit(10s), 128 + SIGKILL);
    ASSERT_TRUE(some) << tail(first->log());
    auto& second = start_worker(eos);
    stream.join();
    ASSERT_TRUE(output.poll_until(all_seqs(count), 120s)) << missing(seqs(output.records()), count) << tail(second.log());
    // Let any late duplicate show up: more than a transaction interval.
    output.linger(2s);
    const auto seen = seqs(output.records());
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(count)) << missing(seen, count);
    for (const auto& [seq, n] : seen) EXPECT_EQ(n, 1) << "page " << seq << " seen " << n << " times";
    EXPECT_EQ(output.records().size(), static_cast<std::size_t>(count));
    second.signal(SIGTERM);
    EXPECT_EQ(second.wait_exit(30s), 0) << tail(second.log());
}

TEST_F(worker_test, two_workers_rebalance_without_loss) {
    make_topics(4);
    constexpr int count = 400;
    auto& a = start_worker({"--max-in-flight", "16"});
    ASSERT_TRUE(a.wait_ready()) << tail(a.log());
    std::thread stream([&] { produce_stream(count, 4, 10ms); });
    topic_reader output(bootstrap_, out_);
    ASSERT_TRUE(output.poll_until([](const auto& r) { return r.size() >= 40; }, 60s)) << tail(a.log());
    auto& b = start_worker({"--max-in-flight", "16"});
    ASSERT_TRUE(b.wait_ready()) << tail(b.log());
    // Both members hold partitions while the stream goes on; then the first leaves (a second rebalance).
    ASSERT_TRUE(output.poll_until([](const auto& r) { return r.size() >= 200; }, 60s)) << tail(b.log());
    a.signal(SIGTERM);
    EXPECT_EQ(a.wait_exit(30s), 0) << tail(a.log());
    stream.join();
    ASSERT_TRUE(output.poll_until(all_seqs(count), 90s)) << missing(seqs(output.records()), count) << tail(b.log());
    output.linger(500ms);
    const auto seen = seqs(output.records());
    int duplicates = 0;
    for (const auto& [seq, n] : seen) duplicates += n - 1;
    RecordProperty("duplicates", duplicates);
    std::printf("two workers, two rebalances: %d pages, %d duplicates\n", count, duplicates);
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(count));
    EXPECT_NE(b.log().find("\"msg\":\"partitions assigned\""), std::string::npos);
    EXPECT_NE(a.log().find("\"msg\":\"partitions revoked\""), std::string::npos);
    b.signal(SIGTERM);
    EXPECT_EQ(b.wait_exit(30s), 0) << tail(b.log());
}

TEST_F(worker_test, sigterm_drains_and_commits_within_the_deadline) {
    make_topics(2);
    constexpr int count = 400;
    produce_stream(count, 2, 0ms);   // a backlog
    auto& worker = start_worker({"--threads", "1", "--max-in-flight", "64"});
    topic_reader output(bootstrap_, out_);
    ASSERT_TRUE(output.poll_until([](const auto& r) { return r.size() >= 30; }, 60s)) << tail(worker.log());
    const auto signalled = steady_clock::now();
    worker.signal(SIGTERM);
    const auto status = worker.wait_exit(30s);
    const auto took = steady_clock::now() - signalled;
    ASSERT_TRUE(status) << "did not exit within the 30 s grace period" << tail(worker.log());
    EXPECT_EQ(*status, 0) << tail(worker.log());
    EXPECT_LT(took, 30s);   // the documented deadline (Kubernetes' default grace period)
    const std::string log = worker.log();
    EXPECT_LT(log.find("\"msg\":\"shutting down\""), log.find("\"msg\":\"stopped\"")) << tail(log);

    // What was committed is covered: every input below a committed offset has its article.
    output.linger(1s);
    std::map<std::int32_t, std::set<std::int64_t>> done;
    for (const auto& r : output.records())
        if (const auto pos = parse_source(r.header("winnow-source").value_or(""))) done[pos->partition].insert(pos->offset);
    auto observer = make_client(RD_KAFKA_CONSUMER, make_conf({{"bootstrap.servers", bootstrap_}, {"group.id", group_}}));
    ASSERT_TRUE(observer);
    kafka_ptr<rd_kafka_topic_partition_list_t> list(rd_kafka_topic_partition_list_new(2));
    for (int p = 0; p < 2; ++p) rd_kafka_topic_partition_list_add(list.get(), in_.c_str(), p);
    ASSERT_EQ(rd_kafka_committed(observer.get(), list.get(), 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    std::int64_t committed_total = 0;
    for (int i = 0; i < list->cnt; ++i) {
        const auto committed = list->elems[i].offset;
        const auto partition = list->elems[i].partition;
        if (committed < 0) continue;   // nothing of this partition was consumed yet
        committed_total += committed;
        for (std::int64_t o = 0; o < committed; ++o)
            ASSERT_TRUE(done[partition].contains(o)) << "committed past offset " << o << " of partition " << partition << " without its article";
    }
    EXPECT_GE(committed_total, 30);
    rd_kafka_consumer_close(observer.get());
}

}  // namespace
