"""The Python package: the API and its types, threads, errors, reference counting, the seed page."""
import gzip
import json
import resource
import sys
import threading

import pytest

import winnow
from conftest import ROOT, SHARED, page


def test_extract_gives_the_article_and_its_metadata():
    a = winnow.extract(page("Harbour ferries return"), url="https://news.example/ferries")
    assert isinstance(a, winnow.Article)
    assert a.title == "Harbour ferries return"
    assert a.authors == ["Jane Doe"]
    assert a.published.startswith("2024-05-09")
    assert a.language == "en"
    assert a.url == "https://news.example/ferries"
    assert a.page_type == "article"
    assert len(a.paragraphs) == 4 and all(isinstance(p, str) for p in a.paragraphs)
    assert a.text == "\n\n".join(a.paragraphs)
    assert "Another story" not in a.text and "Copyright" not in a.text
    assert a.stats["kept"] >= 4 and a.stats["encoding"] == "UTF-8"
    assert bool(a)


def test_renderings_are_those_of_the_cli():
    a = winnow.extract(page("Markup", extra="<p>See <a href='/more'>the full report</a> and <em>why</em>, "
                                             "in a last paragraph with enough words to count as text.</p>"),
                       url="https://news.example/markup")
    doc = json.loads(a.to_json())
    assert doc["title"] == "Markup" and doc["page_type"] == "article" and doc["paragraphs"] == a.paragraphs
    assert a.to_text().startswith("Markup\n\n")
    md = a.to_markdown()
    assert md.startswith("# Markup\n") and "[the full report](https://news.example/more)" in md and "*why*" in md
    assert "[the full report]" not in a.to_markdown(links=False)
    assert a.to_html().startswith("<!DOCTYPE html>") and '<a href="https://news.example/more">' in a.to_html()


def test_bytes_bytearray_and_str_give_the_same_article():
    raw = page("Same in every form")
    forms = [winnow.extract(raw), winnow.extract(bytearray(raw)), winnow.extract(raw.decode())]
    assert len({f.to_json() for f in (_without_time(x) for x in forms)}) == 1


def test_a_charset_label_and_text_mode():
    old = "<html><body><p>Größere Änderungen an der Brücke dauern länger als geplant, sagt die Stadt, "\
          "und die Umleitung bleibt bis zum Herbst bestehen.</p></body></html>".encode("latin-1")
    assert "Brücke" in winnow.extract(old, encoding="iso-8859-1").text
    flat = "A headline\nThe first paragraph of flattened text, long enough to be the body of an article here.\n"
    assert winnow.extract(flat, mode="text").paragraphs
    with pytest.raises(ValueError):
        winnow.extract(flat, mode="pdf")
    with pytest.raises(TypeError):
        winnow.extract(12345)


def test_errors_are_exceptions_with_the_error_name():
    with pytest.raises(winnow.NotText) as binary:
        winnow.extract(bytes(range(256)) * 64)
    assert binary.value.name == "not_text" and isinstance(binary.value, winnow.WinnowError)
    limits = winnow.Limits()
    limits.max_tokens = 20
    with pytest.raises(winnow.LimitExceeded) as past:
        winnow.extract(page("Too many tokens"), limits=limits)
    assert past.value.name == "too_many_tokens"
    x = winnow.Extractor(limits)
    with pytest.raises(winnow.LimitExceeded):
        x.extract(page("Still too many"))
    x.limits = winnow.Limits()
    assert x.extract(page("Now it fits")).title == "Now it fits"
    big = winnow.Limits()
    big.max_input_bytes = 100
    with pytest.raises(winnow.LimitExceeded) as large:
        winnow.extract(page("Large"), limits=big)
    assert large.value.name == "input_too_large"


def _without_time(a):
    class frozen:
        def __init__(self, a):
            self.json = json.loads(a.to_json())
            self.json["stats"]["elapsed_us"] = 0

        def to_json(self):
            return json.dumps(self.json, sort_keys=True)
    return frozen(a)


def _pages():
    pages = [page(f"Story number {i}", paragraphs=2 + i % 5) for i in range(40)]
    if (SHARED / "datasets").is_dir():
        for path in sorted((SHARED / "datasets" / "readability-tests" / "pages").glob("*.html.gz"))[:60]:
            pages.append(gzip.decompress(path.read_bytes()))
    return pages


def test_extract_many_gives_the_same_articles_in_order_from_one_and_four_threads():
    pages = _pages()
    one = [_without_time(a).to_json() for a in winnow.extract_many(pages, threads=1)]
    four = [_without_time(a).to_json() for a in winnow.extract_many(iter(pages), threads=4)]
    assert one == four
    assert one == [_without_time(winnow.extract(p)).to_json() for p in pages]


def test_extract_many_reports_or_skips_a_bad_page():
    pages = [page("First"), b"\x00" * 1000, page("Third")]
    got = list(winnow.extract_many(pages, threads=2, errors="none"))
    assert [a.title if a else None for a in got] == ["First", None, "Third"]
    with pytest.raises(winnow.NotText):
        list(winnow.extract_many(pages, threads=2))


def test_a_pool_gives_each_page_its_article_or_its_error_in_place():
    pool = winnow.Pool(3)
    assert pool.threads == 3
    results = pool.extract_batch([page("One"), b"\x00" * 500, "<p>" + "word " * 60 + "</p>", page("Four")])
    assert [type(r).__name__ for r in results] == ["Article", "NotText", "Article", "Article"]
    assert results[1].name == "not_text"
    assert results[0].title == "One" and results[3].title == "Four"
    assert pool.extract_batch([]) == []


def test_extract_many_reads_its_input_as_it_goes():
    taken = []

    def source():
        for i in range(1000):
            taken.append(i)
            yield page(f"Lazy {i}", paragraphs=1)

    first = next(winnow.extract_many(source(), threads=2))
    assert first.title == "Lazy 0"
    assert len(taken) <= 2 * 16 * 2 + 1, "at most the batch being yielded and the next one"


def test_threads_share_one_extractor_safely():
    x = winnow.Extractor()
    titles = []

    def work(i):
        titles.append(x.extract(page(f"Thread {i}")).title)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(titles) == sorted(f"Thread {i}" for i in range(8))


def _resident_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def test_no_reference_leaks_over_100000_calls():
    small = page("Small", paragraphs=1)
    x = winnow.Extractor()
    for _ in range(5_000):
        a = x.extract(small)
        a.paragraphs, a.authors, a.stats, a.posts
    before = _resident_kib()
    refs_before = sys.getrefcount(small)
    for _ in range(100_000):
        a = x.extract(small)
        a.title, a.paragraphs, a.authors, a.stats, a.text
    after = _resident_kib()
    assert sys.getrefcount(small) == refs_before
    assert after - before < 4 * 1024, f"resident memory grew by {after - before} KiB over 100,000 calls"


def test_the_seed_page_is_extracted_as_expected():
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the shared seeds ({seeds}) are absent")
    expected = json.loads((seeds / "000_ed8dd623449fa79c.expected.json").read_text())
    a = winnow.extract((seeds / expected["input"]).read_bytes())
    assert a.title == expected["title"]
    assert a.authors == [expected["author"]]
    assert a.published == expected["published"]
    assert expected["body_paragraphs_min"] <= len(a.paragraphs) <= expected["body_paragraphs_max"]
    body = [p for p in a.paragraphs if p != expected["caption_allowed"]]   # the caption may stand between them
    assert len(body) == len(expected["body_paragraph_starts"])
    for start, paragraph in zip(expected["body_paragraph_starts"], body):
        assert paragraph.startswith(start)
    assert a.paragraphs[-1] == expected["body_last_paragraph"]
    for forbidden in expected["body_must_not_contain"]:
        assert forbidden not in a.text


def test_version_is_the_project_version():
    cmake = (ROOT / "CMakeLists.txt").read_text()
    assert f"VERSION {winnow.__version__} " in cmake
