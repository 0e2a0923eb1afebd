// A small Prometheus metrics registry: counters, gauges and histograms, alone or in families with labels,
// rendered in the text exposition format (version 0.0.4) for /metrics.
//
// Updates are lock-free atomics, so extraction threads count without contention; a family takes a mutex
// only to find or create a labelled child. References returned by a family stay valid until that child
// is removed (replace() or remove()), which only the owner of gauges that come and go (per-partition lag)
// does.
//
//     registry r;
//     auto& pages = r.add_counter("winnow_pages_in_total", "Pages consumed");
//     auto& dead = r.add_counter_family("winnow_pages_dead_lettered_total", "Pages dead-lettered", {"reason"});
//     pages.inc(); dead.with({"input_too_large"}).inc();
//     std::string text = r.render();
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::worker {

class counter {
public:
    void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    [[nodiscard]] std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

/// A whole-numbered gauge; `unit` scales it when rendered (a gauge of milliseconds with unit 0.001 is
/// shown in seconds, Prometheus' base unit).
class gauge {
public:
    explicit gauge(double unit = 1) noexcept : unit_(unit) {}
    void set(std::int64_t v) noexcept { value_.store(v, std::memory_order_relaxed); }
    void add(std::int64_t d) noexcept { value_.fetch_add(d, std::memory_order_relaxed); }
    [[nodiscard]] std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }
    [[nodiscard]] double rendered() const noexcept { return static_cast<double>(value()) * unit_; }

private:
    std::atomic<std::int64_t> value_{0};
    double unit_;
};

class histogram {
public:
    /// `bounds`: the upper bounds of the buckets, ascending; +Inf is implied.
    explicit histogram(std::vector<double> bounds);
    void observe(double v) noexcept;
    [[nodiscard]] const std::vector<double>& bounds() const noexcept { return bounds_; }
    /// Cumulative counts per bound, then the total (the +Inf bucket).
    [[nodiscard]] std::vector<std::uint64_t> cumulative_counts() const;
    [[nodiscard]] double sum() const noexcept { return sum_.load(std::memory_order_relaxed); }
    [[nodiscard]] std::uint64_t count() const noexcept { return count_.load(std::memory_order_relaxed); }

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;   // non-cumulative, one per bound
    std::atomic<double> sum_{0};
    std::atomic<std::uint64_t> count_{0};
};

enum class metric_type { counter, gauge, histogram };

/// The label values of one child of a family, in the order of the family's label names.
using label_values = std::vector<std::string>;

/// A metric with labels: one child per distinct set of label values.
template <class Metric>
class family {
public:
    family(std::vector<std::string> label_names, std::vector<double> histogram_bounds = {})
        : label_names_(std::move(label_names)), bounds_(std::move(histogram_bounds)) {}

    /// The child with these label values, created at zero on first use.
    Metric& with(const label_values& values);
    /// Removes one child.
    void remove(const label_values& values);
    /// Replaces every child by the given set (gauges that describe a changing set, such as per-partition lag).
    void replace(const std::map<label_values, std::int64_t>& values) requires std::is_same_v<Metric, gauge>;

    [[nodiscard]] const std::vector<std::string>& label_names() const noexcept { return label_names_; }
    /// Calls f(values, metric) for each child, in label order, under the family's lock.
    template <class F>
    void for_each(F&& f) const {
        const std::lock_guard lock(mutex_);
        for (const auto& [values, metric] : children_) f(values, *metric);
    }

private:
    std::unique_ptr<Metric> make() const;

    std::vector<std::string> label_names_;
    std::vector<double> bounds_;
    mutable std::mutex mutex_;
    std::map<label_values, std::unique_ptr<Metric>> children_;
};

class registry {
public:
    registry();
    ~registry();
    registry(const registry&) = delete;
    registry& operator=(const registry&) = delete;

    counter& add_counter(std::string name, std::string help);
    gauge& add_gauge(std::string name, std::string help, double unit = 1);
    histogram& add_histogram(std::string name, std::string help, std::vector<double> bounds);
    family<counter>& add_counter_family(std::string name, std::string help, std::vector<std::string> labels);
    family<gauge>& add_gauge_family(std::string name, std::string help, std::vector<std::string> labels);

    /// Every metric in the Prometheus text format, in registration order.
    [[nodiscard]] std::string render() const;

private:
    struct entry;
    std::vector<std::unique_ptr<entry>> entries_;
};

/// Escapes a label value for the text format: backslash, double quote and newline.
[[nodiscard]] std::string escape_label_value(std::string_view value);
/// A sample value as Prometheus writes it ("+Inf", integers without a fraction).
[[nodiscard]] std::string format_sample(double value);

}  // namespace winnow::worker
