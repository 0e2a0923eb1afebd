// What the worker's integration tests share: running `winnow run` (the built binary) as a child process,
// reading its JSON log and its HTTP endpoint, and producing and reading topics with librdkafka.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/kafka_broker.hpp"
#include "support/paths.hpp"

extern char** environ;

namespace winnow::testing {

using namespace std::chrono_literals;

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The article JSON with its timing zeroed: the only field that differs between two extractions.
inline std::string without_elapsed(std::string json) {
    const auto at = json.find("\"elapsed_us\":");
    if (at == std::string::npos) return json;
    auto end = at + 13;
    while (end < json.size() && std::isdigit(static_cast<unsigned char>(json[end]))) ++end;
    return json.replace(at, end - at, "\"elapsed_us\":0");
}

/// GET http://127.0.0.1:port/path; the status and body, or nullopt when nothing answers.
inline std::optional<std::pair<int, std::string>> http_get(int port, const std::string& path) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return std::nullopt;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    const auto p = static_cast<std::uint16_t>(port);
    address.sin_port = static_cast<std::uint16_t>(((p & 0xFFu) << 8) | (p >> 8));
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
        ::close(fd);
        return std::nullopt;
    }
    std::string response;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    if (response.size() < 12 || response.compare(0, 5, "HTTP/") != 0) return std::nullopt;
    const int status = std::atoi(response.c_str() + 9);
    const auto body = response.find("\r\n\r\n");
    return std::pair{status, body == std::string::npos ? std::string() : response.substr(body + 4)};
}

/// `winnow run ARGS...` as a child process, its stderr (the JSON log) in a file. Killed when destroyed.
class worker_process {
public:
    /// Starts `winnow run ARGS`, its log in `log`, with the test's environment plus `environment` (NAME=VALUE).
    worker_process(std::vector<std::string> args, std::filesystem::path log, std::vector<std::string> environment = {})
        : log_(std::move(log)) {
        args.insert(args.begin(), {WINNOW_CLI_PATH, "run"});
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<char*> env;
        for (char** e = environ; e && *e; ++e) env.push_back(*e);
        for (auto& e : environment) env.push_back(e.data());
        env.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (posix_spawn(&pid_, WINNOW_CLI_PATH, &actions, nullptr, argv.data(), env.data()) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
    }
    ~worker_process() {
        if (running()) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    worker_process(const worker_process&) = delete;
    worker_process& operator=(const worker_process&) = delete;

    [[nodiscard]] bool started() const { return pid_ > 0; }
    [[nodiscard]] bool running() const { return pid_ > 0 && !exit_status_; }
    [[nodiscard]] std::string log() const { return read_text(log_); }
    void signal(int sig) const { ::kill(pid_, sig); }

    /// The exit status (128+N when killed by signal N), or nullopt if still running after `timeout`.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!exit_status_) {
            int status = 0;
            const pid_t r = ::waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                break;
            }
            if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
            std::this_thread::sleep_for(20ms);
        }
        return exit_status_;
    }

    /// The port from the "http listening" log line (the worker is started with --http 127.0.0.1:0).
    std::optional<int> http_port(std::chrono::milliseconds timeout = 20s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline && !exit_status_) {
            std::istringstream lines(log());
            for (std::string line; std::getline(lines, line);) {
                if (line.find("\"msg\":\"http listening\"") == std::string::npos) continue;
                const auto at = line.find("\"port\":");
                if (at != std::string::npos) return std::atoi(line.c_str() + at + 7);
            }
            std::this_thread::sleep_for(50ms);
            (void)wait_exit(0ms);
        }
        return std::nullopt;
    }

    /// Waits until /readyz answers 200.
    bool wait_ready(std::chrono::milliseconds timeout = 60s) {
        const auto port = http_port();
        if (!port) return false;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline && running()) {
            if (const auto r = http_get(*port, "/readyz"); r && r->first == 200) return true;
            std::this_thread::sleep_for(100ms);
            (void)wait_exit(0ms);
        }
        return false;
    }

private:
    std::filesystem::path log_;
    pid_t pid_ = -1;
    std::optional<int> exit_status_;
};

struct record {
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<std::pair<std::string, std::string>> headers;

    [[nodiscard]] std::optional<std::string> header(const std::string& name) const {
        for (const auto& [k, v] : headers)
            if (k == name) return v;
        return std::nullopt;
    }
};

/// Reads every partition of a topic from the beginning, without a consumer group.
class topic_reader {
public:
    topic_reader(const std::string& bootstrap, const std::string& topic, bool read_committed = false) {
        consumer_ = make_client(RD_KAFKA_CONSUMER, make_conf({{"bootstrap.servers", bootstrap},
                                                              {"group.id", unique_name("winnow-it-reader")},
                                                              {"enable.auto.commit", "false"},
                                                              {"isolation.level", read_committed ? "read_committed" : "read_uncommitted"}}));
        if (!consumer_) return;
        const rd_kafka_metadata_t* md = nullptr;
        kafka_ptr<rd_kafka_topic_partition_list_t> list(rd_kafka_topic_partition_list_new(8));
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(consumer_.get(), topic.c_str(), nullptr);
        if (rd_kafka_metadata(consumer_.get(), 0, rkt, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1) {
            for (int i = 0; i < md->topics[0].partition_cnt; ++i)
                rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), md->topics[0].partitions[i].id)->offset = RD_KAFKA_OFFSET_BEGINNING;
        }
        if (md) rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
        EXPECT_GT(list->cnt, 0) << "no partitions for " << topic;
        EXPECT_EQ(rd_kafka_assign(consumer_.get(), list.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    ~topic_reader() {
        if (consumer_) rd_kafka_consumer_close(consumer_.get());
    }

    /// Polls until done(records) or the timeout; returns done(records).
    bool poll_until(const std::function<bool(const std::vector<record>&)>& done, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done(records_) && std::chrono::steady_clock::now() < deadline) poll_once(200);
        return done(records_);
    }
    /// Reads whatever arrives within `period` (to see duplicates that come late).
    void linger(std::chrono::milliseconds period) {
        const auto deadline = std::chrono::steady_clock::now() + period;
        while (std::chrono::steady_clock::now() < deadline) poll_once(100);
    }
    [[nodiscard]] const std::vector<record>& records() const { return records_; }

private:
    void poll_once(int timeout_ms) {
        kafka_ptr<rd_kafka_message_t> m(rd_kafka_consumer_poll(consumer_.get(), timeout_ms));
        if (!m || m->err) return;
        record r;
        r.partition = m->partition;
        r.offset = m->offset;
        if (m->key) r.key.emplace(static_cast<const char*>(m->key), m->key_len);
        if (m->payload) r.value.emplace(static_cast<const char*>(m->payload), m->len);
        rd_kafka_headers_t* headers = nullptr;
        if (rd_kafka_message_headers(m.get(), &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const char* name = nullptr;
            const void* value = nullptr;
            std::size_t size = 0;
            for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
                r.headers.emplace_back(name, value ? std::string(static_cast<const char*>(value), size) : std::string());
        }
        records_.push_back(std::move(r));
    }

    kafka_ptr<rd_kafka_t> consumer_;
    std::vector<record> records_;
};

/// An idempotent producer for test input, with headers and explicit partitions.
class test_producer {
public:
    explicit test_producer(const std::string& bootstrap) {
        // Records up to the test broker's message.max.bytes (16 MiB), for tests of oversize pages.
        producer_ = make_client(RD_KAFKA_PRODUCER, make_conf({{"bootstrap.servers", bootstrap},
                                                              {"enable.idempotence", "true"},
                                                              {"message.max.bytes", "16777216"},
                                                              {"linger.ms", "2"}}));
    }
    [[nodiscard]] rd_kafka_t* get() const { return producer_.get(); }

    rd_kafka_resp_err_t send(const std::string& topic, std::int32_t partition, const std::optional<std::string>& key,
                             const std::optional<std::string>& value,
                             const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        std::vector<rd_kafka_vu_t> fields;
        rd_kafka_vu_t f{};
        f.vtype = RD_KAFKA_VTYPE_TOPIC;
        f.u.cstr = topic.c_str();
        fields.push_back(f);
        f = {};
        f.vtype = RD_KAFKA_VTYPE_PARTITION;
        f.u.i32 = partition;
        fields.push_back(f);
        if (key) {
            f = {};
            f.vtype = RD_KAFKA_VTYPE_KEY;
            f.u.mem = {const_cast<char*>(key->data()), key->size()};
            fields.push_back(f);
        }
        f = {};
        f.vtype = RD_KAFKA_VTYPE_VALUE;
        f.u.mem = {value ? const_cast<char*>(value->data()) : nullptr, value ? value->size() : 0};
        fields.push_back(f);
        f = {};
        f.vtype = RD_KAFKA_VTYPE_MSGFLAGS;
        f.u.i32 = RD_KAFKA_MSG_F_COPY;
        fields.push_back(f);
        for (const auto& [name, v] : headers) {
            f = {};
            f.vtype = RD_KAFKA_VTYPE_HEADER;
            f.u.header.name = name.c_str();
            f.u.header.val = v.data();
            f.u.header.size = static_cast<ssize_t>(v.size());
            fields.push_back(f);
        }
        for (;;) {
            kafka_ptr<rd_kafka_error_t> error(rd_kafka_produceva(producer_.get(), fields.data(), fields.size()));
            if (!error) return RD_KAFKA_RESP_ERR_NO_ERROR;
            if (rd_kafka_error_code(error.get()) != RD_KAFKA_RESP_ERR__QUEUE_FULL) return rd_kafka_error_code(error.get());
            rd_kafka_poll(producer_.get(), 50);
        }
    }
    rd_kafka_resp_err_t flush(int timeout_ms = 60000) { return rd_kafka_flush(producer_.get(), timeout_ms); }

private:
    kafka_ptr<rd_kafka_t> producer_;
};

/// The sample pages of tests/data/pages, in name order.
inline std::vector<std::pair<std::string, std::string>> sample_pages() {
    std::vector<std::pair<std::string, std::string>> pages;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "tests/data/pages"))
        pages.emplace_back(entry.path().filename().string(), read_text(entry.path()));
    std::sort(pages.begin(), pages.end());
    return pages;
}

/// "topic/partition/offset" from the winnow-source header.
struct source_position {
    std::string topic;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
};
inline std::optional<source_position> parse_source(const std::string& text) {
    const auto a = text.rfind('/');
    if (a == std::string::npos || a == 0) return std::nullopt;
    const auto b = text.rfind('/', a - 1);
    if (b == std::string::npos) return std::nullopt;
    return source_position{text.substr(0, b), std::atoi(text.c_str() + b + 1), std::atoll(text.c_str() + a + 1)};
}

}  // namespace winnow::testing
