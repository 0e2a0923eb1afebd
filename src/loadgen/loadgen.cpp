#include "loadgen/loadgen.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <unordered_set>

namespace winnow::loadgen {

namespace fs = std::filesystem;
using clock = std::chrono::steady_clock;

namespace {

std::int64_t unix_micros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double seconds_between(clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

/// Every file named, and every file under every folder named (recursively, sorted).
std::vector<fs::path> page_files(const std::vector<std::string>& paths, std::string& error) {
    std::vector<fs::path> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<fs::path> found;
            for (const auto& entry : fs::recursive_directory_iterator(p, ec))
                if (entry.is_regular_file()) found.push_back(entry.path());
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            out.emplace_back(p);
        } else {
            error = "no such file or folder: " + p;
            return {};
        }
    }
    if (out.empty()) error = "no page files given";
    return out;
}

struct delivery_counts {
    std::uint64_t delivered = 0;
    std::uint64_t failed = 0;
    std::uint64_t bytes = 0;
    clock::time_point last{};
    std::string first_error;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* counts = static_cast<delivery_counts*>(opaque);
    counts->last = clock::now();
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++counts->delivered;
        counts->bytes += m->len;
    } else {
        ++counts->failed;
        if (counts->first_error.empty()) counts->first_error = rd_kafka_err2str(m->err);
    }
}

kafka::ptr<rd_kafka_t> make_client(rd_kafka_type_t type, const kafka::properties& properties, void* opaque,
                                   std::string& error) {
    auto conf = kafka::make_conf(properties, error);
    if (!conf) return nullptr;
    if (type == RD_KAFKA_PRODUCER) rd_kafka_conf_set_dr_msg_cb(conf.get(), &on_delivery);
    rd_kafka_conf_set_opaque(conf.get(), opaque);
    char errstr[512];
    kafka::ptr<rd_kafka_t> rk(rd_kafka_new(type, conf.get(), errstr, sizeof errstr));
    if (!rk) {
        error = errstr;
        return nullptr;
    }
    (void)conf.release();   // the client owns it now
    return rk;
}

/// Properties given by the caller win over these.
kafka::properties with_defaults(kafka::properties defaults, const kafka::properties& given) {
    for (const auto& [k, v] : given) {
        auto it = std::find_if(defaults.begin(), defaults.end(), [&](const auto& p) { return p.first == k; });
        if (it != defaults.end()) it->second = v;
        else defaults.emplace_back(k, v);
    }
    return defaults;
}

std::optional<double> percentile(std::vector<double>& values, double p) {
    if (values.empty()) return std::nullopt;
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank), values.end());
    return values[rank];
}

std::string number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

std::string optional_number(const std::optional<double>& v) { return v ? number(*v) : "null"; }

}  // namespace

std::optional<produce_report> produce(const produce_options& o, std::string& error) {
    const auto files = page_files(o.pages, error);
    if (files.empty()) return std::nullopt;
    std::vector<std::string> pages;
    std::size_t largest = 0;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        pages.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        largest = std::max(largest, pages.back().size());
    }
    delivery_counts counts;
    const auto producer = make_client(
        RD_KAFKA_PRODUCER,
        with_defaults({{"enable.idempotence", "true"},
                       {"linger.ms", "5"},
                       {"message.max.bytes", std::to_string(std::max<std::size_t>(1'000'000, largest + 65536))}},
                      o.properties),
        &counts, error);
    if (!producer) return std::nullopt;

    const auto start = clock::now();
    auto next_progress = start;
    std::vector<kafka::header> headers(1);
    headers[0].name = std::string(sent_header);
    for (std::uint64_t i = 0; i < o.count; ++i) {
        if (o.rate > 0) {
            const auto due = start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(static_cast<double>(i) / o.rate));
            if (const auto now = clock::now(); due > now + std::chrono::milliseconds(1)) std::this_thread::sleep_until(due);
        }
        const std::optional<std::string> key = o.key_prefix + std::to_string(i);
        headers[0].value = std::to_string(unix_micros());
        const std::string& page = pages[i % pages.size()];
        for (;;) {
            auto e = kafka::produce(producer.get(), {o.topic, &key, page, false, &headers, nullptr});
            if (!e) break;
            if (rd_kafka_error_code(e.get()) != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                error = std::string("cannot produce: ") + rd_kafka_error_string(e.get());
                return std::nullopt;
            }
            rd_kafka_poll(producer.get(), 10);   // the queue drains as deliveries are reported
        }
        rd_kafka_poll(producer.get(), 0);
        if (o.progress && clock::now() >= next_progress) {
            o.progress(counts.delivered, o.count, seconds_between(start, clock::now()));
            next_progress = clock::now() + std::chrono::milliseconds(500);
        }
    }
    while (rd_kafka_outq_len(producer.get()) > 0) {
        rd_kafka_poll(producer.get(), 100);
        if (o.progress && clock::now() >= next_progress) {
            o.progress(counts.delivered, o.count, seconds_between(start, clock::now()));
            next_progress = clock::now() + std::chrono::milliseconds(500);
        }
    }
    produce_report r;
    r.records = counts.delivered;
    r.failed = counts.failed;
    r.bytes = counts.bytes;
    r.distinct_pages = pages.size();
    r.seconds = seconds_between(start, counts.last == clock::time_point{} ? clock::now() : counts.last);
    if (counts.failed > 0) error = counts.first_error;
    return r;
}

std::optional<measure_report> measure(const measure_options& o, std::string& error) {
    const auto consumer = make_client(
        RD_KAFKA_CONSUMER,
        with_defaults({{"group.id", "winnow-bench-measure-" + std::to_string(unix_micros())},
                       {"enable.auto.commit", "false"},
                       {"enable.partition.eof", "false"},
                       {"isolation.level", "read_committed"},
                       {"receive.message.max.bytes", "200000000"}},
                      o.properties),
        nullptr, error);
    if (!consumer) return std::nullopt;
    kafka::ptr<rd_kafka_topic_partition_list_t> assignment(rd_kafka_topic_partition_list_new(16));
    for (const auto& topic : o.topics) {
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(consumer.get(), topic.c_str(), nullptr);
        const rd_kafka_metadata_t* md = nullptr;
        const auto err = rd_kafka_metadata(consumer.get(), 0, rkt, &md, 30000);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR || md->topic_cnt != 1 || md->topics[0].partition_cnt == 0) {
            error = "topic " + topic + ": " + (err ? rd_kafka_err2str(err) : "no partitions");
            if (md) rd_kafka_metadata_destroy(md);
            rd_kafka_topic_destroy(rkt);
            return std::nullopt;
        }
        for (int i = 0; i < md->topics[0].partition_cnt; ++i)
            rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), md->topics[0].partitions[i].id)->offset =
                RD_KAFKA_OFFSET_BEGINNING;
        rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
    }
    if (const auto err = rd_kafka_assign(consumer.get(), assignment.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = std::string("cannot assign: ") + rd_kafka_err2str(err);
        return std::nullopt;
    }

    measure_report r;
    std::vector<bool> seen_numbered(o.count, false);   // keys prefix<n>, n < count
    std::unordered_set<std::string> seen_other;
    std::vector<double> latencies;
    const auto start = clock::now();
    auto last_new = start, next_progress = start;
    clock::time_point first_arrival{}, last_arrival{};
    while (o.count == 0 || r.distinct < o.count) {
        const kafka::ptr<rd_kafka_message_t> m(rd_kafka_consumer_poll(consumer.get(), 100));
        const auto now = clock::now();
        if (o.progress && now >= next_progress) {
            o.progress(r.distinct, o.count, seconds_between(start, now));
            next_progress = now + std::chrono::milliseconds(500);
        }
        if (!m || m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (now - last_new >= o.idle_timeout) {
                r.timed_out = o.count > 0;
                break;
            }
            continue;
        }
        const std::string_view key(static_cast<const char*>(m->key), m->key ? m->key_len : 0);
        if (!key.starts_with(o.key_prefix)) continue;
        ++r.records;
        r.bytes += m->len;
        bool fresh = false;
        const std::string_view suffix = key.substr(o.key_prefix.size());
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(suffix.data(), suffix.data() + suffix.size(), n);
        if (ec == std::errc{} && end == suffix.data() + suffix.size() && n < o.count) {
            fresh = !seen_numbered[n];
            seen_numbered[n] = true;
        } else {
            fresh = seen_other.emplace(key).second;
        }
        if (!fresh) {
            ++r.duplicates;
            continue;
        }
        ++r.distinct;
        last_new = now;
        if (first_arrival == clock::time_point{}) {
            first_arrival = now;
            r.first_arrival_unix_ms = unix_micros() / 1000;
        }
        last_arrival = now;
        rd_kafka_headers_t* headers = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        if (rd_kafka_message_headers(m.get(), &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            rd_kafka_header_get_last(headers, sent_header.data(), &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR && value) {
            std::int64_t sent = 0;
            const char* text = static_cast<const char*>(value);
            if (std::from_chars(text, text + size, sent).ec == std::errc{})
                latencies.push_back(static_cast<double>(unix_micros() - sent) / 1000.0);
        }
    }
    rd_kafka_consumer_close(consumer.get());
    if (o.count > 0) r.missing = o.count - std::min(o.count, r.distinct);
    r.seconds = first_arrival == clock::time_point{} ? 0 : seconds_between(first_arrival, last_arrival);
    if (r.seconds > 0) {
        r.records_per_second = static_cast<double>(r.distinct) / r.seconds;
        r.megabytes_per_second = static_cast<double>(r.bytes) / r.seconds / 1e6;
    }
    r.latency_p50_ms = percentile(latencies, 0.50);
    r.latency_p95_ms = percentile(latencies, 0.95);
    r.latency_p99_ms = percentile(latencies, 0.99);
    if (!latencies.empty()) r.latency_max_ms = *std::max_element(latencies.begin(), latencies.end());
    return r;
}

std::optional<ceiling_report> ceiling(const ceiling_options& o, std::string& error) {
    delivery_counts counts;
    const auto producer = make_client(RD_KAFKA_PRODUCER, o.producer_properties, &counts, error);
    if (!producer) return std::nullopt;
    const auto consumer = make_client(RD_KAFKA_CONSUMER, o.consumer_properties, nullptr, error);
    if (!consumer) return std::nullopt;
    // Subscribed, as the worker is: the same group protocol, fetch sessions and prefetch.
    kafka::ptr<rd_kafka_topic_partition_list_t> topics(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(topics.get(), o.from.c_str(), RD_KAFKA_PARTITION_UA);
    if (const auto err = rd_kafka_subscribe(consumer.get(), topics.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = "cannot subscribe to " + o.from + ": " + rd_kafka_err2str(err);
        return std::nullopt;
    }

    ceiling_report r;
    std::uint64_t consumed = 0;
    const auto start = clock::now();
    auto last_new = start, next_progress = start;
    clock::time_point first{};
    auto done = [&] { return counts.delivered + counts.failed; };
    while (o.count == 0 || done() < o.count) {
        const auto now = clock::now();
        if (o.progress && now >= next_progress) {
            o.progress(counts.delivered, o.count, seconds_between(start, now));
            next_progress = now + std::chrono::milliseconds(500);
        }
        rd_kafka_poll(producer.get(), 0);
        if (o.count > 0 && consumed >= o.count) {   // every record sent: wait for the last deliveries
            rd_kafka_poll(producer.get(), 50);
            if (now - last_new >= o.idle_timeout) break;
            continue;
        }
        const kafka::ptr<rd_kafka_message_t> m(rd_kafka_consumer_poll(consumer.get(), 100));
        if (!m || m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (now - last_new >= o.idle_timeout) {
                r.timed_out = o.count > 0;
                break;
            }
            continue;
        }
        if (first == clock::time_point{}) first = clock::now();
        last_new = clock::now();
        ++consumed;
        // Copied as the worker copies a page it takes, then produced with its key and headers.
        const auto copy = kafka::copy_message(*m);
        for (;;) {
            auto e = kafka::produce(producer.get(), {o.to, &copy.key, copy.value ? std::string_view(*copy.value) : std::string_view{},
                                                     !copy.value, &copy.headers, nullptr});
            if (!e) break;
            if (rd_kafka_error_code(e.get()) != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                error = std::string("cannot produce: ") + rd_kafka_error_string(e.get());
                return std::nullopt;
            }
            rd_kafka_poll(producer.get(), 10);
        }
    }
    rd_kafka_flush(producer.get(), 10'000);
    rd_kafka_consumer_close(consumer.get());
    r.records = counts.delivered;
    r.failed = counts.failed;
    r.bytes = counts.bytes;
    if (first != clock::time_point{} && counts.last != clock::time_point{}) r.seconds = seconds_between(first, counts.last);
    if (counts.failed > 0) error = counts.first_error;
    return r;
}

std::string to_json(const produce_report& r) {
    return "{\"records\":" + std::to_string(r.records) + ",\"failed\":" + std::to_string(r.failed) +
           ",\"bytes\":" + std::to_string(r.bytes) + ",\"distinct_pages\":" + std::to_string(r.distinct_pages) +
           ",\"seconds\":" + number(r.seconds) + ",\"records_per_second\":" + number(r.records_per_second()) + "}";
}

std::string to_json(const measure_report& r) {
    return "{\"records\":" + std::to_string(r.records) + ",\"distinct\":" + std::to_string(r.distinct) +
           ",\"duplicates\":" + std::to_string(r.duplicates) + ",\"missing\":" + std::to_string(r.missing) +
           ",\"bytes\":" + std::to_string(r.bytes) + ",\"seconds\":" + number(r.seconds) +
           ",\"records_per_second\":" + number(r.records_per_second) +
           ",\"megabytes_per_second\":" + number(r.megabytes_per_second) +
           ",\"timed_out\":" + (r.timed_out ? "true" : "false") +
           ",\"first_arrival_unix_ms\":" + std::to_string(r.first_arrival_unix_ms) + ",\"latency_ms\":{\"p50\":" +
           optional_number(r.latency_p50_ms) + ",\"p95\":" + optional_number(r.latency_p95_ms) +
           ",\"p99\":" + optional_number(r.latency_p99_ms) + ",\"max\":" + optional_number(r.latency_max_ms) + "}}";
}

std::string to_json(const ceiling_report& r) {
    return "{\"records\":" + std::to_string(r.records) + ",\"failed\":" + std::to_string(r.failed) +
           ",\"bytes\":" + std::to_string(r.bytes) + ",\"seconds\":" + number(r.seconds) +
           ",\"records_per_second\":" + number(r.records_per_second()) +
           ",\"megabytes_per_second\":" + number(r.megabytes_per_second()) +
           ",\"timed_out\":" + (r.timed_out ? "true" : "false") + "}";
}

}  // namespace winnow::loadgen
