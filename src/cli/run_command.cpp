// `winnow run`: the Kafka worker. Only parses the command line and loads the configuration; the daemon
// (src/worker/daemon.cpp) does the rest.
#include <cstdio>

#include "command.hpp"
#include "worker/config.hpp"
#include "worker/daemon.hpp"

namespace winnow::cli {

int run_command(arguments args) {
    worker::worker_config config;
    bool check_only = false;
    try {
        const auto parsed = worker::parse_run_arguments(args);
        if (parsed.help) {
            std::fputs(worker::run_usage().c_str(), stdout);
            return exit_ok;
        }
        check_only = parsed.check_config;
        config = worker::load_config(parsed, worker::process_environment());
    } catch (const worker::config_error& e) {
        std::fprintf(stderr, "winnow run: %s\n(see winnow run --help)\n", e.what());
        return worker::exit_bad_configuration;
    }
    if (check_only) {
        std::fputs(worker::render_config(config).c_str(), stdout);
        return exit_ok;
    }
    return worker::run_daemon(config);
}

}  // namespace winnow::cli
