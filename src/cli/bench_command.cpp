// `winnow bench`: load for a cluster and what comes out of it (src/loadgen/loadgen.hpp). Only parses the
// command line; the client properties come as for `winnow run`: --brokers, -X PROPERTY=VALUE and the
// WINNOW_X_<PROPERTY> environment variables (for secrets).
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "loadgen/loadgen.hpp"
#include "worker/config.hpp"

namespace winnow::cli {
namespace {

constexpr std::string_view usage_text = R"(usage: winnow bench produce --brokers B --topic T --pages DIR|FILE... --count N [--rate R] [--key-prefix P]
       winnow bench measure --brokers B --topic T[,T2...] --count N [--timeout S] [--key-prefix P]
       winnow bench ceiling --brokers B --from T --to T2 --count N [--timeout S] [winnow run options]

produce  sends N records to T, cycling the page files (raw or gzip, any charset, byte for byte), each keyed
         <prefix><n> and stamped with its send time (header winnow-sent-us); --rate R records a second,
         else as fast as the cluster takes them.
measure  reads T from the start (read_committed) until N distinct keys <prefix><n> have come, or nothing
         new for S seconds (default 30): the sustained rate, the end-to-end latency from the send stamp
         (run the worker with --pass-headers winnow-sent-us), and the keys missing or seen twice.
ceiling  the worker without extraction: consumes N records of T (a group of its own) and produces each
         again, unchanged, to T2, with the client settings `winnow run` would use given the same options
         (--config FILE, --set KEY=VALUE, --max-in-flight-bytes, -X ...): what the cluster and the client
         allow, to read the worker's rate against.

options common to both:
  --brokers B          bootstrap servers
  -X PROPERTY=VALUE    a librdkafka property (security.protocol, sasl.*, ssl.*, ...); also WINNOW_X_<PROPERTY>
  --key-prefix P       the keys' prefix (default page-; produce and measure)

A progress line goes to standard error when it is a terminal; a JSON summary to standard output.
exit status: 0 done (measure: every key seen once; ceiling: N records copied); 1 keys missing or
duplicated, records refused, or fewer than N copied; 2 bad command line or no cluster.
)";

struct parsed {
    std::string command;
    kafka::properties properties;
    std::string topic;
    std::vector<std::string> pages;
    std::uint64_t count = 0;
    double rate = 0;
    double timeout_s = 30;
    std::string key_prefix = "page-";
};

template <class Number>
bool read_number(std::string_view text, Number& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

std::optional<parsed> parse(arguments args, std::string& error) {
    parsed p;
    if (args.empty()) {
        error = "a command is needed: produce, measure or ceiling";
        return std::nullopt;
    }
    p.command = std::string(args[0]);
    if (p.command != "produce" && p.command != "measure") {
        error = "unknown bench command '" + p.command + "'";
        return std::nullopt;
    }
    std::string brokers;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view a = args[i];
        auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= args.size()) return std::nullopt;
            return args[++i];
        };
        std::optional<std::string_view> v;
        if (a == "--pages") {
            // Every argument up to the next option.
            while (i + 1 < args.size() && !args[i + 1].starts_with("-")) p.pages.emplace_back(args[++i]);
            continue;
        }
        if (a != "--brokers" && a != "--topic" && a != "--count" && a != "--rate" && a != "--timeout" &&
            a != "--key-prefix" && a != "-X") {
            error = "unknown option '" + std::string(a.substr(0, a.find('='))) + "'";   // never echo a value
            return std::nullopt;
        }
        if (!(v = value())) {
            error = std::string(a) + " needs a value";
            return std::nullopt;
        }
        if (a == "--brokers") brokers = std::string(*v);
        else if (a == "--topic") p.topic = std::string(*v);
        else if (a == "--key-prefix") p.key_prefix = std::string(*v);
        else if (a == "--count" && !read_number(*v, p.count)) error = "--count needs a whole number";
        else if (a == "--rate" && (!read_number(*v, p.rate) || p.rate < 0)) error = "--rate needs a number";
        else if (a == "--timeout" && (!read_number(*v, p.timeout_s) || p.timeout_s <= 0)) error = "--timeout needs seconds";
        else if (a == "-X") {
            const auto eq = v->find('=');
            if (eq == std::string_view::npos || eq == 0) error = "-X takes PROPERTY=VALUE";
            else p.properties.emplace_back(std::string(v->substr(0, eq)), std::string(v->substr(eq + 1)));
        }
        if (!error.empty()) return std::nullopt;
    }
    // WINNOW_X_* as `winnow run` reads them: passwords need not be on the command line.
    worker::setting_map environment;
    worker::merge_environment(environment, worker::process_environment());
    for (const auto& [key, value] : environment)
        if (key.starts_with("kafka.")) p.properties.emplace_back(key.substr(6), value.first);
    if (!brokers.empty()) p.properties.insert(p.properties.begin(), {"bootstrap.servers", brokers});
    if (p.topic.empty()) error = "--topic is required";
    else if (p.count == 0) error = "--count is required";
    else if (p.command == "produce" && p.pages.empty()) error = "--pages is required";
    if (!error.empty()) return std::nullopt;
    return p;
}

std::vector<std::string> split(std::string_view list) {
    std::vector<std::string> out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        if (comma != 0) out.emplace_back(list.substr(0, comma));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

loadgen::progress_fn progress_line(const char* what) {
    if (::isatty(STDERR_FILENO) == 0) return {};
    return [what](std::uint64_t done, std::uint64_t total, double seconds) {
        std::fprintf(stderr, "\r%s %llu/%llu in %.1f s (%.0f/s)   ", what, static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total), seconds, seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
        std::fflush(stderr);
    };
}

/// `winnow bench ceiling`: its own options, and the rest as `winnow run` takes them, so that the clients
/// are configured exactly as the worker's would be.
int ceiling_command(arguments args) {
    std::string from, to, error;
    std::uint64_t count = 0;
    double timeout_s = 30;
    std::vector<std::string_view> rest;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a != "--from" && a != "--to" && a != "--count" && a != "--timeout") {
            rest.push_back(a);
            continue;
        }
        if (i + 1 >= args.size()) {
            error = std::string(a) + " needs a value";
            break;
        }
        const std::string_view v = args[++i];
        if (a == "--from") from = std::string(v);
        else if (a == "--to") to = std::string(v);
        else if (a == "--count" && !read_number(v, count)) error = "--count needs a whole number";
        else if (a == "--timeout" && (!read_number(v, timeout_s) || timeout_s <= 0)) error = "--timeout needs seconds";
        if (!error.empty()) break;
    }
    if (error.empty() && (from.empty() || to.empty())) error = "--from and --to are required";
    if (error.empty() && count == 0) error = "--count is required";
    if (!error.empty()) {
        std::fprintf(stderr, "winnow bench: %s\n\n%s", error.c_str(), usage_text.data());
        return exit_usage;
    }
    loadgen::ceiling_options o;
    try {
        auto run = worker::parse_run_arguments(rest);
        run.flags["input.topic"] = {from, worker::origin::flag};
        run.flags["output.topic"] = {to, worker::origin::flag};
        run.flags["dlq.topic"] = {to, worker::origin::flag};
        run.flags["delivery"] = {"at-least-once", worker::origin::flag};
        if (!run.flags.contains("group"))
            run.flags["group"] = {"winnow-bench-ceiling-" + std::to_string(::getpid()) + "-" +
                                      std::to_string(std::chrono::system_clock::now().time_since_epoch().count()),
                                  worker::origin::flag};
        const auto config = worker::load_config(run, worker::process_environment());
        o.consumer_properties = worker::consumer_properties(config);
        o.producer_properties = worker::producer_properties(config);
    } catch (const worker::config_error& e) {
        std::fprintf(stderr, "winnow bench ceiling: %s\n", e.what());
        return exit_usage;
    }
    o.from = from;
    o.to = to;
    o.count = count;
    o.idle_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_s * 1000));
    o.progress = progress_line("copied");
    const auto report = loadgen::ceiling(o, error);
    if (::isatty(STDERR_FILENO) != 0) std::fputs("\n", stderr);
    if (!report) {
        std::fprintf(stderr, "winnow bench ceiling: %s\n", error.c_str());
        return exit_usage;
    }
    std::printf("%s\n", loadgen::to_json(*report).c_str());
    if (report->failed > 0) std::fprintf(stderr, "winnow bench ceiling: %llu records refused: %s\n",
                                         static_cast<unsigned long long>(report->failed), error.c_str());
    return report->records == count ? exit_ok : exit_failure;
}

}  // namespace

int bench_command(arguments args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::fputs(usage_text.data(), stdout);
        return exit_ok;
    }
    if (!args.empty() && args[0] == "ceiling") return ceiling_command(args);
    std::string error;
    const auto p = parse(args, error);
    if (!p) {
        std::fprintf(stderr, "winnow bench: %s\n\n%s", error.c_str(), usage_text.data());
        return exit_usage;
    }
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    if (p->command == "produce") {
        const auto report = loadgen::produce({p->properties, p->topic, p->pages, p->count, p->rate, p->key_prefix,
                                              progress_line("produced")},
                                             error);
        if (terminal) std::fputs("\n", stderr);
        if (!report) {
            std::fprintf(stderr, "winnow bench produce: %s\n", error.c_str());
            return exit_usage;
        }
        std::printf("%s\n", loadgen::to_json(*report).c_str());
        if (report->failed > 0) std::fprintf(stderr, "winnow bench produce: %llu records refused: %s\n",
                                             static_cast<unsigned long long>(report->failed), error.c_str());
        return report->failed > 0 ? exit_failure : exit_ok;
    }
    const auto report = loadgen::measure({p->properties, split(p->topic), p->count, p->key_prefix,
                                          std::chrono::milliseconds(static_cast<std::int64_t>(p->timeout_s * 1000)),
                                          progress_line("measured")},
                                         error);
    if (terminal) std::fputs("\n", stderr);
    if (!report) {
        std::fprintf(stderr, "winnow bench measure: %s\n", error.c_str());
        return exit_usage;
    }
    std::printf("%s\n", loadgen::to_json(*report).c_str());
    return report->missing == 0 && report->duplicates == 0 ? exit_ok : exit_failure;
}

}  // namespace winnow::cli
