"""``gxopen batch`` on a generated corpus, beside a plain Python loop, in one run.

Run: ``python benchmarks/bench_batch.py [CORPUS] [--reports 100000] [--jobs 1 2]``.
Without CORPUS (or when it is missing) the corpus is made first with
``make_corpus.py`` (100,000 invented report JSON files, 5,000 governments, 7
years). Each contender runs as its own process, one after the other:

* ``loop``: a plain Python loop — read each file, ``gxopen.loads``,
  ``gxopen.validate`` — that writes nothing;
* ``batch -j N``: ``gxopen batch CORPUS -o OUT --jobs N``, all outputs
  included (reports.jsonl, cells.csv, cells.parquet, findings.csv,
  datapackage.json, summary.html and the worst reports' pages).

It prints wall time, reports per second and peak memory — the largest sum of
the resident sizes of the process and all its children, sampled every 50 ms
from /proc (Linux) — and the load average before and after, since the machine
may be shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_corpus import make

_LOOP = """
import os, sys, gxopen
n = 0
for folder, dirs, names in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(names):
        with open(os.path.join(folder, name), "rb") as f:
            gxopen.validate(gxopen.loads(f.read()))
        n += 1
print(n)
"""

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
    family = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in family and pid not in family:
                family.add(pid)
                grew = True
    total = 0
    for pid in family:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * _PAGE
        except OSError:
            continue
    return total


def measure(argv: list[str]) -> tuple[float, int, str]:
    """Run ``argv``; return wall seconds, peak tree RSS in bytes, and its standard output."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err[-3000:]}")
    return wall, peak, out


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", help="a folder of reports (made when missing)")
    parser.add_argument("--reports", type=int, default=100_000, help="size of a corpus to make")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", action="store_true", help="keep the outputs (printed)")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="gxopen-bench-"))
    corpus = Path(args.corpus) if args.corpus else scratch / "corpus"
    if not corpus.exists():
        start = time.perf_counter()
        counts = make(str(corpus), reports=args.reports)
        print(f"made {counts} in {time.perf_counter() - start:.0f} s")
    n = sum(len(files) for _, _, files in os.walk(corpus))
    print(f"corpus: {corpus}, {n} files, {_size(corpus) / 2**20:.0f} MiB; Python {sys.version.split()[0]}")
    print(f"cores: {os.cpu_count()}, load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows: list[tuple[str, float, int, int | None]] = []
    wall, peak, out = measure([sys.executable, "-c", _LOOP, str(corpus)])
    assert int(out) == n, out
    rows.append(("loop: loads + validate, no output", wall, peak, None))
    for jobs in args.jobs:
        target = scratch / f"out-j{jobs}"
        command = [sys.executable, "-m", "gxopen", "batch", str(corpus), "-o", str(target), "-j", str(jobs)]
        wall, peak, out = measure([*command, "--no-progress"])
        rows.append((f"gxopen batch -j {jobs}, all outputs", wall, peak, _size(target)))
        print(f"  {out.strip()}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'':38s} {'wall s':>8s} {'reports/s':>10s} {'peak MiB':>9s} {'output MiB':>11s}")
    for name, wall, peak, size in rows:
        out_mib = "" if size is None else f"{size / 2**20:11.0f}"
        print(f"{name:38s} {wall:8.1f} {n / wall:10.0f} {peak / 2**20:9.0f} {out_mib}")
    if args.keep:
        print(f"outputs kept in {scratch}")
    else:
        for jobs in args.jobs:
            shutil.rmtree(scratch / f"out-j{jobs}", ignore_errors=True)
        if not args.corpus:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
