// The worker's HTTP endpoint: a small Boost.Beast server on the caller's io_context that answers GET
// requests through one handler (/livez, /readyz and /metrics are routed by the worker, not here).
// Connections are kept alive, requests are small (8 KiB at most), idle connections close after 30 s.
//
//     boost::asio::io_context io;
//     winnow::http::server s(io, [](const winnow::http::request& r) { return winnow::http::response{200, "text/plain", "ok\n"}; });
//     if (auto ec = s.listen("0.0.0.0", 0)) fail(ec);   // port 0: the kernel picks one
//     log("listening on", s.port());
//     io.run();
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace winnow::http {

struct request {
    std::string method;
    std::string target;   ///< path and query, as sent
};

struct response {
    unsigned status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

using handler = std::function<response(const request&)>;

class server {
public:
    server(boost::asio::io_context& io, handler h);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Binds and starts accepting. Returns the error of resolving, binding or listening.
    [[nodiscard]] boost::system::error_code listen(std::string_view host, std::uint16_t port);
    /// The bound port (useful after listening on port 0).
    [[nodiscard]] std::uint16_t port() const;
    /// Stops accepting; open connections end with their current request.
    void stop();

private:
    void accept();

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<const handler> handler_;
};

/// The path of a request target, without the query ("/metrics?x=1" gives "/metrics").
[[nodiscard]] std::string_view path_of(std::string_view target) noexcept;

}  // namespace winnow::http
