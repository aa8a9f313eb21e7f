"""Parley against the ceiling of its own stack, on real news.

    make bench                                   # both workloads below, 2,000 text articles
    .venv/bin/python bench/bench.py --text 2000 20000 --bare-max 2000

Workloads, each run through `parley run` in a fresh process and a fresh
DuckDB file (start-up included: Prefect's server, imports, model loading;
Prefect's own database in .prefect/bench is made once, untimed, as a user's
first run makes it),
then the clean texts the flow stored through bare `nlp.pipe(n_process=2)` of
the full spaCy model (every component on, every sentence), in this process
after the model is loaded, as the issue's figures were taken:

- html: the 90 real pages of ../shared/eval/feed (every topic), each copied
  `--html-copies` times (3) with the headline numbered, so every copy is a
  distinct article;
- text N: N text dumps of ~630 words recombined (fixed seed) from the
  sentences of real news of every topic: the clean texts of the feed, dev2
  and dev pages.

Prints one table (seconds, flow / bare, peak RSS of the whole process tree
of each side) plus each flow run's seconds of work per stage, the time and
memory of every text run against the first, and the machine's load average
before and after: on a shared machine only figures of one invocation
compare. Writes the same as JSON (bench/results/bench.json).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
EVAL = REPO.parent / "shared" / "eval"
PREFECT_HOME = REPO / ".prefect" / "bench"  # kept between invocations, as a user's is
PARLEY = Path(sys.executable).with_name("parley")
SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]["”’]))\s+(?=["“‘A-Z])')


# --- workloads ----------------------------------------------------------

def html_workload(folder: Path, copies: int) -> int:
    """The feed pages, `copies` times each, headline numbered per copy."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted((EVAL / "feed").glob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="surrogateescape")
        for copy in range(1, copies + 1):
            mark = f" (edition {copy})"
            numbered = re.sub(r"(<title[^>]*>)(.*?)(</title>)", lambda m: m[1] + m[2] + mark + m[3], html, count=1,
                              flags=re.S | re.I)
            numbered = re.sub(r"(<h1[^>]*>.*?)(</h1>)", lambda m: m[1] + mark + m[2], numbered, flags=re.S | re.I)
            numbered = re.sub(r'("headline"\s*:\s*")', lambda m: m[1] + mark.strip() + " ", numbered)
            numbered = re.sub(r"<meta\b[^>]*(?:og:title|twitter:title)[^>]*>",
                              lambda m: re.sub(r'(content=")', lambda c: c[1] + mark.strip() + " ", m[0]), numbered)
            (folder / f"{page.stem}-{copy}.html").write_text(numbered, encoding="utf-8", errors="surrogateescape")
    return len(pages) * copies


def news_sentences() -> tuple[list[str], list[str]]:
    """(sentences, titles) of the clean texts of the feed, dev2 and dev pages."""
    from tasks.load import load_documents
    from tasks.strip import strip_documents

    paths = [str(p) for name in ("feed", "dev2", "dev") for p in sorted((EVAL / name).iterdir())
             if p.suffix in (".html", ".txt")]
    articles, _ = strip_documents(load_documents(paths)[0])
    sentences, titles = [], []
    for article in articles:
        if article.title:
            titles.append(article.title)
        for line in article.clean_text.splitlines()[1:]:
            sentences += [s.strip() for s in SENTENCE_END.split(line)
                          if 6 <= len(s.split()) <= 80 and s.strip()[-1:] in '.!?"”']
    return list(dict.fromkeys(sentences)), titles


def text_workload(folder: Path, n: int, material: tuple[list[str], list[str]], *, words: int = 630,
                  seed: int = 5) -> int:
    sentences, titles = material
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(n):
        paragraphs, count = [], 0
        while count < words:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        text = f"{rng.choice(titles)} ({number + 1})\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    return n


# --- memory -------------------------------------------------------------

def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return pids


class PeakRSS:
    """The highest summed RSS of process `pid` and all its descendants
    (workers, Prefect's server), sampled every `interval` seconds."""

    def __init__(self, pid: int | None = None, interval: float = 0.2) -> None:
        self.pid, self.interval, self.peak_kib = pid or os.getpid(), interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in _tree(self.pid)))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mib(self) -> float:
        return self.peak_kib / 1024


# --- runs ---------------------------------------------------------------

def prepare_prefect_home(home: Path) -> None:
    """Create Prefect's database in `home` before the timed runs: a user's
    first run ever pays for it once (several seconds), later runs do not."""
    if (home / "prefect.db").exists():
        return
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    code = "from flows.api_server import TemporaryServer as S; s = S(); s.wait_until_healthy(300); s.stop()"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True)


def run_flow(folder: Path, db: Path, home: Path) -> dict:
    """`parley run` in a fresh process, as a user runs it."""
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    log = db.with_suffix(".log")
    started = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen([str(PARLEY), "run", str(folder), "--db", str(db)], env=env, stdout=out,
                                   stderr=subprocess.STDOUT, cwd=REPO)
        with PeakRSS(process.pid) as memory:
            code = process.wait()
    seconds = time.perf_counter() - started
    text = log.read_text(errors="replace")
    if code:
        raise SystemExit(f"parley run failed ({code}):\n{text[-3000:]}")
    work = re.search(r"work: (.*)", text)
    stages = {m[1]: float(m[2]) for m in re.finditer(r"(\w+) ([\d.]+)s \(", work[1])} if work else {}
    where = re.search(r"chunks run (.*)", text)
    return {"seconds": seconds, "peak_rss_mib": memory.mib, "stage_busy_s": stages,
            "chunks_run": where[1].strip() if where else "?", "log": str(log)}


def stored_texts(db: Path) -> list[str]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("select clean_text from articles order by source").fetchall()]


def run_bare(texts: list[str], model: str, batch_size: int) -> dict:
    import spacy

    nlp = spacy.load(model)  # the model as shipped, every component on
    with PeakRSS() as memory:
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=batch_size))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "tokens": tokens, "peak_rss_mib": memory.mib}


def measure(name: str, folder: Path, work: Path, *, bare: bool, settings) -> dict:
    db = work / f"{name}.duckdb"
    flow = run_flow(folder, db, PREFECT_HOME)
    texts = stored_texts(db)
    row = {"workload": name, "inputs": sum(1 for _ in folder.iterdir()), "articles": len(texts), "flow": flow}
    print(f"{name}: flow {flow['seconds']:.1f}s for {len(texts)} articles ({flow['chunks_run']})", flush=True)
    if bare:
        row["bare"] = run_bare(texts, settings.spacy_model, settings.nlp_batch_size)
        print(f"{name}: bare nlp.pipe(n_process=2) {row['bare']['seconds']:.1f}s", flush=True)
    return row


# --- report -------------------------------------------------------------

def render(result: dict) -> str:
    head = ("workload", "articles", "flow s", "bare s", "flow / bare", "flow peak RSS MiB", "bare peak RSS MiB")
    rows = [head]
    for row in result["runs"]:
        flow, bare = row["flow"], row.get("bare")
        rows.append((row["workload"], row["articles"], f"{flow['seconds']:.1f}",
                     f"{bare['seconds']:.1f}" if bare else "-",
                     f"{bare['seconds'] / flow['seconds']:.2f}" if bare else "-",
                     f"{flow['peak_rss_mib']:.0f}", f"{bare['peak_rss_mib']:.0f}" if bare else "-"))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines.append("")
    lines.append("flow / bare is the speed of the whole flow relative to bare spaCy (higher is faster).")
    texts = [r for r in result["runs"] if r["workload"].startswith("text")]
    for row in texts[1:]:
        base = texts[0]
        lines.append(f"{row['workload']} against {base['workload']}: time x{row['flow']['seconds'] / base['flow']['seconds']:.2f}"
                     f" for x{row['articles'] / base['articles']:.1f} the articles; peak RSS "
                     f"x{row['flow']['peak_rss_mib'] / base['flow']['peak_rss_mib']:.2f}")
    for row in result["runs"]:
        busy = row["flow"]["stage_busy_s"]
        lines.append(f"{row['workload']} work (busy seconds, every process): "
                     + ", ".join(f"{k} {v:.1f}" for k, v in busy.items()))
    lines.append(f"machine: {result['machine']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text", type=int, nargs="*", default=[2000], help="sizes of the text workloads (0 or none: skip)")
    parser.add_argument("--html-copies", type=int, default=3, help="copies of each feed page (0: skip the html workload)")
    parser.add_argument("--bare-max", type=int, default=5000, help="no bare spaCy run above this many articles")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "bench.json")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and databases (temporary)")
    args = parser.parse_args(argv)

    from models.settings import get_settings

    settings = get_settings()
    work = args.work or Path(tempfile.mkdtemp(prefix="parley-bench-"))
    prepare_prefect_home(PREFECT_HOME)
    load_before = os.getloadavg()
    runs = []
    if args.html_copies:
        folder = work / "html"
        shutil.rmtree(folder, ignore_errors=True)
        html_workload(folder, args.html_copies)
        runs.append(measure("html", folder, work, bare=True, settings=settings))
    sizes = [n for n in args.text if n > 0]
    material = news_sentences() if sizes else ([], [])
    for n in sizes:
        folder = work / f"text-{n}"
        shutil.rmtree(folder, ignore_errors=True)
        text_workload(folder, n, material)
        runs.append(measure(f"text {n}", folder, work, bare=n <= args.bare_max, settings=settings))
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()
    result = {
        "runs": runs,
        "settings": {"workers": settings.workers, "chunk_size": settings.chunk_size, "model": settings.spacy_model,
                     "focused_parse": settings.focused_parse, "nlp_batch_size": settings.nlp_batch_size},
        "material_sentences": len(material[0]),
        "machine": f"{os.cpu_count()} cores; load average (1/5/15 min) before "
                   + "/".join(f"{x:.2f}" for x in load_before) + ", after " + "/".join(f"{x:.2f}" for x in load_after),
    }
    result["table"] = render(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print()
    print(result["table"])
    print(f"\nresults in {args.out}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
