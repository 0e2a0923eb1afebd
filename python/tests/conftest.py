import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("WINNOW_SHARED_DIR", ROOT.parent / "shared"))


@pytest.fixture
def shared() -> pathlib.Path:
    if not (SHARED / "datasets").is_dir():
        pytest.skip(f"the shared data ({SHARED}) is absent")
    return SHARED


def page(title: str, paragraphs: int = 4, extra: str = "") -> bytes:
    """A news page of our own: navigation, a byline, body paragraphs, a related box and a footer."""
    body = "".join(
        f"<p>Paragraph {i} of the story about {title.lower()} has enough words in it to read as the body "
        f"of an article, with commas, full stops and a few more words to be sure.</p>" for i in range(paragraphs))
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title} - The Daily Example</title>"
            f"<meta property='og:title' content='{title}'>"
            f"<meta name='author' content='Jane Doe'><meta property='article:published_time' content='2024-05-09T08:00:00Z'>"
            f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{body}{extra}</article>"
            f"<aside class='related'><h3>Related</h3><ul><li><a href='/a'>Another story</a></li>"
            f"<li><a href='/b'>Yet another story</a></li></ul></aside>"
            f"<footer>Copyright 2024 The Daily Example</footer></body></html>").encode()
