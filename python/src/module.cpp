// winnow._winnow: the core behind nanobind. The Python package (src/winnow/__init__.py) wraps it: module-level
// extract() with a per-thread Extractor, extract_many() over a thread pool, the error classes.
//
// The GIL is released while the core works (extracting, and rendering JSON, text, Markdown and HTML), so
// threads, each with its own Extractor, run in parallel.
// An Extractor serialises its own calls (a mutex), so sharing one between threads is safe, only not
// parallel.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "winnow/article.hpp"
#include "winnow/error.hpp"
#include "winnow/extract.hpp"
#include "winnow/limits.hpp"
#include "winnow/page_type.hpp"
#include "winnow/version.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace {

/// The core's error as the package's exception: LimitExceeded for any limit, NotText for binary input,
/// WinnowError otherwise; each carries the error's stable name (`e.name == "too_many_tokens"`).
nb::object error_object(const std::error_code& ec) {
    const nb::module_ errors = nb::module_::import_("winnow.errors");
    const char* kind = ec == winnow::condition::limit_exceeded ? "LimitExceeded"
                       : ec == winnow::errc::not_text          ? "NotText"
                                                               : "WinnowError";
    return errors.attr(kind)(nb::str(ec.message().c_str()), nb::str(std::string(winnow::error_name(ec)).c_str()));
}

[[noreturn]] void raise_error(const std::error_code& ec) {
    const nb::object error = error_object(ec);
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
    throw nb::python_error();
}

winnow::input_mode mode_of(std::string_view mode) {
    if (mode == "auto") return winnow::input_mode::automatic;
    if (mode == "html") return winnow::input_mode::html;
    if (mode == "text") return winnow::input_mode::text;
    throw nb::value_error("mode must be 'auto', 'html' or 'text'");
}

/// The bytes of a page given as bytes, bytearray or str (a str is its UTF-8, and says so).
std::string_view page_bytes(const nb::handle& page, bool& is_text) {
    is_text = false;
    if (PyBytes_Check(page.ptr())) return {PyBytes_AS_STRING(page.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(page.ptr()))};
    if (PyByteArray_Check(page.ptr()))
        return {PyByteArray_AS_STRING(page.ptr()), static_cast<std::size_t>(PyByteArray_GET_SIZE(page.ptr()))};
    if (PyUnicode_Check(page.ptr())) {
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(page.ptr(), &size);
        if (!utf8) throw nb::python_error();
        is_text = true;
        return {utf8, static_cast<std::size_t>(size)};
    }
    throw nb::type_error("page must be bytes, bytearray or str");
}

/// What extract() and extract_batch() are asked for, held while the core works without the GIL.
struct call_options {
    std::optional<std::string> url, encoding;
    winnow::input_mode mode = winnow::input_mode::automatic;
    bool captions = false, comments = false;

    [[nodiscard]] winnow::extract_options for_page(bool is_text, const winnow::limits& limits) const {
        winnow::extract_options options;
        options.mode = mode;
        if (url) options.url = *url;
        if (encoding) options.encoding_label = *encoding;
        else if (is_text) options.encoding_label = "utf-8";
        options.include_captions = captions;
        options.include_comments = comments;
        options.limits = limits;
        return options;
    }
};

/// Many pages at once on `threads` threads of its own, each with its own extractor: the GIL is released
/// once for the whole batch, and no Python runs between the pages. extract_many() feeds it batches.
class py_pool {
public:
    py_pool(std::size_t threads, std::optional<winnow::limits> limits)
        : limits_(limits.value_or(winnow::limits{})), extractors_(std::max<std::size_t>(threads, 1)) {}

    /// One entry per page, in order: its Article, or the exception it raised (not raised here).
    nb::list extract_batch(const nb::list& pages, std::optional<std::string> url, std::optional<std::string> encoding,
                           std::string_view mode, bool captions, bool comments) {
        const call_options call{std::move(url), std::move(encoding), mode_of(mode), captions, comments};
        std::vector<std::string_view> bytes(pages.size());
        std::vector<char> is_text(pages.size());
        for (std::size_t i = 0; i < pages.size(); ++i) {
            bool text = false;
            bytes[i] = page_bytes(pages[i], text);
            is_text[i] = text;
        }
        std::vector<std::optional<winnow::result<winnow::article>>> results(pages.size());
        {
            // `pages` (and so every page) stays referenced by the caller while the threads read them.
            nb::gil_scoped_release unlocked;
            const std::lock_guard<std::mutex> one_batch_at_a_time(mutex_);
            std::atomic<std::size_t> next{0};
            const auto work = [&](winnow::extractor& x) {
                for (std::size_t i = next++; i < bytes.size(); i = next++)
                    results[i].emplace(x.extract(bytes[i], call.for_page(is_text[i] != 0, limits_)));
            };
            const std::size_t helpers = std::min(extractors_.size(), bytes.size()) - (bytes.empty() ? 0 : 1);
            std::vector<std::thread> threads;
            threads.reserve(helpers);
            for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(work, std::ref(extractors_[t + 1]));
            if (!bytes.empty()) work(extractors_[0]);
            for (auto& t : threads) t.join();
        }
        nb::list out;
        for (auto& r : results) {
            if (*r) out.append(nb::cast(std::move(**r)));
            else out.append(error_object(r->error()));
        }
        return out;
    }

    [[nodiscard]] std::size_t threads() const noexcept { return extractors_.size(); }

private:
    winnow::limits limits_;
    std::vector<winnow::extractor> extractors_;
    std::mutex mutex_;
};

class py_extractor {
public:
    explicit py_extractor(std::optional<winnow::limits> limits) : limits_(limits.value_or(winnow::limits{})) {}

    winnow::article extract(const nb::handle& page, std::optional<std::string> url, std::optional<std::string> encoding,
                            std::string_view mode, bool captions, bool comments) {
        bool is_text = false;
        const std::string_view bytes = page_bytes(page, is_text);
        const call_options call{std::move(url), std::move(encoding), mode_of(mode), captions, comments};
        const winnow::extract_options options = call.for_page(is_text, limits_);
        winnow::result<winnow::article> a = winnow::failure(winnow::errc::invalid_argument);
        {
            // `page` stays referenced by the caller while the core reads it without the GIL.
            nb::gil_scoped_release unlocked;
            const std::lock_guard<std::mutex> one_at_a_time(mutex_);
            a = extractor_.extract(bytes, options);
        }
        if (!a) raise_error(a.error());
        return std::move(*a);
    }

    winnow::limits limits_;

private:
    winnow::extractor extractor_;
    std::mutex mutex_;
};

nb::dict stats_of(const winnow::extraction_stats& s) {
    nb::dict d;
    d["input_bytes"] = s.input_bytes;
    d["encoding"] = s.encoding;
    d["blocks"] = s.blocks;
    d["kept"] = s.kept;
    d["elapsed_us"] = s.elapsed_us;
    return d;
}

nb::object optional_str(const std::string& s) { return s.empty() ? nb::none() : nb::object(nb::str(s.c_str(), s.size())); }

}  // namespace

NB_MODULE(_winnow, m) {
    m.doc() = "The winnow core: boilerplate removal from web pages (see the winnow package).";
    m.attr("__version__") = WINNOW_VERSION_STRING;

    nb::class_<winnow::limits>(m, "Limits", "Bounds on one page's extraction; a page past one raises LimitExceeded.")
        .def(nb::init<>())
        .def_rw("max_input_bytes", &winnow::limits::max_input_bytes, "raw page bytes accepted (32 MiB)")
        .def_rw("max_tokens", &winnow::limits::max_tokens, "tokens one page may produce (4,000,000)")
        .def_rw("max_attributes_per_tag", &winnow::limits::max_attributes_per_tag, "attributes on one tag (1,024)")
        .def_rw("max_attribute_bytes", &winnow::limits::max_attribute_bytes, "bytes of one attribute (4 MiB)")
        .def_rw("max_nesting_depth", &winnow::limits::max_nesting_depth, "element nesting followed (512)")
        .def_rw("max_blocks", &winnow::limits::max_blocks, "blocks of one page (200,000)")
        .def_rw("max_page_ms", &winnow::limits::max_page_ms, "milliseconds one extraction may take, 0 for no bound (5,000)")
        // Picklable, so that a pipeline step holding limits can go to another process.
        .def("__getstate__", [](const winnow::limits& l) {
            return nb::make_tuple(l.max_input_bytes, l.max_tokens, l.max_attributes_per_tag, l.max_attribute_bytes,
                                  l.max_nesting_depth, l.max_blocks, l.max_page_ms);
        })
        .def("__setstate__", [](winnow::limits& l, const nb::tuple& t) {
            if (t.size() != 7) throw nb::value_error("a winnow.Limits state has 7 fields");
            new (&l) winnow::limits{nb::cast<std::size_t>(t[0]), nb::cast<std::size_t>(t[1]), nb::cast<std::size_t>(t[2]),
                                    nb::cast<std::size_t>(t[3]), nb::cast<std::size_t>(t[4]), nb::cast<std::size_t>(t[5]),
                                    nb::cast<std::size_t>(t[6])};
        })
        .def("__eq__", [](const winnow::limits& a, const winnow::limits& b) {
            return a.max_input_bytes == b.max_input_bytes && a.max_tokens == b.max_tokens &&
                   a.max_attributes_per_tag == b.max_attributes_per_tag && a.max_attribute_bytes == b.max_attribute_bytes &&
                   a.max_nesting_depth == b.max_nesting_depth && a.max_blocks == b.max_blocks && a.max_page_ms == b.max_page_ms;
        });

    nb::class_<winnow::article>(m, "Article", "The article of a page: metadata, body paragraphs, statistics.")
        .def_prop_ro("url", [](const winnow::article& a) { return optional_str(a.url); })
        .def_prop_ro("canonical_url", [](const winnow::article& a) { return optional_str(a.canonical_url); })
        .def_prop_ro("title", [](const winnow::article& a) { return optional_str(a.title); })
        .def_prop_ro("authors", [](const winnow::article& a) { return a.authors; })
        .def_prop_ro("editor", [](const winnow::article& a) { return optional_str(a.editor); })
        .def_prop_ro("published", [](const winnow::article& a) { return optional_str(a.published); })
        .def_prop_ro("language", [](const winnow::article& a) { return optional_str(a.language); })
        .def_prop_ro("site", [](const winnow::article& a) { return optional_str(a.site); })
        .def_prop_ro("page_type", [](const winnow::article& a) { return std::string(winnow::to_string(a.page_type)); })
        .def_prop_ro("text", [](const winnow::article& a) { return a.text(); })
        .def_prop_ro("paragraphs", [](const winnow::article& a) {
            nb::list out;
            for (const auto& p : a.paragraphs) out.append(nb::str(p.text.c_str(), p.text.size()));
            return out;
        })
        .def_prop_ro("comments", [](const winnow::article& a) { return a.comments; })
        .def_prop_ro("posts", [](const winnow::article& a) {
            nb::list out;
            for (const auto& p : a.posts) {
                nb::dict d;
                d["author"] = optional_str(p.author);
                d["published"] = optional_str(p.published);
                d["paragraphs"] = nb::make_tuple(p.first_paragraph, p.paragraphs);
                out.append(d);
            }
            return out;
        })
        .def_prop_ro("stats", [](const winnow::article& a) { return stats_of(a.stats); })
        .def("to_json", [](const winnow::article& a, bool comments) { return winnow::to_json(a, {.source = {}, .warc_record_id = {}, .comments = comments}); },
             "comments"_a = false, nb::call_guard<nb::gil_scoped_release>(),
             "One line of JSON, the schema of `winnow extract --format json`.")
        .def("to_text", [](const winnow::article& a) { return winnow::to_text(a); }, nb::call_guard<nb::gil_scoped_release>(),
             "The title, then the paragraphs, separated by blank lines.")
        .def("to_markdown", [](const winnow::article& a, bool links, bool images) { return winnow::to_markdown(a, {.links = links, .images = images}); },
             nb::kw_only(), "links"_a = true, "images"_a = true, nb::call_guard<nb::gil_scoped_release>(),
             "GitHub-flavoured Markdown with the page's structure and inline markup.")
        .def("to_html", [](const winnow::article& a, bool links, bool images) { return winnow::to_html(a, {.links = links, .images = images}); },
             nb::kw_only(), "links"_a = true, "images"_a = true, nb::call_guard<nb::gil_scoped_release>(),
             "A clean HTML document of the article.")
        .def("__bool__", [](const winnow::article& a) { return !a.paragraphs.empty(); })
        .def("__repr__", [](const winnow::article& a) {
            return "<winnow.Article " + std::string(winnow::to_string(a.page_type)) + " title=" +
                   (a.title.size() > 60 ? a.title.substr(0, 60) + "..." : a.title) + " paragraphs=" +
                   std::to_string(a.paragraphs.size()) + ">";
        });

    nb::class_<py_pool>(m, "Pool", "Threads of its own, each with an extractor, for batches of pages (extract_many).")
        .def(nb::init<std::size_t, std::optional<winnow::limits>>(), "threads"_a, "limits"_a = nb::none())
        .def_prop_ro("threads", &py_pool::threads)
        .def("extract_batch", &py_pool::extract_batch, "pages"_a, nb::kw_only(), "url"_a = nb::none(),
             "encoding"_a = nb::none(), "mode"_a = "auto", "captions"_a = false, "comments"_a = false,
             "The articles of a list of pages, in order; a page that fails gives its exception instead.");

    nb::class_<py_extractor>(m, "Extractor",
                             "Keeps its buffers between pages: one per thread. Calls on one Extractor run one at a time.")
        .def(nb::init<std::optional<winnow::limits>>(), "limits"_a = nb::none())
        .def_rw("limits", &py_extractor::limits_)
        .def("extract", &py_extractor::extract, "page"_a, nb::kw_only(), "url"_a = nb::none(), "encoding"_a = nb::none(),
             "mode"_a = "auto", "captions"_a = false, "comments"_a = false,
             "The article of one page (bytes in any charset, or str). Raises LimitExceeded, NotText or WinnowError.");
}
