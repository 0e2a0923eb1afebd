// Reading pages, for `winnow extract`, the worker and the tests: files or standard input, gzip-compressed
// or not (told by the magic bytes), gzip inside gzip too.
//
//     std::string page;
//     if (auto ec = winnow::shell::read_page("page.html.gz", limits.max_input_bytes, page)) fail(ec);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

namespace winnow::shell {

/// True when the bytes start with the gzip magic number.
[[nodiscard]] bool is_gzip(std::string_view bytes) noexcept;

/// Decompresses gzip data (all members, as `zcat` does) into out; fails past max_bytes of output, so a
/// small file cannot expand without bound.
[[nodiscard]] std::error_code gunzip(std::string_view compressed, std::size_t max_bytes, std::string& out);

/// Gzip layers a page may come in (a gzip-encoded response stored in a gzip file is two).
inline constexpr int max_gzip_layers = 3;

/// Decompresses gzip data and the gzip data it holds, up to max_gzip_layers, each layer within
/// max_bytes; more layers are an error (shell_errc::too_many_gzip_layers), as a bomb would be. A stream that
/// ends early is shell_errc::truncated_gzip, damaged bytes shell_errc::corrupt_gzip.
[[nodiscard]] std::error_code gunzip_layers(std::string_view compressed, std::size_t max_bytes, std::string& out);

/// Reads a file ("-" is standard input), decompressing gzip layers. Fails past max_bytes.
[[nodiscard]] std::error_code read_page(const std::string& path, std::size_t max_bytes, std::string& out);

/// Reads a file's bytes as they are ("-" is standard input). Fails past max_bytes.
[[nodiscard]] std::error_code read_file(const std::string& path, std::size_t max_bytes, std::string& out);

/// The first `n` bytes gzip data decompresses to (fewer if it holds fewer, or is damaged): enough to tell
/// what a compressed file holds without decompressing it all.
[[nodiscard]] std::string gunzip_prefix(std::string_view compressed, std::size_t n);

}  // namespace winnow::shell
