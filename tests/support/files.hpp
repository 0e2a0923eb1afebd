// Reading test and benchmark data: a whole file, decompressed when it is gzip (told by its magic bytes, as
// `winnow extract` tells it: the same reader, winnow::shell's read_page).
#pragma once

#include <cstddef>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>

#include "shell/page_source.hpp"

namespace winnow::testing {

/// The bytes of the file at path, decompressed if gzip-compressed. Throws std::runtime_error when the file
/// cannot be read or decompressed, so a test fails saying which file rather than on empty data.
inline std::string read_file(const std::filesystem::path& path) {
    std::string out;
    if (const auto ec = winnow::shell::read_page(path.string(), std::numeric_limits<std::size_t>::max(), out))
        throw std::runtime_error("cannot read " + path.string() + ": " + ec.message());
    return out;
}

}  // namespace winnow::testing
