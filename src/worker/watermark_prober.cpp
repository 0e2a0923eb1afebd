#include "worker/watermark_prober.hpp"

#include <algorithm>

namespace winnow::worker {

namespace {
constexpr int query_timeout_ms = 5000;
}

watermark_prober::watermark_prober(rd_kafka_t* consumer, std::chrono::milliseconds interval)
    : consumer_(consumer), interval_(interval), thread_([this] { run(); }) {}

watermark_prober::~watermark_prober() { stop(); }

void watermark_prober::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void watermark_prober::want(std::vector<topic_partition> partitions) {
    {
        const std::lock_guard lock(mutex_);
        if (partitions == wanted_) return;
        wanted_ = std::move(partitions);
    }
    changed_.notify_all();
}

void watermark_prober::nudge(const std::vector<topic_partition>& partitions) {
    if (partitions.empty()) return;
    {
        const std::lock_guard lock(mutex_);
        if (!nudged_.empty()) return;   // one is on its way
        nudged_ = partitions;
    }
    changed_.notify_all();
}

std::map<topic_partition, watermark_answer> watermark_prober::answers() const {
    const std::lock_guard lock(mutex_);
    return answers_;
}

void watermark_prober::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const auto now = std::chrono::steady_clock::now();
        std::vector<topic_partition> due;
        for (const auto& tp : wanted_) {
            const auto it = answers_.find(tp);
            if (it == answers_.end() || now - it->second.at >= interval_) due.push_back(tp);
        }
        if (!nudged_.empty()) {
            const auto& tp = nudged_[next_nudge_++ % nudged_.size()];
            if (std::find(due.begin(), due.end(), tp) == due.end()) due.push_back(tp);
            nudged_.clear();
        }
        if (due.empty()) {
            changed_.wait_for(lock, std::chrono::seconds(1));
            continue;
        }
        lock.unlock();
        std::vector<std::pair<topic_partition, watermark_answer>> got;
        for (const auto& tp : due) {
            std::int64_t low = -1, high = -1;
            const auto err = rd_kafka_query_watermark_offsets(consumer_, tp.topic.c_str(), tp.partition, &low, &high,
                                                              query_timeout_ms);
            // No answer is an answer too (asked again after the interval); only a real one counts.
            got.push_back({tp, {err == RD_KAFKA_RESP_ERR_NO_ERROR ? high : -1, std::chrono::steady_clock::now()}});
        }
        lock.lock();
        for (auto& [tp, answer] : got) answers_[tp] = answer;
        // Forget partitions no longer asked about, so the map stays the size of the assignment.
        std::erase_if(answers_, [&](const auto& a) {
            return std::find(wanted_.begin(), wanted_.end(), a.first) == wanted_.end();
        });
    }
}

}  // namespace winnow::worker
