// Bylines, editor credits and author names.
//
// A byline is recognised by its label ("By", "Von", "作者：", "记者", "文/", …) or by a CJK name glued to its
// e-mail address; the name part is then checked against what names look like (capitalised words, particles,
// 2–4 Han characters), which is what keeps "By the way, …" and "记者从市教育局获悉…" out.
#include <algorithm>
#include <array>
#include <span>

#include "phrase_set.hpp"
#include "signals/text_signals_internal.hpp"
#include "signals/text_signals_util.hpp"
#include "winnow/text_signals.hpp"

#include <unicode/uchar.h>

namespace winnow::signals {
namespace detail {
namespace {

using sv = std::string_view;

char32_t fold_cp(char32_t c) noexcept { return fold_code_point(c); }

/// Whether a label (folded form) starts with the folded code point `first`: the cheap test that rules out
/// almost every label before match_label looks further.
bool first_is(sv label, char32_t first) noexcept {
    const auto b0 = static_cast<unsigned char>(label[0]);
    if (b0 < 0x80) return first == b0;
    return decode_at(label, 0).value == first;
}

/// The sorted first code points of a label table: lines are scanned position by position, and one binary
/// search over a dozen code points rules a position out before any label is compared.
template <class T, std::size_t N, class Get>
constexpr std::array<char32_t, N> first_code_points(const T (&labels)[N], Get get) {
    std::array<char32_t, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = decode_at(get(labels[i]), 0).value;
    std::sort(a.begin(), a.end());
    return a;
}

template <std::size_t N>
bool starts_some_label(const std::array<char32_t, N>& firsts, char32_t c) noexcept {
    return std::binary_search(firsts.begin(), firsts.end(), c);
}

/// The folded first code point of s at pos, for first_is.
char32_t folded_at(sv s, std::size_t pos) noexcept { return pos < s.size() ? fold_cp(decode_at(s, pos).value) : 0; }

/// When s at pos reads `label` (folded form) case- and accent-insensitively, the end of the match.
std::size_t match_label(sv s, std::size_t pos, sv label) noexcept {
    std::size_t i = pos;
    for (std::size_t j = 0; j < label.size();) {
        if (i >= s.size()) return sv::npos;
        const auto a = decode_at(s, i);
        const auto b = decode_at(label, j);
        if (fold_cp(a.value) != b.value) return sv::npos;
        i += a.length;
        j += b.length;
    }
    return i;
}

bool is_colon(char32_t c) noexcept { return c == ':' || c == U'：' || c == U'﹕'; }

/// Dots and bullets that separate the parts of a byline: "By Jane Doe · Staff Writer • May 5": the middle dot,
/// the bullet, and the dot and bullet operators some templates use for them.
bool is_bullet(char32_t c) noexcept { return c == 0xB7 || c == 0x2022 || c == 0x22C5 || c == 0x2219; }

bool is_open_bracket(char32_t c) noexcept {
    return c == '(' || c == '[' || c == U'（' || c == U'【' || c == U'〔' || c == U'［' || c == U'「' || c == '{';
}
bool is_close_bracket(char32_t c) noexcept {
    return c == ')' || c == ']' || c == U'）' || c == U'】' || c == U'〕' || c == U'］' || c == U'」' || c == '}';
}

std::size_t skip_spaces(sv s, std::size_t pos) noexcept {
    while (pos < s.size()) {
        const auto cp = decode_at(s, pos);
        if (!is_space(cp.value)) break;
        pos += cp.length;
    }
    return pos;
}

/// Skips spaces, one colon (or dash), spaces.
std::size_t skip_colon(sv s, std::size_t pos, bool& had_colon) noexcept {
    std::size_t p = skip_spaces(s, pos);
    had_colon = false;
    if (p < s.size()) {
        const auto cp = decode_at(s, p);
        if (is_colon(cp.value)) {
            had_colon = true;
            p = skip_spaces(s, p + cp.length);
        }
    }
    return p;
}

char32_t cp_before(sv s, std::size_t pos) noexcept { return pos == 0 ? 0 : decode_at(s, previous_start(s, pos)).value; }

/// Strips brackets, separators and trailing full stops from both ends.
sv trim_name_punct(sv s) noexcept {
    for (;;) {
        s = trim(s);
        if (s.empty()) return s;
        const auto first = decode_at(s, 0);
        if (is_open_bracket(first.value) || is_close_bracket(first.value) ||
            (is_punct_or_symbol(first.value) && first.value != '@' && first.value != '&')) {
            s.remove_prefix(first.length);
            continue;
        }
        const std::size_t lp = previous_start(s, s.size());
        const char32_t last = decode_at(s, lp).value;
        if (last == '.') {
            // Keep the dot of an initial or an abbreviation ("John F.", "Jr."): drop it only after a word of
            // three or more letters.
            std::size_t b = lp;
            while (b > 0 && is_ascii_alpha(s[b - 1])) --b;
            if (lp - b >= 3 || lp == b) {
                s = s.substr(0, lp);
                continue;
            }
            return s;
        }
        if (is_open_bracket(last) || is_close_bracket(last) ||
            (is_punct_or_symbol(last) && last != '.' && last != '\'' && last != U'’')) {
            s = s.substr(0, lp);
            continue;
        }
        return s;
    }
}

bool has_digit(sv s) noexcept {
    for (const char c : s)
        if (is_ascii_digit(c)) return true;
    return false;
}

/// Name particles that stay lowercase inside names: "Ursula von der Leyen", "Vincent van Gogh".
constexpr sv particles[] = {"von", "van", "de", "der", "den", "da", "di", "du", "del", "della", "des",
                            "la", "le", "bin", "al", "el", "ter", "ten", "dos", "das", "zu", "y", "e",
                            "st", "dei", "degli", "vom", "zum", "zur", "af", "av", "ibn", "mc", "d"};

bool is_particle(sv w) noexcept {
    for (const auto p : particles)
        if (iequals_ascii(w, p)) return true;
    return false;
}

/// Words that name an agency, a desk or a role rather than a person; a byline's name list stops at them.
constexpr sv role_words[] = {
    "reuters", "ap", "afp", "dpa", "apa", "sda", "kna", "epd", "ansa", "efe", "ians", "pti", "xinhua", "bloomberg",
    "associated press", "the associated press", "staff", "staff writer", "staff reporter", "correspondent",
    "contributor", "contributing writer", "senior writer", "editor", "reporter", "journalist", "redaktion",
    "agenturen", "agencies", "and agencies", "wire services", "cnn", "bbc", "bbc news", "ap photo", "getty images",
    "special correspondent", "senior editor", "news desk", "newsroom", "staff and agencies",
};

bool is_role(sv name) noexcept {
    folded_key k;
    if (!k.build(name)) return false;
    const sv key = k.view();
    for (const auto r : role_words)
        if (key == r) return true;
    // "Senior Reporter at X", "Staff Writer for Y": a role phrase at the start.
    for (const auto r : {sv("staff "), sv("senior "), sv("chief "), sv("contributing "), sv("special correspondent")})
        if (key.substr(0, r.size()) == r) return true;
    return false;
}

/// "ERIC TUCKER Associated Press": an agency, a desk or a role glued to the last name of a list (the line
/// break between them lost) is cut off, the longest that matches; what stays must still be a name of two
/// words or more ("John Staff" stays).
sv strip_trailing_role(sv name) noexcept {
    sv best = name;
    std::size_t best_length = 0;
    for (const auto r : role_words) {
        if (name.size() <= r.size() + 1 || r.size() <= best_length) continue;
        const sv tail = name.substr(name.size() - r.size());
        if (name[name.size() - r.size() - 1] != ' ' || !iequals_ascii(tail, r)) continue;
        const sv head = trim(name.substr(0, name.size() - r.size() - 1));
        if (count_words(head) < 2) continue;
        best = head;
        best_length = r.size();
    }
    return best;
}

/// Post-nominal letters that follow a name after commas ("Dylan Bailey, MS, RD, FAND"): degrees, licences,
/// certifications and fellowships, as lowercase letters (dots and hyphens dropped: "Ph.D.", "PA-C"). They
/// qualify the name before them and are no names of their own.
constexpr sv credentials[] = {
    "ms", "ma", "mba", "mph", "mpa", "msc", "msw", "mfa", "med", "mhs", "ba", "bs", "bsc", "bsn", "msn", "phd",
    "md", "do", "dds", "dmd", "dvm", "dnp", "dpt", "drph", "edd", "psyd", "pharmd", "jd", "llm", "llb", "esq",
    "rn", "np", "aprn", "fnp", "cnm", "pac", "rd", "rdn", "ld", "ldn", "cdn", "cde", "cdces", "cssd", "cns",
    "ibclc", "lcsw", "lpc", "lmft", "ot", "otr", "otrl", "pt", "cscs", "cpt", "acsm", "cpa", "cfa", "cfp",
    "chfc", "clu", "cissp", "pmp", "facs", "facp", "faap", "facog", "facc", "fand", "frcp", "frcs", "mrcp",
    "mbbs", "mbchb", "ceds", "cedrd", "nbcfch", "ccc", "slp", "atc", "lat", "rph", "bcps", "faan", "fnla",
};

/// Whether a comma-separated piece is a credential: written with at least two capitals ("MS", "PhD", not
/// "Ma"), letters only once dots and hyphens are dropped, and in the table.
bool is_credential(sv piece) noexcept {
    if (piece.empty() || piece.size() > 12 || !is_ascii_upper(piece[0])) return false;
    std::array<char, 12> letters{};
    std::size_t n = 0, capitals = 0;
    for (const char c : piece) {
        if (c == '.' || c == '-' || c == '/') continue;
        if (!is_ascii_alpha(c)) return false;
        if (is_ascii_upper(c)) ++capitals;
        letters[n++] = static_cast<char>(c | 0x20);
    }
    if (n < 2 || capitals < 2) return false;
    const sv key(letters.data(), n);
    for (const auto c : credentials)
        if (key == c) return true;
    return false;
}

/// Names that stand where no person is named: "Guest", "Anonymous", "Unknown", "Guest Author".
bool is_placeholder_name(sv name) noexcept {
    folded_key k;
    if (!k.build(name)) return false;
    for (const auto w : {sv("guest"), sv("guest author"), sv("guest contributor"), sv("guest writer"),
                         sv("guest post"), sv("guest blogger"), sv("anonymous"), sv("unknown"), sv("anon")})
        if (k.view() == w) return true;
    return false;
}

enum class name_check { ok, not_a_name };

/// Whether a cleaned piece reads as a person's (or outlet's) name written in a script with case.
name_check check_cased_name(sv name) noexcept {
    std::size_t words = 0;
    std::size_t lower_words = 0;
    std::size_t cased_words = 0;
    bool uncased_script = false;
    for (std::size_t i = 0; i < name.size();) {
        const auto cp = decode_at(name, i);
        if (is_space(cp.value)) {
            i += cp.length;
            continue;
        }
        // A word: up to the next space.
        std::size_t e = i;
        while (e < name.size()) {
            const auto c2 = decode_at(name, e);
            if (is_space(c2.value)) break;
            e += c2.length;
        }
        const sv w = name.substr(i, e - i);
        ++words;
        const auto first = decode_at(w, 0);
        if (is_cjk(first.value) || (!u_isUAlphabetic(static_cast<UChar32>(first.value)) && first.value >= 0x80)) {
            uncased_script = true;
        } else if (u_isupper(static_cast<UChar32>(first.value)) || u_istitle(static_cast<UChar32>(first.value))) {
            ++cased_words;
        } else if (u_islower(static_cast<UChar32>(first.value))) {
            if (!is_particle(w)) ++lower_words;
        } else if (!is_letter(first.value)) {
            // "&", "-" and the like inside a name: neutral.
        } else {
            uncased_script = true;
        }
        i = e;
    }
    if (words == 0 || words > 6) return name_check::not_a_name;
    if (uncased_script) return name_check::ok;
    if (lower_words == 0) return name_check::ok;
    // A single lowercase handle ("admin", "mikenils") is a name; lowercase words beside capitalised ones
    // are a sentence.
    if (words == 1) return name_check::ok;
    return name_check::not_a_name;
}

/// Months, weekdays and a few words that a byline-looking line may put where a name would be.
bool is_calendar_or_filler(sv name) noexcept {
    if (name.find(' ') == sv::npos && (month_from_word(name) != 0 || is_weekday_word(name))) return true;
    folded_key k;
    if (!k.build(name)) return false;
    const sv key = k.view();
    for (const auto w : {sv("the way"), sv("the"), sv("now"), sv("today"), sv("yesterday"), sv("heute"),
                         sv("gestern"), sv("admin edit"), sv("unknown"), sv("anonymous"), sv("guest"),
                         sv("published"), sv("updated"), sv("posted")})
        if (key == w) return true;
    return false;
}

/// Han names: 2–4 characters, or up to 12 with a middle dot ("迪丽热巴·迪力木拉提").
bool plausible_han_name(sv s) noexcept {
    std::size_t han = 0;
    bool dot = false;
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_at(s, i);
        if (is_han(cp.value)) ++han;
        else if (cp.value == 0xB7 || cp.value == 0x30FB || cp.value == 0x2022 || cp.value == 0xFF0E) dot = true;
        else return false;
        i += cp.length;
    }
    return dot ? han >= 2 && han <= 12 : han >= 2 && han <= 4;
}

bool all_han(sv s) noexcept {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_at(s, i);
        if (!is_han(cp.value) && cp.value != 0xB7 && cp.value != 0x30FB) return false;
        i += cp.length;
    }
    return true;
}

/// Labels that end a Chinese name list: "来源", "编辑", "时间", "摄影", "报道".
constexpr sv cjk_stop_labels[] = {
    "来源", "來源", "编辑", "編輯", "责任编辑", "責任編輯", "责编", "責編", "时间", "時間", "日期", "发布", "發布", "發佈",
    "摄影", "攝影", "摄", "攝", "报道", "報道", "報導", "通讯员", "通訊員", "出处", "出處", "字号", "字號", "点击",
    "點擊", "浏览", "瀏覽", "阅读", "閱讀", "访问", "訪問", "审核", "審核", "校对", "校對", "原标题", "原標題", "图", "圖",
};

bool is_cjk_stop(sv token) noexcept {
    for (const auto l : cjk_stop_labels)
        if (token.substr(0, l.size()) == l) return true;
    return false;
}

/// Strips a trailing role suffix from a glued Han run: "李四报道" → "李四", "王五摄" → "王五".
sv strip_cjk_suffix(sv s) noexcept {
    for (const auto suffix : {sv("报道"), sv("報道"), sv("報導"), sv("摄影"), sv("攝影"), sv("撰文"), sv("整理"),
                              sv("编译"), sv("編譯"), sv("摄"), sv("攝"), sv("文")}) {
        if (s.size() > suffix.size() + 3 && s.substr(s.size() - suffix.size()) == suffix)
            return s.substr(0, s.size() - suffix.size());
    }
    return s;
}

/// Reads a list of names after a Chinese label: "王建宏 张文攀", "李四、王五", "John Smith". Stops at a
/// stop label, a date, a bracket, or anything that is not a name; fails when the first token is not one.
bool read_cjk_names(sv s, std::size_t pos, std::size_t limit, std::vector<std::string>& out) {
    std::size_t p = pos;
    std::size_t added = 0;
    while (p < limit && added < 6) {
        // Separators between names.
        while (p < limit) {
            const auto cp = decode_at(s, p);
            if (!is_space(cp.value) && cp.value != U'、' && cp.value != U'，' && cp.value != ',' && cp.value != '/' &&
                cp.value != U'／' && cp.value != ';' && cp.value != U'；')
                break;
            p += cp.length;
        }
        if (p >= limit) break;
        // A token: a Han run, or a run of Latin name words.
        std::size_t e = p;
        const auto first = decode_at(s, p);
        if (is_han(first.value)) {
            while (e < limit) {
                const auto cp = decode_at(s, e);
                if (!is_han(cp.value) && cp.value != 0xB7 && cp.value != 0x30FB) break;
                e += cp.length;
            }
            sv token = s.substr(p, e - p);
            if (is_cjk_stop(token)) break;
            token = strip_cjk_suffix(token);
            // "记者李四报道" glued: cut known stop labels inside the run.
            for (const auto l : cjk_stop_labels) {
                const std::size_t at = token.find(l);
                if (at != sv::npos && at >= 6) token = token.substr(0, at);
            }
            if (!plausible_han_name(token)) {
                if (added == 0) return false;
                break;
            }
            const std::string name(token);
            bool dup = false;
            for (const auto& n : out) dup = dup || n == name;
            if (!dup) out.push_back(name);
            ++added;
            p = e;
            continue;
        }
        if (is_ascii_upper(s[p])) {
            // Latin names after a Chinese label: words up to a CJK character or separator.
            while (e < limit) {
                const auto cp = decode_at(s, e);
                if (is_cjk(cp.value) || cp.value == U'、' || cp.value == U'，' || cp.value == ',' || cp.value == '|' ||
                    is_open_bracket(cp.value) || is_close_bracket(cp.value))
                    break;
                e += cp.length;
            }
            std::string name = clean_name(s.substr(p, e - p));
            if (name.empty()) {
                if (added == 0) return false;
                break;
            }
            out.push_back(std::move(name));
            ++added;
            p = e;
            continue;
        }
        break;
    }
    return added > 0;
}

/// Chinese and Japanese byline labels. `at_start` labels ("文/") must begin the line or follow a space.
struct cjk_label {
    sv text;
    bool at_start;
};
constexpr cjk_label cjk_byline_labels[] = {
    {"作者", false},   {"记者", false},   {"記者", false},   {"撰文", false},  {"撰稿", false}, {"通讯员", false},
    {"通訊員", false}, {"实习生", false}, {"實習生", false},
    {"文／", true},    {"文/", true},     {"文|", true},     {"文｜", true},   {"文 / ", true},
    {"文 |", true},    {"文:", true},     {"文：", true},    {"执笔", false},  {"執筆", false}, {"筆者", false},
    {"笔者", false},   {"作家", false},   {"投稿者", false}, {"글", true},     {"기자", false},
    // Japanese credits for text and pictures: "文・写真　佐藤美咲", "文と写真：…", "取材・文：…".
    {"文・写真", true}, {"文と写真", true}, {"取材・文", true}, {"文・撮影", true},
};

/// Latin-script and Cyrillic byline labels, folded; a label is followed by a space or a colon.
constexpr sv latin_byline_labels[] = {
    "written by", "words by", "story by", "text by", "posted by", "reported by", "report by", "article by",
    "published by", "submitted by", "by", "text von", "von", "autor", "autorin", "autoren", "author", "authors",
    "ecrit par", "redige par", "par", "escrito por", "por", "scritto da", "di", "geschreven door", "door",
    "przez", "tekst", "autorzy", "автор", "авторы", "texto", "testo", "texte", "text",
};

constexpr auto cjk_byline_firsts = first_code_points(cjk_byline_labels, [](const cjk_label& l) { return l.text; });
constexpr auto latin_byline_firsts = first_code_points(latin_byline_labels, [](sv l) { return l; });

/// Labels that only count with a colon ("Text: …"): the bare word starts sentences.
bool needs_colon(sv label) noexcept {
    return label == "text" || label == "tekst" || label == "texto" || label == "testo" || label == "texte" ||
           label == "autor" || label == "author" || label == "authors" || label == "autoren" || label == "autorin" ||
           label == "autorzy" || label == "автор" || label == "авторы";
}

/// Separators that end the name part of a Latin byline.
std::size_t name_part_end(sv s, std::size_t pos, std::size_t limit) noexcept {
    for (std::size_t i = pos; i < limit;) {
        const auto cp = decode_at(s, i);
        const char32_t c = cp.value;
        if (c == '|' || c == U'｜' || is_open_bracket(c) || is_bullet(c) || c == ';' || c == '\n' ||
            c == 0x2014 || c == 0x2013 || is_colon(c))
            return i;
        if (c == '-' && i > pos && is_space(cp_before(s, i)) && i + 1 < limit && s[i + 1] == ' ') return i;
        if (c == '/' && i > pos && is_space(cp_before(s, i))) return i;
        i += cp.length;
    }
    return limit;
}

constexpr sv list_connectors[] = {" and ", " & ", " und ", " et ", " y ", " e ", " i ", " en ", " og ",
                                  " och ", " и ", " ve "};

/// Trailing words between a name and a date that was cut away: "By Jane Doe on", "Von Max am", "Par X le".
sv strip_trailing_connector(sv s) noexcept {
    for (bool changed = true; changed;) {
        changed = false;
        s = trim_name_punct(s);
        for (const auto w : {sv(" on"), sv(" am"), sv(" um"), sv(" le"), sv(" el"), sv(" il"), sv(" op"), sv(" w"),
                             sv(" at"), sv(" published"), sv(" updated"), sv(" posted"), sv(" veröffentlicht"),
                             sv(" aktualisiert"), sv(" publié"), sv(" publicado"), sv(" pubblicato"),
                             sv(" в"), sv(" dnia"), sv(" den"), sv(" the"), sv(" du"), sv(" del")}) {
            if (s.size() > w.size() && iequals_ascii(s.substr(s.size() - w.size()), w)) {
                s = s.substr(0, s.size() - w.size());
                changed = true;
            }
        }
    }
    return s;
}

/// Splits the name part of a Latin byline into names. Commas separate names when the part also has a list
/// connector ("A, B and C"); otherwise the first comma ends the names ("Jane Doe, Reuters").
bool read_latin_names(sv part, bool allow_handle, std::vector<std::string>& out, std::size_t& words_after) {
    words_after = 0;
    part = strip_trailing_connector(part);
    if (part.empty()) return false;
    bool has_connector = false;
    for (const auto c : list_connectors)
        has_connector = has_connector || ifind_ascii(part, c) != sv::npos;
    std::size_t comma = part.find(',');
    sv names = part;
    sv rest;
    if (comma != sv::npos && !has_connector) {
        names = part.substr(0, comma);
        rest = part.substr(comma + 1);
    }
    // Split names on connectors and commas.
    std::vector<std::string> found;
    std::size_t start = 0;
    auto flush = [&](sv piece) -> bool {
        const sv trimmed = strip_trailing_role(trim_name_punct(piece));
        if (trimmed.empty()) return true;
        if (is_role(trimmed)) return true;   // "Jane Doe and Reuters staff": drop the desk
        if (!found.empty() && is_credential(trimmed)) return true;   // "Jane Doe, MD, and John Roe"
        std::string n = clean_name(trimmed);
        if (n.empty() || check_cased_name(n) != name_check::ok || is_calendar_or_filler(n)) return false;
        // A lowercase handle ("admin") only after an explicit "By"/"Posted by": after "por", "di", "par" a
        // lowercase word is the rest of a sentence ("Por favor", "Di solito").
        if (!allow_handle && !is_cjk(decode_at(n, 0).value) && u_islower(static_cast<UChar32>(decode_at(n, 0).value)))
            return false;
        found.push_back(std::move(n));
        return true;
    };
    for (std::size_t i = 0; i < names.size();) {
        std::size_t cut_len = 0;
        if (names[i] == ',') cut_len = 1;
        else if (names[i] == ' ') {
            for (const auto c : list_connectors) {
                if (names.size() - i >= c.size() && iequals_ascii(names.substr(i, c.size()), c)) {
                    cut_len = c.size();
                    break;
                }
            }
        }
        if (cut_len > 0) {
            if (!flush(names.substr(start, i - start))) {
                if (found.empty()) return false;
                words_after = 99;   // a piece after the first name is not a name: a sentence
                break;
            }
            i += cut_len;
            start = i;
            continue;
        }
        ++i;
    }
    if (words_after == 0 && start < names.size() && !flush(names.substr(start))) {
        if (found.empty()) return false;
        words_after = 99;
    }
    if (found.empty()) return false;
    if (!rest.empty()) words_after += count_words(rest);
    for (auto& n : found) {
        bool dup = false;
        for (const auto& o : out) dup = dup || iequals_ascii(o, n);
        if (!dup) out.push_back(std::move(n));
    }
    return true;
}

/// Labels of a date that is not the publication's: "Updated", "Last modified", "Reviewed" (folded form).
constexpr sv update_labels[] = {
    "updated", "last updated", "modified", "last modified", "edited", "last edited", "revised", "reviewed",
    "medically reviewed", "fact checked", "aktualisiert", "zuletzt aktualisiert", "geandert", "mis a jour",
    "modifie", "actualizado", "actualizacion", "aggiornato", "aggiornamento", "bijgewerkt", "gewijzigd",
    "zaktualizowano", "aktualizacja", "обновлено", "изменено", "更新", "更新时间", "更新時間", "最終更新",
    "最后更新", "最後更新", "수정", "최종수정",
};

/// Label words of date lines: what may stand beside a date on a line that is only a dateline.
constexpr sv dateline_words[] = {
    "published", "updated", "posted", "last updated", "last modified", "modified", "date", "dated", "on", "at",
    "am", "um", "uhr", "stand", "veroffentlicht", "aktualisiert", "zuletzt aktualisiert", "erstellt", "publie",
    "le", "mis a jour", "publicado", "actualizado", "el", "pubblicato", "aggiornato", "il", "gepubliceerd",
    "bijgewerkt", "op", "opublikowano", "aktualizacja", "zaktualizowano", "опубликовано", "обновлено", "source",
    "quelle", "fonte", "fuente", "bron", "zrodlo", "источник", "time", "edt", "est", "gmt", "utc", "cet", "cest",
    "pdt", "pst", "bst", "mez", "mesz", "ist",
};
constexpr sv dateline_cjk[] = {
    "发布时间", "發布時間", "發佈時間", "更新时间", "更新時間", "时间", "時間", "日期", "发布", "發布", "發佈", "来源",
    "來源", "更新", "投稿日", "更新日", "公開日", "掲載日", "作成日", "기사입력", "최종수정", "입력", "수정", "작성", "字号",
    "字號", "大中小", "大", "中", "小", "浏览", "瀏覽", "次", "阅读", "閱讀", "分享", "打印", "列印", "评论", "評論",
};

/// True when what is left of a line beside its date is labels (and at most one short source name).
bool is_dateline_rest(sv rest) {
    folded_key k;
    if (!k.build(rest)) return false;
    word_iterator it(k.view());
    std::size_t unknown = 0;
    std::size_t unknown_cp = 0;
    for (sv w = it.next(); !w.empty(); w = it.next()) {
        bool known = false;
        for (const auto d : dateline_words) known = known || w == d;
        if (!known && static_cast<unsigned char>(w[0]) >= 0x80) {
            // Strip CJK labels greedily from the word.
            sv left = w;
            for (bool changed = true; changed && !left.empty();) {
                changed = false;
                for (const auto d : dateline_cjk) {
                    if (left.substr(0, d.size()) == d) {
                        left.remove_prefix(d.size());
                        changed = true;
                    }
                }
            }
            if (left.empty()) known = true;
            else {
                w = left;
            }
        }
        if (!known && (w.size() <= 2 && !has_digit(w))) known = true;   // "h", "de", …
        if (!known && has_digit(w)) known = true;                        // a count: "12", "1234次"
        if (!known) {
            ++unknown;
            unknown_cp += count_code_points(w);
        }
    }
    return unknown <= 1 && unknown_cp <= 12;
}

/// The e-mail address in s, as [begin, end), if any.
bool find_email(sv s, std::size_t& begin, std::size_t& end) noexcept {
    const std::size_t at = s.find('@');
    if (at == sv::npos || at == 0) return false;
    auto local = [](char c) { return is_ascii_alpha(c) || is_ascii_digit(c) || c == '.' || c == '_' || c == '-' || c == '+'; };
    std::size_t b = at;
    while (b > 0 && local(s[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < s.size() && (is_ascii_alpha(s[e]) || is_ascii_digit(s[e]) || s[e] == '.' || s[e] == '-')) ++e;
    const sv domain = s.substr(at + 1, e - at - 1);
    if (b == at || domain.find('.') == sv::npos) return false;
    while (e > at && s[e - 1] == '.') --e;
    begin = b;
    end = e;
    return true;
}

}  // namespace

std::string clean_name(std::string_view text) {
    sv s = trim_name_punct(text);
    // Labels that ended up inside a metadata field: "By Jane Doe", "Von Max Muster", "作者：张三".
    for (bool changed = true; changed && !s.empty();) {
        changed = false;
        for (const auto label : {sv("by"), sv("von"), sv("par"), sv("por"), sv("door"), sv("written by"),
                                 sv("posted by"), sv("author"), sv("autor"), sv("text")}) {
            const std::size_t e = match_label(s, 0, label);
            if (e == sv::npos || e >= s.size()) continue;
            const auto next = decode_at(s, e);
            if (is_space(next.value) || is_colon(next.value)) {
                s = trim_name_punct(s.substr(e));
                changed = true;
            }
        }
        for (const auto label : {sv("作者"), sv("记者"), sv("記者"), sv("文/"), sv("文／")}) {
            if (s.substr(0, label.size()) == label && s.size() > label.size()) {
                s = trim_name_punct(s.substr(label.size()));
                changed = true;
            }
        }
    }
    // A parenthesised URL or handle after a name: "Deutsche Welle (www.dw.com)", "Jane Doe (@jane)".
    std::string without_url;
    if (const std::size_t open = s.find('('); open != sv::npos && open > 0) {
        const std::size_t close = s.find(')', open);
        const sv inside = trim(s.substr(open + 1, (close == sv::npos ? s.size() : close) - open - 1));
        if (looks_like_url_or_email(inside) || (!inside.empty() && inside[0] == '@')) {
            without_url.assign(s.substr(0, open));
            if (close != sv::npos) without_url.append(s.substr(close + 1));
            s = trim_name_punct(without_url);
        }
    }
    if (s.empty() || s.size() > 80 || looks_like_url_or_email(s) || has_digit(s) || s.find('@') != sv::npos) return {};
    // A label left alone: "By", "Von", "Autor".
    for (const auto label : {sv("by"), sv("von"), sv("par"), sv("por"), sv("di"), sv("door"), sv("author"),
                             sv("autor"), sv("text"), sv("no author"), sv("unknown"), sv("anonymous")})
        if (match_label(s, 0, label) == s.size()) return {};
    // A lone word of punctuation or a single letter is not a name.
    std::size_t letters = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_at(s, i);
        if (is_letter(cp.value)) ++letters;
        i += cp.length;
    }
    if (letters < 2) return {};
    if (count_words(s) > 6) return {};
    std::string out;
    append_folded(out, s, 80);
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool looks_like_person_name(std::string_view name) {
    if (is_user_handle(name)) return true;
    const std::string n = clean_name(name);
    return !n.empty() && count_words(n) <= 5 && check_cased_name(n) == name_check::ok && !is_calendar_or_filler(n) &&
           !is_role(n);
}

bool looks_like_organisation(std::string_view name, std::string_view site_name) {
    if (!site_name.empty()) {
        folded_key a;
        folded_key b;
        if (a.build(name) && b.build(site_name) && a.view() == b.view()) return true;
    }
    folded_key k;
    if (!k.build(name)) return false;
    const sv key = k.view();
    static constexpr sv words[] = {
        "gmbh", "e v", "ev", "ag", "ltd", "inc", "llc", "verlag", "media", "medien", "redaktion", "redaction",
        "redaccion", "redazione", "online", "team", "newsroom", "magazin", "magazine", "zeitung", "news", "press",
        "presse", "stiftung", "verband", "agencies", "agentur", "agency", "admin", "administrator", "webmaster",
        "wordpressadmin", "editorial", "staff", "desk", "publishing", "group", "gruppe", "company", "co", "kg",
        "ug", "sa", "srl", "bv", "de", "com", "www", "org", "net", "blog", "radio", "tv", "verein", "institut",
        "institute", "ministerium", "university", "universitat", "bureau", "buro", "office", "foundation",
    };
    for (const auto w : words)
        if (contains_words(key, w)) return true;
    return looks_like_url_or_email(name);
}

bool ends_with_update_label(std::string_view text) {
    folded_key k;
    const sv tail = text.size() > 64 ? text.substr(text.size() - 64) : text;
    if (!k.build(tail)) return false;
    sv key = k.view();
    // The connector between label and date: "Updated on", "Aktualisiert am", "Mis à jour le".
    for (bool cut = true; cut;) {
        cut = false;
        for (const sv connector : {sv(" on"), sv(" am"), sv(" um"), sv(" le"), sv(" el"), sv(" il"), sv(" op"),
                                   sv(" at"), sv(" the"), sv(" dnia"), sv(" в")}) {
            if (key.size() > connector.size() && key.substr(key.size() - connector.size()) == connector) {
                key.remove_suffix(connector.size());
                cut = true;
            }
        }
    }
    for (const sv label : update_labels) {
        if (key.size() < label.size() || key.substr(key.size() - label.size()) != label) continue;
        // The label is the key's last words: "Updated", "Page last updated", not "outdated".
        const std::size_t at = key.size() - label.size();
        if (at == 0 || key[at - 1] == ' ' || static_cast<unsigned char>(label[0]) >= 0x80) return true;
    }
    return false;
}

bool is_user_handle(std::string_view text) noexcept {
    constexpr std::size_t min_bytes = 3;
    constexpr std::size_t max_bytes = 32;
    constexpr int min_letters = 2;
    const sv s = trim(text);
    if (s.size() < min_bytes || s.size() > max_bytes || !has_digit(s) || looks_like_url_or_email(s)) return false;
    int letters = 0;
    for (const char c : s) {
        if (is_ascii_alpha(c)) {
            ++letters;
        } else if (!is_ascii_digit(c) && c != '_' && c != '-' && c != '.') {
            return false;
        }
    }
    return letters >= min_letters && is_ascii_alpha(s[0]);
}

void split_names(std::string_view text, std::vector<std::string>& out) {
    sv s = trim(text);
    if (s.empty() || s.size() > 400) return;
    // A forum's user name in a structured author field: "paulb203", "user3080392" (names with digits are
    // not taken from running text).
    if (is_user_handle(s)) {
        for (const auto& o : out)
            if (o == s) return;
        out.emplace_back(s);
        return;
    }
    // A profile URL in an author field ("https://www.facebook.com/jane") names nobody we can print.
    if (s.find(' ') == sv::npos && looks_like_url_or_email(s)) return;
    // Role labels before the names: "Text & Interview: Harald Willenbrock", "Autorin: Jane Doe".
    if (const std::size_t colon = s.find(':'); colon != sv::npos && s.find("://") == sv::npos) {
        const sv head = s.substr(0, colon);
        if (count_code_points(head) <= 30 && trim(s.substr(colon + 1)).size() > 0) {
            folded_key k;
            if (k.build(head) && count_words(k.view()) <= 3) s = trim(s.substr(colon + 1));
        }
    }
    // Pieces: connectors, commas, slashes, CJK enumeration marks; e-mail addresses and URLs are dropped.
    std::size_t start = 0;
    auto take = [&](sv piece) {
        piece = strip_trailing_role(trim_name_punct(piece));
        if (piece.empty()) return;
        if (!out.empty() && is_credential(piece)) return;   // "Dylan Bailey, MS, RD": one person
        if (is_placeholder_name(piece)) return;
        if (looks_like_url_or_email(piece) && (piece.find(' ') == sv::npos || piece.find('(') == sv::npos)) return;
        // Chinese names separated by spaces: "王建宏 张文攀".
        if (piece.find(' ') != sv::npos) {
            bool han_list = true;
            std::size_t b = 0;
            while (b < piece.size() && han_list) {
                std::size_t e = piece.find(' ', b);
                if (e == sv::npos) e = piece.size();
                const sv tok = piece.substr(b, e - b);
                if (!tok.empty() && !plausible_han_name(tok)) han_list = false;
                b = e + 1;
            }
            if (han_list) {
                std::size_t b2 = 0;
                while (b2 < piece.size()) {
                    std::size_t e = piece.find(' ', b2);
                    if (e == sv::npos) e = piece.size();
                    const sv tok = piece.substr(b2, e - b2);
                    if (!tok.empty()) {
                        bool dup = false;
                        for (const auto& o : out) dup = dup || o == tok;
                        if (!dup) out.emplace_back(tok);
                    }
                    b2 = e + 1;
                }
                return;
            }
        }
        std::string n = clean_name(piece);
        if (n.empty()) return;
        if (is_role(n) && !out.empty()) return;
        for (const auto& o : out)
            if (iequals_ascii(o, n)) return;
        out.push_back(std::move(n));
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_at(s, i);
        std::size_t cut = 0;
        const char32_t c = cp.value;
        if (c == ',' || c == ';' || c == '|' || c == U'、' || c == U'，' || c == U'；' || c == U'／' || c == U'｜' ||
            is_bullet(c)) {
            cut = cp.length;
        } else if (c == '/' && i > 0 && s[i - 1] == ' ' && i + 1 < s.size() && s[i + 1] == ' ') {
            cut = 1;   // "A / B"; a slash without spaces is part of a URL or an "APA/AP" credit
        } else if (c == ' ') {
            for (const auto conn : list_connectors) {
                if (s.size() - i >= conn.size() && iequals_ascii(s.substr(i, conn.size()), conn)) {
                    cut = conn.size();
                    break;
                }
            }
        }
        if (cut > 0) {
            take(s.substr(start, i - start));
            i += cut;
            start = i;
            continue;
        }
        i += cp.length;
    }
    take(s.substr(start));
}

}  // namespace detail

using namespace detail;

namespace {

/// A line that starts with an editor credit label: "责任编辑：…", "Editing by …", "Redaktion: …".
struct editor_label {
    sv text;          ///< folded
    bool needs_colon; ///< "Redaktion: X" counts, "Redaktion Berlin" does not
};
constexpr editor_label cjk_editor_labels[] = {
    {"责任编辑", false}, {"責任編輯", false}, {"值班编辑", false}, {"值班編輯", false}, {"实习编辑", false},
    {"實習編輯", false}, {"责编", false},     {"責編", false},     {"编辑", false},     {"編輯", false},
    {"主编", false},     {"主編", false},     {"编审", false},     {"編審", false},     {"审核", false},
    {"審核", false},     {"校对", false},     {"校對", false},     {"监制", false},     {"監製", false},
    {"編集", true},      {"편집", true},
};
constexpr editor_label latin_editor_labels[] = {
    {"editing by", false}, {"edited by", false},  {"editor", true},       {"editors", true},
    {"redigiert von", false}, {"bearbeitet von", false}, {"redaktion", true}, {"redakteur", true},
    {"redakteurin", true},  {"bearbeitung", true}, {"редактор", true},    {"редакция", true},
    {"redaction", true},    {"edite par", false},  {"edition", true},     {"edicion", true},
    {"editado por", false}, {"edicao", true},      {"redaccion", true},   {"redazione", true},
    {"a cura di", false},   {"redactie", true},    {"eindredactie", true}, {"redakcja", true},
    {"redaktor", true},     {"opracowanie", true}, {"redigert av", false}, {"redigerad av", false},
};

/// Stems one of which every ASCII Latin label contains. On an ASCII line a label can only match where the
/// line, lowercased, spells it, so a line with none of these stems holds no label: most lines are ruled out by
/// one pass over their bytes instead of a label lookup at every word.
constexpr sv latin_label_stems[] = {"edit", "edic", "redak", "redac", "redaz", "redig", "bearbeit", "cura", "opracow"};
constexpr auto latin_label_stem_set = winnow::detail::make_phrase_set(latin_label_stems);

consteval bool every_ascii_label_has_a_stem() {
    for (const auto& l : latin_editor_labels) {
        bool ascii = true;
        for (const char c : l.text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        bool stem = false;
        for (const sv st : latin_label_stems) stem = stem || l.text.find(st) != sv::npos;
        if (ascii && !stem) return false;
    }
    return true;
}
static_assert(every_ascii_label_has_a_stem(), "a new Latin editor label needs its stem in latin_label_stems");

/// Whether an ASCII line may hold a Latin editor label (false only when it cannot).
bool may_hold_latin_label(sv ascii_line) noexcept {
    std::array<char, 256> lowered;
    if (ascii_line.size() > lowered.size()) return true;
    for (std::size_t i = 0; i < ascii_line.size(); ++i) lowered[i] = ascii_lower(ascii_line[i]);
    return latin_label_stem_set.contains_any(sv(lowered.data(), ascii_line.size()));
}

/// Last characters of an outlet's name ("新华网", "光明日报", "新华社", "东方卫视台", "网站").
constexpr char32_t outlet_suffixes[] = {U'网', U'網', U'报', U'報', U'社', U'台', U'站'};

/// Whether [0, pos) of `s` is an outlet's name: a few Han characters, the last an outlet suffix.
bool after_outlet_name(sv s, std::size_t pos) noexcept {
    if (pos == 0 || pos > 30) return false;
    const char32_t last = cp_before(s, pos);
    if (std::find(std::begin(outlet_suffixes), std::end(outlet_suffixes), last) == std::end(outlet_suffixes)) return false;
    std::size_t han = 0;
    for (std::size_t i = 0; i < pos;) {
        const auto cp = decode_at(s, i);
        if (!is_han(cp.value)) return false;
        ++han;
        i += cp.length;
    }
    return han >= 2;
}

constexpr auto cjk_editor_firsts = first_code_points(cjk_editor_labels, [](const editor_label& l) { return l.text; });
constexpr auto latin_editor_firsts = first_code_points(latin_editor_labels, [](const editor_label& l) { return l.text; });

/// Line openings of a credit block, after which a later "Editing by" still counts.
constexpr sv credit_openings[] = {
    "reporting by", "reported by", "writing by", "additional reporting by", "additional reporting", "compiled by",
    "with reporting by", "text", "foto", "fotos", "photo", "photos", "bild", "mitarbeit", "research by",
    "produced by", "graphics by", "video by",
};

sv strip_outer_brackets(sv s) noexcept {
    for (;;) {
        s = trim(s);
        if (s.empty()) return s;
        bool changed = false;
        const auto first = decode_at(s, 0);
        if (is_open_bracket(first.value)) {
            s = trim(s.substr(first.length));
            changed = true;
            if (s.empty()) return s;
        }
        const std::size_t lp = previous_start(s, s.size());
        if (is_close_bracket(decode_at(s, lp).value)) {
            s = s.substr(0, lp);
            changed = true;
        }
        if (!changed) return s;
    }
}

bool is_dash_at(sv s, std::size_t pos) noexcept {
    if (pos >= s.size()) return false;
    const char32_t c = decode_at(s, pos).value;
    return c == '-' || c == 0x2013 || c == 0x2014;
}

/// The name after an editor label: up to a bracket, a semicolon, a bar, another role label, or the end.
std::string editor_name(sv s, std::size_t pos) {
    std::size_t e = pos;
    while (e < s.size()) {
        const auto cp = decode_at(s, e);
        const char32_t c = cp.value;
        if (is_close_bracket(c) || is_open_bracket(c) || c == ';' || c == U'；' || c == '|' || c == U'｜' || c == '\n')
            break;
        // Another label on the same line: "责任编辑：李四 审核：王五", "编辑：李四 来源：新华网".
        if (is_han(c) && e > pos) {
            bool stop = false;
            for (const auto& l : cjk_editor_labels) stop = stop || (first_is(l.text, c) && s.substr(e, l.text.size()) == l.text);
            for (const auto l : {sv("来源"), sv("來源"), sv("作者"), sv("记者"), sv("記者"), sv("时间"), sv("時間")})
                stop = stop || s.substr(e, l.size()) == l;
            if (stop) break;
        }
        e += cp.length;
    }
    sv name = trim_name_punct(s.substr(pos, e - pos));
    if (name.empty()) return {};
    std::string out;
    append_folded(out, name, 120);
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

std::optional<std::string> parse_editor_credit(std::string_view text) {
    const sv t = trim(text);
    if (t.empty()) return std::nullopt;
    const std::size_t n = count_code_points(t);
    if (n > 200) return std::nullopt;
    const sv s = strip_outer_brackets(t);
    if (s.empty()) return std::nullopt;

    // Chinese, Japanese and Korean labels: at the start, or after a space or bracket in a short line.
    const bool ascii = is_all_ascii(s);
    for (std::size_t pos = 0; pos < s.size() && !ascii;) {
        const auto cp = decode_at(s, pos);
        if (!is_cjk(cp.value) || !starts_some_label(cjk_editor_firsts, cp.value)) {
            pos += cp.length;
            continue;
        }
        for (const auto& l : cjk_editor_labels) {
            if (!first_is(l.text, cp.value) || s.substr(pos, l.text.size()) != l.text) continue;
            const std::size_t after = pos + l.text.size();
            if (s.substr(after, 3) == "部" || s.substr(after, 3) == "室") break;   // "编辑部": the desk, not a person
            const char32_t before = cp_before(s, pos);
            // "松花江网编辑 孙桂芳": the label after the outlet's name, which opens the line, opens the credit.
            const bool at_start = pos == 0 || after_outlet_name(s, pos);
            const bool bounded = at_start || is_space(before) || is_open_bracket(before) || is_close_bracket(before) ||
                                 is_punct_or_symbol(before);
            if (!bounded) break;
            bool colon = false;
            const std::size_t name_at = skip_colon(s, after, colon);
            if (!colon && (!at_start || l.needs_colon)) break;
            if (!at_start && n > 100) break;
            // "编辑部门" and other compounds: a label glued to more text is a credit only when a bare name follows.
            if (!colon && name_at == after && !plausible_han_name(trim_name_punct(s.substr(after)))) break;
            return editor_name(s, name_at);
        }
        pos += cp.length;
    }

    // Latin and Cyrillic labels.
    if (ascii && !may_hold_latin_label(s)) return std::nullopt;
    bool credit_block = false;
    const char32_t first0 = folded_at(s, 0);
    for (const auto o : credit_openings) {
        if (!first_is(o, first0)) continue;
        const std::size_t e = match_label(s, 0, o);
        if (e != sv::npos && (e == s.size() || is_space(decode_at(s, e).value) || is_colon(decode_at(s, e).value)))
            credit_block = true;
    }
    if (n > 160 && !credit_block) return std::nullopt;
    char32_t before = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        const auto cp = decode_at(s, pos);
        const bool word_start = pos == 0 || !is_letter(before);
        before = cp.value;
        if (!word_start || !is_letter(cp.value)) {
            pos += cp.length;
            continue;
        }
        const char32_t first = fold_cp(cp.value);
        if (!starts_some_label(latin_editor_firsts, first)) {
            pos += cp.length;
            continue;
        }
        for (const auto& l : latin_editor_labels) {
            if (!first_is(l.text, first)) continue;
            const std::size_t e = match_label(s, pos, l.text);
            if (e == sv::npos) continue;
            if (e < s.size() && is_letter(decode_at(s, e).value)) continue;   // "editorial", "Redaktionen"
            bool colon = false;
            const std::size_t name_at = skip_colon(s, e, colon);
            if (l.needs_colon && !colon) {
                // "Redaktion - Max Muster" reads as a credit too.
                if (!is_dash_at(s, name_at)) continue;
            }
            // Where the label may stand: at the start; after ";", "(" or "," in a credit block; or, for a colon
            // label, after a space in a short line ("Text: A Redaktion: B").
            bool placed = pos == 0;
            if (!placed) {
                std::size_t b = pos;
                while (b > 0 && is_space(cp_before(s, b))) b = previous_start(s, b);
                const char32_t sep = cp_before(s, b);
                if (credit_block && (sep == ';' || sep == ',' || sep == '.' || is_open_bracket(sep) || sep == '|'))
                    placed = true;
                else if (colon && n <= 80 && (is_space(before) || sep == '|' || sep == ';'))
                    placed = true;
            }
            if (!placed) continue;
            std::size_t p = name_at;
            if (l.needs_colon && !colon) {
                p = skip_spaces(s, p + decode_at(s, p).length);
            }
            std::string name = editor_name(s, p);
            if (count_words(name) > 10) return std::nullopt;   // a sentence, not a credit
            return name;
        }
        pos += cp.length;
    }
    return std::nullopt;
}

std::optional<byline> parse_byline(std::string_view text) {
    const sv t = trim(text);
    if (t.empty()) return std::nullopt;
    const std::size_t n = count_code_points(t);
    if (n > 200) return std::nullopt;

    // An editor credit at the start is not a byline (the classifier treats it apart).
    {
        const sv s = strip_outer_brackets(t);
        const char32_t first_cp = s.empty() ? 0 : decode_at(s, 0).value;
        if (starts_some_label(cjk_editor_firsts, first_cp)) {
            for (const auto& l : cjk_editor_labels)
                if (s.substr(0, l.text.size()) == l.text && s.substr(l.text.size(), 3) != "部") return std::nullopt;
        }
        const char32_t first = folded_at(s, 0);
        if (starts_some_label(latin_editor_firsts, first)) {
            for (const auto& l : latin_editor_labels) {
                if (!first_is(l.text, first)) continue;
                const std::size_t e = match_label(s, 0, l.text);
                if (e != sv::npos && (e == s.size() || !is_letter(decode_at(s, e).value)) && !l.needs_colon)
                    return std::nullopt;
            }
        }
        if (t.find("diting by") != sv::npos) return std::nullopt;   // "Reporting by …; Editing by …"
    }

    byline out;
    const auto date = find_date_span(t);
    if (date) out.date = format_date(date->parts);
    const std::size_t date_begin = date ? date->begin : t.size();
    const std::size_t date_end = date ? date->end : t.size();

    // 1. Chinese, Japanese and Korean labels anywhere in a short line that is not a sentence ("据新华社记者
    //    张三报道，…。" is body text).
    std::size_t cjk_commas = 0;
    for (std::size_t i = t.find("，"); i != sv::npos && cjk_commas < 2; i = t.find("，", i + 3)) ++cjk_commas;
    const bool ascii = is_all_ascii(t);
    const bool cjk_sentence = !ascii && (t.find("。") != sv::npos || t.find("！") != sv::npos ||
                                         t.find("？") != sv::npos || cjk_commas >= 2);
    if (n <= 120 && !cjk_sentence && !ascii) {
        for (std::size_t pos = 0; pos < t.size() && out.authors.empty();) {
            const auto cp = decode_at(t, pos);
            if (!is_cjk(cp.value) || !starts_some_label(cjk_byline_firsts, cp.value)) {
                pos += cp.length;
                continue;
            }
            for (const auto& l : cjk_byline_labels) {
                if (!first_is(l.text, cp.value) || t.substr(pos, l.text.size()) != l.text) continue;
                const char32_t before = cp_before(t, pos);
                if (l.at_start && pos != 0 && !is_space(before) && !is_open_bracket(before) && !is_punct_or_symbol(before))
                    continue;
                // "新华社记者" is fine; "该记者" or "记者从…" is body text: the name check below decides.
                bool colon = false;
                const std::size_t name_at = skip_colon(t, pos + l.text.size(), colon);
                const std::size_t limit = (date && date_begin > name_at) ? date_begin : t.size();
                if (l.text == "기자" || l.text == "글") {
                    // Korean puts the label after the name: "홍길동 기자".
                    continue;
                }
                std::vector<std::string> names;
                if (read_cjk_names(t, name_at, limit, names)) {
                    out.authors = std::move(names);
                    break;
                }
            }
            pos += cp.length;
        }
        // Korean: "홍길동 기자" (name, then the label).
        if (out.authors.empty()) {
            const std::size_t k = t.find("기자");
            if (k != sv::npos && k > 0) {
                std::size_t e = k;
                while (e > 0 && is_space(cp_before(t, e))) e = previous_start(t, e);
                std::size_t b = e;
                while (b > 0 && is_hangul(cp_before(t, b))) b = previous_start(t, b);
                const std::size_t len = count_code_points(t.substr(b, e - b));
                if (len >= 2 && len <= 4 && (b == 0 || !is_letter(cp_before(t, b)))) out.authors.emplace_back(t.substr(b, e - b));
            }
        }
    }

    // 2. Latin and Cyrillic labels at the start of a segment.
    if (out.authors.empty()) {
        std::size_t seg = 0;
        while (seg < t.size() && out.authors.empty()) {
            // Segment starts: the line start, after a strong separator, or right after the date.
            std::size_t p = skip_spaces(t, seg);
            while (p < t.size()) {
                const auto cp = decode_at(t, p);
                if (cp.value == '-' || cp.value == 0x2014 || cp.value == 0x2013 || is_bullet(cp.value) ||
                    cp.value == '|' || cp.value == '*' || is_open_bracket(cp.value))
                    p = skip_spaces(t, p + cp.length);
                else
                    break;
            }
            if (p >= t.size()) break;
            if (p >= date_begin && p < date_end) {
                seg = date_end;
                continue;
            }
            const char32_t first = folded_at(t, p);
            const bool maybe_label = starts_some_label(latin_byline_firsts, first);
            for (const auto label : latin_byline_labels) {
                if (!maybe_label) break;
                if (!first_is(label, first)) continue;
                const std::size_t e = match_label(t, p, label);
                if (e == sv::npos || e >= t.size()) continue;
                bool colon = false;
                const std::size_t name_at = skip_colon(t, e, colon);
                const auto next = decode_at(t, e);
                if (!colon && !is_space(next.value)) continue;
                if (!colon && needs_colon(label)) continue;
                const std::size_t limit = (date && date_begin > name_at) ? date_begin : t.size();
                const std::size_t part_end = name_part_end(t, name_at, limit);
                std::size_t words_after = 0;
                std::vector<std::string> names;
                const bool allow_handle = label == "by" || label == "posted by" || label == "written by" ||
                                          label == "submitted by" || colon;
                if (!read_latin_names(t.substr(name_at, part_end - name_at), allow_handle, names, words_after)) break;
                // What follows the names on the line must be short (an outlet, a place, a date), else this
                // is a sentence that happens to start with "By".
                std::size_t tail_words = words_after;
                if (part_end < limit) {
                    const sv tail = t.substr(part_end, limit - part_end);
                    folded_key k;
                    tail_words += k.build(tail) ? count_words(k.view()) : 99;
                }
                if (date && date_end < t.size()) {
                    folded_key k;
                    tail_words += k.build(t.substr(date_end)) ? count_words(k.view()) / 2 : 99;
                }
                if (tail_words > 8) break;
                out.authors = std::move(names);
                break;
            }
            // Next segment: after the next strong separator.
            std::size_t next = t.size();
            for (std::size_t i = p; i < t.size();) {
                const auto cp = decode_at(t, i);
                if (cp.value == '|' || is_bullet(cp.value) || cp.value == 0x2014 ||
                    cp.value == 0x2013 || cp.value == '\n' || (i == date_end && date)) {
                    next = i == date_end ? i : i + cp.length;
                    break;
                }
                i += cp.length;
            }
            if (next <= seg) break;
            seg = next;
        }
    }

    // 3. A CJK name glued to its e-mail address: "呂棟lvdong@guancha.cn"; or "Jane Doe <jane@example.com>".
    if (out.authors.empty()) {
        std::size_t eb = 0;
        std::size_t ee = 0;
        if (n <= 60 && find_email(t, eb, ee)) {
            std::size_t b = eb;
            while (b > 0 && is_han(cp_before(t, b))) b = previous_start(t, b);
            if (b < eb) {
                const sv han = t.substr(b, eb - b);
                if (plausible_han_name(han)) out.authors.emplace_back(han);
            } else {
                const sv before = trim_name_punct(t.substr(0, eb));
                const sv after = trim_name_punct(t.substr(ee));
                if (after.empty() && !before.empty()) {
                    if (all_han(before) && plausible_han_name(before)) {
                        out.authors.emplace_back(before);
                    } else {
                        std::string name = clean_name(before);
                        if (!name.empty() && count_words(name) >= 2 && count_words(name) <= 4 &&
                            check_cased_name(name) == name_check::ok && !is_calendar_or_filler(name)) {
                            bool capitalised = true;
                            std::size_t i = 0;
                            while (i < name.size()) {
                                capitalised = capitalised && (is_ascii_upper(name[i]) || !is_ascii_alpha(name[i]));
                                const std::size_t sp = name.find(' ', i);
                                if (sp == std::string::npos) break;
                                i = sp + 1;
                            }
                            if (capitalised) out.authors.push_back(std::move(name));
                        }
                    }
                }
            }
        }
    }

    if (!out.authors.empty()) return out;
    // A dateline: a date with nothing but labels beside it ("Published: 9 May 2024", "发布时间：2024-05-09
    // 来源：新华网"). It names no author but is still byline material.
    if (date) {
        std::string rest(t.substr(0, date_begin));
        rest.push_back(' ');
        rest.append(t.substr(date_end));
        if (is_dateline_rest(rest)) return out;
    }
    return std::nullopt;
}

}  // namespace winnow::signals
