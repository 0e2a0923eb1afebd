#include "page_source.hpp"

#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <algorithm>
#include <cstdio>
#include <memory>

#include "shell/shell_error.hpp"
#include "winnow/error.hpp"

namespace winnow::shell {

bool is_gzip(std::string_view bytes) noexcept {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::error_code gunzip(std::string_view compressed, std::size_t max_bytes, std::string& out) {
    out.clear();
    z_stream z{};
    // 16 + MAX_WBITS: a gzip wrapper, not zlib's.
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return std::make_error_code(std::errc::not_enough_memory);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());
    char buffer[64 * 1024];
    std::error_code result;
    for (;;) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        const int status = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (out.size() > max_bytes) {
            result = make_error_code(errc::input_too_large);
            break;
        }
        if (status == Z_STREAM_END) {
            if (z.avail_in == 0) break;
            // Another gzip member follows.
            if (inflateReset(&z) != Z_OK) {
                result = make_error_code(shell_errc::corrupt_gzip);
                break;
            }
            continue;
        }
        if (status == Z_BUF_ERROR && z.avail_in == 0) {
            result = make_error_code(shell_errc::truncated_gzip);
            break;
        }
        if (status != Z_OK) {
            result = make_error_code(shell_errc::corrupt_gzip);
            break;
        }
        if (z.avail_in == 0 && z.avail_out != 0) {
            result = make_error_code(shell_errc::truncated_gzip);
            break;
        }
    }
    inflateEnd(&z);
    return result;
}

std::error_code gunzip_layers(std::string_view compressed, std::size_t max_bytes, std::string& out) {
    if (auto ec = gunzip(compressed, max_bytes, out)) return ec;
    std::string inner;
    for (int layer = 1; is_gzip(out); ++layer) {
        if (layer == max_gzip_layers) return make_error_code(shell_errc::too_many_gzip_layers);
        if (auto ec = gunzip(out, max_bytes, inner)) return ec;
        out.swap(inner);
    }
    return {};
}

std::string gunzip_prefix(std::string_view compressed, std::size_t n) {
    std::string out(n, '\0');
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return {};
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), 1u << 30));
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(n);
    while (z.avail_out > 0 && inflate(&z, Z_NO_FLUSH) == Z_OK) {
    }
    out.resize(n - z.avail_out);
    inflateEnd(&z);
    return out;
}

std::error_code read_page(const std::string& path, std::size_t max_bytes, std::string& out) {
    std::string raw;
    if (auto ec = read_file(path, max_bytes, raw)) return ec;
    if (is_gzip(raw)) return gunzip_layers(raw, max_bytes, out);
    out = std::move(raw);
    return {};
}

std::error_code read_file(const std::string& path, std::size_t max_bytes, std::string& out) {
    struct closer {
        void operator()(std::FILE* f) const noexcept {
            if (f && f != stdin) std::fclose(f);
        }
    };
    std::unique_ptr<std::FILE, closer> file(path == "-" ? stdin : std::fopen(path.c_str(), "rb"));
    if (!file) return {errno, std::generic_category()};
    std::string raw;
    // A regular file's size is known: read straight into the string, not through a buffer and a growing
    // copy. The loop below still takes whatever a file that grew, or a pipe, goes on to give.
    struct stat st {};
    if (::fstat(::fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        const auto size = static_cast<std::size_t>(st.st_size);
        if (size > max_bytes) return make_error_code(errc::input_too_large);
        raw.resize(size);
        const std::size_t n = std::fread(raw.data(), 1, size, file.get());
        raw.resize(n);
        if (n < size) {
            if (std::ferror(file.get())) return {errno ? errno : EIO, std::generic_category()};
            out = std::move(raw);
            return {};
        }
    }
    char buffer[64 * 1024];
    for (;;) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
        raw.append(buffer, n);
        // A compressed page may legitimately be far smaller than its limit; bound the raw read generously.
        if (raw.size() > max_bytes) return make_error_code(errc::input_too_large);
        if (n < sizeof buffer) {
            if (std::ferror(file.get())) return {errno ? errno : EIO, std::generic_category()};
            break;
        }
    }
    out = std::move(raw);
    return {};
}

}  // namespace winnow::shell
