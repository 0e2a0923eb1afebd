#include "winnow/error.hpp"

#include <string>

namespace winnow {
namespace {

class winnow_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "winnow"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::limit_exceeded: return "a configured limit was exceeded";
            case errc::invalid_argument: return "invalid argument";
            case errc::unknown_encoding: return "unknown encoding label";
            case errc::decode_failed: return "charset conversion failed";
            case errc::empty_input: return "empty input";
        }
        return "unknown winnow error " + std::to_string(value);
    }
};

// A function-local static rather than a namespace-scope global: constructed on first use, constant after.
const winnow_category& category_instance() noexcept {
    static const winnow_category instance;
    return instance;
}

}  // namespace

const std::error_category& error_category() noexcept { return category_instance(); }

std::string_view error_name(const std::error_code& ec) noexcept {
    if (!ec) return "ok";
    if (ec.category() != error_category()) return "system";
    switch (static_cast<errc>(ec.value())) {
        case errc::limit_exceeded: return "limit_exceeded";
        case errc::invalid_argument: return "invalid_argument";
        case errc::unknown_encoding: return "unknown_encoding";
        case errc::decode_failed: return "decode_failed";
        case errc::empty_input: return "empty_input";
    }
    return "unknown";
}

}  // namespace winnow
