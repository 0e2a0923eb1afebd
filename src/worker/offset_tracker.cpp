#include "worker/offset_tracker.hpp"

namespace winnow::worker {

void offset_tracker::assign(const topic_partition& tp) { partitions_[tp] = state{}; }

void offset_tracker::revoke(const topic_partition& tp) { partitions_.erase(tp); }

bool offset_tracker::begin(const topic_partition& tp, std::int64_t offset) {
    const auto it = partitions_.find(tp);
    if (it == partitions_.end() || offset <= it->second.last_begun) return false;
    it->second.offsets.emplace(offset, false);
    it->second.last_begun = offset;
    return true;
}

std::optional<std::int64_t> offset_tracker::complete(const topic_partition& tp, std::int64_t offset) {
    const auto it = partitions_.find(tp);
    if (it == partitions_.end()) return std::nullopt;
    auto& s = it->second;
    const auto o = s.offsets.find(offset);
    if (o == s.offsets.end()) return std::nullopt;
    o->second = true;
    std::optional<std::int64_t> moved;
    while (!s.offsets.empty() && s.offsets.begin()->second) {
        moved = s.offsets.begin()->first + 1;
        s.offsets.erase(s.offsets.begin());
    }
    if (moved) s.watermark = moved;
    return moved;
}

std::size_t offset_tracker::pending(const topic_partition& tp) const {
    const auto it = partitions_.find(tp);
    return it == partitions_.end() ? 0 : it->second.offsets.size();
}

std::optional<std::int64_t> offset_tracker::watermark(const topic_partition& tp) const {
    const auto it = partitions_.find(tp);
    return it == partitions_.end() ? std::nullopt : it->second.watermark;
}

}  // namespace winnow::worker
