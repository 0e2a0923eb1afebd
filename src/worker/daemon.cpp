#include "worker/daemon.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "winnow/version.hpp"

namespace winnow::worker {

http::response route(const http::request& request, const registry& metrics, const worker_status& status, gauge& ready_gauge) {
    const std::string_view path = http::path_of(request.target);
    if (path != "/livez" && path != "/readyz" && path != "/metrics") return {404, "text/plain; charset=utf-8", "not found\n", {}};
    // Read-only paths: GET, and HEAD (the server sends GET's headers without the body).
    if (request.method != "GET" && request.method != "HEAD")
        return {405, "text/plain; charset=utf-8", "method not allowed\n", "GET, HEAD"};
    if (path == "/livez") return {200, "text/plain; charset=utf-8", "ok\n", {}};
    if (path == "/readyz") {
        if (status.ready()) return {200, "text/plain; charset=utf-8", "ready\n", {}};
        std::string why = "not ready:";
        if (!status.joined) why += " not joined to the consumer group;";
        if (!status.producer_connected) why += " producer not connected;";
        if (status.stopping) why += " shutting down;";
        if (status.stalled) why += " partitions stalled (records wait, none is fetched): " + status.stalled_partitions() + ";";
        why.back() = '\n';
        return {503, "text/plain; charset=utf-8", why, {}};
    }
    ready_gauge.set(status.ready() ? 1 : 0);
    return {200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
}

int run_daemon(const worker_config& config) {
    logger log(config.level);
    registry metrics_registry;
    worker_metrics metrics(metrics_registry);
    worker_status status;

    // Signals are caught before anything starts, so a SIGTERM during start-up also shuts down in order.
    boost::asio::io_context io;
    boost::asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    boost::asio::steady_timer deadline(io);
    bool deadline_armed = false;
    auto arm_deadline = [&] {
        if (deadline_armed) return;
        deadline_armed = true;
        deadline.expires_after(config.shutdown_timeout);
        deadline.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            log.error("shutdown deadline passed; exiting", {{"timeout_ms", config.shutdown_timeout.count()}});
            std::_Exit(exit_runtime_failure);
        });
    };

    pipeline worker(config, log, metrics, status, [&] { boost::asio::post(io, arm_deadline); });
    std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
            // What `systemctl reload` and many supervisors send. The configuration is read once, at start, and
            // the log goes to standard error: there is nothing to reload or reopen, and no reason to stop.
            log.info("SIGHUP received and ignored: the configuration is read at start; restart to change it", {{"signal", signo}});
            signals.async_wait(on_signal);
            return;
        }
        if (status.stopping) {
            log.warn("second signal; exiting at once", {{"signal", signo}});
            std::_Exit(128 + signo);
        }
        log.info("signal received; shutting down", {{"signal", signo}});
        worker.request_stop();
        arm_deadline();
        signals.async_wait(on_signal);
    };
    signals.async_wait(on_signal);

    log.info("starting", {{"version", WINNOW_VERSION_STRING},
                          {"delivery", to_string(config.delivery)},
                          {"group", config.group},
                          {"input", config.input_topics.front()},
                          {"output", config.output_topic},
                          {"dlq", config.dlq_topic},
                          {"threads", config.threads}});
    if (const int rc = worker.start(); rc != exit_clean) return rc;

    http::server_options http_options;
    http_options.on_accept_error = [&](const boost::system::error_code& ec) {
        metrics.errors.with({"http_accept"}).inc();
        log.warn("http: cannot accept a connection; retrying", {{"error", ec.message()}});
    };
    http::server endpoint(io, [&](const http::request& r) { return route(r, metrics_registry, status, metrics.ready); },
                          std::move(http_options));
    if (config.http_enabled) {
        if (const auto ec = endpoint.listen(config.http_host, config.http_port)) {
            log.error("cannot listen", {{"address", config.http_host}, {"port", config.http_port}, {"error", ec.message()}});
            return exit_bad_configuration;
        }
        log.info("http listening", {{"address", config.http_host}, {"port", endpoint.port()}});
    }

    int exit_status = exit_clean;
    std::thread poller([&] {
        exit_status = worker.run();
        boost::asio::post(io, [&] {
            deadline.cancel();
            signals.cancel();
            endpoint.stop();
            io.stop();
        });
    });
    io.run();
    poller.join();
    return exit_status;
}

}  // namespace winnow::worker
