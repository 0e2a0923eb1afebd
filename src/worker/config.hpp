// The configuration of `winnow run`: a YAML file, WINNOW_* environment variables and command-line flags,
// merged in that order (a flag wins over the environment, which wins over the file, which wins over the
// defaults), then validated into a worker_config. Errors are config_error exceptions: configuration is the
// one place the worker throws, at start-up, and `winnow run` turns them into exit status 2.
//
// Every setting has a dotted key ("input.topic"). The file nests or flattens keys as it likes
// (`input: {topic: pages}` or `input.topic: pages`); the environment variable is WINNOW_ and the key in
// upper case with dots as underscores (WINNOW_INPUT_TOPIC); some keys have a flag (--input-topic), and any
// key can be set with --set KEY=VALUE. librdkafka properties go under `kafka` (both clients), `consumer`
// or `producer` in the file, WINNOW_X_<PROPERTY> in the environment (sasl.password is
// WINNOW_X_SASL_PASSWORD) and -X PROPERTY=VALUE on the command line, as kcat takes them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kafka/kafka.hpp"
#include "shell/envelope.hpp"
#include "winnow/extract.hpp"
#include "winnow/limits.hpp"
#include "worker/logging.hpp"

namespace winnow::worker {

/// The largest configuration file read (a configuration is a few kilobytes).
inline constexpr std::size_t max_config_bytes = std::size_t{1} << 20;
/// The largest input.max_bytes: librdkafka's fetch and message sizes are 32-bit, its message.max.bytes at
/// most 10^9, and a dead letter carries the page.
inline constexpr std::size_t max_page_bytes_limit = std::size_t{256} << 20;

class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class delivery_mode { at_least_once, exactly_once };
enum class input_format { raw, json };
enum class output_format { json, text, markdown };
/// Where a setting's value came from, lowest precedence first.
enum class origin { default_value, file, environment, flag };

[[nodiscard]] std::string_view to_string(delivery_mode m) noexcept;
[[nodiscard]] std::string_view to_string(origin o) noexcept;

using kafka_properties = kafka::properties;

/// Field names of the JSON envelope (input.format json).
using shell::envelope_fields;

struct worker_config {
    std::string brokers;
    std::vector<std::string> input_topics;
    std::string output_topic;
    std::string dlq_topic;
    std::string group = "winnow";
    delivery_mode delivery = delivery_mode::at_least_once;
    unsigned threads = 1;                     ///< resolved: "0" in the settings means one per core

    bool http_enabled = true;
    std::string http_host = "0.0.0.0";
    std::uint16_t http_port = 8080;
    log_level level = log_level::info;

    input_format format = input_format::raw;
    winnow::input_mode mode = winnow::input_mode::automatic;
    std::size_t max_page_bytes = std::size_t{8} << 20;
    std::string url_header = "url";
    std::string content_type_header = "content-type";
    envelope_fields envelope;

    output_format out_format = output_format::json;
    std::size_t max_output_bytes = std::size_t{16} << 20;   ///< larger articles are output_too_large dead letters
    std::vector<std::string> pass_headers;
    bool captions = false;
    bool dlq_empty_articles = false;
    winnow::limits limits;

    std::size_t max_in_flight_messages = 1000;
    std::size_t max_in_flight_bytes = std::size_t{32} << 20;

    std::chrono::milliseconds commit_interval{1000};
    std::chrono::milliseconds statistics_interval{5000};
    std::chrono::milliseconds rebalance_drain_timeout{5000};
    std::chrono::milliseconds drain_timeout{15000};
    std::chrono::milliseconds flush_timeout{5000};
    std::chrono::milliseconds shutdown_timeout{28000};
    std::chrono::milliseconds stall_timeout{60000};   ///< 0: no stall detection
    std::string transactional_id;             ///< resolved: never empty in exactly-once mode

    kafka_properties kafka;                   ///< kafka.*: given for both clients
    kafka_properties consumer;                ///< consumer.*
    kafka_properties producer;                ///< producer.*

    /// Every key with its effective value and origin (for --check-config).
    std::map<std::string, std::pair<std::string, origin>> settings;
};

/// One layer of settings: dotted key to value and origin.
using setting_map = std::map<std::string, std::pair<std::string, origin>>;

struct run_arguments {
    std::string config_file;   ///< --config, else WINNOW_CONFIG
    bool check_config = false;
    bool help = false;
    setting_map flags;
};

/// Parses the arguments of `winnow run` (after the command name).
[[nodiscard]] run_arguments parse_run_arguments(std::span<const std::string_view> args);
/// Adds the settings of a YAML document; unknown keys are errors (a typo must not be ignored), and so are
/// duplicate keys, anchors and aliases, nesting past 16 levels, more than 10,000 settings and documents
/// over max_config_bytes (a configuration file must not be able to take the worker's time or memory).
void merge_yaml(setting_map& into, std::string_view yaml_text, std::string_view file_name);
/// Adds the settings of WINNOW_* variables (other variables are ignored).
void merge_environment(setting_map& into, const std::map<std::string, std::string>& environment);
/// The process environment as a map.
[[nodiscard]] std::map<std::string, std::string> process_environment();
/// Applies defaults to the merged settings and validates them, librdkafka properties included.
[[nodiscard]] worker_config build_config(const setting_map& settings);
/// file (from --config or WINNOW_CONFIG) < environment < flags, then build_config.
[[nodiscard]] worker_config load_config(const run_arguments& args, const std::map<std::string, std::string>& environment);

/// The librdkafka properties of each client: winnow's (queues sized from the in-flight bounds, delivery
/// settings), then the user's kafka.*, then consumer.* or producer.*. `largest_record` is the largest
/// record the input topics can hold (their max.message.bytes, read from the cluster at start-up; 0 when
/// unknown): the consumer's receive.message.max.bytes is raised to fetch it, so that a record too large
/// for the worker still arrives and becomes a dead letter instead of stalling its partition.
[[nodiscard]] kafka_properties consumer_properties(const worker_config& config, std::size_t largest_record = 0);
/// `smallest_topic_limit` is the smallest max.message.bytes of the output and dead-letter topics (0 when
/// unknown): the producer's batch.size stays below it, since the broker refuses a whole batch larger than
/// its topic's limit, however small each record in it.
[[nodiscard]] kafka_properties producer_properties(const worker_config& config, std::size_t smallest_topic_limit = 0);

/// True for properties whose values must not be printed or logged (passwords, secrets, private keys).
[[nodiscard]] bool is_secret(std::string_view key) noexcept;
inline constexpr std::string_view masked_value = "********";
/// The effective configuration as YAML, secrets masked, each value with its origin.
[[nodiscard]] std::string render_config(const worker_config& config);

/// The help text of `winnow run`, listing every key.
[[nodiscard]] std::string run_usage();

}  // namespace winnow::worker
