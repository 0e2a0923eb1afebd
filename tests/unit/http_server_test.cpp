// The HTTP endpoint as a hostile client meets it: malformed and oversize requests are answered (400, 413,
// 431) and closed, other methods than GET and HEAD get 405 with Allow, connections are capped, and running
// out of descriptors makes the accept loop wait instead of spinning.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/server.hpp"
#include "worker/daemon.hpp"

namespace {

using namespace std::chrono_literals;
namespace http = winnow::http;

/// A connected TCP socket to 127.0.0.1:port, or -1.
int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// What arrives on fd within `wait` (until the peer closes, or the wait ends).
std::string read_for(int fd, std::chrono::milliseconds wait) {
    std::string out;
    const auto until = std::chrono::steady_clock::now() + wait;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char buffer[4096];
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.find("\r\n\r\n") != std::string::npos && out.find("Connection: close") == std::string::npos &&
            out.find("Content-Length: ") != std::string::npos) {
            // A kept-alive answer: done once its body is in.
            const auto length_at = out.find("Content-Length: ") + 16;
            const auto length = std::stoul(out.substr(length_at));
            if (out.size() >= out.find("\r\n\r\n") + 4 + length) break;
        }
    }
    return out;
}

/// Sends raw bytes on a fresh connection and returns what comes back.
std::string exchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds wait = 3s) {
    const int fd = connect_to(port);
    if (fd < 0) return "(no connection)";
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;   // the server may answer and close before it has read everything
        sent += static_cast<std::size_t>(n);
    }
    std::string answer = read_for(fd, wait);
    ::close(fd);
    return answer;
}

int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

/// The worker's routes on a server of its own, on a thread of its own.
class endpoint {
public:
    explicit endpoint(http::server_options options = {})
        : server_(io_, [this](const http::request& r) { return winnow::worker::route(r, registry_, status_, metrics_.ready); },
                  std::move(options)) {
        EXPECT_FALSE(server_.listen("127.0.0.1", 0));
        thread_ = std::thread([this] { io_.run(); });
    }
    ~endpoint() {
        boost::asio::post(io_, [this] {
            server_.stop();
            io_.stop();
        });
        thread_.join();
    }
    [[nodiscard]] std::uint16_t port() const { return server_.port(); }

private:
    boost::asio::io_context io_;
    winnow::worker::registry registry_;
    winnow::worker::worker_metrics metrics_{registry_};
    winnow::worker::worker_status status_;
    http::server server_;
    std::thread thread_;
};

TEST(http_server, malformed_and_oversize_requests_are_answered) {
    endpoint e;
    EXPECT_EQ(status_of(exchange(e.port(), "GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
    const std::string big_header = "GET /livez HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
    EXPECT_EQ(status_of(exchange(e.port(), big_header)), 431);
    const std::string big_target = "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n";
    EXPECT_EQ(status_of(exchange(e.port(), big_target)), 431);
    const std::string big_body = "POST /livez HTTP/1.1\r\nContent-Length: 20000\r\n\r\n" + std::string(20000, 'b');
    EXPECT_EQ(status_of(exchange(e.port(), big_body)), 413);
    for (const char* bad : {"garbage\r\n\r\n", "GET /livez HTTP/9.x\r\n\r\n", "GET /livez HTTP/1.1\r\nNo colon here\r\n\r\n",
                            "GET /livez HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                            "GET /livez HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
        const std::string answer = exchange(e.port(), bad);
        EXPECT_EQ(status_of(answer), 400) << bad << " -> " << answer;
        EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
    }
}

TEST(http_server, only_get_and_head_on_known_paths) {
    endpoint e;
    const std::string post = exchange(e.port(), "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(status_of(post), 405);
    EXPECT_NE(post.find("Allow: GET, HEAD"), std::string::npos) << post;
    EXPECT_EQ(status_of(exchange(e.port(), "DELETE /livez HTTP/1.1\r\nConnection: close\r\n\r\n")), 405);
    EXPECT_EQ(status_of(exchange(e.port(), "POST /nope HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")), 404);
    EXPECT_EQ(status_of(exchange(e.port(), "GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n")), 404);
    const std::string head = exchange(e.port(), "HEAD /livez HTTP/1.1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(status_of(head), 200);
    EXPECT_NE(head.find("Content-Length: 3"), std::string::npos) << "GET's length, without the body: " << head;
    EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "");
}

TEST(http_server, connections_past_the_cap_wait_for_a_place) {
    http::server_options options;
    options.max_connections = 2;
    endpoint e(options);
    const int a = connect_to(e.port());
    const int b = connect_to(e.port());
    ASSERT_GE(a, 0);
    ASSERT_GE(b, 0);
    // Both are accepted: a request on each is answered and they stay open.
    for (int fd : {a, b}) {
        const std::string get = "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n";
        ASSERT_GT(::send(fd, get.data(), get.size(), MSG_NOSIGNAL), 0);
        EXPECT_EQ(status_of(read_for(fd, 3s)), 200);
    }
    const int c = connect_to(e.port());   // the kernel's backlog takes it; the server does not, yet
    ASSERT_GE(c, 0);
    const std::string get = "GET /livez HTTP/1.1\r\nConnection: close\r\n\r\n";
    ASSERT_GT(::send(c, get.data(), get.size(), MSG_NOSIGNAL), 0);
    EXPECT_EQ(read_for(c, 300ms), "") << "answered past the cap";
    ::close(a);   // a place frees up
    EXPECT_EQ(status_of(read_for(c, 3s)), 200);
    ::close(b);
    ::close(c);
}

TEST(http_server, out_of_descriptors_the_accept_loop_waits_instead_of_spinning) {
    // In a child process of its own, with few descriptors: clients fill them; the server's accepts fail
    // with EMFILE, and it must retry after a pause (a handful of attempts a second), not in a loop.
    int report[2];
    ASSERT_EQ(::pipe(report), 0);
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(report[0]);
        ::close(ready[0]);
        std::atomic<int> failures{0};
        boost::asio::io_context io;
        http::server_options options;
        options.on_accept_error = [&](const boost::system::error_code&) { ++failures; };
        http::server s(io, [](const http::request&) { return http::response{200, "text/plain", "ok\n", {}}; }, options);
        if (s.listen("127.0.0.1", 0)) ::_exit(2);
        // New descriptors take the lowest free numbers below the limit: leave three of them, which the
        // clients below take. (Descriptors already open above the limit stay usable.)
        int limit = 0;
        for (int free_slots = 0; free_slots < 3; ++limit)
            if (::fcntl(limit, F_GETFD) == -1) ++free_slots;
        const rlimit low{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
        if (::setrlimit(RLIMIT_NOFILE, &low) != 0) ::_exit(3);
        const std::uint16_t port = s.port();
        (void)::write(ready[1], &port, sizeof port);
        io.run_for(2500ms);
        const int n = failures;
        (void)::write(report[1], &n, sizeof n);
        ::_exit(0);
    }
    ::close(report[1]);
    ::close(ready[1]);
    std::uint16_t port = 0;
    ASSERT_EQ(::read(ready[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
    std::vector<int> clients;
    for (int i = 0; i < 12; ++i)
        if (const int fd = connect_to(port); fd >= 0) clients.push_back(fd);
    int failures = -1;
    ASSERT_EQ(::read(report[0], &failures, sizeof failures), static_cast<ssize_t>(sizeof failures));
    int status = 0;
    ::waitpid(child, &status, 0);
    for (int fd : clients) ::close(fd);
    ::close(report[0]);
    ::close(ready[0]);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_GT(failures, 0) << "the descriptors never ran out: the test did not test anything";
    // 50 ms, doubling to a second: about six attempts in two and a half seconds. A loop makes thousands.
    EXPECT_LT(failures, 20);
}

}  // namespace
