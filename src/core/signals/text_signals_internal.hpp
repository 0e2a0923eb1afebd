// Private pieces of the text recognisers shared between their translation units and the metadata
// collector: date spans (where in a line a date sits, not only its value) and author-name cleaning.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::signals::detail {

struct date_parts {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = -1;     ///< -1 when no time was given
    int minute = 0;
    int second = 0;
};

struct date_span {
    std::size_t begin = 0;   ///< byte range of the date (and its time) in the text
    std::size_t end = 0;
    date_parts parts;
};

struct year_range {
    int min = 1990;
    int max = 2100;
};

/// Free text keeps to recent years so that numbers ("1870 km", "Section 2024.5") are not read as dates;
/// markup states dates on purpose and may be older.
inline constexpr year_range free_text_years{1990, 2100};
inline constexpr year_range markup_years{1900, 2100};

[[nodiscard]] bool valid_ymd(int y, int m, int d) noexcept;
/// The first full date (year, month and day) in text at or after `from`.
[[nodiscard]] std::optional<date_span> find_date_span(std::string_view text, std::size_t from = 0,
                                                      year_range years = free_text_years) noexcept;
/// A timestamp a dated headline ends with: a full date (with or without time), a year-less
/// "MM-DD HH:MM" / "M月D日 HH:MM", or a bare "HH:MM". Searches from `from`.
struct stamp_span {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool has_date = false;
    bool has_time = false;
};
[[nodiscard]] std::optional<stamp_span> find_stamp_span(std::string_view text, std::size_t from) noexcept;
/// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS".
[[nodiscard]] std::string format_date(const date_parts& p);
/// 1–12 for a month name or abbreviation in any of the supported languages (any case, accents optional,
/// genitive forms included); 0 otherwise.
[[nodiscard]] int month_from_word(std::string_view word) noexcept;
/// Weekday names and abbreviations in the supported languages.
[[nodiscard]] bool is_weekday_word(std::string_view word) noexcept;

/// True when `text` (what stands before a date on its line) ends with a label of a later date than the
/// publication's: "Updated", "Last modified:", "Medically reviewed on", "Aktualisiert am", "更新时间：".
[[nodiscard]] bool ends_with_update_label(std::string_view text);
/// A user name of one token with a digit, as forums and Q&A sites show them: "paulb203", "user3080392",
/// "Pippin06" (ASCII letters, digits, '_', '-', '.'; starting with a letter, two letters at least, 3–32
/// bytes; not a URL or e-mail address).
[[nodiscard]] bool is_user_handle(std::string_view text) noexcept;
/// Splits an author field or the name part of a byline into names: "A and B", "A, B", "A & B",
/// "A und B", "A、B", "A / B"; drops "By ", e-mail addresses, URLs, agency and role words ("Reuters",
/// "Staff Writer"), and pieces that do not look like a name; a field that is one user handle is kept whole.
/// Appends to `out` without duplicates.
void split_names(std::string_view text, std::vector<std::string>& out);
/// A name as people write theirs: capitalised words (particles aside) or a single handle, no calendar
/// words, no role or agency words; for author text found in page elements rather than in metadata fields.
[[nodiscard]] bool looks_like_person_name(std::string_view name);
/// Names of outlets, companies, desks and site accounts ("Badische Zeitung", "Web Commerce GmbH",
/// "JuraForum.de-Redaktion", "admin", the site's own name): authors of last resort.
[[nodiscard]] bool looks_like_organisation(std::string_view name, std::string_view site_name);
/// The title without a part that is the known site ("Title | Site", "Site：Title"); nullopt when no part
/// is the site, so that callers can keep a title as written.
[[nodiscard]] std::optional<std::string> strip_known_site(std::string_view title, std::string_view site_name);
/// The first part of a title split at its separators ("Headline" of "Headline | Section | Site").
[[nodiscard]] std::string_view first_title_part(std::string_view title) noexcept;
/// The parts of a title split at its separators, trimmed, at most 8; their count.
std::size_t title_parts(std::string_view title, std::array<std::string_view, 8>& out) noexcept;
/// Whether a text is the site's name as written in a title: "AliExpress" for "aliexpress", "virtualbox.org"
/// for "virtualbox" (case, spaces, "www." and a top-level domain aside).
[[nodiscard]] bool is_site_name(std::string_view text, std::string_view site_name) noexcept;
/// The label that names a site in its URL's host: "archlinux" of "https://bbs.archlinux.org/t/1",
/// "bbc" of "https://www.bbc.co.uk/news" (subdomains and top-level domains dropped); empty without a host.
[[nodiscard]] std::string_view site_label_of_url(std::string_view url) noexcept;
/// A single cleaned name, or empty when `text` does not look like a person's or an outlet's name.
[[nodiscard]] std::string clean_name(std::string_view text);

}  // namespace winnow::signals::detail
