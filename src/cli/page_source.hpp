// Reading pages for the CLI: files or standard input, gzip-compressed or not (told by the magic bytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

namespace winnow::cli {

/// True when the bytes start with the gzip magic number.
[[nodiscard]] bool is_gzip(std::string_view bytes) noexcept;

/// Decompresses gzip data (all members, as `zcat` does) into out; fails past max_bytes of output, so a
/// small file cannot expand without bound.
[[nodiscard]] std::error_code gunzip(std::string_view compressed, std::size_t max_bytes, std::string& out);

/// Reads a file ("-" is standard input), decompressing gzip. Fails past max_bytes.
[[nodiscard]] std::error_code read_page(const std::string& path, std::size_t max_bytes, std::string& out);

}  // namespace winnow::cli
