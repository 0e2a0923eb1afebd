// The CPUs the worker may use: what `threads: 0` means. std::thread::hardware_concurrency() counts the
// machine's cores; in a container limited to 2 CPUs of a 64-core node that would start 64 extraction
// threads, each with its working memory, throttled to the quota. So the count is the CPUs the process may
// run on (its affinity mask), capped by the cgroup's CPU quota, rounded up.
//
//     const unsigned threads = winnow::worker::available_cpus();
#pragma once

#include <optional>
#include <string_view>

namespace winnow::worker {

/// At least 1.
[[nodiscard]] unsigned available_cpus();

/// The CPUs a cgroup v2 `cpu.max` ("200000 100000", "max 100000") allows, rounded up; none when unlimited
/// or unreadable.
[[nodiscard]] std::optional<unsigned> cpus_from_cpu_max(std::string_view cpu_max);

/// The same for cgroup v1's `cpu.cfs_quota_us` and `cpu.cfs_period_us` (a quota of -1 is unlimited).
[[nodiscard]] std::optional<unsigned> cpus_from_cfs(std::string_view quota_us, std::string_view period_us);

}  // namespace winnow::worker
