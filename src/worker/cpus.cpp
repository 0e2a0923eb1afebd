#include "worker/cpus.hpp"

#include <sched.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace winnow::worker {
namespace {

std::optional<long long> whole_number(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return v;
}

std::optional<unsigned> quota_cpus(long long quota, long long period) {
    if (quota <= 0 || period <= 0) return std::nullopt;
    return static_cast<unsigned>((quota + period - 1) / period);
}

std::string read_file(const char* path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

std::optional<unsigned> cpus_from_cpu_max(std::string_view cpu_max) {
    const auto space = cpu_max.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const auto quota = whole_number(cpu_max.substr(0, space));  // "max" is no number: unlimited
    const auto period = whole_number(cpu_max.substr(space + 1));
    if (!quota || !period) return std::nullopt;
    return quota_cpus(*quota, *period);
}

std::optional<unsigned> cpus_from_cfs(std::string_view quota_us, std::string_view period_us) {
    const auto quota = whole_number(quota_us);
    const auto period = whole_number(period_us);
    if (!quota || !period) return std::nullopt;
    return quota_cpus(*quota, *period);
}

unsigned available_cpus() {
    unsigned cpus = std::thread::hardware_concurrency();
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0) cpus = static_cast<unsigned>(CPU_COUNT(&set));
    // The process's own cgroup is the one mounted at /sys/fs/cgroup in a container; on a host, a service's
    // quota (systemd's CPUQuota=) is its cgroup's, which this does not look up: the affinity stands.
    auto quota = cpus_from_cpu_max(read_file("/sys/fs/cgroup/cpu.max"));
    if (!quota)
        quota = cpus_from_cfs(read_file("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), read_file("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
    if (quota && *quota < cpus) cpus = *quota;
    return cpus ? cpus : 1;
}

}  // namespace winnow::worker
