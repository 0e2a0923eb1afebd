#!/usr/bin/env python3
"""winnow through Python against the C++ `winnow extract`, on the same pages (scripts/bench python).

Every page of the shared sets, decompressed once into memory and into a temporary folder of plain files.
Measured, alternating so that the machine's drift falls on all of them, medians of --runs:
  - python:     winnow.extract(page).to_json() for every page, one thread (what a pipeline step does);
  - python x N: winnow.extract_many(pages, threads=N), each article rendered to JSON;
  - cli:        `winnow extract -j 1 --no-progress FOLDER > /dev/null` (reading the files and writing JSON
                Lines included; the process's start is a few milliseconds of seconds);
  - each peer of --peers (trafilatura, rs-trafilatura, resiliparse; once each: some are slow), in the same
                Python, one thread, called as the peer bench calls it (bench/peers/extract_peer.py); a peer
                that is not installed is listed as such.
Writes bench/results/python.md and python.json.

    bench/python/python_bench.py --winnow build/release/winnow --python .cache/python/venv/bin/python
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

INNER = r'''
import gzip, json, os, sys, time
import winnow
folder = sys.argv[1]; threads = int(sys.argv[2]); peer = sys.argv[3] if len(sys.argv) > 3 else ""
pages = [open(os.path.join(folder, p), "rb").read() for p in sorted(os.listdir(folder))]
if peer:   # a peer, called as the peer bench calls it (bench/peers/extract_peer.py)
    sys.path.insert(0, sys.argv[4])
    from extract_peer import make_peer
    run, _ = make_peer(peer)
started = time.perf_counter()
if peer:
    for page in pages:
        try:
            run(page, "", "")
        except Exception:
            pass
elif threads == 1:
    for page in pages:
        winnow.extract(page).to_json()
else:
    for a in winnow.extract_many(pages, threads=threads, errors="none"):
        if a is not None:
            a.to_json()
print(time.perf_counter() - started)
'''


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--winnow", required=True)
    ap.add_argument("--python", required=True, help="a Python with the winnow package installed")
    ap.add_argument("--shared", default=os.environ.get("WINNOW_SHARED_DIR", "../shared"))
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="bench/results")
    ap.add_argument("--peers", default="", help="comma-separated peers to time once each in the same Python")
    args = ap.parse_args()
    datasets = os.path.join(args.shared, "datasets")
    if not os.path.isdir(datasets):
        print(f"python_bench: no {datasets}; nothing to measure", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        paths = []
        for s in sorted(os.listdir(datasets)):
            folder = os.path.join(datasets, s, "pages")
            if not os.path.isdir(folder):
                continue
            for name in sorted(os.listdir(folder)):
                raw = open(os.path.join(folder, name), "rb").read()
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.decompress(raw)
                path = os.path.join(work, f"{s}-{name.removesuffix('.gz')}")
                open(path, "wb").write(raw)
                paths.append(path)
        times = {"python": [], f"python x {args.threads}": [], "cli": []}
        for _ in range(args.runs):
            for threads, key in ((1, "python"), (args.threads, f"python x {args.threads}")):
                out = subprocess.run([args.python, "-c", INNER, work, str(threads)], check=True,
                                     stdout=subprocess.PIPE, text=True).stdout
                times[key].append(float(out.strip().splitlines()[-1]))
            started = time.perf_counter()
            subprocess.run([args.winnow, "extract", "-j", "1", "--no-progress", work], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times["cli"].append(time.perf_counter() - started)
        peers_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers")
        missing = []
        for peer in [p for p in args.peers.split(",") if p]:
            done = subprocess.run([args.python, "-c", INNER, work, "1", peer, peers_dir], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                missing.append(peer)
                continue
            times[peer] = [float(done.stdout.strip().splitlines()[-1])]
    pages = len(paths)
    rate = {k: pages / statistics.median(v) for k, v in times.items()}
    result = {"pages": pages, "runs": args.runs, "threads": args.threads, "pages_per_second": rate,
              "seconds": times,
              "python_over_cli": rate["python"] / rate["cli"],
              "threads_speedup": rate[f"python x {args.threads}"] / rate["python"]}
    result["winnow_over_peer"] = {p: rate["python"] / rate[p] for p in rate if p not in ("python", "cli") and
                                  not p.startswith("python x")}
    result["not_installed"] = missing
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "python.json"), "w") as f:
        json.dump(result, f, indent=1)
    lines = [f"# winnow through Python ({pages} pages of the shared sets, medians of {args.runs} runs)", "",
             "| run | pages/s |", "|---|---:|"]
    lines += [f"| {k} | {v:,.0f} |" for k, v in rate.items()]
    lines += ["", f"Python one thread / CLI -j 1: {result['python_over_cli']:.2f}; "
                  f"extract_many threads={args.threads} / one thread: {result['threads_speedup']:.2f}"]
    for peer, ratio in result["winnow_over_peer"].items():
        lines[-1] += f"; winnow / {peer}, one thread each: {ratio:.1f}"
    if missing:
        lines += ["", "not installed: " + ", ".join(missing)]
    with open(os.path.join(args.out, "python.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
