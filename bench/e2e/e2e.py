#!/usr/bin/env python3
"""The worker end to end on a broker (scripts/bench e2e): a backlog of pages, the broker-and-client ceiling
measured on it in the same run, `winnow run` draining it with 1 and 2 extraction threads (sustained rate,
CPU, peak resident memory, time to the first article), then a run paced at half the sustained rate for the
end-to-end latency. Writes bench/results/e2e.json and bench/results/e2e.md.

Every figure comes from `winnow bench` (produce, measure, ceiling) and /proc; nothing is timed here but the
worker's start, for the time to its first article."""
import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
import urllib.request


def kafka_topic(name: str, partitions: int, *configs: str) -> None:
    subprocess.run(["scripts/kafka", "topic", name, str(partitions), *configs], check=True, stdout=subprocess.DEVNULL)


def json_of(process: subprocess.CompletedProcess | subprocess.Popen, what: str) -> dict:
    text = process.stdout if isinstance(process, subprocess.CompletedProcess) else process.stdout.read()
    lines = [line for line in text.splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"e2e: {what} printed no summary (exit {process.returncode})")
    return json.loads(lines[-1])


class worker:
    """One `winnow run`, its log in a file, its HTTP port read from the log."""

    def __init__(self, args, log_path: str, input_topic: str, output: str, threads: int, group: str):
        self.log_path = log_path
        self.started = time.time()
        self.process = subprocess.Popen(
            [args.winnow, "run", "--brokers", args.brokers, "--input-topic", input_topic, "--output-topic", output,
             "--dlq-topic", output + "-dlq", "--group", group, "--threads", str(threads), "--http", "127.0.0.1:0",
             "--pass-headers", "winnow-sent-us"],
            stdout=subprocess.DEVNULL, stderr=open(log_path, "w"))
        self.port = None

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.port is None:
                m = re.search(r'"http listening".*"port":(\d+)', open(self.log_path).read())
                self.port = int(m.group(1)) if m else None
            if self.port is not None:
                try:
                    if urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=1).status == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.05)
        sys.exit(f"e2e: the worker was not ready in {timeout} s; see {self.log_path}")

    def cpu_seconds(self) -> float:
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        return int(re.search(r"VmHWM:\s+(\d+)", open(f"/proc/{self.process.pid}/status").read()).group(1)) / 1024

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def measure(args, topics: str, count: int) -> subprocess.Popen:
    return subprocess.Popen([args.winnow, "bench", "measure", "--brokers", args.brokers, "--topic", topics,
                             "--count", str(count), "--timeout", "60"], stdout=subprocess.PIPE, text=True)


def produce(args, topic: str, count: int, rate: float = 0) -> dict:
    command = [args.winnow, "bench", "produce", "--brokers", args.brokers, "--topic", topic, "--pages", *args.sources,
               "--count", str(count)]
    if rate > 0:
        command += ["--rate", f"{rate:.1f}"]
    return json_of(subprocess.run(command, stdout=subprocess.PIPE, text=True), "produce")


def drain(args, backlog: str, threads: int, run_id: str) -> dict:
    """A worker started on the whole backlog: how fast it drains it, and what it costs."""
    output = f"{run_id}-out-{threads}"
    kafka_topic(output, args.partitions)
    kafka_topic(output + "-dlq", 1, "max.message.bytes=16777216")
    reader = measure(args, f"{output},{output}-dlq", args.pages)
    w = worker(args, f"{args.work}/worker-{threads}.log", backlog, output, threads, f"{run_id}-group-{threads}")
    cpu = rss = 0.0
    while reader.poll() is None:
        cpu, rss = w.cpu_seconds(), w.peak_rss_mb()
        time.sleep(0.2)
    finished = time.time()
    m = json_of(reader, "measure")
    cpu, rss = w.cpu_seconds(), w.peak_rss_mb()
    status = w.stop()
    return {
        "threads": threads,
        "pages": m["distinct"], "missing": m["missing"], "duplicates": m["duplicates"],
        "pages_per_second": m["records_per_second"], "megabytes_out_per_second": m["megabytes_per_second"],
        "cpu_cores_used": cpu / max(1e-9, finished - w.started),
        "peak_rss_mb": rss,
        "first_article_seconds": m["first_arrival_unix_ms"] / 1000 - w.started if m["first_arrival_unix_ms"] else None,
        "worker_exit_status": status,
    }


def paced(args, rate: float, threads: int, run_id: str) -> dict:
    """A worker that keeps up: pages at `rate` a second, and how long each takes to come out."""
    source, output = f"{run_id}-paced", f"{run_id}-paced-out"
    kafka_topic(source, args.partitions)
    kafka_topic(output, args.partitions)
    kafka_topic(output + "-dlq", 1, "max.message.bytes=16777216")
    count = max(1000, int(rate * args.paced_seconds))
    w = worker(args, f"{args.work}/worker-paced.log", source, output, threads, f"{run_id}-group-paced")
    w.wait_ready()
    reader = measure(args, f"{output},{output}-dlq", count)
    time.sleep(1)   # the reader assigned before the first page goes in
    sent = produce(args, source, count, rate)
    m = json_of(reader, "measure") if reader.wait() is not None else {}
    status = w.stop()
    return {"threads": threads, "rate": rate, "pages": count, "produced_per_second": sent["records_per_second"],
            "missing": m["missing"], "duplicates": m["duplicates"], "latency_ms": m["latency_ms"],
            "worker_exit_status": status}


def machine() -> dict:
    model = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    memory = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
    return {"cpus": os.cpu_count(), "cpu": model.group(1) if model else platform.processor(),
            "memory_gib": round(memory / 2**20, 1), "kernel": platform.release(),
            "broker": "Apache Kafka 3.9, one node (KRaft) on loopback, on the same cores"}


def table(r: dict) -> str:
    c = r["ceiling"]
    lines = [f"End to end, {r['date']}: {r['backlog']['records']:,} pages of the shared sets "
             f"({r['backlog']['bytes'] / r['backlog']['records'] / 1000:.0f} kB on average as sent), "
             f"{r['partitions']} partitions, default settings; {r['machine']['cpus']} cores "
             f"({r['machine']['cpu']}), {r['machine']['broker']}.", "",
             "| run | pages/s | × ceiling | MB/s out | CPU cores | peak RSS MB | first article s |",
             "|---|---:|---:|---:|---:|---:|---:|",
             f"| ceiling (consume and produce again, no extraction) | {c['records_per_second']:,.0f} | 1.00 | "
             f"{c['megabytes_per_second']:.1f} | | | |"]
    for d in r["drain"]:
        first = f"{d['first_article_seconds']:.2f}" if d["first_article_seconds"] is not None else "–"
        lines.append(f"| `winnow run --threads {d['threads']}` on the backlog | {d['pages_per_second']:,.0f} | "
                     f"{d['pages_per_second'] / c['records_per_second']:.2f} | {d['megabytes_out_per_second']:.1f} | "
                     f"{d['cpu_cores_used']:.2f} | {d['peak_rss_mb']:.0f} | {first} |")
    p = r["paced"]
    lat = p["latency_ms"]
    lines += ["", f"Paced at {p['rate']:,.0f} pages/s (half the sustained rate of {p['threads']} threads), "
              f"{p['pages']:,} pages: end-to-end latency p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, "
              f"p99 {lat['p99']:.0f} ms, max {lat['max']:.0f} ms; missing {p['missing']}, duplicated {p['duplicates']}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--winnow", required=True)
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--paced-seconds", type=float, default=20)
    parser.add_argument("--out", default="bench/results")
    parser.add_argument("sources", nargs="+")
    args = parser.parse_args()
    run_id = f"e2e-{int(time.time())}"

    backlog = f"{run_id}-in"
    kafka_topic(backlog, args.partitions)
    print(f"e2e: a backlog of {args.pages} pages in {backlog}", file=sys.stderr)
    result = {"date": time.strftime("%Y-%m-%d"), "partitions": args.partitions, "machine": machine(),
              "backlog": produce(args, backlog, args.pages)}
    print("e2e: the ceiling", file=sys.stderr)
    kafka_topic(f"{run_id}-ceiling", args.partitions)
    result["ceiling"] = json_of(subprocess.run(
        [args.winnow, "bench", "ceiling", "--brokers", args.brokers, "--from", backlog, "--to", f"{run_id}-ceiling",
         "--count", str(args.pages)], stdout=subprocess.PIPE, text=True), "ceiling")
    result["drain"] = []
    for threads in (int(t) for t in args.threads.split(",")):
        print(f"e2e: the worker with {threads} thread(s) on the backlog", file=sys.stderr)
        result["drain"].append(drain(args, backlog, threads, run_id))
    fastest = max(result["drain"], key=lambda d: d["pages_per_second"])
    print(f"e2e: paced at half of {fastest['pages_per_second']:.0f} pages/s", file=sys.stderr)
    result["paced"] = paced(args, fastest["pages_per_second"] / 2, fastest["threads"], run_id)

    os.makedirs(args.out, exist_ok=True)
    with open(f"{args.out}/e2e.json", "w") as f:
        json.dump(result, f, indent=1)
    with open(f"{args.out}/e2e.md", "w") as f:
        f.write(table(result))
    sys.stdout.write(table(result))
    bad = [d for d in result["drain"] if d["missing"] or d["duplicates"] or d["worker_exit_status"]]
    sys.exit(1 if bad or result["paced"]["missing"] else 0)


if __name__ == "__main__":
    main()
