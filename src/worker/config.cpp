#include "worker/config.hpp"

#include <librdkafka/rdkafka.h>
#include <unistd.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "worker/cpus.hpp"

extern char** environ;

namespace winnow::worker {

std::string_view to_string(delivery_mode m) noexcept {
    return m == delivery_mode::exactly_once ? "exactly-once" : "at-least-once";
}

std::string_view to_string(origin o) noexcept {
    switch (o) {
        case origin::default_value: return "default";
        case origin::file: return "file";
        case origin::environment: return "environment";
        case origin::flag: return "flag";
    }
    return "default";
}

namespace {

struct key_spec {
    std::string key;
    std::string flag;           // empty: set with --set KEY=VALUE only
    std::string fallback;       // the default value
    std::string help;
    bool boolean = false;       // the flag alone means true
};

const std::vector<key_spec>& key_specs() {
    static const std::vector<key_spec> specs = [] {
        const winnow::limits l;
        const worker_config d;
        auto ms = [](std::chrono::milliseconds v) { return std::to_string(v.count()); };
        return std::vector<key_spec>{
            {"brokers", "--brokers", "", "Kafka bootstrap servers, host:port[,host:port...] (required)"},
            {"input.topic", "--input-topic", "", "input topic(s), comma-separated (required)"},
            {"output.topic", "--output-topic", "", "output topic for articles (required)"},
            {"dlq.topic", "--dlq-topic", "", "dead-letter topic (required)"},
            {"group", "--group", d.group, "consumer group id"},
            {"delivery", "--delivery", "at-least-once", "at-least-once | exactly-once"},
            {"threads", "--threads", "0", "extraction threads; 0: one per CPU the process may use (affinity, cgroup quota)"},
            {"http", "--http", "0.0.0.0:8080", "HTTP endpoint ADDR:PORT (port 0 picks a free port); off disables it"},
            {"log_level", "--log-level", "info", "debug | info | warn | error"},
            {"input.format", "--input-format", "raw", "raw (the value is the page) | json (an envelope)"},
            {"input.mode", "--mode", "auto", "auto | html | text: how a raw page is read"},
            {"input.max_bytes", "--max-page-bytes", std::to_string(d.max_page_bytes),
             "largest page accepted, compressed and decompressed; larger pages are dead letters"},
            {"input.url_header", "", d.url_header, "input header holding the page URL"},
            {"input.content_type_header", "", d.content_type_header, "input header whose charset= is the page's charset"},
            {"input.envelope.url", "", "url", "envelope field: the page URL"},
            {"input.envelope.html", "", "html", "envelope field: the page as HTML"},
            {"input.envelope.text", "", "text", "envelope field: the page as flattened text"},
            {"input.envelope.encoding", "", "encoding", "envelope field: the page's charset label"},
            {"output.format", "--output-format", "json", "json | text | markdown"},
            {"output.pass_headers", "--pass-headers", "", "input headers copied to the output, comma-separated"},
            {"output.max_bytes", "", std::to_string(d.max_output_bytes),
             "largest article published; a larger one is a dead letter (output_too_large)"},
            {"output.captions", "--captions", "false", "keep figure captions in the body", true},
            {"dlq.empty_articles", "--dlq-empty", "false", "dead-letter pages whose article is empty", true},
            {"limits.max_tokens", "", std::to_string(l.max_tokens), "core limit: tokens per page"},
            {"limits.max_attributes_per_tag", "", std::to_string(l.max_attributes_per_tag), "core limit: attributes per tag"},
            {"limits.max_attribute_bytes", "", std::to_string(l.max_attribute_bytes), "core limit: bytes per attribute"},
            {"limits.max_nesting_depth", "", std::to_string(l.max_nesting_depth), "core limit: element nesting followed"},
            {"limits.max_blocks", "", std::to_string(l.max_blocks), "core limit: blocks per page"},
            {"limits.max_page_ms", "", std::to_string(l.max_page_ms),
             "core limit: milliseconds one page may take; past it the page is a dead letter (timeout); 0: none"},
            {"in_flight.max_messages", "--max-in-flight", std::to_string(d.max_in_flight_messages),
             "pages consumed and not yet delivered before partitions are paused"},
            {"in_flight.max_bytes", "--max-in-flight-bytes", std::to_string(d.max_in_flight_bytes),
             "bytes of those pages before partitions are paused; also sizes librdkafka's queues"},
            {"commit_interval_ms", "", ms(d.commit_interval), "offset commit (or transaction) interval"},
            {"statistics_interval_ms", "", ms(d.statistics_interval), "librdkafka statistics interval (consumer lag); 0 disables"},
            {"rebalance.drain_timeout_ms", "", ms(d.rebalance_drain_timeout), "how long a revocation waits for its partitions' pages"},
            {"shutdown.drain_timeout_ms", "", ms(d.drain_timeout), "how long shutdown waits for pages in flight"},
            {"shutdown.flush_timeout_ms", "", ms(d.flush_timeout), "how long shutdown waits for deliveries"},
            {"shutdown.timeout_ms", "", ms(d.shutdown_timeout), "hard deadline of the whole shutdown; then exit 1"},
            {"stall.timeout_ms", "", ms(d.stall_timeout),
             "a partition with records waiting and no fetch progress for this long is reported stalled (/readyz, "
             "metrics); 0 disables (needs statistics_interval_ms)"},
            {"transactional_id", "", "", "exactly-once: transactional.id (default winnow-GROUP-HOSTNAME)"},
        };
    }();
    return specs;
}

const key_spec* find_key(std::string_view key) {
    for (const auto& s : key_specs())
        if (s.key == key) return &s;
    return nullptr;
}

bool is_kafka_key(std::string_view key) {
    for (std::string_view prefix : {"kafka.", "consumer.", "producer."})
        if (key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix) return true;
    return false;
}

void check_key(std::string_view key, std::string_view where) {
    if (find_key(key) || is_kafka_key(key)) return;
    throw config_error("unknown setting '" + std::string(key) + "'" + (where.empty() ? "" : " in " + std::string(where)));
}

std::string env_name(std::string_view key) {
    std::string name = "WINNOW_";
    for (const char c : key) name.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return name;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        const auto comma = s.find(',');
        std::string item = trim(s.substr(0, comma));
        if (!item.empty()) out.push_back(std::move(item));
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

// The configuration file is read as a stream of parser events, never as a node graph: a document of a
// few hundred bytes can describe a graph of billions of nodes through aliases, or a cycle, and a walk over
// it never ends. So anchors and aliases are refused outright, nesting and the number of settings are
// bounded, and every key is seen once (a duplicate, or "a.b:" beside "a: {b:}", is an error). yaml-cpp's
// own recursion stops at a depth of 500.
class settings_handler final : public YAML::EventHandler {
public:
    static constexpr std::size_t max_depth = 16;
    static constexpr std::size_t max_settings = 10'000;

    settings_handler(setting_map& into, std::string_view file) : into_(into), file_(file) {}

    void OnDocumentStart(const YAML::Mark& m) override {
        if (documents_++ > 0) fail(m, "one YAML document expected");
    }
    void OnDocumentEnd() override {}
    void OnAnchor(const YAML::Mark& m, const std::string&) override { fail(m, "anchors (&) are not allowed"); }
    void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { fail(m, "aliases (*) are not allowed"); }
    void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override { scalar(m, anchor, nullptr); }
    void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
        scalar(m, anchor, &value);
    }
    void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open(m, anchor, true);
    }
    void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open(m, anchor, false);
    }
    void OnSequenceEnd() override {
        frame f = std::move(frames_.back());
        frames_.pop_back();
        put(f.mark, f.prefix, std::move(f.joined));
        if (!frames_.empty()) frames_.back().have_key = false;
    }
    void OnMapEnd() override {
        frames_.pop_back();
        if (!frames_.empty()) frames_.back().have_key = false;
    }

private:
    struct frame {
        bool sequence = false;
        std::string prefix;                    // the dotted key of this mapping or list
        YAML::Mark mark;
        bool have_key = false;                 // a mapping: the key of the next value was read
        std::string key;
        std::set<std::string> seen;            // a mapping: its keys so far
        std::string joined;                    // a list: its items, comma-separated
        bool any = false;
    };

    [[noreturn]] void fail(const YAML::Mark& m, std::string_view what) const {
        throw config_error(std::string(file_) + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) +
                           ": " + std::string(what));
    }
    void no_anchor(const YAML::Mark& m, YAML::anchor_t anchor) const {
        if (anchor != YAML::NullAnchor) fail(m, "anchors (&) are not allowed");
    }
    static std::string child(const frame& f) { return f.prefix.empty() ? f.key : f.prefix + "." + f.key; }

    void open(const YAML::Mark& m, YAML::anchor_t anchor, bool sequence) {
        no_anchor(m, anchor);
        std::string prefix;
        if (frames_.empty()) {
            if (sequence) fail(m, "a mapping of settings expected");
        } else {
            const frame& f = frames_.back();
            if (f.sequence) fail(m, "'" + f.prefix + "': a list of plain values expected");
            if (!f.have_key) fail(m, "a setting's name must be a plain value");
            prefix = child(f);
        }
        if (frames_.size() >= max_depth) fail(m, "settings nested deeper than " + std::to_string(max_depth));
        frame f;
        f.sequence = sequence;
        f.prefix = std::move(prefix);
        f.mark = m;
        frames_.push_back(std::move(f));
    }

    void put(const YAML::Mark& m, const std::string& key, std::string value) {
        if (++settings_ > max_settings) fail(m, "more than " + std::to_string(max_settings) + " settings");
        if (!keys_.insert(key).second) fail(m, "setting '" + key + "' given twice");
        check_key(key, file_);
        into_[key] = {std::move(value), origin::file};
    }

    void scalar(const YAML::Mark& m, YAML::anchor_t anchor, const std::string* value) {
        no_anchor(m, anchor);
        if (frames_.empty()) {
            if (value) fail(m, "a mapping of settings expected");
            return;   // an empty document
        }
        frame& f = frames_.back();
        if (f.sequence) {
            if (!value) fail(m, "'" + f.prefix + "': an empty list item");
            if (f.any) f.joined += ',';
            f.joined += *value;
            f.any = true;
        } else if (!f.have_key) {
            if (!value || value->empty()) fail(m, "a setting without a name");
            if (!f.seen.insert(*value).second) fail(m, "duplicate key '" + *value + "'");
            f.key = *value;
            f.have_key = true;
        } else {
            if (value) put(m, child(f), *value);   // "key:" alone leaves the setting at its default
            f.have_key = false;
        }
    }

    setting_map& into_;
    std::string_view file_;
    std::vector<frame> frames_;
    std::set<std::string> keys_;
    std::size_t settings_ = 0;
    int documents_ = 0;
};

// Typed readers over the merged settings.
class reader {
public:
    explicit reader(const setting_map& settings) {
        for (const auto& s : key_specs()) values_[s.key] = {s.fallback, origin::default_value};
        for (const auto& [k, v] : settings) values_[k] = v;
    }

    const std::string& text(const std::string& key) const { return values_.at(key).first; }

    std::uint64_t count(const std::string& key, std::uint64_t min, std::uint64_t max) const {
        const std::string& v = text(key);
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || end != v.data() + v.size() || v.empty())
            throw config_error(key + ": '" + v + "' is not a whole number");
        if (n < min || n > max)
            throw config_error(key + ": " + v + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
        return n;
    }

    std::size_t size(const std::string& key, std::uint64_t min, std::uint64_t max) const {
        return static_cast<std::size_t>(count(key, min, max));
    }

    std::chrono::milliseconds duration(const std::string& key, std::uint64_t min = 1) const {
        return std::chrono::milliseconds(static_cast<std::int64_t>(count(key, min, 86'400'000)));
    }

    bool boolean(const std::string& key) const {
        std::string v = text(key);
        std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
        if (v == "false" || v == "no" || v == "off" || v == "0" || v.empty()) return false;
        throw config_error(key + ": '" + text(key) + "' is not a boolean (true or false)");
    }

    [[noreturn]] void bad_choice(const std::string& key, std::string_view choices) const {
        throw config_error(key + ": '" + text(key) + "' is not one of " + std::string(choices));
    }

    const setting_map& all() const { return values_; }

private:
    setting_map values_;
};

std::string hostname() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || !name[0]) return "localhost";
    return name;
}

void parse_http(const std::string& value, worker_config& c) {
    if (value == "off" || value == "none" || value == "false") {
        c.http_enabled = false;
        return;
    }
    const auto colon = value.rfind(':');
    if (colon == std::string::npos) throw config_error("http: '" + value + "' is not ADDR:PORT");
    std::string host = value.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";
    const std::string port = value.substr(colon + 1);
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || n > 65535)
        throw config_error("http: '" + port + "' is not a port number");
    c.http_host = host;
    c.http_port = static_cast<std::uint16_t>(n);
}

// Properties that winnow's delivery guarantees depend on: the user may not change them.
void check_managed(const kafka_properties& props) {
    for (const auto& [k, v] : props) {
        if (k == "enable.auto.offset.store" && v != "false")
            throw config_error("enable.auto.offset.store is managed by winnow: offsets are stored only when delivered");
        if (k == "enable.auto.commit" && v != "false")
            throw config_error("enable.auto.commit is managed by winnow: it commits on an interval, on revocation and on close");
        if (k == "group.id") throw config_error("set the consumer group with group (--group), not group.id");
    }
}

/// Properties in the order first given, each once; setting one again replaces its value in place. The
/// index keeps a merge of many properties linear.
class property_list {
public:
    explicit property_list(kafka_properties initial) {
        for (auto& [k, v] : initial) set(std::move(k), std::move(v));
    }
    void set(std::string key, std::string value) {
        const auto [it, fresh] = index_.try_emplace(key, list_.size());
        if (fresh) list_.emplace_back(std::move(key), std::move(value));
        else list_[it->second].second = std::move(value);
    }
    kafka_properties take() && { return std::move(list_); }

private:
    kafka_properties list_;
    std::unordered_map<std::string, std::size_t> index_;
};

std::optional<std::int64_t> whole_number(std::string_view text) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return n;
}

bool looks_numeric(std::string_view text) {
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void ignore_log(const rd_kafka_t*, int, const char*, const char*) {}

// librdkafka checks names and values one at a time when they are set, the ones that depend on each other
// (receive.message.max.bytes against fetch.max.bytes, ...) only when a client is made; and it reads an
// integer past its range by wrapping it (4303355904 becomes 8388608). So every whole number is read back,
// and a client is made, without brokers to connect to, to run the rest of its checks: a configuration
// that passes here does not fail at start-up.
void validate_properties(const kafka_properties& props, std::string_view client, rd_kafka_type_t type) {
    std::unique_ptr<rd_kafka_conf_t, decltype(&rd_kafka_conf_destroy)> conf(rd_kafka_conf_new(), &rd_kafka_conf_destroy);
    char error[512];
    for (const auto& [k, v] : props) {
        if (k == "bootstrap.servers" || k == "metadata.broker.list") continue;
        if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK)
            throw config_error(std::string(client) + " property " + k + ": " + error);
        if (!looks_numeric(v)) continue;
        char stored[64];
        std::size_t size = sizeof stored;
        if (rd_kafka_conf_get(conf.get(), k.c_str(), stored, &size) != RD_KAFKA_CONF_OK) continue;
        const auto given = whole_number(v);
        const auto kept = whole_number(stored);
        if (!given || (kept && *kept != *given))
            throw config_error(std::string(client) + " property " + k + ": " + v + " is out of the range librdkafka takes");
    }
    rd_kafka_conf_set_log_cb(conf.get(), &ignore_log);
    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), error, sizeof error);
    if (!rk) throw config_error(std::string(client) + " configuration: " + error);
    (void)conf.release();   // the client owns it now
    rd_kafka_destroy(rk);
}

}  // namespace

bool is_secret(std::string_view key) noexcept {
    for (std::string_view word : {"password", "secret", "sasl.oauthbearer.config", "ssl.key.pem", "ssl_key"})
        if (key.find(word) != std::string_view::npos) return true;
    return false;
}

run_arguments parse_run_arguments(std::span<const std::string_view> args) {
    run_arguments out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        std::string_view name = a;
        std::optional<std::string> inline_value;
        if (a.size() > 2 && a.substr(0, 2) == "--") {
            if (const auto eq = a.find('='); eq != std::string_view::npos) {
                name = a.substr(0, eq);
                inline_value = std::string(a.substr(eq + 1));
            }
        }
        auto value = [&]() -> std::string {
            if (inline_value) return *inline_value;
            if (i + 1 >= args.size()) throw config_error(std::string(name) + " needs a value");
            return std::string(args[++i]);
        };
        auto assignment = [&](std::string_view what, const std::string& text) -> std::pair<std::string, std::string> {
            const auto eq = text.find('=');
            if (eq == std::string::npos || eq == 0)
                throw config_error(std::string(what) + " takes KEY=VALUE, not '" + text.substr(0, eq) + "'");
            return {text.substr(0, eq), text.substr(eq + 1)};
        };
        if (a == "-h" || a == "--help") {
            out.help = true;
        } else if (name == "--check-config") {
            out.check_config = true;
        } else if (name == "--config" || name == "-c") {
            out.config_file = value();
        } else if (a == "-X" || (a.size() > 2 && a.substr(0, 2) == "-X")) {
            const std::string text = a == "-X" ? value() : std::string(a.substr(2));
            auto [k, v] = assignment("-X", text);
            out.flags["kafka." + k] = {v, origin::flag};
        } else if (name == "--set") {
            auto [k, v] = assignment("--set", value());
            check_key(k, {});
            out.flags[k] = {v, origin::flag};
        } else {
            const key_spec* spec = nullptr;
            for (const auto& s : key_specs())
                if (!s.flag.empty() && s.flag == name) spec = &s;
            // The name only: a mistyped flag may carry a secret after its '='.
            if (!spec) throw config_error("unknown option '" + std::string(name) + "'");
            out.flags[spec->key] = {spec->boolean && !inline_value ? std::string("true") : value(), origin::flag};
        }
    }
    return out;
}

void merge_yaml(setting_map& into, std::string_view yaml_text, std::string_view file_name) {
    if (yaml_text.size() > max_config_bytes)
        throw config_error(std::string(file_name) + ": larger than " + std::to_string(max_config_bytes) + " bytes");
    setting_map read;   // merged only when the whole file is good
    try {
        std::istringstream in{std::string(yaml_text)};
        YAML::Parser parser(in);
        settings_handler handler(read, file_name);
        while (parser.HandleNextDocument(handler)) {
        }
    } catch (const YAML::Exception& e) {
        throw config_error(std::string(file_name) + ": " + e.what());
    }
    for (auto& [key, value] : read) into[key] = std::move(value);
}

void merge_environment(setting_map& into, const std::map<std::string, std::string>& environment) {
    for (const auto& s : key_specs()) {
        if (const auto it = environment.find(env_name(s.key)); it != environment.end())
            into[s.key] = {it->second, origin::environment};
    }
    constexpr std::string_view prefix = "WINNOW_X_";
    for (const auto& [name, v] : environment) {
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::string property;
        for (const char c : name.substr(prefix.size()))
            property.push_back(c == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        into["kafka." + property] = {v, origin::environment};
    }
}

std::map<std::string, std::string> process_environment() {
    std::map<std::string, std::string> out;
    for (char** e = environ; e && *e; ++e) {
        const std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string_view::npos) out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return out;
}

worker_config build_config(const setting_map& settings) {
    const reader r(settings);
    worker_config c;

    c.brokers = trim(r.text("brokers"));
    c.input_topics = split_list(r.text("input.topic"));
    c.output_topic = trim(r.text("output.topic"));
    c.dlq_topic = trim(r.text("dlq.topic"));
    c.group = trim(r.text("group"));

    for (const auto& [k, v] : r.all()) {
        if (k.starts_with("kafka.")) c.kafka.emplace_back(k.substr(6), v.first);
        else if (k.starts_with("consumer.")) c.consumer.emplace_back(k.substr(9), v.first);
        else if (k.starts_with("producer.")) c.producer.emplace_back(k.substr(9), v.first);
    }
    const auto given_bootstrap = [&](const kafka_properties& props) {
        return std::any_of(props.begin(), props.end(), [](const auto& p) {
            return p.first == "bootstrap.servers" || p.first == "metadata.broker.list";
        });
    };
    if (c.brokers.empty() && !given_bootstrap(c.kafka))
        throw config_error("brokers is required (--brokers, WINNOW_BROKERS or brokers: in the file)");
    if (c.input_topics.empty()) throw config_error("input.topic is required (--input-topic)");
    if (c.output_topic.empty()) throw config_error("output.topic is required (--output-topic)");
    if (c.dlq_topic.empty()) throw config_error("dlq.topic is required (--dlq-topic): failed pages are never dropped");
    if (c.group.empty()) throw config_error("group must not be empty");
    for (const auto& t : c.input_topics) {
        if (t == c.output_topic) throw config_error("output.topic must differ from the input topic '" + t + "'");
        if (t == c.dlq_topic) throw config_error("dlq.topic must differ from the input topic '" + t + "'");
    }

    if (const auto& d = r.text("delivery"); d == "at-least-once") c.delivery = delivery_mode::at_least_once;
    else if (d == "exactly-once") c.delivery = delivery_mode::exactly_once;
    else r.bad_choice("delivery", "at-least-once, exactly-once");

    const auto threads = r.count("threads", 0, 1024);
    c.threads = threads ? static_cast<unsigned>(threads) : available_cpus();

    parse_http(trim(r.text("http")), c);
    if (const auto level = parse_log_level(r.text("log_level"))) c.level = *level;
    else r.bad_choice("log_level", "debug, info, warn, error");

    if (const auto& f = r.text("input.format"); f == "raw") c.format = input_format::raw;
    else if (f == "json") c.format = input_format::json;
    else r.bad_choice("input.format", "raw, json");
    if (const auto& m = r.text("input.mode"); m == "auto") c.mode = winnow::input_mode::automatic;
    else if (m == "html") c.mode = winnow::input_mode::html;
    else if (m == "text") c.mode = winnow::input_mode::text;
    else r.bad_choice("input.mode", "auto, html, text");
    c.max_page_bytes = r.size("input.max_bytes", 1024, max_page_bytes_limit);
    c.url_header = trim(r.text("input.url_header"));
    c.content_type_header = trim(r.text("input.content_type_header"));
    c.envelope = {trim(r.text("input.envelope.url")), trim(r.text("input.envelope.html")),
                  trim(r.text("input.envelope.text")), trim(r.text("input.envelope.encoding"))};
    if (c.format == input_format::json && (c.envelope.html.empty() || c.envelope.text.empty()))
        throw config_error("input.envelope.html and input.envelope.text must name fields");

    if (const auto& f = r.text("output.format"); f == "json") c.out_format = output_format::json;
    else if (f == "text") c.out_format = output_format::text;
    else if (f == "markdown" || f == "md") c.out_format = output_format::markdown;
    else r.bad_choice("output.format", "json, text, markdown");
    c.pass_headers = split_list(r.text("output.pass_headers"));
    c.max_output_bytes = r.size("output.max_bytes", 1024, max_page_bytes_limit * 2);
    c.captions = r.boolean("output.captions");
    c.dlq_empty_articles = r.boolean("dlq.empty_articles");

    c.limits.max_input_bytes = c.max_page_bytes;
    // The core's bounds, within what its 32-bit indices and linear walks are built for.
    c.limits.max_tokens = r.size("limits.max_tokens", 1, std::uint64_t{1} << 31);
    c.limits.max_attributes_per_tag = r.size("limits.max_attributes_per_tag", 1, 65536);
    c.limits.max_attribute_bytes = r.size("limits.max_attribute_bytes", 1, max_page_bytes_limit);
    c.limits.max_nesting_depth = r.size("limits.max_nesting_depth", 1, 4096);
    c.limits.max_blocks = r.size("limits.max_blocks", 1, 10'000'000);
    c.limits.max_page_ms = static_cast<std::size_t>(r.duration("limits.max_page_ms", 0).count());

    // librdkafka's queue sizes are derived from these (queued.min.messages at most 10 million,
    // queued.max.messages.kbytes at most 2 GiB).
    c.max_in_flight_messages = r.size("in_flight.max_messages", 1, 1'000'000);
    c.max_in_flight_bytes = r.size("in_flight.max_bytes", 64 * 1024, std::uint64_t{2} << 30);
    c.commit_interval = r.duration("commit_interval_ms", 10);
    c.statistics_interval = r.duration("statistics_interval_ms", 0);
    c.rebalance_drain_timeout = r.duration("rebalance.drain_timeout_ms", 0);
    c.drain_timeout = r.duration("shutdown.drain_timeout_ms", 0);
    c.flush_timeout = r.duration("shutdown.flush_timeout_ms", 0);
    c.shutdown_timeout = r.duration("shutdown.timeout_ms", 1000);
    c.stall_timeout = r.duration("stall.timeout_ms", 0);
    if (c.drain_timeout + c.flush_timeout >= c.shutdown_timeout)
        throw config_error("shutdown.drain_timeout_ms + shutdown.flush_timeout_ms must be below shutdown.timeout_ms");

    c.transactional_id = trim(r.text("transactional_id"));
    if (c.delivery == delivery_mode::exactly_once && c.transactional_id.empty())
        c.transactional_id = "winnow-" + c.group + "-" + hostname();

    check_managed(c.kafka);
    check_managed(c.consumer);
    check_managed(c.producer);
    c.settings = r.all();
    c.settings["threads"].first = std::to_string(c.threads);
    if (c.delivery == delivery_mode::exactly_once) c.settings["transactional_id"].first = c.transactional_id;
    validate_properties(consumer_properties(c), "consumer", RD_KAFKA_CONSUMER);
    validate_properties(producer_properties(c), "producer", RD_KAFKA_PRODUCER);
    return c;
}

worker_config load_config(const run_arguments& args, const std::map<std::string, std::string>& environment) {
    setting_map merged;
    std::string file = args.config_file;
    if (file.empty())
        if (const auto it = environment.find("WINNOW_CONFIG"); it != environment.end()) file = it->second;
    if (!file.empty()) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw config_error("cannot read the configuration file " + file);
        std::string text(max_config_bytes + 1, '\0');   // one byte more tells a file that is too large
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
        merge_yaml(merged, text, file);
    }
    merge_environment(merged, environment);
    for (const auto& [k, v] : args.flags) merged[k] = v;
    return build_config(merged);
}

kafka_properties consumer_properties(const worker_config& c, std::size_t largest_record) {
    const std::size_t fetch = std::max<std::size_t>(c.max_page_bytes, 1 << 20);
    // A response holds at least one whole record batch, however large (the broker returns the first batch
    // even past fetch.max.bytes); a response larger than receive.message.max.bytes is refused and the same
    // offset fetched again for ever. librdkafka caps the setting at 2^31 - 1.
    const std::size_t receive =
        std::min<std::size_t>(std::max(fetch, largest_record) + (1 << 20), std::numeric_limits<std::int32_t>::max());
    kafka_properties p = {
        {"client.id", "winnow"},
        {"group.id", c.group},
        // Incremental rebalances: a member joining or leaving does not stop the others' partitions.
        {"partition.assignment.strategy", "cooperative-sticky"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"auto.offset.reset", "earliest"},
        {"enable.partition.eof", "false"},
        {"isolation.level", "read_committed"},
        {"statistics.interval.ms", std::to_string(c.statistics_interval.count())},
        // librdkafka prefetches up to 64 MiB and 100000 messages by default: bound it by the in-flight bound.
        {"queued.max.messages.kbytes", std::to_string(std::max<std::size_t>(1024, c.max_in_flight_bytes / 1024))},
        {"queued.min.messages", std::to_string(c.max_in_flight_messages)},
        {"fetch.max.bytes", std::to_string(fetch)},
        {"receive.message.max.bytes", std::to_string(receive)},
    };
    if (!c.brokers.empty()) p.insert(p.begin(), {"bootstrap.servers", c.brokers});
    property_list merged(std::move(p));
    for (const auto& [k, v] : c.kafka) merged.set(k, v);
    for (const auto& [k, v] : c.consumer) merged.set(k, v);
    return std::move(merged).take();
}

kafka_properties producer_properties(const worker_config& c, std::size_t smallest_topic_limit) {
    // Outputs and dead letters (which carry the original page) wait here while the broker is slow or away:
    // twice the in-flight bound, not librdkafka's 1 GiB default.
    const std::size_t queue_kbytes = std::max<std::size_t>(4096, (2 * c.max_in_flight_bytes + c.max_page_bytes) / 1024);
    // The largest message: a dead letter (the page and its headers) or an article within output.max_bytes.
    const std::size_t max_message = std::min<std::size_t>(
        1'000'000'000, std::max({std::size_t{1'000'000}, 2 * c.max_page_bytes + 65536, c.max_output_bytes + 65536}));
    kafka_properties p = {
        {"client.id", "winnow"},
        {"enable.idempotence", "true"},   // no duplicates or reordering from the producer's own retries
        {"acks", "all"},
        {"linger.ms", "5"},
        {"queue.buffering.max.kbytes", std::to_string(queue_kbytes)},
        {"queue.buffering.max.messages", std::to_string(std::max<std::size_t>(1000, 2 * c.max_in_flight_messages + 100))},
        {"message.max.bytes", std::to_string(max_message)},
        {"statistics.interval.ms", std::to_string(c.statistics_interval.count())},
    };
    if (smallest_topic_limit > 0)   // librdkafka's default batch.size is 1 MB; a record larger goes alone
        p.emplace_back("batch.size", std::to_string(std::clamp<std::size_t>(smallest_topic_limit - std::min<std::size_t>(smallest_topic_limit, 1024), 1, 1'000'000)));
    if (!c.brokers.empty()) p.insert(p.begin(), {"bootstrap.servers", c.brokers});
    if (c.delivery == delivery_mode::at_least_once) {
        // Retry for ever: a broker outage stalls the pipeline (partitions pause) rather than failing pages.
        p.emplace_back("message.timeout.ms", "0");
    } else {
        p.emplace_back("transactional.id", c.transactional_id);
        p.emplace_back("transaction.timeout.ms", "60000");
        p.emplace_back("message.timeout.ms", "60000");
    }
    property_list merged(std::move(p));
    for (const auto& [k, v] : c.kafka) merged.set(k, v);
    for (const auto& [k, v] : c.producer) merged.set(k, v);
    return std::move(merged).take();
}

namespace {

std::string yaml_quote(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string shown(std::string_view key, std::string_view value) {
    return is_secret(key) && !value.empty() ? yaml_quote(masked_value) : yaml_quote(value);
}

}  // namespace

std::string render_config(const worker_config& c) {
    std::string out = "# winnow run: effective configuration (secrets masked); each value's origin in a comment\n";
    for (const auto& s : key_specs()) {
        const auto it = c.settings.find(s.key);
        if (it == c.settings.end()) continue;
        out += s.key + ": " + shown(s.key, it->second.first) + "  # " + std::string(to_string(it->second.second)) + "\n";
    }
    for (std::string_view section : {"kafka", "consumer", "producer"}) {
        bool header = false;
        for (const auto& [k, v] : c.settings) {
            if (k.size() <= section.size() + 1 || k.compare(0, section.size(), section) != 0 || k[section.size()] != '.') continue;
            if (!header) out += std::string(section) + ":\n";
            header = true;
            const std::string property = k.substr(section.size() + 1);
            out += "  " + yaml_quote(property) + ": " + shown(property, v.first) + "  # " + std::string(to_string(v.second)) + "\n";
        }
    }
    auto effective = [&](std::string_view client, const kafka_properties& props) {
        out += "# librdkafka properties of the " + std::string(client) + " (winnow's, then the given ones):\n";
        for (const auto& [k, v] : props) out += "#   " + k + "=" + (is_secret(k) && !v.empty() ? std::string(masked_value) : v) + "\n";
    };
    effective("consumer", consumer_properties(c));
    effective("producer", producer_properties(c));
    return out;
}

std::string run_usage() {
    std::string out = R"(usage: winnow run [--config FILE] [options] [-X PROPERTY=VALUE]... [--check-config]

Consumes raw pages from the input topic, extracts each article and publishes it to the output topic;
pages that cannot be processed go to the dead-letter topic. Runs until SIGTERM or SIGINT.

Settings come from a YAML file (--config FILE or WINNOW_CONFIG), WINNOW_* environment variables and
flags; a flag wins over the environment, which wins over the file. Any setting: --set KEY=VALUE or
WINNOW_<KEY> (upper case, dots as underscores). librdkafka properties: -X PROPERTY=VALUE, WINNOW_X_<PROPERTY>
(dots as underscores), or the kafka:, consumer: and producer: sections of the file.

options:
  --config FILE          the YAML configuration file
  --check-config         validate, print the effective configuration (secrets masked) and exit
  -X PROPERTY=VALUE      a librdkafka property for both clients (sasl.*, ssl.*, ...)
  --set KEY=VALUE        any setting below
  -h, --help             this help

settings (flag, default):
)";
    for (const auto& s : key_specs()) {
        std::string line = "  " + s.key;
        if (!s.flag.empty()) line += " (" + s.flag + ")";
        out += line + "\n      " + s.help + (s.fallback.empty() ? "" : "; default " + s.fallback) + "\n";
    }
    out += R"(
exit status: 0 stopped cleanly; 1 runtime failure (a delivery that could not be made, a fatal Kafka error,
the shutdown deadline passed); 2 bad configuration; 3 fenced by a newer instance (exactly-once);
128+N a second signal N during shutdown.
)";
    return out;
}

}  // namespace winnow::worker
