#include "http/server.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <algorithm>
#include <array>
#include <optional>

namespace winnow::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using namespace std::chrono_literals;

std::string_view path_of(std::string_view target) noexcept {
    const auto q = target.find('?');
    return q == std::string_view::npos ? target : target.substr(0, q);
}

struct server::slots {
    std::size_t open = 0;
    std::function<void()> on_release;   ///< cleared when the server goes away
};

namespace {

constexpr std::size_t max_request_header = 8 * 1024;
constexpr std::size_t max_request_body = 8 * 1024;
constexpr std::size_t max_drained = 64 * 1024;

/// One connection's place under the cap, given back when the session ends.
class slot {
public:
    explicit slot(std::shared_ptr<server::slots> s) : slots_(std::move(s)) { ++slots_->open; }
    ~slot() {
        --slots_->open;
        if (slots_->on_release) slots_->on_release();
    }
    slot(const slot&) = delete;
    slot& operator=(const slot&) = delete;

private:
    std::shared_ptr<server::slots> slots_;
};

/// The answer to a request that could not be read, or none (the client went away or timed out).
std::optional<bhttp::status> status_for(const beast::error_code& ec) {
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
        return bhttp::status::request_header_fields_too_large;
    if (ec == bhttp::error::body_limit) return bhttp::status::payload_too_large;
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) return bhttp::status::bad_request;
    return std::nullopt;   // a timeout, a reset: nobody to answer
}

// One connection: read a request, answer it, repeat while the client keeps the connection alive.
class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket socket, std::shared_ptr<const handler> h, const server_options& options,
            std::shared_ptr<server::slots> slots)
        : stream_(std::move(socket)),
          handler_(std::move(h)),
          read_timeout_(options.read_timeout),
          write_timeout_(options.write_timeout),
          slot_(std::move(slots)) {}

    void start() { read(); }

private:
    void read() {
        parser_.emplace();
        parser_->body_limit(max_request_body);
        parser_->header_limit(max_request_header);
        stream_.expires_after(read_timeout_);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(const beast::error_code& ec) {
        if (ec) {
            if (const auto status = status_for(ec)) {
                response r{static_cast<unsigned>(*status), "text/plain; charset=utf-8", ec.message() + "\n", {}};
                return write(std::move(r), 11, false, false);
            }
            return close();
        }
        const auto& req = parser_->get();
        response r = (*handler_)(request{std::string(req.method_string()), std::string(req.target())});
        write(std::move(r), req.version(), req.keep_alive(), req.method() == bhttp::verb::head);
    }

    void write(response r, unsigned version, bool keep_alive, bool head) {
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), version);
        res->set(bhttp::field::server, "winnow");
        res->set(bhttp::field::content_type, r.content_type);
        res->set(bhttp::field::cache_control, "no-store");
        if (!r.allow.empty()) res->set(bhttp::field::allow, r.allow);
        res->keep_alive(keep_alive);
        if (head) {
            res->content_length(r.body.size());   // what GET would send, without the body
        } else {
            res->body() = std::move(r.body);
            res->prepare_payload();
        }
        stream_.expires_after(write_timeout_);
        bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            if (!res->keep_alive()) return self->linger();
            self->read();
        });
    }

    // After an answer that closes the connection: stop sending, then read (and drop) a little of what the
    // client still sends, so that unread bytes do not make the kernel reset the connection before the
    // client has read the answer.
    void linger() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(1s);
        drain();
    }

    void drain() {
        stream_.async_read_some(boost::asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            self->drained_ += n;
            if (ec || self->drained_ >= max_drained) return self->close();
            self->drain();
        });
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.socket().close(ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::shared_ptr<const handler> handler_;
    std::chrono::milliseconds read_timeout_;
    std::chrono::milliseconds write_timeout_;
    std::array<char, 4096> discard_{};
    std::size_t drained_ = 0;
    slot slot_;
};

}  // namespace

server::server(boost::asio::io_context& io, handler h, server_options options)
    : io_(io),
      acceptor_(io),
      retry_(io),
      handler_(std::make_shared<const handler>(std::move(h))),
      options_(std::move(options)),
      slots_(std::make_shared<slots>()) {
    options_.max_connections = std::max<std::size_t>(1, options_.max_connections);
    // A connection closing frees a place: accept again if the cap had stopped it.
    slots_->on_release = [this] {
        if (waiting_for_slot_ && acceptor_.is_open()) {
            waiting_for_slot_ = false;
            accept();
        }
    };
}

server::~server() {
    slots_->on_release = nullptr;   // sessions may outlive the server until the io_context goes
    stop();
}

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

std::size_t server::connections() const noexcept { return slots_->open; }

void server::stop() {
    boost::system::error_code ignored;
    retry_.cancel();
    if (acceptor_.is_open()) acceptor_.close(ignored);
}

void server::accept() {
    if (slots_->open >= options_.max_connections) {
        waiting_for_slot_ = true;   // new clients wait in the kernel's backlog until a connection closes
        return;
    }
    acceptor_.async_accept(boost::asio::make_strand(io_), [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
            if (options_.on_accept_error) options_.on_accept_error(ec);
            return retry_accept_later();
        }
        backoff_ = 0ms;
        std::make_shared<session>(std::move(socket), handler_, options_, slots_)->start();
        accept();
    });
}

void server::retry_accept_later() {
    // The connection waiting in the backlog keeps the socket readable: accepting again at once would fail
    // again at once, in a loop that takes a core. Wait, longer each time, up to a second.
    backoff_ = backoff_ == 0ms ? 50ms : std::min<std::chrono::milliseconds>(backoff_ * 2, 1s);
    retry_.expires_after(backoff_);
    retry_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && acceptor_.is_open()) accept();
    });
}

}  // namespace winnow::http
