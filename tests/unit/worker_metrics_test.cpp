// Prometheus rendering, librdkafka statistics and the JSON log lines.
#include <boost/json/parse.hpp>

#include <string>

#include <gtest/gtest.h>

#include "worker/daemon.hpp"
#include "worker/logging.hpp"
#include "worker/metrics.hpp"
#include "worker/statistics.hpp"

namespace {

using namespace winnow::worker;

TEST(metrics, renders_the_prometheus_text_format) {
    registry r;
    auto& pages = r.add_counter("winnow_pages_in_total", "Pages consumed.");
    auto& dead = r.add_counter_family("winnow_pages_dead_lettered_total", "Dead letters.", {"reason"});
    auto& lag = r.add_gauge_family("winnow_consumer_lag", "Lag.", {"topic", "partition"});
    auto& seconds = r.add_histogram("winnow_extraction_seconds", "Latency.", {0.001, 0.01, 0.1});
    auto& in_flight = r.add_gauge("winnow_in_flight_pages", "In flight.");
    pages.inc(3);
    dead.with({"input_too_large"}).inc();
    dead.with({"invalid_envelope"}).inc(2);
    lag.replace({{{"pages", "0"}, 5}, {{"pages", "1"}, 0}});
    seconds.observe(0.0005);
    seconds.observe(0.005);
    seconds.observe(0.005);
    seconds.observe(3);
    in_flight.set(7);
    in_flight.add(-2);

    const std::string expected = R"(# HELP winnow_pages_in_total Pages consumed.
# TYPE winnow_pages_in_total counter
winnow_pages_in_total 3
# HELP winnow_pages_dead_lettered_total Dead letters.
# TYPE winnow_pages_dead_lettered_total counter
winnow_pages_dead_lettered_total{reason="input_too_large"} 1
winnow_pages_dead_lettered_total{reason="invalid_envelope"} 2
# HELP winnow_consumer_lag Lag.
# TYPE winnow_consumer_lag gauge
winnow_consumer_lag{topic="pages",partition="0"} 5
winnow_consumer_lag{topic="pages",partition="1"} 0
# HELP winnow_extraction_seconds Latency.
# TYPE winnow_extraction_seconds histogram
winnow_extraction_seconds_bucket{le="0.001"} 1
winnow_extraction_seconds_bucket{le="0.01"} 3
winnow_extraction_seconds_bucket{le="0.1"} 3
winnow_extraction_seconds_bucket{le="+Inf"} 4
winnow_extraction_seconds_sum 3.0105
winnow_extraction_seconds_count 4
# HELP winnow_in_flight_pages In flight.
# TYPE winnow_in_flight_pages gauge
winnow_in_flight_pages 5
)";
    EXPECT_EQ(r.render(), expected);

    lag.replace({{{"pages", "2"}, 9}});   // partitions 0 and 1 were revoked
    const std::string after = r.render();
    EXPECT_EQ(after.find("partition=\"0\""), std::string::npos);
    EXPECT_NE(after.find("winnow_consumer_lag{topic=\"pages\",partition=\"2\"} 9"), std::string::npos);
}

TEST(metrics, label_values_are_escaped) {
    EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    EXPECT_EQ(format_sample(0.25), "0.25");
    EXPECT_EQ(format_sample(12), "12");
}

TEST(metrics, http_routes) {
    registry r;
    worker_metrics m(r);
    worker_status s;
    auto get = [&](const char* path) { return route({"GET", path}, r, s, m.ready); };
    EXPECT_EQ(get("/livez").status, 200u);
    EXPECT_EQ(get("/readyz").status, 503u);
    EXPECT_NE(get("/readyz").body.find("not joined"), std::string::npos);
    s.joined = true;
    s.producer_connected = true;
    EXPECT_EQ(get("/readyz").status, 200u);
    const auto metrics = get("/metrics?x=1");
    EXPECT_EQ(metrics.status, 200u);
    EXPECT_NE(metrics.content_type.find("version=0.0.4"), std::string::npos);
    EXPECT_NE(metrics.body.find("winnow_ready 1"), std::string::npos);
    s.stopping = true;
    EXPECT_EQ(get("/readyz").status, 503u);
    EXPECT_EQ(get("/nope").status, 404u);
}

TEST(statistics, consumer_lag_and_broker_state) {
    const auto stats = parse_statistics(R"({
      "name": "winnow#consumer-1", "type": "consumer",
      "brokers": {"127.0.0.1:9092/bootstrap": {"state": "DOWN", "nodeid": -1},
                  "127.0.0.1:9092/1": {"state": "UP", "nodeid": 1}},
      "topics": {"pages": {"topic": "pages", "partitions": {
          "0": {"partition": 0, "consumer_lag": 12},
          "1": {"partition": 1, "consumer_lag": -1},
          "-1": {"partition": -1, "consumer_lag": -1}}}}})");
    ASSERT_TRUE(stats);
    EXPECT_TRUE(stats->broker_up);
    ASSERT_EQ(stats->lag.size(), 1u);
    EXPECT_EQ(stats->lag.at({"pages", 0}), 12);
    const auto down = parse_statistics(R"({"brokers": {"b/1": {"state": "CONNECT"}}})");
    ASSERT_TRUE(down);
    EXPECT_FALSE(down->broker_up);
    EXPECT_FALSE(parse_statistics("not json"));
}

TEST(logging, one_json_object_per_line) {
    const std::string line = logger::format(log_level::warn, "partition \"revoked\"",
                                            {{"topic", "pages"}, {"partition", 3}, {"lost", false}, {"ratio", 0.5}});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const auto v = boost::json::parse(line).as_object();
    EXPECT_EQ(v.at("level").as_string(), "warn");
    EXPECT_EQ(v.at("msg").as_string(), "partition \"revoked\"");
    EXPECT_EQ(v.at("fields").as_object().at("partition").as_int64(), 3);
    EXPECT_EQ(v.at("fields").as_object().at("lost").as_bool(), false);
    EXPECT_EQ(v.at("ts").as_string().size(), std::string("2024-01-01T00:00:00.000Z").size());
    EXPECT_EQ(parse_log_level("warning"), log_level::warn);
    EXPECT_FALSE(parse_log_level("loud"));
}

TEST(worker_metrics, gauges_render_in_their_unit) {
    winnow::worker::registry r;
    auto& age = r.add_gauge("x_oldest_seconds", "Age.", 0.001);   // kept in milliseconds, shown in seconds
    age.set(1500);
    EXPECT_EQ(age.value(), 1500);
    EXPECT_NE(r.render().find("\nx_oldest_seconds 1.5\n"), std::string::npos) << r.render();
}

}  // namespace
