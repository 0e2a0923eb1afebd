"""Type stubs of the compiled core (winnow._winnow)."""

from typing import Dict, List, Optional, Tuple, TypedDict, Union

__version__: str

class Limits:
    """Bounds on one page's extraction; a page past one raises LimitExceeded."""

    max_input_bytes: int
    max_tokens: int
    max_attributes_per_tag: int
    max_attribute_bytes: int
    max_nesting_depth: int
    max_blocks: int
    max_page_ms: int
    def __init__(self) -> None: ...

class _Post(TypedDict):
    author: Optional[str]
    published: Optional[str]
    paragraphs: Tuple[int, int]

class _Stats(TypedDict):
    input_bytes: int
    encoding: str
    blocks: int
    kept: int
    elapsed_us: int

class Article:
    """The article of a page: metadata, body paragraphs, statistics (the fields of the article JSON)."""

    @property
    def url(self) -> Optional[str]: ...
    @property
    def canonical_url(self) -> Optional[str]: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def authors(self) -> List[str]: ...
    @property
    def editor(self) -> Optional[str]: ...
    @property
    def published(self) -> Optional[str]:
        """ISO 8601 ("2024-05-09" or "2024-05-09T00:11:46")."""
    @property
    def language(self) -> Optional[str]: ...
    @property
    def site(self) -> Optional[str]: ...
    @property
    def page_type(self) -> str:
        """article, forum, product, collection, listing, documentation or service."""
    @property
    def text(self) -> str:
        """The body: paragraphs separated by a blank line."""
    @property
    def paragraphs(self) -> List[str]: ...
    @property
    def comments(self) -> List[str]:
        """The comment section, only when extracted with comments=True."""
    @property
    def posts(self) -> List[_Post]: ...
    @property
    def stats(self) -> _Stats: ...
    def to_json(self, comments: bool = False) -> str: ...
    def to_text(self) -> str: ...
    def to_markdown(self, *, links: bool = True, images: bool = True) -> str: ...
    def to_html(self, *, links: bool = True, images: bool = True) -> str: ...
    def __bool__(self) -> bool: ...

class Extractor:
    """Keeps its buffers between pages: one per thread. Calls on one Extractor run one at a time."""

    limits: Limits
    def __init__(self, limits: Optional[Limits] = None) -> None: ...
    def extract(self, page: Union[bytes, bytearray, str], *, url: Optional[str] = None,
                encoding: Optional[str] = None, mode: str = "auto", captions: bool = False,
                comments: bool = False) -> Article: ...

class Pool:
    """Threads of its own, each with an extractor, for batches of pages (extract_many uses it)."""

    @property
    def threads(self) -> int: ...
    def __init__(self, threads: int, limits: Optional[Limits] = None) -> None: ...
    def extract_batch(self, pages: List[Union[bytes, bytearray, str]], *, url: Optional[str] = None,
                      encoding: Optional[str] = None, mode: str = "auto", captions: bool = False,
                      comments: bool = False) -> List[Union[Article, Exception]]: ...
