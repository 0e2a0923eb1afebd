// Proves that the broker of scripts/kafka is a real Kafka: topic creation through the Admin API, an
// idempotent producer, a consumer group that reads back in order, and offsets committed to and read back
// from the group coordinator.
#include <array>
#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "support/kafka_broker.hpp"

namespace {

using namespace winnow::testing;
using std::chrono::steady_clock;

constexpr int message_count = 1000;
constexpr int partition_count = 3;

struct delivery_tally {
    int delivered = 0;
    int failed = 0;
    std::string first_error;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    auto* tally = static_cast<delivery_tally*>(opaque);
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++tally->delivered;
    } else {
        if (tally->failed++ == 0) tally->first_error = rd_kafka_err2str(message->err);
    }
}

std::string payload(int partition, int sequence) {
    return "partition " + std::to_string(partition) + " message " + std::to_string(sequence);
}

TEST(kafka_broker, round_trip_in_order_with_committed_offsets) {
    WINNOW_REQUIRE_BROKER(bootstrap);
    const std::string topic = unique_name("winnow-it-roundtrip");
    const std::string group = unique_name("winnow-it-group");

    // Producer: idempotent, every message acknowledged by all in-sync replicas.
    delivery_tally tally;
    auto producer_conf = make_conf({{"bootstrap.servers", bootstrap},
                                    {"enable.idempotence", "true"},
                                    {"acks", "all"},
                                    {"linger.ms", "5"}});
    rd_kafka_conf_set_dr_msg_cb(producer_conf.get(), on_delivery);
    rd_kafka_conf_set_opaque(producer_conf.get(), &tally);
    auto producer = make_client(RD_KAFKA_PRODUCER, std::move(producer_conf));
    ASSERT_TRUE(producer);
    ASSERT_TRUE(create_topic(producer.get(), topic, partition_count));

    std::array<int, partition_count> produced{};
    for (int i = 0; i < message_count; ++i) {
        const int partition = i % partition_count;
        const std::string value = payload(partition, produced[static_cast<size_t>(partition)]++);
        const std::string key = "key-" + std::to_string(i);
        const rd_kafka_resp_err_t err = produce(producer.get(), topic, partition, key, value);
        ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
    }
    ASSERT_EQ(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
    EXPECT_EQ(tally.failed, 0) << tally.first_error;
    ASSERT_EQ(tally.delivered, message_count);

    // Consumer: a fresh group reading from the start, committing by hand.
    // Metadata refreshed every second: while other tests create and delete topics, a metadata answer can
    // show this topic without partitions for a moment, and the default refresh (5 minutes) would leave the
    // consumer without an assignment past the test's time.
    auto consumer = make_client(RD_KAFKA_CONSUMER, make_conf({{"bootstrap.servers", bootstrap},
                                                              {"group.id", group},
                                                              {"topic.metadata.refresh.interval.ms", "1000"},
                                                              {"auto.offset.reset", "earliest"},
                                                              {"enable.auto.commit", "false"},
                                                              {"enable.partition.eof", "false"}}));
    ASSERT_TRUE(consumer);
    rd_kafka_poll_set_consumer(consumer.get());
    kafka_ptr<rd_kafka_topic_partition_list_t> subscription(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
    ASSERT_EQ(rd_kafka_subscribe(consumer.get(), subscription.get()), RD_KAFKA_RESP_ERR_NO_ERROR);

    std::array<int, partition_count> next_sequence{};
    std::array<int64_t, partition_count> next_offset{};
    int received = 0;
    const auto deadline = steady_clock::now() + std::chrono::seconds(60);
    while (received < message_count && steady_clock::now() < deadline) {
        kafka_ptr<rd_kafka_message_t> message(rd_kafka_consumer_poll(consumer.get(), 500));
        if (!message) continue;
        ASSERT_EQ(message->err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_message_errstr(message.get());
        ASSERT_GE(message->partition, 0);
        ASSERT_LT(message->partition, partition_count);
        const auto p = static_cast<size_t>(message->partition);
        const std::string value(static_cast<const char*>(message->payload), message->len);
        // In order within the partition, with no gap and no duplicate.
        ASSERT_EQ(value, payload(message->partition, next_sequence[p])) << "at offset " << message->offset;
        ASSERT_EQ(message->offset, next_offset[p]);
        ++next_sequence[p];
        ++next_offset[p];
        ++received;
    }
    ASSERT_EQ(received, message_count) << "timed out after 60 s";
    for (size_t p = 0; p < partition_count; ++p) EXPECT_EQ(next_sequence[p], produced[p]) << "partition " << p;

    // Commit the consumed positions synchronously.
    ASSERT_EQ(rd_kafka_commit(consumer.get(), nullptr, 0), RD_KAFKA_RESP_ERR_NO_ERROR);

    // Read the committed offsets back, from this consumer and from a second member of the group that has
    // consumed nothing: what it sees can only come from the group coordinator.
    auto committed_offsets = [&](rd_kafka_t* rk) {
        kafka_ptr<rd_kafka_topic_partition_list_t> list(rd_kafka_topic_partition_list_new(partition_count));
        for (int p = 0; p < partition_count; ++p) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
        const rd_kafka_resp_err_t err = rd_kafka_committed(rk, list.get(), 10000);
        EXPECT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
        std::map<int, int64_t> offsets;
        for (int i = 0; i < list->cnt; ++i) {
            EXPECT_EQ(list->elems[i].err, RD_KAFKA_RESP_ERR_NO_ERROR);
            offsets[list->elems[i].partition] = list->elems[i].offset;
        }
        return offsets;
    };
    std::map<int, int64_t> expected;
    for (int p = 0; p < partition_count; ++p) expected[p] = next_offset[static_cast<size_t>(p)];
    EXPECT_EQ(committed_offsets(consumer.get()), expected);

    auto observer = make_client(RD_KAFKA_CONSUMER, make_conf({{"bootstrap.servers", bootstrap}, {"group.id", group}}));
    ASSERT_TRUE(observer);
    EXPECT_EQ(committed_offsets(observer.get()), expected);

    EXPECT_EQ(rd_kafka_consumer_close(consumer.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
    EXPECT_EQ(rd_kafka_consumer_close(observer.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
    // The topic stays: deleting it while these clients know it can keep rd_kafka_destroy() from returning.
}

}  // namespace
