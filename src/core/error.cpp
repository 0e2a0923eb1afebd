#include "winnow/error.hpp"

#include <string>

namespace winnow {
namespace {

bool is_limit(errc e) noexcept {
    switch (e) {
        case errc::input_too_large:
        case errc::too_many_tokens:
        case errc::too_many_attributes:
        case errc::attribute_too_large:
        case errc::too_many_blocks:
        case errc::timeout:
            return true;
        case errc::invalid_argument:
        case errc::unknown_encoding:
        case errc::decode_failed:
        case errc::not_text:
            return false;
    }
    return false;
}

class winnow_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "winnow"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::input_too_large: return "input larger than the configured limit";
            case errc::too_many_tokens: return "more tokens than the configured limit";
            case errc::too_many_attributes: return "a tag has more attributes than the configured limit";
            case errc::attribute_too_large: return "an attribute is longer than the configured limit";
            case errc::too_many_blocks: return "more blocks than the configured limit";
            case errc::invalid_argument: return "invalid argument";
            case errc::unknown_encoding: return "encoding label not known to the WHATWG Encoding standard";
            case errc::decode_failed: return "charset conversion failed";
            case errc::timeout: return "the extraction took longer than the configured limit";
            case errc::not_text: return "binary data (NUL bytes or control characters) rather than a page";
        }
        return "unrecognised winnow error " + std::to_string(value);
    }

    std::error_condition default_error_condition(int value) const noexcept override {
        if (is_limit(static_cast<errc>(value))) return condition::limit_exceeded;
        return {value, *this};
    }
};

class winnow_condition_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "winnow.condition"; }

    std::string message(int value) const override {
        switch (static_cast<condition>(value)) {
            case condition::limit_exceeded: return "a configured limit was exceeded";
        }
        return "unrecognised winnow condition " + std::to_string(value);
    }

    bool equivalent(const std::error_code& code, int value) const noexcept override {
        return static_cast<condition>(value) == condition::limit_exceeded && code.category() == winnow::error_category() &&
               is_limit(static_cast<errc>(code.value()));
    }
};

}  // namespace

// Function-local statics rather than namespace-scope globals: constructed on first use, constant after.
const std::error_category& error_category() noexcept {
    static const winnow_category instance;
    return instance;
}

const std::error_category& condition_category() noexcept {
    static const winnow_condition_category instance;
    return instance;
}

std::string_view error_name(const std::error_code& ec) noexcept {
    if (!ec) return "ok";
    if (ec.category() != error_category()) return "system";
    switch (static_cast<errc>(ec.value())) {
        case errc::input_too_large: return "input_too_large";
        case errc::too_many_tokens: return "too_many_tokens";
        case errc::too_many_attributes: return "too_many_attributes";
        case errc::attribute_too_large: return "attribute_too_large";
        case errc::too_many_blocks: return "too_many_blocks";
        case errc::invalid_argument: return "invalid_argument";
        case errc::unknown_encoding: return "unknown_encoding";
        case errc::decode_failed: return "decode_failed";
        case errc::timeout: return "timeout";
        case errc::not_text: return "not_text";
    }
    return "unrecognised";
}

}  // namespace winnow
