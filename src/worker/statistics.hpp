// What the worker reads from librdkafka's statistics JSON (statistics.interval.ms; see librdkafka's
// STATISTICS.md): the consumer lag of each partition, and whether any broker connection is up.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

#include "worker/offset_tracker.hpp"

namespace winnow::worker {

struct client_statistics {
    /// consumer_lag per partition, for partitions that report one (>= 0): the high watermark minus the
    /// committed offset.
    std::map<topic_partition, std::int64_t> lag;
    /// Whether at least one broker connection is in state UP.
    bool broker_up = false;
};

/// Parses one statistics document; nullopt when it is not valid JSON.
[[nodiscard]] std::optional<client_statistics> parse_statistics(std::string_view json);

}  // namespace winnow::worker
