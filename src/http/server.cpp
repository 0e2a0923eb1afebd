#include "http/server.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <chrono>

namespace winnow::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

std::string_view path_of(std::string_view target) noexcept {
    const auto q = target.find('?');
    return q == std::string_view::npos ? target : target.substr(0, q);
}

namespace {

// One connection: read a request, answer it, repeat while the client keeps the connection alive.
class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket socket, std::shared_ptr<const handler> h) : stream_(std::move(socket)), handler_(std::move(h)) {}

    void start() { read(); }

private:
    void read() {
        parser_.emplace();
        parser_->body_limit(8 * 1024);
        parser_->header_limit(8 * 1024);
        stream_.expires_after(std::chrono::seconds(30));
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec) {
            // end_of_stream: the client closed; anything else (timeout, bad request): drop the connection.
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        const auto& req = parser_->get();
        response r;
        if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
            r = {405, "text/plain; charset=utf-8", "method not allowed\n"};
        } else {
            r = (*handler_)(request{std::string(req.method_string()), std::string(req.target())});
        }
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), req.version());
        res->set(bhttp::field::server, "winnow");
        res->set(bhttp::field::content_type, r.content_type);
        res->set(bhttp::field::cache_control, "no-store");
        res->keep_alive(req.keep_alive());
        if (req.method() != bhttp::verb::head) res->body() = std::move(r.body);
        res->prepare_payload();
        bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code wec, std::size_t) {
            if (wec || !res->keep_alive()) {
                beast::error_code ignored;
                self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                return;
            }
            self->read();
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::shared_ptr<const handler> handler_;
};

}  // namespace

server::server(boost::asio::io_context& io, handler h)
    : io_(io), acceptor_(io), handler_(std::make_shared<const handler>(std::move(h))) {}

server::~server() { stop(); }

boost::system::error_code server::listen(std::string_view host, std::uint16_t port) {
    boost::system::error_code ec;
    tcp::resolver resolver(io_);
    const auto results = resolver.resolve(std::string(host), std::to_string(port),
                                          tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) return ec;
    if (results.empty()) return boost::asio::error::host_not_found;
    const tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) return ec;
    acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (ec) return ec;
    acceptor_.bind(endpoint, ec);
    if (ec) return ec;
    acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
    if (ec) return ec;
    accept();
    return {};
}

std::uint16_t server::port() const {
    boost::system::error_code ec;
    const auto endpoint = acceptor_.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

void server::stop() {
    boost::system::error_code ignored;
    if (acceptor_.is_open()) acceptor_.close(ignored);
}

void server::accept() {
    acceptor_.async_accept(boost::asio::make_strand(io_), [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (!ec) std::make_shared<session>(std::move(socket), handler_)->start();
        accept();
    });
}

}  // namespace winnow::http
