"""Parley against the ceiling of its own stack.

    .venv/bin/python bench/bench.py -n 5000 [--out bench/results/bench-5000.json]

1. Builds a corpus of N distinct news-like text dumps (~630 words each)
   from the repository's own material: the seed articles, the peer
   sentences beside the repo (../shared/eval/peer, when present) and the
   example sentences in the tests, recombined with a fixed random seed.
2. Runs the real `extract-events` flow over it into a fresh DuckDB file
   (in this process, with Prefect's temporary server, as `parley run` does).
3. Runs the clean texts the flow stored through bare `nlp.pipe` of the same
   spaCy model, with n_process=1 and n_process=2.
4. Prints one table (articles/s, tokens/s, flow / bare, time share per
   stage, peak RSS of the whole process tree) and writes it as JSON.

The machine is sampled too (load average before and after), because
benchmark figures on a shared machine are only comparable within one run.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_HOME", str(REPO / ".prefect" / "bench"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# A loaded machine can take longer than the default 20 s to start the server.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]["”’]))\s+(?=["“‘A-Z])')


# --- corpus -------------------------------------------------------------

def _sentences_from_text(text: str) -> list[str]:
    out = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        for sentence in SENTENCE_END.split(paragraph.strip()):
            sentence = sentence.strip()
            if 6 <= len(sentence.split()) <= 80 and sentence[-1:] in '.!?"”':
                out.append(sentence)
    return out


def _sentences_from_tests() -> list[str]:
    out = []
    for path in sorted((REPO / "tests").glob("test_*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out += [s for s in _sentences_from_text(node.value) if "\n" not in s and "{" not in s]
    return out


def material() -> tuple[list[str], list[str]]:
    """(sentences, titles) from the repository's own texts."""
    sentences: list[str] = []
    titles: list[str] = []
    sources = sorted((REPO / "seeds").glob("*.txt"))
    peer = REPO.parent / "shared" / "eval" / "peer"
    if peer.is_dir():
        sources += sorted(peer.glob("*.txt"))
    for path in sources:
        text = path.read_text(encoding="utf-8", errors="replace")
        first = text.strip().splitlines()[0] if text.strip() else ""
        if 4 <= len(first.split()) <= 20 and not first.endswith("."):
            titles.append(first)
        sentences += _sentences_from_text(text)
    sentences += _sentences_from_tests()
    sentences = list(dict.fromkeys(sentences))  # once each, order kept
    if not titles:
        titles = ["Diplomatic news of the day"]
    return sentences, titles


def _holds_trigger_word(sentence: str) -> bool:
    from tasks.extraction.focus import trigger_words

    words = trigger_words()
    return any(w in words for w in re.findall(r"[\w'’-]+", sentence.lower()))


def seed_trigger_share() -> float:
    """Share of the seed articles' sentences that hold a possible trigger word."""
    sentences = [s for p in sorted((REPO / "seeds").glob("*.txt"))
                 for s in _sentences_from_text(p.read_text(encoding="utf-8", errors="replace"))]
    return sum(map(_holds_trigger_word, sentences)) / max(1, len(sentences))


def build_corpus(n: int, folder: Path, *, words: int = 630, seed: int = 5, trigger_share: float | None = None) -> dict:
    """Write `n` distinct text dumps into `folder`; returns corpus figures.

    With `trigger_share`, each sentence is drawn from the sentences that
    hold a possible trigger word with that probability and from the others
    otherwise, so the articles can match the density of real news pages;
    without it, sentences are drawn uniformly from all the material (whose
    peer and test sentences nearly all report events)."""
    sentences, titles = material()
    with_trigger = [s for s in sentences if _holds_trigger_word(s)]
    without = [s for s in sentences if not _holds_trigger_word(s)]
    rng = random.Random(seed)

    def draw() -> str:
        if trigger_share is None or not with_trigger or not without:
            return rng.choice(sentences)
        return rng.choice(with_trigger if rng.random() < trigger_share else without)

    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    total_words = 0
    for number in range(n):
        while True:
            paragraphs, count = [], 0
            while count < words:
                paragraph = " ".join(draw() for _ in range(rng.randint(2, 4)))
                paragraphs.append(paragraph)
                count += len(paragraph.split())
            title = f"{rng.choice(titles)} ({number + 1})"
            text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
            digest = hashlib.sha256(text.encode()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                break
        (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
        total_words += count
    return {"articles": n, "sentences_available": len(sentences), "with_trigger_word": len(with_trigger),
            "trigger_share": "uniform draw" if trigger_share is None else round(trigger_share, 3),
            "mean_words": round(total_words / max(1, n))}


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
    """Samples the RSS of this process and all its descendants (workers,
    Prefect's temporary server) and keeps the highest sum and the highest
    single process."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_tree = 0
        self.peak_self = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [_rss_kib(p) for p in _tree(os.getpid())]
            self.peak_tree = max(self.peak_tree, sum(sizes))
            self.peak_self = max(self.peak_self, sizes[0] if sizes else 0)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# --- runs ---------------------------------------------------------------

def run_flow(corpus: Path, db: Path) -> dict:
    import flows.extract_events as module
    from flows.extract_events import extract_events

    cpu0 = os.times()
    started = time.time()
    with PeakRSS() as memory:
        summary = extract_events(paths=[str(corpus)], db=str(db))
    ended = time.time()
    cpu1 = os.times()
    clock = module.LAST_RUN_CLOCK
    wall = ended - started
    startup = max(0.0, clock.body_started - started)
    teardown = max(0.0, ended - clock.body_ended) if clock.body_ended else 0.0
    orchestration = startup + teardown + clock.task_wall
    return {
        "wall_s": wall,
        "startup_s": startup,
        "teardown_s": teardown,
        "orchestration_s": orchestration,
        "stage_busy_s": dict(clock.seconds),
        "workers": clock.parallel,
        "articles_new": summary.articles_new,
        "rejected": summary.rejected,
        "rows_added": summary.rows_added,
        "peak_rss_tree_mib": memory.peak_tree / 1024,
        "peak_rss_flow_process_mib": memory.peak_self / 1024,
        "cpu_s_this_process_and_children": (cpu1.user + cpu1.system + cpu1.children_user + cpu1.children_system)
        - (cpu0.user + cpu0.system + cpu0.children_user + cpu0.children_system),
    }


def stored_texts(db: Path) -> list[str]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("select clean_text from articles order by source").fetchall()]


def run_bare(texts: list[str], n_process: int, model: str, batch_size: int) -> dict:
    import spacy

    nlp = spacy.load(model)  # the model as shipped, every component on
    with PeakRSS() as memory:
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": len(texts), "tokens": tokens, "peak_rss_tree_mib": memory.peak_tree / 1024}


# --- report -------------------------------------------------------------

def render(result: dict) -> str:
    flow = result["flow"]
    rows = [("run", "articles", "seconds", "articles/s", "tokens/s", "flow / this", "peak RSS MiB")]
    flow_rate = flow["articles_per_s"]
    rows.append(("flow (whole run)", flow["articles_new"], f"{flow['wall_s']:.1f}", f"{flow_rate:.2f}",
                 f"{flow['tokens_per_s']:.0f}", "1.00", f"{flow['peak_rss_tree_mib']:.0f}"))
    for key in ("bare_n1", "bare_n2"):
        bare = result.get(key)
        if not bare:
            continue
        rate = bare["articles"] / bare["seconds"]
        rows.append((f"bare nlp.pipe n_process={key[-1]}", bare["articles"], f"{bare['seconds']:.1f}", f"{rate:.2f}",
                     f"{bare['tokens'] / bare['seconds']:.0f}", f"{flow_rate / rate:.2f}", f"{bare['peak_rss_tree_mib']:.0f}"))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    shares = flow["stage_share"]
    lines.append("")
    lines.append("flow time share (busy seconds of every process, orchestration = startup + teardown + "
                 "flow-side task overhead):")
    lines.append("  " + ", ".join(f"{k} {v:.1%}" for k, v in shares.items()))
    lines.append(f"  startup {flow['startup_s']:.1f}s, teardown {flow['teardown_s']:.1f}s, "
                 f"orchestration in all {flow['orchestration_s']:.1f}s = {flow['orchestration_share_of_wall']:.1%} of the run's wall time")
    lines.append(f"  machine: {result['machine']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default bench/results/bench-N.json)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus and database (temporary)")
    parser.add_argument("--bare-limit", type=int, default=0,
                        help="run bare nlp.pipe on the first K stored texts only (0 = all)")
    parser.add_argument("--no-bare", action="store_true", help="only the flow")
    parser.add_argument("--mix", choices=["seeds", "uniform"], default="seeds",
                        help="seeds: sentences with a possible trigger word make up the same share of each "
                        "article as in the seed articles (news-like; default); uniform: draw from all the "
                        "material alike (about half the sentences then report events)")
    args = parser.parse_args(argv)

    from models.settings import get_settings

    settings = get_settings()
    work = args.work or Path(tempfile.mkdtemp(prefix="parley-bench-"))
    corpus, db = work / "corpus", work / "bench.duckdb"
    if corpus.exists():
        shutil.rmtree(corpus)
    db.unlink(missing_ok=True)
    load_before = os.getloadavg()
    corpus_info = build_corpus(args.articles, corpus,
                               trigger_share=seed_trigger_share() if args.mix == "seeds" else None)
    print(f"corpus: {corpus_info} in {corpus}", flush=True)

    flow = run_flow(corpus, db)
    texts = stored_texts(db)
    import spacy

    nlp = spacy.blank("en")
    tokens = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    flow["articles_per_s"] = flow["articles_new"] / flow["wall_s"]
    flow["tokens_per_s"] = tokens / flow["wall_s"]
    busy = dict(flow["stage_busy_s"])
    busy["orchestration"] = flow["orchestration_s"]
    total_busy = sum(busy.values()) or 1.0
    flow["stage_share"] = {k: v / total_busy for k, v in busy.items()}
    flow["orchestration_share_of_wall"] = flow["orchestration_s"] / flow["wall_s"]
    print(f"flow: {flow['articles_new']} articles in {flow['wall_s']:.1f}s", flush=True)

    result = {"articles": args.articles, "corpus": corpus_info, "tokens": tokens, "flow": flow,
              "settings": {"workers": settings.workers, "chunk_size": settings.chunk_size,
                           "nlp_batch_size": settings.nlp_batch_size, "model": settings.spacy_model,
                           "focused_parse": settings.focused_parse, "focus_context": settings.focus_context,
                           "ner_scope": settings.ner_scope}}
    if not args.no_bare:
        sample = texts[: args.bare_limit] if args.bare_limit else texts
        for n_process in (1, 2):
            result[f"bare_n{n_process}"] = run_bare(sample, n_process, settings.spacy_model, settings.nlp_batch_size)
            print(f"bare n_process={n_process}: {result[f'bare_n{n_process}']}", flush=True)
    load_after = os.getloadavg()
    result["machine"] = (f"{os.cpu_count()} cores; load average (1/5/15 min) before {load_before[0]:.2f}/"
                         f"{load_before[1]:.2f}/{load_before[2]:.2f}, after {load_after[0]:.2f}/{load_after[1]:.2f}/"
                         f"{load_after[2]:.2f}")
    table = render(result)
    result["table"] = table
    out = args.out or REPO / "bench" / "results" / f"bench-{args.articles}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print()
    print(table)
    print(f"\nresults in {out}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
