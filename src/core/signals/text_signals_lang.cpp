// Language guessing, pinyin residue removal and site-name stripping.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "signals/text_signals_internal.hpp"
#include "signals/text_signals_util.hpp"
#include "winnow/text_signals.hpp"

#include <unicode/uchar.h>

namespace winnow::signals {
namespace {

using namespace detail;
using sv = std::string_view;

// ---------------------------------------------------------------------------------------------------
// Language

enum lang : std::uint8_t { en, de, fr, es, it, pt, nl, pl, sv_, da, no, fi, cs, tr, id, lang_count };
constexpr sv lang_codes[lang_count] = {"en", "de", "fr", "es", "it", "pt", "nl", "pl",
                                       "sv", "da", "no", "fi", "cs", "tr", "id"};

// The most frequent words of each language, lowercase. Words shared by several languages count for each,
// weighted down by how many share them.
constexpr sv stop_en[] = {"the", "and", "of", "to", "in", "is", "that", "it", "for", "was", "on", "with", "as",
                          "are", "be", "this", "by", "at", "from", "have", "has", "but", "not", "they", "you",
                          "he", "she", "his", "her", "we", "an", "or", "which", "were", "been", "their", "will",
                          "would", "there", "said", "what", "who", "about", "can", "more", "its", "also"};
constexpr sv stop_de[] = {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen", "dem", "den", "des",
                          "zu", "mit", "sich", "auf", "für", "von", "im", "auch", "es", "sie", "er", "wir", "ich",
                          "werden", "wird", "wurde", "sind", "hat", "bei", "aus", "noch", "nach", "oder", "aber",
                          "wie", "über", "dass", "einer", "nur", "vor", "zum", "zur", "kann", "man", "schon"};
constexpr sv stop_fr[] = {"le", "la", "les", "et", "des", "du", "un", "une", "est", "que", "qui", "dans", "pour",
                          "pas", "sur", "au", "aux", "ce", "cette", "il", "elle", "ils", "nous", "vous", "sont",
                          "avec", "plus", "par", "mais", "ou", "été", "être", "ont", "son", "sa", "ses", "leur",
                          "comme", "à", "d", "l", "qu", "n", "s", "c", "j", "ne", "se", "fait", "aussi"};
constexpr sv stop_es[] = {"el", "la", "los", "las", "y", "de", "del", "que", "en", "un", "una", "es", "por",
                          "con", "para", "se", "no", "al", "lo", "como", "más", "pero", "sus", "su", "le", "ya",
                          "fue", "este", "esta", "ha", "muy", "también", "entre", "cuando", "sin", "sobre",
                          "está", "son", "hay", "desde", "todo", "porque", "han", "puede", "años"};
constexpr sv stop_it[] = {"il", "lo", "la", "i", "gli", "le", "di", "e", "che", "è", "un", "una", "per", "non",
                          "in", "con", "del", "della", "dei", "delle", "al", "alla", "sono", "si", "ha", "anche",
                          "più", "come", "ma", "nel", "nella", "questo", "questa", "essere", "stato", "da",
                          "sul", "dal", "degli", "ci", "se", "ancora", "molto", "hanno", "tra", "l", "questi"};
constexpr sv stop_pt[] = {"o", "a", "os", "as", "e", "de", "do", "da", "dos", "das", "que", "em", "um", "uma",
                          "é", "não", "para", "com", "por", "no", "na", "nos", "se", "mais", "mas", "ao", "como",
                          "foi", "são", "ou", "seu", "sua", "também", "está", "pelo", "pela", "isso", "ele",
                          "ela", "já", "muito", "quando", "há", "anos", "sobre", "entre", "às", "até"};
constexpr sv stop_nl[] = {"de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "niet", "zijn", "met",
                          "voor", "die", "er", "aan", "ook", "als", "maar", "om", "bij", "door", "nog", "wordt",
                          "werd", "naar", "dan", "kan", "zo", "wel", "hij", "ze", "we", "ik", "heeft", "worden",
                          "uit", "over", "deze", "veel", "hebben", "wat", "geen", "meer", "nu", "tot"};
constexpr sv stop_pl[] = {"i", "w", "z", "na", "się", "nie", "do", "to", "że", "jest", "o", "a", "jak", "po",
                          "co", "ale", "od", "za", "przez", "dla", "jego", "tak", "są", "był", "była", "było",
                          "tym", "przy", "ich", "już", "może", "oraz", "także", "czy", "lub", "jej", "tego",
                          "ze", "ten", "które", "który", "która", "jednak", "tylko", "bardzo", "gdy", "we"};
constexpr sv stop_sv[] = {"och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den",
                          "har", "de", "inte", "om", "ett", "var", "jag", "men", "så", "han", "hon", "vi", "från",
                          "kan", "ska", "sig", "eller", "när", "efter", "också", "vid", "sina", "här", "detta",
                          "blev", "skulle", "finns", "hade", "mycket", "man", "nu", "vara"};
constexpr sv stop_da[] = {"og", "i", "at", "det", "som", "en", "på", "er", "af", "for", "med", "til", "den",
                          "har", "de", "ikke", "om", "et", "var", "jeg", "men", "så", "han", "hun", "vi", "fra",
                          "kan", "skal", "sig", "eller", "når", "efter", "også", "ved", "sine", "her", "være",
                          "blev", "dette", "havde", "meget", "mig", "nu", "hvor", "hvad", "kun", "man"};
constexpr sv stop_no[] = {"og", "i", "å", "det", "som", "en", "på", "er", "av", "for", "med", "til", "den",
                          "har", "de", "ikke", "om", "et", "var", "jeg", "men", "så", "han", "hun", "vi", "fra",
                          "kan", "skal", "seg", "eller", "når", "etter", "også", "ved", "sine", "her", "være",
                          "ble", "dette", "hadde", "mye", "meg", "nå", "hvor", "hva", "bare", "man"};
constexpr sv stop_fi[] = {"ja", "on", "ei", "se", "että", "oli", "hän", "ovat", "mutta", "tai", "kun", "niin",
                          "myös", "jo", "kuin", "ole", "sen", "tämä", "joka", "jotka", "hänen", "vain", "mukaan",
                          "voi", "olla", "ollut", "sitä", "siitä", "nyt", "jos", "kanssa", "sekä", "mitä",
                          "kaikki", "vuoden", "vielä", "minä", "he", "me", "olen", "tässä", "koska"};
constexpr sv stop_cs[] = {"a", "je", "se", "v", "na", "to", "že", "s", "z", "do", "o", "i", "by", "jako", "ale",
                          "pro", "jsou", "byl", "byla", "bylo", "není", "jeho", "její", "když", "také", "podle",
                          "jen", "už", "tak", "který", "která", "které", "při", "nebo", "od", "po", "jsem",
                          "být", "až", "než", "ve", "ze", "si", "k", "za", "jak", "mu", "tím"};
constexpr sv stop_tr[] = {"ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "daha", "çok", "ne", "gibi",
                          "olan", "en", "o", "ama", "kadar", "sonra", "var", "yok", "her", "mi", "ben", "sen",
                          "biz", "ise", "değil", "şey", "diye", "ancak", "veya", "göre", "büyük", "yeni", "ilk",
                          "oldu", "olduğu", "tarafından", "olduğunu", "ki", "çünkü", "şu", "hem"};
constexpr sv stop_id[] = {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan",
                          "pada", "juga", "ke", "ada", "atau", "oleh", "sebagai", "mereka", "kami", "kita",
                          "saya", "telah", "sudah", "bisa", "dapat", "karena", "tersebut", "lebih", "hanya",
                          "jika", "seperti", "bahwa", "para", "banyak", "antara", "masih", "namun", "adalah"};

constexpr std::span<const sv> stop_lists[lang_count] = {stop_en, stop_de, stop_fr, stop_es, stop_it,
                                                        stop_pt, stop_nl, stop_pl, stop_sv, stop_da,
                                                        stop_no, stop_fi, stop_cs, stop_tr, stop_id};

struct stop_entry {
    sv word;
    std::uint16_t langs;
};

/// All stop words, sorted, each with the set of languages that use it. Built once.
const std::vector<stop_entry>& stop_table() {
    static const std::vector<stop_entry> table = [] {
        std::map<sv, std::uint16_t> merged;
        for (std::size_t l = 0; l < lang_count; ++l)
            for (const auto w : stop_lists[l]) merged[w] = static_cast<std::uint16_t>(merged[w] | (1u << l));
        std::vector<stop_entry> v;
        v.reserve(merged.size());
        for (const auto& [w, m] : merged) v.push_back({w, m});
        return v;
    }();
    return table;
}

std::uint16_t stop_langs(sv word) {
    const auto& t = stop_table();
    const auto it = std::lower_bound(t.begin(), t.end(), word, [](const stop_entry& e, sv w) { return e.word < w; });
    return it != t.end() && it->word == word ? it->langs : 0;
}

struct script_counts {
    std::size_t latin = 0, han = 0, kana = 0, hangul = 0, cyrillic = 0, greek = 0, arabic = 0, hebrew = 0,
                thai = 0, devanagari = 0;
    bool ukrainian = false;   ///< і ї є ґ
    bool russian = false;     ///< ы э ъ ё
};

// ---------------------------------------------------------------------------------------------------
// Pinyin

struct tone_vowel {
    char32_t cp;
    char base;
};
constexpr tone_vowel tone_vowels[] = {
    {0x101, 'a'}, {0xE1, 'a'},  {0x1CE, 'a'}, {0xE0, 'a'},  {0x113, 'e'}, {0xE9, 'e'},  {0x11B, 'e'},
    {0xE8, 'e'},  {0x12B, 'i'}, {0xED, 'i'},  {0x1D0, 'i'}, {0xEC, 'i'},  {0x14D, 'o'}, {0xF3, 'o'},
    {0x1D2, 'o'}, {0xF2, 'o'},  {0x16B, 'u'}, {0xFA, 'u'},  {0x1D4, 'u'}, {0xF9, 'u'},  {0x1D6, 'v'},
    {0x1D8, 'v'}, {0x1DA, 'v'}, {0x1DC, 'v'}, {0x1EBF, 'E'}, {0x1EC1, 'E'},
};
constexpr sv pinyin_initials[] = {"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k",
                                  "h",  "j",  "q",  "x", "r", "z", "c", "s", "y", "w", ""};
constexpr sv pinyin_finals[] = {"a",   "o",   "e",   "i",   "u",    "v",    "ai",  "ei",  "ui",   "ao",
                                "ou",  "iu",  "ie",  "ve",  "ue",   "er",   "an",  "en",  "in",   "un",
                                "vn",  "ang", "eng", "ing", "ong",  "ia",   "iao", "ian", "iang", "iong",
                                "ua",  "uo",  "uai", "uan", "uang", "van",  "E",   "n",   "ng",   "m"};

/// The base spelling of a pinyin syllable (ü as v, ê as E) and whether it carried a tone mark; false when
/// s holds anything else (uppercase, digits, other accents).
bool pinyin_base(sv s, std::array<char, 16>& base, std::size_t& len, bool& toned) noexcept {
    len = 0;
    toned = false;
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_at(s, i);
        i += cp.length;
        if (len >= base.size() - 1) return false;
        if (cp.value >= 'a' && cp.value <= 'z') {
            base[len++] = static_cast<char>(cp.value);
            continue;
        }
        if (cp.value == 0xFC) {   // ü
            base[len++] = 'v';
            continue;
        }
        if (cp.value == 0xEA) {   // ê
            base[len++] = 'E';
            continue;
        }
        if (cp.value == 0x304 || cp.value == 0x301 || cp.value == 0x30C || cp.value == 0x300) {
            // A combining tone mark on the previous vowel (decomposed text).
            if (len == 0) return false;
            toned = true;
            continue;
        }
        bool found = false;
        for (const auto& tv : tone_vowels) {
            if (tv.cp == cp.value) {
                base[len++] = tv.base;
                toned = true;
                found = true;
                break;
            }
        }
        if (!found) return false;
    }
    return len > 0;
}

bool is_pinyin_syllable(sv s) noexcept {
    std::array<char, 16> buf{};
    std::size_t len = 0;
    bool toned = false;
    if (s.size() > 12 || !pinyin_base(s, buf, len, toned) || !toned) return false;
    const sv b(buf.data(), len);
    for (const auto ini : pinyin_initials) {
        if (b.substr(0, ini.size()) != ini) continue;
        const sv fin = b.substr(ini.size());
        for (const auto f : pinyin_finals)
            if (fin == f) return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------------
// Site names

constexpr sv title_separators[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " / ", "｜", "－",
                                   " ｜ ", "|", " -- ", " — ", " • ", " ~ "};

struct part {
    std::size_t begin;
    std::size_t end;
};

/// Whether "_" at i separates title parts: it does between CJK text or spaces, not inside an identifier.
bool underscore_separates(sv t, std::size_t i) noexcept {
    if (i == 0 || i + 1 >= t.size()) return false;
    const bool left_ascii = static_cast<unsigned char>(t[i - 1]) < 0x80 && t[i - 1] != ' ';
    const bool right_ascii = static_cast<unsigned char>(t[i + 1]) < 0x80 && t[i + 1] != ' ';
    return !(left_ascii && right_ascii);
}

/// Splits a title at every separator; at most 8 parts.
std::size_t split_title(sv t, std::array<part, 8>& parts) noexcept {
    std::size_t count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < t.size() && count < parts.size() - 1;) {
        std::size_t sep_len = 0;
        const char c = t[i];
        if (c != ' ' && c != '|' && c != '_' && c != '\xEF') {
            ++i;   // every separator starts with one of these bytes
            continue;
        }
        if (c == '_' && underscore_separates(t, i)) {
            sep_len = 1;
        } else {
            for (const auto s : title_separators) {
                if (t.substr(i, s.size()) == s) {
                    sep_len = s.size();
                    break;
                }
            }
        }
        if (sep_len > 0) {
            if (i > start) parts[count++] = {start, i};
            i += sep_len;
            start = i;
            continue;
        }
        ++i;
    }
    if (start < t.size()) parts[count++] = {start, t.size()};
    return count;
}

/// A site key: folded words without a leading "www" and trailing domain labels, run together, so that
/// "Example.com", "www.example.com" and "EXAMPLE" compare equal.
std::size_t site_key(sv text, std::array<char, folded_key::capacity + 8>& out) noexcept {
    folded_key k;
    if (!k.build(text)) return 0;
    sv key = k.view();
    if (starts_with_words(key, "www")) key.remove_prefix(std::min<std::size_t>(key.size(), 4));
    static constexpr sv tlds[] = {"com", "net", "org", "de", "cn", "uk", "co", "fr", "it", "es", "pl", "ru", "nl",
                                  "at", "ch", "jp", "kr", "info", "io", "tw", "hk", "be", "eu", "us", "ca", "au"};
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto tld : tlds) {
            if (key.size() > tld.size() + 1 && ends_with_words(key, tld)) {
                key.remove_suffix(tld.size() + 1);
                changed = true;
            }
        }
    }
    std::size_t n = 0;
    for (const char c : key)
        if (c != ' ') out[n++] = c;
    return n;
}

/// Top-level and second-level labels of host names, which never name the site itself.
bool is_top_level_label(sv label) noexcept {
    static constexpr sv labels[] = {"com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "app", "dev"};
    if (label.size() == 2) return true;   // every country code, and "co", "ac" of "co.uk", "ac.jp"
    for (const sv l : labels)
        if (iequals_ascii(label, l)) return true;
    return false;
}

bool same_site(sv a, sv b) noexcept {
    std::array<char, folded_key::capacity + 8> ka;
    std::array<char, folded_key::capacity + 8> kb;
    const std::size_t na = site_key(a, ka);
    const std::size_t nb = site_key(b, kb);
    return na > 0 && na == nb && sv(ka.data(), na) == sv(kb.data(), nb);
}

bool has_underscore_separator(sv t) noexcept {
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i] == '_' && underscore_separates(t, i)) return true;
    return false;
}

/// The part to keep when the site is unknown: the longest, or the first of a Chinese portal's
/// "标题_频道_网站" when it is a real headline.
sv pick_part(sv t, std::span<const part> parts, bool underscore) noexcept {
    if (parts.empty()) return t;
    const sv first = t.substr(parts[0].begin, parts[0].end - parts[0].begin);
    if (underscore && count_code_points(trim(first)) >= 4) return first;
    // The longest part, except that the first one ("Headline | Site" is the common order) wins unless another
    // is clearly longer: "Mozilla - Wikipedia" keeps "Mozilla", "BBC News - A long headline" the headline.
    auto length = [&](std::size_t i) {
        return count_code_points(trim(t.substr(parts[i].begin, parts[i].end - parts[i].begin)));
    };
    std::size_t best = 0;
    const std::size_t first_len = length(0);
    std::size_t best_len = first_len;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::size_t len = length(i);
        if (len > best_len && len * 2 > first_len * 3) {
            best = i;
            best_len = len;
        }
    }
    return t.substr(parts[best].begin, parts[best].end - parts[best].begin);
}

}  // namespace

namespace detail {

std::size_t title_parts(std::string_view title, std::array<std::string_view, 8>& out) noexcept {
    std::array<part, 8> parts{};
    const std::size_t count = split_title(title, parts);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < count; ++i)
        if (const sv p = trim(title.substr(parts[i].begin, parts[i].end - parts[i].begin)); !p.empty()) out[kept++] = p;
    return kept;
}

std::string_view first_title_part(std::string_view title) noexcept {
    std::array<part, 8> parts{};
    if (split_title(title, parts) == 0) return {};
    return trim(title.substr(parts[0].begin, parts[0].end - parts[0].begin));
}

std::optional<std::string> strip_known_site(std::string_view title, std::string_view site_name) {
    const sv t = trim(title);
    const sv site = trim(site_name);
    if (t.empty() || site.empty()) return std::nullopt;
    std::array<part, 8> parts{};
    const std::size_t count = split_title(t, parts);
    // Drop the parts that are the site.
    std::array<part, 8> kept{};
    std::size_t nkept = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const sv p = trim(t.substr(parts[i].begin, parts[i].end - parts[i].begin));
        if (!same_site(p, site)) kept[nkept++] = parts[i];
    }
    if (nkept > 0 && nkept < count) {
        const sv best = trim(nkept == 1 ? t.substr(kept[0].begin, kept[0].end - kept[0].begin)
                                        : pick_part(t, std::span<const part>(kept.data(), nkept), has_underscore_separator(t)));
        if (!best.empty()) return std::string(best);
    }
    // "Site：Title", "Site: Title", "Title: Site".
    if (count <= 1) {
        for (std::size_t i = 0; i < t.size();) {
            const auto cp = decode_at(t, i);
            if (cp.value == ':' || cp.value == U'：') {
                const sv head = trim(t.substr(0, i));
                const sv rest = trim(t.substr(i + cp.length));
                if (!rest.empty() && same_site(head, site)) return std::string(rest);
                if (!head.empty() && same_site(rest, site)) return std::string(head);
                break;
            }
            i += cp.length;
        }
    }
    return std::nullopt;
}

bool is_site_name(std::string_view text, std::string_view site_name) noexcept { return same_site(trim(text), trim(site_name)); }

std::string_view site_label_of_url(std::string_view url) noexcept {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    sv host = url.substr(scheme_end + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    if (const std::size_t at = host.rfind('@'); at != sv::npos) host.remove_prefix(at + 1);   // user:pass@
    host = host.substr(0, host.find(':'));                                                    // :port
    // Back over the top-level domains ("uk", "co.uk", "com.au"), then the label before them.
    while (!host.empty()) {
        const std::size_t dot = host.rfind('.');
        if (dot == sv::npos) return host;
        const sv last = host.substr(dot + 1);
        if (!is_top_level_label(last)) return last;
        host = host.substr(0, dot);
    }
    return {};
}

}  // namespace detail

std::string strip_site_name(std::string_view title, std::string_view site_name) {
    const sv t = trim(title);
    if (t.empty()) return std::string(title);
    if (auto known = strip_known_site(t, site_name)) return std::move(*known);
    std::array<part, 8> parts{};
    const std::size_t count = split_title(t, parts);
    if (count <= 1) return std::string(t);
    const sv best = trim(pick_part(t, std::span<const part>(parts.data(), count), has_underscore_separator(t)));
    return best.empty() ? std::string(t) : std::string(best);
}

std::string guess_language(std::string_view text) {
    const sv t = text.substr(0, std::min<std::size_t>(text.size(), 24 * 1024));
    script_counts sc;
    std::array<double, lang_count> score{};
    std::array<std::size_t, lang_count> hits{};
    std::size_t latin_words = 0;
    std::array<char, 48> word{};
    std::size_t wlen = 0;
    bool word_ok = true;
    auto end_word = [&] {
        if (wlen > 0 && word_ok) {
            ++latin_words;
            if (const std::uint16_t langs = stop_langs(sv(word.data(), wlen)); langs != 0) {
                const double weight = 1.0 / static_cast<double>(std::popcount(static_cast<unsigned>(langs)));
                for (std::size_t l = 0; l < lang_count; ++l) {
                    if ((langs & (1u << l)) != 0) {
                        score[l] += weight;
                        ++hits[l];
                    }
                }
            }
        }
        wlen = 0;
        word_ok = true;
    };
    for (std::size_t i = 0; i < t.size();) {
        const auto cp = decode_at(t, i);
        i += cp.length;
        const char32_t c = cp.value;
        if (c < 0x80) {
            const auto a = static_cast<char>(c);
            if (is_ascii_alpha(a)) {
                ++sc.latin;
                if (wlen < word.size()) word[wlen++] = ascii_lower(a);
                else word_ok = false;
            } else {
                end_word();
            }
            continue;
        }
        if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF)) {
            ++sc.latin;
            const auto lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
            if (wlen + 4 < word.size()) wlen += encode_utf8(lower, word.data() + wlen);
            else word_ok = false;
            continue;
        }
        end_word();
        if (is_han(c)) ++sc.han;
        else if (is_kana(c)) ++sc.kana;
        else if (is_hangul(c)) ++sc.hangul;
        else if (c >= 0x400 && c <= 0x4FF) {
            ++sc.cyrillic;
            if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491 || c == 0x406 || c == 0x407 || c == 0x404 ||
                c == 0x490)
                sc.ukrainian = true;
            if (c == 0x44B || c == 0x44D || c == 0x44A || c == 0x451 || c == 0x42B || c == 0x42D || c == 0x401)
                sc.russian = true;
        } else if (c >= 0x370 && c <= 0x3FF) ++sc.greek;
        else if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0xFB50 && c <= 0xFDFF) ||
                 (c >= 0xFE70 && c <= 0xFEFF))
            ++sc.arabic;
        else if (c >= 0x590 && c <= 0x5FF) ++sc.hebrew;
        else if (c >= 0xE00 && c <= 0xE7F) ++sc.thai;
        else if (c >= 0x900 && c <= 0x97F) ++sc.devanagari;
    }
    end_word();

    const std::size_t cjk = sc.han + sc.kana + sc.hangul;
    // One CJK character carries about as much as a short word, three Latin letters.
    if (cjk >= 2 && cjk * 3 >= sc.latin && cjk >= sc.cyrillic) {
        if (sc.hangul > sc.han + sc.kana) return "ko";
        if (sc.kana >= 2 || (sc.kana >= 1 && sc.kana * 10 >= sc.han)) return "ja";
        if (sc.han >= 2) return "zh";
        return {};
    }
    struct other {
        std::size_t count;
        const char* code;
    };
    const other others[] = {{sc.cyrillic, sc.ukrainian && !sc.russian ? "uk" : "ru"},
                            {sc.greek, "el"},
                            {sc.arabic, "ar"},
                            {sc.hebrew, "he"},
                            {sc.thai, "th"},
                            {sc.devanagari, "hi"}};
    const other* best_other = nullptr;
    for (const auto& o : others)
        if (o.count >= 3 && o.count >= sc.latin && (!best_other || o.count > best_other->count)) best_other = &o;
    if (best_other) return best_other->code;
    if (latin_words < 3) return {};
    std::size_t best = lang_count;
    std::size_t second = lang_count;
    for (std::size_t l = 0; l < lang_count; ++l) {
        if (best == lang_count || score[l] > score[best]) {
            second = best;
            best = l;
        } else if (second == lang_count || score[l] > score[second]) {
            second = l;
        }
    }
    if (best == lang_count || hits[best] < 2 || score[best] < 1.0) return {};
    const double runner = second == lang_count ? 0.0 : score[second];
    // A clear winner: ahead of the runner-up by a margin that matters on short texts too.
    if (score[best] < runner * 1.25 + 0.5) return {};
    // Too few stop words for the length: probably a language we do not know (Vietnamese, Hungarian…).
    if (static_cast<double>(hits[best]) < static_cast<double>(latin_words) * 0.08) return {};
    return std::string(lang_codes[best]);
}

std::string remove_pinyin_residue(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    char32_t previous = 0;
    for (std::size_t i = 0; i < line.size();) {
        const auto cp = decode_at(line, i);
        if ((cp.value == '(' || cp.value == U'（') && is_han(previous)) {
            const std::size_t open_end = i + cp.length;
            std::size_t j = open_end;
            std::size_t close_len = 0;
            while (j < line.size() && j - open_end <= 24) {
                const auto c2 = decode_at(line, j);
                if (c2.value == ')' || c2.value == U'）') {
                    close_len = c2.length;
                    break;
                }
                j += c2.length;
            }
            if (close_len > 0 && is_pinyin_syllable(line.substr(open_end, j - open_end))) {
                i = j + close_len;   // the Han character stays the previous one: "英(yīng)偉(wěi)達(dá)"
                continue;
            }
        }
        out.append(line.substr(i, cp.length));
        previous = cp.value;
        i += cp.length;
    }
    return out;
}

}  // namespace winnow::signals
