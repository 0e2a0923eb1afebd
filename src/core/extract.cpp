#include "winnow/extract.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <span>

#include "blocks/block_tree.hpp"
#include "classify/classify.hpp"
#include "deadline.hpp"
#include "fan_out.hpp"
#include "article/headline.hpp"
#include "article/json_writer.hpp"
#include "article/markup.hpp"
#include "utf8.hpp"
#include "winnow/encoding.hpp"
#include "winnow/text_signals.hpp"
#include "winnow/tokenizer.hpp"

namespace winnow {
namespace {

constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr bool is_ascii_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// Flattened text has a line per block and at most a few stray tags; HTML has markup from the start.
bool looks_like_flattened_text(std::string_view page) {
    const std::string_view head = page.substr(0, 256 * 1024);
    std::size_t first = 0;
    while (first < head.size() && (head[first] == ' ' || head[first] == '\n' || head[first] == '\r' ||
                                   head[first] == '\t'))
        ++first;
    if (first < head.size() && head[first] == '<') return false;
    std::size_t tags = 0, lines = 1;
    for (std::size_t i = 0; i + 1 < head.size(); ++i) {
        if (head[i] == '\n') ++lines;
        if (head[i] != '<') continue;
        const char next = head[i + 1];
        if (is_ascii_alpha(next) || next == '/' || next == '!') {
            static constexpr std::string_view strong[] = {"html", "body", "head", "div", "p>", "p ", "br", "meta",
                                                          "table", "script", "!doctype", "span", "li", "ul"};
            for (std::string_view word : strong) {
                bool match = i + 1 + word.size() <= head.size();
                for (std::size_t k = 0; match && k < word.size(); ++k)
                    match = to_lower(head[i + 1 + k]) == word[k];
                if (match) {
                    tags += 3;  // markup that only HTML has
                    break;
                }
            }
            ++tags;
        }
    }
    return tags < std::max<std::size_t>(8, lines / 8);
}

/// Text mode: a line without tag residue ("</a>") and without the pinyin of flattened ruby markup.
std::string clean_line(std::string_view line) {
    std::string without_tags;
    without_tags.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '<' && i + 1 < line.size() && (is_ascii_alpha(line[i + 1]) || line[i + 1] == '/')) {
            // A tag is at most 200 bytes without another '<': only that far is looked at, so a line of
            // unclosed "<a<a<a" costs its length, not its length squared.
            const std::string_view window = line.substr(i, 201);
            const std::size_t close = window.find('>');
            if (close != std::string_view::npos && window.substr(0, close).find('<', 1) == std::string_view::npos) {
                i += close;
                continue;
            }
        }
        without_tags.push_back(line[i]);
    }
    std::string out = signals::remove_pinyin_residue(without_tags);
    // Fold whitespace; flattening often leaves runs of spaces and tabs. Control characters (C0, DEL, C1)
    // are no text, as in HTML.
    std::string folded;
    folded.reserve(out.size());
    bool space = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            space = !folded.empty();
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) continue;
        if (byte == 0xC2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) <= 0x9F &&
            static_cast<unsigned char>(out[i + 1]) >= 0x80) {
            ++i;
            continue;
        }
        if (space) folded.push_back(' ');
        space = false;
        folded.push_back(c);
    }
    return folded;
}

/// Trims ASCII whitespace, no-break spaces (U+00A0) and ideographic spaces (U+3000): Chinese paragraphs
/// are often indented with two U+3000, which are layout, not text.
std::string_view trim_spaces(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
        else if (s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
        else if (s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
        else break;
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) s.remove_suffix(1);
        else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
        else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
        else break;
    }
    return s;
}

/// "YYYY-MM-DD..." dates a and b are the same day with its day and month read the other way round.
[[nodiscard]] bool day_and_month_swapped(std::string_view a, std::string_view b) noexcept {
    return a.size() >= 10 && b.size() >= 10 && a.substr(0, 4) == b.substr(0, 4) && a.substr(5, 2) == b.substr(8, 2) &&
           a.substr(8, 2) == b.substr(5, 2);
}

/// The publication date once the date under the headline has its say: it wins over a metadata date of
/// another day (a re-publication, a template's date), unless it is only that date written in digits and
/// read in the other order ("03/10/2023" on a site that writes the day first). A page that shows only
/// "Updated March 3, 2025" under its headline is dated by that line, unless the page itself declares when
/// it was published: in article:published_time, or in a <time datetime> of its text. A date only in JSON-LD,
/// a named meta tag, microdata or a class-named element is often the day an evergreen page was first
/// written ("Best laptops of 2025", updated every month), which the line readers see has replaced.
[[nodiscard]] std::string dated_by_what_is_shown(std::string published, const page_metadata& meta,
                                                 const detail::classification& shown) {
    if (!shown.shown_date.empty()) {
        if (published.compare(0, 10, shown.shown_date, 0, 10) == 0) return published;
        if (shown.shown_date_numeric && day_and_month_swapped(published, shown.shown_date)) return published;
        return shown.shown_date;
    }
    const bool declared = meta.published_from == date_source::article_meta || meta.published_from == date_source::time_element;
    if (!shown.shown_updated.empty() && (meta.published.empty() || !declared)) return shown.shown_updated;
    return published;
}

}  // namespace

class extractor::impl {
public:
    impl() : builder_(limits{}), sink_(builder_, metadata_) {}

    result<article> extract(std::string_view page, const extract_options& options, explanation* why) {
        const auto started = std::chrono::steady_clock::now();
        detail::deadline budget = detail::deadline::after(options.limits.max_page_ms, started);
        if (page.size() > options.limits.max_input_bytes) return failure(errc::input_too_large);
        if (looks_binary(page, options.encoding_label)) return failure(errc::not_text);
        auto decoded = decode(page, {.caller_label = options.encoding_label, .limits = options.limits});
        if (!decoded) return failure(decoded.error());
        const std::string_view text = decoded->text();

        const bool text_mode = options.mode == input_mode::text ||
                               (options.mode == input_mode::automatic && looks_like_flattened_text(text));
        page_metadata meta;
        if (text_mode) {
            if (!build_text_tree(text, options.limits, budget)) return failure(errc::timeout);
            if (tree_.blocks.size() > options.limits.max_blocks) return failure(errc::too_many_blocks);
        } else {
            builder_.reset(options.limits, false, options.keep_markup);
            metadata_.reset();
            if (auto ec = build(text, tokenizer_, builder_, options.limits, budget)) return failure(ec);
            meta = metadata_.finish();
        }
        const detail::block_tree* html_tree = &builder_.tree();
        if (!text_mode) {
            auto second = read_second(text, meta, options, budget);
            if (!second) return failure(second.error());
            if (*second) html_tree = &second_builder_.tree();
        }
        const detail::block_tree& tree = text_mode ? tree_ : *html_tree;
        if (auto ec = classifier_.classify(tree, meta, {.text_mode = text_mode, .include_captions = options.include_captions},
                                           budget, result_))
            return failure(ec);

        article a = assemble(tree, meta, options);
        a.stats.input_bytes = page.size();
        a.stats.encoding = std::string(decoded->encoding());
        a.stats.blocks = tree.blocks.size();
        if (why) explain(tree, text_mode, decoded->encoding(), *why);
        a.stats.elapsed_us = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
        return a;
    }

private:
    /// Tokenizes `html` with `tok` (reset, so its buffers are reused from page to page) into its sink, which
    /// feeds `builder` (and perhaps a metadata collector), and finishes the builder's tree.
    static std::error_code build(std::string_view html, tokenizer& tok, detail::block_builder& builder,
                                 const limits& bounds, detail::deadline& budget) {
        tokenizer_options settings;
        settings.limits = bounds;
        settings.deadline = budget.at();
        tok.reset(settings);
        if (auto r = tok.feed(html); !r) return r.error();
        if (auto r = tok.finish(); !r) return r.error();
        return builder.finish();
    }

    /// A second reading of a page with little visible text, into second_builder_; true when its tree is the
    /// one to classify.
    /// - A page that renders its text with script, and gives clients without script the same text in
    ///   <noscript> (a forum's posts, a shop's products), is read from its <noscript> markup, whose authors
    ///   and dates fill what the page's own metadata lacks.
    /// - A page whose text is all hidden until a script shows it (a wrapper with visibility:hidden against a
    ///   flash of unstyled content, a streamed page's <div hidden> parts that a script moves into place) is
    ///   read again with the hiding markup ignored.
    /// Each when its markup (or hidden text) is long, the visible text short, and the second reading has
    /// much more text than the first.
    result<bool> read_second(std::string_view text, page_metadata& meta, const extract_options& options,
                             detail::deadline& budget) {
        const limits& bounds = options.limits;
        const auto& t = classifier_.tuning().reading;
        const std::size_t visible = characters_of(builder_.tree());
        const auto more_text = [&](double gain) {
            return static_cast<double>(characters_of(second_builder_.tree())) >=
                   gain * static_cast<double>(std::max<std::size_t>(visible, 1));
        };
        if (builder_.noscript_html().size() >= t.noscript_min_bytes && visible < t.noscript_max_outside_chars) {
            second_builder_.reset(bounds, false, options.keep_markup);
            second_metadata_.reset();
            if (auto ec = build(builder_.noscript_html(), noscript_tokenizer_, second_builder_, bounds, budget)) return failure(ec);
            if (more_text(t.noscript_min_gain)) {
                const page_metadata inner = second_metadata_.finish();
                if (meta.authors.empty()) meta.authors = inner.authors;
                if (meta.published.empty()) meta.published = inner.published;
                return true;
            }
        }
        if (builder_.hidden_text_bytes() >= t.hidden_min_bytes && visible < t.hidden_max_outside_chars) {
            second_builder_.reset(bounds, true, options.keep_markup);
            if (auto ec = build(text, hidden_tokenizer_, second_builder_, bounds, budget)) return failure(ec);
            return more_text(t.hidden_min_gain);
        }
        return false;
    }

    static std::size_t characters_of(const detail::block_tree& tree) noexcept {
        std::size_t chars = 0;
        for (const auto& b : tree.blocks) chars += b.chars;
        return chars;
    }

    /// The blocks of flattened text, a line each; false when the budget ran out first.
    bool build_text_tree(std::string_view text, const limits& bounds, detail::deadline& budget) {
        tree_.clear();
        detail::element_node root;
        root.tag = tag_id::html;
        tree_.nodes.push_back(root);
        std::size_t line_number = 0;
        std::size_t at = 0;
        while (at <= text.size() && tree_.blocks.size() <= bounds.max_blocks) {
            if (budget.passed()) return false;
            std::size_t end = text.find('\n', at);
            if (end == std::string_view::npos) end = text.size();
            ++line_number;
            const std::string line = clean_line(text.substr(at, end - at));
            at = end + 1;
            if (line.empty()) {
                if (end == text.size()) break;
                continue;
            }
            detail::text_block b;
            b.node = 0;
            b.text_begin = static_cast<std::uint32_t>(tree_.text.size());
            b.text_length = static_cast<std::uint32_t>(line.size());
            b.offset = line_number;
            for (char c : line) b.chars += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u && c != ' ' ? 1 : 0;
            tree_.text += line;
            tree_.blocks.push_back(b);
            if (end == text.size()) break;
        }
        tree_.nodes[0].end_block = static_cast<std::uint32_t>(tree_.blocks.size());
        return true;
    }

    article assemble(const detail::block_tree& tree, const page_metadata& meta, const extract_options& options) {
        article a;
        const auto& decisions = result_.decisions;
        std::uint32_t previous_row = 0;
        // Posts map their blocks to paragraphs as the paragraphs are made.
        std::size_t next_post = 0;
        const auto& posts = result_.posts;
        std::size_t closed = 0;   // posts whose paragraphs are counted
        const auto close_posts = [&](std::size_t block) {
            for (; closed < a.posts.size() && posts[closed].end_block <= block; ++closed)
                a.posts[closed].paragraphs = a.paragraphs.size() - a.posts[closed].first_paragraph;
        };
        // Links and images lead where the page's base, the caller's URL or the canonical URL says.
        const std::string_view base = !meta.base_url.empty() ? std::string_view(meta.base_url)
                                      : !options.url.empty() ? options.url
                                                             : std::string_view(meta.canonical_url);
        detail::markup_gatherer markup(tree, base);
        const bool keep_markup = options.keep_markup && !tree.marks.empty();
        for (std::size_t i = 0; i < tree.blocks.size(); ++i) {
            close_posts(i);
            while (next_post < posts.size() && posts[next_post].first_block == i) {
                a.posts.push_back({posts[next_post].author, posts[next_post].published, a.paragraphs.size(), 0});
                ++next_post;
            }
            if (!decisions[i].kept) {
                if (options.include_comments && decisions[i].decision == block_class::comments)
                    if (const std::string_view text = trim_spaces(tree.text_of(tree.blocks[i])); !text.empty())
                        a.comments.emplace_back(text);
                // A figure's picture belongs to the body even when its caption is left out.
                if (keep_markup && decisions[i].decision == block_class::caption) markup.keep_images_of(i);
                continue;
            }
            const detail::text_block& b = tree.blocks[i];
            const std::string_view raw = decisions[i].rewritten ? std::string_view(decisions[i].text) : tree.text_of(b);
            const std::string_view kept = b.in_pre ? raw : trim_spaces(raw);  // code keeps its indentation
            if (kept.empty()) continue;
            std::string text(kept);
            // Where the kept text lies in the block's own text, for its markup: a rewritten block keeps
            // its markup only where the rewriting kept a piece of the text whole. Code keeps none.
            const std::size_t from = !keep_markup || b.in_pre ? std::string_view::npos
                                     : decisions[i].rewritten ? tree.text_of(b).find(kept)
                                                              : static_cast<std::size_t>(kept.data() - raw.data());
            const auto add_markup = [&](paragraph& to, std::size_t at) {
                if (from != std::string_view::npos) markup.add(i, from, kept.size(), at, to.markup);
            };
            paragraph p;
            if (decisions[i].decision == block_class::caption) {
                p.kind = paragraph_kind::caption;
            } else if (b.heading) {
                p.kind = paragraph_kind::heading;
                p.level = b.heading;
            } else if (b.in_pre) {
                p.kind = paragraph_kind::code;
                p.language = std::string(tree.language_of(b));
            } else if (b.row != 0) {
                p.kind = paragraph_kind::table_row;
                p.level = b.header_cell ? 1 : 0;
                if (b.row == previous_row && !a.paragraphs.empty() &&
                    a.paragraphs.back().kind == paragraph_kind::table_row) {
                    a.paragraphs.back().text += " | ";
                    add_markup(a.paragraphs.back(), a.paragraphs.back().text.size());
                    a.paragraphs.back().text += text;
                    if (!b.header_cell) a.paragraphs.back().level = 0;
                    a.stats.kept++;
                    continue;
                }
            } else if (b.list_depth > 0 && (tree.nodes[b.node].tag == tag_id::li || tree.nodes[b.node].tag == tag_id::dd ||
                                            tree.nodes[b.node].tag == tag_id::dt)) {
                p.kind = paragraph_kind::list_item;
                p.level = static_cast<std::uint8_t>(std::min<std::uint16_t>(b.list_depth, 9));
                p.ordered = b.ordered_list;
            } else if (b.in_quote) {
                p.kind = paragraph_kind::quote;
            }
            previous_row = b.row;
            p.text = std::move(text);
            add_markup(p, 0);
            a.paragraphs.push_back(std::move(p));
            a.stats.kept++;
        }
        close_posts(tree.blocks.size());
        if (keep_markup)
            for (auto& p : a.paragraphs) detail::normalise_markup(p.markup);

        // The page's <h1> blocks: how many, and the texts of the first few (the headline candidates).
        constexpr std::size_t max_h1s = 8;
        std::array<std::string_view, max_h1s> h1s{};
        std::size_t h1_count = 0, h1s_seen = 0;
        for (const auto& b : tree.blocks) {
            if (b.heading != 1) continue;
            ++h1_count;
            if (b.text_length > 0 && h1s_seen < max_h1s) h1s[h1s_seen++] = tree.text_of(b);
        }
        a.title = !meta.title.empty()      ? detail::shown_title(meta, result_.page_type, h1_count)
                  : !result_.title.empty() ? result_.title
                                           : meta.first_h1;
        a.url = !options.url.empty() ? std::string(options.url) : meta.canonical_url;
        a.title = detail::title_without_site_of_url(std::move(a.title), meta, a.url);
        a.title = detail::confirmed_headline(std::move(a.title), meta, a.url, std::span(h1s.data(), h1s_seen));
        a.title = detail::tidy_title(std::move(a.title), meta, a.url);
        a.authors = !meta.authors.empty() ? meta.authors : result_.authors;
        a.editor = result_.editor;
        // A page that gives only the date it was last changed is dated by that: it is the date of the text shown.
        a.published = !meta.published.empty()    ? meta.published
                      : !result_.published.empty() ? result_.published
                                                   : meta.modified;
        // The date under the headline over a metadata date of another day (a re-publication, a template's
        // date); not on threads, where the line under the title is often the last reply's.
        if (result_.page_type != page_type::forum) a.published = dated_by_what_is_shown(a.published, meta, result_);
        a.site = meta.site_name;
        a.page_type = result_.page_type;
        a.canonical_url = meta.canonical_url;
        a.language = meta.language;
        if (a.language.empty()) {
            std::string sample;
            for (const auto& p : a.paragraphs) {
                sample += p.text;
                sample += '\n';
                if (sample.size() > 4096) break;
            }
            if (sample.empty()) sample = a.title;
            a.language = signals::guess_language(sample);
        }
        return a;
    }

    void explain(const detail::block_tree& tree, bool text_mode, std::string_view encoding, explanation& why) const {
        why.mode = text_mode ? "text" : "html";
        why.encoding = std::string(encoding);
        why.container = text_mode ? std::string("(lines)") : tree.path_of(result_.container);
        why.page_type = std::string(to_string(result_.page_type));
        why.page_type_reason = result_.page_type_reason;
        why.blocks.clear();
        why.blocks.reserve(tree.blocks.size());
        for (std::size_t i = 0; i < tree.blocks.size(); ++i) {
            const auto& b = tree.blocks[i];
            const auto& f = result_.features[i];
            const auto& d = result_.decisions[i];
            block_report r;
            r.index = i;
            r.path = text_mode ? "line " + std::to_string(b.offset) : tree.path_of(b.node);
            r.text = std::string(tree.text_of(b));
            r.offset = b.offset;
            r.words = f.counts.words;
            r.text_density = f.text_density;
            r.link_density = f.link_density;
            r.punctuation_density = f.punctuation_density;
            r.tag_density = f.tag_density;
            r.position = f.position;
            r.siblings = f.siblings;
            r.score = f.value;
            r.kept = d.kept;
            r.decision = d.kept && d.decision != block_class::caption ? block_class::content : d.decision;
            r.reason = d.reason;
            why.blocks.push_back(std::move(r));
        }
    }

    detail::block_builder builder_;
    detail::block_builder second_builder_{limits{}};   ///< a second reading: the <noscript> markup, or the page with its hidden text
    metadata_collector second_metadata_;               ///< what the <noscript> markup says about its posts
    detail::fan_out second_sink_{second_builder_, second_metadata_};
    metadata_collector metadata_;
    detail::fan_out sink_;
    // One tokenizer per reading, each kept with its sink: reset per page, their buffers stay.
    tokenizer tokenizer_{sink_};
    tokenizer noscript_tokenizer_{second_sink_};
    tokenizer hidden_tokenizer_{second_builder_};
    detail::classifier classifier_;
    detail::classification result_;
    detail::block_tree tree_;  // text mode
};

extractor::extractor() : impl_(std::make_unique<impl>()) {}
extractor::~extractor() = default;
extractor::extractor(extractor&&) noexcept = default;
extractor& extractor::operator=(extractor&&) noexcept = default;

result<article> extractor::extract(std::string_view page, const extract_options& options, explanation* why) {
    return impl_->extract(page, options, why);
}

result<article> extract(std::string_view page, const extract_options& options, explanation* why) {
    extractor x;
    return x.extract(page, options, why);
}

}  // namespace winnow
