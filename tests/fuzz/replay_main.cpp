// replay_main.cpp — main() for fuzz targets built without libFuzzer (GCC, the normal build).
//
// Runs every file named on the command line, and every file under every folder named (recursively, in
// sorted order so that runs are repeatable), through LLVMFuzzerTestOneInput once. A failed invariant aborts
// the process (see fuzz_check.hpp), so a non-zero exit status is a failure; the path of the input is printed
// first. Arguments starting with '-' are libFuzzer flags and are ignored, so that the same command line works
// for both kinds of build, except the replay's own:
//   -winnow_gunzip        files ending in .gz are decompressed first (the shared page sets are gzipped);
//   -winnow_every=N       only every Nth input (a sample, for slow sanitizer builds);
//   -winnow_optional      a folder that does not exist is skipped, and with nothing to replay the exit
//                         status is 77, which ctest reports as a skip (the shared data may be absent).
//
//     fuzz_tokenize tests/fuzz/corpus/tokenize crash-1234
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <zlib.h>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool read_file(const fs::path& path, std::vector<std::uint8_t>& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

/// Decompresses gzip bytes in place (all members); false when they do not decompress.
bool gunzip(std::vector<std::uint8_t>& bytes) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return false;
    std::vector<std::uint8_t> out;
    std::uint8_t buffer[1 << 16];
    z.next_in = bytes.data();
    z.avail_in = static_cast<uInt>(bytes.size());
    int status = Z_OK;
    while (status == Z_OK || (status == Z_STREAM_END && z.avail_in > 0)) {
        if (status == Z_STREAM_END) inflateReset(&z);
        z.next_out = buffer;
        z.avail_out = sizeof buffer;
        status = inflate(&z, Z_NO_FLUSH);
        out.insert(out.end(), buffer, buffer + (sizeof buffer - z.avail_out));
        if (status == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    inflateEnd(&z);
    if (status != Z_STREAM_END) return false;
    bytes.swap(out);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
    bool decompress = false, optional = false;
    std::size_t every = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-winnow_gunzip") decompress = true;
        if (arg == "-winnow_optional") optional = true;
        if (arg.starts_with("-winnow_every=")) every = std::max<std::size_t>(1, std::stoul(arg.substr(14)));
    }
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.starts_with("-")) continue;
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            std::vector<fs::path> found;
            for (const auto& entry : fs::recursive_directory_iterator(arg, ec))
                if (entry.is_regular_file()) found.push_back(entry.path());
            if (ec) {
                std::fprintf(stderr, "replay: cannot list %s: %s\n", arg.c_str(), ec.message().c_str());
                return 2;
            }
            std::sort(found.begin(), found.end());
            inputs.insert(inputs.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(arg, ec)) {
            inputs.emplace_back(arg);
        } else if (optional) {
            std::fprintf(stderr, "replay: skipped, absent: %s\n", arg.c_str());
        } else {
            std::fprintf(stderr, "replay: no such file or folder: %s\n", arg.c_str());
            return 2;
        }
    }
    if (inputs.empty() && optional) {
        std::printf("replay: nothing to replay (the shared data is absent): skipped\n");
        return 77;
    }
    if (every > 1) {
        std::vector<fs::path> sample;
        for (std::size_t k = 0; k < inputs.size(); k += every) sample.push_back(inputs[k]);
        inputs.swap(sample);
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...  (replays each input through the fuzz target)\n", argv[0]);
        return 2;
    }

    std::vector<std::uint8_t> bytes;
    for (const fs::path& path : inputs) {
        if (!read_file(path, bytes)) {
            std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
            return 2;
        }
        if (decompress && path.extension() == ".gz" && !gunzip(bytes)) {
            std::fprintf(stderr, "replay: cannot decompress %s\n", path.c_str());
            return 2;
        }
        const std::string name = path.string();
        winnow::fuzz::current_input = name.c_str();
        // An empty vector's data() may be null; libFuzzer never passes null, so neither do we.
        static const std::uint8_t empty = 0;
        LLVMFuzzerTestOneInput(bytes.empty() ? &empty : bytes.data(), bytes.size());
    }
    winnow::fuzz::current_input = nullptr;
    std::printf("replay: %zu inputs passed\n", inputs.size());
    return 0;
}
