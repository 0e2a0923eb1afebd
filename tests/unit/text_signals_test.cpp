// Unit tests of winnow/text_signals.hpp: the classifier's language knowledge.
#include "winnow/text_signals.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace winnow::signals;
using strings = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------------
// find_date

struct date_case {
    const char* text;
    const char* iso;
};

TEST(FindDate, KnowsTheDocumentedForms) {
    const date_case cases[] = {
        {"最后更新: 2024-05-09 00:11:46", "2024-05-09T00:11:46"},
        {"2024年5月9日", "2024-05-09"},
        {"2024年05月09日 00:11", "2024-05-09T00:11:00"},
        {"2024年5月9日10:30", "2024-05-09T10:30:00"},
        {"2024/5/9", "2024-05-09"},
        {"2024.05.09", "2024-05-09"},
        {"09.05.2024", "2024-05-09"},
        {"9.5.2024", "2024-05-09"},
        {"9 May 2024", "2024-05-09"},
        {"May 9, 2024", "2024-05-09"},
        {"May 9th, 2024", "2024-05-09"},
        {"Jan. 9, 2024", "2024-01-09"},
        {"9. Mai 2024", "2024-05-09"},
        {"9 mai 2024", "2024-05-09"},
        {"9 maja 2024", "2024-05-09"},
        {"9 мая 2024", "2024-05-09"},
        {"9 Мая 2024 г.", "2024-05-09"},
        {"15. März 2023", "2023-03-15"},
        {"15 mars 2023", "2023-03-15"},
        {"1er mai 2024", "2024-05-01"},
        {"9 de mayo de 2024", "2024-05-09"},
        {"9 de maio de 2024", "2024-05-09"},
        {"9 maggio 2024", "2024-05-09"},
        {"9 mei 2024", "2024-05-09"},
        {"12 sierpnia 2023", "2023-08-12"},
        {"3 października 2023", "2023-10-03"},
        {"Donnerstag, 9. Mai 2024, 14:30 Uhr", "2024-05-09T14:30:00"},
        {"Thursday, May 9, 2024 at 12:30 PM", "2024-05-09T12:30:00"},
        {"May 9, 2024 12:30 a.m.", "2024-05-09T00:30:00"},
        {"jeudi 9 mai 2024 à 10h30", "2024-05-09T10:30:00"},
        {"Published 09 May 2024 00:11:46 GMT", "2024-05-09T00:11:46"},
        {"Veröffentlicht am 09.05.24", "2024-05-09"},
        {"2024년 5월 9일", "2024-05-09"},
        {"2024. 5. 9. 14:20", "2024-05-09T14:20:00"},
        {"5/9/2024", "2024-05-09"},
        {"25/12/2023", "2023-12-25"},
        {"29 February 2024", "2024-02-29"},
        {"2024-05-09T00:11", "2024-05-09T00:11:00"},
        {"发布时间：2024-05-08 22:54 来源：观察者网", "2024-05-08T22:54:00"},
        {"2024年5月9日 下午3:05", "2024-05-09T15:05:00"},
        {"1. listopadu 2021", "2021-11-01"},
        {"2023 Jan 7;15(1):e33475", "2023-01-07"},          // a bibliographic date: year, month, day
        {"2023 Jan. 7", "2023-01-07"},
        {"11-29-2024, 09:03 AM", "2024-11-29T09:03:00"},   // dashes in the US order, where day-first is impossible
        {"09-05-2024", "2024-05-09"},                      // ... and day-first where both are possible
        {"By Ann GiuffridaMar 5, 2025", "2025-03-05"},     // a name glued to the month by the layout
    };
    for (const auto& c : cases) {
        const auto d = find_date(c.text);
        ASSERT_TRUE(d.has_value()) << c.text;
        EXPECT_EQ(*d, c.iso) << c.text;
    }
}

TEST(FindDate, RejectsImpossibleAndAmbiguousDates) {
    for (const char* text : {"2024-13-01", "2024-02-30", "30 February 2024", "31.04.2024", "2023-02-29",
                             "1.2.3.4", "version 2.10.12", "ISBN 978-3-16-148410-0", "A380 and 737",
                             "5/9/24", "Call 030-12345678", "1715213506", "in 1850 the city", "May 2024",
                             "the year 2024", "Section 2024.5", "no digits here", "", "9 May 1850"}) {
        EXPECT_FALSE(find_date(text).has_value()) << text;
    }
}

TEST(FindDate, TakesTheFirstDateAndIgnoresBadTimes) {
    EXPECT_EQ(find_date("Updated 10 May 2024, first published 9 May 2024"), "2024-05-10");
    EXPECT_EQ(find_date("2024-05-09 25:61"), "2024-05-09");
    EXPECT_EQ(find_date("May 9, 2024 13:00 PM"), "2024-05-09");
    EXPECT_EQ(find_date("Posted on 2024-05-09 by admin"), "2024-05-09");
}

TEST(NormalizeDate, ReadsMachineDates) {
    EXPECT_EQ(normalize_date("2024-05-09T00:11:46+08:00"), "2024-05-09T00:11:46");
    EXPECT_EQ(normalize_date("2024-05-09T00:11:46.123Z"), "2024-05-09T00:11:46");
    EXPECT_EQ(normalize_date("2024-05-09T00:11:46-0400"), "2024-05-09T00:11:46");
    EXPECT_EQ(normalize_date("2024-05-09T00:11"), "2024-05-09T00:11:00");
    EXPECT_EQ(normalize_date("2024-05-09"), "2024-05-09");
    EXPECT_EQ(normalize_date(" 2024-05-09 00:11:46 "), "2024-05-09T00:11:46");
    EXPECT_EQ(normalize_date("20240509"), "2024-05-09");
    EXPECT_EQ(normalize_date("20240509001146"), "2024-05-09T00:11:46");
    EXPECT_EQ(normalize_date("Thu, 09 May 2024 00:11:46 GMT"), "2024-05-09T00:11:46");
    EXPECT_EQ(normalize_date("Thu, 9 May 2024 00:11:46 +0000"), "2024-05-09T00:11:46");
    EXPECT_EQ(normalize_date("May 9, 2024"), "2024-05-09");
    EXPECT_EQ(normalize_date("1975-06-01"), "1975-06-01");
}

TEST(NormalizeDate, RejectsWhatIsNotADate) {
    for (const char* v : {"", "   ", "1715213506", "1715213506000", "20241332", "2024-05", "yesterday",
                          "2024-02-30T10:00:00Z", "0", "NaN"}) {
        EXPECT_FALSE(normalize_date(v).has_value()) << v;
    }
}

// ---------------------------------------------------------------------------------------------------
// parse_byline

void expect_byline(const char* text, const strings& authors, const char* date = nullptr) {
    const auto b = parse_byline(text);
    ASSERT_TRUE(b.has_value()) << text;
    EXPECT_EQ(b->authors, authors) << text;
    if (date) {
        EXPECT_EQ(b->date, std::optional<std::string>(date)) << text;
    } else {
        EXPECT_FALSE(b->date.has_value()) << text;
    }
}

TEST(ParseByline, ReadsLabelledBylines) {
    expect_byline("By Jane Doe and John Roe", {"Jane Doe", "John Roe"});
    expect_byline("By Jane Doe", {"Jane Doe"});
    expect_byline("by Jane Doe", {"Jane Doe"});
    expect_byline("BY JANE DOE", {"JANE DOE"});
    expect_byline("By JANE DOE", {"JANE DOE"});
    expect_byline("By Jane Doe, Reuters", {"Jane Doe"});
    expect_byline("By Jane Doe, John Roe and Max Muster", {"Jane Doe", "John Roe", "Max Muster"});
    expect_byline("By Jane Doe & John Roe", {"Jane Doe", "John Roe"});
    expect_byline("Written by Jane Doe", {"Jane Doe"});
    expect_byline("Von Max Muster", {"Max Muster"});
    expect_byline("Von Max Muster und Erika Mustermann", {"Max Muster", "Erika Mustermann"});
    expect_byline("Par Jean Dupont", {"Jean Dupont"});
    expect_byline("Por María García", {"María García"});
    expect_byline("Di Mario Rossi", {"Mario Rossi"});
    expect_byline("Door Jan de Vries", {"Jan de Vries"});
    expect_byline("Autor: Jan Kowalski", {"Jan Kowalski"});
    expect_byline("Author: Jane Doe", {"Jane Doe"});
    expect_byline("Автор: Иван Петров", {"Иван Петров"});
    expect_byline("Posted by admin", {"admin"});
    expect_byline("By Ursula von der Leyen", {"Ursula von der Leyen"});
    // Parts after a dot or bullet of any kind are roles and dates: middle dot, bullet, dot operator.
    expect_byline("By Jane Doe · Staff Writer", {"Jane Doe"});
    expect_byline("By Jane Doe • Staff Writer", {"Jane Doe"});
    expect_byline("By Jane Doe ⋅ Review Editor ⋅ Updated November 18, 2025", {"Jane Doe"}, "2025-11-18");
}

// Credentials and agencies qualify the names beside them; they are no names of their own. Each row: the
// line as pages write it, the names it holds.
TEST(ParseByline, CredentialsAndAgenciesAreNotNames) {
    const std::pair<const char*, std::vector<std::string>> cases[] = {
        {"By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER Associated Press",
         {"LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"}},
        {"By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER\nAssociated Press",
         {"LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"}},
        {"By Jane Doe and John Roe The Associated Press", {"Jane Doe", "John Roe"}},
        {"By Jane Doe and John Roe Reuters", {"Jane Doe", "John Roe"}},
        {"By Jane Doe, MD, and John Roe, PhD", {"Jane Doe", "John Roe"}},
        {"By Jane Doe and John Staff", {"Jane Doe", "John Staff"}},   // a surname, not a desk
    };
    for (const auto& [text, names] : cases) expect_byline(text, names);
}

TEST(ParseByline, ReadsChineseAndJapaneseBylines) {
    expect_byline("作者：张三", {"张三"});
    expect_byline("作者: 張三", {"張三"});
    expect_byline("记者 李四", {"李四"});
    expect_byline("記者 李四", {"李四"});
    expect_byline("本报记者 李四", {"李四"});
    expect_byline("新华社记者 王建宏 张文攀", {"王建宏", "张文攀"});
    expect_byline("本报实习生 刘国栋 周炜", {"刘国栋", "周炜"});
    expect_byline("文/王五", {"王五"});
    expect_byline("文|王五", {"王五"});
    expect_byline("撰文：赵六", {"赵六"});
    expect_byline("来源：新华网 作者：张三", {"张三"});
    expect_byline("记者李四报道", {"李四"});
    expect_byline("作者：李四、王五", {"李四", "王五"});
    expect_byline("呂棟lvdong@guancha.cn", {"呂棟"});
    expect_byline("홍길동 기자", {"홍길동"});
}

TEST(ParseByline, CarriesTheDateOfTheLine) {
    expect_byline("By Jane Doe | May 9, 2024", {"Jane Doe"}, "2024-05-09");
    expect_byline("By Jane Doe, Reuters  May 9, 2024 10:00 AM EDT", {"Jane Doe"}, "2024-05-09T10:00:00");
    expect_byline("By Jane Doe on May 9, 2024", {"Jane Doe"}, "2024-05-09");
    expect_byline("Von Max Muster, 9. Mai 2024", {"Max Muster"}, "2024-05-09");
    expect_byline("2024-05-08 22:54 来源：观察者网 作者：呂棟", {"呂棟"}, "2024-05-08T22:54:00");
    expect_byline("作者：张三 2024-05-09", {"张三"}, "2024-05-09");
    expect_byline("9. Mai 2024 von Max Muster", {"Max Muster"}, "2024-05-09");
}

TEST(ParseByline, ReadsDatelinesWithoutAuthors) {
    expect_byline("Published: 9 May 2024", {}, "2024-05-09");
    expect_byline("发布时间：2024-05-09 10:00 来源：新华网", {}, "2024-05-09T10:00:00");
    expect_byline("May 9, 2024", {}, "2024-05-09");
}

TEST(ParseByline, RejectsBodySentencesAndOtherLines) {
    for (const char* text : {
             "By the way, I think this is wrong.",
             "By Monday, the company will have announced its results to the shareholders.",
             "By 2030 the city plans to double its bike lanes.",
             "By far the largest share of the budget goes to defence.",
             "Von Berlin aus fährt der Zug weiter nach Hamburg.",
             "Par ailleurs, le gouvernement a annoncé de nouvelles mesures.",
             "Di solito il treno arriva in orario.",
             "Por favor",
             "记者从市教育局获悉，今年全市中考报名人数再创新高。",
             "据新华社记者张三报道，今年的会议在北京举行。",
             "责任编辑：吕栋",
             "Editing by Mark Potter",
             "The weather was nice and everyone enjoyed the day at the lake.",
             "Contact us at info@example.com",
             "",
             "Politics | Economy | Sport",
         }) {
        EXPECT_FALSE(parse_byline(text).has_value()) << text;
    }
}

TEST(ParseByline, NeverReturnsUrlsOrEmails) {
    const auto b = parse_byline("By Jane Doe jane@example.com");
    if (b) {
        for (const auto& a : b->authors) EXPECT_EQ(a.find('@'), std::string::npos) << a;
    }
}

// ---------------------------------------------------------------------------------------------------
// parse_editor_credit

TEST(ParseEditorCredit, ReadsCredits) {
    const std::pair<const char*, const char*> cases[] = {
        {"责任编辑：吕栋", "吕栋"},
        {"責任編輯: 呂棟", "呂棟"},
        {"(责任编辑：吕栋)", "吕栋"},
        {"（责任编辑：吕栋）", "吕栋"},
        {"【责任编辑：吕栋】", "吕栋"},
        {"[责任编辑：吕栋]", "吕栋"},
        {"责编：张三", "张三"},
        {"编辑：李四", "李四"},
        {"編輯：李四", "李四"},
        {"编辑 李四", "李四"},
        {"（松花江网编辑 孙桂芳）", "孙桂芳"},
        {"新华社编辑：王五", "王五"},
        {"文章来源：新华网 责任编辑：王五", "王五"},
        {"责任编辑：李四 审核：王五", "李四"},
        {"Editing by Mark Potter", "Mark Potter"},
        {"Edited by Jane Doe.", "Jane Doe"},
        {"(Reporting by Jane Doe; Editing by Mark Potter)", "Mark Potter"},
        {"Reporting by Jane Doe in London and John Roe in Paris; Editing by Mark Potter and Alex Richardson",
         "Mark Potter and Alex Richardson"},
        {"Redaktion: Max Muster", "Max Muster"},
        {"Redakteur: Max Muster", "Max Muster"},
        {"Редактор: Иван Петров", "Иван Петров"},
        {"Rédaction : Jean Dupont", "Jean Dupont"},
        {"Edición: María García", "María García"},
        {"Editor: Jane Doe", "Jane Doe"},
    };
    for (const auto& [text, name] : cases) {
        const auto e = parse_editor_credit(text);
        ASSERT_TRUE(e.has_value()) << text;
        EXPECT_EQ(*e, name) << text;
    }
}

TEST(ParseEditorCredit, EmptyNameWhenTheCreditNamesNone) {
    EXPECT_EQ(parse_editor_credit("责任编辑："), std::optional<std::string>(""));
    EXPECT_EQ(parse_editor_credit("(责任编辑：)"), std::optional<std::string>(""));
    EXPECT_EQ(parse_editor_credit("Edited by"), std::optional<std::string>(""));
}

TEST(ParseEditorCredit, RejectsBodySentences) {
    for (const char* text : {
             "The book, edited by John Smith, was published in 2019 and sold well.",
             "She worked as an editor for twenty years before she retired to the coast.",
             "他担任编辑多年，对新闻行业有深刻理解。",
             "本报编辑部收到大量读者来信。",
             "Editor's note: this article was updated.",
             "By Jane Doe",
             "",
         }) {
        EXPECT_FALSE(parse_editor_credit(text).has_value()) << text;
    }
}

// ---------------------------------------------------------------------------------------------------
// Headings

TEST(IsRelatedHeading, KnowsTheHeadingsOfManyLanguages) {
    for (const char* text : {
             "相关推荐", "相關推薦", "相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "推荐阅读", "推薦閱讀", "热门推荐",
             "熱門推薦", "最新", "最新聞", "最新聞 Hot", "最新新闻", "最新消息", "热点", "熱點", "热门", "熱門", "热门文章",
             "猜你喜欢", "更多", "相关新闻", "相關新聞", "相关文章", "相關文章", "【相关阅读】", "相关新闻 更多>>",
             "関連記事", "関連ニュース", "おすすめ", "人気記事", "最新記事", "관련기사", "관련 기사", "많이 본 뉴스",
             "최신 뉴스", "Related", "Related:", "RELATED", "Related articles", "Related Stories", "Related posts",
             "Related content", "Related coverage", "Read more", "Read next", "More from Reuters",
             "More from The Guardian", "More stories", "More on this", "Recommended", "Recommended for you",
             "You may also like", "You might also like", "Most popular", "Most read", "Trending", "Latest news",
             "Latest", "Top stories", "Hot", "See also", "Further reading", "» Read more", "Related »",
             "Mehr zum Thema", "Mehr zum Thema Brexit", "Lesen Sie auch", "Lesen Sie auch:", "Auch interessant",
             "Das könnte Sie auch interessieren", "Weitere Artikel", "Verwandte Artikel", "Meistgelesen",
             "Neueste Artikel", "Top-Themen", "À lire aussi", "A lire aussi", "Lire aussi", "Sur le même sujet",
             "Articles similaires", "Les plus lus", "Dernières actualités", "Noticias relacionadas",
             "Te puede interesar", "Leer más", "Articoli correlati", "Leggi anche", "Leia também",
             "Notícias relacionadas", "Lees ook", "Gerelateerde artikelen", "Zobacz też", "Zobacz także",
             "Czytaj także", "Czytaj też", "Polecane", "Najnowsze", "Читайте также", "Похожие статьи",
             "Последние новости", "ЧИТАЙТЕ ТАКЖЕ:",
         }) {
        EXPECT_TRUE(is_related_heading(text)) << text;
    }
}

TEST(IsRelatedHeading, RejectsBodyTextAndOtherHeadings) {
    for (const char* text : {
             "The related question is whether the court will accept the appeal at all.",
             "Latest iPhone review shows the battery lasts two days under normal use",
             "最新研究发现，每天步行一万步可以显著降低心血管疾病风险。",
             "最新研究发现",
             "Introduction", "Comments", "Share", "", "Related party transactions rose sharply in 2023 and 2024",
             "更多的人选择在家办公", "Lesen Sie auch, was die Experten sagen und warum das wichtig ist für alle",
             // A product's specification labels, not a box of other articles.
             "Recommended Daily Usage", "Recommended power level",
         }) {
        EXPECT_FALSE(is_related_heading(text)) << text;
    }
}

TEST(IsCopyrightLine, KnowsCopyrightAndLicenceLines) {
    for (const char* text : {
             "© 2024 Example Inc.", "©2024 Example", "(c) 2024 Example Media", "Copyright 2024 Example Inc.",
             "Copyright © Example", "All rights reserved.", "Alle Rechte vorbehalten.", "Tous droits réservés",
             "Todos los derechos reservados", "Tutti i diritti riservati", "Wszelkie prawa zastrzeżone",
             "Все права защищены", "版权所有 © 2024 观察者网", "版權所有", "京ICP备05070218号", "沪ICP证030408号",
             "粤ICP備12345678號", "京公网安备 11010502030143号", "Copyright", "著作権", "무단전재 및 재배포 금지",
             "网站备案：京ICP备05070218号 京公网安备 11010502030143号 违法和不良信息举报电话：010-12345678",
             "This work is licensed under a Creative Commons Attribution 4.0 International License.",
         }) {
        EXPECT_TRUE(is_copyright_line(text)) << text;
    }
    for (const char* text : {
             "Copyright law in the European Union has changed considerably over the last decades, and the new "
             "directive will affect how platforms handle uploads of protected works by their users.",
             "The reserved seats were all taken.", "", "Publishers and authors argued about the rights for years.",
         }) {
        EXPECT_FALSE(is_copyright_line(text)) << text;
    }
}

TEST(IsShareText, KnowsShareBars) {
    for (const char* text : {"Share", "Tweet", "Share this article", "Share on Facebook", "Facebook Twitter WhatsApp",
                             "Facebook Twitter LinkedIn E-Mail", "Teilen", "Partager", "Compartir", "Condividi",
                             "分享到", "分享到：微信 微博 QQ空间", "分享到微信朋友圈", "Share 12", "Udostępnij",
                             "Поделиться", "シェア", "공유하기", "Share Tweet Email Print"}) {
        EXPECT_TRUE(is_share_text(text)) << text;
    }
    for (const char* text : {"He shared the photo on Facebook with his friends yesterday.", "Email", "Print",
                             "Facebook announced new features for its users", "", "Share prices fell sharply"}) {
        EXPECT_FALSE(is_share_text(text)) << text;
    }
}

TEST(IsConsentText, KnowsConsentBanners) {
    for (const char* text : {
             "We use cookies to improve your experience on our website. By continuing you agree to our use of "
             "cookies.",
             "Diese Website verwendet Cookies. Wenn Sie die Website weiter nutzen, stimmen Sie der Verwendung zu.",
             "Nous utilisons des cookies pour améliorer votre expérience.",
             "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
             "Cookie settings", "Accept all cookies", "Accept all", "Alle akzeptieren",
             "We and our partners store and access information on a device, such as cookies, and process personal "
             "data.",
             "We value your privacy",
             "本网站使用Cookie以提升您的浏览体验，继续使用即表示您同意。",
             "Мы используем файлы cookie, чтобы сайт работал лучше.",
         }) {
        EXPECT_TRUE(is_consent_text(text)) << text;
    }
    for (const char* text : {"Bake the cookies for twelve minutes until golden.", "Privacy Policy", "",
                             "The committee gave its consent to the new building plan last week."}) {
        EXPECT_FALSE(is_consent_text(text)) << text;
    }
}

TEST(IsCommentHeading, KnowsCommentHeadings) {
    for (const char* text : {"Comments", "12 comments", "Comments (12)", "1 Comment", "Leave a reply",
                             "Leave a Reply", "Leave a comment", "Kommentare", "3 Kommentare", "Commentaires",
                             "Comentarios", "Commenti", "Komentarze", "Комментарии", "评论", "評論", "网友评论",
                             "发表评论", "我要评论", "共12条评论", "コメント", "댓글", "Join the discussion",
                             "5 thoughts on “My Post”", "One thought on “Hello world”", "Reacties"}) {
        EXPECT_TRUE(is_comment_heading(text)) << text;
    }
    for (const char* text : {"The comments he made last week caused an outcry among the members.",
                             "Related", "", "No comment on this from the ministry, a spokesman said on Friday"}) {
        EXPECT_FALSE(is_comment_heading(text)) << text;
    }
}

TEST(IsDatedHeadline, KnowsHeadlineTimestampLines) {
    for (const char* text : {
             "王炸芯片，难再成苹果救星 2024-05-08 18:18 观网财经-科创",
             "王炸芯片,難再成蘋果救星 2024-05-08 18:18 觀網財經-科創",
             "昔日頂流基金經理蔡嵩松行賄、受賄案已當庭宣判 2024-05-08 22:54",
             "昔日顶流基金经理蔡嵩松行贿、受贿案已当庭宣判 2024-05-08 22:54 国企备忘录",
             "央行：继续实施稳健的货币政策 05-08 18:18",
             "央行继续实施稳健的货币政策 2024年5月8日 18:18",
             "央行继续实施稳健的货币政策 18:18",
             "Apple unveils its new iPad lineup 2024-05-08 18:18",
             "Apple unveils its new iPad lineup (2024-05-08)",
             "觀網財經：美聯儲維持利率不變 2024-05-08 觀網財經-金融",
         }) {
        EXPECT_TRUE(is_dated_headline(text)) << text;
    }
    for (const char* text : {
             "据悉，该公司于2024-05-08 18:18发布公告称，将于下月召开股东大会。",
             "The company said on 2024-05-08 that it would cut 1,000 jobs across its European operations.",
             "The company was founded on May 8, 2024.",
             "2024-05-08 18:18",
             "会议定于 18:18 开始",
             "短 2024-05-08",
             "",
         }) {
        EXPECT_FALSE(is_dated_headline(text)) << text;
    }
}

// ---------------------------------------------------------------------------------------------------
// remove_pinyin_residue

TEST(RemovePinyinResidue, RemovesToneMarkedSyllablesAfterHan) {
    EXPECT_EQ(remove_pinyin_residue("英偉達(dá)"), "英偉達");
    EXPECT_EQ(remove_pinyin_residue("英(yīng)偉(wěi)達(dá)發布新品"), "英偉達發布新品");
    EXPECT_EQ(remove_pinyin_residue("数据(jù)显示"), "数据显示");
    EXPECT_EQ(remove_pinyin_residue("报(bào)道"), "报道");
    EXPECT_EQ(remove_pinyin_residue("绿(lǜ)色"), "绿色");
    EXPECT_EQ(remove_pinyin_residue("增长(zhǎng)"), "增长");
    EXPECT_EQ(remove_pinyin_residue("还(huán)款"), "还款");
    EXPECT_EQ(remove_pinyin_residue("英偉達（dá）"), "英偉達");
}

TEST(RemovePinyinResidue, KeepsEverythingElse) {
    for (const char* text : {"其中(这个比例是)很高", "人工智能(AI)", "报告(2024)", "英偉達 (dá)", "Nvidia (dá)",
                             "数据(ju)显示", "数据(jù xian)显示", "(dá)开头", "数据(Dá)", ""}) {
        EXPECT_EQ(remove_pinyin_residue(text), text) << text;
    }
}

// ---------------------------------------------------------------------------------------------------
// guess_language

TEST(GuessLanguage, ReadsScripts) {
    EXPECT_EQ(guess_language("王炸芯片，难再成苹果救星"), "zh");
    EXPECT_EQ(guess_language("昔日頂流基金經理蔡嵩松行賄、受賄案已當庭宣判"), "zh");
    EXPECT_EQ(guess_language("東京で新しいビルが完成しました"), "ja");
    EXPECT_EQ(guess_language("서울에서 새로운 건물이 완공되었습니다"), "ko");
    EXPECT_EQ(guess_language("Президент заявил, что экономика растёт"), "ru");
    EXPECT_EQ(guess_language("Президент заявив, що економіка зростає і розвивається"), "uk");
    EXPECT_EQ(guess_language("Η κυβέρνηση ανακοίνωσε νέα μέτρα"), "el");
    EXPECT_EQ(guess_language("أعلنت الحكومة عن إجراءات جديدة"), "ar");
    EXPECT_EQ(guess_language("הממשלה הודיעה על צעדים חדשים"), "he");
    EXPECT_EQ(guess_language("รัฐบาลประกาศมาตรการใหม่"), "th");
    EXPECT_EQ(guess_language("सरकार ने नए उपायों की घोषणा की"), "hi");
}

TEST(GuessLanguage, ReadsLatinScriptLanguagesByTheirWords) {
    EXPECT_EQ(guess_language("The government said on Monday that it would not change the plan for the city."), "en");
    EXPECT_EQ(guess_language("Die Regierung hat am Montag gesagt, dass sie den Plan für die Stadt nicht ändern wird."), "de");
    EXPECT_EQ(guess_language("Le gouvernement a déclaré lundi qu'il ne changerait pas le plan pour la ville."), "fr");
    EXPECT_EQ(guess_language("El gobierno dijo el lunes que no cambiará el plan para la ciudad y los barrios."), "es");
    EXPECT_EQ(guess_language("Il governo ha detto lunedì che non cambierà il piano per la città e per gli abitanti."), "it");
    EXPECT_EQ(guess_language("O governo disse na segunda-feira que não vai mudar o plano para a cidade e os bairros."), "pt");
    EXPECT_EQ(guess_language("De regering heeft maandag gezegd dat zij het plan voor de stad niet zal veranderen."), "nl");
    EXPECT_EQ(guess_language("Rząd powiedział w poniedziałek, że nie zmieni planu dla miasta, ale to jest trudne."), "pl");
    EXPECT_EQ(guess_language("Regeringen sa på måndagen att den inte kommer att ändra planen för staden."), "sv");
    EXPECT_EQ(guess_language("Hallitus sanoi maanantaina, että se ei muuta kaupungin suunnitelmaa, mutta se on myös vaikeaa."), "fi");
    EXPECT_EQ(guess_language("Vláda v pondělí uvedla, že plán pro město nezmění, ale je to také podle ní těžké."), "cs");
    EXPECT_EQ(guess_language("Hükümet pazartesi günü şehir için planı değiştirmeyeceğini söyledi ve bu çok önemli bir karar olarak görüldü."), "tr");
    EXPECT_EQ(guess_language("Pemerintah mengatakan pada hari Senin bahwa mereka tidak akan mengubah rencana untuk kota itu."), "id");
}

TEST(GuessLanguage, EmptyWhenUnsure) {
    EXPECT_EQ(guess_language(""), "");
    EXPECT_EQ(guess_language("OK"), "");
    EXPECT_EQ(guess_language("iPhone 15 Pro Max"), "");
    EXPECT_EQ(guess_language("12345 67890"), "");
}

// ---------------------------------------------------------------------------------------------------
// strip_site_name

TEST(StripSiteName, DropsTheSite) {
    EXPECT_EQ(strip_site_name("Title of the story | Site"), "Title of the story");
    EXPECT_EQ(strip_site_name("Title of the story - Site"), "Title of the story");
    EXPECT_EQ(strip_site_name("Title of the story – Site"), "Title of the story");
    EXPECT_EQ(strip_site_name("Title of the story — Site"), "Title of the story");
    EXPECT_EQ(strip_site_name("Title of the story :: Site"), "Title of the story");
    EXPECT_EQ(strip_site_name("Title of the story · Site"), "Title of the story");
    EXPECT_EQ(strip_site_name("Title of the story » Site"), "Title of the story");
    EXPECT_EQ(strip_site_name("Site | Title of the story"), "Title of the story");
    EXPECT_EQ(strip_site_name("王炸芯片，难再成苹果救星_科创_观察者网"), "王炸芯片，难再成苹果救星");
    EXPECT_EQ(strip_site_name("王炸芯片，难再成苹果救星｜观察者网"), "王炸芯片，难再成苹果救星");
    EXPECT_EQ(strip_site_name("王炸芯片－观察者网"), "王炸芯片");
    EXPECT_EQ(strip_site_name("Short | The Example Daily News", "The Example Daily News"), "Short");
    EXPECT_EQ(strip_site_name("Example：标题在这里", "Example"), "标题在这里");
    EXPECT_EQ(strip_site_name("Title here - example.com", "Example"), "Title here");
    EXPECT_EQ(strip_site_name("Title here | Politics | Example", "Example"), "Title here");
    EXPECT_EQ(strip_site_name("Spider-Man review"), "Spider-Man review");
    EXPECT_EQ(strip_site_name("snake_case_name"), "snake_case_name");
    EXPECT_EQ(strip_site_name("Just a title"), "Just a title");
}

TEST(StripSiteName, NeverReturnsEmpty) {
    EXPECT_EQ(strip_site_name("Site", "Site"), "Site");
    EXPECT_EQ(strip_site_name(" | "), "|");
    EXPECT_EQ(strip_site_name(""), "");
}

}  // namespace

TEST(TextSignalsExtra, JapaneseTextAndPhotoCredits) {
    const auto by = winnow::signals::parse_byline("文・写真　佐藤美咲");
    ASSERT_TRUE(by.has_value());
    ASSERT_EQ(by->authors.size(), 1u);
    EXPECT_EQ(by->authors[0], "佐藤美咲");
}

TEST(TextSignalsExtra, SectionHeadingsOfPapersAreNotCommentHeadings) {
    for (const char* heading : {"Discussion", "Response", "Reply", "Conversation"})
        EXPECT_FALSE(winnow::signals::is_comment_heading(heading)) << heading;
    EXPECT_TRUE(winnow::signals::is_comment_heading("12 Responses"));
    EXPECT_TRUE(winnow::signals::is_comment_heading("Leave a Reply"));
}

TEST(TextSignalsExtra, CallsToAction) {
    for (const char* line : {"Never miss the latest news by signing up to our newsletter today!",
                             "War der Artikel nützlich? (95 Stimmen: 4,73 von 5)",
                             "Pour lire la suite et accéder gratuitement à 3 articles par mois, créez un compte",
                             "Zapraszamy też do subskrypcji tygodnika", "SIGN UP FOR OUR NEWSLETTER"})
        EXPECT_TRUE(winnow::signals::is_call_to_action(line)) << line;
    for (const char* line : {"The council approved the budget on Tuesday.",
                             "Star Wars is available to rent on Google Play and YouTube."})
        EXPECT_FALSE(winnow::signals::is_call_to_action(line)) << line;
}
