// Runs every case of html5lib-tests/tokenizer against winnow's tokenizer, three ways: the whole input in
// one chunk, one byte at a time, and in random chunks (seed printed; set WINNOW_TEST_SEED to replay).
// Tokens must match exactly; parse errors are counted and reported, not compared.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "support/json.hpp"
#include "support/paths.hpp"
#include "winnow/tokenizer.hpp"

namespace {

using winnow::testing::read_file;

namespace json = winnow::testing::json;
using field = std::optional<std::string>;   // nullopt is JSON null
using flat_token = std::vector<field>;

struct test_case {
    std::string file;
    std::string description;
    std::string input;
    std::vector<flat_token> expected;
    std::vector<winnow::tokenizer_start> starts;
    std::vector<std::string> start_names;
    std::string last_start_tag;
    std::optional<std::size_t> expected_errors;   // absent when the case lists no errors
    bool xml_violation = false;
};

enum class feeding { whole, bytewise, random_chunks };

std::optional<winnow::tokenizer_start> parse_state(const std::string& name) {
    if (name == "Data state") return winnow::tokenizer_start::data;
    if (name == "PLAINTEXT state") return winnow::tokenizer_start::plaintext;
    if (name == "RCDATA state") return winnow::tokenizer_start::rcdata;
    if (name == "RAWTEXT state") return winnow::tokenizer_start::rawtext;
    if (name == "Script data state") return winnow::tokenizer_start::script_data;
    if (name == "CDATA section state") return winnow::tokenizer_start::cdata_section;
    return std::nullopt;
}

void coalesce(std::vector<flat_token>& tokens) {
    std::vector<flat_token> out;
    for (auto& t : tokens) {
        if (!out.empty() && t[0] == "Character" && out.back()[0] == "Character") {
            *out.back()[1] += *t[1];
        } else {
            out.push_back(std::move(t));
        }
    }
    tokens = std::move(out);
}

flat_token flatten_expected(const json::value& v, bool double_escaped) {
    const auto& a = v.as_array();
    auto str = [&](const json::value& s) -> field {
        if (s.is_null()) return std::nullopt;
        return double_escaped ? json::unescape_u_sequences(s.string) : s.string;
    };
    flat_token t{a[0].string};
    const std::string& type = a[0].string;
    if (type == "StartTag") {
        t.push_back(str(a[1]));
        t.push_back(a.size() > 3 && a[3].boolean ? "self-closing" : "");
        std::vector<std::pair<std::string, std::string>> attrs;
        for (const auto& [k, val] : a[2].as_object())
            attrs.emplace_back(*str(json::value{json::value::kind::string, false, 0, k, {}, {}}), *str(val));
        std::sort(attrs.begin(), attrs.end());
        for (auto& [k, val] : attrs) {
            t.push_back(k);
            t.push_back(val);
        }
    } else if (type == "DOCTYPE") {
        t.push_back(str(a[1]));
        t.push_back(str(a[2]));
        t.push_back(str(a[3]));
        t.push_back(a[4].boolean ? "correct" : "quirks");
    } else {
        t.push_back(str(a[1]));  // EndTag name, Comment data, Character data
    }
    return t;
}

class recorder final : public winnow::token_sink {
public:
    std::vector<flat_token> tokens;

    void on_token(const winnow::token& t) override {
        switch (t.kind) {
            case winnow::token_kind::characters:
                tokens.push_back({"Character", std::string(t.data)});
                break;
            case winnow::token_kind::start_tag: {
                flat_token f{"StartTag", std::string(t.name), t.self_closing ? "self-closing" : ""};
                std::vector<std::pair<std::string, std::string>> attrs;
                for (const auto& a : t.attributes) attrs.emplace_back(a.name, a.value);
                std::sort(attrs.begin(), attrs.end());
                for (auto& [k, v] : attrs) {
                    f.push_back(k);
                    f.push_back(v);
                }
                // A tag id, when the name is known, must resolve back to the same name.
                if (t.tag != winnow::tag_id::unknown && winnow::tag_name(t.tag) != t.name)
                    f.push_back("tag id mismatch");
                tokens.push_back(std::move(f));
                break;
            }
            case winnow::token_kind::end_tag:
                tokens.push_back({"EndTag", std::string(t.name)});
                break;
            case winnow::token_kind::comment:
                tokens.push_back({"Comment", std::string(t.data)});
                break;
            case winnow::token_kind::doctype:
                tokens.push_back({"DOCTYPE", t.has_name ? field(std::string(t.name)) : std::nullopt,
                                  t.has_public_id ? field(std::string(t.public_id)) : std::nullopt,
                                  t.has_system_id ? field(std::string(t.system_id)) : std::nullopt,
                                  t.force_quirks ? "quirks" : "correct"});
                break;
            case winnow::token_kind::end_of_file:
                ++end_of_file_tokens;
                break;
        }
    }
    int end_of_file_tokens = 0;
};

// html5lib's XML-infoset coercion, which the xmlViolation cases expect applied to the tokens.
std::string coerce_xml_characters(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\f') {
            out.push_back(' ');
        } else if (s.compare(i, 3, "\xEF\xBF\xBF") == 0 || s.compare(i, 3, "\xEF\xBF\xBE") == 0) {
            out += "\xEF\xBF\xBD";
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

void coerce_xml(std::vector<flat_token>& tokens) {
    for (auto& t : tokens) {
        if (t[0] == "Character") *t[1] = coerce_xml_characters(*t[1]);
        if (t[0] == "Comment") {
            std::string& data = *t[1];
            for (std::size_t at; (at = data.find("--")) != std::string::npos;) data.replace(at, 2, "- -");
            if (!data.empty() && data.back() == '-') data.push_back(' ');
        }
        if (t[0] == "StartTag")
            for (std::size_t i = 4; i < t.size(); i += 2) *t[i] = coerce_xml_characters(*t[i]);
    }
}

std::vector<test_case> load_cases(const std::filesystem::path& dir) {
    std::vector<test_case> cases;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".test") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        const json::value doc = json::parse(read_file(path));
        for (const auto& [key, list] : doc.as_object()) {
            for (const auto& t : list.as_array()) {
                test_case c;
                c.file = path.filename().string();
                c.xml_violation = key == "xmlViolationTests";
                c.description = t.find("description")->string;
                const bool double_escaped = t.find("doubleEscaped") && t.find("doubleEscaped")->boolean;
                c.input = double_escaped ? json::unescape_u_sequences(t.find("input")->string) : t.find("input")->string;
                for (const auto& o : t.find("output")->as_array()) c.expected.push_back(flatten_expected(o, double_escaped));
                coalesce(c.expected);
                if (const auto* states = t.find("initialStates")) {
                    for (const auto& s : states->as_array()) {
                        c.start_names.push_back(s.string);
                        c.starts.push_back(parse_state(s.string).value_or(winnow::tokenizer_start::data));
                    }
                } else {
                    c.start_names.push_back("Data state");
                    c.starts.push_back(winnow::tokenizer_start::data);
                }
                if (const auto* last = t.find("lastStartTag")) c.last_start_tag = last->string;
                if (const auto* errors = t.find("errors")) c.expected_errors = errors->as_array().size();
                cases.push_back(std::move(c));
            }
        }
    }
    return cases;
}

std::string show(const std::vector<flat_token>& tokens) {
    std::string out;
    for (const auto& t : tokens) {
        out += "  [";
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (i) out += ", ";
            out += t[i] ? "\"" + *t[i] + "\"" : "null";
        }
        out += "]\n";
    }
    return out;
}

struct outcome {
    std::vector<flat_token> tokens;
    std::size_t parse_errors = 0;
    bool ok = true;
    int end_of_file_tokens = 0;
};

outcome run_case(const test_case& c, std::size_t start_index, feeding how, std::mt19937_64& rng) {
    recorder sink;
    winnow::tokenizer_options options;
    options.tree_feedback = false;  // the tests drive the states themselves
    options.start = c.starts[start_index];
    options.last_start_tag = c.last_start_tag;
    options.count_input_stream_errors = true;
    winnow::tokenizer tok(sink, options);
    outcome out;
    const std::string_view input = c.input;
    if (how == feeding::whole) {
        out.ok = static_cast<bool>(tok.feed(input));
    } else {
        std::size_t at = 0;
        while (at < input.size() && out.ok) {
            std::size_t n = 1;
            if (how == feeding::random_chunks) n = std::uniform_int_distribution<std::size_t>(1, 1 + input.size() / 2)(rng);
            n = std::min(n, input.size() - at);
            out.ok = static_cast<bool>(tok.feed(input.substr(at, n)));
            at += n;
        }
    }
    if (out.ok) out.ok = static_cast<bool>(tok.finish());
    out.parse_errors = tok.parse_errors();
    out.tokens = std::move(sink.tokens);
    out.end_of_file_tokens = sink.end_of_file_tokens;
    coalesce(out.tokens);
    if (c.xml_violation) coerce_xml(out.tokens);
    return out;
}

std::uint64_t test_seed() {
    if (const char* env = std::getenv("WINNOW_TEST_SEED"); env && *env) return std::strtoull(env, nullptr, 10);
    return std::random_device{}();
}

void run_all(feeding how, const char* label) {
    const auto dir = winnow::testing::shared_dir() / "conformance/html5lib-tests/tokenizer";
    WINNOW_REQUIRE_SHARED(dir);
    const auto cases = load_cases(dir);
    const std::uint64_t seed = test_seed();
    std::mt19937_64 rng(seed);
    std::size_t passed = 0, failed = 0, runs = 0, error_counts_compared = 0, error_count_mismatches = 0;
    std::ostringstream failures;
    for (const auto& c : cases) {
        bool case_ok = true;
        for (std::size_t s = 0; s < c.starts.size(); ++s) {
            ++runs;
            const outcome out = run_case(c, s, how, rng);
            const bool ok = out.ok && out.tokens == c.expected && out.end_of_file_tokens == 1;
            if (c.expected_errors) ++error_counts_compared;
            if (c.expected_errors && out.parse_errors != *c.expected_errors) {
                ++error_count_mismatches;
                if (std::getenv("WINNOW_SHOW_ERROR_COUNTS"))
                    std::cout << c.file << ": " << c.description << " expected " << *c.expected_errors << " got "
                              << out.parse_errors << "\n";
            }
            if (!ok && case_ok && failed < 25) {
                failures << c.file << ": " << c.description << " [" << c.start_names[s] << "]\n input: \"" << c.input
                         << "\"\n expected:\n" << show(c.expected) << " actual:\n" << show(out.tokens);
            }
            case_ok = case_ok && ok;
        }
        (case_ok ? passed : failed)++;
    }
    std::cout << "html5lib tokenizer (" << label << "): " << passed << " passed, " << failed << " failed ("
              << runs << " runs over initial states); parse errors: counts match in "
              << error_counts_compared - error_count_mismatches << " of " << error_counts_compared
              << " runs (reported, not a failure)";
    if (how == feeding::random_chunks) std::cout << "; seed " << seed;
    std::cout << "\n";
    EXPECT_EQ(failed, 0u) << failures.str();
    EXPECT_EQ(passed, cases.size());
}

TEST(html5lib_tokenizer, whole_input) { run_all(feeding::whole, "whole input"); }
TEST(html5lib_tokenizer, one_byte_at_a_time) { run_all(feeding::bytewise, "one byte at a time"); }
TEST(html5lib_tokenizer, random_chunks) { run_all(feeding::random_chunks, "random chunks"); }

}  // namespace
