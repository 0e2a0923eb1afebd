// `winnow`: one executable, several subcommands. main only dispatches.
#include <cstdio>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "winnow/version.hpp"

namespace {

constexpr std::string_view usage_text = R"(winnow — extracts clean article text from web pages, dropping navigation,
bylines, "related" and "latest news" lists, share bars, footers and other boilerplate.

usage: winnow <command> [options]
       winnow --version | --help

commands:
  extract    extract articles from page files or standard input (see `winnow extract --help`)
  run        the Kafka worker: pages from a topic, articles to another (see `winnow run --help`)
  bench      load a cluster with pages and measure what comes out (see `winnow bench --help`)
  version    print the version
  help       print this help

exit status: 0 success; 1 an input failed (the others were still processed); 2 bad command line.
)";

int print_usage(std::FILE* to) {
    std::fputs(usage_text.data(), to);
    return to == stdout ? winnow::cli::exit_ok : winnow::cli::exit_usage;
}

int print_version() {
    std::printf("winnow %s\n", WINNOW_VERSION_STRING);
    return winnow::cli::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) return print_usage(stderr);
    const std::string_view command = args.front();
    const winnow::cli::arguments rest(args.data() + 1, args.size() - 1);

    if (command == "--version" || command == "-V" || command == "version") return print_version();
    if (command == "--help" || command == "-h" || command == "help") return print_usage(stdout);
    if (command == "extract") return winnow::cli::extract_command(rest);
    if (command == "run") return winnow::cli::run_command(rest);
    if (command == "bench") return winnow::cli::bench_command(rest);

    std::fprintf(stderr, "winnow: unknown command '%.*s'\n\n", static_cast<int>(command.size()), command.data());
    return print_usage(stderr);
}
