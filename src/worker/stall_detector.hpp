// Partitions that stopped fetching: the fetch position has not moved for stall.timeout_ms, nothing is
// queued in the client, the worker is not holding back, and yet records wait on the broker. That is what
// a record the client cannot fetch looks like (librdkafka refetches the same offset for ever, every
// response refused), and what a partition stuck for any other reason (authorisation, a leader that never
// answers) looks like from the worker.
//
// Whether records wait is the high watermark past the position. librdkafka's statistics carry the high
// watermark of the last fetch response, which a failing fetch never updates; so for a partition whose
// position has not moved, the detector also asks for the broker's own answer (a ListOffsets request, made
// off the poll thread by the watermark_prober), at most once per timeout.
//
//     stall_detector stalls(60s);
//     auto stuck = stalls.observe(stats.fetch, assigned, backpressured, prober.answers(), clock::now());
//     prober.want(stalls.candidates());
//
// Not thread-safe: the pipeline calls it from its poll thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "worker/offset_tracker.hpp"
#include "worker/statistics.hpp"

namespace winnow::worker {

/// A high watermark as the broker gave it, and when.
struct watermark_answer {
    std::int64_t high = -1;
    std::chrono::steady_clock::time_point at{};
};

class stall_detector {
public:
    using clock = std::chrono::steady_clock;

    /// A timeout of zero disables detection.
    explicit stall_detector(std::chrono::milliseconds timeout) noexcept : timeout_(timeout) {}

    [[nodiscard]] std::chrono::milliseconds timeout() const noexcept { return timeout_; }

    /// One statistics sample: the fetch state of the partitions librdkafka reports, the partitions this
    /// worker owns, whether the worker is at its in-flight bound (then nothing is a stall), and the
    /// broker's answers about high watermarks. Returns the owned partitions stalled now, in order.
    std::vector<topic_partition> observe(const std::map<topic_partition, partition_fetch>& fetch,
                                         const std::set<topic_partition>& assigned, bool backpressured,
                                         const std::map<topic_partition, watermark_answer>& probed,
                                         clock::time_point now);

    /// Partitions whose position has not moved for the timeout: their high watermark is worth asking.
    [[nodiscard]] const std::vector<topic_partition>& candidates() const noexcept { return candidates_; }
    /// The partitions that became stalled in the last observe() (to log them once).
    [[nodiscard]] const std::vector<topic_partition>& newly_stalled() const noexcept { return newly_; }

private:
    struct watch {
        std::int64_t position = -1;
        clock::time_point since{};
        bool stalled = false;
    };
    std::chrono::milliseconds timeout_;
    std::map<topic_partition, watch> watches_;
    std::vector<topic_partition> candidates_;
    std::vector<topic_partition> newly_;
};

inline std::vector<topic_partition> stall_detector::observe(const std::map<topic_partition, partition_fetch>& fetch,
                                                            const std::set<topic_partition>& assigned,
                                                            bool backpressured,
                                                            const std::map<topic_partition, watermark_answer>& probed,
                                                            clock::time_point now) {
    newly_.clear();
    candidates_.clear();
    std::vector<topic_partition> stalled;
    std::erase_if(watches_, [&](const auto& w) { return !assigned.contains(w.first); });
    if (timeout_.count() == 0) return stalled;
    for (const auto& tp : assigned) {
        const auto it = fetch.find(tp);
        watch& w = watches_[tp];
        const std::int64_t position = it != fetch.end() ? it->second.next_offset : -1;
        const bool idle_client = it != fetch.end() && position >= 0 && it->second.queued == 0;
        if (!idle_client || backpressured || position != w.position) {
            w = {position, now, false};
            continue;
        }
        if (now - w.since < timeout_) continue;
        candidates_.push_back(tp);
        std::int64_t high = it->second.hi_offset;
        // Only an answer given after the position stopped says that records wait at this position.
        if (const auto answer = probed.find(tp); answer != probed.end() && answer->second.at >= w.since)
            high = std::max(high, answer->second.high);
        if (high <= position) continue;
        if (!w.stalled) newly_.push_back(tp);
        w.stalled = true;
        stalled.push_back(tp);
    }
    return stalled;
}

}  // namespace winnow::worker
