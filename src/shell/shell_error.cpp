#include "shell/shell_error.hpp"

#include <string>

namespace winnow::shell {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "winnow.shell"; }
    std::string message(int value) const override {
        switch (static_cast<shell_errc>(value)) {
            case shell_errc::truncated_gzip: return "truncated gzip stream";
            case shell_errc::corrupt_gzip: return "corrupt gzip data";
            case shell_errc::too_many_gzip_layers: return "gzip nested deeper than a page is";
            case shell_errc::not_warc: return "not a WARC record (no WARC/1.x version line)";
            case shell_errc::bad_warc_header: return "WARC record header without a valid Content-Length";
            case shell_errc::truncated_warc: return "truncated WARC record";
            case shell_errc::warc_record_too_large: return "WARC record larger than the page limit";
            case shell_errc::bad_http_response: return "response record without an HTTP status line and headers";
        }
        return "unknown shell error";
    }
};

}  // namespace

const std::error_category& shell_category() noexcept {
    static const category instance;
    return instance;
}

std::string_view shell_error_name(shell_errc e) noexcept {
    switch (e) {
        case shell_errc::truncated_gzip: return "truncated_gzip";
        case shell_errc::corrupt_gzip: return "corrupt_gzip";
        case shell_errc::too_many_gzip_layers: return "too_many_gzip_layers";
        case shell_errc::not_warc: return "not_warc";
        case shell_errc::bad_warc_header: return "bad_warc_header";
        case shell_errc::truncated_warc: return "truncated_warc";
        case shell_errc::warc_record_too_large: return "warc_record_too_large";
        case shell_errc::bad_http_response: return "bad_http_response";
    }
    return "unknown";
}

}  // namespace winnow::shell
