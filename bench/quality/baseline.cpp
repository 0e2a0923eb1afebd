// Baseline files and default paths: no extractor needed, so the unit tests link this without the core.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "quality/evaluation.hpp"

namespace winnow::quality {

namespace fs = std::filesystem;

std::string baseline_key(std::string_view set, std::string_view page_type) {
    std::string key(set);
    key += '/';
    key += page_type;
    return key;
}

baseline records_of(const set_result& result) {
    baseline out;
    out.emplace(result.name, result.scores.f1);
    for (const auto& type : result.by_type) out.emplace(baseline_key(result.name, type.page_type), type.scores.f1);
    return out;
}

baseline read_baseline(const fs::path& file) {
    baseline out;
    std::error_code ec;
    if (!fs::exists(file, ec)) return out;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream fields(line);
        std::string name;
        std::string value;
        std::string extra;
        if (!(fields >> name)) continue;
        char* end = nullptr;
        if (!(fields >> value) || (fields >> extra) || (out.count(name) != 0))
            throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": expected '<set> <f1>' once per set");
        const double f1 = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || *end != '\0' || f1 < 0 || f1 > 1)
            throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": bad F1 '" + value + "'");
        out.emplace(name, f1);
    }
    return out;
}

void write_baseline(const fs::path& file, const baseline& records) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    out << "# Extraction-quality baseline: F1 per page set of ../shared/datasets (metrics: datasets/README.md),\n"
           "# and per page type (<set>/<type>) where the truth gives types.\n"
           "# tests/golden/quality_golden_test.cpp fails when a record falls more than 0.005 below its figure.\n"
           "# Written by `scripts/quality --update-baseline`; raise it when a change improves a set.\n";
    for (const auto& [name, f1] : records) {
        char figure[32];
        std::snprintf(figure, sizeof figure, "%.4f", f1);
        out << name << ' ' << figure << '\n';
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

fs::path default_shared_dir() {
    if (const char* env = std::getenv("WINNOW_SHARED_DIR"); env != nullptr && *env != '\0') return env;
    return WINNOW_QUALITY_SHARED_DIR_DEFAULT;
}

fs::path default_baseline_file() { return WINNOW_QUALITY_BASELINE_FILE_DEFAULT; }

}  // namespace winnow::quality
