#include "worker/metrics.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <variant>

namespace winnow::worker {

histogram::histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size())) {
    for (std::size_t i = 0; i < bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void histogram::observe(double v) noexcept {
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
        if (v <= bounds_[i]) {
            buckets_[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
    sum_.fetch_add(v, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<std::uint64_t> histogram::cumulative_counts() const {
    std::vector<std::uint64_t> out;
    out.reserve(bounds_.size() + 1);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
        running += buckets_[i].load(std::memory_order_relaxed);
        out.push_back(running);
    }
    // The total is read last, so +Inf is never below a finite bucket even while threads observe.
    out.push_back(std::max(running, count()));
    return out;
}

template <class Metric>
std::unique_ptr<Metric> family<Metric>::make() const {
    if constexpr (std::is_same_v<Metric, histogram>) return std::make_unique<histogram>(bounds_);
    else return std::make_unique<Metric>();
}

template <class Metric>
Metric& family<Metric>::with(const label_values& values) {
    const std::lock_guard lock(mutex_);
    auto& slot = children_[values];
    if (!slot) slot = make();
    return *slot;
}

template <class Metric>
void family<Metric>::remove(const label_values& values) {
    const std::lock_guard lock(mutex_);
    children_.erase(values);
}

template <class Metric>
void family<Metric>::replace(const std::map<label_values, std::int64_t>& values) requires std::is_same_v<Metric, gauge> {
    const std::lock_guard lock(mutex_);
    children_.clear();
    for (const auto& [labels, v] : values) {
        // Written for any Metric (clang instantiates the body for family<counter> too); only gauges get here.
        auto g = std::make_unique<Metric>();
        if constexpr (std::is_same_v<Metric, gauge>) g->set(v);
        children_.emplace(labels, std::move(g));
    }
}

template class family<counter>;
template class family<gauge>;

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out.push_back(c);
    }
    return out;
}

std::string format_sample(double value) {
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (std::isnan(value)) return "NaN";
    // The shortest text that reads back as the same double: 0.0005, not 0.00050000000000000001.
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

struct registry::entry {
    std::string name;
    std::string help;
    metric_type type;
    std::variant<std::unique_ptr<counter>, std::unique_ptr<gauge>, std::unique_ptr<histogram>,
                 std::unique_ptr<family<counter>>, std::unique_ptr<family<gauge>>>
        metric;
};

registry::registry() = default;
registry::~registry() = default;

counter& registry::add_counter(std::string name, std::string help) {
    auto m = std::make_unique<counter>();
    auto& ref = *m;
    entries_.push_back(std::make_unique<entry>(entry{std::move(name), std::move(help), metric_type::counter, std::move(m)}));
    return ref;
}

gauge& registry::add_gauge(std::string name, std::string help, double unit) {
    auto m = std::make_unique<gauge>(unit);
    auto& ref = *m;
    entries_.push_back(std::make_unique<entry>(entry{std::move(name), std::move(help), metric_type::gauge, std::move(m)}));
    return ref;
}

histogram& registry::add_histogram(std::string name, std::string help, std::vector<double> bounds) {
    auto m = std::make_unique<histogram>(std::move(bounds));
    auto& ref = *m;
    entries_.push_back(std::make_unique<entry>(entry{std::move(name), std::move(help), metric_type::histogram, std::move(m)}));
    return ref;
}

family<counter>& registry::add_counter_family(std::string name, std::string help, std::vector<std::string> labels) {
    auto m = std::make_unique<family<counter>>(std::move(labels));
    auto& ref = *m;
    entries_.push_back(std::make_unique<entry>(entry{std::move(name), std::move(help), metric_type::counter, std::move(m)}));
    return ref;
}

family<gauge>& registry::add_gauge_family(std::string name, std::string help, std::vector<std::string> labels) {
    auto m = std::make_unique<family<gauge>>(std::move(labels));
    auto& ref = *m;
    entries_.push_back(std::make_unique<entry>(entry{std::move(name), std::move(help), metric_type::gauge, std::move(m)}));
    return ref;
}

namespace {

std::string label_text(const std::vector<std::string>& names, const label_values& values) {
    if (names.empty()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += ',';
        out += names[i];
        out += "=\"";
        out += escape_label_value(i < values.size() ? values[i] : std::string());
        out += '"';
    }
    out += '}';
    return out;
}

void sample(std::string& out, std::string_view name, std::string_view labels, double value) {
    out += name;
    out += labels;
    out += ' ';
    out += format_sample(value);
    out += '\n';
}

}  // namespace

std::string registry::render() const {
    std::string out;
    for (const auto& e : entries_) {
        out += "# HELP " + e->name + " " + e->help + "\n";
        out += "# TYPE " + e->name + " ";
        out += e->type == metric_type::counter ? "counter" : e->type == metric_type::gauge ? "gauge" : "histogram";
        out += '\n';
        if (const auto* c = std::get_if<std::unique_ptr<counter>>(&e->metric)) {
            sample(out, e->name, {}, static_cast<double>((*c)->value()));
        } else if (const auto* g = std::get_if<std::unique_ptr<gauge>>(&e->metric)) {
            sample(out, e->name, {}, (*g)->rendered());
        } else if (const auto* h = std::get_if<std::unique_ptr<histogram>>(&e->metric)) {
            const auto counts = (*h)->cumulative_counts();
            const auto& bounds = (*h)->bounds();
            for (std::size_t i = 0; i < counts.size(); ++i) {
                const std::string le = i < bounds.size() ? format_sample(bounds[i]) : "+Inf";
                sample(out, e->name + "_bucket", "{le=\"" + le + "\"}", static_cast<double>(counts[i]));
            }
            sample(out, e->name + "_sum", {}, (*h)->sum());
            sample(out, e->name + "_count", {}, static_cast<double>(counts.back()));
        } else if (const auto* fc = std::get_if<std::unique_ptr<family<counter>>>(&e->metric)) {
            (*fc)->for_each([&](const label_values& values, const counter& m) {
                sample(out, e->name, label_text((*fc)->label_names(), values), static_cast<double>(m.value()));
            });
        } else if (const auto* fg = std::get_if<std::unique_ptr<family<gauge>>>(&e->metric)) {
            (*fg)->for_each([&](const label_values& values, const gauge& m) {
                sample(out, e->name, label_text((*fg)->label_names(), values), m.rendered());
            });
        }
    }
    return out;
}

}  // namespace winnow::worker
