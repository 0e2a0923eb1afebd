"""winnow: boilerplate removal from web pages — navigation, bylines, related-link boxes, share bars,
footers and the rest — into clean article bodies with title, authors, date and language.

    >>> import winnow
    >>> a = winnow.extract(b"<html><title>Hi</title><body><article><p>Some text ...</p></article></body></html>")
    >>> a.title, a.text, a.to_markdown()

``extract`` keeps one ``Extractor`` per thread; ``extract_many`` runs a thread pool (the core releases
the GIL) and yields the articles in input order.
"""

from __future__ import annotations

import collections
import concurrent.futures
import threading
from typing import Iterable, Iterator, Optional, Union

from . import errors
from ._winnow import Article, Extractor, Limits, __version__
from .errors import LimitExceeded, NotText, WinnowError

__all__ = ["Article", "Extractor", "Limits", "LimitExceeded", "NotText", "WinnowError", "extract",
           "extract_many", "__version__"]

Page = Union[bytes, bytearray, str]

_local = threading.local()


def _extractor(limits: Optional[Limits]) -> Extractor:
    if limits is not None:
        return Extractor(limits)
    x = getattr(_local, "extractor", None)
    if x is None:
        x = _local.extractor = Extractor()
    return x


def extract(page: Page, *, url: Optional[str] = None, encoding: Optional[str] = None, mode: str = "auto",
            captions: bool = False, comments: bool = False, limits: Optional[Limits] = None) -> Article:
    """The article of one page: HTML (bytes in any charset; ``encoding`` is the caller's label, e.g. from
    Content-Type) or text a crawler already flattened (``mode="text"``; ``"auto"`` decides). Raises
    ``LimitExceeded``, ``NotText`` or ``WinnowError``."""
    return _extractor(limits).extract(page, url=url, encoding=encoding, mode=mode, captions=captions,
                                      comments=comments)


def extract_many(pages: Iterable[Page], *, threads: int = 1, url: Optional[str] = None,
                 encoding: Optional[str] = None, mode: str = "auto", captions: bool = False,
                 comments: bool = False, limits: Optional[Limits] = None,
                 errors: str = "raise") -> Iterator[Optional[Article]]:
    """Articles of many pages, in input order, extracted by ``threads`` threads (each with its own
    Extractor). Pages are read from ``pages`` as the work goes on, at most a few per thread ahead.
    ``errors="raise"`` re-raises a page's error; ``errors="none"`` yields None for that page."""
    if threads < 1:
        raise ValueError("threads must be at least 1")
    if errors not in ("raise", "none"):
        raise ValueError("errors must be 'raise' or 'none'")
    options = dict(url=url, encoding=encoding, mode=mode, captions=captions, comments=comments)
    local = threading.local()

    def one(page: Page) -> Optional[Article]:
        x = getattr(local, "extractor", None)
        if x is None:
            x = local.extractor = Extractor(limits) if limits is not None else Extractor()
        try:
            return x.extract(page, **options)
        except WinnowError:
            if errors == "raise":
                raise
            return None

    if threads == 1:
        for page in pages:
            yield one(page)
        return

    def batch(chunk: list) -> list:
        return [one(page) for page in chunk]

    # Pages go to the threads in small batches (fewer hand-overs between threads), at most a few ahead.
    size = 8
    window = 2 * threads
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="winnow") as pool:
        pending: collections.deque = collections.deque()
        chunk: list = []
        for page in pages:
            chunk.append(page)
            if len(chunk) == size:
                pending.append(pool.submit(batch, chunk))
                chunk = []
                if len(pending) >= window:
                    yield from pending.popleft().result()
        if chunk:
            pending.append(pool.submit(batch, chunk))
        while pending:
            yield from pending.popleft().result()
