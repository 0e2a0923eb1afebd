"""winnow.datatrove.WinnowExtractor in a datatrove pipeline run by the local executor: WARC records written
here -> WarcReader -> the step -> JsonlWriter; and the same pipeline with datatrove's Trafilatura step."""
import gzip
import json
import pickle

import pytest

datatrove = pytest.importorskip("datatrove", reason="datatrove is not installed (scripts/python test installs it)")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import winnow  # noqa: E402
from conftest import page  # noqa: E402
from winnow.datatrove import WinnowExtractor  # noqa: E402

NAVIGATION_ONLY = (b"<html><head><title>Index</title></head><body><nav><a href='/a'>A</a> <a href='/b'>B</a> "
                   b"<a href='/c'>C</a></nav></body></html>")


def warc_record(n: int, url: str, payload_type: str, body: bytes) -> bytes:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: " + payload_type.encode() + b"\r\nContent-Length: " +
            str(len(body)).encode() + b"\r\n\r\n" + body)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2025-01-0{n}T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000{n}>\r\n"
            f"WARC-Identified-Payload-Type: {payload_type}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n")


@pytest.fixture
def crawl(tmp_path):
    pages = {"https://news.example/ferries": page("Harbour ferries return"),
             "https://news.example/bridge": page("The bridge reopens", paragraphs=6)}
    records = [warc_record(1, "https://news.example/ferries", "text/html", pages["https://news.example/ferries"]),
               warc_record(2, "https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
               warc_record(3, "https://news.example/", "text/html", NAVIGATION_ONLY),
               warc_record(4, "https://news.example/bridge", "text/html", pages["https://news.example/bridge"])]
    folder = tmp_path / "warc"
    folder.mkdir()
    (folder / "crawl-00000.warc.gz").write_bytes(b"".join(records))
    return folder, pages


def run(tmp_path, name, step, folder):
    out = tmp_path / f"out-{name}"
    logs = tmp_path / f"logs-{name}"
    LocalPipelineExecutor(pipeline=[WarcReader(str(folder)), step, JsonlWriter(str(out))], tasks=1,
                          logging_dir=str(logs)).run()
    docs = []
    for path in sorted(out.glob("*.jsonl.gz")):
        docs += [json.loads(line) for line in gzip.decompress(path.read_bytes()).decode().splitlines()]
    stats = json.loads((logs / "stats.json").read_text())
    step_stats = next(s for s in stats if s["name"].endswith(step.name))["stats"]   # "<type>: <name>"
    return docs, step_stats


def test_the_winnow_step_replaces_the_html_with_the_article_and_drops_empty_documents(tmp_path, crawl):
    folder, pages = crawl
    docs, stats = run(tmp_path, "winnow", WinnowExtractor(metadata=True), folder)
    assert [d["metadata"]["url"] for d in docs] == ["https://news.example/ferries", "https://news.example/bridge"]
    for d in docs:
        expected = winnow.extract(pages[d["metadata"]["url"]], url=d["metadata"]["url"])
        assert d["text"] == expected.text
        assert "Another story" not in d["text"] and "Copyright" not in d["text"]
        assert d["metadata"]["date"].startswith("2025-01-0")      # the reader's metadata is kept
        assert d["metadata"]["winnow_title"] == expected.title
        assert d["metadata"]["winnow_page_type"] == "article"
    assert stats["total"] == 3 and stats["extracted"] == 3 and stats["forwarded"] == 2 and stats["dropped"] == 1


def test_trafilatura_step_in_the_same_pipeline_for_comparison(tmp_path, crawl):
    pytest.importorskip("trafilatura", reason="trafilatura is not installed (scripts/python test installs it)")
    from datatrove.pipeline.extractors import Trafilatura

    folder, _ = crawl
    winnow_docs, _ = run(tmp_path, "winnow", WinnowExtractor(), folder)
    trafilatura_docs, stats = run(tmp_path, "trafilatura", Trafilatura(timeout=10), folder)
    assert stats["total"] == 3
    # The articles come out of both steps with the same ids and metadata, and winnow's paragraphs are in
    # trafilatura's text (which also keeps the headline, and the navigation-only page's links as a text
    # of its own; winnow drops that page).
    by_id = {d["id"]: d for d in trafilatura_docs}
    assert len(winnow_docs) == 2 and len(trafilatura_docs) >= 2
    for w in winnow_docs:
        t = by_id[w["id"]]
        assert t["metadata"]["url"] == w["metadata"]["url"]
        for paragraph in w["text"].split("\n\n"):
            assert paragraph in t["text"]


def test_the_step_and_its_limits_survive_pickling_for_other_processes():
    limits = winnow.Limits()
    limits.max_tokens = 12345
    step = pickle.loads(pickle.dumps(WinnowExtractor(output="markdown", limits=limits)))
    assert step.limits == limits and step.output == "markdown"
    assert step.extract(page("Pickled")).startswith("# Pickled\n")
    with pytest.raises(ValueError):
        WinnowExtractor(output="xml")


def test_a_page_past_a_limit_is_counted_and_skipped(tmp_path, crawl):
    folder, _ = crawl
    limits = winnow.Limits()
    limits.max_tokens = 30
    docs, stats = run(tmp_path, "limited", WinnowExtractor(limits=limits), folder)
    assert docs == []
    assert stats["clean_error"] == 2 and stats["total"] == 3
