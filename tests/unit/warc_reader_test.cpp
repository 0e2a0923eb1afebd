// The WARC reader's gzip paths: members inflated whole, members cut by the reader's chunks, a file that is
// one gzip stream (small, and too large to inflate whole), a truncated last member and a corrupt one.
#include "shell/warc.hpp"

#include <cstdio>
#include <string>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>

#include "shell/shell_error.hpp"
#include "support/payloads.hpp"

namespace {

using winnow::testing::gzip;

std::string record(std::size_t n, const std::string& body) {
    const std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(body.size()) +
                             "\r\n\r\n" + body;
    return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/" + std::to_string(n) +
           "\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(n) + ">\r\nContent-Type: application/http; msgtype=response"
           "\r\nContent-Length: " + std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
}

struct read_result {
    std::vector<std::string> uris;
    std::error_code error;
};

read_result read_all(std::string bytes) {
    read_result r;
    std::FILE* f = ::fmemopen(bytes.data(), bytes.size(), "rb");
    winnow::shell::warc_reader reader(f, std::size_t{64} << 20);
    winnow::shell::warc_record rec;
    std::error_code ec;
    for (;;) {
        const bool more = reader.next(rec, ec);
        if (ec && !r.error) r.error = ec;
        if (!more) break;
        r.uris.push_back(rec.target_uri);
    }
    std::fclose(f);
    return r;
}

std::vector<std::string> uris(std::size_t from, std::size_t to) {
    std::vector<std::string> out;
    for (std::size_t i = from; i < to; ++i) out.push_back("https://a.example/" + std::to_string(i));
    return out;
}

/// Records of incompressible text, so that many of them span the reader's chunks.
std::vector<std::string> records(std::size_t count, std::size_t body_bytes) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(record(i, "<p>" + winnow::testing::noise_text(body_bytes, static_cast<unsigned>(i)) + "</p>"));
    return out;
}

TEST(warc_reader, gzip_per_record_reads_every_record_across_the_reader_chunks) {
    std::string file;
    for (const auto& r : records(60, 50'000)) file += gzip(r);
    const auto got = read_all(file);
    EXPECT_FALSE(got.error) << got.error.message();
    EXPECT_EQ(got.uris, uris(0, 60));
}

TEST(warc_reader, a_file_that_is_one_gzip_stream_is_read_whole) {
    std::string plain;
    for (const auto& r : records(40, 60'000)) plain += r;
    const auto got = read_all(gzip(plain));
    EXPECT_FALSE(got.error) << got.error.message();
    EXPECT_EQ(got.uris, uris(0, 40));
}

TEST(warc_reader, a_stream_too_large_to_inflate_at_once_is_streamed) {
    std::string plain;
    for (const auto& r : records(90, 200'000)) plain += r;   // 18 MB, past what is inflated in one call
    const std::string stream = gzip(plain, 0);   // stored: as large as plain
    const auto got = read_all(stream);
    EXPECT_FALSE(got.error) << got.error.message();
    EXPECT_EQ(got.uris, uris(0, 90));
}

TEST(warc_reader, a_truncated_last_member_is_reported_after_the_records_before_it) {
    std::string file;
    const auto rs = records(10, 30'000);
    for (std::size_t i = 0; i < rs.size(); ++i) file += i + 1 < rs.size() ? gzip(rs[i]) : gzip(rs[i]).substr(0, 5'000);
    const auto got = read_all(file);
    EXPECT_EQ(got.error, winnow::shell::shell_errc::truncated_gzip) << got.error.message();
    EXPECT_EQ(got.uris, uris(0, 9));
}

TEST(warc_reader, a_corrupt_member_is_reported_after_the_records_before_it) {
    std::string file;
    const auto rs = records(10, 30'000);
    for (std::size_t i = 0; i < rs.size(); ++i) {
        std::string member = gzip(rs[i]);
        if (i == 6)
            for (std::size_t k = 100; k < 400; ++k) member[k] = static_cast<char>(member[k] ^ 0x5A);
        file += member;
    }
    const auto got = read_all(file);
    EXPECT_EQ(got.error, winnow::shell::shell_errc::corrupt_gzip) << got.error.message();
    EXPECT_EQ(got.uris, uris(0, 6));
}

}  // namespace
