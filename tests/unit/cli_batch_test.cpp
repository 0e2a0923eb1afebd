// The pieces of `winnow extract`'s batch runs (src/cli/extract_batch.hpp): results in input order whatever
// the threads' timing, the progress line's figures and the summary line.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "extract_batch.hpp"

namespace {

using namespace winnow::cli;

TEST(ordered_runner, delivers_in_submission_order_whatever_the_threads_timing) {
    for (const std::size_t threads : {1u, 2u, 4u, 8u}) {
        std::vector<std::size_t> delivered;
        ordered_runner runner(
            threads,
            [](page_job& job, winnow::extractor&) {
                // Later jobs finish first: job k sleeps (7 - k % 8) ms.
                std::this_thread::sleep_for(std::chrono::milliseconds(7 - job.sequence % 8));
                job_result r;
                r.output = job.source;
                r.outcome = job_outcome::article;
                return r;
            },
            [&](job_result&& r) {
                EXPECT_EQ(r.output, "page " + std::to_string(r.sequence));
                delivered.push_back(r.sequence);
            });
        for (std::size_t i = 0; i < 50; ++i) {
            page_job job;
            job.sequence = i;
            job.source = "page " + std::to_string(i);
            runner.submit(std::move(job));
        }
        runner.finish();
        ASSERT_EQ(delivered.size(), 50u) << threads;
        for (std::size_t i = 0; i < delivered.size(); ++i) EXPECT_EQ(delivered[i], i) << threads << " threads";
    }
}

TEST(ordered_runner, the_window_bounds_the_jobs_in_flight) {
    std::size_t in_flight_max = 0;
    std::size_t submitted = 0;
    std::size_t delivered = 0;
    ordered_runner runner(
        2,
        [](page_job&, winnow::extractor&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return job_result{};
        },
        [&](job_result&&) { ++delivered; });
    for (std::size_t i = 0; i < 100; ++i) {
        page_job job;
        job.sequence = i;
        runner.submit(std::move(job));
        ++submitted;
        in_flight_max = std::max(in_flight_max, submitted - delivered);
    }
    runner.finish();
    EXPECT_EQ(delivered, 100u);
    EXPECT_LE(in_flight_max, 8u) << "2 threads, 4 jobs each";
}

TEST(progress_text, counts_rate_errors_and_time_left) {
    run_totals t;
    t.pages = 250;
    t.errors = 1;
    t.bytes = 12'500'000;
    EXPECT_EQ(progress_text(t, 1000, 0, 0, 10.0), "250/1,000 pages, 25 pages/s, 12.5 MB, 1 error, 0:30 left");
    // Without a page count, the time left comes from the bytes of the inputs read.
    EXPECT_EQ(progress_text(t, std::nullopt, 50, 200, 10.0), "250 pages, 25 pages/s, 12.5 MB, 1 error, 0:30 left");
    EXPECT_EQ(progress_text(t, std::nullopt, 0, 0, 10.0), "250 pages, 25 pages/s, 12.5 MB, 1 error");
}

TEST(summary_line, says_pages_articles_empty_errors_skipped_and_time) {
    run_totals t;
    t.pages = 1234;
    t.articles = 1200;
    t.empty = 30;
    t.errors = 4;
    skipped_records skipped;
    EXPECT_EQ(summary_line(t, skipped, 2.0), "1,234 pages: 1,200 articles, 30 empty, 4 errors; 2.00 s, 617 pages/s");
    skipped.not_response = 40;
    skipped.not_ok = 12;
    skipped.not_a_page = 5;
    EXPECT_EQ(summary_line(t, skipped, 2.0),
              "1,234 pages: 1,200 articles, 30 empty, 4 errors; 57 WARC records skipped (40 not responses, 12 not "
              "status 200, 5 not pages); 2.00 s, 617 pages/s");
    EXPECT_EQ(summary_line(t, {}, 0.5), "1,234 pages: 1,200 articles, 30 empty, 4 errors; 0.50 s, 2,468 pages/s")
        << "thousands in the rate as in the counts";
    EXPECT_EQ(progress_text(t, std::nullopt, 0, 0, 0.5).substr(0, 29), "1,234 pages, 2,468 pages/s, 0");
}

}  // namespace
