// The Kafka pipeline of `winnow run`: consume pages, extract them on a pool of threads, publish articles
// (or dead letters) in input order per partition, and commit progress without ever skipping a page.
//
// Threads. One poll thread owns both librdkafka clients: it polls the consumer (rebalances, statistics and
// errors are served there), serves the producer's delivery reports, produces, stores and commits offsets
// and runs transactions, so none of that state is shared. Extraction runs on a Boost.Asio thread_pool
// (one winnow::extractor per thread); a finished page is handed back through a mutex-protected list, and
// the poll thread is woken with rd_kafka_queue_yield(). The producer's queue wakes it the same way when a
// delivery report arrives, so the loop never spins: it blocks in rd_kafka_consumer_poll().
//
// Order. Each assigned partition keeps its received pages in offset order; a page is produced only when
// every earlier page of its partition has been, so outputs keep the input order of their partition (the
// idempotent producer keeps it on the wire).
//
// At-least-once. enable.auto.offset.store=false: a page's offset counts as done when its output (or dead
// letter) is delivered, and the offset_tracker stores the contiguous watermark only. Stored offsets are
// committed every commit_interval_ms, on revocation (after the revoked partitions' pages are finished,
// within rebalance.drain_timeout_ms) and on close. A page whose publication fails is never marked done:
// the worker stops (exit 1) and the page is read again after the restart.
//
// Exactly-once. A transactional producer; pages are produced inside a transaction together with the
// offsets they complete (rd_kafka_send_offsets_to_transaction with the consumer's group metadata, so a
// zombie member is fenced by the group generation), and the transaction is committed every
// commit_interval_ms and on revocation and close. An abortable error aborts the transaction and rewinds
// every partition to the offset after its last committed transaction; a fatal error exits, with status 3
// when this instance was fenced.
//
// Backpressure. Pages from receipt to delivery are bounded by in_flight.max_messages and
// in_flight.max_bytes. Each assigned partition's fetch queue is forwarded to a queue of the worker's own,
// from which it takes messages only while under both bounds; at a bound it takes none until the pages in
// flight are back under half, so librdkafka's prefetch queue fills to its own limits (queued.min.messages,
// queued.max.messages.kbytes, sized from the same bounds by consumer_properties()) and librdkafka stops
// fetching those partitions. (rd_kafka_pause_partitions() is not used for this: in librdkafka 2.0.2 a pause
// purges the prefetched messages and a resume re-fetches them only after about a second, which measured at
// one bound's worth of pages per second under a backlog.) Partitions are paused only at shutdown.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "worker/config.hpp"
#include "kafka/kafka.hpp"
#include "worker/logging.hpp"
#include "worker/metrics.hpp"
#include "worker/offset_tracker.hpp"
#include "worker/page_processor.hpp"
#include "worker/stall_detector.hpp"
#include "worker/watermark_prober.hpp"

namespace winnow::worker {

/// Exit statuses of `winnow run`.
enum exit_code : int {
    exit_clean = 0,
    exit_runtime_failure = 1,
    exit_bad_configuration = 2,
    exit_fenced = 3,
};

/// The largest record fetched when the cluster does not say what its input topics can hold.
inline constexpr std::size_t fallback_record_bytes = std::size_t{64} << 20;

/// What /readyz reports; written by the poll thread, read by the HTTP thread.
struct worker_status {
    std::atomic<bool> joined{false};               ///< has an assignment, or completed a join
    std::atomic<bool> producer_connected{false};
    std::atomic<bool> stopping{false};
    std::atomic<bool> stalled{false};              ///< some partition stopped fetching (stall_detector)
    [[nodiscard]] bool ready() const noexcept { return joined && producer_connected && !stopping && !stalled; }

    /// The stalled partitions, "topic/partition,..." (empty when none).
    void set_stalled(std::string partitions) {
        const std::lock_guard lock(mutex_);
        stalled = !partitions.empty();
        stalled_partitions_ = std::move(partitions);
    }
    [[nodiscard]] std::string stalled_partitions() const {
        const std::lock_guard lock(mutex_);
        return stalled_partitions_;
    }

private:
    mutable std::mutex mutex_;
    std::string stalled_partitions_;
};

/// The worker's metrics, registered in a registry that /metrics renders.
struct worker_metrics {
    explicit worker_metrics(registry& r);
    counter& pages_in;
    counter& bytes_in;
    counter& pages_out;
    counter& bytes_out;
    family<counter>& dead_letters;
    histogram& extraction_seconds;
    family<gauge>& consumer_lag;
    gauge& in_flight_pages;
    gauge& in_flight_bytes;
    gauge& oldest_in_flight;          ///< milliseconds, rendered in seconds
    gauge& paused;
    gauge& assigned_partitions;
    gauge& stalled_partitions;
    family<counter>& rebalances;
    family<counter>& errors;
    counter& commits;
    family<counter>& transactions;
    gauge& ready;
    family<gauge>& build_info;
    gauge& start_time;
    counter& fetch_nudges;
};

class pipeline {
public:
    /// `on_stopping` is called (from the poll thread) when the ordered shutdown begins, whatever its cause.
    pipeline(const worker_config& config, logger& log, worker_metrics& metrics, worker_status& status,
             std::function<void()> on_stopping = {});
    ~pipeline();
    pipeline(const pipeline&) = delete;
    pipeline& operator=(const pipeline&) = delete;

    /// Creates the clients, initialises transactions (exactly-once) and subscribes. Returns exit_clean or
    /// the exit status to end with.
    [[nodiscard]] int start();
    /// The poll loop, until request_stop() or a fatal error, then the ordered shutdown: stop fetching,
    /// finish the pages in flight (shutdown.drain_timeout_ms), flush, commit, close. Returns the exit status.
    [[nodiscard]] int run();
    /// Asks run() to shut down; thread-safe, returns at once.
    void request_stop() noexcept;

private:
    struct work_item;
    using item_ptr = std::shared_ptr<work_item>;
    struct partition_state {
        std::uint64_t generation = 0;     // changes on every (re)assignment and rewind; stale pages are ignored
        std::deque<item_ptr> waiting;     // received and not yet produced, in offset order
        std::int64_t rewind_to = -1;      // exactly-once: first offset not covered by a committed transaction
    };
    using clock = std::chrono::steady_clock;

    // librdkafka callbacks (opaque is the pipeline).
    static void on_rebalance(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*, void*);
    static void on_delivery(rd_kafka_t*, const rd_kafka_message_t*, void*);
    static void on_commit(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*, void*);
    static int on_statistics(rd_kafka_t*, char*, std::size_t, void*);
    static void on_error(rd_kafka_t*, int, const char*, void*);
    static void on_log(const rd_kafka_t*, int, const char*, const char*);
    static void on_queue_event(rd_kafka_t*, void*);

    void wake() noexcept;
    void wait_for_wakeup(clock::duration limit);
    void service();
    void take_messages();
    /// Wakes librdkafka's fetcher when the worker has room and nothing to take (see the definition).
    void nudge_fetcher();
    void consumer_error(const rd_kafka_message_t& m);
    void receive(const rd_kafka_message_t& m);
    void extract(const item_ptr& item);
    void take_completions();
    void produce_ready();
    [[nodiscard]] bool send(const topic_partition& tp, const item_ptr& item);
    [[nodiscard]] kafka::ptr<rd_kafka_error_t> produce(work_item& item);
    void delivered(const rd_kafka_message_t& m);
    void account(work_item& item, bool add);
    /// Asks the cluster the max.message.bytes of the input, output and dead-letter topics.
    void learn_topic_limits();
    /// Makes the page's dead letter carry fewer of its bytes; false when it carries none already.
    [[nodiscard]] bool shrink_dead_letter(const work_item& item);
    void drop_waiting(partition_state& state);
    void apply_backpressure();
    void watch_in_flight();
    void watch_stalls(const client_statistics& stats);
    void set_paused(bool paused);
    void store_offset(const topic_partition& tp, std::int64_t offset);
    void maybe_commit();
    void commit_sync();
    void rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
    void finish_partitions(const std::vector<topic_partition>& partitions, clock::time_point drain_deadline,
                           std::chrono::milliseconds flush_timeout);
    [[nodiscard]] bool begin_transaction();
    void commit_transaction();
    void abort_and_rewind();
    void transaction_error(std::string_view operation, rd_kafka_error_t* error);
    void fail(int code, std::string_view msg, std::string_view detail);
    [[nodiscard]] int shutdown();
    [[nodiscard]] bool exactly_once() const noexcept { return config_.delivery == delivery_mode::exactly_once; }
    [[nodiscard]] std::string client_name(const rd_kafka_t* rk) const;

    const worker_config& config_;
    logger& log_;
    worker_metrics& metrics_;
    worker_status& status_;
    std::function<void()> on_stopping_;
    page_processor processor_;

    kafka::ptr<rd_kafka_t> producer_;
    kafka::ptr<rd_kafka_t> consumer_;
    kafka::ptr<rd_kafka_queue_t> consumer_queue_;
    kafka::ptr<rd_kafka_queue_t> messages_;          // every assigned partition's fetch queue forwards here
    kafka::ptr<rd_kafka_queue_t> producer_queue_;
    std::unique_ptr<boost::asio::thread_pool> pool_;
    std::unique_ptr<watermark_prober> prober_;        // with stall detection only

    // Poll-thread state.
    std::map<topic_partition, partition_state> partitions_;
    offset_tracker tracker_;
    stall_detector stalls_;
    std::unordered_map<std::uint64_t, item_ptr> unacked_;   // produced, awaiting the delivery report
    // Pages whose dead letter the topic refused as too large: the bytes of the page it may carry.
    std::map<std::pair<topic_partition, std::int64_t>, std::size_t> dead_letter_limits_;
    std::size_t producer_max_message_ = 0;                  // the producer's message.max.bytes
    std::size_t largest_input_record_ = 0;                  // the input topics' max.message.bytes
    std::size_t output_limit_ = 0;                          // the output topic's max.message.bytes (0: unknown)
    std::size_t dlq_limit_ = 0;                             // the dead-letter topic's
    std::size_t purged_at_shutdown_ = 0;
    std::uint64_t next_id_ = 1;
    std::uint64_t next_generation_ = 1;
    std::size_t in_flight_pages_ = 0;
    std::size_t in_flight_bytes_ = 0;
    bool paused_ = false;
    bool fetch_may_be_blocked_ = false;   // taking stopped at the bounds since the fetcher was last nudged
    std::size_t nudges_without_message_ = 0;
    clock::time_point last_nudge_{};
    static constexpr std::chrono::milliseconds nudge_interval{20};
    static constexpr std::size_t nudges_per_blocked_fetch = 50;   // a second of them
    clock::time_point last_watch_{};
    bool closing_ = false;
    bool offsets_stored_ = false;
    clock::time_point last_commit_{};
    bool txn_open_ = false;
    bool txn_abort_needed_ = false;
    std::uint64_t txn_seq_ = 0;
    clock::time_point txn_started_{};
    std::map<topic_partition, std::int64_t> txn_offsets_;
    bool failed_ = false;
    int exit_code_ = exit_clean;

    // Shared with the extraction threads and librdkafka's threads.
    std::atomic<bool> stop_requested_{false};
    std::mutex mutex_;
    std::condition_variable wakeup_;
    std::vector<item_ptr> completed_;
    bool woken_ = false;
    bool consumer_closing_ = false;   // under mutex_: wake() must not yield the consumer queue any more
};

}  // namespace winnow::worker
