"""A synthetic Parley database of any size, written through the project's
own write path (`tasks.persist.write_results`, `record_run`) and clustered
by `tasks.cluster.refresh_clusters`, exactly as a flow run would leave it.

Real-world events are drawn at random (kind, two countries, a day, people,
status) and each is reported by one or more articles from different outlets,
so the cross-article clusters have something to find. Used by the export and
report tests and by bench/report_10k.py.
"""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from models.article import CleanArticle
from models.events import Call, Meeting, Recall, Summons
from models.inputs import InputFormat, RejectedInput
from models.run import RunRecord

COUNTRIES = {
    "USA": ("Joe Biden", "Antony Blinken", "Washington"),
    "RUS": ("Vladimir Putin", "Sergei Lavrov", "Moscow"),
    "CHN": ("Xi Jinping", "Wang Yi", "Beijing"),
    "FRA": ("Emmanuel Macron", "Jean-Noel Barrot", "Paris"),
    "DEU": ("Olaf Scholz", "Annalena Baerbock", "Berlin"),
    "GBR": ("Keir Starmer", "David Lammy", "London"),
    "IND": ("Narendra Modi", "Subrahmanyam Jaishankar", "New Delhi"),
    "JPN": ("Fumio Kishida", "Yoko Kamikawa", "Tokyo"),
    "TUR": ("Recep Tayyip Erdogan", "Hakan Fidan", "Ankara"),
    "UKR": ("Volodymyr Zelensky", "Dmytro Kuleba", "Kyiv"),
    "BRA": ("Luiz Inacio Lula da Silva", "Mauro Vieira", "Brasilia"),
    "ZAF": ("Cyril Ramaphosa", "Naledi Pandor", "Pretoria"),
    "IRN": ("Masoud Pezeshkian", "Abbas Araghchi", "Tehran"),
    "ISR": ("Benjamin Netanyahu", "Israel Katz", "Jerusalem"),
    "POL": ("Donald Tusk", "Radoslaw Sikorski", "Warsaw"),
    "KOR": ("Yoon Suk Yeol", "Cho Tae-yul", "Seoul"),
}
OUTLETS = ("news.example.org", "wire.example.com", "daily.example.net", "herald.example.org",
           "post.example.com", "times.example.net")
STATUSES = ("occurred", "occurred", "occurred", "planned", "proposed", "not_occurred")


def _sentence(kind: str, a: str, b: str, day: date, rng: random.Random) -> tuple[str, list[str]]:
    leader_a, minister_a, capital_a = COUNTRIES[a]
    leader_b, minister_b, capital_b = COUNTRIES[b]
    when = day.strftime("%B %d, %Y")
    if kind == "meeting":
        return f"{leader_a} met {leader_b} in {capital_b} on {when} to discuss trade and security.", [leader_a, leader_b]
    if kind == "call":
        return f"{minister_a} spoke by telephone with {minister_b} on {when}.", [minister_a, minister_b]
    if kind == "summons":
        return f"The foreign ministry in {capital_a} summoned the ambassador of {b} on {when}.", []
    return f"{a} recalled its ambassador from {capital_b} on {when} for consultations.", []


def make_database(db_path: str | Path, n_events: int, *, seed: int = 7, batch_articles: int = 400) -> dict:
    """Write about `n_events` event rows into `db_path` and return figures
    (event rows, articles, real-world events, rejected inputs)."""
    from tasks.cluster import refresh_clusters
    from tasks.persist import record_run, write_results

    rng = random.Random(seed)
    codes = sorted(COUNTRIES)
    weights = [len(codes) - i for i in range(len(codes))]  # some countries are in the news more
    start = date(2023, 1, 1)
    run = RunRecord(
        db_path=str(db_path),
        flow_run_id=str(uuid.UUID(int=rng.getrandbits(128))),
        flow_run_name="synthetic",
        started_at=datetime.now(timezone.utc),
        inputs=["synthetic"],
    )
    record_run(db_path, run)

    articles: list[CleanArticle] = []
    events: list = []
    written_rows = 0
    real_events = 0
    article_no = 0

    def flush() -> None:
        nonlocal run, articles, events
        if not articles:
            return
        from tasks.persist import advance_run

        added = write_results(db_path, articles=articles, events=events, run=run)
        run = advance_run(run, added, len(articles))
        run.inputs_seen += len(articles)
        articles, events = [], []

    while written_rows < n_events:
        real_events += 1
        kind = rng.choices(("meeting", "call", "summons", "recall"), weights=(5, 3, 2, 1))[0]
        a = rng.choices(codes, weights=weights)[0]
        b = rng.choices([c for c in codes if c != a], weights=[w for c, w in zip(codes, weights) if c != a])[0]
        day = start + timedelta(days=rng.randrange(0, 3 * 365))
        status = rng.choice(STATUSES) if kind in ("meeting", "call") else "occurred"
        reports = min(1 + int(rng.expovariate(0.8)), len(OUTLETS))
        outlets = rng.sample(OUTLETS, reports)
        sentence, people = _sentence(kind, a, b, day, rng)
        for outlet in outlets:
            if written_rows >= n_events:
                break
            article_no += 1
            title = f"{a} and {b}: {kind} report {article_no}"
            lead = f"{title}\nDiplomats from both sides commented on the {kind} on {day.isoformat()}."
            text = f"{lead}\n{sentence}\nAnalysts said more contacts would follow."
            article = CleanArticle(
                source=f"https://{outlet}/world/{day:%Y/%m}/{article_no}",
                format=InputFormat.HTML,
                title=title,
                published_on=day + timedelta(days=rng.choice((0, 0, 1))),
                clean_text=text,
            )
            begin = text.index(sentence)
            common = dict(
                article_id=article.article_id,
                status=status,
                event_date=day,
                date_precision="day",
                date_text=day.strftime("%B %d, %Y"),
                people=people,
                countries=sorted({a, b}),
                evidence=sentence,
                evidence_start=begin,
                evidence_end=begin + len(sentence),
                confidence=round(rng.uniform(0.5, 0.95), 2),
            )
            if kind == "meeting":
                event = Meeting(**common, location=COUNTRIES[b][2], format="in_person")
            elif kind == "call":
                event = Call(**common, medium="telephone")
            elif kind == "summons":
                event = Summons(**common, summoning_country=a, envoy_country=b, envoy=f"ambassador of {b}")
            else:
                event = Recall(**common, recalling_country=a, host_country=b, envoy=f"ambassador of {a}")
            articles.append(article)
            events.append(event)
            written_rows += 1
            if len(articles) >= batch_articles:
                flush()
    flush()

    rejected = [
        RejectedInput(source=f"/srv/inbox/feed-{i}.jsonl:{i + 3}", stage="load",
                      reason=f"/srv/inbox/feed-{i}.jsonl line {i + 3}: not valid JSON: Expecting value (column 1)")
        for i in range(5)
    ] + [RejectedInput(source="/srv/inbox/scan.pdf.txt", stage="load", reason="binary file (PDF), not text or HTML")]
    write_results(db_path, rejected=rejected, run=run)
    run = run.model_copy(update={"rejected": len(rejected), "status": "completed",
                                 "ended_at": datetime.now(timezone.utc)})
    record_run(db_path, run)
    refresh_clusters(db_path)
    return {"event_rows": written_rows, "articles": article_no, "real_events": real_events,
            "rejected": len(rejected), "flow_run_id": run.flow_run_id}


_BUILT: dict[int, tuple[Path, dict]] = {}


def shared_database(n_events: int) -> tuple[Path, dict]:
    """One synthetic database per size for the whole test session (built on
    first use in a temporary folder; tests must only read it)."""
    if n_events not in _BUILT:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="parley-synthetic-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / f"synthetic-{n_events}.duckdb"
        _BUILT[n_events] = (path, make_database(path, n_events))
    return _BUILT[n_events]
