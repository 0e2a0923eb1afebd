// The core's limits by name, as command lines set them: `--set limits.max_tokens=1000000`. The keys are the
// worker configuration's (`limits.max_tokens`, `limits.max_page_ms`, ...), with the same bounds, so a
// value that works in one shell works in the other.
//
//     winnow::limits l;
//     if (auto error = winnow::shell::set_limit(l, "limits.max_blocks", "50000")) fail(*error);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "winnow/limits.hpp"

namespace winnow::shell {

/// Sets the limit `key` ("limits.max_tokens"; "max_input_bytes" is "limits.max_input_bytes") to `value` (a
/// whole number; max_page_ms also takes "250ms", "2s"). Returns the error in words, or nullopt.
[[nodiscard]] std::optional<std::string> set_limit(winnow::limits& limits, std::string_view key, std::string_view value);

/// For an error of a limit (winnow::errc::too_many_tokens, ...), the limit's key and value as a setting:
/// "limits.max_tokens=4000000"; empty for other errors.
[[nodiscard]] std::string limit_of_error(const winnow::limits& limits, const std::error_code& ec);

/// The keys set_limit knows, comma-separated, for messages.
[[nodiscard]] std::string limit_keys();

}  // namespace winnow::shell
