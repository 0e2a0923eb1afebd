// The daemon behind `winnow run`: wires a validated configuration to the objects (logger, metrics,
// pipeline, HTTP endpoint) and runs them on one io_context until a signal or a fatal error.
#pragma once

#include "worker/config.hpp"
#include "worker/metrics.hpp"
#include "worker/pipeline.hpp"
#include "http/server.hpp"

namespace winnow::worker {

/// Runs the worker; returns its exit status (exit_code).
[[nodiscard]] int run_daemon(const worker_config& config);

/// The HTTP routes: /livez, /readyz, /metrics.
[[nodiscard]] http::response route(const http::request& request, const registry& metrics, const worker_status& status,
                                   gauge& ready_gauge);

}  // namespace winnow::worker
