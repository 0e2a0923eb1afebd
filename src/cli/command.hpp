// The subcommands of the `winnow` executable. Each takes its own arguments (after the command name) and
// returns the process exit status.
#pragma once

#include <span>
#include <string_view>

namespace winnow::cli {

/// Exit statuses shared by every subcommand.
enum exit_status : int {
    exit_ok = 0,
    exit_failure = 1,   ///< the command ran, but at least one input failed
    exit_usage = 2,     ///< bad command line
};

using arguments = std::span<const std::string_view>;

int extract_command(arguments args);
/// `winnow run`: the Kafka worker; returns worker::exit_code values.
int run_command(arguments args);
/// `winnow bench`: load for a cluster, and what comes out of it.
int bench_command(arguments args);


}  // namespace winnow::cli
