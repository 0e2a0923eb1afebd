// Dates in free text and in markup: find_date, normalize_date, and the date and timestamp spans the other
// recognisers build on.
//
// The scanner is driven by ASCII digit runs: a text without digits costs one pass and no lookup, and a month
// name is only looked up when it sits next to a number that could be a day or a year.
#include <array>

#include "signals/text_signals_internal.hpp"
#include "signals/text_signals_util.hpp"
#include "winnow/text_signals.hpp"

namespace winnow::signals {
namespace detail {
namespace {

struct run {
    std::size_t begin = 0;
    std::size_t end = 0;
    int value = 0;   ///< -1 when the run is longer than 9 digits
    [[nodiscard]] std::size_t length() const noexcept { return end - begin; }
};

/// The digit run starting at pos, if any.
std::optional<run> digits_at(std::string_view t, std::size_t pos) noexcept {
    if (pos >= t.size() || !is_ascii_digit(t[pos])) return std::nullopt;
    run r{pos, pos, 0};
    while (r.end < t.size() && is_ascii_digit(t[r.end])) {
        if (r.end - pos < 9) r.value = r.value * 10 + (t[r.end] - '0');
        ++r.end;
    }
    if (r.length() > 9) r.value = -1;
    return r;
}

bool starts_with_at(std::string_view t, std::size_t pos, std::string_view s) noexcept {
    return pos <= t.size() && t.substr(pos, s.size()) == s;
}

std::size_t skip_spaces(std::string_view t, std::size_t pos) noexcept {
    while (pos < t.size()) {
        const auto cp = decode_at(t, pos);
        if (!is_space(cp.value)) break;
        pos += cp.length;
    }
    return pos;
}

/// End of the run of letters starting at pos (pos itself when none).
std::size_t letters_end(std::string_view t, std::size_t pos) noexcept {
    while (pos < t.size()) {
        const auto cp = decode_at(t, pos);
        if (!is_letter(cp.value)) break;
        pos += cp.length;
    }
    return pos;
}

bool letter_before(std::string_view t, std::size_t pos) noexcept {
    if (pos == 0) return false;
    return is_letter(decode_at(t, previous_start(t, pos)).value);
}

struct name_month {
    std::string_view name;
    int month;
};

// Folded (lowercase, accents removed) month names and abbreviations, nominative and genitive.
constexpr name_month month_names[] = {
    // English
    {"january", 1}, {"jan", 1}, {"february", 2}, {"feb", 2}, {"march", 3}, {"mar", 3}, {"april", 4}, {"apr", 4},
    {"may", 5}, {"june", 6}, {"jun", 6}, {"july", 7}, {"jul", 7}, {"august", 8}, {"aug", 8}, {"september", 9},
    {"sep", 9}, {"sept", 9}, {"october", 10}, {"oct", 10}, {"november", 11}, {"nov", 11}, {"december", 12},
    {"dec", 12},
    // German (and Austrian), Scandinavian spellings where they differ
    {"januar", 1}, {"janner", 1}, {"feber", 2}, {"februar", 2}, {"marz", 3}, {"maerz", 3}, {"mai", 5},
    {"juni", 6}, {"juli", 7}, {"oktober", 10}, {"okt", 10}, {"dezember", 12}, {"dez", 12}, {"mars", 3},
    {"maj", 5}, {"augusti", 8}, {"desember", 12}, {"januari", 1}, {"februari", 2},
    // French
    {"janvier", 1}, {"janv", 1}, {"fevrier", 2}, {"fevr", 2}, {"fev", 2}, {"avril", 4}, {"avr", 4}, {"juin", 6},
    {"juillet", 7}, {"juil", 7}, {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"decembre", 12},
    // Spanish
    {"enero", 1}, {"ene", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"abr", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"ago", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
    {"noviembre", 11}, {"diciembre", 12}, {"dic", 12},
    // Italian
    {"gennaio", 1}, {"gen", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"mag", 5}, {"giugno", 6},
    {"giu", 6}, {"luglio", 7}, {"lug", 7}, {"settembre", 9}, {"set", 9}, {"ottobre", 10}, {"ott", 10},
    {"dicembre", 12},
    // Portuguese
    {"janeiro", 1}, {"fevereiro", 2}, {"marco", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7}, {"setembro", 9},
    {"outubro", 10}, {"out", 10}, {"novembro", 11}, {"dezembro", 12},
    // Dutch
    {"maart", 3}, {"mrt", 3}, {"mei", 5}, {"augustus", 8},
    // Polish: nominative, genitive ("9 maja 2024"), abbreviations
    {"styczen", 1}, {"stycznia", 1}, {"sty", 1}, {"luty", 2}, {"lutego", 2}, {"lut", 2}, {"marzec", 3},
    {"marca", 3}, {"kwiecien", 4}, {"kwietnia", 4}, {"kwi", 4}, {"maja", 5}, {"czerwiec", 6}, {"czerwca", 6},
    {"cze", 6}, {"lipiec", 7}, {"lipca", 7}, {"lip", 7}, {"sierpien", 8}, {"sierpnia", 8}, {"sie", 8},
    {"wrzesien", 9}, {"wrzesnia", 9}, {"wrz", 9}, {"pazdziernik", 10}, {"pazdziernika", 10}, {"paz", 10},
    {"listopad", 11}, {"listopada", 11}, {"lis", 11}, {"grudzien", 12}, {"grudnia", 12}, {"gru", 12},
    // Russian: nominative, genitive ("9 мая 2024"), abbreviations
    {"январь", 1}, {"января", 1}, {"янв", 1}, {"февраль", 2}, {"февраля", 2}, {"фев", 2}, {"март", 3},
    {"марта", 3}, {"мар", 3}, {"апрель", 4}, {"апреля", 4}, {"апр", 4}, {"май", 5}, {"мая", 5}, {"июнь", 6},
    {"июня", 6}, {"июн", 6}, {"июль", 7}, {"июля", 7}, {"июл", 7}, {"август", 8}, {"августа", 8}, {"авг", 8},
    {"сентябрь", 9}, {"сентября", 9}, {"сен", 9}, {"сент", 9}, {"октябрь", 10}, {"октября", 10}, {"окт", 10},
    {"ноябрь", 11}, {"ноября", 11}, {"ноя", 11}, {"нояб", 11}, {"декабрь", 12}, {"декабря", 12}, {"дек", 12},
    // Czech genitive forms seen in bylines ("1. listopadu 2021")
    {"ledna", 1}, {"unora", 2}, {"brezna", 3}, {"dubna", 4}, {"kvetna", 5}, {"cervna", 6}, {"cervence", 7},
    {"srpna", 8}, {"zari", 9}, {"rijna", 10}, {"listopadu", 11}, {"prosince", 12},
};

constexpr std::string_view weekday_names[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "sat", "sun",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
    "lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica",
    "segunda", "terca", "quarta", "quinta", "sexta", "feira",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "poniedzialek", "wtorek", "sroda", "czwartek", "piatek", "sobota", "niedziela",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
    "pondeli", "utery", "streda", "ctvrtek", "patek", "nedele",
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lordag", "sondag", "måndag", "tisdag", "söndag",
    "wtr", "pon", "czw",
};

/// Folds a word (at most 32 bytes) into buf; the folded view, or empty when it does not fit.
std::string_view fold_word(std::string_view word, folded_key& buf) noexcept {
    if (word.empty() || word.size() > 32) return {};
    if (!buf.build(word)) return {};
    return buf.view();
}

/// Days in a month of the proleptic Gregorian calendar.
constexpr int days_in_month(int y, int m) noexcept {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[static_cast<std::size_t>(m - 1)];
}

struct time_parts {
    int hour = -1;
    int minute = 0;
    int second = 0;
    std::size_t end = 0;
};

/// "am"/"pm"/"a.m."/"p.m." at pos (after spaces): +1 for pm, -1 for am, 0 for none; advances end.
int meridiem_at(std::string_view t, std::size_t pos, std::size_t& end) noexcept {
    const std::size_t p = skip_spaces(t, pos);
    if (p >= t.size()) return 0;
    const char c = ascii_lower(t[p]);
    if (c != 'a' && c != 'p') return 0;
    std::size_t q = p + 1;
    if (q < t.size() && t[q] == '.') ++q;
    q = q < t.size() && t[q] == ' ' && q + 1 < t.size() && ascii_lower(t[q + 1]) == 'm' ? q + 1 : q;
    if (q >= t.size() || ascii_lower(t[q]) != 'm') return 0;
    ++q;
    if (q < t.size() && t[q] == '.') ++q;
    else if (q < t.size() && is_letter(decode_at(t, q).value)) return 0;   // "amazing", "pmc"
    end = q;
    return c == 'p' ? 1 : -1;
}

/// Time-zone designations after a time, consumed so that a byline's name part does not keep them.
std::size_t skip_zone(std::string_view t, std::size_t pos) noexcept {
    std::size_t p = skip_spaces(t, pos);
    static constexpr std::string_view zones[] = {
        "UTC", "GMT", "CEST", "CET", "MESZ", "MEZ", "EEST", "EET", "BST", "EDT", "EST", "CDT", "CST", "MDT",
        "MST", "PDT", "PST", "JST", "KST", "IST", "AEST", "AEDT", "HKT", "SGT"};
    bool found = false;
    if (p < t.size() && (t[p] == '+' || t[p] == '-') && p + 2 < t.size() && is_ascii_digit(t[p + 1]) &&
        is_ascii_digit(t[p + 2])) {
        // "+08:00" or "-0400" directly after a time is an offset, not a range.
        p += 3;
        if (p < t.size() && t[p] == ':') ++p;
        while (p < t.size() && is_ascii_digit(t[p])) ++p;
        return p;
    }
    for (const auto z : zones) {
        if (starts_with_at(t, p, z) && (p + z.size() == t.size() || !is_ascii_alpha(t[p + z.size()]))) {
            p += z.size();
            found = true;
            break;
        }
    }
    if (!found) {
        if (starts_with_at(t, p, "Uhr")) return p + 3;
        if (starts_with_at(t, p, "Z") && (p + 1 == t.size() || !is_ascii_alpha(t[p + 1]))) return p + 1;
        return pos;
    }
    // "GMT+8", "UTC+01:00"
    if (p < t.size() && (t[p] == '+' || t[p] == '-') && p + 1 < t.size() && is_ascii_digit(t[p + 1])) {
        ++p;
        while (p < t.size() && (is_ascii_digit(t[p]) || t[p] == ':')) ++p;
    }
    return p;
}

/// A time of day at pos: "00:11:46", "0:11", "12:30 PM", "14h30", "14.30 Uhr", "10时30分", "10點30分".
std::optional<time_parts> time_at(std::string_view t, std::size_t pos, int meridiem_hint = 0) noexcept {
    const auto h = digits_at(t, pos);
    if (!h || h->length() > 2) return std::nullopt;
    time_parts out;
    out.hour = h->value;
    std::size_t p = h->end;
    bool need_uhr = false;
    bool cjk = false;
    if (p < t.size() && t[p] == ':') {
        ++p;
    } else if (p < t.size() && (t[p] == 'h' || t[p] == 'H') && p + 1 < t.size() && is_ascii_digit(t[p + 1])) {
        ++p;   // French "14h30"
    } else if (p < t.size() && t[p] == '.') {
        ++p;   // German "14.30 Uhr": the dot form is only a time when "Uhr" follows
        need_uhr = true;
    } else if (starts_with_at(t, p, "时") || starts_with_at(t, p, "時") || starts_with_at(t, p, "点") ||
               starts_with_at(t, p, "點")) {
        p += 3;
        cjk = true;
    } else {
        return std::nullopt;
    }
    const auto m = digits_at(t, p);
    if (!m || m->length() > 2 || (!cjk && m->length() != 2)) return std::nullopt;
    out.minute = m->value;
    p = m->end;
    if (cjk) {
        if (starts_with_at(t, p, "分")) p += 3;
        if (const auto s = digits_at(t, p); s && s->length() <= 2 && starts_with_at(t, s->end, "秒")) {
            out.second = s->value;
            p = s->end + 3;
        }
    } else if (!need_uhr && p + 2 < t.size() && t[p] == ':') {
        if (const auto s = digits_at(t, p + 1); s && s->length() == 2) {
            out.second = s->value;
            p = s->end;
            if (p + 1 < t.size() && t[p] == '.' && is_ascii_digit(t[p + 1])) {   // fractions of a second
                ++p;
                while (p < t.size() && is_ascii_digit(t[p])) ++p;
            }
        }
    }
    if (need_uhr) {
        const std::size_t q = skip_spaces(t, p);
        if (!starts_with_at(t, q, "Uhr")) return std::nullopt;
    }
    std::size_t mer_end = p;
    int mer = meridiem_at(t, p, mer_end);
    if (mer == 0) mer = meridiem_hint;
    else p = mer_end;
    if (mer != 0) {
        if (out.hour < 1 || out.hour > 12) return std::nullopt;
        if (mer > 0 && out.hour != 12) out.hour += 12;
        if (mer < 0 && out.hour == 12) out.hour = 0;
    }
    if (out.hour > 23 || out.minute > 59 || out.second > 59) return std::nullopt;
    out.end = skip_zone(t, p);
    return out;
}

/// Words that may stand between a date and its time.
constexpr std::string_view time_connectors[] = {
    "at", "um", "a", "à", "a las", "alle", "ore", "om", "o", "в", "kl.", "kl", "às"};

/// A time following a date that ends at pos: separators, connector words, "上午"/"下午" are skipped.
std::optional<time_parts> time_after(std::string_view t, std::size_t pos, bool iso) noexcept {
    if (iso && pos < t.size() && (t[pos] == 'T' || t[pos] == 't')) return time_at(t, pos + 1);
    std::size_t p = skip_spaces(t, pos);
    // Chinese dates may run straight into the time: "2024年5月9日10:00".
    if (p < t.size() && (t[p] == ',' || t[p] == '|' || t[p] == '-' || t[p] == '/' || t[p] == '(' || t[p] == '@'))
        p = skip_spaces(t, p + 1);
    else if (starts_with_at(t, p, "–") || starts_with_at(t, p, "—") || starts_with_at(t, p, "·") ||
             starts_with_at(t, p, "•") || starts_with_at(t, p, "，"))
        p = skip_spaces(t, p + decode_at(t, p).length);
    if (p < t.size() && !is_ascii_digit(t[p])) {
        for (const auto w : time_connectors) {
            if (p + w.size() < t.size() && iequals_ascii(t.substr(p, w.size()), w) &&
                is_space(decode_at(t, p + w.size()).value)) {
                p = skip_spaces(t, p + w.size());
                break;
            }
        }
    }
    int hint = 0;
    if (starts_with_at(t, p, "上午") || starts_with_at(t, p, "早上")) hint = -1;
    else if (starts_with_at(t, p, "下午") || starts_with_at(t, p, "晚上")) hint = 1;
    if (hint != 0) p = skip_spaces(t, p + 6);
    return time_at(t, p, hint);
}

/// Year-suffix words after a year: "2024 г.", "2024 r.", "2024 года".
std::size_t skip_year_suffix(std::string_view t, std::size_t pos) noexcept {
    const std::size_t p = skip_spaces(t, pos);
    for (const std::string_view s : {std::string_view("г."), std::string_view("года"), std::string_view("r."),
                                     std::string_view("roku")}) {
        if (starts_with_at(t, p, s)) return p + s.size();
    }
    return pos;
}

bool year_ok(int y, year_range years) noexcept { return y >= years.min && y <= years.max; }

struct date_only {
    std::size_t begin = 0;
    std::size_t end = 0;
    int y = 0, m = 0, d = 0;
    bool iso = false;   ///< "YYYY-MM-DD": a "T" may introduce the time
};

int month_word_at(std::string_view t, std::size_t p, std::size_t& end) noexcept;

/// Year-first numeric forms at r1: "2024-05-09", "2024/5/9", "2024.05.09", "2024. 5. 9.", "2024年5月9日",
/// "2024년 5월 9일"; and the year, month word and day of bibliographic dates: "2023 Jan 7", "2023 Jan. 7".
std::optional<date_only> year_first(std::string_view t, const run& r1, year_range years) noexcept {
    if (r1.length() != 4 || !year_ok(r1.value, years)) return std::nullopt;
    std::size_t p = r1.end;
    if (p >= t.size()) return std::nullopt;
    const char sep = t[p];
    if (sep == '-' || sep == '/' || sep == '.') {
        std::size_t q = p + 1;
        if (sep == '.') q = skip_spaces(t, q);
        const auto r2 = digits_at(t, q);
        if (!r2 || r2->length() > 2 || r2->end >= t.size() || t[r2->end] != sep) return std::nullopt;
        q = r2->end + 1;
        if (sep == '.') q = skip_spaces(t, q);
        const auto r3 = digits_at(t, q);
        if (!r3 || r3->length() > 2) return std::nullopt;
        if (r3->end + 1 < t.size() && t[r3->end] == sep && is_ascii_digit(t[r3->end + 1])) return std::nullopt;
        if (!valid_ymd(r1.value, r2->value, r3->value)) return std::nullopt;
        std::size_t end = r3->end;
        if (sep == '.' && end < t.size() && t[end] == '.' && (end + 1 == t.size() || !is_ascii_digit(t[end + 1])))
            ++end;   // Korean "2024. 5. 9."
        return date_only{r1.begin, end, r1.value, r2->value, r3->value, sep == '-'};
    }
    if (sep == ' ') {
        std::size_t month_end = 0;
        const int m = month_word_at(t, skip_spaces(t, p), month_end);
        if (m == 0 || month_end >= t.size() || t[month_end] != ' ') return std::nullopt;
        const auto r3 = digits_at(t, month_end + 1);
        if (!r3 || r3->length() > 2 || (r3->end < t.size() && is_ascii_digit(t[r3->end]))) return std::nullopt;
        if (!valid_ymd(r1.value, m, r3->value)) return std::nullopt;
        return date_only{r1.begin, r3->end, r1.value, m, r3->value, false};
    }
    const bool han = starts_with_at(t, p, "年");
    const bool hangul = starts_with_at(t, p, "년");
    if (!han && !hangul) return std::nullopt;
    std::size_t q = skip_spaces(t, p + 3);
    const auto r2 = digits_at(t, q);
    if (!r2 || r2->length() > 2) return std::nullopt;
    q = r2->end;
    if (!starts_with_at(t, q, han ? "月" : "월")) return std::nullopt;
    q = skip_spaces(t, q + 3);
    const auto r3 = digits_at(t, q);
    if (!r3 || r3->length() > 2) return std::nullopt;
    if (!valid_ymd(r1.value, r2->value, r3->value)) return std::nullopt;
    std::size_t end = r3->end;
    if (han && (starts_with_at(t, end, "日") || starts_with_at(t, end, "号") || starts_with_at(t, end, "號")))
        end += 3;
    else if (hangul && starts_with_at(t, end, "일"))
        end += 3;
    return date_only{r1.begin, end, r1.value, r2->value, r3->value, false};
}

/// Two-digit years: only in "DD.MM.YY", where nothing else reads that way.
int expand_two_digit_year(int yy) noexcept { return yy < 70 ? 2000 + yy : 1900 + yy; }

/// Day-first and US numeric forms at r1: "09.05.2024", "9.5.2024", "09.05.24", "09-05-2024", "5/9/2024",
/// and the US order with dashes where the day-first reading is impossible: "11-29-2024".
std::optional<date_only> numeric_day_first(std::string_view t, const run& r1, year_range years) noexcept {
    if (r1.length() > 2 || r1.end >= t.size()) return std::nullopt;
    const char sep = t[r1.end];
    if (sep != '.' && sep != '-' && sep != '/') return std::nullopt;
    std::size_t q = r1.end + 1;
    if (sep == '.' && q < t.size() && t[q] == ' ') ++q;
    const auto r2 = digits_at(t, q);
    if (!r2 || r2->length() > 2 || r2->end >= t.size() || t[r2->end] != sep) return std::nullopt;
    q = r2->end + 1;
    if (sep == '.' && q < t.size() && t[q] == ' ') ++q;
    const auto r3 = digits_at(t, q);
    if (!r3) return std::nullopt;
    int y = 0;
    if (r3->length() == 4) {
        y = r3->value;
    } else if (r3->length() == 2 && sep == '.' && r1.length() == 2 && r2->length() == 2) {
        y = expand_two_digit_year(r3->value);
    } else {
        return std::nullopt;
    }
    if (r3->end + 1 < t.size() && (t[r3->end] == sep || t[r3->end] == '.') && is_ascii_digit(t[r3->end + 1]))
        return std::nullopt;   // a version or an address: "1.2.2024.5"
    if (!year_ok(y, years)) return std::nullopt;
    int d = r1.value;
    int m = r2->value;
    if (sep == '/' || (sep == '-' && !valid_ymd(y, m, d))) {
        // Slashes are the US order unless that is impossible: "5/9/2024" is May 9, "25/12/2024" Dec 25.
        // Dashes are day-first unless that is impossible: "11-29-2024" is November 29.
        if (valid_ymd(y, r1.value, r2->value)) {
            m = r1.value;
            d = r2->value;
        }
    }
    if (!valid_ymd(y, m, d)) return std::nullopt;
    return date_only{r1.begin, r3->end, y, m, d, false};
}

/// Ordinal suffixes after a day number: "9th", "1er", "1º", "9." (German).
std::size_t skip_ordinal(std::string_view t, std::size_t p) noexcept {
    if (p >= t.size()) return p;
    for (const std::string_view s : {std::string_view("st"), std::string_view("nd"), std::string_view("rd"),
                                     std::string_view("th"), std::string_view("er")}) {
        if (t.size() >= p + 2 && iequals_ascii(t.substr(p, 2), s) &&
            (p + 2 == t.size() || !is_letter(decode_at(t, p + 2).value)))
            return p + 2;
    }
    if (starts_with_at(t, p, "º") || starts_with_at(t, p, "ª") || starts_with_at(t, p, "°")) return p + 2;
    if (t[p] == '.') return p + 1;
    return p;
}

/// A month word at p (after spaces), with an optional abbreviation dot; 0 when none.
int month_word_at(std::string_view t, std::size_t p, std::size_t& end) noexcept {
    const std::size_t we = letters_end(t, p);
    if (we == p) return 0;
    const int m = month_from_word(t.substr(p, we - p));
    if (m == 0) return 0;
    end = we < t.size() && t[we] == '.' ? we + 1 : we;
    return m;
}

/// Day-first textual forms at r1: "9 May 2024", "9. Mai 2024", "9 de mayo de 2024", "1er mai 2024",
/// "9 maja 2024", "9 мая 2024 г.", "09-May-2024", "9 May, 2024".
std::optional<date_only> textual_day_first(std::string_view t, const run& r1, year_range years) noexcept {
    if (r1.length() > 2 || r1.value < 1 || r1.value > 31) return std::nullopt;
    std::size_t p = skip_ordinal(t, r1.end);
    bool dash = false;
    if (p < t.size() && t[p] == '-') {
        ++p;
        dash = true;
    }
    p = skip_spaces(t, p);
    if (!dash && p + 3 < t.size() && iequals_ascii(t.substr(p, 3), "de ")) p = skip_spaces(t, p + 3);
    std::size_t q = 0;
    const int m = month_word_at(t, p, q);
    if (m == 0) return std::nullopt;
    if (dash && q < t.size() && t[q] == '-') ++q;
    if (q < t.size() && t[q] == ',') ++q;
    q = skip_spaces(t, q);
    if (q + 3 < t.size() && iequals_ascii(t.substr(q, 3), "de ")) q = skip_spaces(t, q + 3);
    const auto r3 = digits_at(t, q);
    if (!r3 || r3->length() != 4 || !year_ok(r3->value, years)) return std::nullopt;
    if (!valid_ymd(r3->value, m, r1.value)) return std::nullopt;
    return date_only{r1.begin, skip_year_suffix(t, r3->end), r3->value, m, r1.value, false};
}

/// Month-first textual forms whose day is r1: "May 9, 2024", "May 9th 2024", "Jan. 9, 2024".
std::optional<date_only> textual_month_first(std::string_view t, const run& r1, year_range years) noexcept {
    if (r1.length() > 2 || r1.value < 1 || r1.value > 31 || r1.begin == 0) return std::nullopt;
    // The word before the day: back over spaces and an abbreviation dot.
    std::size_t e = r1.begin;
    std::size_t spaces = 0;
    while (e > 0) {
        const std::size_t ps = previous_start(t, e);
        if (!is_space(decode_at(t, ps).value)) break;
        e = ps;
        ++spaces;
    }
    if (spaces == 0 || e == 0) return std::nullopt;
    if (t[e - 1] == '.') --e;
    std::size_t b = e;
    while (b > 0) {
        const std::size_t ps = previous_start(t, b);
        if (!is_letter(decode_at(t, ps).value)) break;
        b = ps;
    }
    if (b == e) return std::nullopt;
    int m = month_from_word(t.substr(b, e - b));
    if (m == 0) {
        // A name glued to the date by a layout without spaces ("By Ann GiuffridaMar 5, 2025"): the month
        // is the word's last capitalised part.
        for (std::size_t k = e - 1; k > b; --k) {
            if (is_ascii_upper(t[k]) && is_ascii_lower(t[k - 1])) {
                if ((m = month_from_word(t.substr(k, e - k))) != 0) b = k;
                break;
            }
        }
    }
    if (m == 0) return std::nullopt;
    std::size_t p = skip_ordinal(t, r1.end);
    if (p < t.size() && t[p] == '.') ++p;
    if (p < t.size() && t[p] == ',') ++p;
    p = skip_spaces(t, p);
    const auto r3 = digits_at(t, p);
    if (!r3 || r3->length() != 4 || !year_ok(r3->value, years)) return std::nullopt;
    if (!valid_ymd(r3->value, m, r1.value)) return std::nullopt;
    return date_only{b, r3->end, r3->value, m, r1.value, false};
}

std::optional<date_only> date_at(std::string_view t, const run& r1, year_range years) noexcept {
    if (auto d = year_first(t, r1, years)) return d;
    if (auto d = textual_month_first(t, r1, years)) return d;
    if (auto d = numeric_day_first(t, r1, years)) return d;
    if (auto d = textual_day_first(t, r1, years)) return d;
    return std::nullopt;
}

date_span with_time(std::string_view t, const date_only& d) noexcept {
    date_span out{d.begin, d.end, {d.y, d.m, d.d, -1, 0, 0}};
    if (const auto tm = time_after(t, d.end, d.iso)) {
        out.parts.hour = tm->hour;
        out.parts.minute = tm->minute;
        out.parts.second = tm->second;
        out.end = tm->end;
    }
    return out;
}

/// Next digit run at or after pos that starts a number (not in the middle of one).
std::size_t next_run(std::string_view t, std::size_t pos) noexcept {
    while (pos < t.size()) {
        if (is_ascii_digit(t[pos]) && (pos == 0 || !is_ascii_digit(t[pos - 1]))) return pos;
        ++pos;
    }
    return t.size();
}

}  // namespace

bool valid_ymd(int y, int m, int d) noexcept {
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int month_from_word(std::string_view word) noexcept {
    folded_key key;
    const std::string_view w = fold_word(word, key);
    if (w.empty()) return 0;
    for (const auto& nm : month_names)
        if (nm.name == w) return nm.month;
    return 0;
}

bool is_weekday_word(std::string_view word) noexcept {
    folded_key key;
    const std::string_view w = fold_word(word, key);
    if (w.empty()) return false;
    for (const auto name : weekday_names)
        if (name == w) return true;
    return false;
}

std::optional<date_span> find_date_span(std::string_view text, std::size_t from, year_range years) noexcept {
    for (std::size_t pos = next_run(text, from); pos < text.size();) {
        const auto r1 = digits_at(text, pos);
        // A number glued to letters on its left is a code or a unit ("A380", "MP3"), not a date; CJK
        // letters are the exception, those scripts write dates without spaces.
        const bool glued = letter_before(text, pos) && !is_cjk(decode_at(text, previous_start(text, pos)).value);
        if (!glued) {
            if (const auto d = date_at(text, *r1, years)) return with_time(text, *d);
        }
        pos = next_run(text, r1->end);
    }
    return std::nullopt;
}

std::optional<stamp_span> find_stamp_span(std::string_view text, std::size_t from) noexcept {
    for (std::size_t pos = next_run(text, from); pos < text.size();) {
        const auto r1 = digits_at(text, pos);
        if (const auto d = date_at(text, *r1, free_text_years)) {
            const auto full = with_time(text, *d);
            return stamp_span{full.begin, full.end, true, full.parts.hour >= 0};
        }
        if (r1->length() <= 2 && r1->end < text.size()) {
            const char sep = text[r1->end];
            // Year-less "05-08 18:18", "5/8 18:18", "05-08".
            if (sep == '-' || sep == '/') {
                if (const auto r2 = digits_at(text, r1->end + 1); r2 && r2->length() <= 2 && r1->value >= 1 &&
                                                                   r1->value <= 12 && r2->value >= 1 &&
                                                                   r2->value <= 31 &&
                                                                   (r2->end == text.size() || !is_ascii_digit(text[r2->end])) &&
                                                                   (r2->end == text.size() || text[r2->end] != sep)) {
                    const std::size_t tp = skip_spaces(text, r2->end);
                    if (tp > r2->end) {
                        if (const auto tm = time_at(text, tp)) return stamp_span{r1->begin, tm->end, true, true};
                    }
                    if (r1->length() == 2 && r2->length() == 2) return stamp_span{r1->begin, r2->end, true, false};
                }
            }
            // "5月8日 18:18"
            if (starts_with_at(text, r1->end, "月")) {
                if (const auto r2 = digits_at(text, r1->end + 3); r2 && r2->length() <= 2 && r1->value >= 1 &&
                                                                   r1->value <= 12 && r2->value >= 1 &&
                                                                   r2->value <= 31) {
                    std::size_t end = r2->end;
                    if (starts_with_at(text, end, "日") || starts_with_at(text, end, "号") ||
                        starts_with_at(text, end, "號"))
                        end += 3;
                    if (const auto tm = time_after(text, end, false)) return stamp_span{r1->begin, tm->end, true, true};
                    return stamp_span{r1->begin, end, true, false};
                }
            }
            if (sep == ':') {
                if (const auto tm = time_at(text, r1->begin)) return stamp_span{r1->begin, tm->end, false, true};
            }
        }
        pos = next_run(text, r1->end);
    }
    return std::nullopt;
}

std::string format_date(const date_parts& p) {
    std::string out;
    out.reserve(19);
    auto put = [&](int v, int width) {
        char buf[8];
        for (int i = width - 1; i >= 0; --i) {
            buf[i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        out.append(buf, static_cast<std::size_t>(width));
    };
    put(p.year, 4);
    out.push_back('-');
    put(p.month, 2);
    out.push_back('-');
    put(p.day, 2);
    if (p.hour >= 0) {
        out.push_back('T');
        put(p.hour, 2);
        out.push_back(':');
        put(p.minute, 2);
        out.push_back(':');
        put(p.second, 2);
    }
    return out;
}

}  // namespace detail

std::optional<std::string> find_date(std::string_view text) {
    if (const auto d = detail::find_date_span(text)) return detail::format_date(d->parts);
    return std::nullopt;
}

std::optional<std::string> normalize_date(std::string_view value) {
    using namespace detail;
    const std::string_view v = trim(value);
    if (v.empty()) return std::nullopt;
    bool all_digits = true;
    for (const char c : v) all_digits = all_digits && is_ascii_digit(c);
    auto num = [&](std::size_t at, std::size_t len) {
        int n = 0;
        for (std::size_t i = 0; i < len; ++i) n = n * 10 + (v[at + i] - '0');
        return n;
    };
    if (all_digits) {
        // "20240509", "202405090011", "20240509001146"; anything else all-digit (epoch seconds or
        // milliseconds, ids) is not a date we can trust.
        if (v.size() != 8 && v.size() != 12 && v.size() != 14) return std::nullopt;
        date_parts p{num(0, 4), num(4, 2), num(6, 2), -1, 0, 0};
        if (!year_ok(p.year, markup_years) || !valid_ymd(p.year, p.month, p.day)) return std::nullopt;
        if (v.size() >= 12) {
            p.hour = num(8, 2);
            p.minute = num(10, 2);
            p.second = v.size() == 14 ? num(12, 2) : 0;
            if (p.hour > 23 || p.minute > 59 || p.second > 59) p.hour = -1;
        }
        return format_date(p);
    }
    if (const auto d = find_date_span(v, 0, markup_years); d && d->begin <= 32) return format_date(d->parts);
    return std::nullopt;
}

}  // namespace winnow::signals
