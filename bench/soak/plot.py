#!/usr/bin/env python3
"""Plots the soak's samples (CSV: seconds, rss_mb, pages_out, dead_letters, in_flight_mb) as a PNG: resident
memory and pages done against time, and says whether memory plateaued (the largest RSS of the second half of
the run within 10 % of the first half's)."""
import csv
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main() -> None:
    samples, out_png, summary_json, bound_mb = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    rows = list(csv.DictReader(open(samples)))
    t = [float(r["seconds"]) for r in rows]
    rss = [float(r["rss_mb"]) for r in rows]
    done = [int(r["pages_out"]) + int(r["dead_letters"]) for r in rows]
    half = len(rows) // 2
    first, second = max(rss[:half] or [0]), max(rss[half:] or [0])
    plateau = second <= 1.10 * first
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    ax.plot(t, rss, color="#2a6", label="worker resident memory (MiB)")
    ax.axhline(bound_mb, color="#c44", linestyle="--", label=f"README bound ({bound_mb:.0f} MiB)")
    ax.set_xlabel("seconds")
    ax.set_ylabel("MiB")
    ax.set_ylim(0, max(bound_mb, max(rss or [0])) * 1.15)
    ax2 = ax.twinx()
    ax2.plot(t, done, color="#36c", alpha=0.6, label="pages done")
    ax2.set_ylabel("pages done")
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="lower right")
    ax.set_title(f"winnow run soak: {done[-1] if done else 0:,} pages, peak {max(rss or [0]):.0f} MiB"
                 f" ({'plateau' if plateau else 'NO plateau'})")
    fig.tight_layout()
    fig.savefig(out_png)
    json.dump({"samples": len(rows), "seconds": t[-1] if t else 0, "pages_done": done[-1] if done else 0,
               "peak_rss_mb": max(rss or [0]), "peak_rss_first_half_mb": first, "peak_rss_second_half_mb": second,
               "plateau": plateau, "bound_mb": bound_mb},
              open(summary_json, "w"), indent=1)
    print(open(summary_json).read())
    sys.exit(0 if plateau and max(rss or [0]) <= bound_mb else 1)


if __name__ == "__main__":
    main()
