// Asks the broker for the high watermarks of a few partitions, on a thread of its own, because the
// question (rd_kafka_query_watermark_offsets, a ListOffsets request) blocks until the broker answers and
// the poll thread must not. The pipeline hands it the stall detector's candidates and reads back the
// latest answers; each partition is asked at most once per `interval`. The pipeline also nudges it to ask
// about a partition at once, to wake librdkafka's fetcher (pipeline::nudge_fetcher).
//
//     watermark_prober prober(consumer, 60s);
//     prober.want(stalls.candidates());
//     auto answers = prober.answers();
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "worker/offset_tracker.hpp"
#include "worker/stall_detector.hpp"

namespace winnow::worker {

class watermark_prober {
public:
    /// `consumer` must outlive the prober (or stop() must be called first).
    watermark_prober(rd_kafka_t* consumer, std::chrono::milliseconds interval);
    ~watermark_prober();
    watermark_prober(const watermark_prober&) = delete;
    watermark_prober& operator=(const watermark_prober&) = delete;

    /// The partitions to ask about from now on (the previous list is replaced).
    void want(std::vector<topic_partition> partitions);
    /// Asks about one of `partitions` (the next in turn) as soon as the thread is free, whatever the
    /// interval: the request wakes the thread librdkafka keeps for that partition's broker, which then
    /// decides again whether to fetch (pipeline::nudge_fetcher). The answer is kept as any other.
    void nudge(const std::vector<topic_partition>& partitions);
    /// The latest answer for each partition asked about.
    [[nodiscard]] std::map<topic_partition, watermark_answer> answers() const;
    /// Stops the thread and waits for it (at most one question's timeout).
    void stop();

private:
    void run();

    rd_kafka_t* consumer_;
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<topic_partition> wanted_;
    std::map<topic_partition, watermark_answer> answers_;
    std::vector<topic_partition> nudged_;   // to ask about one of, now
    std::size_t next_nudge_ = 0;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace winnow::worker
