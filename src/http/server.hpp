// The worker's HTTP endpoint: a small Boost.Beast server on the caller's io_context that answers requests
// through one handler (/livez, /readyz and /metrics are routed by the worker, not here).
//
// It is built to stay up whatever its clients do. Connections are capped (past the cap it stops accepting
// until one closes, so it never runs the process out of descriptors itself); an accept that fails (no
// descriptor left anywhere in the process: EMFILE, ENFILE, ENOBUFS) is retried after a pause that doubles
// up to a second, never at once in a loop. A request must arrive whole within the read timeout (slow
// clients are cut off), an answer be taken within the write timeout; requests are small (8 KiB of header,
// 8 KiB of body). A malformed request is answered, then the connection closed: 431 for a header past the
// limit, 413 for a body past it, 400 for anything else that does not parse.
//
//     boost::asio::io_context io;
//     winnow::http::server s(io, [](const winnow::http::request& r) { return winnow::http::response{200, "text/plain", "ok\n"}; });
//     if (auto ec = s.listen("0.0.0.0", 0)) fail(ec);   // port 0: the kernel picks one
//     log("listening on", s.port());
//     io.run();
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace winnow::http {

struct request {
    std::string method;   ///< as sent ("GET", "HEAD", ...)
    std::string target;   ///< path and query, as sent
};

struct response {
    unsigned status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::string allow;    ///< the Allow header, for a 405
};

using handler = std::function<response(const request&)>;

struct server_options {
    std::size_t max_connections = 64;
    std::chrono::milliseconds read_timeout{10'000};    ///< a whole request, and an idle kept-alive connection
    std::chrono::milliseconds write_timeout{5'000};
    /// Told of every failed accept (for a log or a metric); the server retries after its pause.
    std::function<void(const boost::system::error_code&)> on_accept_error;
};

class server {
public:
    server(boost::asio::io_context& io, handler h, server_options options = {});
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Binds and starts accepting. Returns the error of resolving, binding or listening.
    [[nodiscard]] boost::system::error_code listen(std::string_view host, std::uint16_t port);
    /// The bound port (useful after listening on port 0).
    [[nodiscard]] std::uint16_t port() const;
    /// Stops accepting; open connections end with their current request.
    void stop();

    /// Connections open now (for tests and metrics).
    [[nodiscard]] std::size_t connections() const noexcept;

    struct slots;   ///< the connection count, shared with the sessions (they may outlive the server)

private:
    void accept();
    void retry_accept_later();

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
    std::shared_ptr<const handler> handler_;
    server_options options_;
    std::shared_ptr<slots> slots_;
    std::chrono::milliseconds backoff_{0};
    bool waiting_for_slot_ = false;
};

/// The path of a request target, without the query ("/metrics?x=1" gives "/metrics").
[[nodiscard]] std::string_view path_of(std::string_view target) noexcept;

}  // namespace winnow::http
