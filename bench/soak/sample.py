#!/usr/bin/env python3
"""Samples a running worker once a second until it exits or STOP_FILE appears: its resident memory (from
/proc) and, from its /metrics, the pages delivered and dead-lettered and the bytes in flight. CSV out."""
import os
import re
import sys
import time
import urllib.request


def metric(text: str, name: str) -> float:
    total = 0.0
    for m in re.finditer(r"^" + re.escape(name) + r"(?:\{[^}]*\})? ([0-9.e+]+)$", text, re.M):
        total += float(m.group(1))
    return total


def main() -> None:
    pid, port, out, stop_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    start = time.monotonic()
    with open(out, "w") as f:
        f.write("seconds,rss_mb,pages_out,dead_letters,in_flight_mb\n")
        while not os.path.exists(stop_file):
            try:
                status = open(f"/proc/{pid}/status").read()
            except OSError:
                break
            rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            try:
                text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
            except OSError:
                text = ""
            f.write(f"{time.monotonic() - start:.1f},{rss_kb / 1024:.1f},{metric(text, 'winnow_pages_out_total'):.0f},"
                    f"{metric(text, 'winnow_pages_dead_lettered_total'):.0f},"
                    f"{metric(text, 'winnow_in_flight_bytes') / 1e6:.1f}\n")
            f.flush()
            time.sleep(1)


if __name__ == "__main__":
    main()
