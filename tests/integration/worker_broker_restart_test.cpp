// `winnow run` across a broker restart: the broker of scripts/kafka is stopped and started again on the
// same ports with the same data (`scripts/kafka restart`) while the worker runs; the worker reconnects
// and no page is lost. Registered with RUN_SERIAL: no other test may use the broker meanwhile.
#include <cstdlib>
#include <map>

#include "support/worker_harness.hpp"

namespace {

using namespace winnow::testing;
using namespace std::chrono_literals;

TEST(worker, recovers_from_broker_restart) {
    WINNOW_REQUIRE_BROKER(bootstrap);
    const std::string in = unique_name("winnow-it-restart-in");
    const std::string out = unique_name("winnow-it-restart-out");
    const std::string dlq = unique_name("winnow-it-restart-dlq");
    const std::string group = unique_name("winnow-it-restart-group");
    test_producer producer(bootstrap);
    ASSERT_TRUE(producer.get());
    ASSERT_TRUE(create_topic(producer.get(), in, 2));
    ASSERT_TRUE(create_topic(producer.get(), out, 2));
    ASSERT_TRUE(create_topic(producer.get(), dlq, 1));

    const auto logs = binary_dir() / "Testing" / "worker-logs";
    std::filesystem::create_directories(logs);
    worker_process worker({"--brokers", bootstrap, "--input-topic", in, "--output-topic", out, "--dlq-topic", dlq,
                           "--group", group, "--http", "127.0.0.1:0", "--log-level", "debug", "--pass-headers", "x-seq",
                           "--set", "statistics_interval_ms=500", "--set", "commit_interval_ms=200",
                           "--set", "consumer.session.timeout.ms=10000"},
                          logs / "recovers_from_broker_restart.log");
    ASSERT_TRUE(worker.wait_ready()) << worker.log();

    const auto pages = sample_pages();
    auto produce = [&](int first, int count) {
        for (int i = first; i < first + count; ++i)
            ASSERT_EQ(producer.send(in, i % 2, "k" + std::to_string(i), pages[static_cast<std::size_t>(i) % pages.size()].second,
                                    {{"x-seq", std::to_string(i)}}),
                      RD_KAFKA_RESP_ERR_NO_ERROR);
        ASSERT_EQ(producer.flush(120000), RD_KAFKA_RESP_ERR_NO_ERROR);
    };
    auto seqs = [](const std::vector<record>& records) {
        std::map<int, int> seen;
        for (const auto& r : records)
            if (const auto s = r.header("x-seq")) ++seen[std::stoi(*s)];
        return seen;
    };

    produce(0, 50);
    {
        topic_reader output(bootstrap, out);
        ASSERT_TRUE(output.poll_until([&](const auto& r) { return seqs(r).size() >= 50; }, 60s)) << worker.log();
    }

    const std::string restart = "\"" + (source_dir() / "scripts/kafka").string() + "\" restart >/dev/null";
    ASSERT_EQ(std::system(restart.c_str()), 0) << "scripts/kafka restart failed";
    EXPECT_EQ(*kafka_bootstrap(), bootstrap) << "the broker keeps its address";

    produce(50, 50);
    topic_reader output(bootstrap, out);
    ASSERT_TRUE(output.poll_until([&](const auto& r) { return seqs(r).size() >= 100; }, 120s))
        << seqs(output.records()).size() << " of 100\n" << worker.log();
    EXPECT_TRUE(worker.running()) << "the worker rode out the outage";
    EXPECT_TRUE(worker.wait_ready(30s)) << "ready again after the broker came back";

    worker.signal(SIGTERM);
    EXPECT_EQ(worker.wait_exit(30s), 0) << worker.log();
}

}  // namespace
