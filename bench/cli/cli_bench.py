#!/usr/bin/env python3
"""`winnow extract` as a batch user runs it: the shared pages as a folder, -j 1 against -j N, and a WARC of
the same pages (gzip per record) against the folder. Runs alternate (-j 1, -j N, -j 1, ...) so that the
machine's drift falls on both; medians are reported. Writes bench/results/cli.md and cli.json.

    bench/cli/cli_bench.py --winnow build/release/winnow --threads 2 --runs 3 ../shared/datasets/*/pages
"""
import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def run(winnow, args):
    started = time.monotonic()
    done = subprocess.run([winnow, "extract", "--no-progress", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.monotonic() - started
    summary = [line for line in done.stderr.splitlines() if " pages: " in line or " page: " in line]
    pages = int(re.search(r"([\d,]+) pages?:", summary[-1]).group(1).replace(",", "")) if summary else 0
    return seconds, pages


def make_warc(folders, path):
    """Every page of the folders as a response record, one gzip member each, as Common Crawl writes them."""
    n = 0
    with open(path, "wb") as out:
        for folder in folders:
            for name in sorted(os.listdir(folder)):
                raw = open(os.path.join(folder, name), "rb").read()
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.decompress(raw)
                http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(raw) + raw
                head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/%d\r\n"
                        "WARC-Record-ID: <urn:uuid:%08d>\r\nContent-Type: application/http; msgtype=response\r\n"
                        "Content-Length: %d\r\n\r\n" % (n, n, len(http))).encode()
                out.write(gzip.compress(head + http + b"\r\n\r\n", compresslevel=6))
                n += 1
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--winnow", required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--results", default="bench/results")
    ap.add_argument("folders", nargs="+")
    a = ap.parse_args()
    folders = [f for f in a.folders if os.path.isdir(f)]
    if not folders:
        print("cli_bench: no page folders", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        warc = os.path.join(work, "pages.warc.gz")
        records = make_warc(folders, warc)
        times = {"folder -j 1": [], f"folder -j {a.threads}": [], f"warc -j {a.threads}": []}
        pages = {}
        for _ in range(a.runs):
            for label, args in (("folder -j 1", ["-j", "1", *folders]),
                                (f"folder -j {a.threads}", ["-j", str(a.threads), *folders]),
                                (f"warc -j {a.threads}", ["-j", str(a.threads), warc])):
                seconds, n = run(a.winnow, args)
                times[label].append(seconds)
                pages[label] = n
    rows = []
    for label, ts in times.items():
        median = statistics.median(ts)
        rows.append({"run": label, "pages": pages[label], "seconds": round(median, 3),
                     "pages_per_s": round(pages[label] / median, 1), "all_seconds": [round(t, 3) for t in ts]})
    ratio = rows[0]["seconds"] / rows[1]["seconds"]
    os.makedirs(a.results, exist_ok=True)
    with open(os.path.join(a.results, "cli.json"), "w") as f:
        json.dump({"threads": a.threads, "runs": a.runs, "warc_records": records, "rows": rows,
                   "parallel_speedup": round(ratio, 2)}, f, indent=2)
    lines = [f"`winnow extract` over {pages['folder -j 1']} pages ({len(folders)} folders; the WARC: the same pages, "
             f"gzip per record), median of {a.runs} alternating runs:", "",
             "| run | pages | seconds | pages/s |", "|---|---:|---:|---:|"]
    lines += [f"| {r['run']} | {r['pages']} | {r['seconds']:.2f} | {r['pages_per_s']:.0f} |" for r in rows]
    lines += ["", f"-j {a.threads} is {ratio:.2f} x -j 1 (target >= 1.8 on 2 cores)."]
    with open(os.path.join(a.results, "cli.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
