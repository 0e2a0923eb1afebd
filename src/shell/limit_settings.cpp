#include "shell/limit_settings.hpp"

#include <charconv>
#include <cstdint>

#include "winnow/error.hpp"

namespace winnow::shell {
namespace {

struct limit_key {
    std::string_view name;
    std::size_t winnow::limits::*field;
    std::uint64_t min;
    std::uint64_t max;
};

// The bounds of the worker's configuration (src/worker/config.cpp).
constexpr std::uint64_t max_page_bytes_limit = std::uint64_t{1} << 30;
constexpr limit_key keys[] = {
    {"limits.max_input_bytes", &winnow::limits::max_input_bytes, 1, max_page_bytes_limit},
    {"limits.max_tokens", &winnow::limits::max_tokens, 1, std::uint64_t{1} << 31},
    {"limits.max_attributes_per_tag", &winnow::limits::max_attributes_per_tag, 1, 65536},
    {"limits.max_attribute_bytes", &winnow::limits::max_attribute_bytes, 1, max_page_bytes_limit},
    {"limits.max_nesting_depth", &winnow::limits::max_nesting_depth, 1, 4096},
    {"limits.max_blocks", &winnow::limits::max_blocks, 1, 10'000'000},
    {"limits.max_page_ms", &winnow::limits::max_page_ms, 0, 24u * 3600u * 1000u},
};

}  // namespace

std::optional<std::string> set_limit(winnow::limits& limits, std::string_view key, std::string_view value) {
    const std::string full = key.substr(0, 7) == "limits." ? std::string(key) : "limits." + std::string(key);
    for (const limit_key& k : keys) {
        if (k.name != full) continue;
        std::string_view number = value;
        std::uint64_t scale = 1;
        if (k.field == &winnow::limits::max_page_ms) {
            if (number.size() > 2 && number.substr(number.size() - 2) == "ms") {
                number.remove_suffix(2);
            } else if (number.size() > 1 && number.back() == 's') {
                number.remove_suffix(1);
                scale = 1000;
            }
        }
        std::uint64_t n = 0;
        const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
        if (ec != std::errc() || ptr != number.data() + number.size() || number.empty())
            return std::string(k.name) + " takes a whole number, not '" + std::string(value) + "'";
        if (n > k.max / scale || n * scale < k.min)
            return std::string(k.name) + " must be between " + std::to_string(k.min) + " and " + std::to_string(k.max);
        limits.*k.field = static_cast<std::size_t>(n * scale);
        return std::nullopt;
    }
    return "unknown limit '" + std::string(key) + "' (known: " + limit_keys() + ")";
}

std::string limit_of_error(const winnow::limits& limits, const std::error_code& ec) {
    const auto setting = [&](std::string_view name, std::size_t value) { return std::string(name) + "=" + std::to_string(value); };
    if (ec == winnow::errc::input_too_large) return setting("limits.max_input_bytes", limits.max_input_bytes);
    if (ec == winnow::errc::too_many_tokens) return setting("limits.max_tokens", limits.max_tokens);
    if (ec == winnow::errc::too_many_attributes) return setting("limits.max_attributes_per_tag", limits.max_attributes_per_tag);
    if (ec == winnow::errc::attribute_too_large) return setting("limits.max_attribute_bytes", limits.max_attribute_bytes);
    if (ec == winnow::errc::too_many_blocks) return setting("limits.max_blocks", limits.max_blocks);
    if (ec == winnow::errc::timeout) return setting("limits.max_page_ms", limits.max_page_ms);
    return {};
}

std::string limit_keys() {
    std::string out;
    for (const limit_key& k : keys) {
        if (!out.empty()) out += ", ";
        out += k.name;
    }
    return out;
}

}  // namespace winnow::shell
