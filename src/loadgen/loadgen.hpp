// Load for a cluster and what comes out of it: the two halves of `winnow bench`, usable against any
// cluster the worker can use (the same librdkafka properties).
//
// produce() cycles page files (raw or gzip, any charset, sent byte for byte) into a topic, each record
// keyed "<prefix><n>" and stamped with the time it was sent (header winnow-sent-us, microseconds since the
// Unix epoch), at a given rate or as fast as the cluster takes them. measure() reads topics from their
// start (read_committed) until it has seen a given number of distinct keys, or until nothing has arrived
// for a while, and reports the sustained rate, the end-to-end latency from the send stamp (which the
// worker passes on with output.pass_headers) and the keys missing or seen twice. ceiling() is the worker
// without extraction: it copies records from one topic to another with the worker's client settings, so
// that the worker's rate can be read against what the cluster and the client allow on the same machine.
//
//     auto sent = winnow::loadgen::produce({.properties = {{"bootstrap.servers", b}}, .topic = "pages",
//                                           .pages = {"../shared/datasets/wcxb-dev/pages"}, .count = 100000});
//     auto seen = winnow::loadgen::measure({.properties = {{"bootstrap.servers", b}}, .topics = {"articles"},
//                                           .count = 100000});
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kafka/kafka.hpp"

namespace winnow::loadgen {

/// The header produce() stamps each record with: microseconds since the Unix epoch, in decimal.
inline constexpr std::string_view sent_header = "winnow-sent-us";

/// Progress while a run goes on: done so far, the total, seconds since the start.
using progress_fn = std::function<void(std::uint64_t done, std::uint64_t total, double seconds)>;

struct produce_options {
    kafka::properties properties;          ///< bootstrap.servers and anything else (SASL, SSL, ...)
    std::string topic;
    std::vector<std::string> pages;        ///< files, or folders (every file in them, recursively, sorted)
    std::uint64_t count = 0;               ///< records to send, cycling the pages
    double rate = 0;                       ///< records per second; 0: as fast as the cluster takes them
    std::string key_prefix = "page-";
    progress_fn progress;                  ///< called about twice a second
};

struct produce_report {
    std::uint64_t records = 0;             ///< delivered
    std::uint64_t failed = 0;              ///< refused by the cluster for good
    std::uint64_t bytes = 0;               ///< of record values delivered
    std::size_t distinct_pages = 0;        ///< page files cycled
    double seconds = 0;                    ///< from the first send to the last delivery report
    [[nodiscard]] double records_per_second() const noexcept { return seconds > 0 ? static_cast<double>(records) / seconds : 0; }
};

struct measure_options {
    kafka::properties properties;
    std::vector<std::string> topics;       ///< read from the start of every partition
    std::uint64_t count = 0;               ///< distinct keys expected; 0: read until idle
    std::string key_prefix = "page-";      ///< only keys with this prefix count
    std::chrono::milliseconds idle_timeout{30'000};   ///< give up after this long without a new record
    progress_fn progress;
};

struct measure_report {
    std::uint64_t records = 0;             ///< records read with the prefix
    std::uint64_t distinct = 0;            ///< distinct keys among them
    std::uint64_t duplicates = 0;          ///< records whose key was seen before
    std::uint64_t missing = 0;             ///< expected keys never seen (count > 0)
    std::uint64_t bytes = 0;
    double seconds = 0;                    ///< from the first record's arrival to the last's
    double records_per_second = 0;         ///< distinct records over that span
    double megabytes_per_second = 0;
    bool timed_out = false;                ///< stopped by the idle timeout before count distinct keys
    std::int64_t first_arrival_unix_ms = 0;   ///< when the first record came (0: none), for start-up times
    /// End-to-end latency in milliseconds, from the send stamp to the arrival here (records with a stamp).
    std::optional<double> latency_p50_ms, latency_p95_ms, latency_p99_ms, latency_max_ms;
};

/// The broker-and-client ceiling: every record of `from` consumed and produced again, unchanged (key,
/// value, headers), to `to`, with the worker's own client settings and no extraction in between.
struct ceiling_options {
    kafka::properties consumer_properties;   ///< as the worker's consumer (group.id included)
    kafka::properties producer_properties;   ///< as the worker's producer
    std::string from, to;
    std::uint64_t count = 0;                 ///< records to copy; 0: until idle
    std::chrono::milliseconds idle_timeout{30'000};
    progress_fn progress;
};

struct ceiling_report {
    std::uint64_t records = 0;               ///< copied and delivered
    std::uint64_t failed = 0;                ///< refused by the cluster for good
    std::uint64_t bytes = 0;                 ///< of record values delivered
    double seconds = 0;                      ///< from the first record consumed to the last delivery
    bool timed_out = false;                  ///< stopped by the idle timeout before count records
    [[nodiscard]] double records_per_second() const noexcept { return seconds > 0 ? static_cast<double>(records) / seconds : 0; }
    [[nodiscard]] double megabytes_per_second() const noexcept { return seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0; }
};

/// Sends the records; fails (with a message) when no page can be read or the producer cannot be made.
[[nodiscard]] std::optional<produce_report> produce(const produce_options& options, std::string& error);

/// Reads until count distinct keys or the idle timeout; fails when the consumer cannot be made or a
/// topic has no partitions.
[[nodiscard]] std::optional<measure_report> measure(const measure_options& options, std::string& error);

/// Copies count records (or until idle); fails when a client cannot be made or `from` cannot be subscribed.
[[nodiscard]] std::optional<ceiling_report> ceiling(const ceiling_options& options, std::string& error);

/// The reports as one JSON object each, for tools.
[[nodiscard]] std::string to_json(const produce_report& report);
[[nodiscard]] std::string to_json(const measure_report& report);
[[nodiscard]] std::string to_json(const ceiling_report& report);

}  // namespace winnow::loadgen
