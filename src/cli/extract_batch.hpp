// Running `winnow extract` over many pages: N threads, each with its own extractor, results handed out in
// input order; and the progress line and summary a batch user watches on the terminal.
//
//     ordered_runner runner(threads, [&](page_job& job, winnow::extractor& x) { return work(job, x); },
//                           [&](job_result&& r) { write(r); });
//     while (reader.next(job)) runner.submit(std::move(job));   // blocks while the window is full
//     runner.finish();
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "extract_inputs.hpp"
#include "winnow/extract.hpp"

namespace winnow::cli {

enum class job_outcome { article, empty, failed };

/// What one page gave: the bytes for the output, the lines for standard error, how it went.
struct job_result {
    std::size_t sequence = 0;
    std::string output;
    std::string output_name;   ///< for --output-dir
    std::string diagnostics;   ///< lines for standard error, each ending in '\n'
    job_outcome outcome = job_outcome::failed;
    std::uint64_t input_bytes = 0;
};

class ordered_runner {
public:
    using work_function = std::function<job_result(page_job&, winnow::extractor&)>;
    using deliver_function = std::function<void(job_result&&)>;

    /// With threads <= 1 every job runs on the caller's thread, in submit(). Results reach `deliver` on the
    /// caller's thread, in the order the jobs were submitted.
    ordered_runner(std::size_t threads, work_function work, deliver_function deliver);
    ~ordered_runner();
    ordered_runner(const ordered_runner&) = delete;
    ordered_runner& operator=(const ordered_runner&) = delete;

    /// Queues a job; while more than the window's jobs are in flight, delivers finished ones in order.
    void submit(page_job&& job);
    /// Waits for every job and delivers what is left.
    void finish();

private:
    void worker_loop();
    void deliver_ready(std::unique_lock<std::mutex>& lock, bool wait_for_one);

    work_function work_;
    deliver_function deliver_;
    std::size_t window_ = 1;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable result_ready_;
    std::deque<page_job> queue_;
    std::map<std::size_t, job_result> done_;
    std::size_t submitted_ = 0;
    std::size_t delivered_ = 0;
    bool stopping_ = false;
    winnow::extractor inline_extractor_;   ///< threads <= 1
};

/// Counts of a run, for the progress line and the summary.
struct run_totals {
    std::size_t pages = 0;
    std::size_t articles = 0;
    std::size_t empty = 0;
    std::size_t errors = 0;
    std::uint64_t bytes = 0;
    void add(const job_result& r) noexcept {
        ++pages;
        bytes += r.input_bytes;
        if (r.outcome == job_outcome::article) ++articles;
        else if (r.outcome == job_outcome::empty) ++empty;
        else ++errors;
    }
};

/// The progress line on standard error (when it is a terminal): pages, pages/s, bytes, errors, and the
/// time left where the total is known (pages, or bytes of the inputs). Redrawn at most ten times a second.
class progress_line {
public:
    explicit progress_line(bool enabled) noexcept;
    void update(const run_totals& totals, std::optional<std::size_t> total_pages, std::uint64_t bytes_read,
                std::uint64_t total_bytes, bool force = false);
    /// Clears the line, so that what follows starts on a clean one.
    void clear();
    [[nodiscard]] bool enabled() const noexcept { return enabled_; }
    [[nodiscard]] double seconds() const noexcept;

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point last_draw_;
};

/// "1,234 pages: 1,200 articles, 30 empty, 4 errors; 57 WARC records skipped (40 not responses, 12 not 200,
/// 5 not pages); 3.2 s, 385 pages/s".
[[nodiscard]] std::string summary_line(const run_totals& totals, const skipped_records& skipped, double seconds);

/// The progress line's text for these figures (no terminal codes): for tests and the meter itself.
[[nodiscard]] std::string progress_text(const run_totals& totals, std::optional<std::size_t> total_pages,
                                        std::uint64_t bytes_read, std::uint64_t total_bytes, double seconds);

}  // namespace winnow::cli
