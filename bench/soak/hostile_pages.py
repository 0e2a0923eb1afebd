#!/usr/bin/env python3
"""Writes hostile pages for the soak, gzipped, into a folder: each repeats one construct an adversary can
repeat (short blocks, deep or dropped subtrees, table cells, quotes that JSON escapes, control characters,
CJK text, long flattened lines) up to a given size, the largest the worker accepts by default."""
import gzip
import os
import sys

CONSTRUCTS = {
    "short-paragraphs": "<p>x</p>",
    "divs-unclosed": "<div>",
    "svg-unclosed": "<svg>",
    "table-cells": "<tr><td>a<td>b",
    "list-items": "<li>item",
    "paragraphs": "<p>A short paragraph of body text that reads like a sentence, with a comma.</p>",
    "headings": "<h2>h</h2><p>x</p>",
    "quotes": 'He said "yes" to \\ and "no" to \\\\, then left. ',
    "controls": "\x01\x02 word ",
    "cjk": "<p>中文字符，句子。</p>",
    "links": '<a href="/x">a link</a> ',
    "long-class": "<div class='" + "a" * 60 + " b'>x</div>",
}


def main() -> None:
    folder = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 8 * 1024 * 1024 - 4096
    os.makedirs(folder, exist_ok=True)
    for name, unit in CONSTRUCTS.items():
        body = unit * max(1, (size - 64) // len(unit.encode()))
        page = "<html><body>" + body + "</body></html>"
        with gzip.open(os.path.join(folder, f"hostile-{name}.html.gz"), "wb", compresslevel=6) as f:
            f.write(page.encode()[:size])


if __name__ == "__main__":
    main()
