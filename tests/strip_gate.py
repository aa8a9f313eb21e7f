"""Boilerplate figures of the strip stage against the shared gold files.

Computes what ../shared/eval/score.py reports for boilerplate (dropped
lines, kept lines, publication dates) by calling `strip_document` directly,
so no flow or Prefect is needed; for the HTML feed it writes the clean texts
to a scratch DuckDB file and runs ../shared/eval/body_score.py on it, which
prints Parley's body P/R/F1 beside trafilatura's default extraction:

    .venv/bin/python tests/strip_gate.py                      # seeds, dev, dev2 (tuned part)
    .venv/bin/python tests/strip_gate.py --verbose            # and every miss (tuned part only)
    .venv/bin/python tests/strip_gate.py --part all feed dev2 # closing figures, both parts
    .venv/bin/python tests/strip_gate.py feed-dumps           # the feed pages as whole-page text dumps

`feed-dumps` turns each feed page into the text a simple scraper saves and
labels its lines against the reference body (bench/strip_dumps.py).

The held-out part of dev2 and feed (bench/score_sets.py, `held_out`) is
scored but its misses are never listed: it is kept out of the tuning loop.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from models.article import CleanArticle  # noqa: E402
from tasks.load import read_document  # noqa: E402
from tasks.strip import strip_document  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from score_sets import held_out  # noqa: E402

# gold file -> folder its articles live in
GOLD_SETS = {
    "seeds": (EVAL / "seeds_gold.json", REPO / "seeds"),
    "dev": (EVAL / "dev_gold.json", EVAL / "dev"),
    "dev2": (EVAL / "dev2_gold.json", EVAL / "dev2"),
}
FEED = EVAL / "feed"
FEED_BODY = EVAL / "feed_body.json"
PARTS = ("tuned", "held", "all")


def in_part(set_name: str, files: list[str], part: str) -> set[str]:
    """The files of a set in one part: tuned, held (out of the loop) or all."""
    held = held_out(set_name, files)
    if part == "held":
        return held
    return set(files) - held if part == "tuned" else set(files)


def norm(s: str | None) -> str:
    """The scorer's normalisation: straight quotes, folded spaces, lowercase."""
    if s is None:
        return ""
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


@dataclass
class GateResult:
    dropped: int = 0
    drop_total: int = 0
    kept: int = 0
    keep_total: int = 0
    dates: int = 0
    date_total: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def drop_rate(self) -> float:
        return self.dropped / self.drop_total if self.drop_total else 1.0

    @property
    def keep_rate(self) -> float:
        return self.kept / self.keep_total if self.keep_total else 1.0

    def summary(self) -> str:
        return (
            f"dropped {self.dropped}/{self.drop_total} ({self.drop_rate:.1%}), "
            f"kept {self.kept}/{self.keep_total}, dates {self.dates}/{self.date_total}"
        )


def strip_file(path: Path):
    """The strip stage's result for one file: a CleanArticle or a RejectedInput."""
    doc = read_document(path, max_bytes=60_000_000)
    return strip_document(doc) if not hasattr(doc, "stage") else doc


def gate(name: str, part: str = "tuned") -> GateResult:
    """Run the strip stage over one gold set and count as the scorer does.
    Notes name the misses of the tuned part only."""
    gold_path, folder = GOLD_SETS[name]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    files = [a["file"] for a in gold["articles"]]
    chosen = in_part(name, files, part)
    held = held_out(name, files)
    res = GateResult()
    for art in gold["articles"]:
        f = art["file"]
        if f not in chosen:
            continue
        before = len(res.notes)
        out = strip_file(folder / f)
        if isinstance(out, CleanArticle):
            clean, published = out.clean_text, out.published_on
        else:
            res.notes.append(f"{f}: rejected: {out.reason}")
            clean, published = "", None
        lines = {norm(line) for line in clean.splitlines() if line.strip()}
        flat = norm(clean)
        for line in art["drop"]:
            res.drop_total += 1
            if norm(line) not in lines:
                res.dropped += 1
            else:
                res.notes.append(f"{f}: boilerplate kept: {line[:80]!r}")
        for line in art["keep"]:
            res.keep_total += 1
            if norm(line) in flat:
                res.kept += 1
            else:
                res.notes.append(f"{f}: content lost: {line[:80]!r}")
        if "published_on" in art:
            res.date_total += 1
            accepted = [art["published_on"]] + art.get("published_on_also_accepted", [])
            got = published.isoformat() if published else None
            if got in accepted:
                res.dates += 1
            else:
                res.notes.append(f"{f}: published_on {got} not in {accepted}")
        if f in held:
            del res.notes[before:]  # held out: counted, never shown
    return res


@dataclass
class BodyResult:
    pages: int
    parley: tuple[float, float, float]  # precision, recall, F1
    trafilatura: tuple[float, float, float]
    line: str


_BODY_LINE = re.compile(
    r"pages=(\d+).*parley body P/R/F1=([\d.]+)/([\d.]+)/([\d.]+) "
    r"trafilatura default P/R/F1=([\d.]+)/([\d.]+)/([\d.]+)"
)


def feed_body(part: str = "tuned") -> BodyResult:
    """Body quality on the feed pages of one part, by ../shared/eval/body_score.py."""
    import duckdb

    truth = json.loads(FEED_BODY.read_text(encoding="utf-8"))
    chosen = in_part("feed", sorted(truth), part)
    with tempfile.TemporaryDirectory(prefix="parley-gate-") as tmp:
        db, body = Path(tmp) / "feed.duckdb", Path(tmp) / "body.json"
        body.write_text(json.dumps({k: v for k, v in truth.items() if k in chosen}), encoding="utf-8")
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE articles (source VARCHAR, clean_text VARCHAR)")
        for name in sorted(chosen):
            article = strip_file(FEED / name)
            if isinstance(article, CleanArticle):
                con.execute("INSERT INTO articles VALUES (?, ?)", [name, article.clean_text])
        con.close()
        out = subprocess.run(
            [sys.executable, str(EVAL / "body_score.py"), str(db), str(body), str(FEED)],
            check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    m = _BODY_LINE.search(out)
    if not m:
        raise RuntimeError(f"unexpected body_score.py output: {out}")
    numbers = [float(x) for x in m.groups()[1:]]
    return BodyResult(int(m.group(1)), tuple(numbers[:3]), tuple(numbers[3:]), out)


def feed_dumps(part: str = "tuned"):
    """Dropped and kept lines of the feed pages as text dumps (a
    bench/strip_dumps.py Tally); its notes name misses of the tuned part only."""
    from strip_dumps import score_feed_dumps

    return score_feed_dumps(part)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="list every miss (tuned part only)")
    ap.add_argument("--part", choices=PARTS, default="tuned", help="part of dev2 and feed to score")
    ap.add_argument("sets", nargs="*", default=list(GOLD_SETS), help="seeds, dev, dev2, feed, feed-dumps")
    args = ap.parse_args(argv)
    parts = ("tuned", "held") if args.part == "all" else (args.part,)
    for name in args.sets:
        for part in parts if name in ("dev2", "feed", "feed-dumps") else ("all",):
            label = f"{name} ({part})" if name in ("dev2", "feed", "feed-dumps") else name
            if name == "feed":
                print(f"{label}: {feed_body(part).line}")
                continue
            if name == "feed-dumps":
                tally = feed_dumps(part)
                print(f"{label}: {tally.summary()}")
                for miss in tally.notes if args.verbose else []:
                    print("   ", miss)
                continue
            res = gate(name, part)
            print(f"{label}: {res.summary()}")
            if args.verbose:
                for note in res.notes:
                    print("   ", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
