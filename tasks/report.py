"""Report stage: one self-contained HTML page about a Parley database.

The page holds a timeline of real-world events by kind, a matrix of events
between pairs of countries, the events most reported across articles (from
the cross-article clusters) with their sources, and the inputs the latest
run rejected. Charts are Plotly figures; plotly.js is written into the page
itself, so it opens without a network.

`collect` reads what the page shows (plain data), `render` turns it into
HTML, `write_report` does both for a database file.
"""
from __future__ import annotations

import html
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from tasks.export import ExportError, read_connection

KINDS = ("meeting", "call", "summons", "recall")
KIND_COLORS = {"meeting": "#1f77b4", "call": "#2ca02c", "summons": "#d62728", "recall": "#ff7f0e"}
TOP_EVENTS = 25
MAX_MATRIX_COUNTRIES = 30
MAX_REJECTED_LISTED = 500


@dataclass
class ReportData:
    db_path: str
    generated_at: str
    table_rows: dict[str, int]
    unique_by_kind: dict[str, int]
    undated: int
    # (month 'YYYY-MM-01', kind, real-world events)
    timeline: list[tuple[str, str, int]]
    countries: list[str]
    # matrix[i][j]: real-world events between countries[i] and countries[j]
    matrix: list[list[int]]
    pairs_total: int
    top_events: list[dict]
    last_run: dict | None
    rejected: list[dict]
    rejected_total: int
    notes: list[str] = field(default_factory=list)


class ReportError(ExportError):
    """The report could not be made; the message names the file."""


def collect(con: duckdb.DuckDBPyConnection, db_path: str = "") -> ReportData:
    """Everything the page shows, read in one transaction."""
    q = lambda sql, *params: con.execute(sql, list(params)).fetchall()  # noqa: E731
    con.execute("BEGIN TRANSACTION")
    try:
        table_rows = {
            t: q(f"SELECT count(*) FROM {t}")[0][0]
            for t in ("articles", "meetings", "calls", "summons", "recalls", "rejected_inputs", "runs")
        }
        unique_by_kind = dict(q("SELECT type, count(*) FROM unique_events GROUP BY type"))
        undated = q("SELECT count(*) FROM unique_events WHERE event_date IS NULL")[0][0]
        timeline = [
            (str(month), kind, n)
            for month, kind, n in q(
                "SELECT date_trunc('month', event_date)::DATE AS month, type, count(*) "
                "FROM unique_events WHERE event_date IS NOT NULL GROUP BY ALL ORDER BY month, type"
            )
        ]
        pair_rows = q(
            "SELECT country_a, country_b, sum(n_events)::BIGINT FROM events_per_month GROUP BY ALL"
        )
        top = q(
            """
            SELECT type, status, event_date, date_precision, countries, people, evidence,
                   n_articles, n_outlets, sources, cluster_id
            FROM unique_events
            ORDER BY n_articles DESC, n_outlets DESC, event_date DESC NULLS LAST, cluster_id
            LIMIT ?
            """,
            TOP_EVENTS,
        )
        runs = q(
            "SELECT flow_run_id, flow_run_name, status, started_at, ended_at, inputs_seen, articles_new, "
            "articles_skipped, rejected FROM runs ORDER BY started_at DESC LIMIT 1"
        )
        rejected_total = q("SELECT count(*) FROM last_run_rejected")[0][0]
        rejected = q(
            "SELECT source, stage, reason FROM last_run_rejected ORDER BY stage, source LIMIT ?",
            MAX_REJECTED_LISTED,
        )
    finally:
        con.execute("COMMIT")

    countries, matrix = _pair_matrix(pair_rows, MAX_MATRIX_COUNTRIES)
    last_run = None
    if runs:
        keys = ("flow_run_id", "flow_run_name", "status", "started_at", "ended_at", "inputs_seen",
                "articles_new", "articles_skipped", "rejected")
        last_run = dict(zip(keys, runs[0]))
    notes = []
    if last_run and last_run["rejected"] and not rejected_total:
        notes.append(
            "The latest run rejected inputs, but they were written before rejected inputs recorded "
            "their run; query rejected_inputs for them."
        )
    return ReportData(
        db_path=db_path,
        generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        table_rows=table_rows,
        unique_by_kind={k: unique_by_kind.get(k, 0) for k in KINDS},
        undated=undated,
        timeline=timeline,
        countries=countries,
        matrix=matrix,
        pairs_total=len(pair_rows),
        top_events=[
            dict(zip(("type", "status", "event_date", "date_precision", "countries", "people", "evidence",
                      "n_articles", "n_outlets", "sources", "cluster_id"), row))
            for row in top
        ],
        last_run=last_run,
        rejected=[dict(zip(("source", "stage", "reason"), row)) for row in rejected],
        rejected_total=rejected_total,
        notes=notes,
    )


def _pair_matrix(pairs: list[tuple[str, str, int]], limit: int) -> tuple[list[str], list[list[int]]]:
    """The `limit` countries in most events, and their symmetric pair counts."""
    totals: dict[str, int] = {}
    for a, b, n in pairs:
        totals[a] = totals.get(a, 0) + n
        totals[b] = totals.get(b, 0) + n
    countries = sorted(totals, key=lambda c: (-totals[c], c))[:limit]
    index = {c: i for i, c in enumerate(countries)}
    matrix = [[0] * len(countries) for _ in countries]
    for a, b, n in pairs:
        if a in index and b in index:
            matrix[index[a]][index[b]] = matrix[index[b]][index[a]] = n
    return countries, matrix


# --- rendering ----------------------------------------------------------------


def timeline_figure(data: ReportData):
    import plotly.graph_objects as go

    fig = go.Figure()
    for kind in KINDS:
        points = [(m, n) for m, k, n in data.timeline if k == kind]
        fig.add_trace(
            go.Bar(
                name=kind,
                x=[m for m, _ in points],
                y=[n for _, n in points],
                marker_color=KIND_COLORS[kind],
                width=26 * 24 * 3600 * 1000,  # most of a month, in milliseconds
                hovertemplate="%{x|%B %Y}: %{y} " + kind + " events<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=380,
        margin=dict(l=50, r=20, t=30, b=40),
        xaxis=dict(type="date", title="month of the event"),
        yaxis=dict(title="real-world events"),
        legend=dict(orientation="h", y=1.1, traceorder="normal"),
    )
    return fig


def matrix_figure(data: ReportData):
    import plotly.graph_objects as go

    size = len(data.countries)
    fig = go.Figure(
        go.Heatmap(
            z=data.matrix,
            x=data.countries,
            y=data.countries,
            colorscale="Blues",
            hovertemplate="%{y} – %{x}: %{z} events<extra></extra>",
            texttemplate="%{z}" if size <= 15 else None,
            colorbar=dict(title="events"),
        )
    )
    side = max(360, min(900, 120 + 24 * size))
    fig.update_layout(
        height=side,
        margin=dict(l=60, r=20, t=20, b=60),
        yaxis=dict(autorange="reversed", type="category"),
        xaxis=dict(type="category"),
    )
    return fig


def _div(fig, div_id: str) -> str:
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )


def _e(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return html.escape(", ".join(map(str, value)))
    return html.escape(str(value))


def _source_cell(sources: list[str] | None, shown: int = 3) -> str:
    """Sources as short links (host and end of the path), the first few
    visible and the rest folded away."""
    items = []
    for source in sources or []:
        if source.startswith(("http://", "https://")):
            host, _, rest = source.split("://", 1)[1].partition("/")
            label = host + ("/…/" + rest.rstrip("/").rsplit("/", 1)[-1] if rest else "")
            items.append(f'<a href="{_e(source)}" title="{_e(source)}" rel="noreferrer">{_e(label)}</a>')
        else:
            items.append(f'<code title="{_e(source)}">{_e(source)}</code>')
    if len(items) <= shown + 1:
        return "<br>".join(items)
    return (
        "<br>".join(items[:shown])
        + f"<details><summary>{len(items) - shown} more</summary>{'<br>'.join(items[shown:])}</details>"
    )


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { background: #1d2330; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #c7cbd4; font-size: 13px; }
main { padding: 8px 28px 40px; max-width: 1400px; }
section { background: #fff; border: 1px solid #e1e4ea; border-radius: 6px; padding: 14px 18px; margin: 18px 0; }
h2 { font-size: 17px; margin: 2px 0 8px; }
p.note { color: #5b6373; font-size: 13px; margin: 4px 0 10px; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; }
.figure { border: 1px solid #e1e4ea; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.figure b { display: block; font-size: 20px; }
.figure span { color: #5b6373; font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #eceef2; }
th { background: #f0f2f5; position: sticky; top: 0; }
td.num { text-align: right; }
td.evidence { max-width: 520px; }
td.sources { max-width: 300px; font-size: 12px; }
summary { cursor: pointer; color: #5b6373; }
code { font-size: 12px; word-break: break-all; }
a { color: #1a5fb4; word-break: break-all; }
.kind { display: inline-block; padding: 1px 6px; border-radius: 3px; color: #fff; font-size: 12px; }
"""


def render(data: ReportData) -> str:
    """The whole page as one HTML string (plotly.js inlined)."""
    from plotly.offline import get_plotlyjs

    figures = "".join(
        f'<div class="figure"><b>{n:,}</b><span>{_e(label)}</span></div>'
        for label, n in [
            ("articles", data.table_rows["articles"]),
            *[(f"{k} events", data.unique_by_kind[k]) for k in KINDS],
            ("event rows", sum(data.table_rows[t] for t in ("meetings", "calls", "summons", "recalls"))),
            ("rejected inputs (all runs)", data.table_rows["rejected_inputs"]),
            ("runs", data.table_rows["runs"]),
        ]
    )
    dated = sum(n for _, _, n in data.timeline)
    timeline = (
        _div(timeline_figure(data), "timeline")
        if data.timeline
        else '<p class="note" id="timeline-empty">No dated events yet.</p>'
    )
    matrix = (
        _div(matrix_figure(data), "pair-matrix")
        if data.countries
        else '<p class="note" id="matrix-empty">No events between two countries yet.</p>'
    )

    top_rows = "".join(
        "<tr>"
        f'<td><span class="kind" style="background:{KIND_COLORS.get(ev["type"], "#666")}">{_e(ev["type"])}</span></td>'
        f'<td>{_e(ev["event_date"])}<br><small>{_e(ev["date_precision"])}</small></td>'
        f'<td>{_e(ev["status"])}</td>'
        f'<td>{_e(ev["countries"])}</td>'
        f'<td>{_e(ev["people"])}</td>'
        f'<td class="num">{ev["n_articles"]}</td><td class="num">{ev["n_outlets"]}</td>'
        f'<td class="evidence">{_e(ev["evidence"])}</td>'
        f'<td class="sources">{_source_cell(ev["sources"])}</td>'
        "</tr>"
        for ev in data.top_events
    )
    top_table = (
        "<table id=\"top-events\"><thead><tr><th>kind</th><th>date</th><th>status</th><th>countries</th>"
        "<th>people</th><th>articles</th><th>outlets</th><th>evidence (best-rated report)</th><th>sources</th>"
        f"</tr></thead><tbody>{top_rows}</tbody></table>"
        if data.top_events
        else '<p class="note">No events yet.</p>'
    )

    run = data.last_run
    if run:
        run_line = (
            f"Latest run <b>{_e(run['flow_run_name'] or run['flow_run_id'])}</b>, {_e(run['status'])}, "
            f"started {_e(str(run['started_at'])[:19])} UTC: {run['inputs_seen']:,} inputs, "
            f"{run['articles_new']:,} new articles, {run['articles_skipped']:,} already stored, "
            f"{run['rejected']:,} rejected."
        )
    else:
        run_line = "No run recorded in this database."
    rejected_rows = "".join(
        f"<tr><td><code>{_e(r['source'])}</code></td><td>{_e(r['stage'])}</td><td>{_e(r['reason'])}</td></tr>"
        for r in data.rejected
    )
    more = (
        f'<p class="note">Showing {len(data.rejected):,} of {data.rejected_total:,}; '
        "query the <code>last_run_rejected</code> view for all.</p>"
        if data.rejected_total > len(data.rejected)
        else ""
    )
    rejected_table = (
        "<table id=\"rejected\"><thead><tr><th>source</th><th>stage</th><th>reason</th></tr></thead>"
        f"<tbody>{rejected_rows}</tbody></table>{more}"
        if data.rejected
        else '<p class="note" id="rejected-none">The latest run rejected no input.</p>'
    )
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in data.notes)

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley report: {_e(Path(data.db_path).name)}</title>
<style>{_CSS}</style>
<script>{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>Parley: diplomatic events</h1>
<p>{_e(data.db_path)} · generated {_e(data.generated_at)}</p>
</header>
<main>
<section id="summary"><h2>In the database</h2>
<p class="note">A real-world event is a cluster of event rows that report the same meeting, call,
summons or recall, from one or more articles (the <code>unique_events</code> view).</p>
<div class="figures">{figures}</div></section>

<section><h2>Timeline of events by kind</h2>
<p class="note">Real-world events per month of the event's own date: {dated:,} dated,
{data.undated:,} undated (not shown).</p>
{timeline}</section>

<section><h2>Events between pairs of countries</h2>
<p class="note">Real-world events involving both countries, all kinds and dates; the
{len(data.countries)} countries in most events ({data.pairs_total:,} pairs in all, view
<code>events_per_month</code>).</p>
{matrix}</section>

<section><h2>Most reported events</h2>
<p class="note">The {len(data.top_events)} events reported by the most articles, with every source.</p>
{top_table}</section>

<section><h2>Rejected inputs of the latest run</h2>
<p class="note">{run_line}</p>{notes}
{rejected_table}</section>
</main>
</body>
</html>
"""


@dataclass
class ReportResult:
    out_path: str
    bytes: int
    seconds: float
    events: int
    charts: int


def write_report(
    db_path: str | Path, out_path: str | Path, *, progress: Callable[[str], None] | None = None
) -> ReportResult:
    """Read `db_path` and write the page to `out_path`."""
    say = progress or (lambda _line: None)
    started = time.monotonic()
    with read_connection(db_path, on_wait=progress) as con:
        data = collect(con, str(Path(db_path).absolute()))
    say(
        f"read {sum(data.unique_by_kind.values()):,} real-world events, {len(data.countries)} countries "
        f"in the matrix, {data.rejected_total:,} rejected inputs in the latest run "
        f"({time.monotonic() - started:.2f}s)"
    )
    page = render(data)
    out = Path(out_path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{out}: cannot write the report: {exc.strerror or exc}") from exc
    seconds = time.monotonic() - started
    say(f"wrote {out} ({len(page.encode()) / 1e6:.1f} MB) in {seconds:.2f}s")
    return ReportResult(
        out_path=str(out),
        bytes=len(page.encode()),
        seconds=round(seconds, 3),
        events=sum(data.unique_by_kind.values()),
        charts=int(bool(data.timeline)) + int(bool(data.countries)),
    )


def report_json(result: ReportResult) -> str:
    return json.dumps(result.__dict__)
