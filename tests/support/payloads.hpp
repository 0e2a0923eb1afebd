// Payloads the worker's integration tests make: a page gzip-compressed as a crawler would send it, and
// incompressible text of a given size (pages too large for a limit, whatever the compression).
//
//     producer.send(topic, 0, "k1", winnow::testing::gzip("<p>a page</p>"));
#pragma once

#include <zlib.h>

#include <cstddef>
#include <random>
#include <string>

namespace winnow::testing {

/// `data` in the gzip format (level 6; level 0 stores it, as large compressed as plain).
inline std::string gzip(const std::string& data, int level = 6) {
    z_stream z{};
    deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

/// Incompressible bytes that are not binary (lower-case ASCII letters), `size` of them.
inline std::string noise_text(std::size_t size, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(size, ' ');
    for (auto& c : s) c = static_cast<char>('a' + rng() % 26);
    return s;
}

}  // namespace winnow::testing
