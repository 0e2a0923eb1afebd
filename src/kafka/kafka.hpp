// RAII over librdkafka's C handles, and the calls the Kafka shells (the worker, `winnow bench`) share:
// making a configuration, copying and producing messages, partition lists, a topic's max.message.bytes.
//
// librdkafka's RD_KAFKA_V_* produce macros expand to old-style casts, which the build forbids; produce()
// fills an rd_kafka_vu_t array for rd_kafka_produceva() instead.
//
//     std::string error;
//     auto conf = winnow::kafka::make_conf({{"bootstrap.servers", "127.0.0.1:9092"}}, error);
//     winnow::kafka::ptr<rd_kafka_t> producer(rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), errstr, n));
#pragma once

#include <librdkafka/rdkafka.h>

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <utility>

namespace winnow::kafka {

/// librdkafka properties, in the order given (a later one replaces an earlier one of the same name).
using properties = std::vector<std::pair<std::string, std::string>>;

struct topic_partition {
    std::string topic;
    std::int32_t partition = 0;
    auto operator<=>(const topic_partition&) const = default;
};

struct deleter {
    void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
    void operator()(rd_kafka_conf_t* c) const noexcept { rd_kafka_conf_destroy(c); }
    void operator()(rd_kafka_topic_partition_list_t* l) const noexcept { rd_kafka_topic_partition_list_destroy(l); }
    void operator()(rd_kafka_queue_t* q) const noexcept { rd_kafka_queue_destroy(q); }
    void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
    void operator()(rd_kafka_error_t* e) const noexcept { rd_kafka_error_destroy(e); }
    void operator()(rd_kafka_consumer_group_metadata_t* g) const noexcept { rd_kafka_consumer_group_metadata_destroy(g); }
    void operator()(rd_kafka_event_t* e) const noexcept { rd_kafka_event_destroy(e); }
    void operator()(rd_kafka_AdminOptions_t* o) const noexcept { rd_kafka_AdminOptions_destroy(o); }
    void operator()(rd_kafka_ConfigResource_t* r) const noexcept { rd_kafka_ConfigResource_destroy(r); }
};
template <class T>
using ptr = std::unique_ptr<T, deleter>;

/// A configuration from properties; nullptr with `error` set when librdkafka rejects one.
[[nodiscard]] ptr<rd_kafka_conf_t> make_conf(const properties& settings, std::string& error);

/// A header as read from a message: a null value is not the same as an empty one.
struct header {
    std::string name;
    std::optional<std::string> value;
};

/// The parts of a consumed message the worker keeps (copied, so librdkafka's fetch buffers are freed at
/// once and the in-flight byte count is the real memory held).
struct message_copy {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<header> headers;

    [[nodiscard]] topic_partition source() const { return {topic, partition}; }
    /// Bytes held: key, value and headers.
    [[nodiscard]] std::size_t size() const noexcept;
};

[[nodiscard]] message_copy copy_message(const rd_kafka_message_t& m);

struct outgoing {
    std::string_view topic;
    const std::optional<std::string>* key = nullptr;   ///< null or nullopt: no key
    std::string_view value;
    bool null_value = false;
    const std::vector<header>* headers = nullptr;
    void* opaque = nullptr;                             ///< passed to the delivery report
};

/// Produces one message (copied); null on success.
[[nodiscard]] ptr<rd_kafka_error_t> produce(rd_kafka_t* rk, const outgoing& message);

/// A partition list with one entry per (topic, partition, offset).
[[nodiscard]] ptr<rd_kafka_topic_partition_list_t> partition_list(
    const std::vector<std::pair<topic_partition, std::int64_t>>& entries);

/// The max.message.bytes of each of the given topics, as the cluster reports them (DescribeConfigs: the
/// topic's own setting, else the broker's message.max.bytes): the largest record batch the topic takes.
/// Topics that could not be asked (no such topic yet, no permission, no broker within the timeout) are
/// absent, and `error` says why.
[[nodiscard]] std::map<std::string, std::size_t> max_message_bytes(rd_kafka_t* rk, const std::vector<std::string>& topics,
                                                                   int timeout_ms, std::string& error);

/// The topic/partition pairs of a list.
[[nodiscard]] std::vector<topic_partition> partitions_of(const rd_kafka_topic_partition_list_t* list);

}  // namespace winnow::kafka
