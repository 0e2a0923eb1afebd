// Phrase recognisers: related/latest/hot headings, copyright and licence lines, share bars, consent
// banners, comment headings, dated headlines.
//
// Each works on the folded key of a short text (text_signals_util.hpp), so case, accents, punctuation and
// decoration ("» Lesen Sie auch:", "最新聞 Hot") do not matter, and each refuses long text first: a body
// sentence that contains "related" or "comments" is not a heading.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "phrase_set.hpp"
#include "signals/text_signals_internal.hpp"
#include "signals/text_signals_util.hpp"
#include "winnow/text_signals.hpp"

namespace winnow::signals {
namespace {

using namespace detail;
using namespace std::string_view_literals;
using sv = std::string_view;

/// The key without spaces: CJK and Hangul phrases are compared this way, since those scripts space words
/// loosely ("관련 기사" / "관련기사", "相关 推荐").
class compact_key {
public:
    explicit compact_key(sv key) noexcept {
        for (const char c : key)
            if (c != ' ' && size_ < data_.size()) data_[size_++] = c;
    }
    [[nodiscard]] sv view() const noexcept { return {data_.data(), size_}; }

private:
    std::array<char, folded_key::capacity + 8> data_;   // written before read: no zero fill
    std::size_t size_ = 0;
};

constexpr std::uint64_t fnv1a(sv s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// A phrase table as hashes sorted at compile time: a lookup is one hash of the key and a binary search
/// over integers, then one comparison of the text (string comparisons in a binary search cost a memcmp
/// call each, and these tables are consulted for every short block of every page).
template <std::size_t N>
struct phrase_set {
    struct entry {
        std::uint64_t hash;
        sv text;
    };
    std::array<entry, N> entries{};

    [[nodiscard]] bool contains(sv key) const noexcept {
        const std::uint64_t h = fnv1a(key);
        auto it = std::lower_bound(entries.begin(), entries.end(), h,
                                   [](const entry& e, std::uint64_t v) { return e.hash < v; });
        for (; it != entries.end() && it->hash == h; ++it)
            if (it->text == key) return true;
        return false;
    }
};

template <std::size_t N>
constexpr phrase_set<N> sorted(const sv (&list)[N]) {
    phrase_set<N> set;
    for (std::size_t i = 0; i < N; ++i) set.entries[i] = {fnv1a(list[i]), list[i]};
    std::sort(set.entries.begin(), set.entries.end(),
              [](const auto& a, const auto& b) { return a.hash < b.hash; });
    return set;
}

template <std::size_t N>
bool in_sorted(sv key, const phrase_set<N>& set) noexcept {
    return set.contains(key);
}

bool any_equal(sv key, std::span<const sv> list) noexcept {
    for (const auto p : list)
        if (key == p) return true;
    return false;
}

bool any_prefix_words(sv key, std::span<const sv> list) noexcept {
    for (const auto p : list)
        if (starts_with_words(key, p)) return true;
    return false;
}

bool has_non_ascii(sv s) noexcept {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

bool all_digits(sv w) noexcept {
    if (w.empty()) return false;
    for (const char c : w)
        if (!is_ascii_digit(c)) return false;
    return true;
}

/// Removes decoration words from the end of a heading key: "最新聞 hot", "related more", "相关新闻 更多".
sv strip_trailing_decoration(sv key) noexcept {
    static constexpr sv words[] = {"hot", "new", "more", "mehr", "plus", "mas", "更多", "top", "new!"};
    for (bool changed = true; changed && !key.empty();) {
        changed = false;
        // Most keys end in none of the words' last letters (t w e r s p, the last byte of 多) or a digit.
        const char last = key.back();
        if (last != 't' && last != 'w' && last != 'e' && last != 'r' && last != 's' && last != 'p' &&
            last != '\x9A' && !is_ascii_digit(last))
            break;
        for (const auto w : words) {
            if (key.size() <= w.size() || key.substr(key.size() - w.size()) != w) continue;
            const std::size_t cut = key.size() - w.size();
            // A whole word, or an ASCII word glued to CJK ("最新聞hot").
            if (key[cut - 1] == ' ' || (static_cast<unsigned char>(key[cut - 1]) >= 0x80 && !has_non_ascii(w))) {
                key = key.substr(0, cut);
                while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
                changed = true;
            }
        }
        // Counts: "Comments 12", "热门 10".
        const std::size_t sp = key.rfind(' ');
        if (sp != sv::npos && all_digits(key.substr(sp + 1))) {
            key = key.substr(0, sp);
            changed = true;
        }
    }
    return key;
}

// ---------------------------------------------------------------------------------------------------
// Related / latest / hot

constexpr sv related_exact[] = {
    // English
    "related", "related articles", "related article", "related stories", "related story", "related posts",
    "related post", "related content", "related coverage", "related news", "related links", "related reading",
    "related topics", "related videos", "related items", "related pages", "read more", "read next", "read also",
    "also read", "more stories", "more on this", "more on this story", "more on this topic", "more news",
    "more articles", "more like this", "more to explore", "more to read", "more headlines", "recommended",
    "recommended for you", "recommended articles", "recommended stories", "recommended reading",
    "you may also like", "you might also like", "you may like", "you might like", "you may be interested in",
    "you might be interested in", "you may also be interested in", "most popular", "most read", "most viewed",
    "most shared", "most commented", "most emailed", "popular", "popular posts", "popular articles",
    "popular stories", "popular now", "trending", "trending now", "trending stories", "trending articles",
    "latest news", "latest", "latest stories", "latest articles", "latest posts", "latest headlines",
    "top stories", "top news", "top headlines", "hot", "hot news", "hot topics", "see also", "further reading",
    "what to read next", "editor s picks", "editors picks", "editors choice", "don t miss", "in case you missed it",
    "around the web", "from the web", "other stories", "other news", "similar articles", "similar posts",
    "recent posts", "recent articles", "recent news", "recent stories", "keep reading", "up next",
    "also on", "must read", "must reads", "what s new", "the latest",
    // German
    "mehr zum thema", "lesen sie auch", "lesen sie mehr", "auch interessant", "das konnte sie auch interessieren",
    "das konnte sie interessieren", "das konnte dich auch interessieren", "dazu passend", "passend zum thema",
    "weitere artikel", "weitere nachrichten", "weitere meldungen", "weitere themen", "verwandte artikel",
    "verwandte themen", "ahnliche artikel", "meistgelesen", "meistgelesene artikel", "meist gelesen",
    "am meisten gelesen", "neueste artikel", "neueste beitrage", "neueste nachrichten", "neuste artikel",
    "aktuelle nachrichten", "top themen", "top artikel", "empfohlene artikel", "empfehlungen",
    "unsere empfehlung", "unsere empfehlungen", "beliebte artikel", "beliebteste artikel", "mehr artikel",
    "mehr nachrichten", "ebenfalls interessant", "auch lesenswert", "zum thema", "lies auch", "neueste",
    "meistgelesene", "meistgelesen heute", "top news",
    // French
    "a lire aussi", "lire aussi", "a lire egalement", "lire egalement", "a lire", "sur le meme sujet",
    "sur le meme theme", "articles similaires", "articles lies", "articles connexes", "les plus lus",
    "les plus populaires", "les plus partages", "les plus commentes", "dernieres actualites", "derniers articles",
    "dernieres infos", "dernieres nouvelles", "a la une", "vous aimerez aussi", "vous pourriez aussi aimer",
    "nos recommandations", "a decouvrir aussi", "a voir aussi", "voir aussi", "a decouvrir",
    // Spanish
    "noticias relacionadas", "articulos relacionados", "relacionados", "relacionado", "relacionadas",
    "te puede interesar", "te puede interesar tambien", "tambien te puede interesar", "le puede interesar",
    "puede interesarte", "leer mas", "lee tambien", "lea tambien", "ver tambien", "mas leidas", "lo mas leido",
    "lo mas visto", "ultimas noticias", "mas noticias", "recomendados", "te recomendamos",
    "contenido relacionado", "tambien te puede gustar", "te puede gustar",
    // Italian
    "articoli correlati", "correlati", "notizie correlate", "leggi anche", "potrebbe interessarti",
    "ti potrebbe interessare", "potrebbe interessarti anche", "potrebbero interessarti", "i piu letti",
    "piu letti", "ultime notizie", "altre notizie", "vedi anche", "consigliati per te", "ultimi articoli",
    "articoli recenti", "da non perdere", "leggi di piu",
    // Portuguese
    "leia tambem", "leia mais", "veja tambem", "mais lidas", "mais lidos", "artigos relacionados",
    "conteudo relacionado", "voce pode gostar", "recomendados para voce", "saiba mais", "mais noticias",
    "noticias relacionadas", "veja mais",
    // Dutch
    "lees ook", "lees meer", "gerelateerde artikelen", "gerelateerd", "meest gelezen", "laatste nieuws",
    "meer nieuws", "ook interessant", "aanbevolen", "meer over dit onderwerp", "bekijk ook", "populair",
    "meer artikelen",
    // Polish
    "zobacz tez", "zobacz takze", "zobacz rowniez", "czytaj takze", "czytaj tez", "czytaj rowniez", "polecane",
    "polecamy", "najnowsze", "najpopularniejsze", "najczesciej czytane", "najchetniej czytane",
    "podobne artykuly", "powiazane artykuly", "przeczytaj tez", "przeczytaj takze", "czytaj wiecej",
    "najnowsze wiadomosci", "najwazniejsze", "polecane artykuly",
    // Russian
    "читайте также", "читать также", "похожие статьи", "похожие новости", "последние новости", "по теме",
    "самое читаемое", "популярное", "рекомендуем", "смотрите также", "еще по теме", "ещё по теме",
    "другие новости", "новости по теме", "материалы по теме", "читайте еще", "читайте ещё",
    // Czech, Scandinavian
    "souvisejici clanky", "dalsi clanky", "nejctenejsi", "prectete si take", "las ocksa", "relaterat",
    "relaterade artiklar", "mest last", "les ogsa", "laes ogsa",
};

constexpr auto related_exact_sorted = sorted(related_exact);

/// Headings that may go on with a topic: "More from Reuters", "Mehr zum Thema Brexit".
constexpr sv related_prefixes[] = {
    "more from", "more on", "more in", "more about", "more stories from", "more news from", "latest from",
    "latest in", "latest on", "related to", "top stories in", "popular in", "trending in",
    "mehr zum thema", "mehr aus", "mehr von", "mehr zu", "weitere artikel", "weitere nachrichten",
    "neueste artikel", "plus de", "tout sur", "lire aussi", "a lire aussi", "mas de", "mas sobre", "altro su",
    "altre notizie", "mais sobre", "meer over", "meer van", "wiecej z", "wiecej o", "еще о", "больше о",
};

/// Chinese and Japanese headings and Korean ones, compared without spaces.
constexpr sv related_cjk[] = {
    "相关", "相關", "相关推荐", "相關推薦", "相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "推荐阅读", "推薦閱讀",
    "热门推荐", "熱門推薦", "最新", "最新聞", "最新新闻", "最新消息", "热点", "熱點", "热门", "熱門", "猜你喜欢",
    "猜你喜歡", "猜您喜欢", "猜您喜歡", "更多", "相关新闻", "相關新聞", "相关文章", "相關文章", "相关链接", "相關連結",
    "相关报道", "相關報導", "相关专题", "相關專題", "推荐", "推薦", "精彩推荐", "精彩推薦", "为您推荐", "為您推薦",
    "编辑推荐", "編輯推薦", "今日推荐", "今日推薦", "点击排行", "點擊排行", "排行榜", "热门排行", "熱門排行",
    "阅读排行", "閱讀排行", "热读", "熱讀", "看了又看", "大家都在看", "你可能还喜欢", "你可能也喜欢", "你可能喜欢",
    "您可能感兴趣", "您可能感興趣", "你可能感兴趣", "热搜", "熱搜", "热榜", "熱榜", "要闻", "要聞", "往期回顾",
    "往期回顧", "精选", "精選", "相关阅读推荐", "延伸閱讀推薦", "热门点击", "熱門點擊", "本周热门", "一周热点",
    "24小时热门", "今日热点", "今日熱點", "热点新闻", "熱點新聞", "热门新闻", "熱門新聞",
    // Japanese
    "関連記事", "関連ニュース", "関連リンク", "関連", "おすすめ", "おすすめ記事", "オススメ", "オススメ記事",
    "人気記事", "人気ランキング", "ランキング", "最新記事", "新着記事", "最新ニュース", "あわせて読みたい",
    "合わせて読みたい", "こちらもおすすめ", "注目記事", "この記事を読んだ人はこんな記事も読んでいます",
    "こんな記事も読まれています", "よく読まれている記事", "アクセスランキング", "関連する記事", "人気の記事",
    // Korean
    "관련기사", "관련뉴스", "많이본뉴스", "최신뉴스", "추천기사", "인기기사", "주요뉴스", "많이본기사",
    "함께볼만한뉴스", "이시각주요뉴스", "핫이슈", "관련글", "추천뉴스", "인기뉴스", "최신기사",
};

constexpr auto related_cjk_sorted = sorted(related_cjk);

/// Chinese heading words that combine with a noun: "热门" + "文章", "最新" + "聞", "相关" + "视频".
constexpr sv cjk_heading_heads[] = {
    "相关", "相關", "延伸", "推荐", "推薦", "热门", "熱門", "热点", "熱點", "最新", "精彩", "更多", "热读", "熱讀",
    "其他", "其它", "今日", "本周", "一周", "往期", "近期", "最近", "人气", "人氣",
};
constexpr sv cjk_heading_nouns[] = {
    "文章", "新闻", "新聞", "资讯", "資訊", "消息", "推荐", "推薦", "阅读", "閱讀", "排行", "内容", "內容", "报道",
    "報導", "報道", "话题", "話題", "专题", "專題", "动态", "動態", "视频", "視頻", "影片", "图片", "圖片", "博文",
    "帖子", "链接", "連結", "鏈接", "标签", "標籤", "要闻", "要聞", "聞", "文", "榜", "排行榜", "好文", "阅读排行",
    "新闻排行", "热点", "熱點", "产品", "產品", "图集", "圖集", "文章推荐",
};

bool cjk_composed_heading(sv compact) noexcept {
    for (const auto head : cjk_heading_heads) {
        if (compact.size() <= head.size() || compact.substr(0, head.size()) != head) continue;
        const sv rest = compact.substr(head.size());
        for (const auto noun : cjk_heading_nouns)
            if (rest == noun) return true;
    }
    return false;
}

/// A text short enough to be a heading: at most `max_cp` code points.
bool short_text(sv t, std::size_t max_cp) noexcept {
    if (t.empty() || t.size() > max_cp * 4) return false;
    return t.size() <= max_cp || count_code_points(t) <= max_cp;   // bytes bound code points from above
}

// ---------------------------------------------------------------------------------------------------
// Copyright

constexpr sv copyright_phrases[] = {
    "all rights reserved", "all right reserved", "alle rechte vorbehalten", "tous droits reserves",
    "todos los derechos reservados", "tutti i diritti riservati", "todos os direitos reservados",
    "alle rechten voorbehouden", "wszelkie prawa zastrzezone", "права защищены", "版权所有", "版權所有",
    "版权声明", "版權聲明", "著作権", "無断転載", "無断複製", "저작권", "무단전재", "무단 전재", "some rights reserved",
    "nachdruck nur mit", "reproduction interdite", "版权归",
};

constexpr auto copyright_phrase_set = winnow::detail::make_phrase_set(copyright_phrases);
// Every string one of is_copyright_line's tests of the lowered line needs (the words it looks for, its
// phrases, the Chinese licence marks of has_chinese_licence): a line with none of them is no copyright line,
// known in one pass instead of a search per test.
constexpr sv copyright_line_words[] = {
    "icp", "网安备", "公網安備", "增值电信业务经营许可证", "互联网新闻信息服务许可证", "信息网络传播视听节目许可证",
    "网络文化经营许可证", "(c)", "copyright", "creative commons", "licensed under", "cc by", "cc-by",
};
constexpr auto copyright_line_clues = [] {
    std::array<sv, std::size(copyright_line_words) + std::size(copyright_phrases)> all{};
    std::size_t i = 0;
    for (const sv w : copyright_line_words) all[i++] = w;
    for (const sv w : copyright_phrases) all[i++] = w;
    return all;
}();
constexpr winnow::detail::phrase_set<copyright_line_clues.size()> copyright_clue_set(copyright_line_clues,
                                                                                    [](sv phrase) { return phrase; });

// The marks a paragraph-sized text must carry to be a copyright footer, as sites write them.
constexpr sv copyright_marks[] = {"ICP", "icp", "公网安备", "公網安備", "opyright", "OPYRIGHT", "ights reserved",
                                  "ights Reserved", "IGHTS RESERVED", "版权所有", "版權所有", "echte vorbehalten",
                                  "roits réservés", "erechos reservados"};
constexpr auto copyright_mark_set = winnow::detail::make_phrase_set(copyright_marks);

/// A text with ASCII lowercased, Latin accents removed and white space runs made one space, in a stack buffer
/// (texts longer than the buffer are cut): the form the raw-text phrase lists are searched in.
class lowered_text {
public:
    explicit lowered_text(sv t) noexcept {
        bool space = false;
        for (std::size_t i = 0; i < t.size() && size_ + 4 < buf_.size();) {
            const auto b = static_cast<unsigned char>(t[i]);
            if (b < 0x80) {
                const char c = ascii_lower(t[i]);
                if (is_ascii_space(c)) {
                    space = true;
                } else {
                    if (space && size_ > 0) buf_[size_++] = ' ';
                    space = false;
                    buf_[size_++] = c;
                }
                ++i;
                continue;
            }
            const auto cp = decode_at(t, i);
            if (is_space(cp.value)) {
                space = true;
            } else {
                if (space && size_ > 0) buf_[size_++] = ' ';
                space = false;
                const char32_t f = cp.value >= 0xC0 && cp.value < 0x180 ? fold_code_point(cp.value) : cp.value;
                if (f < 0x80) buf_[size_++] = static_cast<char>(f);
                else size_ += encode_utf8(f, buf_.data() + size_);
            }
            i += cp.length;
        }
    }
    [[nodiscard]] sv view() const noexcept { return {buf_.data(), size_}; }

private:
    std::array<char, 6144> buf_;   // written before read: no zero fill of 6 KiB per call
    std::size_t size_ = 0;
};

bool contains_raw(sv text, sv needle) noexcept { return text.find(needle) != sv::npos; }

/// "京ICP备05070218号", "沪ICP证…", "粤ICP備…", "京公网安备 11010502030143号" and licence numbers, in lowered text.
bool has_chinese_licence(sv t) noexcept {
    for (std::size_t pos = t.find("icp"); pos != sv::npos; pos = t.find("icp", pos + 3)) {
        const sv after = t.substr(pos + 3, 12);
        if (contains_raw(after, "备"sv) || contains_raw(after, "備"sv) || contains_raw(after, "证"sv) ||
            contains_raw(after, "證"sv) || contains_raw(after, "号"sv) || contains_raw(after, "號"sv))
            return true;
        // "ICP: 12345678" / "ICP 12345678"
        std::size_t p = pos + 3;
        while (p < t.size() && (t[p] == ' ' || t[p] == ':')) ++p;
        if (p < t.size() && is_ascii_digit(t[p]) && pos > 0) return true;
    }
    return contains_raw(t, "公网安备"sv) || contains_raw(t, "公網安備"sv) || contains_raw(t, "网安备"sv) ||
           contains_raw(t, "增值电信业务经营许可证"sv) || contains_raw(t, "互联网新闻信息服务许可证"sv) ||
           contains_raw(t, "信息网络传播视听节目许可证"sv) || contains_raw(t, "网络文化经营许可证"sv);
}

bool has_year(sv t) noexcept {
    for (std::size_t i = 0; i + 4 <= t.size(); ++i) {
        if (!is_ascii_digit(t[i]) || (i > 0 && is_ascii_digit(t[i - 1]))) continue;
        if (i + 4 < t.size() && is_ascii_digit(t[i + 4])) continue;
        if (!is_ascii_digit(t[i + 1]) || !is_ascii_digit(t[i + 2]) || !is_ascii_digit(t[i + 3])) continue;
        const int y = (t[i] - '0') * 1000 + (t[i + 1] - '0') * 100 + (t[i + 2] - '0') * 10 + (t[i + 3] - '0');
        if (y >= 1990 && y <= 2100) return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------------
// Share bars

/// Words a share bar is made of: verbs, networks, and the small words between them.
constexpr sv share_words[] = {
    "share", "shares", "shared", "tweet", "teilen", "partager", "partagez", "partage", "compartir", "comparte",
    "compartilhar", "compartilhe", "condividi", "delen", "deel", "udostepnij", "podziel", "sie", "поделиться",
    "facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "reddit", "email", "e", "mail", "telegram",
    "xing", "weibo", "wechat", "qq", "qzone", "print", "drucken", "imprimer", "imprimir", "stampa", "copy", "link",
    "kopieren", "copier", "flipboard", "messenger", "tumblr", "pocket", "mastodon", "bluesky", "threads", "line",
    "vk", "вконтакте", "ok", "одноклассники", "skype", "viber", "sms", "this", "article", "story", "page", "post",
    "on", "via", "per", "auf", "sur", "en", "su", "em", "op", "na", "в", "to", "with", "friends", "artikel",
    "the", "url", "google", "mix", "snapchat", "instagram", "youtube", "rss", "follow", "us", "social", "media",
    "seite", "cet", "article", "esta", "noticia", "questo", "articolo", "dit", "artykul", "this", "mailen",
};
constexpr auto share_words_sorted = sorted(share_words);
constexpr sv share_anchors[] = {
    "share", "shares", "tweet", "teilen", "partager", "partagez", "compartir", "comparte", "compartilhar",
    "compartilhe", "condividi", "delen", "udostepnij", "поделиться", "facebook", "twitter", "whatsapp",
    "linkedin", "pinterest", "reddit", "telegram", "xing", "flipboard",
};
/// CJK pieces of share bars, longest first so that greedy removal takes "分享到" before "分享".
constexpr sv share_cjk[] = {
    "新浪微博", "腾讯微博", "騰訊微博", "qq空间", "qq空間", "微信朋友圈", "朋友圈", "分享到", "分享至", "分享给",
    "分享", "转发", "轉發", "微博", "微信", "豆瓣", "人人网", "一键", "一鍵", "扫一扫", "シェア", "공유하기", "공유",
    "到",
};
constexpr sv share_cjk_anchors[] = {"分享", "转发", "轉發", "微博", "微信", "朋友圈", "シェア", "공유", "qq空间"};

/// Removes known CJK share pieces from the front of w until nothing is left; true when w is made only of them.
bool made_of_cjk_share_words(sv w, bool& anchor) noexcept {
    while (!w.empty()) {
        bool matched = false;
        for (const auto piece : share_cjk) {
            if (w.size() >= piece.size() && w.substr(0, piece.size()) == piece) {
                for (const auto a : share_cjk_anchors) anchor = anchor || piece.find(a) != sv::npos;
                w.remove_prefix(piece.size());
                matched = true;
                break;
            }
        }
        if (!matched) {
            // ASCII network names glued to CJK: "分享到qq", "微信wechat".
            std::size_t k = 0;
            while (k < w.size() && static_cast<unsigned char>(w[k]) < 0x80) ++k;
            if (k == 0) return false;
            if (!in_sorted(w.substr(0, k), share_words_sorted)) return false;
            w.remove_prefix(k);
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------
// Consent

constexpr sv consent_terms[] = {
    "we use", "uses cookies", "use of cookies", "use cookies", "accept", "consent", "agree", "privacy", "policy",
    "settings", "preferences", "datenschutz", "einwilligung", "zustimm", "akzeptier", "einverstanden",
    "verwende", "nutzen", "utilis", "politique", "utiliza", "acept", "polit", "consenso", "accett",
    "informativa", "gebruik", "toestemming", "akkoord", "uzywa", "zgod", "prywatn", "personal data", "partners",
    "browser", "website", "webseite", "site", "experience", "tracking", "analytics", "opt out", "opt-out",
    "gdpr", "используе", "согла", "конфиденц", "использ", "使用", "同意", "隐私", "隱私", "サイト", "利用", "동의",
    "사용", "개인정보",
};
// Lowercase (ASCII) needles, searched in the lowered text; "cmp" and "tcf" are too short to trust.
constexpr sv consent_cookie_words[] = {"cookie", "クッキー", "쿠키", "куки", "Куки", "gdpr", "dsgvo", "rgpd"};
constexpr sv gdpr_consent_words[] = {"consent",  "einwilligung", "consentement", "consentimiento", "consenso",
                                     "zgod",     "согласие",     "toestemming",  "同意",           "동의",
                                     "berechtigtes", "legitimate interest", "interet legitime", "partner"};
constexpr sv gdpr_data_words[] = {"personal data",       "personenbezogene",       "donnees personnelles",
                                  "datos personales",    "dati personali",         "dane osobowe",
                                  "персональн",          "个人信息",               "個人情報",
                                  "legitimate interest", "berechtigtes interesse", "vendors",
                                  "anbieter",            "precise geolocation"};
constexpr auto consent_term_set = winnow::detail::make_phrase_set(consent_terms);
constexpr auto consent_cookie_set = winnow::detail::make_phrase_set(consent_cookie_words);
constexpr auto gdpr_consent_set = winnow::detail::make_phrase_set(gdpr_consent_words);
constexpr auto gdpr_data_set = winnow::detail::make_phrase_set(gdpr_data_words);
// Raw anchors (as written, before lowering): banners mention cookies, consent, partners or data.
constexpr sv consent_anchors[] = {"ookie", "OOKIE", "onsen", "ONSEN", "inwillig", "artner", "zgod", "огласи",
                                  "同意", "동의", "クッキー", "쿠키", "уки", "GDPR", "gdpr", "DSGVO", "RGPD",
                                  "rivacy", "atenschutz", "ccept", "kzeptier", "ccetta", "ceptar", "ceitar",
                                  "ccepter", "ccepteren", "kceptuj", "ринять", "agree", "anage"};
constexpr auto consent_anchor_set = winnow::detail::make_phrase_set(consent_anchors);
constexpr sv consent_buttons[] = {
    "accept all", "accept all cookies", "reject all", "alle akzeptieren", "akzeptieren", "alle ablehnen",
    "tout accepter", "tout refuser", "accepter", "accepter et fermer", "aceptar", "aceptar todo",
    "aceptar todas", "rechazar todo", "accetta", "accetta tutto", "rifiuta tutto", "aceitar", "aceitar todos",
    "alles accepteren", "akceptuje", "zaakceptuj", "принять", "принять все", "manage preferences",
    "manage options", "privacy settings", "datenschutzeinstellungen", "we value your privacy", "i agree",
};

// ---------------------------------------------------------------------------------------------------
// Comments

constexpr sv comment_exact[] = {
    "comments", "comment", "comments are closed", "leave a reply", "leave a comment", "post a comment",
    "add a comment", "add comment", "write a comment", "join the discussion", "join the conversation",
    // Not "discussion", "response", "reply" or "conversation" alone: papers and technical articles use them
    // as section headings of their own.
    "responses", "replies", "reader comments", "show comments",
    "view comments", "load comments", "see comments", "read comments", "view all comments", "show all comments",
    "comment on this article", "comment on this story", "no comments", "no comments yet",
    "be the first to comment", "what do you think", "have your say", "leave a reply cancel reply",
    "kommentare", "kommentar", "kommentieren", "kommentar schreiben", "kommentar verfassen", "leserkommentare",
    "diskussion", "diskutieren sie mit", "jetzt kommentieren", "kommentare anzeigen", "schreibe einen kommentar",
    "commentaires", "commentaire", "laisser un commentaire", "ecrire un commentaire", "reagir", "reactions",
    "vos commentaires", "comentarios", "comentario", "deja un comentario", "deja tu comentario",
    "dejar un comentario", "escribe un comentario", "commenti", "commento", "lascia un commento",
    "scrivi un commento", "deixe um comentario", "deixe seu comentario", "reacties", "reactie",
    "laat een reactie achter", "plaats een reactie", "reageer", "komentarze", "komentarz", "dodaj komentarz",
    "skomentuj", "комментарии", "комментарий", "оставить комментарий", "добавить комментарий", "обсуждение",
    "kommentare lesen", "alle kommentare", "kommentare zum artikel", "comments closed", "post comment",
    "submit comment", "one comment", "one response", "one thought", "leave your comment",
    "user comments", "readers comments", "reader s comments", "your comment", "votre commentaire",
    "ihr kommentar", "tu comentario",
};
constexpr auto comment_exact_sorted = sorted(comment_exact);
constexpr sv comment_prefixes[] = {
    "thoughts on", "thought on", "responses to", "response to", "comments on", "comment on", "one thought on",
    "one response to", "replies to", "kommentare zu", "kommentar zu", "commentaires sur", "comentarios sobre",
    "commenti su", "reacties op", "komentarze do", "comments for", "reactions to", "reacties",
};
constexpr sv comment_cjk[] = {
    "评论", "評論", "网友评论", "網友評論", "发表评论", "發表評論", "我要评论", "我要評論", "全部评论", "全部評論",
    "热门评论", "熱門評論", "最新评论", "最新評論", "评论区", "評論區", "留言", "我要留言", "发表留言", "發表留言",
    "网友留言", "網友留言", "跟帖", "相关评论", "相關評論", "コメント", "コメントする", "コメント一覧", "댓글",
    "댓글쓰기", "의견", "条评论", "條評論", "评论列表", "評論列表", "读者评论", "讀者評論", "精彩评论",
};

// ---------------------------------------------------------------------------------------------------
// Dated headlines

bool is_sentence_end(char32_t c) noexcept { return c == U'。' || c == U'！' || c == U'？' || c == U'.'; }

bool is_bracket_or_separator(char32_t c) noexcept {
    return c == '(' || c == ')' || c == '[' || c == ']' || c == '|' || c == '-' || c == '/' || c == 0x2013 ||
           c == 0x2014 || c == 0xB7 || c == 0x2022 || c == U'【' || c == U'】' || c == U'（' || c == U'）' ||
           c == U'［' || c == U'］' || c == U'｜' || c == U'〔' || c == U'〕' || c == ':' || c == U'：' || c == ',' ||
           c == U'，';
}

sv trim_separators(sv s) noexcept {
    for (;;) {
        s = trim(s);
        if (s.empty()) return s;
        const auto first = decode_at(s, 0);
        if (is_bracket_or_separator(first.value)) {
            s.remove_prefix(first.length);
            continue;
        }
        const std::size_t last = previous_start(s, s.size());
        if (is_bracket_or_separator(decode_at(s, last).value)) {
            s = s.substr(0, last);
            continue;
        }
        return s;
    }
}

struct text_counts {
    std::size_t code_points = 0;
    std::size_t cjk = 0;
    std::size_t words = 0;        ///< runs of non-CJK letters and digits
    std::size_t digits = 0;
    bool sentence_punct = false;  ///< 。！？ or ". " inside
    bool comma = false;
};

text_counts count_text(sv s) noexcept {
    text_counts c;
    bool in_word = false;
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_at(s, i);
        ++c.code_points;
        if (is_cjk(cp.value)) {
            ++c.cjk;
            in_word = false;
        } else if (cp.value < 0x80 ? (is_ascii_alpha(static_cast<char>(cp.value)) || is_ascii_digit(static_cast<char>(cp.value)))
                                   : is_letter(cp.value)) {
            if (!in_word) ++c.words;
            in_word = true;
            if (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value))) ++c.digits;
        } else {
            in_word = false;
        }
        if (cp.value == U'。' || cp.value == U'！' || cp.value == U'？') c.sentence_punct = true;
        if (cp.value == '.' && i + 1 < s.size() && s[i + 1] == ' ') c.sentence_punct = true;
        if (cp.value == U'，' || cp.value == ',' || cp.value == U'；' || cp.value == ';') c.comma = true;
        i += cp.length;
    }
    return c;
}

/// Words a sentence may end with right before a date: "founded on", "会议于", "am".
bool ends_with_preposition(sv head) noexcept {
    static constexpr sv words[] = {"on", "at", "in", "since", "until", "by", "from", "to", "of",
                                              "am", "um", "seit", "bis", "vom", "le", "du", "depuis", "el",
                                              "desde", "il", "dal", "op", "w", "od", "с", "до"};
    static constexpr sv cjk[] = {"于", "於", "在", "至", "到", "从", "從", "截至"};
    for (const auto w : cjk)
        if (head.size() >= w.size() && head.substr(head.size() - w.size()) == w) return true;
    std::size_t b = head.size();
    while (b > 0 && is_ascii_alpha(head[b - 1])) --b;
    if (b == head.size() || (b > 0 && head[b - 1] != ' ')) return false;
    const sv last = head.substr(b);
    for (const auto w : words)
        if (iequals_ascii(last, w)) return true;
    return false;
}

}  // namespace

bool is_related_heading(std::string_view text) {
    const sv t = trim(text);
    if (!short_text(t, 48)) return false;
    folded_key k;
    if (!k.build(t)) return false;
    // "Read more" and "Leer más" end with what is elsewhere decoration ("最新聞 Hot", "Related more"):
    // compare before and after stripping it.
    if (in_sorted(k.view(), related_exact_sorted)) return true;
    const sv key = strip_trailing_decoration(k.view());
    if (key.empty() || count_words(key) > 7) return false;
    if (in_sorted(key, related_exact_sorted)) return true;
    if (key.find(' ') != sv::npos && count_words(key) <= 6 && any_prefix_words(key, related_prefixes)) return true;
    if (!has_non_ascii(key)) return false;
    const compact_key compact(key);
    const sv c = compact.view();
    if (c.size() > 90) return false;
    return in_sorted(c, related_cjk_sorted) || cjk_composed_heading(c);
}

bool is_copyright_line(std::string_view text) {
    const sv t = trim(text);
    if (t.empty() || t.size() > 1600) return false;
    const std::size_t n = count_code_points(t);
    if (n > 400) return false;
    const bool ascii = is_all_ascii(t);
    if (!ascii && (contains_raw(t, "©"sv) || contains_raw(t, "Ⓒ"sv) || contains_raw(t, "ⓒ"sv))) return true;
    if (n > 200) {
        // Paragraph-sized text (a footer block): only the unmistakable marks, written as sites write them;
        // this is also what keeps body paragraphs cheap here.
        if (!copyright_mark_set.contains_any(t)) return false;
    }
    const lowered_text low(t);
    const sv l = low.view();
    if (!copyright_clue_set.contains_any(l)) return false;
    if (has_chinese_licence(l)) return true;
    if (const std::size_t c = l.find("(c)"); c != sv::npos && has_year(l.substr(c))) return true;
    if (copyright_phrase_set.contains_any(l)) return true;
    if (const std::size_t at = l.find("copyright"); at != sv::npos) {
        // "Copyright 2024 Example Inc." and the bare "Copyright" link; an article about copyright law is longer
        // and has no year next to the word.
        if (n <= 60) return true;
        return n <= 250 && has_year(l.substr(at, 24));
    }
    if (n <= 200 && (l.find("creative commons") != sv::npos || l.find("licensed under") != sv::npos ||
                     l.find("cc by") != sv::npos || l.find("cc-by") != sv::npos))
        return true;
    return false;
}

// Lowercase ASCII (accents as written) phrases of calls to act; each is specific enough that a short line
// containing it is the call, not the article.
constexpr sv call_to_action_phrases[] = {
    "newsletter", "sign up", "signing up", "subscribe", "subscription", "subscribers only", "log in to read",
    "to continue reading", "create an account", "create a free account", "download the app", "get the app",
    "was this article helpful", "did you find this article", "rate this article", "share this article",
    "abonnieren", "jetzt registrieren", "registrieren sie sich", "jetzt anmelden", "melden sie sich an",
    "zum weiterlesen", "war der artikel", "war dieser artikel", "hat ihnen der artikel", "artikel teilen",
    "bewerten sie",
    "abonnez-vous", "abonnement", "lire la suite", "inscrivez-vous", "creez un compte", "créez un compte",
    "cet article vous a", "suscríbete", "suscribete", "suscribirse", "regístrate", "registrate",
    "iscriviti", "abbonati", "subskrypcj", "prenumerat", "zapisz się", "zaloguj się",
    "подпишитесь", "подписаться",
};

constexpr auto call_to_action_set = winnow::detail::make_phrase_set(call_to_action_phrases);

bool is_call_to_action(std::string_view text) {
    const sv t = trim(text);
    if (t.empty() || t.size() > 320) return false;
    // Lowercase ASCII once; then one pass finds any phrase. (A non-ASCII phrase is matched as written,
    // which lowercasing ASCII letters does not disturb.)
    char lowered[320];
    for (std::size_t i = 0; i < t.size(); ++i) lowered[i] = ascii_lower(t[i]);
    return call_to_action_set.contains_any(sv(lowered, t.size()));
}

bool is_share_text(std::string_view text) {
    const sv t = trim(text);
    if (!short_text(t, 120)) return false;
    folded_key k;
    if (!k.build(t)) return false;
    const sv key = k.view();
    if (key.empty()) return false;
    word_iterator it(key);
    std::size_t words = 0;
    bool anchor = false;
    for (sv w = it.next(); !w.empty(); w = it.next()) {
        if (++words > 16) return false;
        if (all_digits(w) || w == "k" || w == "m") continue;   // share counts: "1.2k"
        const bool known = in_sorted(w, share_words_sorted);
        if (has_non_ascii(w) && !known) {
            if (!made_of_cjk_share_words(w, anchor)) return false;
            continue;
        }
        if (!known) return false;
        anchor = anchor || any_equal(w, share_anchors);
    }
    return anchor;
}

bool is_consent_text(std::string_view text) {
    const sv t = trim(text);
    if (t.empty() || t.size() > 6000) return false;
    const std::size_t n = count_code_points(t);
    if (n > 1500) return false;
    // Raw anchors first: most text mentions none.
    if (!consent_anchor_set.contains_any(t)) return false;
    const lowered_text low(t);
    const sv l = low.view();
    if (consent_cookie_set.contains_any(l)) {
        // Buttons and headings: "Cookie settings", "Accept all cookies", "Cookie-Einstellungen".
        if (n <= 40) {
            folded_key k;
            if (k.build(t) && count_words(k.view()) <= 4) return true;
        }
        return consent_term_set.contains_any(l);
    }
    if (n <= 60) {
        folded_key k;
        if (k.build(t) && any_equal(k.view(), consent_buttons)) return true;
    }
    if (n < 40) return false;
    return gdpr_consent_set.contains_any(l) && gdpr_data_set.contains_any(l);
}

bool is_comment_heading(std::string_view text) {
    const sv t = trim(text);
    if (!short_text(t, 60)) return false;
    folded_key k;
    if (!k.build(t)) return false;
    // Drop counts anywhere: "12 comments", "Comments (12)", "评论 (3)".
    std::array<char, folded_key::capacity + 8> buf;
    std::size_t size = 0;
    word_iterator it(k.view());
    std::size_t words = 0;
    for (sv w = it.next(); !w.empty(); w = it.next()) {
        if (all_digits(w)) continue;
        if (++words > 8) return false;
        if (size > 0) buf[size++] = ' ';
        for (const char c : w) buf[size++] = c;
    }
    const sv key(buf.data(), size);
    if (key.empty()) return false;
    if (in_sorted(key, comment_exact_sorted)) return true;
    if (any_prefix_words(key, comment_prefixes)) return true;
    if (!has_non_ascii(key)) return false;
    // CJK counts are glued to their words ("共12条评论"): drop the digits, then the counter word "共".
    std::array<char, folded_key::capacity + 8> cbuf;
    std::size_t csize = 0;
    for (const char ch : key)
        if (ch != ' ' && !is_ascii_digit(ch)) cbuf[csize++] = ch;
    sv c(cbuf.data(), csize);
    if (c.substr(0, 3) == "共") c.remove_prefix(3);
    return any_equal(c, comment_cjk);
}

bool is_dated_headline(std::string_view text) {
    const sv t = trim(text);
    if (!short_text(t, 200)) return false;
    for (std::size_t from = 0; from < t.size();) {
        const auto stamp = find_stamp_span(t, from);
        if (!stamp) return false;
        from = stamp->end;
        const sv raw_head = trim(t.substr(0, stamp->begin));
        const sv head = trim_separators(raw_head);
        const sv tail = trim_separators(t.substr(stamp->end));
        if (head.empty()) continue;
        // A bare time must stand apart from the headline ("… 22:54"), not be glued to a word or number.
        if (!stamp->has_date) {
            const char32_t before = decode_at(t, previous_start(t, stamp->begin)).value;
            if (is_letter(before) || (before < 0x80 && is_ascii_digit(static_cast<char>(before)))) continue;
        }
        const text_counts hc = count_text(head);
        if (hc.code_points < 5 || hc.code_points > 150) continue;
        if (hc.cjk < 5 && hc.words < 3) continue;
        if (hc.sentence_punct) continue;
        if (is_sentence_end(decode_at(head, previous_start(head, head.size())).value)) continue;
        if (ends_with_preposition(raw_head)) continue;
        if (tail.empty()) return true;
        const text_counts tc = count_text(tail);
        if (tc.sentence_punct || tc.comma) continue;
        if (tc.code_points > 30 || tc.cjk > 12 || tc.words > 4) continue;
        // The tail is a channel name, not more of a sentence: it has no trailing full stop either.
        if (is_sentence_end(decode_at(tail, previous_start(tail, tail.size())).value)) continue;
        return true;
    }
    return false;
}

}  // namespace winnow::signals
