// A fixed set of byte strings searched for in one pass over a text.
//
// The recognisers ask "does this line contain any of these phrases?" of every short block of every page,
// and the block builder asks it of every class attribute. A find per phrase scans the text once per
// phrase; a phrase_set scans it once: each position is checked against a table of the phrases' first bytes
// and then a bitmap of their first two, and only where that pair starts a phrase are the phrases with that
// first byte compared. The set is built at compile time, so it costs nothing per page.
//
//     constexpr std::string_view words[] = {"newsletter", "sign up"};
//     constexpr auto calls = winnow::detail::make_phrase_set(words);   // built by the compiler
//     calls.contains_any("please sign up today");   // true
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace winnow::detail {

template <std::size_t N>
class phrase_set {
    static_assert(N > 0 && N < 65536, "a phrase set holds between 1 and 65535 phrases");

public:
    /// The phrases are `project(entry)` of each of the N entries; every phrase must be at least two bytes
    /// long (the first two bytes are what the scan filters on).
    template <class Entries, class Project>
    consteval phrase_set(const Entries& entries, Project project) {
        std::size_t count = 0;
        for (const auto& entry : entries) {
            const std::string_view phrase = project(entry);
            if (count == N) throw "phrase_set: more entries than N";
            if (phrase.size() < 2) throw "phrase_set: a phrase needs at least two bytes";
            phrases_[count++] = phrase;
            const std::size_t pair = pair_at(phrase, 0);
            pairs_[pair / 64] |= std::uint64_t{1} << (pair % 64);
            starts_[static_cast<unsigned char>(phrase[0])] = true;
        }
        if (count != N) throw "phrase_set: fewer entries than N";
        std::size_t next = 0;
        for (std::size_t first = 0; first < 256; ++first) {
            firsts_[first] = static_cast<std::uint16_t>(next);
            for (std::size_t i = 0; i < N; ++i)
                if (static_cast<unsigned char>(phrases_[i][0]) == first) order_[next++] = static_cast<std::uint16_t>(i);
        }
        firsts_[256] = static_cast<std::uint16_t>(next);
    }

    /// True when any phrase occurs in `text` (bytes compared exactly).
    [[nodiscard]] constexpr bool contains_any(std::string_view text) const noexcept {
        bool found = false;
        scan(text, [&](std::size_t) {
            found = true;
            return false;
        });
        return found;
    }

    /// Calls found(i) for each occurrence of phrase i in `text`, by position; found returns false to stop.
    template <class Found>
    constexpr void scan(std::string_view text, Found&& found) const {
        if (text.size() < 2) return;
        for (std::size_t at = 0; at + 1 < text.size(); ++at) {
            if (!starts_[static_cast<unsigned char>(text[at])]) continue;   // most bytes start no phrase
            const std::size_t pair = pair_at(text, at);
            if ((pairs_[pair / 64] >> (pair % 64) & 1) == 0) continue;
            const std::size_t first = static_cast<unsigned char>(text[at]);
            const std::string_view rest = text.substr(at);
            for (std::size_t k = firsts_[first]; k < firsts_[first + 1]; ++k) {
                const std::string_view phrase = phrases_[order_[k]];
                if (phrase[1] != rest[1] || rest.size() < phrase.size()) continue;
                std::size_t same = 2;   // phrases are short: compared inline, not by a call to memcmp
                while (same < phrase.size() && rest[same] == phrase[same]) ++same;
                if (same == phrase.size() && !found(std::size_t{order_[k]})) return;
            }
        }
    }

    [[nodiscard]] constexpr std::string_view operator[](std::size_t i) const noexcept { return phrases_[i]; }
    [[nodiscard]] static constexpr std::size_t size() noexcept { return N; }

private:
    static constexpr std::size_t pair_at(std::string_view s, std::size_t at) noexcept {
        return static_cast<std::size_t>(static_cast<unsigned char>(s[at])) << 8 |
               static_cast<unsigned char>(s[at + 1]);
    }

    std::array<std::string_view, N> phrases_{};
    std::array<bool, 256> starts_{};                  // some phrase starts with byte b
    std::array<std::uint64_t, 65536 / 64> pairs_{};   // bit (b0 << 8 | b1): some phrase starts with b0 b1
    std::array<std::uint16_t, N> order_{};            // phrase indexes grouped by first byte
    std::array<std::uint16_t, 257> firsts_{};         // phrases starting with byte b: order_[firsts_[b] .. firsts_[b + 1])
};

/// The set of an array of phrases.
template <std::size_t N>
[[nodiscard]] consteval phrase_set<N> make_phrase_set(const std::string_view (&phrases)[N]) {
    return phrase_set<N>(phrases, [](std::string_view phrase) { return phrase; });
}

/// The set of one string member of each entry of a table: make_phrase_set(hints, &hint::word).
template <class Entry, std::size_t N>
[[nodiscard]] consteval phrase_set<N> make_phrase_set(const std::array<Entry, N>& entries,
                                                       std::string_view Entry::*member) {
    return phrase_set<N>(entries, [member](const Entry& entry) { return entry.*member; });
}

}  // namespace winnow::detail
