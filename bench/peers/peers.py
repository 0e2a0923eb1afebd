#!/usr/bin/env python3
"""The extractors users would pick instead of winnow, side by side on the shared sets (scripts/bench peers).

Every extractor runs single-threaded, pinned to one core, on every page of every shared set, from the same
page bytes, timed in-process over pages already in memory; winnow through quality_bench (its own timing of
extract()), each peer through extract_peer.py (Python, in the peers' virtual environment) or
readability.cjs (Node). Everything is scored by quality_bench --score-outputs: the project's scorer, with
each set's metric of ../shared/datasets/README.md (wcxb-dev per page type too). Writes
bench/results/peers.md, peers.json and one scatter plot per set, bench/results/peers-<set>.png (F1 against
pages/s, log scale). A peer that cannot be installed or crashes is listed as such, never dropped."""
import argparse
import json
import os
import subprocess
import sys
import time

PYTHON_PEERS = ["winnow-python", "rs-trafilatura", "trafilatura", "resiliparse", "readability-lxml", "jusText", "boilerpy3",
                "goose3", "newspaper4k"]
NODE_PEER = "@mozilla/readability"


def tail(text: str, lines: int = 3) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines()[-lines:])[:300]


def score(args, outputs: str, scores: str) -> dict:
    r = subprocess.run([args.quality_bench, "--shared", args.shared, "--score-outputs", outputs, "--json", scores],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"scoring failed: {tail(r.stderr)}")
    return json.load(open(scores))


def set_figures(result: dict) -> dict:
    """Per set: P, R, F1, pages/s (pages over the sum of per-page times), failures; and per page type."""
    out = {}
    for s in result["sets"]:
        seconds = sum(p["seconds"] for p in s["page_scores"])
        out[s["name"]] = {"metric": s["metric"], "pages": s["pages"], "precision": s["precision"],
                          "recall": s["recall"], "f1": s["f1"], "failures": s["failures"],
                          "pages_per_second": s["pages"] / seconds if seconds > 0 else None,
                          "page_types": {t["page_type"]: t["f1"] for t in s.get("page_types", [])}}
    return out


def run_winnow(args) -> dict:
    scores = os.path.join(args.work, "winnow.json")
    r = subprocess.run(["taskset", "-c", str(args.core), args.quality_bench, "--shared", args.shared, "--json", scores],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return {"status": f"crashed: {tail(r.stderr)}"}
    version = subprocess.run([args.winnow, "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    return {"status": "ok", "version": version.split()[-1] if version else "", "sets": set_figures(json.load(open(scores)))}


def run_peer(args, name: str) -> dict:
    outputs = os.path.join(args.work, name.replace("/", "_").replace("@", "") + ".jsonl")
    if name == NODE_PEER:
        if not os.path.isdir(os.path.join(args.node_modules, "@mozilla", "readability")):
            return {"status": "not installed (npm)"}
        # jsdom keeps much of each page's window until a full collection: a heap to hold them, and a
        # collection every few pages (readability.cjs).
        command = ["node", "--max-old-space-size=6144", "--expose-gc", os.path.join(args.here, "readability.cjs"),
                   args.datasets, outputs]
        env = dict(os.environ, NODE_PATH=args.node_modules)
    else:
        if not os.path.exists(args.python):
            return {"status": "not installed (no virtual environment)"}
        command = [args.python, os.path.join(args.here, "extract_peer.py"), name, args.datasets, outputs]
        env = dict(os.environ)
    started = time.time()
    r = subprocess.run(["taskset", "-c", str(args.core), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, env=env, timeout=args.timeout)
    if r.returncode != 0:
        missing = "ModuleNotFoundError" in r.stderr or "Cannot find package" in r.stderr
        return {"status": ("not installed: " if missing else "crashed: ") + tail(r.stderr)}
    info = json.loads(r.stdout.strip().splitlines()[-1])
    try:
        figures = set_figures(score(args, outputs, outputs + ".scores.json"))
    except RuntimeError as e:
        return {"status": str(e)}
    return {"status": "ok", "version": info.get("version", ""), "wall_seconds": time.time() - started, "sets": figures}


def markdown(results: dict, machine: str, date: str) -> str:
    sets = sorted({s for r in results.values() if r.get("sets") for s in r["sets"]})
    lines = [f"Peers, {date}: every extractor single-threaded on one core ({machine}), the same page bytes, timed "
             "in-process over pages in memory; scored by the project's scorer (the metrics of "
             "../shared/datasets/README.md). pages/s is pages over the sum of the per-page times.", ""]
    # One line per extractor: F1 and pages/s on every set, best F1 first on the first set.
    lines += ["| extractor | " + " | ".join(f"{s} F1 | pages/s" for s in sets) + " |",
              "|---|" + "---:|---:|" * len(sets)]
    ranked = sorted(((n, r) for n, r in results.items() if r.get("sets")),
                    key=lambda nr: -nr[1]["sets"].get(sets[-1], {}).get("f1", 0) if sets else 0)
    for name, r in ranked:
        cells = []
        for s in sets:
            f = r["sets"].get(s)
            cells += [f"{f['f1']:.3f}", f"{f['pages_per_second']:,.0f}" if f and f["pages_per_second"] else "–"] if f else ["–", "–"]
        lines.append(f"| {name} {r.get('version', '')} | " + " | ".join(cells) + " |")
    lines.append("")
    for s in sets:
        metric = next(r["sets"][s]["metric"] for r in results.values() if r.get("sets") and s in r["sets"])
        lines += [f"**{s}** ({metric} metric)", "",
                  "| extractor | version | P | R | F1 | pages/s | failed pages |", "|---|---|---:|---:|---:|---:|---:|"]
        rows = []
        for name, r in results.items():
            f = r.get("sets", {}).get(s)
            if f:
                pps = f"{f['pages_per_second']:,.0f}" if f["pages_per_second"] else "–"
                rows.append((f["f1"], f"| {name} | {r.get('version', '')} | {f['precision']:.3f} | {f['recall']:.3f} | "
                                      f"**{f['f1']:.3f}** | {pps} | {f['failures']} |"))
        lines += [row for _, row in sorted(rows, reverse=True)]
        lines.append("")
        types = sorted({t for r in results.values() for t in r.get("sets", {}).get(s, {}).get("page_types", {})})
        if types:
            lines += [f"{s} F1 by page type:", "", "| extractor | " + " | ".join(types) + " |",
                      "|---|" + "---:|" * len(types)]
            for name, r in results.items():
                f = r.get("sets", {}).get(s)
                if f:
                    lines.append(f"| {name} | " + " | ".join(f"{f['page_types'].get(t, 0):.3f}" for t in types) + " |")
            lines.append("")
    failed = [(n, r["status"]) for n, r in results.items() if r["status"] != "ok"]
    if failed:
        lines += ["Not measured:", ""] + [f"- {n}: {status}" for n, status in failed] + [""]
    return "\n".join(lines)


def plots(results: dict, out_dir: str) -> list:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    written = []
    sets = sorted({s for r in results.values() if r.get("sets") for s in r["sets"]})
    for s in sets:
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for name, r in results.items():
            f = r.get("sets", {}).get(s)
            if not f or not f["pages_per_second"]:
                continue
            ax.scatter(f["pages_per_second"], f["f1"], s=60 if name == "winnow" else 30,
                       color="tab:red" if name == "winnow" else "tab:blue", zorder=3)
            ax.annotate(name, (f["pages_per_second"], f["f1"]), textcoords="offset points", xytext=(5, 4), fontsize=8)
        ax.set_xscale("log")
        ax.set_xlabel("pages per second, one core (log scale)")
        ax.set_ylabel("F1")
        ax.set_title(f"{s}: accuracy against speed")
        ax.grid(True, which="both", alpha=0.3)
        path = os.path.join(out_dir, f"peers-{s}.png")
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--winnow", required=True)
    parser.add_argument("--quality-bench", required=True)
    parser.add_argument("--shared", required=True)
    parser.add_argument("--python", required=True, help="the peers' virtual environment's python")
    parser.add_argument("--node-modules", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", default="bench/results")
    parser.add_argument("--core", type=int, default=max(0, (os.cpu_count() or 1) - 1))
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--peers", default=",".join(PYTHON_PEERS + [NODE_PEER]))
    parser.add_argument("--status", default="{}", help="JSON: peers known not installed, with why")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other extractors' results of the last run (peers.json) and rerun only --peers")
    args = parser.parse_args()
    args.here = os.path.dirname(os.path.abspath(__file__))
    args.datasets = os.path.join(args.shared, "datasets") if os.path.isdir(os.path.join(args.shared, "datasets")) else args.shared
    known = json.loads(args.status)

    results = {}
    previous = os.path.join(args.out, "peers.json")
    wanted = args.peers.split(",")
    if args.merge and os.path.exists(previous):
        results = json.load(open(previous))["results"]
    if not args.merge or "winnow" in wanted:   # --merge --peers winnow,... refreshes winnow's own row too
        print("peers: winnow", file=sys.stderr)
        results["winnow"] = run_winnow(args)
    for name in (n for n in wanted if n != "winnow"):
        print(f"peers: {name}", file=sys.stderr)
        try:
            results[name] = {"status": known[name]} if name in known else run_peer(args, name)
        except subprocess.TimeoutExpired:
            results[name] = {"status": f"timed out after {args.timeout:.0f} s"}
        print(f"peers: {name}: {results[name]['status']}", file=sys.stderr)

    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
    machine = f"core {args.core} of {os.cpu_count()}, {model}"
    date = time.strftime("%Y-%m-%d")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "peers.json"), "w") as f:
        json.dump({"date": date, "machine": machine, "results": results}, f, indent=1)
    text = markdown(results, machine, date)
    with open(os.path.join(args.out, "peers.md"), "w") as f:
        f.write(text)
    for path in plots(results, args.out):
        print(f"peers: {path}", file=sys.stderr)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
