"""Score a Parley database on every visible gold set, split into the part we
tune on and the part held out of the loop.

    .venv/bin/python bench/score_sets.py --run                 # parley run over every set, then score
    .venv/bin/python bench/score_sets.py --db /tmp/all.duckdb  # score an existing run
    .venv/bin/python bench/score_sets.py --db X --part tuned --verbose   # the misses to work on

The held-out part is fixed before any work looks at it, so its figures say
how the rules carry over to text nobody fitted them to:
- dev2: the articles whose number ends in 1, 5 or 9;
- feed: the last third of the pages by file name.
Work on extraction and stripping reads `--verbose` of the tuned part only;
the held-out figures are for closing notes.

The gold files and scorers live outside the repository (`--eval`, default
../shared/eval); their scoring code is imported, not copied.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = ("seeds", "dev", "peer", "dev2", "feed")


def held_out(set_name: str, files: list[str]) -> set[str]:
    """The files of a set kept out of the tuning loop."""
    if set_name == "dev2":
        return {f for f in files if f[:3].isdigit() and f[2] in "159"}
    if set_name == "feed":
        ordered = sorted(files)
        return set(ordered[len(ordered) - len(ordered) // 3 :])
    return set()


def set_folder(eval_dir: Path, name: str) -> Path:
    return REPO / "seeds" if name == "seeds" else eval_dir / name


def _scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("parley_gold_score", eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_parley(db: Path, eval_dir: Path) -> None:
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.setdefault("PREFECT_HOME", str(Path(tempfile.mkdtemp(prefix="parley-score-")) / "prefect"))
    folders = [str(set_folder(eval_dir, s)) for s in SETS if set_folder(eval_dir, s).exists()]
    subprocess.run(
        [str(REPO / ".venv/bin/parley"), "run", *folders, "--db", str(db)],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def part_gold(gold: dict, keep: set[str], workdir: Path, label: str) -> Path:
    path = workdir / f"{label}.json"
    subset = dict(gold, articles=[a for a in gold["articles"] if a["file"] in keep])
    path.write_text(json.dumps(subset), encoding="utf-8")
    return path


def body_figures(db: Path, eval_dir: Path, keep: set[str], workdir: Path, label: str) -> str:
    truth = json.loads((eval_dir / "feed_body.json").read_text(encoding="utf-8"))
    path = workdir / f"{label}-body.json"
    path.write_text(json.dumps({k: v for k, v in truth.items() if k in keep}), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(eval_dir / "body_score.py"), str(db), str(path), str(eval_dir / "feed")],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()
    return out[-1] if out else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="database to score (default: a new run's)")
    parser.add_argument("--run", action="store_true", help="run parley over every set into --db first")
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--part", choices=("tuned", "held", "all"), default="all")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--verbose", action="store_true", help="list misses and false rows (tuned part only)")
    parser.add_argument("--body", action="store_true", help="also body_score.py on the feed pages")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="parley-parts-"))
    db = args.db or workdir / "all.duckdb"
    if args.run or args.db is None:
        run_parley(db, args.eval)
    scorer = _scorer(args.eval)
    parts = ("tuned", "held") if args.part == "all" else (args.part,)
    print(f"{'set':<6} {'part':<6} {'n':>3}  {'P':>5} {'R':>5} {'F1':>5} {'strict':>6} {'fp/100':>6}  "
          f"tp/fp/fn  dropped  kept  fields")
    for name in args.sets.split(","):
        gold_path = args.eval / f"{name}_gold.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        files = [a["file"] for a in gold["articles"]]
        held = held_out(name, files)
        for part in parts:
            keep = held if part == "held" else set(files) - held
            if not keep:
                continue
            result = scorer.score(str(part_gold(gold, keep, workdir, f"{name}-{part}")), str(db),
                                  args.verbose and part == "tuned")
            e, s, b = result["events"], result["strict"], result["boilerplate"]
            print(f"{name:<6} {part:<6} {len(keep):>3}  {e['precision']:>5} {e['recall']:>5} {e['f1']:>5} "
                  f"{s['f1']:>6} {e['false_per_100_articles']:>6}  {e['tp']}/{e['fp']}/{e['fn']}  "
                  f"{b['dropped']:>7}  {b['kept']}  {result['fields']}")
            for note in result["notes"]:
                print("    " + note)
            if args.body and name == "feed":
                print("    body: " + body_figures(db, args.eval, keep, workdir, part))
    return 0


if __name__ == "__main__":
    sys.exit(main())
