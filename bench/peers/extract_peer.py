#!/usr/bin/env python3
"""One peer extractor over every page of the shared sets, single-threaded on one core, timed in-process
over pages already in memory: JSON Lines of {"set", "id", "text", "title", "seconds", "error"} for
`quality_bench --score-outputs`. Run by bench/peers/peers.py inside the peers' virtual environment.

    extract_peer.py PEER DATASETS OUT.jsonl

Each peer gets the page's bytes as stored (decompressed); a peer that takes only text gets them decoded
with the page's declared charset (UTF-8, else windows-1252), and that decoding is timed with it."""
import gzip
import json
import os
import re
import sys
import time

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def decoded(raw: bytes) -> str:
    """The page as text: valid UTF-8 as is, else the charset its markup declares, else windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = CHARSET.search(raw[:4096])
    for label in ([m.group(1).decode("ascii", "replace")] if m else []) + ["cp1252"]:
        try:
            return raw.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(label.lower(), label), errors="replace")
        except LookupError:
            continue
    return raw.decode("utf-8", errors="replace")


def text_of_html(fragment: str) -> str:
    """Paragraph text of an HTML fragment (readability's output): one block element a line."""
    import lxml.html
    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "br"):
        block.tail = ("\n" + block.tail) if block.tail else "\n"
    return re.sub(r"\n\s*\n+", "\n", root.text_content()).strip()


def make_peer(name: str):
    """A function (raw bytes, url, set name) -> (text, title) for the peer, and its version."""
    from importlib.metadata import version
    if name == "winnow-python":
        import winnow   # the project's own package (python/), called as a Python pipeline calls it

        def run(raw, url, _):
            a = winnow.extract(raw, url=url or None)
            return a.text, a.title or ""
        return run, version("winnow")
    if name == "trafilatura":
        import trafilatura

        def run(raw, url, _):
            return trafilatura.extract(raw, url=url or None) or "", ""
        return run, version("trafilatura")
    if name == "rs-trafilatura":
        import rs_trafilatura

        def run(raw, url, _):
            r = rs_trafilatura.extract_bytes(raw, url=url) if url else rs_trafilatura.extract_bytes(raw)
            return r.main_content or "", r.title or ""
        return run, version("rs-trafilatura")
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding

        def run(raw, url, _):
            return extract_plain_text(bytes_to_str(raw, detect_encoding(raw)), main_content=True), ""
        return run, version("resiliparse")
    if name == "readability-lxml":
        from readability import Document

        def run(raw, url, _):
            doc = Document(decoded(raw), url=url or None)
            return text_of_html(doc.summary(html_partial=True)), doc.short_title()
        return run, version("readability-lxml")
    if name == "jusText":
        import justext
        english = justext.get_stoplist("English")

        def run(raw, url, set_name):
            # jusText has no Chinese stoplist: an empty one, as its documentation suggests for such pages.
            stoplist = frozenset() if set_name == "chinese-news" else english
            paragraphs = justext.justext(raw, stoplist)
            return "\n".join(p.text for p in paragraphs if not p.is_boilerplate), ""
        return run, version("justext")
    if name == "boilerpy3":
        from boilerpy3 import extractors
        extractor = extractors.ArticleExtractor(raise_on_failure=False)

        def run(raw, url, _):
            return extractor.get_content(decoded(raw)) or "", ""
        return run, version("boilerpy3")
    if name == "goose3":
        from goose3 import Goose
        goose = Goose({"enable_image_fetching": False, "http_timeout": 0.001})

        def run(raw, url, _):
            a = goose.extract(raw_html=decoded(raw), url=url or None)
            return a.cleaned_text or "", a.title or ""
        return run, version("goose3")
    if name == "newspaper4k":
        import newspaper

        def run(raw, url, _):
            a = newspaper.Article(url or "http://example.invalid/", fetch_images=False)
            a.download(input_html=decoded(raw))
            a.parse()
            return a.text or "", a.title or ""
        return run, version("newspaper4k")
    raise SystemExit(f"extract_peer: unknown peer {name}")


def pages_of(datasets: str):
    for set_name in sorted(os.listdir(datasets)):
        truth_file = os.path.join(datasets, set_name, "truth.json")
        if not os.path.isfile(truth_file):
            continue
        truth = json.load(open(truth_file, encoding="utf-8"))
        for page_id in sorted(truth):
            path = os.path.join(datasets, set_name, "pages", page_id + ".html.gz")
            if os.path.isfile(path):
                url = truth[page_id].get("url") or ""
                yield set_name, page_id, url if url.startswith("http") else "", gzip.open(path).read()


def main() -> None:
    name, datasets, out = sys.argv[1:4]
    run, peer_version = make_peer(name)
    pages = list(pages_of(datasets))   # every page in memory before any timing
    with open(out, "w", encoding="utf-8") as f:
        for set_name, page_id, url, raw in pages:
            record = {"set": set_name, "id": page_id}
            start = time.perf_counter()
            try:
                text, title = run(raw, url, set_name)
                record.update(text=text, title=title)
            except Exception as e:   # a peer that fails on a page scores it as empty; the failure is counted
                record.update(text="", error=f"{type(e).__name__}: {e}"[:200])
            record["seconds"] = time.perf_counter() - start
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(json.dumps({"peer": name, "version": peer_version, "pages": len(pages)}))


if __name__ == "__main__":
    main()
