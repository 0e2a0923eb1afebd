"""winnow as a datatrove pipeline step, in place of datatrove's ``Trafilatura`` extractor:

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from winnow.datatrove import WinnowExtractor

    LocalPipelineExecutor(pipeline=[WarcReader("crawl/"), WinnowExtractor(), JsonlWriter("clean/")],
                          tasks=4).run()

The contract is the Trafilatura step's (datatrove.pipeline.extractors.BaseExtractor): each document's
text (its HTML) becomes the article's body, its metadata is kept, documents with no body are dropped,
and the step counts ``total``, ``extracted``, ``forwarded``, ``dropped``, ``timeout`` and ``clean_error``
(a page past another of winnow's limits, or binary). winnow runs in the step's own process: it does not
need the sandbox process that guards trafilatura, since its time per page is bounded by
``limits.max_page_ms`` (the step's ``timeout``) and a hostile page is an error, not a crash.
"""

from __future__ import annotations

import copy
from typing import Optional

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor
from datatrove.utils.logging import logger
from datatrove.utils.typeshelper import StatHints

from . import Extractor, Limits, WinnowError


class WinnowExtractor(BaseExtractor):
    """Extracts the article of each document's HTML with winnow.

    Args:
        timeout: seconds one document may take (winnow's limits.max_page_ms); past it the document is
            counted as ``timeout`` and skipped
        output: "text" (paragraphs separated by blank lines, as trafilatura's step gives) or "markdown"
        captions: keep figure captions in the body
        metadata: also store the article's title, authors, published date, language and page type in
            the document's metadata (under ``winnow_*`` keys), beside what the reader put there
        limits: winnow.Limits for every other bound (timeout overrides its max_page_ms)
    """

    name = "🪓 winnow"

    def __init__(self, timeout: float = 1, output: str = "text", captions: bool = False, metadata: bool = False,
                 limits: Optional[Limits] = None):
        super().__init__(timeout)
        if output not in ("text", "markdown"):
            raise ValueError("output must be 'text' or 'markdown'")
        self.output = output
        self.captions = captions
        self.metadata = metadata
        self.limits = limits
        self._extractor: Optional[Extractor] = None

    def _winnow(self) -> Extractor:
        if self._extractor is None:
            limits = copy.copy(self.limits) if self.limits is not None else Limits()
            limits.max_page_ms = max(1, int(self.timeout * 1000))
            self._extractor = Extractor(limits)
        return self._extractor

    def _body(self, article) -> str:
        """What the document's text becomes; empty for a page without an article."""
        return article.to_markdown() if self.output == "markdown" and article else article.text

    def extract(self, text: str) -> str:
        """The article's body of one page's HTML (the BaseExtractor method)."""
        return self._body(self._winnow().extract(text, captions=self.captions))

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                try:
                    article = self._winnow().extract(doc.text, url=doc.metadata.get("url"), captions=self.captions)
                except WinnowError as e:   # past a limit (the time budget is "timeout"), or binary
                    self.stat_update("timeout" if e.name == "timeout" else "clean_error")
                    if not self._warned_error:
                        logger.warning(f'❌ "{e}" ({e.name}) while extracting a record. Skipping record. '
                                       f"This message will only appear once.")
                        self._warned_error = True
                    continue
                self.stat_update("extracted")
                doc.text = self._body(article)
                if self.metadata:
                    doc.metadata.update({"winnow_title": article.title, "winnow_authors": article.authors,
                                         "winnow_published": article.published,
                                         "winnow_language": article.language,
                                         "winnow_page_type": article.page_type})
            if doc.text:
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
            else:
                self.stat_update(StatHints.dropped)
