// winnow/text_signals.hpp — recognisers for what a line of text is: a date, a byline, an editor credit, a
// "related" heading, a copyright line, a share bar, a consent banner, a dated headline.
//
// These are the language knowledge of the classifier, shared by HTML mode and text mode. They work on one
// block's text (UTF-8, whitespace already folded), know simplified and traditional Chinese, Japanese,
// Korean, English, German, French, Spanish, Italian, Portuguese, Dutch, Polish and Russian, and never
// allocate more than their result.
//
//     winnow::signals::find_date("最后更新: 2024-05-09 00:11:46")    // "2024-05-09T00:11:46"
//     winnow::signals::parse_editor_credit("責任編輯: 呂棟")        // "呂棟"
//     winnow::signals::is_related_heading("相關推薦")                // true
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::signals {

/// The first date in free text, as ISO 8601 ("2024-05-09", or "2024-05-09T00:11:46" when a time follows).
/// Knows "2024年5月9日", "2024-05-09 00:11:46", "2024/5/9", "2024.05.09", "09.05.2024", "9 May 2024",
/// "May 9, 2024", "9. Mai 2024", "9 mai 2024", "9 maja 2024", "9 мая 2024", and their kin; rejects
/// impossible dates.
[[nodiscard]] std::optional<std::string> find_date(std::string_view text);

/// A machine date from markup ("2024-05-09T00:11:46+08:00", "20240509", "Thu, 09 May 2024 00:11:46 GMT")
/// as ISO 8601 in the form find_date returns; free text falls back to find_date.
[[nodiscard]] std::optional<std::string> normalize_date(std::string_view value);

struct byline {
    std::vector<std::string> authors;
    std::optional<std::string> date;   ///< when the line also carries a date
};

/// A short line that names the article's authors: "By Jane Doe and John Roe", "Von Max Muster",
/// "Par Jean Dupont", "作者：张三", "记者 李四", "文/王五", "呂棟lvdong@guancha.cn" (a name run together
/// with its e-mail address). Not an editor credit, not a sentence of body text. A dateline, a date with
/// nothing but labels beside it ("Published: 9 May 2024", "发布时间：2024-05-09 来源：新华网"), is byline
/// material too: it comes back with no authors and its date.
[[nodiscard]] std::optional<byline> parse_byline(std::string_view text);

/// The editor named by an editor credit: "责任编辑：吕栋", "責任編輯: 呂棟", "编辑：…", "(Editing by …)",
/// "Reporting by …; Editing by …", "Redaktion: …", "Редактор: …". Empty name if the credit names none.
[[nodiscard]] std::optional<std::string> parse_editor_credit(std::string_view text);

/// A heading (or short line) that introduces a list of other articles: "相关推荐", "相關推薦", "最新聞 Hot",
/// "热门文章", "Related", "Read more", "More from …", "Recommended", "Latest news", "Mehr zum Thema",
/// "Lesen Sie auch", "À lire aussi", "Zobacz też", "Читайте также", "関連記事", "관련 기사", …
[[nodiscard]] bool is_related_heading(std::string_view text);

/// Copyright and licence lines: "©", "(c) 2024", "All rights reserved", "版权所有", "版權所有",
/// ICP licence numbers ("京ICP备12345678号", "粤ICP證…"), "京公网安备…", "Alle Rechte vorbehalten", ….
[[nodiscard]] bool is_copyright_line(std::string_view text);

/// Share and social bars: "Share", "Tweet", "分享到", "Teilen", "Partager", "Facebook Twitter WhatsApp", ….
[[nodiscard]] bool is_share_text(std::string_view text);

/// Cookie and consent banners.
[[nodiscard]] bool is_consent_text(std::string_view text);

/// Calls to act that are not the article: subscribe to a newsletter, sign up, get the app, log in to read on,
/// rate or share this article ("Never miss the latest news by signing up to our newsletter today!",
/// "War der Artikel nützlich?", "Pour lire la suite, créez un compte"). Short lines only.
[[nodiscard]] bool is_call_to_action(std::string_view text);

/// Headings and counters of comment sections: "Comments", "12 comments", "评论", "Kommentare", "Leave a reply".
[[nodiscard]] bool is_comment_heading(std::string_view text);

/// A headline followed by a timestamp and, optionally, a short channel name:
/// "王炸芯片，难再成苹果救星 2024-05-08 18:18 观网财经-科创". Three or more siblings like this make a
/// dated-headline list.
[[nodiscard]] bool is_dated_headline(std::string_view text);

/// Text mode: removes the pinyin residue of flattened ruby markup — a Han character followed by a
/// parenthesised pinyin syllable with a tone mark, "英偉達(dá)" → "英偉達" — and nothing else.
[[nodiscard]] std::string remove_pinyin_residue(std::string_view line);

/// The language of a text as a primary BCP 47 subtag ("zh", "ja", "ko", "en", "de", "fr", "ru", …), from
/// its scripts and its most common words; empty when unsure.
[[nodiscard]] std::string guess_language(std::string_view text);

/// A <title> without the site name: "Title | Site" → "Title", "Title - Site" → "Title", "Site：Title" when
/// the site name is known, "Title_Site_Channel" for Chinese portals.
[[nodiscard]] std::string strip_site_name(std::string_view title, std::string_view site_name = {});

}  // namespace winnow::signals
