"""Text-dump stripping measured on far more pages than dev2: the 90 HTML
pages of the feed (60+ outlets), each turned into the text a simple scraper
would save, with every line labelled against the page's reference body.

    .venv/bin/python bench/strip_dumps.py                    # dev2 and feed dumps, tuned part
    .venv/bin/python bench/strip_dumps.py --part all         # both parts (closing figures)
    .venv/bin/python bench/strip_dumps.py --verbose          # every miss of the tuned part
    .venv/bin/python bench/strip_dumps.py --write /tmp/dumps # the dumps and their labels, to read

1. The dump (`page_dump`): the visible text of the whole page, one line per
   block element (paragraphs, headings, list items, table cells, divs), inline
   elements run together, `<br>` a line break; script, style, templates, SVG
   and elements hidden by `hidden` or an inline `display:none` are left out.
   Menus, captions, related links, footers and cookie notices all stay in, as
   they do in the dumps of dev2.
2. The labels (`label_lines`): a line is article text when it is a line of
   the reference body, or when 80% or more of its words sit in word 4-grams
   of the body; furniture when 20% or less do (or, under four words, when it
   is no line of the body); in between it is mixed (a paragraph with a link
   label glued on, a teaser quoting the article) and left out of the count.
   The headline (the page's h1 or og:title, as it appears in the dump) is
   article text. The reference bodies carry a little furniture themselves
   (a caption, "Advertisement"): a short body line that the dump also shows
   outside the stretch of the article is left out of the count as mixed.
3. The score, counted as ../shared/eval/score.py counts dev2: a furniture
   line is dropped when no line of the clean text equals it, an article line
   is kept when the clean text contains it; each distinct line counts once
   per page. Publication dates are checked against feed_gold.json.

The split is the project's (bench/score_sets.py, `held_out`): the last third
of the feed by name and the dev2 files numbered 1, 5 or 9 are held out; their
misses are never listed.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
for extra in (REPO, REPO / "bench", REPO / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from score_sets import held_out  # noqa: E402
from strip_gate import GateResult, gate, norm  # noqa: E402

FEED = EVAL / "feed"
PARTS = ("tuned", "held", "all")

# --------------------------------------------------------------------------
# 1. HTML page -> text dump

# Elements that start and end a line of the dump.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table "
    "tbody thead tfoot tr td th ul legend option button label".split()
)
# Elements whose content a reader never sees as text.
HIDDEN_TAGS = frozenset("script style template svg math head iframe object embed canvas select noembed".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _hidden(el) -> bool:
    if not isinstance(el.tag, str) or el.tag.lower() in HIDDEN_TAGS:
        return True
    if el.get("hidden") is not None or (el.get("type") or "").lower() == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def page_dump(html: str | bytes) -> str:
    """The visible text of an HTML page as a simple scraper saves it: one
    line per block, blank lines between blocks."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    out: list[str] = []
    # An explicit stack: news pages nest deeper than Python's recursion limit.
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                out.append("\n\n")
            if el.tail:
                out.append(el.tail)
            continue
        if _hidden(el):
            if el.tail:
                out.append(el.tail)
            continue
        if tag == "br":
            out.append("\n")
        elif tag in BLOCK_TAGS:
            out.append("\n\n")
        if el.text and tag != "br":
            out.append(el.text)
        stack.append((el, True))
        for child in reversed(list(el)):
            stack.append((child, False))
    lines: list[str] = []
    for block in "".join(out).split("\n\n"):
        for piece in block.split("\n"):
            text = re.sub(r"\s+", " ", piece).strip()
            if text:
                lines.append(text)
        if lines and lines[-1] != "":
            lines.append("")
    return "\n".join(lines).strip() + "\n"


# --------------------------------------------------------------------------
# 2. Labels against the reference body

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(s: str) -> list[str]:
    return _TOKEN.findall(norm(s))


def _grams(toks: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def coverage(line_tokens: list[str], body_grams: set[tuple[str, ...]], n: int = 4) -> float:
    """Share of the line's words that sit inside a word n-gram of the body."""
    if len(line_tokens) < n:
        return 0.0
    covered = [False] * len(line_tokens)
    for i in range(len(line_tokens) - n + 1):
        if tuple(line_tokens[i : i + n]) in body_grams:
            for k in range(i, i + n):
                covered[k] = True
    return sum(covered) / len(line_tokens)


def headline_of(html: str | bytes) -> str | None:
    """The page's headline: its h1 when one h1 is there, else og:title."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    heads = [re.sub(r"\s+", " ", h.text_content()).strip() for h in root.iter("h1")]
    heads = [h for h in heads if len(h.split()) >= 3]
    og = root.xpath("//meta[@property='og:title']/@content")
    og_title = re.sub(r"\s+", " ", og[0]).strip() if og else None
    if og_title:
        for h in heads:
            if norm(h) in norm(og_title) or norm(og_title) in norm(h):
                return h
    if len(heads) == 1:
        return heads[0]
    return og_title


ARTICLE, FURNITURE, MIXED = "article", "furniture", "mixed"


def label_lines(lines: list[str], body: str, headline: str | None = None) -> list[str]:
    """One label per dump line: article, furniture or mixed (not counted)."""
    body_lines = {norm(x) for x in body.splitlines() if x.strip()}
    grams = _grams(tokens(body))
    head = norm(headline) if headline else None
    labels: list[str] = []
    for line in lines:
        key, toks = norm(line), tokens(line)
        if key == head or key in body_lines:
            labels.append(ARTICLE)
        elif len(toks) < 4:
            labels.append(FURNITURE)
        else:
            share = coverage(toks, grams)
            labels.append(ARTICLE if share >= 0.8 else FURNITURE if share <= 0.2 else MIXED)
    # The article's stretch: from its first to its last long line. A short
    # line of the body seen outside it ("Advertisement", a caption repeated in
    # a gallery) is the reference's own furniture or a copy: not counted.
    long_article = [i for i, (x, lab) in enumerate(zip(lines, labels)) if lab == ARTICLE and len(tokens(x)) >= 8]
    if long_article:
        first, last = long_article[0], long_article[-1]
        for i, (x, lab) in enumerate(zip(lines, labels)):
            if lab == ARTICLE and not first <= i <= last and len(tokens(x)) < 8 and norm(x) != head:
                labels[i] = MIXED
    # Lines of the body that the reference cannot vouch for: under two words
    # ("Close", "Reuters", "\u2715", a timestamp), or short and shown more than
    # once on the page (a live blog's key-events list, "3h ago").
    shown = Counter(norm(x) for x in lines)
    for i, (x, lab) in enumerate(zip(lines, labels)):
        n = len(re.findall(r"[^\W\d_]+", x))
        if lab == ARTICLE and norm(x) != head and (n < 2 or (n < 8 and shown[norm(x)] > 1)):
            labels[i] = MIXED
    # One label per distinct line: a text both inside and outside the body is mixed.
    by_text: dict[str, set[str]] = {}
    for x, lab in zip(lines, labels):
        by_text.setdefault(norm(x), set()).add(lab)
    return [lab if len(by_text[norm(x)]) == 1 else MIXED for x, lab in zip(lines, labels)]


# --------------------------------------------------------------------------
# 3. Scoring


@dataclass
class Tally(GateResult):
    """GateResult's counts (furniture lines are its drop_total, article
    lines its keep_total, misses its notes) with what a dump adds."""

    mixed: int = 0
    headlines: int = 0
    headline_total: int = 0

    def add(self, other: "Tally") -> None:
        for name in ("dropped", "drop_total", "kept", "keep_total", "mixed", "dates", "date_total", "headlines",
                     "headline_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.notes += other.notes

    def summary(self) -> str:
        headlines = f", headlines {self.headlines}/{self.headline_total}" if self.headline_total else ""
        return (
            f"dropped {self.dropped}/{self.drop_total} ({self.drop_rate:.1%}), kept {self.kept}/{self.keep_total} "
            f"({self.keep_rate:.2%}), dates {self.dates}/{self.date_total}{headlines}, "
            f"mixed lines not counted {self.mixed}"
        )


def strip_dump(text: str, source: str):
    """The strip stage on a text dump: a CleanArticle or a RejectedInput."""
    from models.inputs import InputFormat, RawDocument
    from tasks.strip import strip_document

    doc = RawDocument(source=source, format=InputFormat.TEXT, text=text, encoding="utf-8", size_bytes=len(text))
    return strip_document(doc)


def score_page(name: str, lines: list[str], labels: list[str], result, dates: list | None,
               headline: str | None = None) -> Tally:
    """Count one page as score.py does: distinct lines, dropped when no clean
    line equals them, kept when the clean text contains them."""
    from models.article import CleanArticle

    clean = result.clean_text if isinstance(result, CleanArticle) else ""
    clean_lines = {norm(x) for x in clean.splitlines() if x.strip()}
    flat = norm(clean)
    tally = Tally()
    if not isinstance(result, CleanArticle):
        tally.notes.append(f"{name}: rejected: {result.reason}")
    seen: set[str] = set()
    for line, label in zip(lines, labels):
        key = norm(line)
        if key in seen:
            continue
        seen.add(key)
        if label == MIXED:
            tally.mixed += 1
        elif label == FURNITURE:
            tally.drop_total += 1
            if key in clean_lines:
                tally.notes.append(f"{name}: furniture kept: {line[:100]!r}")
            else:
                tally.dropped += 1
        else:
            tally.keep_total += 1
            if key in flat:
                tally.kept += 1
            else:
                tally.notes.append(f"{name}: article lost: {line[:100]!r}")
    if headline is not None:
        tally.headline_total += 1
        got = result.title if isinstance(result, CleanArticle) else None
        if norm(got) == norm(headline):
            tally.headlines += 1
        else:
            tally.notes.append(f"{name}: headline {got!r}, not {headline!r}")
    if dates is not None:
        tally.date_total += 1
        got = result.published_on.isoformat() if isinstance(result, CleanArticle) and result.published_on else None
        if got in dates:
            tally.dates += 1
        else:
            tally.notes.append(f"{name}: published_on {got} not in {dates}")
    return tally


def feed_pages(part: str) -> list[str]:
    truth = json.loads((EVAL / "feed_body.json").read_text(encoding="utf-8"))
    names = sorted(truth)
    held = held_out("feed", names)
    return [n for n in names if part == "all" or (n in held) == (part == "held")]


def read_html(path: Path) -> str:
    """The page decoded as the load stage decodes it (declared or sniffed charset)."""
    from tasks.load import read_document

    return read_document(path, max_bytes=60_000_000).text


def feed_dump(name: str) -> tuple[list[str], list[str], str, str | None]:
    """A feed page's dump lines, their labels, the dump text and its headline."""
    truth = json.loads((EVAL / "feed_body.json").read_text(encoding="utf-8"))
    body = truth[name]["articleBody"] if isinstance(truth[name], dict) else truth[name]
    html = read_html(FEED / name)
    text = page_dump(html)
    lines = [x for x in text.splitlines() if x.strip()]
    headline = headline_of(html)
    if headline and norm(headline) not in {norm(x) for x in lines}:
        headline = None  # not shown as a line of its own
    return lines, label_lines(lines, body, headline), text, headline


def feed_dates() -> dict[str, list[str | None]]:
    gold = json.loads((EVAL / "feed_gold.json").read_text(encoding="utf-8"))
    return {
        a["file"]: [a["published_on"], *a.get("published_on_also_accepted", [])]
        for a in gold["articles"]
        if "published_on" in a
    }


def score_feed_dumps(part: str, *, write: Path | None = None) -> Tally:
    total = Tally()
    dates = feed_dates()
    held = set(feed_pages("held"))
    for name in feed_pages(part):
        lines, labels, text, headline = feed_dump(name)
        result = strip_dump(text, name.replace(".html", ".txt"))
        page = score_page(name, lines, labels, result, dates.get(name), headline)
        if name in held:
            page.notes = []  # held out: counted, never shown
        total.add(page)
        if write is not None:
            write.mkdir(parents=True, exist_ok=True)
            stem = name.removesuffix(".html")
            (write / f"{stem}.txt").write_text(text, encoding="utf-8")
            (write / f"{stem}.labels").write_text(
                "".join(f"{lab[0].upper()} {x}\n" for x, lab in zip(lines, labels)), encoding="utf-8"
            )
    return total


def score_dev2(part: str) -> Tally:
    """dev2 through the same count, from its own gold lines (tests/strip_gate.py)."""
    res = gate("dev2", part)
    return Tally(
        dropped=res.dropped, drop_total=res.drop_total, kept=res.kept, keep_total=res.keep_total,
        dates=res.dates, date_total=res.date_total, notes=list(res.notes),
    )


def explain(name: str) -> None:
    """Every line of one tuned feed dump with its label and what the
    classifier made of it (its furniture category, or 'kept')."""
    from tasks.boilerplate.classifier import classify_page, fold

    if name not in feed_pages("tuned"):
        raise SystemExit(f"{name} is not a page of the tuned part")
    lines, labels, text, _ = feed_dump(name)
    page = classify_page(text, mode="text")
    why = {fold(x): cat for x, cat in page.dropped}
    kept = {fold(x) for x in page.body}
    for line, label in zip(lines, labels):
        key = fold(line)
        verdict = "kept" if key in kept else why.get(key, "?")
        wrong = (label == ARTICLE) != (verdict == "kept") and label != MIXED
        print(f"{'!!' if wrong else '  '} {label[0].upper()} {verdict[:22]:<22} {line[:150]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=PARTS, default="tuned")
    ap.add_argument("--verbose", action="store_true", help="list the misses (tuned part only)")
    ap.add_argument("--write", type=Path, default=None, help="write each feed dump and its labels here")
    ap.add_argument("--explain", metavar="PAGE", help="one tuned feed page, line by line")
    ap.add_argument("sets", nargs="*", default=["dev2", "feed"])
    args = ap.parse_args(argv)
    if args.explain:
        explain(args.explain)
        return 0
    parts = ("tuned", "held") if args.part == "all" else (args.part,)
    for name in args.sets:
        for part in parts:
            tally = score_dev2(part) if name == "dev2" else score_feed_dumps(part, write=args.write)
            print(f"{name} dumps ({part}): {tally.summary()}")
            if args.verbose and part == "tuned":
                for miss in tally.notes:
                    print("   ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
