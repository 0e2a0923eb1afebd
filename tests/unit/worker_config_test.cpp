// `winnow run` configuration: precedence (flag > environment > file > default), validation, secret
// masking, librdkafka pass-through and the queue sizes derived from the in-flight bounds.
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "worker/config.hpp"
#include "worker/cpus.hpp"

namespace {

using namespace winnow::worker;

run_arguments parse(std::vector<std::string_view> args) { return parse_run_arguments(args); }

setting_map required() {
    setting_map m;
    m["brokers"] = {"localhost:9092", origin::flag};
    m["input.topic"] = {"pages", origin::flag};
    m["output.topic"] = {"articles", origin::flag};
    m["dlq.topic"] = {"pages-dlq", origin::flag};
    return m;
}

std::string property(const kafka_properties& props, std::string_view key) {
    for (const auto& [k, v] : props)
        if (k == key) return v;
    return "<unset>";
}

TEST(worker_config, flag_beats_environment_beats_file_beats_default) {
    const std::string yaml = R"(
brokers: file:9092
group: from-file
threads: 3
input:
  topic: [a, b]
  max_bytes: 65536
output.topic: out
dlq:
  topic: dead
kafka:
  sasl.username: file-user
)";
    setting_map merged;
    merge_yaml(merged, yaml, "test.yaml");
    merge_environment(merged, {{"WINNOW_GROUP", "from-env"}, {"WINNOW_THREADS", "5"}, {"WINNOW_X_SASL_USERNAME", "env-user"},
                               {"WINNOW_REQUIRE_KAFKA", "1"}, {"HOME", "/root"}});
    for (const auto& [k, v] : parse({"--threads", "7", "--delivery=exactly-once"}).flags) merged[k] = v;
    const worker_config c = build_config(merged);
    EXPECT_EQ(c.brokers, "file:9092");                                    // file only
    EXPECT_EQ(c.group, "from-env");                                       // environment over file
    EXPECT_EQ(c.threads, 7u);                                             // flag over environment
    EXPECT_EQ(c.delivery, delivery_mode::exactly_once);
    EXPECT_EQ(c.input_topics, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(c.max_page_bytes, 65536u);
    EXPECT_EQ(c.limits.max_input_bytes, 65536u);
    EXPECT_EQ(c.out_format, output_format::json);                         // default
    EXPECT_EQ(property(producer_properties(c), "sasl.username"), "env-user");
    EXPECT_EQ(c.settings.at("group").second, origin::environment);
    EXPECT_EQ(c.settings.at("threads").second, origin::flag);
    EXPECT_EQ(c.settings.at("brokers").second, origin::file);
    EXPECT_EQ(c.settings.at("output.format").second, origin::default_value);
    EXPECT_FALSE(c.transactional_id.empty()) << "exactly-once derives a transactional.id";
}

TEST(worker_config, load_config_reads_the_file_named_by_the_environment) {
    const std::string path = ::testing::TempDir() + "/winnow-config-test.yaml";
    {
        std::FILE* f = std::fopen(path.c_str(), "w");
        ASSERT_TRUE(f);
        std::fputs("brokers: b:1\ninput.topic: i\noutput.topic: o\ndlq.topic: d\nhttp: 127.0.0.1:0\n", f);
        std::fclose(f);
    }
    const worker_config c = load_config(parse({"--group", "g"}), {{"WINNOW_CONFIG", path}});
    EXPECT_EQ(c.brokers, "b:1");
    EXPECT_EQ(c.group, "g");
    EXPECT_EQ(c.http_host, "127.0.0.1");
    EXPECT_EQ(c.http_port, 0);
    EXPECT_THROW((void)load_config(parse({"--config", path + ".missing"}), {}), config_error);
}

TEST(worker_config, rejects_what_cannot_run) {
    auto fails = [](setting_map m, std::string_view expected_word) {
        try {
            (void)build_config(m);
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find(expected_word), std::string::npos) << e.what();
            return;
        }
        ADD_FAILURE() << "accepted a bad configuration (expected an error about " << expected_word << ")";
    };
    auto with = [](std::string key, std::string value) {
        setting_map m = required();
        m[key] = {std::move(value), origin::flag};
        return m;
    };
    setting_map no_brokers = required();
    no_brokers.erase("brokers");
    fails(no_brokers, "brokers");
    setting_map no_dlq = required();
    no_dlq.erase("dlq.topic");
    fails(no_dlq, "dlq.topic");
    fails(with("delivery", "at-most-once"), "delivery");
    fails(with("threads", "many"), "threads");
    fails(with("threads", "-1"), "threads");
    fails(with("input.format", "xml"), "input.format");
    fails(with("output.topic", "pages"), "output.topic");
    fails(with("http", "localhost"), "http");
    fails(with("http", "0.0.0.0:70000"), "http");
    fails(with("in_flight.max_messages", "0"), "in_flight.max_messages");
    fails(with("output.captions", "maybe"), "output.captions");
    fails(with("kafka.enable.auto.offset.store", "true"), "enable.auto.offset.store");
    fails(with("kafka.enable.auto.commit", "true"), "enable.auto.commit");
    fails(with("kafka.no.such.property", "1"), "no.such.property");
    fails(with("shutdown.drain_timeout_ms", "40000"), "shutdown");

    setting_map typo;
    EXPECT_THROW(merge_yaml(typo, "input:\n  topik: x\n", "f.yaml"), config_error);
    EXPECT_THROW(merge_yaml(typo, "[1, 2]", "f.yaml"), config_error);
    EXPECT_THROW(merge_yaml(typo, "a: [b", "f.yaml"), config_error);
    EXPECT_THROW((void)parse({"--no-such-flag"}), config_error);
    EXPECT_THROW((void)parse({"--brokers"}), config_error);
    EXPECT_THROW((void)parse({"-X", "novalue"}), config_error);
    EXPECT_THROW((void)parse({"--set", "not.a.key=1"}), config_error);
}

TEST(worker_config, flags_cover_the_documented_forms) {
    const auto a = parse({"--config", "x.yaml", "--brokers=b:1", "--input-topic", "in", "--output-topic", "out",
                          "--dlq-topic", "dlq", "--group", "g", "--delivery", "at-least-once", "--threads", "2",
                          "--http", ":0", "-X", "security.protocol=ssl", "-Xssl.key.password=pw", "--set",
                          "limits.max_tokens=1000", "--dlq-empty", "--check-config"});
    EXPECT_EQ(a.config_file, "x.yaml");
    EXPECT_TRUE(a.check_config);
    EXPECT_EQ(a.flags.at("brokers").first, "b:1");
    EXPECT_EQ(a.flags.at("kafka.security.protocol").first, "ssl");
    EXPECT_EQ(a.flags.at("kafka.ssl.key.password").first, "pw");
    EXPECT_EQ(a.flags.at("limits.max_tokens").first, "1000");
    EXPECT_EQ(a.flags.at("dlq.empty_articles").first, "true");
    const worker_config c = build_config(a.flags);
    EXPECT_EQ(c.http_host, "0.0.0.0");
    EXPECT_EQ(c.limits.max_tokens, 1000u);
    EXPECT_TRUE(c.dlq_empty_articles);
    EXPECT_TRUE(parse({"-h"}).help);
}

TEST(worker_config, secrets_are_masked_everywhere_they_are_printed) {
    EXPECT_TRUE(is_secret("sasl.password"));
    EXPECT_TRUE(is_secret("ssl.key.password"));
    EXPECT_TRUE(is_secret("ssl.keystore.password"));
    EXPECT_TRUE(is_secret("sasl.oauthbearer.client.secret"));
    EXPECT_TRUE(is_secret("ssl.key.pem"));
    EXPECT_FALSE(is_secret("sasl.username"));
    EXPECT_FALSE(is_secret("limits.max_tokens"));

    setting_map m = required();
    m["kafka.sasl.password"] = {"hunter2-secret", origin::environment};
    m["producer.ssl.key.password"] = {"pem-pass-123", origin::file};
    m["kafka.sasl.username"] = {"alice", origin::flag};
    const std::string text = render_config(build_config(m));
    EXPECT_EQ(text.find("hunter2-secret"), std::string::npos) << text;
    EXPECT_EQ(text.find("pem-pass-123"), std::string::npos) << text;
    EXPECT_NE(text.find("alice"), std::string::npos);
    EXPECT_NE(text.find(masked_value), std::string::npos);
    EXPECT_NE(text.find("brokers: \"localhost:9092\"  # flag"), std::string::npos) << text;
}

TEST(worker_config, librdkafka_queues_are_sized_from_the_in_flight_bounds) {
    setting_map m = required();
    m["in_flight.max_bytes"] = {std::to_string(8 << 20), origin::flag};
    m["in_flight.max_messages"] = {"200", origin::flag};
    m["kafka.linger.ms"] = {"20", origin::flag};
    m["consumer.queued.min.messages"] = {"50", origin::flag};
    const worker_config c = build_config(m);
    const auto consumer = consumer_properties(c);
    const auto producer = producer_properties(c);
    EXPECT_EQ(property(consumer, "queued.max.messages.kbytes"), std::to_string(8 * 1024));
    EXPECT_EQ(property(consumer, "queued.min.messages"), "50");   // consumer.* wins
    EXPECT_EQ(property(consumer, "enable.auto.offset.store"), "false");
    EXPECT_EQ(property(consumer, "enable.auto.commit"), "false");
    EXPECT_EQ(property(consumer, "partition.assignment.strategy"), "cooperative-sticky");
    EXPECT_EQ(property(producer, "linger.ms"), "20");              // kafka.* wins over winnow's
    EXPECT_EQ(property(producer, "enable.idempotence"), "true");
    // Far below librdkafka's 1 GiB default.
    EXPECT_LE(std::stoul(property(producer, "queue.buffering.max.kbytes")), std::size_t{64} * 1024);
    EXPECT_EQ(property(producer, "message.timeout.ms"), "0");
    EXPECT_EQ(property(producer, "transactional.id"), "<unset>");

    // librdkafka accepts both sets as a client configuration.
    for (const auto& [type, props] : {std::pair{RD_KAFKA_CONSUMER, consumer}, std::pair{RD_KAFKA_PRODUCER, producer}}) {
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        char err[512];
        for (const auto& [k, v] : props) ASSERT_EQ(rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err), RD_KAFKA_CONF_OK) << k;
        rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
        ASSERT_NE(rk, nullptr) << err;
        rd_kafka_destroy(rk);
    }

    m["delivery"] = {"exactly-once", origin::flag};
    m["transactional_id"] = {"tx-1", origin::flag};
    const auto eos = producer_properties(build_config(m));
    EXPECT_EQ(property(eos, "transactional.id"), "tx-1");
}

// ---------------------------------------------------------------------------------------------------------
// Hostile configuration: a file or a flag must not be able to take the worker's time or memory, or let a
// value through that librdkafka would read otherwise.

/// The config_error message of merging `yaml`, or "" when it merges.
std::string yaml_error(const std::string& yaml) {
    setting_map m;
    try {
        merge_yaml(m, yaml, "bomb.yaml");
    } catch (const config_error& e) {
        return e.what();
    }
    return {};
}

TEST(worker_config_hostile, anchors_and_aliases_are_refused) {
    // A loop: walking its node graph never ended (a crash by stack overflow).
    EXPECT_NE(yaml_error("kafka: &a {x: *a}").find("anchors"), std::string::npos);
    // "Billion laughs": 9 references per level, 9 levels, from under a kilobyte.
    std::string laughs = "a0: &a0 {x: lol}\n";
    for (int level = 1; level <= 9; ++level) {
        laughs += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " {";
        for (int k = 0; k < 9; ++k) laughs += (k ? ", " : "") + std::string("k") + std::to_string(k) + ": *a" + std::to_string(level - 1);
        laughs += "}\n";
    }
    ASSERT_LT(laughs.size(), 1200u);
    EXPECT_NE(yaml_error("kafka:\n  " + laughs).find("anchors"), std::string::npos);
    EXPECT_NE(yaml_error("brokers: *nowhere").find("bomb.yaml"), std::string::npos);   // an undefined alias
}

TEST(worker_config_hostile, duplicate_keys_are_errors) {
    EXPECT_NE(yaml_error("group: a\ngroup: b\n").find("duplicate key 'group'"), std::string::npos);
    EXPECT_NE(yaml_error("kafka: {acks: all, acks: 0}").find("duplicate key 'acks'"), std::string::npos);
    EXPECT_NE(yaml_error("input.topic: a\ninput: {topic: b}\n").find("'input.topic' given twice"), std::string::npos);
    EXPECT_NE(yaml_error("group: a\n---\ngroup: b\n").find("one YAML document"), std::string::npos);
}

TEST(worker_config_hostile, nesting_size_and_count_are_bounded) {
    std::string deep;
    for (int i = 0; i < 20; ++i) deep += "{a: ";
    EXPECT_NE(yaml_error("kafka: " + deep + "1" + std::string(20, '}')).find("nested deeper"), std::string::npos);
    std::string very_deep;   // yaml-cpp's own recursion is bounded too
    for (int i = 0; i < 20000; ++i) very_deep += "[";
    EXPECT_NE(yaml_error("kafka: " + very_deep), "");
    EXPECT_NE(yaml_error("kafka: {x: '" + std::string(max_config_bytes, 'y') + "'}").find("larger than"), std::string::npos);
    std::string many = "kafka:\n";
    for (int i = 0; i < 10'001; ++i) many += "  p" + std::to_string(i) + ": v\n";
    EXPECT_NE(yaml_error(many).find("more than 10000 settings"), std::string::npos);
    // A list item that is itself a list or a mapping is no setting's value.
    EXPECT_NE(yaml_error("input: {topic: [[a]]}"), "");
    EXPECT_NE(yaml_error("input: {topic: [{a: b}]}"), "");
    EXPECT_NE(yaml_error("[a, b]").find("a mapping of settings"), std::string::npos);
}

TEST(worker_config_hostile, many_properties_merge_in_linear_time) {
    // Thousands of librdkafka properties (they are not checked one by one against each other).
    std::string file = "kafka:\n";
    for (int i = 0; i < 9000; ++i) file += "  x.y" + std::to_string(i) + ": v\n";
    setting_map m = required();
    merge_yaml(m, file, "many.yaml");
    EXPECT_EQ(m.size(), 4u + 9000u);
}

TEST(worker_config_hostile, sizes_are_checked_against_what_librdkafka_and_the_core_take) {
    const auto error_of = [](setting_map m) -> std::string {
        try {
            (void)build_config(m);
        } catch (const config_error& e) {
            return e.what();
        }
        return {};
    };
    const auto with = [](std::string key, std::string value) {
        setting_map m = required();
        m[key] = {std::move(value), origin::flag};
        return m;
    };
    EXPECT_NE(error_of(with("input.max_bytes", "1099511627776")).find("out of range"), std::string::npos);
    EXPECT_NE(error_of(with("input.max_bytes", "4303355904")).find("out of range"), std::string::npos);   // 2^32 + 8 MiB
    EXPECT_EQ(error_of(with("input.max_bytes", std::to_string(max_page_bytes_limit))), "");
    EXPECT_NE(error_of(with("limits.max_tokens", "1099511627776")).find("out of range"), std::string::npos);
    EXPECT_NE(error_of(with("limits.max_nesting_depth", "100000")).find("out of range"), std::string::npos);
    EXPECT_NE(error_of(with("in_flight.max_bytes", "1099511627776")).find("out of range"), std::string::npos);
    EXPECT_NE(error_of(with("in_flight.max_messages", "100000000")).find("out of range"), std::string::npos);
    // librdkafka wraps an integer past its range: read back, it is caught.
    EXPECT_NE(error_of(with("kafka.fetch.max.bytes", "4303355904")).find("out of the range librdkafka takes"), std::string::npos);
    EXPECT_NE(error_of(with("kafka.linger.ms", "99999999999999999999")), "");
    // Properties checked only against each other, when a client is made.
    EXPECT_NE(error_of(with("consumer.receive.message.max.bytes", "1000")), "");
    EXPECT_EQ(error_of(with("kafka.linger.ms", "20")), "");
}

TEST(worker_config_hostile, a_mistyped_flag_does_not_echo_its_value) {
    try {
        (void)parse({"--sasl.password=SECRET-123"});
        ADD_FAILURE() << "an unknown option was accepted";
    } catch (const config_error& e) {
        EXPECT_EQ(std::string(e.what()).find("SECRET"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--sasl.password"), std::string::npos) << e.what();
    }
    try {
        (void)parse({"-X", "sasl.password"});
        ADD_FAILURE() << "-X without a value was accepted";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("KEY=VALUE"), std::string::npos);
    }
}

// threads: 0 in a container: the CPUs of its quota, not the node's cores.
TEST(available_cpus, a_cgroup_quota_is_rounded_up_and_unlimited_is_none) {
    struct row {
        std::string_view cpu_max;
        std::optional<unsigned> cpus;
    };
    for (const row& r : {row{"200000 100000\n", 2u}, row{"150000 100000", 2u}, row{"50000 100000", 1u},
                         row{"100000 100000", 1u}, row{"max 100000\n", std::nullopt}, row{"", std::nullopt},
                         row{"garbage", std::nullopt}, row{"-1 100000", std::nullopt}, row{"100000 0", std::nullopt}})
        EXPECT_EQ(winnow::worker::cpus_from_cpu_max(r.cpu_max), r.cpus) << r.cpu_max;
    EXPECT_EQ(winnow::worker::cpus_from_cfs("-1\n", "100000\n"), std::nullopt);
    EXPECT_EQ(winnow::worker::cpus_from_cfs("300000\n", "100000\n"), 3u);
    EXPECT_EQ(winnow::worker::cpus_from_cfs("", ""), std::nullopt);
    EXPECT_GE(winnow::worker::available_cpus(), 1u);
}

}  // namespace
