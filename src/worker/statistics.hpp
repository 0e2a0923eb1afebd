// What the worker reads from librdkafka's statistics JSON (statistics.interval.ms; see librdkafka's
// STATISTICS.md): the consumer lag and fetch position of each partition, and whether any broker
// connection is up.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

#include "worker/offset_tracker.hpp"

namespace winnow::worker {

/// Where a partition's fetching stands.
struct partition_fetch {
    std::int64_t next_offset = -1;   ///< the next offset to fetch (negative: none yet)
    std::int64_t hi_offset = -1;     ///< the high watermark (negative: not known yet)
    std::int64_t queued = 0;         ///< messages fetched and not yet taken by the application (fetchq_cnt)
};

struct client_statistics {
    /// consumer_lag per partition, for partitions that report one (>= 0): the high watermark minus the
    /// committed offset.
    std::map<topic_partition, std::int64_t> lag;
    /// Fetch state per partition (consumers).
    std::map<topic_partition, partition_fetch> fetch;
    /// Whether at least one broker connection is in state UP.
    bool broker_up = false;
};

/// Parses one statistics document; nullopt when it is not valid JSON.
[[nodiscard]] std::optional<client_statistics> parse_statistics(std::string_view json);

}  // namespace winnow::worker
