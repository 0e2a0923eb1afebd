#include "worker/pipeline.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <set>

#include "worker/statistics.hpp"
#include "winnow/version.hpp"

namespace winnow::worker {

using namespace std::chrono_literals;

struct pipeline::work_item {
    std::uint64_t id = 0;
    std::uint64_t generation = 0;
    std::uint64_t txn = 0;            // exactly-once: the transaction it was produced in
    kafka::message_copy message;
    processing_result result;         // written by an extraction thread before the item is handed back
    std::size_t bytes = 0;
    std::chrono::steady_clock::time_point received;
    bool ready = false;
    bool accounted = false;
};

worker_metrics::worker_metrics(registry& r)
    : pages_in(r.add_counter("winnow_pages_in_total", "Pages consumed from the input topics.")),
      bytes_in(r.add_counter("winnow_bytes_in_total", "Bytes of page values consumed.")),
      pages_out(r.add_counter("winnow_pages_out_total", "Articles delivered to the output topic.")),
      bytes_out(r.add_counter("winnow_bytes_out_total", "Bytes of articles delivered to the output topic.")),
      dead_letters(r.add_counter_family("winnow_pages_dead_lettered_total",
                                        "Pages delivered to the dead-letter topic, by reason.", {"reason"})),
      extraction_seconds(r.add_histogram("winnow_extraction_seconds", "Time the core spent extracting one page.",
                                         {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5})),
      consumer_lag(r.add_gauge_family("winnow_consumer_lag",
                                      "Messages between the committed offset and the high watermark of each assigned "
                                      "partition (librdkafka statistics).",
                                      {"topic", "partition"})),
      in_flight_pages(r.add_gauge("winnow_in_flight_pages", "Pages consumed and not yet delivered.")),
      in_flight_bytes(r.add_gauge("winnow_in_flight_bytes", "Bytes of the pages in flight.")),
      oldest_in_flight(r.add_gauge("winnow_oldest_in_flight_seconds",
                                   "Age of the oldest page consumed and not yet delivered (0 when none): a page "
                                   "stuck in extraction or delivery shows here.",
                                   0.001)),
      paused(r.add_gauge("winnow_paused", "1 while consumption is paused because the in-flight bounds are reached.")),
      assigned_partitions(r.add_gauge("winnow_assigned_partitions", "Input partitions assigned to this worker.")),
      stalled_partitions(r.add_gauge("winnow_stalled_partitions",
                                     "Assigned partitions with records waiting whose fetch position has not moved "
                                     "for stall.timeout_ms (also in /readyz).")),
      rebalances(r.add_counter_family("winnow_rebalances_total", "Rebalance events, by kind.", {"event"})),
      errors(r.add_counter_family("winnow_errors_total", "Errors, by kind (librdkafka error names and winnow's).", {"kind"})),
      commits(r.add_counter("winnow_offset_commits_total", "Offset commits acknowledged by the group coordinator.")),
      transactions(r.add_counter_family("winnow_transactions_total", "Transactions, by result (exactly-once).", {"result"})),
      ready(r.add_gauge("winnow_ready", "1 when the worker is ready (joined to the group, producer connected).")),
      build_info(r.add_gauge_family("winnow_build_info", "Always 1; the version of winnow in its label.", {"version"})),
      start_time(r.add_gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.")),
      fetch_nudges(r.add_counter("winnow_fetch_nudges_total",
                                 "Requests sent to wake librdkafka's fetcher when the worker had room and nothing to take.")) {
    build_info.with({std::string(library_version())}).set(1);
    // The time these metrics are made is the worker's start as far as a scraper can tell: a change of
    // this value is a restart (the alert rules count them).
    start_time.set(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

pipeline::pipeline(const worker_config& config, logger& log, worker_metrics& metrics, worker_status& status,
                   std::function<void()> on_stopping)
    : config_(config),
      log_(log),
      metrics_(metrics),
      status_(status),
      on_stopping_(std::move(on_stopping)),
      processor_(config),
      stalls_(config.stall_timeout) {}

pipeline::~pipeline() {
    prober_.reset();
    if (pool_) {
        pool_->stop();
        pool_->join();
    }
    if (producer_queue_) rd_kafka_queue_cb_event_enable(producer_queue_.get(), nullptr, nullptr);
    if (messages_) rd_kafka_queue_cb_event_enable(messages_.get(), nullptr, nullptr);
}

namespace {

std::string join(const std::vector<topic_partition>& tps) {
    std::string out;
    for (const auto& tp : tps) {
        if (!out.empty()) out += ',';
        out += tp.topic + "/" + std::to_string(tp.partition);
    }
    return out;
}

bool is_fencing(rd_kafka_resp_err_t code) {
    return code == RD_KAFKA_RESP_ERR__FENCED || code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
           code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH;
}

int timeout_ms(std::chrono::milliseconds d) {
    return static_cast<int>(std::clamp<std::int64_t>(d.count(), 0, 3'600'000));
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

}  // namespace

std::string pipeline::client_name(const rd_kafka_t* rk) const {
    return rd_kafka_type(rk) == RD_KAFKA_CONSUMER ? "consumer" : "producer";
}

// ---------------------------------------------------------------------------------------------------
// Start-up

void pipeline::learn_topic_limits() {
    // Asked through a client of its own, before the real ones are made: their sizes depend on the answer.
    kafka_properties settings = producer_properties(config_);
    std::erase_if(settings, [](const auto& p) { return p.first == "transactional.id"; });
    std::string error;
    auto conf = kafka::make_conf(settings, error);
    if (!conf) return;
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_log_cb(conf.get(), &pipeline::on_log);
    char errstr[512];
    const kafka::ptr<rd_kafka_t> asker(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
    if (!asker) return;
    (void)conf.release();
    std::vector<std::string> topics = config_.input_topics;
    topics.push_back(config_.output_topic);
    topics.push_back(config_.dlq_topic);
    std::string why;
    const auto limits = kafka::max_message_bytes(asker.get(), topics, 10000, why);
    for (const auto& t : config_.input_topics)
        if (const auto it = limits.find(t); it != limits.end()) largest_input_record_ = std::max(largest_input_record_, it->second);
    if (const auto it = limits.find(config_.output_topic); it != limits.end()) output_limit_ = it->second;
    if (const auto it = limits.find(config_.dlq_topic); it != limits.end()) dlq_limit_ = it->second;
    if (largest_input_record_ == 0) {
        largest_input_record_ = fallback_record_bytes;
        log_.warn("cannot read the input topics' max.message.bytes; records up to the fallback are fetched",
                  {{"error", why}, {"fallback_bytes", fallback_record_bytes}});
    }
    if (output_limit_ == 0 || dlq_limit_ == 0)
        log_.warn("cannot read the output or dead-letter topic's max.message.bytes; a refused record is retried smaller",
                  {{"error", why}});
}

int pipeline::start() {
    std::string error;
    learn_topic_limits();
    const std::size_t smallest = output_limit_ && dlq_limit_ ? std::min(output_limit_, dlq_limit_) : 0;
    const kafka_properties producer_settings = producer_properties(config_, smallest);
    for (const auto& [key, value] : producer_settings)
        if (key == "message.max.bytes") producer_max_message_ = static_cast<std::size_t>(std::stoull(value));
    auto pconf = kafka::make_conf(producer_settings, error);
    if (!pconf) {
        log_.error("bad producer configuration", {{"error", error}});
        return exit_bad_configuration;
    }
    rd_kafka_conf_set_opaque(pconf.get(), this);
    rd_kafka_conf_set_dr_msg_cb(pconf.get(), &pipeline::on_delivery);
    rd_kafka_conf_set_stats_cb(pconf.get(), &pipeline::on_statistics);
    rd_kafka_conf_set_error_cb(pconf.get(), &pipeline::on_error);
    rd_kafka_conf_set_log_cb(pconf.get(), &pipeline::on_log);
    char errstr[512];
    producer_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, pconf.get(), errstr, sizeof errstr));
    if (!producer_) {
        log_.error("cannot create the producer", {{"error", errstr}});
        return exit_bad_configuration;
    }
    (void)pconf.release();   // owned by the producer now

    // The largest record the input topics can hold, so that the consumer can fetch it (and dead-letter it
    // if it is too large for the worker) rather than refetch it for ever.
    auto cconf = kafka::make_conf(consumer_properties(config_, largest_input_record_), error);
    if (!cconf) {
        log_.error("bad consumer configuration", {{"error", error}});
        return exit_bad_configuration;
    }
    rd_kafka_conf_set_opaque(cconf.get(), this);
    rd_kafka_conf_set_rebalance_cb(cconf.get(), &pipeline::on_rebalance);
    rd_kafka_conf_set_offset_commit_cb(cconf.get(), &pipeline::on_commit);
    rd_kafka_conf_set_stats_cb(cconf.get(), &pipeline::on_statistics);
    rd_kafka_conf_set_error_cb(cconf.get(), &pipeline::on_error);
    rd_kafka_conf_set_log_cb(cconf.get(), &pipeline::on_log);
    consumer_.reset(rd_kafka_new(RD_KAFKA_CONSUMER, cconf.get(), errstr, sizeof errstr));
    if (!consumer_) {
        log_.error("cannot create the consumer", {{"error", errstr}});
        return exit_bad_configuration;
    }
    (void)cconf.release();
    rd_kafka_poll_set_consumer(consumer_.get());   // one queue: messages, rebalances, statistics, errors
    consumer_queue_.reset(rd_kafka_queue_get_consumer(consumer_.get()));
    messages_.reset(rd_kafka_queue_new(consumer_.get()));
    producer_queue_.reset(rd_kafka_queue_get_main(producer_.get()));
    // A message or a delivery report arriving on an empty queue wakes the poll thread (a yield of the
    // consumer queue: no call on the queue's own client, as librdkafka requires of this callback).
    rd_kafka_queue_cb_event_enable(messages_.get(), &pipeline::on_queue_event, this);
    rd_kafka_queue_cb_event_enable(producer_queue_.get(), &pipeline::on_queue_event, this);

    if (exactly_once()) {
        const auto deadline = clock::now() + 60s;
        for (;;) {
            kafka::ptr<rd_kafka_error_t> e(rd_kafka_init_transactions(producer_.get(), 30000));
            if (!e) break;
            const bool fenced = is_fencing(rd_kafka_error_code(e.get()));
            log_.error("cannot initialise transactions", {{"error", rd_kafka_error_string(e.get())},
                                                          {"retriable", rd_kafka_error_is_retriable(e.get()) != 0}});
            if (!rd_kafka_error_is_retriable(e.get()) || clock::now() > deadline)
                return fenced ? exit_fenced : exit_runtime_failure;
        }
        status_.producer_connected = true;
    } else {
        // One metadata round trip tells readiness that the producer reaches the cluster; statistics and
        // errors keep it current afterwards.
        const rd_kafka_metadata_t* md = nullptr;
        if (rd_kafka_metadata(producer_.get(), 0, nullptr, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            status_.producer_connected = true;
            rd_kafka_metadata_destroy(md);
        } else {
            log_.warn("the producer cannot reach the cluster yet", {{"brokers", config_.brokers}});
        }
    }

    kafka::ptr<rd_kafka_topic_partition_list_t> topics(rd_kafka_topic_partition_list_new(static_cast<int>(config_.input_topics.size())));
    for (const auto& t : config_.input_topics) rd_kafka_topic_partition_list_add(topics.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    if (const auto err = rd_kafka_subscribe(consumer_.get(), topics.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        log_.error("cannot subscribe", {{"error", rd_kafka_err2str(err)}});
        return exit_bad_configuration;
    }
    pool_ = std::make_unique<boost::asio::thread_pool>(config_.threads);
    if (config_.stall_timeout.count() > 0 && config_.statistics_interval.count() > 0)
        prober_ = std::make_unique<watermark_prober>(consumer_.get(), config_.stall_timeout);
    return exit_clean;
}

// ---------------------------------------------------------------------------------------------------
// The loop

void pipeline::request_stop() noexcept {
    stop_requested_ = true;
    status_.stopping = true;
    wake();
}

void pipeline::wake() noexcept {
    {
        // Under the lock: shutdown() releases the consumer queue under it too.
        const std::lock_guard lock(mutex_);
        woken_ = true;
        if (consumer_queue_ && !consumer_closing_) rd_kafka_queue_yield(consumer_queue_.get());
    }
    wakeup_.notify_one();
}

void pipeline::wait_for_wakeup(clock::duration limit) {
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, limit, [this] { return woken_; });
    woken_ = false;
}

int pipeline::run() {
    last_commit_ = clock::now();
    while (!stop_requested_ && !failed_) {
        take_messages();
        nudge_fetcher();
        // Block until a rebalance, a consumer error, a new message, a finished page or a delivery report:
        // all of them either arrive on the consumer queue or yield it.
        kafka::ptr<rd_kafka_message_t> m(rd_kafka_consumer_poll(consumer_.get(), 200));
        if (m) {
            if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) receive(*m);   // not forwarded yet; never expected
            else consumer_error(*m);
        }
        service();
    }
    return shutdown();
}

void pipeline::take_messages() {
    while (!stop_requested_ && !failed_) {
        if (in_flight_pages_ >= config_.max_in_flight_messages || in_flight_bytes_ >= config_.max_in_flight_bytes) {
            fetch_may_be_blocked_ = true;   // librdkafka's queue fills up behind the bounds (nudge_fetcher)
            return;
        }
        kafka::ptr<rd_kafka_message_t> m(rd_kafka_consume_queue(messages_.get(), 0));
        if (!m) return;
        nudges_without_message_ = 0;
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) receive(*m);
        else consumer_error(*m);
    }
}

void pipeline::nudge_fetcher() {
    // librdkafka 2.0.2 stops fetching a partition whose prefetch queue is at queued.max.messages.kbytes or
    // queued.min.messages, and decides again only when the thread it keeps for the partition's broker
    // wakes: on a request or a response of that broker, else after a second. With pages larger than the
    // prefetch and in-flight bounds cover in a second of extraction, the worker would drain both and wait
    // idle for the rest of that second. So once the worker has stopped taking at its bounds (librdkafka's
    // queue then fills up behind them), and later has room and nothing to take, it asks the broker of a
    // partition for its high watermark (a small ListOffsets request, on the prober's thread): the broker
    // thread wakes, finds the queue below the bounds and fetches at once. A second of nudges without a
    // message means there is nothing more to fetch (librdkafka has looked again by then anyway).
    // librdkafka 2.3.0 and later have fetch.queue.backoff.ms for this.
    if (!fetch_may_be_blocked_ || !prober_ || stop_requested_ || paused_ || partitions_.empty()) return;
    if (in_flight_pages_ > config_.max_in_flight_messages / 2 || in_flight_bytes_ > config_.max_in_flight_bytes / 2) return;
    if (rd_kafka_queue_length(messages_.get()) > 0) return;
    const auto now = clock::now();
    if (now - last_nudge_ < nudge_interval) return;
    if (++nudges_without_message_ > nudges_per_blocked_fetch) {
        fetch_may_be_blocked_ = false;
        return;
    }
    last_nudge_ = now;
    std::vector<topic_partition> assigned;
    for (const auto& [tp, state] : partitions_) assigned.push_back(tp);
    prober_->nudge(assigned);
    metrics_.fetch_nudges.inc();
}

void pipeline::consumer_error(const rd_kafka_message_t& m) {
    if (m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
    const char* name = rd_kafka_err2name(m.err);
    metrics_.errors.with({name}).inc();
    log_.warn("consumer error", {{"error", rd_kafka_message_errstr(&m)}, {"code", name}});
    if (m.err == RD_KAFKA_RESP_ERR__FATAL) fail(exit_runtime_failure, "fatal consumer error", rd_kafka_message_errstr(&m));
}

void pipeline::service() {
    rd_kafka_poll(producer_.get(), 0);   // delivery reports, producer statistics and errors
    take_completions();
    produce_ready();
    apply_backpressure();
    if (exactly_once()) {
        if (txn_abort_needed_) abort_and_rewind();
        else if (txn_open_ && clock::now() - txn_started_ >= config_.commit_interval) commit_transaction();
    } else {
        maybe_commit();
    }
    metrics_.in_flight_pages.set(static_cast<std::int64_t>(in_flight_pages_));
    metrics_.in_flight_bytes.set(static_cast<std::int64_t>(in_flight_bytes_));
    watch_in_flight();
}

void pipeline::watch_in_flight() {
    // The oldest page in flight is the front of some partition's queue (they wait in offset order) or a
    // page produced and not yet acknowledged. Looked at once a second: a watchdog needs no more.
    const auto now = clock::now();
    if (now - last_watch_ < 1s) return;
    last_watch_ = now;
    auto oldest = now;
    for (const auto& [tp, state] : partitions_)
        if (!state.waiting.empty()) oldest = std::min(oldest, state.waiting.front()->received);
    for (const auto& [id, item] : unacked_) oldest = std::min(oldest, item->received);
    metrics_.oldest_in_flight.set(std::chrono::duration_cast<std::chrono::milliseconds>(now - oldest).count());
}

void pipeline::receive(const rd_kafka_message_t& m) {
    const topic_partition tp{m.rkt ? rd_kafka_topic_name(m.rkt) : "", m.partition};
    const auto it = partitions_.find(tp);
    if (it == partitions_.end()) return;   // not ours (any more): never stored, so its owner reads it
    auto item = std::make_shared<work_item>();
    item->id = next_id_++;
    item->generation = it->second.generation;
    item->message = kafka::copy_message(m);
    item->bytes = item->message.size();
    item->received = clock::now();
    account(*item, true);
    metrics_.pages_in.inc();
    metrics_.bytes_in.inc(m.len);
    if (!tracker_.begin(tp, m.offset)) {
        // The partition went back (librdkafka re-fetching after an error): redo its work from here.
        log_.warn("offset went back; restarting the partition's pages", {{"topic", tp.topic}, {"partition", tp.partition}, {"offset", m.offset}});
        if (exactly_once()) {
            // Pages past this offset may be in the open transaction: abort it and rewind to here at least.
            account(*item, false);
            it->second.rewind_to = it->second.rewind_to < 0 ? m.offset : std::min(it->second.rewind_to, m.offset);
            txn_abort_needed_ = true;
            return;
        }
        drop_waiting(it->second);
        it->second.generation = next_generation_++;
        item->generation = it->second.generation;
        tracker_.assign(tp);
        (void)tracker_.begin(tp, m.offset);
    }
    if (it->second.rewind_to < 0) it->second.rewind_to = m.offset;
    it->second.waiting.push_back(item);
    boost::asio::post(*pool_, [this, item] { extract(item); });
}

void pipeline::extract(const item_ptr& item) {
    thread_local winnow::extractor extractor;   // one per extraction thread: it keeps buffers and ICU objects
    item->result = processor_.process(item->message, extractor);
    if (item->result.elapsed_us) metrics_.extraction_seconds.observe(static_cast<double>(item->result.elapsed_us) / 1e6);
    {
        const std::lock_guard lock(mutex_);
        completed_.push_back(item);
    }
    wake();
}

void pipeline::take_completions() {
    std::vector<item_ptr> done;
    {
        const std::lock_guard lock(mutex_);
        done.swap(completed_);
        woken_ = false;
    }
    for (const auto& item : done) {
        item->ready = true;   // pages of a dropped generation are simply released
        // The article waits with its page until it is produced: it counts towards the in-flight bytes.
        if (item->accounted) {
            in_flight_bytes_ += item->result.payload.size();
            item->bytes += item->result.payload.size();
        }
    }
}

void pipeline::produce_ready() {
    // Once the consumer is closing nothing produced could still be delivered: the pages are read again.
    if (closing_) return;
    for (auto& [tp, state] : partitions_) {
        while (!state.waiting.empty() && state.waiting.front()->ready && !failed_) {
            if (!send(tp, state.waiting.front())) return;
            state.waiting.pop_front();
        }
    }
}

bool pipeline::send(const topic_partition& tp, const item_ptr& item) {
    if (exactly_once()) {
        if (txn_abort_needed_) return false;
        if (!txn_open_ && !begin_transaction()) return false;
        item->txn = txn_seq_;
    }
    auto error = produce(*item);
    if (error && rd_kafka_error_code(error.get()) == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && item->result.ok) {
        item->result = {false, {}, "output_too_large", "the article is larger than the producer's message.max.bytes", item->result.elapsed_us};
        error = produce(*item);
    }
    // A dead letter too large for the producer carries less and less of the page until it fits.
    while (error && rd_kafka_error_code(error.get()) == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && !item->result.ok &&
           shrink_dead_letter(*item))
        error = produce(*item);
    if (!error) {
        // librdkafka holds its own copy from here (counted in its queue, queue.buffering.max.kbytes).
        if (item->accounted) {
            in_flight_bytes_ -= item->result.payload.size();
            item->bytes -= item->result.payload.size();
        }
        std::string().swap(item->result.payload);
        unacked_.emplace(item->id, item);
        if (exactly_once())
            if (const auto wm = tracker_.complete(tp, item->message.offset)) txn_offsets_[tp] = *wm;
        return true;
    }
    const auto code = rd_kafka_error_code(error.get());
    if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) return false;   // a delivery report frees room and wakes the loop
    metrics_.errors.with({rd_kafka_err2name(code)}).inc();
    if (exactly_once() && rd_kafka_error_txn_requires_abort(error.get())) {
        txn_abort_needed_ = true;
        return false;
    }
    fail(exit_runtime_failure, item->result.ok ? "cannot produce an article" : "cannot produce a dead letter",
         rd_kafka_error_string(error.get()));
    return false;
}

kafka::ptr<rd_kafka_error_t> pipeline::produce(work_item& item) {
    const auto& m = item.message;
    std::vector<kafka::header> headers;
    void* opaque = reinterpret_cast<void*>(static_cast<std::uintptr_t>(item.id));
    const auto header_bytes = [](const std::vector<kafka::header>& hs) {
        std::size_t n = 0;
        for (const auto& h : hs) n += h.name.size() + (h.value ? h.value->size() : 0) + 16;
        return n;
    };
    // A record batch carries some 100 bytes of its own besides its records'.
    constexpr std::size_t record_overhead = 512;
    if (item.result.ok) {
        for (const auto& h : m.headers)
            for (const auto& wanted : config_.pass_headers)
                if (iequals(h.name, wanted)) headers.push_back(h);
        headers.push_back({"winnow-source", m.topic + "/" + std::to_string(m.partition) + "/" + std::to_string(m.offset)});
        const std::size_t size = item.result.payload.size() + header_bytes(headers) + (m.key ? m.key->size() : 0);
        if (output_limit_ == 0 || size + record_overhead <= output_limit_)
            return kafka::produce(producer_.get(), {config_.output_topic, &m.key, item.result.payload, false, &headers, opaque});
        // The output topic would refuse it: the page is a dead letter instead.
        item.result = {false, {}, "output_too_large",
                       "the article has " + std::to_string(size) + " bytes; the output topic takes " +
                           std::to_string(output_limit_),
                       item.result.elapsed_us};
        headers.clear();
    }
    // The original page, untouched, with why it failed and where it came from. Only when the dead-letter
    // topic refused it as too large does it carry the page's first bytes, and says so.
    headers = m.headers;
    headers.push_back({"winnow.error.reason", item.result.reason});
    headers.push_back({"winnow.error.message", item.result.message});
    headers.push_back({"winnow.source.topic", m.topic});
    headers.push_back({"winnow.source.partition", std::to_string(m.partition)});
    headers.push_back({"winnow.source.offset", std::to_string(m.offset)});
    std::string_view value = m.value ? std::string_view(*m.value) : std::string_view();
    std::size_t allowed = value.size();
    if (dlq_limit_ > 0) {   // what the topic takes, known from the start
        const std::size_t taken = header_bytes(headers) + (m.key ? m.key->size() : 0) + record_overhead + 64;
        allowed = dlq_limit_ > taken ? std::min(allowed, dlq_limit_ - taken) : 0;
    }
    if (const auto limit = dead_letter_limits_.find({m.source(), m.offset}); limit != dead_letter_limits_.end())
        allowed = std::min(allowed, limit->second);   // what a refusal taught
    if (allowed < value.size()) {
        headers.push_back({"winnow.error.truncated", std::to_string(value.size())});
        value = value.substr(0, allowed);
    }
    return kafka::produce(producer_.get(), {config_.dlq_topic, &m.key, value, !m.value.has_value(), &headers, opaque});
}

bool pipeline::shrink_dead_letter(const work_item& item) {
    // Halving from what the producer takes at most: a few round trips, however large the page. Below a
    // kilobyte the dead letter keeps the headers alone (where the page is, and why it failed).
    const auto& m = item.message;
    const std::size_t size = m.value ? m.value->size() : 0;
    auto [it, fresh] = dead_letter_limits_.try_emplace({m.source(), m.offset}, size);
    if (!fresh && it->second == 0) return false;   // even the headers alone are refused
    std::size_t next = std::min(it->second, producer_max_message_) / 2;
    if (next < 1024) next = 0;
    it->second = next;
    metrics_.errors.with({"dead_letter_truncated"}).inc();
    log_.warn("the dead-letter topic refused the page as too large; sending its first bytes",
              {{"topic", m.topic}, {"partition", m.partition}, {"offset", m.offset}, {"page_bytes", size},
               {"sent_bytes", next}});
    return true;
}

void pipeline::delivered(const rd_kafka_message_t& m) {
    const auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(m._private));
    const auto it = unacked_.find(id);
    if (it == unacked_.end()) return;
    const item_ptr item = it->second;
    unacked_.erase(it);
    account(*item, false);
    if (m.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (item->result.ok) {
            metrics_.pages_out.inc();
            metrics_.bytes_out.inc(m.len);
        } else {
            metrics_.dead_letters.with({item->result.reason}).inc();
            dead_letter_limits_.erase({item->message.source(), item->message.offset});
        }
        if (exactly_once()) return;   // the offset went into the transaction when the page was produced
        const topic_partition tp = item->message.source();
        const auto p = partitions_.find(tp);
        if (p == partitions_.end() || p->second.generation != item->generation) return;
        if (const auto wm = tracker_.complete(tp, item->message.offset)) store_offset(tp, *wm);
        return;
    }
    if (closing_ && (m.err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || m.err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)) {
        // Purged at shutdown, past the flush deadline: never delivered, never committed, read again after a
        // restart. Not a failure of this run.
        ++purged_at_shutdown_;
        return;
    }
    metrics_.errors.with({rd_kafka_err2name(m.err)}).inc();
    const bool too_large = m.err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE;
    if (too_large && item->result.ok) {
        // The output topic refused the article: the page becomes a dead letter (the next production of this
        // page, in this run or after a rewind, goes there).
        item->result = {false, {}, "output_too_large", "the broker refused the article as too large", item->result.elapsed_us};
    } else if (too_large && !shrink_dead_letter(*item)) {
        fail(exit_runtime_failure, "dead-letter delivery failed", "the dead-letter topic refuses even the headers alone");
        return;
    }
    if (exactly_once()) {
        // The transaction cannot commit with a lost message: abort it and read its pages again.
        if (txn_open_ && item->txn == txn_seq_) txn_abort_needed_ = true;
        return;
    }
    if (too_large) {
        if (!produce(*item)) {
            unacked_.emplace(item->id, item);
            account(*item, true);
            return;
        }
    }
    // Never store this offset: the worker stops, and the page is read again after the restart.
    fail(exit_runtime_failure, item->result.ok ? "article delivery failed" : "dead-letter delivery failed", rd_kafka_err2str(m.err));
}

void pipeline::account(work_item& item, bool add) {
    if (add == item.accounted) return;
    item.accounted = add;
    if (add) {
        ++in_flight_pages_;
        in_flight_bytes_ += item.bytes;
    } else {
        --in_flight_pages_;
        in_flight_bytes_ -= item.bytes;
    }
}

void pipeline::drop_waiting(partition_state& state) {
    for (const auto& item : state.waiting) account(*item, false);
    state.waiting.clear();
}

void pipeline::apply_backpressure() {
    // take_messages() stops at the bounds; report it, for the metric and the log. Taking resumes below the
    // bounds, but report "resumed" only at half, so a busy worker does not log every page.
    const bool full = in_flight_pages_ >= config_.max_in_flight_messages || in_flight_bytes_ >= config_.max_in_flight_bytes;
    const bool drained = in_flight_pages_ <= config_.max_in_flight_messages / 2 && in_flight_bytes_ <= config_.max_in_flight_bytes / 2;
    if (paused_ == full || (paused_ && !drained)) return;
    paused_ = full;
    metrics_.paused.set(full ? 1 : 0);
    log_.debug(full ? "backpressure: in-flight bound reached" : "backpressure released",
               {{"pages", in_flight_pages_}, {"bytes", in_flight_bytes_}});
}

void pipeline::set_paused(bool pause) {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(consumer_.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
    kafka::ptr<rd_kafka_topic_partition_list_t> assignment(raw);
    if (pause) rd_kafka_pause_partitions(consumer_.get(), assignment.get());
    else rd_kafka_resume_partitions(consumer_.get(), assignment.get());
}

// ---------------------------------------------------------------------------------------------------
// At-least-once offsets

void pipeline::store_offset(const topic_partition& tp, std::int64_t offset) {
    auto list = kafka::partition_list({{tp, offset}});
    const auto err = rd_kafka_offsets_store(consumer_.get(), list.get());
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) offsets_stored_ = true;
    else log_.debug("offset not stored", {{"topic", tp.topic}, {"partition", tp.partition}, {"error", rd_kafka_err2str(err)}});
}

void pipeline::maybe_commit() {
    if (clock::now() - last_commit_ < config_.commit_interval) return;
    last_commit_ = clock::now();
    if (!offsets_stored_) return;
    offsets_stored_ = false;
    rd_kafka_commit(consumer_.get(), nullptr, 1);   // asynchronous; the result comes to on_commit
}

void pipeline::commit_sync() {
    offsets_stored_ = false;
    last_commit_ = clock::now();
    const auto err = rd_kafka_commit(consumer_.get(), nullptr, 0);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        metrics_.commits.inc();
    } else if (err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
        metrics_.errors.with({rd_kafka_err2name(err)}).inc();
        log_.warn("offset commit failed", {{"error", rd_kafka_err2str(err)}});
    }
}

// ---------------------------------------------------------------------------------------------------
// Rebalances

void pipeline::rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* list) {
    const char* protocol = rd_kafka_rebalance_protocol(consumer_.get());
    const bool cooperative = protocol && std::strcmp(protocol, "COOPERATIVE") == 0;
    const auto tps = kafka::partitions_of(list);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        for (const auto& tp : tps) {
            partitions_[tp] = partition_state{next_generation_++, {}, -1};
            tracker_.assign(tp);
            // Before the assignment starts fetching: its messages come only through messages_.
            kafka::ptr<rd_kafka_queue_t> q(rd_kafka_queue_get_partition(consumer_.get(), tp.topic.c_str(), tp.partition));
            if (q) rd_kafka_queue_forward(q.get(), messages_.get());
        }
        if (cooperative) {
            kafka::ptr<rd_kafka_error_t> e(rd_kafka_incremental_assign(consumer_.get(), list));
            if (e) log_.error("incremental assign failed", {{"error", rd_kafka_error_string(e.get())}});
        } else {
            rd_kafka_assign(consumer_.get(), list);
        }
        if (stop_requested_) rd_kafka_pause_partitions(consumer_.get(), list);
        status_.joined = true;
        metrics_.rebalances.with({"assigned"}).inc();
        metrics_.assigned_partitions.set(static_cast<std::int64_t>(partitions_.size()));
        log_.info("partitions assigned", {{"partitions", join(tps)}, {"protocol", protocol ? protocol : ""}});
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        const bool lost = rd_kafka_assignment_lost(consumer_.get()) != 0;
        metrics_.rebalances.with({lost ? "lost" : "revoked"}).inc();
        log_.info(lost ? "partitions lost" : "partitions revoked", {{"partitions", join(tps)}});
        if (!lost && !failed_) {
            // Finish (bounded) what was started for these partitions and commit it, so the next owner
            // starts where this one stopped rather than repeating its work.
            const auto drain = closing_ ? 0ms : config_.rebalance_drain_timeout;
            finish_partitions(tps, clock::now() + drain, closing_ ? 0ms : config_.flush_timeout);
        } else if (lost && exactly_once() && txn_open_) {
            abort_and_rewind();   // another member owns them now: none of their work may commit
        }
        for (const auto& tp : tps) {
            if (const auto it = partitions_.find(tp); it != partitions_.end()) {
                drop_waiting(it->second);
                partitions_.erase(it);
            }
            tracker_.revoke(tp);
            txn_offsets_.erase(tp);
        }
        if (cooperative) {
            kafka::ptr<rd_kafka_error_t> e(rd_kafka_incremental_unassign(consumer_.get(), list));
            if (e) log_.error("incremental unassign failed", {{"error", rd_kafka_error_string(e.get())}});
        } else {
            rd_kafka_assign(consumer_.get(), nullptr);
        }
        if (lost) status_.joined = false;
        metrics_.assigned_partitions.set(static_cast<std::int64_t>(partitions_.size()));
        return;
    }
    log_.error("rebalance error", {{"error", rd_kafka_err2str(err)}});
    metrics_.errors.with({rd_kafka_err2name(err)}).inc();
    rd_kafka_assign(consumer_.get(), nullptr);
}

void pipeline::finish_partitions(const std::vector<topic_partition>& tps, clock::time_point drain_deadline,
                                 std::chrono::milliseconds flush_timeout) {
    auto pending = [&] {
        return std::any_of(tps.begin(), tps.end(), [&](const topic_partition& tp) {
            const auto it = partitions_.find(tp);
            return it != partitions_.end() && !it->second.waiting.empty();
        });
    };
    for (;;) {
        rd_kafka_poll(producer_.get(), 0);
        take_completions();
        produce_ready();
        if (!pending() || failed_ || txn_abort_needed_) break;
        const auto now = clock::now();
        if (now >= drain_deadline) break;
        wait_for_wakeup(std::min<clock::duration>(drain_deadline - now, 100ms));
    }
    if (failed_) return;
    if (exactly_once()) {
        if (txn_abort_needed_) abort_and_rewind();
        else commit_transaction();
        return;
    }
    // Deliver what was produced (delivery reports store the offsets), then commit.
    if (!unacked_.empty()) rd_kafka_flush(producer_.get(), timeout_ms(flush_timeout));
    commit_sync();
}

// ---------------------------------------------------------------------------------------------------
// Exactly-once transactions

bool pipeline::begin_transaction() {
    kafka::ptr<rd_kafka_error_t> e(rd_kafka_begin_transaction(producer_.get()));
    if (e) {
        transaction_error("begin", e.get());
        return false;
    }
    txn_open_ = true;
    ++txn_seq_;
    txn_started_ = clock::now();
    return true;
}

void pipeline::commit_transaction() {
    if (!txn_open_) return;
    const auto deadline = clock::now() + 30s;
    std::vector<std::pair<topic_partition, std::int64_t>> offsets;
    for (const auto& [tp, offset] : txn_offsets_)
        if (partitions_.contains(tp)) offsets.emplace_back(tp, offset);
    if (!offsets.empty()) {
        auto list = kafka::partition_list(offsets);
        for (;;) {
            kafka::ptr<rd_kafka_consumer_group_metadata_t> group(rd_kafka_consumer_group_metadata(consumer_.get()));
            kafka::ptr<rd_kafka_error_t> e(rd_kafka_send_offsets_to_transaction(producer_.get(), list.get(), group.get(), 10000));
            if (!e) break;
            if (rd_kafka_error_is_retriable(e.get()) && clock::now() < deadline) continue;
            transaction_error("send offsets", e.get());
            if (txn_abort_needed_) abort_and_rewind();
            return;
        }
    }
    for (;;) {
        kafka::ptr<rd_kafka_error_t> e(rd_kafka_commit_transaction(producer_.get(), 10000));
        if (!e) break;
        if (rd_kafka_error_is_retriable(e.get()) && clock::now() < deadline) continue;
        transaction_error("commit", e.get());
        if (txn_abort_needed_) abort_and_rewind();
        return;
    }
    txn_open_ = false;
    for (const auto& [tp, offset] : offsets) partitions_[tp].rewind_to = offset;
    txn_offsets_.clear();
    metrics_.transactions.with({"committed"}).inc();
}

void pipeline::abort_and_rewind() {
    if (txn_open_) {
        const auto deadline = clock::now() + 30s;
        for (;;) {
            kafka::ptr<rd_kafka_error_t> e(rd_kafka_abort_transaction(producer_.get(), 10000));
            if (!e) break;
            if (rd_kafka_error_is_retriable(e.get()) && clock::now() < deadline) continue;
            txn_abort_needed_ = false;
            transaction_error("abort", e.get());
            if (!failed_) fail(exit_runtime_failure, "cannot abort the transaction", rd_kafka_error_string(e.get()));
            return;
        }
        metrics_.transactions.with({"aborted"}).inc();
    }
    txn_open_ = false;
    txn_abort_needed_ = false;
    txn_offsets_.clear();
    // Every partition restarts after its last committed transaction; pages still being extracted belong to
    // the old generation and are ignored when they come back.
    std::vector<std::pair<topic_partition, std::int64_t>> seeks;
    for (auto& [tp, state] : partitions_) {
        drop_waiting(state);
        state.generation = next_generation_++;
        tracker_.assign(tp);
        if (state.rewind_to >= 0) seeks.emplace_back(tp, state.rewind_to);
    }
    log_.warn("transaction aborted; rewinding", {{"partitions", static_cast<std::int64_t>(seeks.size())}});
    if (seeks.empty()) return;
    auto list = kafka::partition_list(seeks);
    kafka::ptr<rd_kafka_error_t> e(rd_kafka_seek_partitions(consumer_.get(), list.get(), 10000));
    if (e) fail(exit_runtime_failure, "cannot rewind after an aborted transaction", rd_kafka_error_string(e.get()));
}

void pipeline::transaction_error(std::string_view operation, rd_kafka_error_t* e) {
    const auto code = rd_kafka_error_code(e);
    metrics_.errors.with({rd_kafka_err2name(code)}).inc();
    log_.warn("transaction error", {{"operation", operation}, {"error", rd_kafka_error_string(e)},
                                    {"fatal", rd_kafka_error_is_fatal(e) != 0},
                                    {"abortable", rd_kafka_error_txn_requires_abort(e) != 0}});
    if (rd_kafka_error_is_fatal(e)) {
        char reason[512];
        const auto original = rd_kafka_fatal_error(producer_.get(), reason, sizeof reason);
        const bool fenced = is_fencing(code) || is_fencing(original);
        fail(fenced ? exit_fenced : exit_runtime_failure, fenced ? "fenced by a newer instance" : "fatal transaction error",
             rd_kafka_error_string(e));
        return;
    }
    txn_abort_needed_ = true;
}

// ---------------------------------------------------------------------------------------------------
// Failure and shutdown

void pipeline::fail(int code, std::string_view msg, std::string_view detail) {
    if (failed_) return;
    failed_ = true;
    exit_code_ = code;
    log_.error(msg, {{"error", detail}, {"exit_code", code}});
}

int pipeline::shutdown() {
    status_.stopping = true;
    if (prober_) prober_->stop();   // it asks through the consumer, which closes below
    if (on_stopping_) on_stopping_();
    log_.info("shutting down", {{"in_flight_pages", in_flight_pages_}, {"reason", failed_ ? "failure" : "signal"}});
    std::vector<topic_partition> all;
    for (const auto& [tp, state] : partitions_) all.push_back(tp);
    if (!all.empty()) set_paused(true);   // stop fetching
    if (!failed_) {
        finish_partitions(all, clock::now() + config_.drain_timeout, config_.flush_timeout);
    } else if (!exactly_once()) {
        commit_sync();   // what is stored was delivered; the failed page is not among it
    }
    pool_->stop();   // pages not started are dropped: their offsets were never stored
    pool_->join();
    if (in_flight_pages_) log_.warn("pages left unfinished; they are read again after a restart", {{"pages", in_flight_pages_}});
    closing_ = true;
    // Nothing may yield the consumer's queue while it closes: the close serves it through a queue of its
    // own, which a yield ends early (the close then reports a time-out at once, and rd_kafka_destroy() tries
    // to close again and waits for ever, measured with librdkafka 2.0.2). Delivery reports and fetched
    // messages no longer wake the loop from here on, and neither does a signal.
    rd_kafka_queue_cb_event_enable(producer_queue_.get(), nullptr, nullptr);
    rd_kafka_queue_cb_event_enable(messages_.get(), nullptr, nullptr);
    {
        const std::lock_guard lock(mutex_);
        consumer_closing_ = true;
    }
    const auto err = rd_kafka_consumer_close(consumer_.get());   // leaves the group (final revocation)
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) log_.warn("consumer close", {{"error", rd_kafka_err2str(err)}});
    messages_.reset();
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(producer_.get(), 0);
    if (purged_at_shutdown_)
        log_.warn("outputs not delivered before the flush deadline were dropped; their pages are read again after a restart",
                  {{"outputs", purged_at_shutdown_}});
    {
        const std::lock_guard lock(mutex_);
        consumer_queue_.reset();
    }
    producer_queue_.reset();
    consumer_.reset();
    producer_.reset();
    log_.info("stopped", {{"exit_code", exit_code_}});
    return exit_code_;
}

// ---------------------------------------------------------------------------------------------------
// Callbacks

void pipeline::on_rebalance(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    static_cast<pipeline*>(opaque)->rebalance(err, partitions);
}

void pipeline::on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    static_cast<pipeline*>(opaque)->delivered(*m);
}

void pipeline::on_commit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t*, void* opaque) {
    auto* self = static_cast<pipeline*>(opaque);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        self->metrics_.commits.inc();
    } else if (err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
        self->metrics_.errors.with({rd_kafka_err2name(err)}).inc();
        self->log_.warn("offset commit failed", {{"error", rd_kafka_err2str(err)}});
    }
}

int pipeline::on_statistics(rd_kafka_t* rk, char* json, std::size_t len, void* opaque) {
    auto* self = static_cast<pipeline*>(opaque);
    const auto stats = parse_statistics(std::string_view(json, len));
    if (!stats) return 0;
    if (rd_kafka_type(rk) == RD_KAFKA_PRODUCER) {
        self->status_.producer_connected = stats->broker_up;
        return 0;
    }
    std::map<label_values, std::int64_t> lag;
    for (const auto& [tp, value] : stats->lag)
        if (self->partitions_.contains(tp)) lag[{tp.topic, std::to_string(tp.partition)}] = value;
    self->metrics_.consumer_lag.replace(lag);
    self->watch_stalls(*stats);
    return 0;   // librdkafka frees the JSON
}

void pipeline::watch_stalls(const client_statistics& stats) {
    std::set<topic_partition> assigned;
    for (const auto& [tp, state] : partitions_) assigned.insert(tp);
    if (!prober_) return;
    const auto stalled = stalls_.observe(stats.fetch, assigned, paused_ || stop_requested_, prober_->answers(), clock::now());
    prober_->want(stalls_.candidates());
    for (const auto& tp : stalls_.newly_stalled()) {
        const auto& f = stats.fetch.at(tp);
        log_.error("partition stalled: records wait but none has been fetched",
                   {{"topic", tp.topic}, {"partition", tp.partition}, {"next_offset", f.next_offset},
                    {"high_watermark", f.hi_offset}, {"stalled_for_ms", config_.stall_timeout.count()}});
    }
    metrics_.stalled_partitions.set(static_cast<std::int64_t>(stalled.size()));
    status_.set_stalled(join(stalled));
}

void pipeline::on_error(rd_kafka_t* rk, int code, const char* reason, void* opaque) {
    auto* self = static_cast<pipeline*>(opaque);
    const auto err = static_cast<rd_kafka_resp_err_t>(code);
    const bool fatal = err == RD_KAFKA_RESP_ERR__FATAL;
    self->metrics_.errors.with({rd_kafka_err2name(err)}).inc();
    self->log_.log(fatal ? log_level::error : log_level::warn, "kafka error",
                   {{"client", self->client_name(rk)}, {"code", rd_kafka_err2name(err)}, {"error", reason}});
    const bool producer = rd_kafka_type(rk) == RD_KAFKA_PRODUCER;
    if (producer && err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) self->status_.producer_connected = false;
    if (fatal) {
        char buffer[512];
        const auto original = rd_kafka_fatal_error(rk, buffer, sizeof buffer);
        const bool fenced = producer && self->exactly_once() && is_fencing(original);
        self->fail(fenced ? exit_fenced : exit_runtime_failure, fenced ? "fenced by a newer instance" : "fatal Kafka error", buffer);
    }
}

void pipeline::on_log(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
    auto* self = static_cast<pipeline*>(rd_kafka_opaque(rk));
    if (!self) return;
    const log_level l = level <= 3 ? log_level::error : level == 4 ? log_level::warn : level <= 6 ? log_level::info : log_level::debug;
    self->log_.log(l, message, {{"source", "librdkafka"}, {"client", self->client_name(rk)}, {"facility", facility}});
}

void pipeline::on_queue_event(rd_kafka_t*, void* opaque) { static_cast<pipeline*>(opaque)->wake(); }

}  // namespace winnow::worker
