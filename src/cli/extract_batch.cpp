#include "extract_batch.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace winnow::cli {
namespace {

/// Jobs in flight per thread: enough that no thread waits for the reader, few enough that memory stays
/// that of a handful of pages each.
constexpr std::size_t window_per_thread = 4;

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

std::string clock_time(double seconds) {
    const auto s = static_cast<long long>(std::llround(seconds));
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
    return text;
}

}  // namespace

ordered_runner::ordered_runner(std::size_t threads, work_function work, deliver_function deliver)
    : work_(std::move(work)), deliver_(std::move(deliver)) {
    if (threads <= 1) return;
    window_ = threads * window_per_thread;
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { worker_loop(); });
}

ordered_runner::~ordered_runner() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& t : threads_) t.join();
}

void ordered_runner::worker_loop() {
    winnow::extractor extractor;   // one per thread: its buffers are reused from page to page
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        page_job job = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        job_result r = work_(job, extractor);
        r.sequence = job.sequence;
        lock.lock();
        done_.emplace(r.sequence, std::move(r));
        result_ready_.notify_all();
    }
}

void ordered_runner::deliver_ready(std::unique_lock<std::mutex>& lock, bool wait_for_one) {
    for (;;) {
        auto it = done_.find(delivered_);
        if (it == done_.end()) {
            if (!wait_for_one) return;
            result_ready_.wait(lock, [this] { return done_.count(delivered_) != 0; });
            continue;
        }
        job_result r = std::move(it->second);
        done_.erase(it);
        ++delivered_;
        wait_for_one = false;
        lock.unlock();
        deliver_(std::move(r));
        lock.lock();
    }
}

void ordered_runner::submit(page_job&& job) {
    if (threads_.empty()) {
        job_result r = work_(job, inline_extractor_);
        r.sequence = job.sequence;
        ++submitted_;
        ++delivered_;
        deliver_(std::move(r));
        return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.push_back(std::move(job));
    ++submitted_;
    work_ready_.notify_one();
    deliver_ready(lock, false);
    while (submitted_ - delivered_ >= window_) deliver_ready(lock, true);
}

void ordered_runner::finish() {
    if (threads_.empty()) return;
    std::unique_lock<std::mutex> lock(mutex_);
    while (delivered_ < submitted_) deliver_ready(lock, true);
}

progress_line::progress_line(bool enabled) noexcept
    : enabled_(enabled), started_(std::chrono::steady_clock::now()), last_draw_(started_) {}

double progress_line::seconds() const noexcept {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

std::string progress_text(const run_totals& totals, std::optional<std::size_t> total_pages, std::uint64_t bytes_read,
                          std::uint64_t total_bytes, double seconds) {
    const double rate = seconds > 0 ? static_cast<double>(totals.pages) / seconds : 0;
    std::string text = with_commas(totals.pages);
    if (total_pages) text += "/" + with_commas(*total_pages);
    text += " pages, " + with_commas(static_cast<std::size_t>(std::llround(rate))) + " pages/s, " + megabytes(totals.bytes) + ", " +
            with_commas(totals.errors) + (totals.errors == 1 ? " error" : " errors");
    // Time left: by pages when their number is known, else by the bytes of the input files.
    double done = -1;
    if (total_pages && *total_pages > 0) done = static_cast<double>(totals.pages) / static_cast<double>(*total_pages);
    else if (total_bytes > 0) done = static_cast<double>(bytes_read) / static_cast<double>(total_bytes);
    if (done > 0 && done < 1 && seconds > 0.5) text += ", " + clock_time(seconds * (1 - done) / done) + " left";
    return text;
}

void progress_line::update(const run_totals& totals, std::optional<std::size_t> total_pages, std::uint64_t bytes_read,
                           std::uint64_t total_bytes, bool force) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    // \r and "erase to the end of the line": the line is redrawn in place.
    std::fprintf(stderr, "\r%s\x1b[K", progress_text(totals, total_pages, bytes_read, total_bytes, seconds()).c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void progress_line::clear() {
    if (!enabled_ || !drawn_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
}

std::string summary_line(const run_totals& totals, const skipped_records& skipped, double seconds) {
    std::string text = with_commas(totals.pages) + (totals.pages == 1 ? " page: " : " pages: ") +
                       with_commas(totals.articles) + (totals.articles == 1 ? " article, " : " articles, ") +
                       with_commas(totals.empty) + " empty, " + with_commas(totals.errors) +
                       (totals.errors == 1 ? " error" : " errors");
    if (skipped.total() > 0)
        text += "; " + with_commas(skipped.total()) + " WARC records skipped (" + with_commas(skipped.not_response) +
                " not responses, " + with_commas(skipped.not_ok) + " not status 200, " + with_commas(skipped.not_a_page) +
                " not pages)";
    char time_text[64];
    std::snprintf(time_text, sizeof time_text, "; %.2f s, ", seconds);
    const double rate = seconds > 0 ? static_cast<double>(totals.pages) / seconds : 0.0;
    return text + time_text + with_commas(static_cast<std::size_t>(std::llround(rate))) + " pages/s";
}

}  // namespace winnow::cli
