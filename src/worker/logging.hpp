// Structured logs: one JSON object per line on stderr, {"ts", "level", "msg", "fields"}, so a log
// collector can index them without parsing free text.
//
//     log.info("http listening", {{"address", "0.0.0.0"}, {"port", 8080}});
#pragma once

#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace winnow::worker {

enum class log_level { debug, info, warn, error };

[[nodiscard]] std::string_view to_string(log_level level) noexcept;
/// "debug", "info", "warn" (or "warning"), "error"; nullopt otherwise.
[[nodiscard]] std::optional<log_level> parse_log_level(std::string_view text) noexcept;

/// One field of a log line: a key and a string, number or boolean.
struct log_field {
    log_field(std::string_view k, std::string_view v) : key(k), value(boost::json::string(v.data(), v.size())) {}
    log_field(std::string_view k, const std::string& v) : log_field(k, std::string_view(v)) {}
    log_field(std::string_view k, const char* v) : log_field(k, std::string_view(v ? v : "")) {}
    template <class T>
        requires std::is_arithmetic_v<T>
    log_field(std::string_view k, T v) : key(k), value(v) {}

    std::string_view key;
    boost::json::value value;
};

class logger {
public:
    /// Lines at `threshold` and above go to `out` (stderr by default). Thread-safe.
    explicit logger(log_level threshold = log_level::info, std::FILE* out = stderr) noexcept;

    [[nodiscard]] bool enabled(log_level level) const noexcept { return level >= threshold_; }
    void set_threshold(log_level level) noexcept { threshold_ = level; }

    void log(log_level level, std::string_view msg, std::initializer_list<log_field> fields = {});
    void debug(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::debug, msg, fields); }
    void info(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::info, msg, fields); }
    void warn(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::warn, msg, fields); }
    void error(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::error, msg, fields); }

    /// The line log() writes, without the newline (for tests).
    [[nodiscard]] static std::string format(log_level level, std::string_view msg, std::initializer_list<log_field> fields);

private:
    log_level threshold_;
    std::FILE* out_;
    std::mutex mutex_;   // one line at a time, from any thread (librdkafka logs from its own threads)
};

}  // namespace winnow::worker
