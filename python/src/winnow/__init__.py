"""winnow: boilerplate removal from web pages — navigation, bylines, related-link boxes, share bars,
footers and the rest — into clean article bodies with title, authors, date and language.

    >>> import winnow
    >>> a = winnow.extract(b"<html><title>Hi</title><body><article><p>Some text ...</p></article></body></html>")
    >>> a.title, a.text, a.to_markdown()

``extract`` keeps one ``Extractor`` per thread; ``extract_many`` runs a thread pool (the core releases
the GIL) and yields the articles in input order.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import threading
from typing import Iterable, Iterator, Optional, Union

from . import errors
from ._winnow import Article, Extractor, Limits, Pool, __version__
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
    extractor). Pages are read from ``pages`` as the work goes on, in batches, one batch ahead of the
    one being yielded. ``errors="raise"`` re-raises a page's error; ``errors="none"`` yields None for it."""
    if threads < 1:
        raise ValueError("threads must be at least 1")
    if errors not in ("raise", "none"):
        raise ValueError("errors must be 'raise' or 'none'")
    options = dict(url=url, encoding=encoding, mode=mode, captions=captions, comments=comments)

    def outcome(result):
        if isinstance(result, WinnowError):
            if errors == "raise":
                raise result
            return None
        return result

    if threads == 1:
        x = _extractor(limits)
        for page in pages:
            try:
                yield x.extract(page, **options)
            except WinnowError:
                if errors == "raise":
                    raise
                yield None
        return

    # The pool's threads extract a whole batch without the GIL and without Python between pages; one
    # thread of ours hands it the next batch while this one yields the last.
    pool = Pool(threads, limits)
    size = 16 * threads
    source = iter(pages)

    def next_batch() -> list:
        return list(itertools.islice(source, size))

    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="winnow") as feeder:
        batch = next_batch()
        pending = feeder.submit(pool.extract_batch, batch, **options) if batch else None
        while pending is not None:
            batch = next_batch()
            results = pending.result()
            pending = feeder.submit(pool.extract_batch, batch, **options) if batch else None
            for result in results:
                yield outcome(result)
