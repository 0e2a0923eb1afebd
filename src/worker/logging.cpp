#include "worker/logging.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <ctime>

namespace winnow::worker {

std::string_view to_string(log_level level) noexcept {
    switch (level) {
        case log_level::debug: return "debug";
        case log_level::info: return "info";
        case log_level::warn: return "warn";
        case log_level::error: return "error";
    }
    return "info";
}

std::optional<log_level> parse_log_level(std::string_view text) noexcept {
    if (text == "debug") return log_level::debug;
    if (text == "info") return log_level::info;
    if (text == "warn" || text == "warning") return log_level::warn;
    if (text == "error") return log_level::error;
    return std::nullopt;
}

logger::logger(log_level threshold, std::FILE* out) noexcept : threshold_(threshold), out_(out) {}

namespace {

// RFC 3339 UTC with milliseconds: what log pipelines parse without configuration.
std::string timestamp() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[40];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(ms));
    return buffer;
}

}  // namespace

std::string logger::format(log_level level, std::string_view msg, std::initializer_list<log_field> fields) {
    boost::json::object line;
    line["ts"] = timestamp();
    line["level"] = to_string(level);
    line["msg"] = msg;
    boost::json::object extra;
    for (const auto& f : fields) extra[f.key] = f.value;
    line["fields"] = std::move(extra);
    return boost::json::serialize(line);
}

void logger::log(log_level level, std::string_view msg, std::initializer_list<log_field> fields) {
    if (!enabled(level)) return;
    std::string text = format(level, msg, fields);
    text.push_back('\n');
    const std::lock_guard lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
}

}  // namespace winnow::worker
