// replay_main.cpp — main() for fuzz targets built without libFuzzer (GCC, the normal build).
//
// Runs every file named on the command line, and every file under every folder named (recursively, in
// sorted order so that runs are repeatable), through LLVMFuzzerTestOneInput once. A failed invariant aborts
// the process (see fuzz_check.hpp), so a non-zero exit status is a failure; the path of the input is printed
// first. Arguments starting with '-' are libFuzzer flags and are ignored, so that the same command line works
// for both kinds of build.
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

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
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
        } else {
            std::fprintf(stderr, "replay: no such file or folder: %s\n", arg.c_str());
            return 2;
        }
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
