// The offset watermark: stored offsets never pass a page that is not done. And the stall detector, which
// watches the same partitions' fetch positions.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "worker/offset_tracker.hpp"
#include "worker/stall_detector.hpp"

namespace {

using winnow::worker::offset_tracker;
using winnow::worker::topic_partition;

const topic_partition p0{"pages", 0};
const topic_partition p1{"pages", 1};

TEST(offset_tracker, in_order_completions_advance_one_by_one) {
    offset_tracker t;
    t.assign(p0);
    for (int o = 0; o < 3; ++o) ASSERT_TRUE(t.begin(p0, o));
    EXPECT_EQ(t.complete(p0, 0), 1);
    EXPECT_EQ(t.complete(p0, 1), 2);
    EXPECT_EQ(t.complete(p0, 2), 3);
    EXPECT_EQ(t.pending(p0), 0u);
    EXPECT_EQ(t.watermark(p0), 3);
}

TEST(offset_tracker, out_of_order_completions_wait_for_the_gap) {
    offset_tracker t;
    t.assign(p0);
    for (int o = 10; o < 15; ++o) ASSERT_TRUE(t.begin(p0, o));
    EXPECT_EQ(t.complete(p0, 12), std::nullopt);
    EXPECT_EQ(t.complete(p0, 11), std::nullopt);
    EXPECT_EQ(t.complete(p0, 14), std::nullopt);
    EXPECT_EQ(t.pending(p0), 5u);
    EXPECT_EQ(t.complete(p0, 10), 13);   // 10, 11, 12 done; 13 is not
    EXPECT_EQ(t.complete(p0, 13), 15);
    EXPECT_EQ(t.complete(p0, 13), std::nullopt) << "a second completion changes nothing";
}

TEST(offset_tracker, offsets_with_gaps_are_fine) {
    // Transaction markers and compaction leave holes: only received offsets count.
    offset_tracker t;
    t.assign(p0);
    ASSERT_TRUE(t.begin(p0, 5));
    ASSERT_TRUE(t.begin(p0, 9));
    EXPECT_EQ(t.complete(p0, 9), std::nullopt);
    EXPECT_EQ(t.complete(p0, 5), 10);
}

TEST(offset_tracker, partitions_are_independent) {
    offset_tracker t;
    t.assign(p0);
    t.assign(p1);
    ASSERT_TRUE(t.begin(p0, 0));
    ASSERT_TRUE(t.begin(p1, 0));
    ASSERT_TRUE(t.begin(p1, 1));
    EXPECT_EQ(t.complete(p1, 1), std::nullopt);
    EXPECT_EQ(t.complete(p0, 0), 1);
    EXPECT_EQ(t.complete(p1, 0), 2);
}

TEST(offset_tracker, revocation_forgets_and_ignores_late_completions) {
    offset_tracker t;
    t.assign(p0);
    ASSERT_TRUE(t.begin(p0, 0));
    ASSERT_TRUE(t.begin(p0, 1));
    t.revoke(p0);
    EXPECT_FALSE(t.assigned(p0));
    EXPECT_EQ(t.complete(p0, 0), std::nullopt) << "a page finishing after its partition was revoked stores nothing";
    EXPECT_FALSE(t.begin(p0, 2)) << "not assigned";
    // Assigned again (perhaps after another member worked on it): a fresh start.
    t.assign(p0);
    EXPECT_EQ(t.complete(p0, 1), std::nullopt) << "not received in this assignment";
    ASSERT_TRUE(t.begin(p0, 7));
    EXPECT_EQ(t.complete(p0, 7), 8);
}

TEST(offset_tracker, offsets_must_increase) {
    offset_tracker t;
    t.assign(p0);
    ASSERT_TRUE(t.begin(p0, 3));
    EXPECT_FALSE(t.begin(p0, 3));
    EXPECT_FALSE(t.begin(p0, 2));
}

TEST(offset_tracker, random_completion_order_never_passes_an_unfinished_offset) {
    std::mt19937 rng(42);
    for (int round = 0; round < 20; ++round) {
        offset_tracker t;
        t.assign(p0);
        std::vector<std::int64_t> offsets;
        for (std::int64_t o = 0, next = 0; o < 200; ++o) {
            next += 1 + static_cast<std::int64_t>(rng() % 3);
            offsets.push_back(next);
            ASSERT_TRUE(t.begin(p0, next));
        }
        std::vector<std::int64_t> order = offsets;
        std::shuffle(order.begin(), order.end(), rng);
        std::vector<bool> done(offsets.size());
        std::int64_t last = -1;
        for (const auto o : order) {
            done[static_cast<std::size_t>(std::find(offsets.begin(), offsets.end(), o) - offsets.begin())] = true;
            if (const auto wm = t.complete(p0, o)) {
                ASSERT_GT(*wm, last);
                last = *wm;
                for (std::size_t i = 0; i < offsets.size() && offsets[i] < *wm; ++i) ASSERT_TRUE(done[i]) << "offset " << offsets[i];
            }
        }
        EXPECT_EQ(last, offsets.back() + 1);
    }
}

}  // namespace

namespace {

using winnow::worker::partition_fetch;
using winnow::worker::stall_detector;
using winnow::worker::watermark_answer;

TEST(stall_detector, a_position_that_does_not_move_while_records_wait) {
    using namespace std::chrono_literals;
    const std::set<topic_partition> assigned{p0, p1};
    stall_detector stalls(10s);
    const auto t0 = stall_detector::clock::now();
    // p0 waits at offset 5 with records up to 9; p1 is caught up.
    std::map<topic_partition, partition_fetch> fetch{{p0, {5, 10, 0}}, {p1, {7, 7, 0}}};
    EXPECT_TRUE(stalls.observe(fetch, assigned, false, {}, t0).empty());
    EXPECT_TRUE(stalls.observe(fetch, assigned, false, {}, t0 + 9s).empty());
    EXPECT_EQ(stalls.observe(fetch, assigned, false, {}, t0 + 10s), std::vector<topic_partition>{p0});
    EXPECT_EQ(stalls.newly_stalled(), std::vector<topic_partition>{p0});
    EXPECT_EQ(stalls.observe(fetch, assigned, false, {}, t0 + 11s), std::vector<topic_partition>{p0});
    EXPECT_TRUE(stalls.newly_stalled().empty());   // reported once
    // It moves: no longer stalled, and the clock starts again.
    fetch[p0] = {6, 10, 0};
    EXPECT_TRUE(stalls.observe(fetch, assigned, false, {}, t0 + 12s).empty());
    EXPECT_TRUE(stalls.observe(fetch, assigned, false, {}, t0 + 21s).empty());
    EXPECT_EQ(stalls.observe(fetch, assigned, false, {}, t0 + 22s).size(), 1u);
}

TEST(stall_detector, the_brokers_answer_tells_when_fetches_fail) {
    using namespace std::chrono_literals;
    // Every fetch fails, so the statistics keep the high watermark of the last good one (caught up at 5);
    // the broker's own answer, asked after the position stopped, says records wait.
    const std::set<topic_partition> assigned{p0};
    stall_detector stalls(10s);
    const auto t0 = stall_detector::clock::now();
    const std::map<topic_partition, partition_fetch> fetch{{p0, {5, 5, 0}}};
    EXPECT_TRUE(stalls.observe(fetch, assigned, false, {}, t0).empty());
    EXPECT_TRUE(stalls.observe(fetch, assigned, false, {}, t0 + 10s).empty());
    EXPECT_EQ(stalls.candidates(), std::vector<topic_partition>{p0});   // worth asking the broker
    const std::map<topic_partition, watermark_answer> stale{{p0, {9, t0 - 1s}}};   // before it stopped
    EXPECT_TRUE(stalls.observe(fetch, assigned, false, stale, t0 + 11s).empty());
    const std::map<topic_partition, watermark_answer> fresh{{p0, {9, t0 + 10s}}};
    EXPECT_EQ(stalls.observe(fetch, assigned, false, fresh, t0 + 11s), std::vector<topic_partition>{p0});
    const std::map<topic_partition, watermark_answer> idle{{p0, {5, t0 + 10s}}};   // caught up: idle
    stall_detector again(10s);
    (void)again.observe(fetch, assigned, false, {}, t0);
    EXPECT_TRUE(again.observe(fetch, assigned, false, idle, t0 + 11s).empty());
}

TEST(stall_detector, what_is_not_a_stall) {
    using namespace std::chrono_literals;
    const std::set<topic_partition> assigned{p0};
    const auto t0 = stall_detector::clock::now();
    const auto stalled_after = [&](partition_fetch f, bool backpressured, std::set<topic_partition> owned) {
        stall_detector stalls(10s);
        const std::map<topic_partition, partition_fetch> fetch{{p0, f}};
        (void)stalls.observe(fetch, owned, backpressured, {}, t0);
        return !stalls.observe(fetch, owned, backpressured, {}, t0 + 60s).empty();
    };
    EXPECT_TRUE(stalled_after({5, 10, 0}, false, assigned));
    EXPECT_FALSE(stalled_after({5, 5, 0}, false, assigned));     // caught up
    EXPECT_FALSE(stalled_after({5, 10, 30}, false, assigned));   // fetched, waiting in the client's queue
    EXPECT_FALSE(stalled_after({5, 10, 0}, true, assigned));     // the worker holds back
    EXPECT_FALSE(stalled_after({-1001, 10, 0}, false, assigned));   // no position yet
    EXPECT_FALSE(stalled_after({5, 10, 0}, false, {}));          // not ours
    stall_detector off(0ms);
    const std::map<topic_partition, partition_fetch> fetch{{p0, {5, 10, 0}}};
    (void)off.observe(fetch, assigned, false, {}, t0);
    EXPECT_TRUE(off.observe(fetch, assigned, false, {}, t0 + 1h).empty());
}

}  // namespace
