#include "article/url.hpp"

namespace winnow::detail {
namespace {

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// The parts of a URL that resolution reads (RFC 3986 §3): scheme ":" ["//" authority] path ["?" query].
struct url_parts {
    std::string_view scheme, authority, path, query;
    bool has_authority = false, has_query = false;
};

url_parts split(std::string_view url) noexcept {
    url_parts p;
    p.scheme = scheme_of(url);
    if (!p.scheme.empty()) url.remove_prefix(p.scheme.size() + 1);
    if (url.substr(0, 2) == "//") {
        url.remove_prefix(2);
        const std::size_t end = url.find_first_of("/?#");
        p.authority = url.substr(0, end);
        p.has_authority = true;
        url = end == std::string_view::npos ? std::string_view() : url.substr(end);
    }
    url = url.substr(0, url.find('#'));
    const std::size_t question = url.find('?');
    p.path = url.substr(0, question);
    if (question != std::string_view::npos) {
        p.query = url.substr(question + 1);
        p.has_query = true;
    }
    return p;
}

/// RFC 3986 §5.2.4: "." and ".." segments removed.
std::string remove_dot_segments(std::string_view input) {
    std::string out;
    while (!input.empty()) {
        if (input.substr(0, 3) == "../") {
            input.remove_prefix(3);
        } else if (input.substr(0, 2) == "./") {
            input.remove_prefix(2);
        } else if (input.substr(0, 3) == "/./") {
            input.remove_prefix(2);
        } else if (input == "/.") {
            input = "/";
        } else if (input.substr(0, 4) == "/../" || input == "/..") {
            input = input.size() == 3 ? std::string_view("/") : input.substr(3);
            const std::size_t last = out.rfind('/');
            out.resize(last == std::string::npos ? 0 : last);
        } else if (input == "." || input == "..") {
            input = {};
        } else {
            const std::size_t next = input.find('/', input.front() == '/' ? 1 : 0);
            out.append(input.substr(0, next));
            input = next == std::string_view::npos ? std::string_view() : input.substr(next);
        }
    }
    return out;
}

/// RFC 3986 §5.2.3: the reference's path appended to the base path's directory.
std::string merge(const url_parts& base, std::string_view path) {
    std::string merged;
    if (base.has_authority && base.path.empty()) {
        merged.push_back('/');
    } else if (const std::size_t slash = base.path.rfind('/'); slash != std::string_view::npos) {
        merged.append(base.path.substr(0, slash + 1));
    }
    merged.append(path);
    return merged;
}

}  // namespace

std::string_view scheme_of(std::string_view url) noexcept {
    if (url.empty() || !is_alpha(url.front())) return {};
    for (std::size_t i = 1; i < url.size(); ++i) {
        const char c = url[i];
        if (c == ':') return url.substr(0, i);
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return {};
    }
    return {};
}

std::string resolve_url(std::string_view base, std::string_view reference) {
    std::string cleaned;
    cleaned.reserve(reference.size());
    for (char c : reference)
        if (c != '\t' && c != '\n' && c != '\r') cleaned.push_back(c);
    const std::string_view ref(cleaned);
    if (!scheme_of(ref).empty() || scheme_of(base).empty()) return cleaned;

    const url_parts b = split(base);
    const std::size_t hash = ref.find('#');
    const std::string_view fragment = hash == std::string_view::npos ? std::string_view() : ref.substr(hash);
    const url_parts r = split(ref.substr(0, hash));

    std::string out(b.scheme);
    out.push_back(':');
    std::string path;
    std::string_view query;
    bool has_query = false;
    if (r.has_authority) {
        out += "//";
        out += r.authority;
        path = remove_dot_segments(r.path);
        query = r.query;
        has_query = r.has_query;
    } else {
        if (b.has_authority) {
            out += "//";
            out += b.authority;
        }
        if (r.path.empty()) {
            path = std::string(b.path);
            query = r.has_query ? r.query : b.query;
            has_query = r.has_query || b.has_query;
        } else {
            path = remove_dot_segments(r.path.front() == '/' ? std::string(r.path) : merge(b, r.path));
            query = r.query;
            has_query = r.has_query;
        }
    }
    out += path;
    if (has_query) {
        out.push_back('?');
        out += query;
    }
    out += fragment;
    return out;
}

}  // namespace winnow::detail
