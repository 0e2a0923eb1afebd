// The errors of reading inputs in the shells: gzip streams and WARC files. Their messages say what is wrong
// with the input ("truncated gzip stream"), not what the C library would guess from an errno.
//
//     if (auto ec = winnow::shell::gunzip(bytes, limit, out); ec == winnow::shell::shell_errc::truncated_gzip) ...
#pragma once

#include <string_view>
#include <system_error>

namespace winnow::shell {

enum class shell_errc : int {
    truncated_gzip = 1,     ///< the gzip stream ends before its end
    corrupt_gzip,           ///< bytes that are not a gzip stream (or a damaged one)
    too_many_gzip_layers,   ///< gzip inside gzip past max_gzip_layers, as a bomb would be
    not_warc,               ///< a record does not start with a WARC version line
    bad_warc_header,        ///< a WARC header without a valid Content-Length
    truncated_warc,         ///< the file ends inside a record
    warc_record_too_large,  ///< a record's block is larger than the limit
    bad_http_response,      ///< a response record whose block is not an HTTP response
};

[[nodiscard]] const std::error_category& shell_category() noexcept;

[[nodiscard]] inline std::error_code make_error_code(shell_errc e) noexcept {
    return {static_cast<int>(e), shell_category()};
}

/// "truncated_gzip", ... (for machine-readable reports).
[[nodiscard]] std::string_view shell_error_name(shell_errc e) noexcept;

}  // namespace winnow::shell

template <>
struct std::is_error_code_enum<winnow::shell::shell_errc> : std::true_type {};
