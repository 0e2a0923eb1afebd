// The offset watermark of each partition: the offset from which a restarted consumer must read so that no
// page is lost.
//
// Pages of a partition are processed concurrently and finish out of order, but Kafka commits one offset
// per partition, meaning "everything below this is done". So an offset may be stored only when every
// earlier offset of its partition that this consumer received is done: the tracker keeps the received
// offsets that are not done yet, and the watermark is one past the longest done prefix. Offsets need not
// be contiguous (compaction and transaction markers leave gaps); only received offsets count.
//
//     offset_tracker t;
//     t.assign(tp);
//     t.begin(tp, 10); t.begin(tp, 11); t.begin(tp, 12);
//     t.complete(tp, 11);   // nullopt: 10 is not done
//     t.complete(tp, 10);   // 12: store offset 12, 10 and 11 are done
//
// Not thread-safe: the pipeline calls it from its poll thread only.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "kafka/kafka.hpp"

namespace winnow::worker {

using kafka::topic_partition;

class offset_tracker {
public:
    /// Starts tracking a partition afresh (an assignment, or a rewind after an aborted transaction).
    void assign(const topic_partition& tp);
    /// Forgets a partition: later begin() and complete() calls for it are ignored until it is assigned again.
    void revoke(const topic_partition& tp);
    /// Forgets every partition.
    void clear() noexcept { partitions_.clear(); }

    /// Records a received offset. False (and ignored) when the partition is not assigned or the offset is
    /// not above every offset already received for it.
    bool begin(const topic_partition& tp, std::int64_t offset);
    /// Marks a received offset done. Returns the new watermark (the next offset to consume) when it moved,
    /// nullopt otherwise, and for offsets that were never begun or whose partition was revoked.
    std::optional<std::int64_t> complete(const topic_partition& tp, std::int64_t offset);

    [[nodiscard]] bool assigned(const topic_partition& tp) const { return partitions_.contains(tp); }
    /// Received offsets of the partition that are not yet part of the watermark.
    [[nodiscard]] std::size_t pending(const topic_partition& tp) const;
    /// The last watermark complete() returned for the partition, if any.
    [[nodiscard]] std::optional<std::int64_t> watermark(const topic_partition& tp) const;

private:
    struct state {
        std::map<std::int64_t, bool> offsets;   // received and not yet below the watermark: done or not
        std::int64_t last_begun = -1;
        std::optional<std::int64_t> watermark;
    };
    std::map<topic_partition, state> partitions_;
};

}  // namespace winnow::worker
