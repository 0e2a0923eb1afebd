// The test broker started by `scripts/kafka start`, as seen from a test: its bootstrap address, and small
// RAII handles over librdkafka's C API.
//
// The address comes from WINNOW_KAFKA_BOOTSTRAP, else from the file named by WINNOW_KAFKA_BOOTSTRAP_FILE
// (by default the file that scripts/kafka writes). Without either, a test skips, unless
// WINNOW_REQUIRE_KAFKA=1 (as scripts/test sets it), where a missing broker is a failure.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "support/paths.hpp"

namespace winnow::testing {

inline std::optional<std::string> kafka_bootstrap() {
    if (const char* env = std::getenv("WINNOW_KAFKA_BOOTSTRAP"); env && *env) return std::string(env);
    std::ifstream in(path_setting("WINNOW_KAFKA_BOOTSTRAP_FILE", WINNOW_KAFKA_BOOTSTRAP_FILE_DEFAULT));
    std::string address;
    if (in >> address && !address.empty()) return address;
    return std::nullopt;
}

/// The test broker's SASL_SSL listener (scripts/kafka start writes it beside the bootstrap file).
struct secure_listener {
    std::string bootstrap;
    std::string ca_file;      ///< the CA certificate to trust
    std::string username;     ///< a SCRAM-SHA-512 user
    std::string password;
};

inline std::optional<secure_listener> kafka_secure_listener() {
    const std::filesystem::path dir =
        std::filesystem::path(path_setting("WINNOW_KAFKA_BOOTSTRAP_FILE", WINNOW_KAFKA_BOOTSTRAP_FILE_DEFAULT)).parent_path() /
        "sasl-ssl";
    const auto first_word = [&](const char* name) {
        std::ifstream in(dir / name);
        std::string word;
        in >> word;
        return word;
    };
    secure_listener s{first_word("bootstrap"), (dir / "ca.pem").string(), first_word("username"), first_word("password")};
    if (s.bootstrap.empty() || s.username.empty() || s.password.empty() || !std::filesystem::exists(s.ca_file))
        return std::nullopt;
    return s;
}

inline bool kafka_required() {
    const char* env = std::getenv("WINNOW_REQUIRE_KAFKA");
    return env && std::string(env) == "1";
}

/// In a test body: binds `var` to the bootstrap address, or skips (fails, when required) without a broker.
#define WINNOW_REQUIRE_BROKER(var)                                                                   \
    auto var##_opt = ::winnow::testing::kafka_bootstrap();                                          \
    if (!var##_opt) {                                                                                \
        if (::winnow::testing::kafka_required()) FAIL() << "no Kafka broker: run scripts/kafka start"; \
        GTEST_SKIP() << "no Kafka broker (run scripts/kafka start, or scripts/test)";               \
    }                                                                                                \
    const std::string var = *var##_opt

/// A name no earlier run has used, so tests never see each other's data.
inline std::string unique_name(const std::string& prefix) {
    std::random_device rd;
    return prefix + "-" + std::to_string(rd()) + std::to_string(rd());
}

struct kafka_deleter {
    // Without the consumer close that rd_kafka_destroy() does by default: a test that failed half-way
    // leaves a consumer whose close can wait for ever (librdkafka 2.0.2), and the tests close their
    // consumers themselves where it matters.
    void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE); }
    void operator()(rd_kafka_conf_t* c) const noexcept { rd_kafka_conf_destroy(c); }
    void operator()(rd_kafka_topic_partition_list_t* l) const noexcept { rd_kafka_topic_partition_list_destroy(l); }
    void operator()(rd_kafka_event_t* e) const noexcept { rd_kafka_event_destroy(e); }
    void operator()(rd_kafka_queue_t* q) const noexcept { rd_kafka_queue_destroy(q); }
    void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
    void operator()(rd_kafka_NewTopic_t* t) const noexcept { rd_kafka_NewTopic_destroy(t); }
    void operator()(rd_kafka_error_t* e) const noexcept { rd_kafka_error_destroy(e); }
};
template <class T>
using kafka_ptr = std::unique_ptr<T, kafka_deleter>;

/// A librdkafka configuration from key/value pairs; a bad pair fails the current test.
inline kafka_ptr<rd_kafka_conf_t> make_conf(std::initializer_list<std::pair<const char*, std::string>> settings) {
    kafka_ptr<rd_kafka_conf_t> conf(rd_kafka_conf_new());
    char err[512];
    for (const auto& [key, value] : settings) {
        if (rd_kafka_conf_set(conf.get(), key, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
            ADD_FAILURE() << "config " << key << "=" << value << ": " << err;
    }
    return conf;
}

inline kafka_ptr<rd_kafka_t> make_client(rd_kafka_type_t type, kafka_ptr<rd_kafka_conf_t> conf) {
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof err);
    if (!rk) {
        ADD_FAILURE() << "rd_kafka_new: " << err;
        return nullptr;
    }
    (void)conf.release();  // now owned by rk
    return kafka_ptr<rd_kafka_t>(rk);
}

/// Produces one message (copied) to an explicit partition, waiting while the local queue is full.
inline rd_kafka_resp_err_t produce(rd_kafka_t* rk, const std::string& topic, int32_t partition,
                                   const std::string& key, const std::string& value) {
    rd_kafka_vu_t fields[5];
    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    fields[0].u.cstr = topic.c_str();
    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields[1].u.i32 = partition;
    fields[2].vtype = RD_KAFKA_VTYPE_KEY;
    fields[2].u.mem = {const_cast<char*>(key.data()), key.size()};
    fields[3].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[3].u.mem = {const_cast<char*>(value.data()), value.size()};
    fields[4].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[4].u.i32 = RD_KAFKA_MSG_F_COPY;
    for (;;) {
        kafka_ptr<rd_kafka_error_t> error(rd_kafka_produceva(rk, fields, 5));
        if (!error) return RD_KAFKA_RESP_ERR_NO_ERROR;
        const rd_kafka_resp_err_t code = rd_kafka_error_code(error.get());
        if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) return code;
        rd_kafka_poll(rk, 50);
    }
}

/// Runs one admin request to completion and returns its result event (null on timeout).
inline kafka_ptr<rd_kafka_event_t> wait_admin_result(rd_kafka_queue_t* queue, int timeout_ms) {
    return kafka_ptr<rd_kafka_event_t>(rd_kafka_queue_poll(queue, timeout_ms));
}

/// Creates a topic through the Admin API (with topic configs such as max.message.bytes) and waits for the
/// broker's answer.
inline ::testing::AssertionResult create_topic(rd_kafka_t* rk, const std::string& name, int partitions,
                                               const std::vector<std::pair<std::string, std::string>>& configs = {}) {
    char err[512];
    kafka_ptr<rd_kafka_NewTopic_t> topic(rd_kafka_NewTopic_new(name.c_str(), partitions, 1, err, sizeof err));
    if (!topic) return ::testing::AssertionFailure() << "NewTopic: " << err;
    for (const auto& [key, value] : configs)
        if (rd_kafka_NewTopic_set_config(topic.get(), key.c_str(), value.c_str()) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return ::testing::AssertionFailure() << "NewTopic config " << key;
    kafka_ptr<rd_kafka_queue_t> queue(rd_kafka_queue_new(rk));
    rd_kafka_NewTopic_t* topics[] = {topic.get()};
    rd_kafka_CreateTopics(rk, topics, 1, nullptr, queue.get());
    auto event = wait_admin_result(queue.get(), 30000);
    if (!event) return ::testing::AssertionFailure() << "CreateTopics: no answer within 30 s";
    if (rd_kafka_event_error(event.get()))
        return ::testing::AssertionFailure() << "CreateTopics: " << rd_kafka_event_error_string(event.get());
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return ::testing::AssertionFailure()
                   << "CreateTopics " << name << ": " << rd_kafka_topic_result_error_string(results[i]);
    }
    // The broker answers before its metadata shows the topic everywhere: a client that subscribes at once
    // may see it with no partitions, and get no assignment until its next metadata refresh (minutes). Wait
    // until every partition has a leader.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, name.c_str(), nullptr);
        const rd_kafka_metadata_t* md = nullptr;
        bool led = false;
        if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1 &&
            md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topics[0].partition_cnt == partitions) {
            led = true;
            for (int i = 0; i < md->topics[0].partition_cnt; ++i) led = led && md->topics[0].partitions[i].leader >= 0;
        }
        if (md) rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
        if (led) return ::testing::AssertionSuccess();
        if (std::chrono::steady_clock::now() > deadline)
            return ::testing::AssertionFailure() << "topic " << name << ": partitions without a leader after 30 s";
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}


}  // namespace winnow::testing
