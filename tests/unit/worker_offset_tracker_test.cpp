// The offset watermark: stored offsets never pass a page that is not done.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "worker/offset_tracker.hpp"

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
