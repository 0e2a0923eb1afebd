// The WHATWG HTML tokenizer (§13.2.5), one member function per state.
//
// How chunked input works. The machine runs over one contiguous input: the bytes it kept from earlier
// chunks followed by the new chunk (or the new chunk alone, without a copy, when nothing was kept).
// "Resumable" states — the text states, whose whole context is the state itself — record a checkpoint
// (position, state, length of the pending text run) each time round their loop. When any state runs out
// of input before the end of the stream, the machine returns to the last checkpoint: the unfinished tag,
// comment, doctype or character reference is dropped and will be read again from its first byte once more
// input arrives. Text runs are emitted only when the next token is complete or at the end of the stream,
// so the tokens never depend on where the chunks were cut. Between chunks the machine keeps only the bytes
// from the checkpoint (and from the start of a pending text run that still views the input).
//
// Input stream preprocessing (§13.2.3.5): CR and CRLF become LF before the states see the input.

#include "winnow/tokenizer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "tokenize/char_ref.hpp"
#include "deadline.hpp"
#include "tokenize/scan.hpp"
#include "tokenize/swar.hpp"
#include "tokenize/tag_lookup.hpp"

namespace winnow {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

constexpr bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_ascii_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
constexpr bool is_ascii_alpha(char c) noexcept { return is_ascii_upper(c) || is_ascii_lower(c); }
constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_alnum(char c) noexcept { return is_ascii_alpha(c) || is_ascii_digit(c); }
constexpr bool is_ascii_hex(char c) noexcept {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr char to_ascii_lower(char c) noexcept { return is_ascii_upper(c) ? static_cast<char>(c + 0x20) : c; }
/// The value of a digit of a numeric character reference (§13.2.5.78, §13.2.5.79), or -1.
constexpr int reference_digit(char c, bool hex) noexcept {
    if (is_ascii_digit(c)) return c - '0';
    if (hex && is_ascii_hex(c)) return to_ascii_lower(c) - 'a' + 10;
    return -1;
}
// Byte classes, one table lookup per byte where the hot loops would test a chain of compares.
enum byte_class : std::uint8_t {
    whitespace_byte = 1,      ///< tab, LF, FF, space: the tokenizer's whitespace (CR never reaches the states)
    fast_name_byte = 2,       ///< a byte of a tag or attribute name on the tag fast path: a-z 0-9 - _ : .
    unquoted_end_byte = 4,    ///< ends, or forbids on the fast path, an unquoted attribute value
};
constexpr auto byte_classes = [] {
    std::array<std::uint8_t, 256> classes{};
    for (const char c : {'\t', '\n', '\f', ' '}) classes[static_cast<unsigned char>(c)] |= whitespace_byte | unquoted_end_byte;
    for (int c = 'a'; c <= 'z'; ++c) classes[static_cast<std::size_t>(c)] |= fast_name_byte;
    for (int c = '0'; c <= '9'; ++c) classes[static_cast<std::size_t>(c)] |= fast_name_byte;
    for (const char c : {'-', '_', ':', '.'}) classes[static_cast<unsigned char>(c)] |= fast_name_byte;
    for (const char c : {'>', '"', '\'', '<', '=', '`', '&', '\0'}) classes[static_cast<unsigned char>(c)] |= unquoted_end_byte;
    return classes;
}();
constexpr bool has_class(char c, byte_class k) noexcept { return (byte_classes[static_cast<unsigned char>(c)] & k) != 0; }
constexpr bool is_whitespace(char c) noexcept { return has_class(c, whitespace_byte); }

bool equals_ascii_ci(std::string_view text, std::string_view lowercase_word) noexcept {
    if (text.size() != lowercase_word.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (to_ascii_lower(text[i]) != lowercase_word[i]) return false;
    return true;
}

// 32-bit FNV-1a of a lowercase tag name, to match end tags in the tree-builder feedback's stack.
std::uint32_t name_hash(std::string_view name) noexcept {
    std::uint32_t h = 2166136261u;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

/// §13.2.3.5: surrogates, noncharacters and controls other than ASCII whitespace and NUL in the input
/// stream are parse errors. Counted per code point across chunk boundaries; only when asked for, since it
/// costs a pass over every byte.
class input_stream_checker {
public:
    std::size_t count(std::string_view chunk) noexcept {
        std::size_t errors = 0;
        for (char byte : chunk) {
            const auto b = static_cast<unsigned char>(byte);
            if (pending_ == 0) {
                if (b < 0x80) {
                    if ((b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0C && b != 0x0D && b != 0x00) || b == 0x7F)
                        ++errors;
                    continue;
                }
                if (b >= 0xC0 && b < 0xE0) start(b & 0x1Fu, 1);
                else if (b >= 0xE0 && b < 0xF0) start(b & 0x0Fu, 2);
                else if (b >= 0xF0 && b < 0xF8) start(b & 0x07u, 3);
                continue;  // a stray continuation byte: not ours to judge (decoding made it U+FFFD already)
            }
            if ((b & 0xC0u) != 0x80u) {
                pending_ = 0;
                continue;
            }
            code_point_ = (code_point_ << 6) | (b & 0x3Fu);
            if (--pending_ == 0 && is_error(code_point_)) ++errors;
        }
        return errors;
    }

private:
    void start(std::uint32_t bits, int continuation_bytes) noexcept {
        code_point_ = bits;
        pending_ = continuation_bytes;
    }

    static bool is_error(std::uint32_t cp) noexcept {
        const bool c1_control = cp >= 0x80 && cp <= 0x9F;
        const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        const bool noncharacter = (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFEu) == 0xFFFEu;
        return c1_control || surrogate || noncharacter;
    }

    std::uint32_t code_point_ = 0;
    int pending_ = 0;
};

}  // namespace

class tokenizer::machine {
public:
    machine(token_sink& sink, const tokenizer_options& options) : sink_(&sink) { reset(options); }

    void reset(const tokenizer_options& options) {
        options_ = options;
        scan_ = detail::make_scanner(options.scan);
        last_start_tag_.assign(options.last_start_tag);
        options_.last_start_tag = {};  // copied above; the caller's string need not outlive this call
        buffer_.clear();
        normalized_.clear();
        input_ = nullptr;
        length_ = 0;
        position_ = 0;
        base_offset_ = 0;
        fed_bytes_ = 0;
        end_of_stream_ = false;
        finished_ = false;
        pending_cr_ = false;
        failure_ = {};
        parse_errors_ = 0;
        checkpoint_parse_errors_ = 0;
        input_checker_ = {};
        tokens_ = 0;
        deadline_ = detail::deadline(options.deadline);
        text_.active = text_.owned = false;
        text_.buffer.clear();
        scratch_.clear();
        attributes_.clear();
        foreign_.clear();
        foreign_overflow_ = 0;
        switch (options.start) {
            case tokenizer_start::data: state_ = state::data; break;
            case tokenizer_start::rcdata: state_ = state::rcdata; break;
            case tokenizer_start::rawtext: state_ = state::rawtext; break;
            case tokenizer_start::script_data: state_ = state::script_data; break;
            case tokenizer_start::plaintext: state_ = state::plaintext; break;
            case tokenizer_start::cdata_section: state_ = state::cdata_section; break;
        }
        set_checkpoint();
    }

    result<void> feed(std::string_view chunk) {
        if (finished_ || failure_) return failure(failure_ ? failure_ : make_error_code(errc::invalid_argument));
        fed_bytes_ += chunk.size();
        if (fed_bytes_ > options_.limits.max_input_bytes) return fail(errc::input_too_large);
        if (options_.count_input_stream_errors) {
            // Counted outside the checkpoints: these errors belong to the bytes, not to a construct.
            const std::size_t errors = input_checker_.count(chunk);
            parse_errors_ += errors;
            checkpoint_parse_errors_ += errors;
        }
        chunk = normalize_newlines(chunk);
        if (chunk.empty()) return {};
        if (buffer_.empty()) {
            input_ = chunk.data();
            length_ = chunk.size();
        } else {
            buffer_.append(chunk);
            input_ = buffer_.data();
            length_ = buffer_.size();
        }
        run();
        if (failure_) return failure(failure_);
        keep_unfinished_input();
        return {};
    }

    result<void> finish() {
        if (finished_ || failure_) return failure(failure_ ? failure_ : make_error_code(errc::invalid_argument));
        end_of_stream_ = true;
        // A CR at the very end of the last chunk was already turned into LF; nothing else is pending there.
        input_ = buffer_.data();
        length_ = buffer_.size();
        run();
        finished_ = true;
        if (failure_) return failure(failure_);
        return {};
    }

    std::size_t parse_errors() const noexcept { return parse_errors_; }
    std::size_t tokens() const noexcept { return tokens_; }

private:
    // clang-format off
    enum class state : std::uint8_t {
        data, rcdata, rawtext, script_data, plaintext, tag_open, end_tag_open, tag_name,
        rcdata_less_than_sign, rcdata_end_tag_open, rcdata_end_tag_name,
        rawtext_less_than_sign, rawtext_end_tag_open, rawtext_end_tag_name,
        script_data_less_than_sign, script_data_end_tag_open, script_data_end_tag_name,
        script_data_escape_start, script_data_escape_start_dash, script_data_escaped,
        script_data_escaped_dash, script_data_escaped_dash_dash, script_data_escaped_less_than_sign,
        script_data_escaped_end_tag_open, script_data_escaped_end_tag_name, script_data_double_escape_start,
        script_data_double_escaped, script_data_double_escaped_dash, script_data_double_escaped_dash_dash,
        script_data_double_escaped_less_than_sign, script_data_double_escape_end,
        before_attribute_name, attribute_name, after_attribute_name, before_attribute_value,
        attribute_value_double_quoted, attribute_value_single_quoted, attribute_value_unquoted,
        after_attribute_value_quoted, self_closing_start_tag, bogus_comment, markup_declaration_open,
        comment_start, comment_start_dash, comment, comment_less_than_sign, comment_less_than_sign_bang,
        comment_less_than_sign_bang_dash, comment_less_than_sign_bang_dash_dash, comment_end_dash,
        comment_end, comment_end_bang, doctype, before_doctype_name, doctype_name, after_doctype_name,
        after_doctype_public_keyword, before_doctype_public_identifier,
        doctype_public_identifier_double_quoted, doctype_public_identifier_single_quoted,
        after_doctype_public_identifier, between_doctype_public_and_system_identifiers,
        after_doctype_system_keyword, before_doctype_system_identifier,
        doctype_system_identifier_double_quoted, doctype_system_identifier_single_quoted,
        after_doctype_system_identifier, bogus_doctype, cdata_section, cdata_section_bracket,
        cdata_section_end, character_reference, named_character_reference, ambiguous_ampersand,
        numeric_character_reference, hexadecimal_character_reference_start,
        decimal_character_reference_start, hexadecimal_character_reference, decimal_character_reference,
        numeric_character_reference_end,
    };
    // clang-format on

    /// What a state function tells the driver loop.
    enum class step : std::uint8_t {
        next,       ///< run the (possibly new) current state
        suspend,    ///< out of input before the end of the stream: return to the checkpoint
        stop,       ///< the end_of_file token was emitted, or a limit was exceeded
    };

    /// A string under construction: a range of the input while it equals the input, else a range of
    /// scratch_ (which it always ends, since only one piece grows at a time).
    struct piece {
        std::size_t begin = 0;
        std::size_t end = 0;
        bool in_scratch = false;
        std::size_t size() const noexcept { return end - begin; }
    };

    struct attribute_piece {
        piece name;
        piece value;
    };

    /// The pending run of character tokens.
    struct text_run {
        bool active = false;
        bool owned = false;        ///< in `buffer` rather than the input range [begin, end)
        std::size_t begin = 0;
        std::size_t end = 0;
        std::size_t offset = 0;    ///< stream offset of its first byte
        std::string buffer;
    };

    struct text_snapshot {
        bool active = false;
        bool owned = false;
        std::size_t end = 0;       ///< input end, or buffer size when owned
    };

    enum class ns : std::uint8_t { html, svg, mathml };

    /// An element the tree-builder feedback has open inside an svg or math subtree.
    struct foreign_frame {
        std::uint32_t hash;
        tag_id tag;
        ns space;
        bool html_integration_point;
    };

    // ---------------------------------------------------------------------------------------------
    // Driver

    void run() {
        for (;;) {
            const step s = dispatch();
            if (s == step::next) continue;
            if (s == step::suspend) {
                restore_checkpoint();
                return;
            }
            return;  // stop
        }
    }

    step dispatch() {
        switch (state_) {
            case state::data: return data_state();
            case state::rcdata: return rcdata_state();
            case state::rawtext: return rawtext_state();
            case state::script_data: return script_data_state();
            case state::plaintext: return plaintext_state();
            case state::tag_open: return tag_open_state();
            case state::end_tag_open: return end_tag_open_state();
            case state::tag_name: return tag_name_state();
            case state::rcdata_less_than_sign: return rcdata_less_than_sign_state();
            case state::rcdata_end_tag_open: return rcdata_end_tag_open_state();
            case state::rcdata_end_tag_name: return rcdata_end_tag_name_state();
            case state::rawtext_less_than_sign: return rawtext_less_than_sign_state();
            case state::rawtext_end_tag_open: return rawtext_end_tag_open_state();
            case state::rawtext_end_tag_name: return rawtext_end_tag_name_state();
            case state::script_data_less_than_sign: return script_data_less_than_sign_state();
            case state::script_data_end_tag_open: return script_data_end_tag_open_state();
            case state::script_data_end_tag_name: return script_data_end_tag_name_state();
            case state::script_data_escape_start: return script_data_escape_start_state();
            case state::script_data_escape_start_dash: return script_data_escape_start_dash_state();
            case state::script_data_escaped: return script_data_escaped_state();
            case state::script_data_escaped_dash: return script_data_escaped_dash_state();
            case state::script_data_escaped_dash_dash: return script_data_escaped_dash_dash_state();
            case state::script_data_escaped_less_than_sign: return script_data_escaped_less_than_sign_state();
            case state::script_data_escaped_end_tag_open: return script_data_escaped_end_tag_open_state();
            case state::script_data_escaped_end_tag_name: return script_data_escaped_end_tag_name_state();
            case state::script_data_double_escape_start: return script_data_double_escape_start_state();
            case state::script_data_double_escaped: return script_data_double_escaped_state();
            case state::script_data_double_escaped_dash: return script_data_double_escaped_dash_state();
            case state::script_data_double_escaped_dash_dash: return script_data_double_escaped_dash_dash_state();
            case state::script_data_double_escaped_less_than_sign:
                return script_data_double_escaped_less_than_sign_state();
            case state::script_data_double_escape_end: return script_data_double_escape_end_state();
            case state::before_attribute_name: return before_attribute_name_state();
            case state::attribute_name: return attribute_name_state();
            case state::after_attribute_name: return after_attribute_name_state();
            case state::before_attribute_value: return before_attribute_value_state();
            case state::attribute_value_double_quoted: return attribute_value_quoted_state('"');
            case state::attribute_value_single_quoted: return attribute_value_quoted_state('\'');
            case state::attribute_value_unquoted: return attribute_value_unquoted_state();
            case state::after_attribute_value_quoted: return after_attribute_value_quoted_state();
            case state::self_closing_start_tag: return self_closing_start_tag_state();
            case state::bogus_comment: return bogus_comment_state();
            case state::markup_declaration_open: return markup_declaration_open_state();
            case state::comment_start: return comment_start_state();
            case state::comment_start_dash: return comment_start_dash_state();
            case state::comment: return comment_state();
            case state::comment_less_than_sign: return comment_less_than_sign_state();
            case state::comment_less_than_sign_bang: return comment_less_than_sign_bang_state();
            case state::comment_less_than_sign_bang_dash: return comment_less_than_sign_bang_dash_state();
            case state::comment_less_than_sign_bang_dash_dash: return comment_less_than_sign_bang_dash_dash_state();
            case state::comment_end_dash: return comment_end_dash_state();
            case state::comment_end: return comment_end_state();
            case state::comment_end_bang: return comment_end_bang_state();
            case state::doctype: return doctype_state();
            case state::before_doctype_name: return before_doctype_name_state();
            case state::doctype_name: return doctype_name_state();
            case state::after_doctype_name: return after_doctype_name_state();
            case state::after_doctype_public_keyword: return after_doctype_keyword_state(true);
            case state::before_doctype_public_identifier: return before_doctype_identifier_state(true);
            case state::doctype_public_identifier_double_quoted: return doctype_identifier_state(true, '"');
            case state::doctype_public_identifier_single_quoted: return doctype_identifier_state(true, '\'');
            case state::after_doctype_public_identifier: return after_doctype_public_identifier_state();
            case state::between_doctype_public_and_system_identifiers:
                return between_doctype_public_and_system_identifiers_state();
            case state::after_doctype_system_keyword: return after_doctype_keyword_state(false);
            case state::before_doctype_system_identifier: return before_doctype_identifier_state(false);
            case state::doctype_system_identifier_double_quoted: return doctype_identifier_state(false, '"');
            case state::doctype_system_identifier_single_quoted: return doctype_identifier_state(false, '\'');
            case state::after_doctype_system_identifier: return after_doctype_system_identifier_state();
            case state::bogus_doctype: return bogus_doctype_state();
            case state::cdata_section: return cdata_section_state();
            case state::cdata_section_bracket: return cdata_section_bracket_state();
            case state::cdata_section_end: return cdata_section_end_state();
            case state::character_reference: return character_reference_state();
            case state::named_character_reference: return named_character_reference_state();
            case state::ambiguous_ampersand: return ambiguous_ampersand_state();
            case state::numeric_character_reference: return numeric_character_reference_state();
            case state::hexadecimal_character_reference_start: return hexadecimal_character_reference_start_state();
            case state::decimal_character_reference_start: return decimal_character_reference_start_state();
            case state::hexadecimal_character_reference: return hexadecimal_character_reference_state();
            case state::decimal_character_reference: return decimal_character_reference_state();
            case state::numeric_character_reference_end: return numeric_character_reference_end_state();
        }
        return step::stop;
    }

    // ---------------------------------------------------------------------------------------------
    // Input

    bool at_end() const noexcept { return position_ >= length_; }
    char current() const noexcept { return input_[position_]; }
    std::string_view input_range(std::size_t begin, std::size_t end) const noexcept {
        return {input_ + begin, end - begin};
    }

    /// §13.2.3.5: CRLF and lone CR become LF. Returns the chunk itself when it has no CR (no copy).
    std::string_view normalize_newlines(std::string_view chunk) {
        if (chunk.empty()) return chunk;
        if (pending_cr_ && !chunk.empty() && chunk.front() == '\n') chunk.remove_prefix(1);
        pending_cr_ = false;
        const char* cr = static_cast<const char*>(std::memchr(chunk.data(), '\r', chunk.size()));
        if (!cr) return chunk;
        normalized_.clear();
        normalized_.reserve(chunk.size());
        const char* p = chunk.data();
        const char* end = p + chunk.size();
        while (cr) {
            normalized_.append(p, cr);
            normalized_.push_back('\n');
            p = cr + 1;
            if (p == end) {
                pending_cr_ = true;  // a LF starting the next chunk belongs to this CR
                break;
            }
            if (*p == '\n') ++p;
            cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)));
        }
        normalized_.append(p, end);
        return normalized_;
    }

    /// After a run that ran out of input: keep what the next run must see again, and rebase positions.
    void keep_unfinished_input() {
        std::size_t keep = checkpoint_position_;
        if (text_.active && !text_.owned) keep = std::min(keep, text_.begin);
        if (input_ == buffer_.data()) {
            buffer_.erase(0, keep);
        } else {
            buffer_.assign(input_ + keep, length_ - keep);
        }
        base_offset_ += keep;
        position_ -= keep;
        checkpoint_position_ -= keep;
        if (text_.active && !text_.owned) {
            text_.begin -= keep;
            text_.end -= keep;
        }
        if (!checkpoint_text_.owned) checkpoint_text_.end -= std::min(checkpoint_text_.end, keep);
        input_ = buffer_.data();
        length_ = buffer_.size();
    }

    // ---------------------------------------------------------------------------------------------
    // Checkpoints

    void set_checkpoint() noexcept {
        checkpoint_position_ = position_;
        checkpoint_state_ = state_;
        checkpoint_text_ = {text_.active, text_.owned, text_.owned ? text_.buffer.size() : text_.end};
        checkpoint_parse_errors_ = parse_errors_;
    }

    /// Suspends a resumable state at the current position, keeping the text it has scanned, so a long
    /// text run fed in many chunks is scanned once.
    step suspend_here() noexcept {
        set_checkpoint();
        return step::suspend;
    }

    void restore_checkpoint() {
        position_ = checkpoint_position_;
        state_ = checkpoint_state_;
        parse_errors_ = checkpoint_parse_errors_;  // the constructs read again will count theirs again
        text_.active = checkpoint_text_.active;
        if (!text_.active) {
            text_.owned = false;
            text_.buffer.clear();
        } else if (checkpoint_text_.owned) {
            text_.owned = true;
            text_.buffer.resize(checkpoint_text_.end);
        } else {
            text_.owned = false;
            text_.buffer.clear();
            text_.end = checkpoint_text_.end;
        }
        scratch_.clear();
        attributes_.clear();
    }

    // ---------------------------------------------------------------------------------------------
    // Errors and limits

    void parse_error() noexcept { ++parse_errors_; }

    result<void> fail(errc e) {
        failure_ = make_error_code(e);
        return failure(failure_);
    }

    step fail_step(errc e) {
        failure_ = make_error_code(e);
        return step::stop;
    }

    // ---------------------------------------------------------------------------------------------
    // The pending text run

    void text_append_input(std::size_t from, std::size_t to) {
        if (from == to) return;
        if (!text_.active) {
            text_.active = true;
            text_.owned = false;
            text_.begin = from;
            text_.end = to;
            text_.offset = base_offset_ + from;
            return;
        }
        if (!text_.owned) {
            if (from == text_.end) {
                text_.end = to;
                return;
            }
            text_take_ownership();
        }
        text_.buffer.append(input_ + from, to - from);
    }

    /// Appends characters that differ from the input (decoded references, U+FFFD); `at` is where they came from.
    void text_append_decoded(std::string_view chars, std::size_t at) {
        if (!text_.active) {
            text_.active = true;
            text_.owned = true;
            text_.buffer.assign(chars);
            text_.offset = base_offset_ + at;
            return;
        }
        if (!text_.owned) text_take_ownership();
        text_.buffer.append(chars);
    }

    /// Appends characters the standard "emits" that are the same as the input just before `position_`,
    /// extending the view when they are contiguous.
    void text_append_literal(std::string_view chars) {
        const std::size_t from = position_ - chars.size();
        if (position_ >= chars.size() && input_range(from, position_) == chars) {
            text_append_input(from, position_);
        } else {
            text_append_decoded(chars, position_);
        }
    }

    void text_take_ownership() {
        text_.buffer.assign(input_ + text_.begin, text_.end - text_.begin);
        text_.owned = true;
    }

    bool flush_text() {
        if (!text_.active) return true;
        token& t = text_token_;   // its other fields keep their defaults: see text_token_
        t.data = text_.owned ? std::string_view(text_.buffer) : input_range(text_.begin, text_.end);
        t.offset = text_.offset;
        text_.active = false;
        text_.owned = false;
        const bool ok = deliver(t);
        text_.buffer.clear();
        return ok;
    }

    bool deliver(const token& t) {
        if (++tokens_ > options_.limits.max_tokens) {
            failure_ = make_error_code(errc::too_many_tokens);
            return false;
        }
        if (deadline_.passed()) {   // the sinks' work is done inside deliver(), so it is counted here too
            failure_ = make_error_code(errc::timeout);
            return false;
        }
        sink_->on_token(t);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Pieces (tag names, attributes, comments, doctype fields)

    void piece_start(piece& p) noexcept { p = {position_, position_, false}; }

    void piece_append_input(piece& p, std::size_t from, std::size_t to) {
        if (from == to) return;
        if (!p.in_scratch) {
            if (p.begin == p.end) {
                p.begin = from;
                p.end = to;
                return;
            }
            if (p.end == from) {
                p.end = to;
                return;
            }
            piece_to_scratch(p);
        }
        scratch_.append(input_ + from, to - from);
        p.end = scratch_.size();
    }

    void piece_append_decoded(piece& p, std::string_view chars) {
        if (!p.in_scratch) piece_to_scratch(p);
        scratch_.append(chars);
        p.end = scratch_.size();
    }

    void piece_append_char(piece& p, char c) { piece_append_decoded(p, std::string_view(&c, 1)); }

    /// Appends the character at position_ lowercased, as a view when it needs no change.
    void piece_append_lowercase(piece& p) {
        const char c = current();
        if (is_ascii_upper(c)) {
            piece_append_char(p, to_ascii_lower(c));
        } else {
            piece_append_input(p, position_, position_ + 1);
        }
    }

    /// Appends characters the standard appends that equal the input just before position_.
    void piece_append_literal(piece& p, std::string_view chars) {
        const std::size_t from = position_ - chars.size();
        if (position_ >= chars.size() && input_range(from, position_) == chars) {
            piece_append_input(p, from, position_);
        } else {
            piece_append_decoded(p, chars);
        }
    }

    void piece_to_scratch(piece& p) {
        const std::size_t size = p.size();
        const std::size_t at = scratch_.size();
        scratch_.append(input_ + p.begin, size);
        p = {at, at + size, true};
    }

    std::string_view view(const piece& p) const noexcept {
        return p.in_scratch ? std::string_view(scratch_).substr(p.begin, p.size()) : input_range(p.begin, p.end);
    }

    // ---------------------------------------------------------------------------------------------
    // Tokens under construction

    void start_tag_token(bool is_end) {
        tag_is_end_ = is_end;
        tag_self_closing_ = false;
        scratch_.clear();
        attributes_.clear();
        piece_start(tag_name_);
    }

    bool start_attribute() {
        if (attributes_.size() >= options_.limits.max_attributes_per_tag) {
            failure_ = make_error_code(errc::too_many_attributes);
            return false;
        }
        attributes_.emplace_back();
        piece_start(attributes_.back().name);
        piece_start(attributes_.back().value);
        return true;
    }

    bool attribute_within_limit() {
        const attribute_piece& a = attributes_.back();
        if (a.name.size() + a.value.size() <= options_.limits.max_attribute_bytes) return true;
        failure_ = make_error_code(errc::attribute_too_large);
        return false;
    }

    void start_comment() {
        scratch_.clear();
        piece_start(comment_);
    }

    void start_doctype() {
        scratch_.clear();
        doctype_force_quirks_ = false;
        doctype_has_name_ = false;
        doctype_has_public_ = false;
        doctype_has_system_ = false;
        doctype_name_ = doctype_public_ = doctype_system_ = {};
    }

    /// Emits the current tag token; returns step::next, or step::stop past a limit. `name_hash` is the tag
    /// name's hash when the fast path took it as it read the name (detail::tag_hash_words).
    step emit_tag(std::optional<std::uint32_t> name_hash = std::nullopt) {
        if (!attributes_.empty() && !attribute_within_limit()) return step::stop;
        if (!flush_text()) return step::stop;
        token& t = tag_token_;   // every field a tag uses is set here; see tag_token_
        t.kind = tag_is_end_ ? token_kind::end_tag : token_kind::start_tag;
        t.name = view(tag_name_);
        t.tag = name_hash ? detail::lookup_tag_hashed(t.name, *name_hash) : lookup_tag(t.name);
        t.self_closing = tag_self_closing_;
        t.offset = base_offset_ + construct_start_;
        collect_attributes();  // end tags too: their duplicate attributes are parse errors as well
        if (tag_is_end_) {
            if (!attributes_.empty()) parse_error();   // end-tag-with-attributes
            if (tag_self_closing_) parse_error();      // end-tag-with-trailing-solidus
            t.attributes = {};
        } else {
            t.attributes = attribute_views_;
        }
        if (!deliver(t)) return step::stop;
        if (t.kind == token_kind::start_tag) {
            state_ = state::data;
            tree_feedback_start(t);
            // "The last start tag" matters only for end tags in the text states, which are entered after the
            // start tag that opens them (or at the start): it is kept for those, not copied for every tag.
            if (state_ != state::data) last_start_tag_.assign(t.name);
        } else {
            state_ = state::data;
            tree_feedback_end(t);
        }
        scratch_.clear();
        attributes_.clear();
        return step::next;
    }

    /// One of 64 buckets for an attribute name, from its length and its first, middle and last bytes.
    static unsigned name_bucket(std::string_view name) noexcept {
        if (name.empty()) return 0;
        const auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(name[i])}; };
        const std::uint64_t key = (name.size() & 0xffu) | byte(0) << 8 | byte(name.size() / 2) << 16 |
                                  byte(name.size() - 1) << 24;
        return static_cast<unsigned>((key * 0x9E3779B97F4A7C15u) >> 58);
    }

    /// Resolves attribute pieces to views, dropping later duplicates of a name (§13.2.5.33).
    void collect_attributes() {
        // Tags nearly always come without duplicates: a 64-bit filter of the names, filled as the views are
        // made, says so (equal names fall in the same bucket); names are compared only when two share one.
        attribute_views_.clear();
        std::uint64_t seen = 0;
        bool shared_bucket = false;
        for (const attribute_piece& a : attributes_) {
            const std::string_view name = view(a.name);
            attribute_views_.push_back({name, view(a.value)});
            const std::uint64_t bit = std::uint64_t{1} << name_bucket(name);
            shared_bucket |= (seen & bit) != 0;
            seen |= bit;
        }
        if (!shared_bucket) return;
        const std::size_t n = attribute_views_.size();
        if (n <= 32) {
            // A few attributes: pairs compared, the later duplicates marked in a bit mask.
            std::uint32_t dropped = 0;
            for (std::size_t i = 1; i < n; ++i) {
                const std::string_view name = attribute_views_[i].name;
                for (std::size_t j = 0; j < i; ++j) {
                    const std::string_view earlier = attribute_views_[j].name;
                    if (earlier.size() == name.size() && (name.empty() || (earlier[0] == name[0] && earlier == name))) {
                        dropped |= std::uint32_t{1} << i;
                        break;
                    }
                }
            }
            if (dropped == 0) return;
            std::size_t kept = 0;
            for (std::size_t i = 0; i < n; ++i) {
                if ((dropped >> i) & 1u) {
                    parse_error();  // duplicate-attribute
                    continue;
                }
                attribute_views_[kept++] = attribute_views_[i];
            }
            attribute_views_.resize(kept);
            return;
        }
        std::vector<bool>& drop = duplicate_flags_;
        drop.assign(n, false);
        bool any = false;
        // Many attributes: sort indices by (name, index) so duplicates are adjacent, keep the first.
        order_.resize(n);
        for (std::size_t i = 0; i < n; ++i) order_[i] = i;
        std::stable_sort(order_.begin(), order_.end(), [this](std::size_t x, std::size_t y) {
            return attribute_views_[x].name < attribute_views_[y].name;
        });
        for (std::size_t k = 1; k < n; ++k)
            if (attribute_views_[order_[k]].name == attribute_views_[order_[k - 1]].name) drop[order_[k]] = any = true;
        if (!any) return;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (drop[i]) {
                parse_error();  // duplicate-attribute
                continue;
            }
            attribute_views_[kept++] = attribute_views_[i];
        }
        attribute_views_.resize(kept);
    }

    step emit_comment() {
        if (!flush_text()) return step::stop;
        token t;
        t.kind = token_kind::comment;
        t.data = view(comment_);
        t.offset = base_offset_ + construct_start_;
        if (!deliver(t)) return step::stop;
        scratch_.clear();
        return step::next;
    }

    step emit_doctype() {
        if (!flush_text()) return step::stop;
        token t;
        t.kind = token_kind::doctype;
        t.has_name = doctype_has_name_;
        t.name = doctype_has_name_ ? view(doctype_name_) : std::string_view{};
        t.has_public_id = doctype_has_public_;
        t.public_id = doctype_has_public_ ? view(doctype_public_) : std::string_view{};
        t.has_system_id = doctype_has_system_;
        t.system_id = doctype_has_system_ ? view(doctype_system_) : std::string_view{};
        t.force_quirks = doctype_force_quirks_;
        t.offset = base_offset_ + construct_start_;
        if (!deliver(t)) return step::stop;
        scratch_.clear();
        return step::next;
    }

    step emit_end_of_file() {
        if (!flush_text()) return step::stop;
        token t;
        t.kind = token_kind::end_of_file;
        t.offset = base_offset_ + length_;
        deliver(t);
        return step::stop;
    }

    /// The current end tag's name equals the last start tag's name (§13.2.5 "appropriate end tag").
    bool appropriate_end_tag() const noexcept {
        return !last_start_tag_.empty() && view(tag_name_) == last_start_tag_;
    }

    // ---------------------------------------------------------------------------------------------
    // Tree-builder feedback: which state follows a start tag, and whether we are in foreign content.

    ns current_namespace() const noexcept { return foreign_.empty() ? ns::html : foreign_.back().space; }

    /// §13.2.6.5: an element whose start tags are processed as HTML inside foreign content.
    static bool is_html_integration_point(const foreign_frame& f) noexcept { return f.html_integration_point; }

    static bool is_mathml_text_integration_point(const foreign_frame& f) noexcept {
        return f.space == ns::mathml && (f.tag == tag_id::mi || f.tag == tag_id::mo || f.tag == tag_id::mn ||
                                         f.tag == tag_id::ms || f.tag == tag_id::mtext);
    }

    /// §13.2.6.5: start tags that break out of foreign content.
    static bool breaks_out_of_foreign_content(const token& t) noexcept {
        switch (t.tag) {
            case tag_id::b: case tag_id::big: case tag_id::blockquote: case tag_id::body: case tag_id::br:
            case tag_id::center: case tag_id::code: case tag_id::dd: case tag_id::div: case tag_id::dl:
            case tag_id::dt: case tag_id::em: case tag_id::embed: case tag_id::h1: case tag_id::h2:
            case tag_id::h3: case tag_id::h4: case tag_id::h5: case tag_id::h6: case tag_id::head:
            case tag_id::hr: case tag_id::i: case tag_id::img: case tag_id::li: case tag_id::listing:
            case tag_id::menu: case tag_id::meta: case tag_id::nobr: case tag_id::ol: case tag_id::p:
            case tag_id::pre: case tag_id::ruby: case tag_id::s: case tag_id::small: case tag_id::span:
            case tag_id::strong: case tag_id::strike: case tag_id::sub: case tag_id::sup: case tag_id::table:
            case tag_id::tt: case tag_id::u: case tag_id::ul: case tag_id::var:
                return true;
            case tag_id::font:
                return t.attribute("color") || t.attribute("face") || t.attribute("size");
            default:
                return false;
        }
    }

    void push_frame(const token& t, ns space) {
        if (foreign_.size() >= options_.limits.max_nesting_depth) {
            ++foreign_overflow_;  // deeper elements are not followed; their end tags are absorbed here
            return;
        }
        bool integration = false;
        if (space == ns::svg) {
            integration = t.tag == tag_id::foreignobject || t.tag == tag_id::desc || t.tag == tag_id::title;
        } else if (space == ns::mathml && t.tag == tag_id::annotation_xml) {
            const auto encoding = t.attribute("encoding");
            integration = encoding && (equals_ascii_ci(*encoding, "text/html") ||
                                       equals_ascii_ci(*encoding, "application/xhtml+xml"));
        }
        foreign_.push_back({name_hash(t.name), t.tag, space, integration});
    }

    /// Processes a start tag as the tree builder's HTML rules would, as far as the tokenizer cares.
    void html_start_tag(const token& t) {
        if (t.tag == tag_id::svg || t.tag == tag_id::math) {
            if (!t.self_closing) push_frame(t, t.tag == tag_id::svg ? ns::svg : ns::mathml);
            return;
        }
        // Inside foreign content's HTML islands, track HTML elements so their end tags can be matched.
        if (!foreign_.empty() && !t.self_closing && !is_void(t.tag)) push_frame(t, ns::html);
        switch (t.tag) {
            case tag_id::title: case tag_id::textarea:
                state_ = state::rcdata;
                break;
            case tag_id::style: case tag_id::xmp: case tag_id::iframe: case tag_id::noembed:
            case tag_id::noframes:
                state_ = state::rawtext;
                break;
            case tag_id::noscript:
                if (options_.scripting) state_ = state::rawtext;
                break;
            case tag_id::script:
                state_ = state::script_data;
                break;
            case tag_id::plaintext:
                state_ = state::plaintext;
                break;
            default:
                break;
        }
    }

    void tree_feedback_start(const token& t) {
        if (!options_.tree_feedback) return;
        for (;;) {
            if (foreign_.empty() || current_namespace() == ns::html) return html_start_tag(t);
            const foreign_frame& current = foreign_.back();
            const bool as_html =
                is_html_integration_point(current) ||
                (is_mathml_text_integration_point(current) && t.tag != tag_id::mglyph &&
                 t.tag != tag_id::malignmark) ||
                (current.space == ns::mathml && current.tag == tag_id::annotation_xml && t.tag == tag_id::svg);
            if (as_html) return html_start_tag(t);
            if (breaks_out_of_foreign_content(t)) {
                parse_error();
                while (!foreign_.empty() && foreign_.back().space != ns::html &&
                       !is_html_integration_point(foreign_.back()) &&
                       !is_mathml_text_integration_point(foreign_.back()))
                    foreign_.pop_back();
                continue;  // reprocess in whatever content we are in now
            }
            if (!t.self_closing) push_frame(t, current.space);
            return;
        }
    }

    void tree_feedback_end(const token& t) {
        if (!options_.tree_feedback || foreign_.empty()) return;
        if (foreign_overflow_ > 0) {
            --foreign_overflow_;
            return;
        }
        if (current_namespace() != ns::html && (t.tag == tag_id::br || t.tag == tag_id::p)) {
            // §13.2.6.5: </br> and </p> in foreign content break out like the start tags above.
            while (!foreign_.empty() && foreign_.back().space != ns::html &&
                   !is_html_integration_point(foreign_.back()) && !is_mathml_text_integration_point(foreign_.back()))
                foreign_.pop_back();
            return;
        }
        const std::uint32_t hash = name_hash(t.name);
        for (std::size_t i = foreign_.size(); i-- > 0;) {
            if (foreign_[i].hash == hash) {
                foreign_.resize(i);
                return;
            }
        }
    }

    bool cdata_allowed() const noexcept { return options_.tree_feedback && current_namespace() != ns::html; }

    // ---------------------------------------------------------------------------------------------
    // Text states (resumable)

    /// §13.2.5.1 Data state.
    step data_state() {
        for (;;) {
            set_checkpoint();
            const char* stop = detail::find_any<'<', '&', '\0'>(scan_, input_ + position_, input_ + length_);
            const auto at = static_cast<std::size_t>(stop - input_);
            text_append_input(position_, at);
            position_ = at;
            if (at_end()) return end_of_stream_ ? emit_end_of_file() : suspend_here();
            const char c = current();
            if (c == '<') {
                construct_start_ = position_++;
                // The tags that make up most of a page are read here and the loop goes on, rather than
                // through the tag-open states and back by the driver (two dispatches a tag).
                if (const auto done = tag_from_data()) {
                    if (*done == step::next && state_ == state::data) continue;
                    return *done;
                }
                state_ = state::tag_open;
                return step::next;
            }
            if (c == '&') {
                construct_start_ = position_;
                // The references most text holds are decoded here and the loop goes on, rather than
                // through the character reference states and back (three dispatches a reference).
                if (const auto reference = options_.fast_paths ? plain_reference_at(position_) : std::nullopt) {
                    text_append_decoded(reference->chars, construct_start_);
                    position_ = reference->end;
                    continue;
                }
                ++position_;
                return_state_ = state::data;
                state_ = state::character_reference;
                return step::next;
            }
            parse_error();  // unexpected-null-character: emitted as is
            text_append_input(position_, position_ + 1);
            ++position_;
        }
    }

    /// The RCDATA, RAWTEXT and PLAINTEXT states share this loop: `less_than` is the state '<' leads to
    /// (none for PLAINTEXT), and RCDATA alone decodes references.
    template <char... stops>
    step text_state(state less_than, bool references) {
        for (;;) {
            set_checkpoint();
            const char* stop = detail::find_any<stops...>(scan_, input_ + position_, input_ + length_);
            const auto at = static_cast<std::size_t>(stop - input_);
            text_append_input(position_, at);
            position_ = at;
            if (at_end()) return end_of_stream_ ? emit_end_of_file() : suspend_here();
            const char c = current();
            if (c == '<') {
                construct_start_ = position_++;
                state_ = less_than;
                return step::next;
            }
            if (c == '&' && references) {
                construct_start_ = position_++;
                return_state_ = state_;
                state_ = state::character_reference;
                return step::next;
            }
            parse_error();  // unexpected-null-character
            text_append_decoded(replacement_character, position_);
            ++position_;
        }
    }

    /// §13.2.5.2 RCDATA state.
    step rcdata_state() { return text_state<'<', '&', '\0'>(state::rcdata_less_than_sign, true); }
    /// §13.2.5.3 RAWTEXT state.
    step rawtext_state() { return text_state<'<', '\0'>(state::rawtext_less_than_sign, false); }
    /// §13.2.5.4 Script data state.
    step script_data_state() { return text_state<'<', '\0'>(state::script_data_less_than_sign, false); }
    /// §13.2.5.5 PLAINTEXT state.
    step plaintext_state() {
        for (;;) {
            set_checkpoint();
            const char* stop = detail::find_any<'\0'>(scan_, input_ + position_, input_ + length_);
            const auto at = static_cast<std::size_t>(stop - input_);
            text_append_input(position_, at);
            position_ = at;
            if (at_end()) return end_of_stream_ ? emit_end_of_file() : suspend_here();
            parse_error();
            text_append_decoded(replacement_character, position_);
            ++position_;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Tags

    /// §13.2.5.6 Tag open state.
    step tag_open_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            parse_error();  // eof-before-tag-name
            text_append_input(construct_start_, position_);
            return emit_end_of_file();
        }
        const char c = current();
        if (c == '!') {
            ++position_;
            state_ = state::markup_declaration_open;
        } else if (c == '/') {
            ++position_;
            state_ = state::end_tag_open;
        } else if (is_ascii_alpha(c)) {
            return tag_name_start(false);
        } else if (c == '?') {
            parse_error();  // unexpected-question-mark-instead-of-tag-name
            start_comment();
            state_ = state::bogus_comment;
        } else {
            parse_error();  // invalid-first-character-of-tag-name
            text_append_input(construct_start_, position_);
            state_ = state::data;
        }
        return step::next;
    }

    /// §13.2.5.7 End tag open state.
    step end_tag_open_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            parse_error();  // eof-before-tag-name
            text_append_input(construct_start_, position_);
            return emit_end_of_file();
        }
        const char c = current();
        if (is_ascii_alpha(c)) {
            return tag_name_start(true);
        } else if (c == '>') {
            parse_error();  // missing-end-tag-name
            ++position_;
            state_ = state::data;
        } else {
            parse_error();  // invalid-first-character-of-tag-name
            start_comment();
            state_ = state::bogus_comment;
        }
        return step::next;
    }

    /// At position_, just past a '<' in the data state: a start tag or an end tag read by fast_tag, or the
    /// tag-name state it leaves the tag to when it bails. nullopt when what follows is no tag name (or is
    /// not in the input at hand): the tag-open state decides, position_ unchanged.
    std::optional<step> tag_from_data() {
        if (!options_.fast_paths || position_ + 1 >= length_) return std::nullopt;
        bool is_end = false;
        std::size_t name_at = position_;
        if (input_[name_at] == '/') {
            is_end = true;
            ++name_at;
        }
        if (!is_ascii_alpha(input_[name_at])) return std::nullopt;
        position_ = name_at;
        return tag_name_start(is_end);
    }

    /// At the first letter of a tag name: the tag read by fast_tag, or else the tag-name state from here.
    step tag_name_start(bool is_end) {
        start_tag_token(is_end);
        if (options_.fast_paths)
            if (const auto done = fast_tag(is_end)) return *done;
        state_ = state::tag_name;
        return step::next;
    }

    /// A fast path for the tags that make up nearly all of real pages: a name and attribute names of
    /// letters, digits and - _ : . (uppercase ones lowercased), values in quotes or plain, no character
    /// reference but plain ones (ending in ';', in quoted values), no parse error, all in the input at
    /// hand. It reads them in one go, with the same result as the states above would reach; on anything
    /// else it returns nullopt, having changed nothing, and the states take over from the name.
    std::optional<step> fast_tag(bool is_end) {
        const std::size_t name_start = position_;
        auto bail = [this, is_end, name_start] {
            start_tag_token(is_end);
            position_ = name_start;
            return std::nullopt;
        };
        const name_run name = fast_name_into(tag_name_, name_start);
        std::size_t p = name.end;
        // A name lowercased into scratch was not hashed from its words.
        const std::uint32_t hash = tag_name_.in_scratch ? detail::tag_hash(view(tag_name_)) : name.hash;
        if (p == length_) return bail();
        for (;;) {
            const std::size_t before_space = p;
            while (p < length_ && is_whitespace(input_[p])) ++p;
            if (p == length_) return bail();
            const char c = input_[p];
            if (c == '>') {
                position_ = p + 1;
                return emit_tag(hash);
            }
            if (c == '/') {
                if (p + 1 >= length_ || input_[p + 1] != '>' || is_end) return bail();
                tag_self_closing_ = true;
                position_ = p + 2;
                return emit_tag(hash);
            }
            // An attribute: it must follow whitespace, and end tags have none on the fast path.
            if (is_end || p == before_space || !(has_class(c, fast_name_byte) || is_ascii_upper(c))) return bail();
            if (attributes_.size() >= options_.limits.max_attributes_per_tag) return bail();
            attributes_.emplace_back();
            attribute_piece& a = attributes_.back();
            p = fast_name_into(a.name, p).end;
            if (p == length_) return bail();
            a.value = {p, p, false};
            if (input_[p] != '=') {
                if (!is_whitespace(input_[p]) && input_[p] != '>' && input_[p] != '/') return bail();
                if (a.name.size() > options_.limits.max_attribute_bytes) return bail();
                continue;
            }
            ++p;
            if (p == length_) return bail();
            const char quote = input_[p];
            std::size_t value_end;
            if (quote == '"' || quote == '\'') {
                // Up to the closing quote, decoding the plain references on the way; a NUL or another
                // reference before it is for the states.
                a.value = {p + 1, p + 1, false};
                for (std::size_t run = p + 1;;) {
                    const char* stop = quoted_value_stop(quote, run);
                    if (stop == input_ + length_) return bail();
                    value_end = static_cast<std::size_t>(stop - input_);
                    piece_append_input(a.value, run, value_end);
                    if (*stop == quote) break;
                    const auto reference = *stop == '&' ? plain_reference_at(value_end) : std::nullopt;
                    if (!reference) return bail();
                    piece_append_decoded(a.value, reference->chars);
                    run = reference->end;
                }
                p = value_end + 1;
                // After a quoted value: whitespace, '/' or '>' (else a parse error the states count).
                if (p == length_) return bail();
                if (!is_whitespace(input_[p]) && input_[p] != '>' && input_[p] != '/') return bail();
            } else {
                value_end = p;
                while (value_end < length_ && !has_class(input_[value_end], unquoted_end_byte)) ++value_end;
                if (value_end == p || value_end == length_) return bail();
                if (!is_whitespace(input_[value_end]) && input_[value_end] != '>') return bail();
                a.value = {p, value_end, false};
                p = value_end;
            }
            if (a.name.size() + a.value.size() > options_.limits.max_attribute_bytes) return bail();
        }
    }

    struct name_run {
        std::size_t end;     ///< the first byte past the name
        std::uint32_t hash;  ///< detail::tag_hash_words of the name, for emit_tag's lookup
    };

    /// The name on the tag fast path that starts at `start`: the run of bytes a-z 0-9 - _ : . and its hash.
    /// Eight bytes at a time while eight are in the input at hand, the hash taken from the same words; the
    /// rest byte by byte (all of it on the scalar path, the reference the differential fuzzer compares with).
    /// Inlined: it runs twice or more a tag, and a call cost as much as the eight-byte step.
    [[gnu::always_inline]] name_run fast_name(std::size_t start) const noexcept {
        std::size_t p = start;
        if (options_.scan == scan_path::vector) {
            std::uint64_t words[2] = {0, 0};
            for (unsigned word = 0; p + 8 <= length_; ++word) {
                const std::uint64_t w = detail::swar::load(input_ + p);
                const unsigned members = detail::swar::leading_members(detail::swar::fast_name_bytes(w));
                if (word < 2) words[word] = detail::swar::first_bytes(w, members);
                p += members;
                if (members < 8) return {p, detail::tag_hash_words(words[0], words[1])};
            }
        }
        while (p < length_ && has_class(input_[p], fast_name_byte)) ++p;
        return {p, detail::tag_hash(std::string_view(input_ + start, p - start))};
    }

    /// The name on the tag fast path from `start`, into `name`: a view of the input, or, for a name in mixed
    /// case, lowercased into scratch as the tag name and attribute name states do. Its end, and its hash
    /// when `name` stayed a view. Inlined as fast_name is, so that attribute names, whose hash is never
    /// used, are not hashed.
    [[gnu::always_inline]] name_run fast_name_into(piece& name, std::size_t start) {
        name_run run = fast_name(start);
        name = {start, run.end, false};
        if (run.end < length_ && is_ascii_upper(input_[run.end])) run.end = fast_mixed_case_name(name, run.end);
        return run;
    }

    /// Extends `name`, a fast-path name that reached an uppercase letter at `p`, over the rest of a name in
    /// mixed case, lowercased (into scratch) as the tag name and attribute name states do; returns its end.
    std::size_t fast_mixed_case_name(piece& name, std::size_t p) {
        for (;;) {
            if (p < length_ && is_ascii_upper(input_[p])) {
                piece_append_char(name, to_ascii_lower(input_[p]));
                ++p;
                continue;
            }
            const std::size_t run = fast_name(p).end;
            if (run == p) return p;
            piece_append_input(name, p, run);
            p = run;
        }
    }

    /// The end of the run of name characters from position_ that need no change (not whitespace, '/', '>',
    /// NUL, an uppercase letter, or `also`), so names are appended a run at a time.
    std::size_t plain_name_run(char also) const noexcept {
        std::size_t run = position_;
        while (run < length_) {
            const char c = input_[run];
            if (is_whitespace(c) || c == '/' || c == '>' || c == '\0' || is_ascii_upper(c) || c == also) break;
            ++run;
        }
        return run;
    }

    /// §13.2.5.8 Tag name state.
    step tag_name_state() {
        for (;;) {
            if (const std::size_t run = plain_name_run('/'); run > position_) {
                piece_append_input(tag_name_, position_, run);
                position_ = run;
            }
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                parse_error();  // eof-in-tag
                return emit_end_of_file();
            }
            const char c = current();
            if (is_whitespace(c)) {
                ++position_;
                state_ = state::before_attribute_name;
                return step::next;
            }
            if (c == '/') {
                ++position_;
                state_ = state::self_closing_start_tag;
                return step::next;
            }
            if (c == '>') {
                ++position_;
                return emit_tag();
            }
            if (c == '\0') {
                parse_error();
                piece_append_decoded(tag_name_, replacement_character);
            } else {
                piece_append_lowercase(tag_name_);
            }
            ++position_;
        }
    }

    /// Shared by the RCDATA, RAWTEXT, script data and escaped end tag name states (§13.2.5.11 and kin):
    /// the end tag is real only when it is appropriate; otherwise "</" and the name are text.
    step text_end_tag_name(state fallback) {
        for (;;) {
            if (at_end() && !end_of_stream_) return step::suspend;
            const char c = at_end() ? '\0' : current();
            if (!at_end() && (is_whitespace(c) || c == '/' || c == '>') && appropriate_end_tag()) {
                ++position_;
                if (c == '>') return emit_tag();
                state_ = c == '/' ? state::self_closing_start_tag : state::before_attribute_name;
                return step::next;
            }
            if (!at_end() && is_ascii_alpha(c)) {
                piece_append_lowercase(tag_name_);
                ++position_;
                continue;
            }
            // Anything else (and end of file): "</" and the temporary buffer are text; reconsume.
            text_append_input(construct_start_, position_);
            state_ = fallback;
            return step::next;
        }
    }

    /// "Less-than sign" states of RCDATA and RAWTEXT (§13.2.5.9, §13.2.5.12).
    step text_less_than_sign(state end_tag_open, state fallback) {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '/') {
            ++position_;
            state_ = end_tag_open;
            return step::next;
        }
        text_append_input(construct_start_, position_);  // "<"
        state_ = fallback;
        return step::next;
    }

    /// "End tag open" states of RCDATA, RAWTEXT and script data (§13.2.5.10 and kin).
    step text_end_tag_open(state end_tag_name, state fallback) {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && is_ascii_alpha(current())) {
            start_tag_token(true);
            state_ = end_tag_name;
            return step::next;
        }
        text_append_input(construct_start_, position_);  // "</"
        state_ = fallback;
        return step::next;
    }

    step rcdata_less_than_sign_state() { return text_less_than_sign(state::rcdata_end_tag_open, state::rcdata); }
    step rcdata_end_tag_open_state() { return text_end_tag_open(state::rcdata_end_tag_name, state::rcdata); }
    step rcdata_end_tag_name_state() { return text_end_tag_name(state::rcdata); }
    step rawtext_less_than_sign_state() {
        return text_less_than_sign(state::rawtext_end_tag_open, state::rawtext);
    }
    step rawtext_end_tag_open_state() { return text_end_tag_open(state::rawtext_end_tag_name, state::rawtext); }
    step rawtext_end_tag_name_state() { return text_end_tag_name(state::rawtext); }

    // ---------------------------------------------------------------------------------------------
    // Script data (§13.2.5.15 – §13.2.5.31)

    /// §13.2.5.15 Script data less-than sign state.
    step script_data_less_than_sign_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '/') {
            ++position_;
            state_ = state::script_data_end_tag_open;
        } else if (!at_end() && current() == '!') {
            ++position_;
            text_append_input(construct_start_, position_);  // "<!"
            state_ = state::script_data_escape_start;
        } else {
            text_append_input(construct_start_, position_);  // "<"
            state_ = state::script_data;
        }
        return step::next;
    }

    step script_data_end_tag_open_state() {
        return text_end_tag_open(state::script_data_end_tag_name, state::script_data);
    }
    step script_data_end_tag_name_state() { return text_end_tag_name(state::script_data); }

    /// §13.2.5.18 and §13.2.5.19: "-" then "-" after "<!" enter the escaped states.
    step script_data_escape_start_state() { return script_escape_start(state::script_data_escape_start_dash); }
    step script_data_escape_start_dash_state() { return script_escape_start(state::script_data_escaped_dash_dash); }

    step script_escape_start(state on_dash) {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '-') {
            ++position_;
            text_append_literal("-");
            state_ = on_dash;
        } else {
            state_ = state::script_data;
        }
        return step::next;
    }

    /// §13.2.5.20 – §13.2.5.22 and §13.2.5.27 – §13.2.5.29: the escaped and double-escaped states,
    /// which differ only in where '<' leads, whether it is emitted, and where '>' after "--" leads.
    step script_escaped_text(state self, state dash, state dash_dash, state less_than, bool double_escaped) {
        for (;;) {
            set_checkpoint();
            if (state_ == self) {
                const char* stop = detail::find_any<'-', '<', '\0'>(scan_, input_ + position_, input_ + length_);
                const auto at = static_cast<std::size_t>(stop - input_);
                text_append_input(position_, at);
                position_ = at;
            }
            if (at_end()) {
                if (!end_of_stream_) return suspend_here();
                parse_error();  // eof-in-script-html-comment-like-text
                return emit_end_of_file();
            }
            const char c = current();
            if (c == '-') {
                ++position_;
                text_append_literal("-");
                state_ = state_ == self ? dash : dash_dash;
                continue;
            }
            if (c == '<') {
                construct_start_ = position_++;
                if (double_escaped) text_append_literal("<");
                state_ = less_than;
                return step::next;
            }
            if (c == '>' && state_ == dash_dash) {
                ++position_;
                text_append_literal(">");
                state_ = state::script_data;
                return step::next;
            }
            if (c == '\0') {
                parse_error();
                text_append_decoded(replacement_character, position_);
            } else {
                text_append_input(position_, position_ + 1);
            }
            ++position_;
            state_ = self;
        }
    }

    step script_data_escaped_state() {
        return script_escaped_text(state::script_data_escaped, state::script_data_escaped_dash,
                                   state::script_data_escaped_dash_dash,
                                   state::script_data_escaped_less_than_sign, false);
    }
    step script_data_escaped_dash_state() { return script_data_escaped_state(); }
    step script_data_escaped_dash_dash_state() { return script_data_escaped_state(); }

    /// §13.2.5.23 Script data escaped less-than sign state.
    step script_data_escaped_less_than_sign_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '/') {
            ++position_;
            state_ = state::script_data_escaped_end_tag_open;
        } else if (!at_end() && is_ascii_alpha(current())) {
            text_append_input(construct_start_, position_);  // "<"
            temporary_start_ = position_;
            state_ = state::script_data_double_escape_start;
        } else {
            text_append_input(construct_start_, position_);  // "<"
            state_ = state::script_data_escaped;
        }
        return step::next;
    }

    step script_data_escaped_end_tag_open_state() {
        return text_end_tag_open(state::script_data_escaped_end_tag_name, state::script_data_escaped);
    }
    step script_data_escaped_end_tag_name_state() { return text_end_tag_name(state::script_data_escaped); }

    /// §13.2.5.26 and §13.2.5.31: a tag name after "<" or "</" that, if it is "script", toggles double escaping.
    step script_double_escape_boundary(state if_script, state otherwise) {
        for (;;) {
            if (at_end() && !end_of_stream_) return step::suspend;
            if (at_end()) {
                state_ = otherwise;
                return step::next;
            }
            const char c = current();
            if (is_whitespace(c) || c == '/' || c == '>') {
                const bool is_script = equals_ascii_ci(input_range(temporary_start_, position_), "script");
                text_append_input(position_, position_ + 1);
                ++position_;
                state_ = is_script ? if_script : otherwise;
                return step::next;
            }
            if (is_ascii_alpha(c)) {
                text_append_input(position_, position_ + 1);
                ++position_;
                continue;
            }
            state_ = otherwise;
            return step::next;
        }
    }

    step script_data_double_escape_start_state() {
        return script_double_escape_boundary(state::script_data_double_escaped, state::script_data_escaped);
    }

    step script_data_double_escaped_state() {
        return script_escaped_text(state::script_data_double_escaped, state::script_data_double_escaped_dash,
                                   state::script_data_double_escaped_dash_dash,
                                   state::script_data_double_escaped_less_than_sign, true);
    }
    step script_data_double_escaped_dash_state() { return script_data_double_escaped_state(); }
    step script_data_double_escaped_dash_dash_state() { return script_data_double_escaped_state(); }

    /// §13.2.5.30 Script data double escaped less-than sign state.
    step script_data_double_escaped_less_than_sign_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '/') {
            ++position_;
            text_append_literal("/");
            temporary_start_ = position_;
            state_ = state::script_data_double_escape_end;
        } else {
            state_ = state::script_data_double_escaped;
        }
        return step::next;
    }

    step script_data_double_escape_end_state() {
        return script_double_escape_boundary(state::script_data_escaped, state::script_data_double_escaped);
    }

    // ---------------------------------------------------------------------------------------------
    // Attributes

    /// §13.2.5.32 Before attribute name state.
    step before_attribute_name_state() {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end() && !end_of_stream_) return step::suspend;
        if (at_end() || current() == '/' || current() == '>') {
            state_ = state::after_attribute_name;
            return step::next;
        }
        if (!start_attribute()) return step::stop;
        if (current() == '=') {
            parse_error();  // unexpected-equals-sign-before-attribute-name
            piece_append_input(attributes_.back().name, position_, position_ + 1);
            ++position_;
        }
        state_ = state::attribute_name;
        return step::next;
    }

    /// §13.2.5.33 Attribute name state.
    step attribute_name_state() {
        piece& name = attributes_.back().name;
        for (;;) {
            // '=' ends the name; '"', '\'' and '<' are parse errors handled one at a time below.
            std::size_t run = position_;
            while (run < length_) {
                const char c = input_[run];
                if (is_whitespace(c) || c == '/' || c == '>' || c == '\0' || c == '=' || is_ascii_upper(c) ||
                    c == '"' || c == '\'' || c == '<')
                    break;
                ++run;
            }
            if (run > position_) {
                piece_append_input(name, position_, run);
                position_ = run;
                if (name.size() > options_.limits.max_attribute_bytes) return fail_step(errc::attribute_too_large);
            }
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                state_ = state::after_attribute_name;
                return step::next;
            }
            const char c = current();
            if (is_whitespace(c) || c == '/' || c == '>') {
                state_ = state::after_attribute_name;
                return step::next;
            }
            if (c == '=') {
                ++position_;
                state_ = state::before_attribute_value;
                return step::next;
            }
            if (c == '\0') {
                parse_error();
                piece_append_decoded(name, replacement_character);
            } else {
                if (c == '"' || c == '\'' || c == '<') parse_error();  // unexpected-character-in-attribute-name
                piece_append_lowercase(name);
            }
            ++position_;
            if (name.size() > options_.limits.max_attribute_bytes) return fail_step(errc::attribute_too_large);
        }
    }

    /// §13.2.5.34 After attribute name state.
    step after_attribute_name_state() {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            parse_error();  // eof-in-tag
            return emit_end_of_file();
        }
        const char c = current();
        if (c == '/') {
            ++position_;
            state_ = state::self_closing_start_tag;
        } else if (c == '=') {
            ++position_;
            state_ = state::before_attribute_value;
        } else if (c == '>') {
            ++position_;
            return emit_tag();
        } else {
            if (!start_attribute()) return step::stop;
            state_ = state::attribute_name;
        }
        return step::next;
    }

    /// §13.2.5.35 Before attribute value state.
    step before_attribute_value_state() {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '"') {
            ++position_;
            piece_start(attributes_.back().value);
            state_ = state::attribute_value_double_quoted;
        } else if (!at_end() && current() == '\'') {
            ++position_;
            piece_start(attributes_.back().value);
            state_ = state::attribute_value_single_quoted;
        } else if (!at_end() && current() == '>') {
            parse_error();  // missing-attribute-value
            ++position_;
            return emit_tag();
        } else {
            piece_start(attributes_.back().value);
            state_ = state::attribute_value_unquoted;
        }
        return step::next;
    }

    /// The first byte from `from` that ends a run of a value in `quote`s: the quote, '&' or NUL (or the end
    /// of the input at hand).
    const char* quoted_value_stop(char quote, std::size_t from) const noexcept {
        return quote == '"' ? detail::find_any<'"', '&', '\0'>(scan_, input_ + from, input_ + length_)
                            : detail::find_any<'\'', '&', '\0'>(scan_, input_ + from, input_ + length_);
    }

    /// §13.2.5.36 and §13.2.5.37 Attribute value (double-quoted and single-quoted) states.
    step attribute_value_quoted_state(char quote) {
        piece& value = attributes_.back().value;
        for (;;) {
            const char* stop = quoted_value_stop(quote, position_);
            const auto at = static_cast<std::size_t>(stop - input_);
            piece_append_input(value, position_, at);
            position_ = at;
            if (value.size() > options_.limits.max_attribute_bytes) return fail_step(errc::attribute_too_large);
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                parse_error();  // eof-in-tag
                return emit_end_of_file();
            }
            const char c = current();
            if (c == quote) {
                ++position_;
                state_ = state::after_attribute_value_quoted;
                return step::next;
            }
            if (c == '&') {
                reference_start_ = position_++;
                return_state_ = state_;
                state_ = state::character_reference;
                return step::next;
            }
            parse_error();  // unexpected-null-character
            piece_append_decoded(value, replacement_character);
            ++position_;
        }
    }

    /// §13.2.5.38 Attribute value (unquoted) state.
    step attribute_value_unquoted_state() {
        piece& value = attributes_.back().value;
        for (;;) {
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                parse_error();  // eof-in-tag
                return emit_end_of_file();
            }
            const char c = current();
            if (is_whitespace(c)) {
                ++position_;
                state_ = state::before_attribute_name;
                return step::next;
            }
            if (c == '&') {
                reference_start_ = position_++;
                return_state_ = state::attribute_value_unquoted;
                state_ = state::character_reference;
                return step::next;
            }
            if (c == '>') {
                ++position_;
                return emit_tag();
            }
            if (c == '\0') {
                parse_error();
                piece_append_decoded(value, replacement_character);
            } else {
                if (c == '"' || c == '\'' || c == '<' || c == '=' || c == '`') parse_error();
                piece_append_input(value, position_, position_ + 1);
            }
            ++position_;
            if (value.size() > options_.limits.max_attribute_bytes) return fail_step(errc::attribute_too_large);
        }
    }

    /// §13.2.5.39 After attribute value (quoted) state.
    step after_attribute_value_quoted_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            parse_error();  // eof-in-tag
            return emit_end_of_file();
        }
        const char c = current();
        if (is_whitespace(c)) {
            ++position_;
            state_ = state::before_attribute_name;
        } else if (c == '/') {
            ++position_;
            state_ = state::self_closing_start_tag;
        } else if (c == '>') {
            ++position_;
            return emit_tag();
        } else {
            parse_error();  // missing-whitespace-between-attributes
            state_ = state::before_attribute_name;
        }
        return step::next;
    }

    /// §13.2.5.40 Self-closing start tag state.
    step self_closing_start_tag_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            parse_error();  // eof-in-tag
            return emit_end_of_file();
        }
        if (current() == '>') {
            ++position_;
            tag_self_closing_ = true;
            return emit_tag();
        }
        parse_error();  // unexpected-solidus-in-tag
        state_ = state::before_attribute_name;
        return step::next;
    }

    // ---------------------------------------------------------------------------------------------
    // Comments

    /// §13.2.5.41 Bogus comment state.
    step bogus_comment_state() {
        for (;;) {
            const char* stop = detail::find_any<'>', '\0'>(scan_, input_ + position_, input_ + length_);
            const auto at = static_cast<std::size_t>(stop - input_);
            piece_append_input(comment_, position_, at);
            position_ = at;
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                if (emit_comment() == step::stop) return step::stop;
                return emit_end_of_file();
            }
            if (current() == '>') {
                ++position_;
                state_ = state::data;
                return emit_comment();
            }
            parse_error();
            piece_append_decoded(comment_, replacement_character);
            ++position_;
        }
    }

    /// Whether the input at position_ starts with `word` (ASCII case-insensitive when asked); nullopt when
    /// the input ends first and more may come.
    std::optional<bool> lookahead(std::string_view word, bool case_insensitive) const noexcept {
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (position_ + i >= length_) {
                if (end_of_stream_) return false;
                return std::nullopt;
            }
            const char c = input_[position_ + i];
            if (case_insensitive ? to_ascii_lower(c) != word[i] : c != word[i]) return false;
        }
        return true;
    }

    /// §13.2.5.42 Markup declaration open state.
    step markup_declaration_open_state() {
        const auto dashes = lookahead("--", false);
        if (!dashes) return step::suspend;
        if (*dashes) {
            position_ += 2;
            start_comment();
            state_ = state::comment_start;
            return step::next;
        }
        const auto doctype = lookahead("doctype", true);
        if (!doctype) return step::suspend;
        if (*doctype) {
            position_ += 7;
            state_ = state::doctype;
            return step::next;
        }
        const auto cdata = lookahead("[CDATA[", false);
        if (!cdata) return step::suspend;
        if (*cdata) {
            position_ += 7;
            if (cdata_allowed()) {
                state_ = state::cdata_section;
                return step::next;
            }
            parse_error();  // cdata-in-html-content
            start_comment();
            comment_ = {position_ - 7, position_, false};  // the comment's data is "[CDATA["
            state_ = state::bogus_comment;
            return step::next;
        }
        parse_error();  // incorrectly-opened-comment
        start_comment();
        state_ = state::bogus_comment;
        return step::next;
    }

    /// §13.2.5.43 Comment start state.
    step comment_start_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '-') {
            ++position_;
            state_ = state::comment_start_dash;
            return step::next;
        }
        if (!at_end() && current() == '>') {
            parse_error();  // abrupt-closing-of-empty-comment
            ++position_;
            state_ = state::data;
            return emit_comment();
        }
        state_ = state::comment;
        return step::next;
    }

    /// §13.2.5.44 Comment start dash state.
    step comment_start_dash_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return comment_eof();
        }
        if (current() == '-') {
            ++position_;
            state_ = state::comment_end;
            return step::next;
        }
        if (current() == '>') {
            parse_error();  // abrupt-closing-of-empty-comment
            ++position_;
            state_ = state::data;
            return emit_comment();
        }
        piece_append_literal(comment_, "-");
        state_ = state::comment;
        return step::next;
    }

    /// §13.2.5.45 Comment state.
    step comment_state() {
        for (;;) {
            const char* stop = detail::find_any<'<', '-', '\0'>(scan_, input_ + position_, input_ + length_);
            const auto at = static_cast<std::size_t>(stop - input_);
            piece_append_input(comment_, position_, at);
            position_ = at;
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                return comment_eof();
            }
            const char c = current();
            if (c == '<') {
                piece_append_input(comment_, position_, position_ + 1);
                ++position_;
                state_ = state::comment_less_than_sign;
                return step::next;
            }
            if (c == '-') {
                ++position_;
                state_ = state::comment_end_dash;
                return step::next;
            }
            parse_error();
            piece_append_decoded(comment_, replacement_character);
            ++position_;
        }
    }

    /// §13.2.5.46 Comment less-than sign state.
    step comment_less_than_sign_state() {
        for (;;) {
            if (at_end() && !end_of_stream_) return step::suspend;
            if (!at_end() && current() == '!') {
                piece_append_input(comment_, position_, position_ + 1);
                ++position_;
                state_ = state::comment_less_than_sign_bang;
                return step::next;
            }
            if (!at_end() && current() == '<') {
                piece_append_input(comment_, position_, position_ + 1);
                ++position_;
                continue;
            }
            state_ = state::comment;
            return step::next;
        }
    }

    /// §13.2.5.47 – §13.2.5.49: "<!--" nested in a comment.
    step comment_less_than_sign_bang_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '-') {
            ++position_;
            state_ = state::comment_less_than_sign_bang_dash;
        } else {
            state_ = state::comment;
        }
        return step::next;
    }

    step comment_less_than_sign_bang_dash_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == '-') {
            ++position_;
            state_ = state::comment_less_than_sign_bang_dash_dash;
        } else {
            state_ = state::comment_end_dash;
        }
        return step::next;
    }

    step comment_less_than_sign_bang_dash_dash_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() != '>') parse_error();  // nested-comment
        state_ = state::comment_end;
        return step::next;
    }

    /// §13.2.5.50 Comment end dash state.
    step comment_end_dash_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return comment_eof();
        }
        if (current() == '-') {
            ++position_;
            state_ = state::comment_end;
            return step::next;
        }
        piece_append_literal(comment_, "-");
        state_ = state::comment;
        return step::next;
    }

    /// §13.2.5.51 Comment end state.
    step comment_end_state() {
        for (;;) {
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                return comment_eof();
            }
            const char c = current();
            if (c == '>') {
                ++position_;
                state_ = state::data;
                return emit_comment();
            }
            if (c == '!') {
                ++position_;
                state_ = state::comment_end_bang;
                return step::next;
            }
            if (c == '-') {
                ++position_;
                append_comment_dashes("-");
                continue;
            }
            append_comment_dashes("--");
            state_ = state::comment;
            return step::next;
        }
    }

    /// Appends the dashes (and "!") that closed nothing; they are the input right before position_ when
    /// the comment so far is contiguous with it, which piece_append_literal checks.
    void append_comment_dashes(std::string_view chars) {
        const std::size_t end = comment_.in_scratch ? position_ : comment_.end;
        if (!comment_.in_scratch && end + chars.size() <= position_ && input_range(end, end + chars.size()) == chars) {
            piece_append_input(comment_, end, end + chars.size());
        } else {
            piece_append_decoded(comment_, chars);
        }
    }

    /// §13.2.5.52 Comment end bang state.
    step comment_end_bang_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return comment_eof();
        }
        if (current() == '-') {
            append_comment_dashes("--!");
            ++position_;
            state_ = state::comment_end_dash;
            return step::next;
        }
        if (current() == '>') {
            parse_error();  // incorrectly-closed-comment
            ++position_;
            state_ = state::data;
            return emit_comment();
        }
        append_comment_dashes("--!");
        state_ = state::comment;
        return step::next;
    }

    // ---------------------------------------------------------------------------------------------
    // DOCTYPE

    /// eof-in-comment, in every comment state: the comment so far, then end of file.
    step comment_eof() {
        parse_error();  // eof-in-comment
        if (emit_comment() == step::stop) return step::stop;
        return emit_end_of_file();
    }

    step doctype_eof() {
        parse_error();  // eof-in-doctype
        doctype_force_quirks_ = true;
        if (emit_doctype() == step::stop) return step::stop;
        return emit_end_of_file();
    }

    step doctype_missing(state next) {
        doctype_force_quirks_ = true;
        state_ = next;
        return step::next;
    }

    /// §13.2.5.53 DOCTYPE state.
    step doctype_state() {
        start_doctype();
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        if (is_whitespace(current())) {
            ++position_;
        } else if (current() != '>') {
            parse_error();  // missing-whitespace-before-doctype-name
        }
        state_ = state::before_doctype_name;
        return step::next;
    }

    /// §13.2.5.54 Before DOCTYPE name state.
    step before_doctype_name_state() {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        const char c = current();
        if (c == '>') {
            parse_error();  // missing-doctype-name
            ++position_;
            doctype_force_quirks_ = true;
            state_ = state::data;
            return emit_doctype();
        }
        doctype_has_name_ = true;
        piece_start(doctype_name_);
        state_ = state::doctype_name;
        return step::next;
    }

    /// §13.2.5.55 DOCTYPE name state.
    step doctype_name_state() {
        for (;;) {
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                return doctype_eof();
            }
            const char c = current();
            if (is_whitespace(c)) {
                ++position_;
                state_ = state::after_doctype_name;
                return step::next;
            }
            if (c == '>') {
                ++position_;
                state_ = state::data;
                return emit_doctype();
            }
            if (c == '\0') {
                parse_error();
                piece_append_decoded(doctype_name_, replacement_character);
            } else {
                piece_append_lowercase(doctype_name_);
            }
            ++position_;
        }
    }

    /// §13.2.5.56 After DOCTYPE name state.
    step after_doctype_name_state() {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        if (current() == '>') {
            ++position_;
            state_ = state::data;
            return emit_doctype();
        }
        const auto is_public = lookahead("public", true);
        if (!is_public) return step::suspend;
        if (*is_public) {
            position_ += 6;
            state_ = state::after_doctype_public_keyword;
            return step::next;
        }
        const auto is_system = lookahead("system", true);
        if (!is_system) return step::suspend;
        if (*is_system) {
            position_ += 6;
            state_ = state::after_doctype_system_keyword;
            return step::next;
        }
        parse_error();  // invalid-character-sequence-after-doctype-name
        return doctype_missing(state::bogus_doctype);
    }

    void start_identifier(bool is_public) {
        if (is_public) {
            doctype_has_public_ = true;
            piece_start(doctype_public_);
        } else {
            doctype_has_system_ = true;
            piece_start(doctype_system_);
        }
    }

    /// §13.2.5.57 After DOCTYPE public keyword state, and §13.2.5.63 after DOCTYPE system keyword state.
    step after_doctype_keyword_state(bool is_public) {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        const char c = current();
        if (is_whitespace(c)) {
            ++position_;
            state_ = is_public ? state::before_doctype_public_identifier : state::before_doctype_system_identifier;
            return step::next;
        }
        if (c == '"' || c == '\'') {
            parse_error();  // missing-whitespace-after-doctype-public/system-keyword
            ++position_;
            start_identifier(is_public);
            state_ = is_public ? (c == '"' ? state::doctype_public_identifier_double_quoted
                                           : state::doctype_public_identifier_single_quoted)
                               : (c == '"' ? state::doctype_system_identifier_double_quoted
                                           : state::doctype_system_identifier_single_quoted);
            return step::next;
        }
        if (c == '>') {
            parse_error();  // missing-doctype-public/system-identifier
            ++position_;
            doctype_force_quirks_ = true;
            state_ = state::data;
            return emit_doctype();
        }
        parse_error();  // missing-quote-before-doctype-public/system-identifier
        return doctype_missing(state::bogus_doctype);
    }

    /// §13.2.5.58 Before DOCTYPE public identifier state, and §13.2.5.64 before DOCTYPE system identifier state.
    step before_doctype_identifier_state(bool is_public) {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        const char c = current();
        if (c == '"' || c == '\'') {
            ++position_;
            start_identifier(is_public);
            state_ = is_public ? (c == '"' ? state::doctype_public_identifier_double_quoted
                                           : state::doctype_public_identifier_single_quoted)
                               : (c == '"' ? state::doctype_system_identifier_double_quoted
                                           : state::doctype_system_identifier_single_quoted);
            return step::next;
        }
        if (c == '>') {
            parse_error();  // missing-doctype-public/system-identifier
            ++position_;
            doctype_force_quirks_ = true;
            state_ = state::data;
            return emit_doctype();
        }
        parse_error();  // missing-quote-before-doctype-public/system-identifier
        return doctype_missing(state::bogus_doctype);
    }

    /// §13.2.5.59 – §13.2.5.60 and §13.2.5.65 – §13.2.5.66: DOCTYPE identifiers in quotes.
    step doctype_identifier_state(bool is_public, char quote) {
        piece& id = is_public ? doctype_public_ : doctype_system_;
        for (;;) {
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                return doctype_eof();
            }
            const char c = current();
            if (c == quote) {
                ++position_;
                state_ = is_public ? state::after_doctype_public_identifier : state::after_doctype_system_identifier;
                return step::next;
            }
            if (c == '>') {
                parse_error();  // abrupt-doctype-public/system-identifier
                ++position_;
                doctype_force_quirks_ = true;
                state_ = state::data;
                return emit_doctype();
            }
            if (c == '\0') {
                parse_error();
                piece_append_decoded(id, replacement_character);
            } else {
                piece_append_input(id, position_, position_ + 1);
            }
            ++position_;
        }
    }

    /// §13.2.5.61 After DOCTYPE public identifier state.
    step after_doctype_public_identifier_state() {
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        const char c = current();
        if (is_whitespace(c)) {
            ++position_;
            state_ = state::between_doctype_public_and_system_identifiers;
            return step::next;
        }
        if (c == '>') {
            ++position_;
            state_ = state::data;
            return emit_doctype();
        }
        if (c == '"' || c == '\'') {
            parse_error();  // missing-whitespace-between-doctype-public-and-system-identifiers
            ++position_;
            start_identifier(false);
            state_ = c == '"' ? state::doctype_system_identifier_double_quoted
                              : state::doctype_system_identifier_single_quoted;
            return step::next;
        }
        parse_error();  // missing-quote-before-doctype-system-identifier
        return doctype_missing(state::bogus_doctype);
    }

    /// §13.2.5.62 Between DOCTYPE public and system identifiers state.
    step between_doctype_public_and_system_identifiers_state() {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        const char c = current();
        if (c == '>') {
            ++position_;
            state_ = state::data;
            return emit_doctype();
        }
        if (c == '"' || c == '\'') {
            ++position_;
            start_identifier(false);
            state_ = c == '"' ? state::doctype_system_identifier_double_quoted
                              : state::doctype_system_identifier_single_quoted;
            return step::next;
        }
        parse_error();  // missing-quote-before-doctype-system-identifier
        return doctype_missing(state::bogus_doctype);
    }

    /// §13.2.5.67 After DOCTYPE system identifier state.
    step after_doctype_system_identifier_state() {
        while (!at_end() && is_whitespace(current())) ++position_;
        if (at_end()) {
            if (!end_of_stream_) return step::suspend;
            return doctype_eof();
        }
        if (current() == '>') {
            ++position_;
            state_ = state::data;
            return emit_doctype();
        }
        parse_error();  // unexpected-character-after-doctype-system-identifier (no force-quirks)
        state_ = state::bogus_doctype;
        return step::next;
    }

    /// §13.2.5.68 Bogus DOCTYPE state.
    step bogus_doctype_state() {
        for (;;) {
            if (at_end()) {
                if (!end_of_stream_) return step::suspend;
                if (emit_doctype() == step::stop) return step::stop;
                return emit_end_of_file();
            }
            const char c = current();
            ++position_;
            if (c == '>') {
                state_ = state::data;
                return emit_doctype();
            }
            if (c == '\0') parse_error();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // CDATA sections (foreign content only)

    /// §13.2.5.69 CDATA section state.
    step cdata_section_state() {
        for (;;) {
            set_checkpoint();
            const char* stop = detail::find_any<']'>(scan_, input_ + position_, input_ + length_);
            const auto at = static_cast<std::size_t>(stop - input_);
            text_append_input(position_, at);
            position_ = at;
            if (at_end()) {
                if (!end_of_stream_) return suspend_here();
                parse_error();  // eof-in-cdata
                return emit_end_of_file();
            }
            construct_start_ = position_++;
            state_ = state::cdata_section_bracket;
            return step::next;
        }
    }

    /// §13.2.5.70 CDATA section bracket state.
    step cdata_section_bracket_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && current() == ']') {
            ++position_;
            state_ = state::cdata_section_end;
            return step::next;
        }
        text_append_input(construct_start_, position_);  // "]"
        state_ = state::cdata_section;
        return step::next;
    }

    /// §13.2.5.71 CDATA section end state.
    step cdata_section_end_state() {
        for (;;) {
            if (at_end() && !end_of_stream_) return step::suspend;
            if (!at_end() && current() == ']') {
                // The first of the brackets seen so far is text; the last two may still close the section.
                text_append_input(construct_start_, construct_start_ + 1);
                ++construct_start_;
                ++position_;
                continue;
            }
            if (!at_end() && current() == '>') {
                ++position_;
                state_ = state::data;
                return step::next;
            }
            text_append_input(construct_start_, position_);  // "]]"
            state_ = state::cdata_section;
            return step::next;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Character references

    bool in_attribute() const noexcept {
        return return_state_ == state::attribute_value_double_quoted ||
               return_state_ == state::attribute_value_single_quoted ||
               return_state_ == state::attribute_value_unquoted;
    }

    std::size_t reference_begin() const noexcept { return in_attribute() ? reference_start_ : construct_start_; }

    /// "Flush code points consumed as a character reference" for input that stays as it is.
    void flush_reference_input(std::size_t from, std::size_t to) {
        if (in_attribute()) {
            piece_append_input(attributes_.back().value, from, to);
        } else {
            text_append_input(from, to);
        }
    }

    void flush_reference_decoded(std::string_view chars) {
        if (in_attribute()) {
            piece_append_decoded(attributes_.back().value, chars);
        } else {
            text_append_decoded(chars, reference_begin());
        }
    }

    struct plain_reference {
        std::size_t end;         ///< the first byte past the reference's ';'
        std::string_view chars;  ///< what it stands for, UTF-8
    };

    /// The reference at `ampersand` when it is one the fast paths decode themselves, with the result the
    /// states below reach: a named reference that ends in ';' (§13.2.5.73), or a decimal or hexadecimal one
    /// of at most seven digits ending in ';' whose number is no parse error (§13.2.5.75 – §13.2.5.80); all
    /// in the input at hand. None of these depends on being in text or in an attribute value. nullopt for
    /// any other, which the character reference states handle.
    std::optional<plain_reference> plain_reference_at(std::size_t ampersand) noexcept {
        const std::size_t at = ampersand + 1;
        if (at >= length_) return std::nullopt;
        if (input_[at] != '#') {
            if (!is_ascii_alnum(input_[at])) return std::nullopt;
            const detail::named_match match = detail::match_named_reference(input_range(at, length_));
            if (!match.reference || match.needs_more_input || match.reference->name.back() != ';') return std::nullopt;
            return plain_reference{at + match.reference->name.size(), match.reference->value};
        }
        std::size_t p = at + 1;
        const bool hex = p < length_ && (input_[p] == 'x' || input_[p] == 'X');
        if (hex) ++p;
        const std::size_t digits = p;
        constexpr std::size_t max_digits = 7;  // U+10FFFF needs seven decimal digits; seven hex ones fit 32 bits
        std::uint32_t number = 0;
        for (; p < length_ && p - digits < max_digits; ++p) {
            const int digit = reference_digit(input_[p], hex);
            if (digit < 0) break;
            number = number * (hex ? 16u : 10u) + static_cast<std::uint32_t>(digit);
        }
        if (p == digits || p >= length_ || input_[p] != ';') return std::nullopt;
        bool is_error = false;
        const char32_t cp = detail::numeric_reference_value(number, is_error);
        if (is_error) return std::nullopt;
        const std::size_t size = detail::encode_utf8(cp, reference_chars_);
        return plain_reference{p + 1, std::string_view(reference_chars_, size)};
    }

    /// §13.2.5.72 Character reference state.
    step character_reference_state() {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && is_ascii_alnum(current())) {
            state_ = state::named_character_reference;
        } else if (!at_end() && current() == '#') {
            ++position_;
            state_ = state::numeric_character_reference;
        } else {
            flush_reference_input(reference_begin(), position_);  // "&"
            state_ = return_state_;
        }
        return step::next;
    }

    /// §13.2.5.73 Named character reference state.
    step named_character_reference_state() {
        const detail::named_match match = detail::match_named_reference(input_range(position_, length_));
        if (match.needs_more_input && !end_of_stream_) return step::suspend;
        if (!match.reference) {
            flush_reference_input(reference_begin(), position_);  // "&"
            state_ = state::ambiguous_ampersand;
            return step::next;
        }
        const std::string_view name = match.reference->name;
        const std::size_t after = position_ + name.size();
        if (in_attribute() && name.back() != ';') {
            if (after >= length_ && !end_of_stream_) return step::suspend;
            const char next = after < length_ ? input_[after] : '\0';
            if (after < length_ && (next == '=' || is_ascii_alnum(next))) {
                // Historical reasons: "&amp=" and "&ampx" in attribute values are not references.
                position_ = after;
                flush_reference_input(reference_begin(), position_);
                state_ = return_state_;
                return step::next;
            }
        }
        if (name.back() != ';') parse_error();  // missing-semicolon-after-character-reference
        position_ = after;
        flush_reference_decoded(match.reference->value);
        state_ = return_state_;
        return step::next;
    }

    /// §13.2.5.74 Ambiguous ampersand state.
    step ambiguous_ampersand_state() {
        for (;;) {
            if (at_end() && !end_of_stream_) return step::suspend;
            if (!at_end() && is_ascii_alnum(current())) {
                flush_reference_input(position_, position_ + 1);
                ++position_;
                continue;
            }
            if (!at_end() && current() == ';') parse_error();  // unknown-named-character-reference
            state_ = return_state_;
            return step::next;
        }
    }

    /// §13.2.5.75 Numeric character reference state.
    step numeric_character_reference_state() {
        reference_code_ = 0;
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && (current() == 'x' || current() == 'X')) {
            ++position_;
            state_ = state::hexadecimal_character_reference_start;
        } else {
            state_ = state::decimal_character_reference_start;
        }
        return step::next;
    }

    /// §13.2.5.76 Hexadecimal character reference start state, §13.2.5.77 decimal start state.
    step numeric_start(bool hex) {
        if (at_end() && !end_of_stream_) return step::suspend;
        if (!at_end() && (hex ? is_ascii_hex(current()) : is_ascii_digit(current()))) {
            state_ = hex ? state::hexadecimal_character_reference : state::decimal_character_reference;
            return step::next;
        }
        parse_error();  // absence-of-digits-in-numeric-character-reference
        flush_reference_input(reference_begin(), position_);  // "&#" or "&#x"
        state_ = return_state_;
        return step::next;
    }

    step hexadecimal_character_reference_start_state() { return numeric_start(true); }
    step decimal_character_reference_start_state() { return numeric_start(false); }

    /// §13.2.5.78 Hexadecimal character reference state, §13.2.5.79 decimal character reference state.
    step numeric_digits(bool hex) {
        for (;;) {
            if (at_end() && !end_of_stream_) return step::suspend;
            const char c = at_end() ? '\0' : current();
            const int digit = reference_digit(c, hex);
            if (digit >= 0) {
                // Saturate past U+10FFFF: the value is out of range whatever digits follow.
                const std::uint64_t next = std::uint64_t{reference_code_} * (hex ? 16u : 10u) +
                                           static_cast<std::uint64_t>(digit);
                reference_code_ = next > 0x110000 ? 0x110000u : static_cast<std::uint32_t>(next);
                ++position_;
                continue;
            }
            if (c == ';' && !at_end()) {
                ++position_;
            } else {
                parse_error();  // missing-semicolon-after-character-reference
            }
            state_ = state::numeric_character_reference_end;
            return step::next;
        }
    }

    step hexadecimal_character_reference_state() { return numeric_digits(true); }
    step decimal_character_reference_state() { return numeric_digits(false); }

    /// §13.2.5.80 Numeric character reference end state.
    step numeric_character_reference_end_state() {
        bool is_error = false;
        const char32_t cp = detail::numeric_reference_value(reference_code_, is_error);
        if (is_error) parse_error();
        char utf8[4];
        const std::size_t n = detail::encode_utf8(cp, utf8);
        flush_reference_decoded(std::string_view(utf8, n));
        state_ = return_state_;
        return step::next;
    }

    // ---------------------------------------------------------------------------------------------
    // Data

    token_sink* sink_;
    tokenizer_options options_;
    detail::scanner scan_ = {};
    char reference_chars_[4] = {};   ///< the characters of the last numeric plain_reference
    state state_ = state::data;
    state return_state_ = state::data;

    // The input of the current run: buffer_ (kept bytes plus the chunk) or the chunk itself.
    std::string buffer_;
    std::string normalized_;
    const char* input_ = nullptr;
    std::size_t length_ = 0;
    std::size_t position_ = 0;
    std::size_t base_offset_ = 0;     ///< stream offset of input_[0]
    std::size_t fed_bytes_ = 0;
    bool end_of_stream_ = false;
    bool finished_ = false;
    bool pending_cr_ = false;
    std::error_code failure_;

    std::size_t checkpoint_position_ = 0;
    state checkpoint_state_ = state::data;
    text_snapshot checkpoint_text_;
    std::size_t checkpoint_parse_errors_ = 0;
    input_stream_checker input_checker_;

    std::size_t construct_start_ = 0;    ///< the '<' (or '&', ']') that began the current construct
    std::size_t reference_start_ = 0;    ///< the '&' of a reference inside an attribute value
    std::size_t temporary_start_ = 0;    ///< the script data "temporary buffer", as an input range
    std::uint32_t reference_code_ = 0;

    text_run text_;
    std::string scratch_;
    piece tag_name_;
    bool tag_is_end_ = false;
    bool tag_self_closing_ = false;
    std::vector<attribute_piece> attributes_;
    std::vector<attribute> attribute_views_;
    // The character and tag tokens handed to the sink, made once: a token is a hundred bytes, and zeroing a
    // fresh one for each of the millions of tokens of a crawl cost as much as reading the tag (GCC clears it
    // with `rep stos`, slow to start for so few bytes). Each emit sets the fields its kind uses; the others
    // are never touched and keep their defaults.
    token text_token_{};
    token tag_token_{};
    std::vector<bool> duplicate_flags_;
    std::vector<std::size_t> order_;
    piece comment_;
    piece doctype_name_, doctype_public_, doctype_system_;
    bool doctype_force_quirks_ = false;
    bool doctype_has_name_ = false;
    bool doctype_has_public_ = false;
    bool doctype_has_system_ = false;
    std::string last_start_tag_;

    std::vector<foreign_frame> foreign_;
    std::size_t foreign_overflow_ = 0;

    std::size_t parse_errors_ = 0;
    std::size_t tokens_ = 0;
    detail::deadline deadline_;
};

// -------------------------------------------------------------------------------------------------

tokenizer::tokenizer(token_sink& sink, const tokenizer_options& options)
    : machine_(std::make_unique<machine>(sink, options)) {}
tokenizer::~tokenizer() = default;
tokenizer::tokenizer(tokenizer&&) noexcept = default;
tokenizer& tokenizer::operator=(tokenizer&&) noexcept = default;

result<void> tokenizer::feed(std::string_view chunk) { return machine_->feed(chunk); }
result<void> tokenizer::finish() { return machine_->finish(); }
void tokenizer::reset(const tokenizer_options& options) { machine_->reset(options); }
std::size_t tokenizer::parse_errors() const noexcept { return machine_->parse_errors(); }
std::size_t tokenizer::tokens() const noexcept { return machine_->tokens(); }

result<void> tokenizer::tokenize(std::string_view input, token_sink& sink, const tokenizer_options& options) {
    tokenizer t(sink, options);
    if (auto r = t.feed(input); !r) return r;
    return t.finish();
}

}  // namespace winnow
