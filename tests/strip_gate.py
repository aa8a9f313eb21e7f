"""Boilerplate figures of the strip stage against the shared gold files.

Computes what /work/shared/eval/score.py reports for boilerplate (dropped
lines, kept lines, publication dates) by calling `strip_document` directly,
so no flow, database or Prefect is needed:

    .venv/bin/python tests/strip_gate.py            # seeds and dev
    .venv/bin/python tests/strip_gate.py --verbose  # and every miss
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from models.article import CleanArticle  # noqa: E402
from tasks.load import read_document  # noqa: E402
from tasks.strip import strip_document  # noqa: E402

# gold file -> folder its articles live in
GOLD_SETS = {
    "seeds": (EVAL / "seeds_gold.json", REPO / "seeds"),
    "dev": (EVAL / "dev_gold.json", EVAL / "dev"),
}


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


def gate(name: str) -> GateResult:
    """Run the strip stage over one gold set and count as the scorer does."""
    gold_path, folder = GOLD_SETS[name]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    res = GateResult()
    for art in gold["articles"]:
        f = art["file"]
        doc = read_document(folder / f, max_bytes=60_000_000)
        out = strip_document(doc) if not hasattr(doc, "stage") else doc
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
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    ap.add_argument("sets", nargs="*", default=list(GOLD_SETS))
    args = ap.parse_args(argv)
    for name in args.sets:
        res = gate(name)
        print(f"{name}: {res.summary()}")
        if args.verbose:
            for note in res.notes:
                print("   ", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
