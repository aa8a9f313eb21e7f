"""`parley export`: every table and view as Parquet or CSV, read back by
DuckDB, pandas and polars and compared with the database."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from flows.cli import build_parser
from tasks.export import ExportError, export_database
from tests.synthetic import shared_database

N_EVENTS = 2_000
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db() -> Path:
    return shared_database(N_EVENTS)[0]


@pytest.fixture(scope="module")
def parquet(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "parquet"
    return export_database(db, out, "parquet")


def parquet_glob(out: str, obj) -> str:
    return f"{out}/{obj.path}**/*.parquet" if obj.partitioned_by else f"{out}/{obj.path}"


def test_every_table_and_view_is_exported(db, parquet):
    con = duckdb.connect(str(db), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    con.close()
    assert {o.name for o in parquet.objects} == tables | views
    assert {"articles", "meetings", "calls", "summons", "recalls", "rejected_inputs", "runs", "event_clusters"} <= tables
    partitioned = {o.name for o in parquet.objects if o.partitioned_by}
    assert partitioned == {"events", "unique_events", "pair_events", "diplomatic_contacts"}
    assert sorted(p.name for p in (Path(parquet.out_dir) / "events").iterdir()) == [
        "type=call", "type=meeting", "type=recall", "type=summons"]
    manifest = json.loads((Path(parquet.out_dir) / "manifest.json").read_text())
    assert {o["name"]: o["rows"] for o in manifest["objects"]} == parquet.rows()


def test_parquet_round_trip_is_exact_in_duckdb(db, parquet):
    """Every row of every table and view comes back equal (EXCEPT ALL both ways)."""
    con = duckdb.connect(str(db), read_only=True)
    figures = {}
    for obj in parquet.objects:
        cols = ", ".join(f'"{c}"' for c in obj.columns)
        back = (f"(SELECT {cols} FROM read_parquet('{parquet_glob(parquet.out_dir, obj)}', "
                f"hive_partitioning = {str(bool(obj.partitioned_by)).lower()}))")
        source = f'(SELECT {cols} FROM "{obj.name}")'
        assert con.execute(f"SELECT count(*) FROM {back}").fetchone()[0] == obj.rows, obj.name
        missing = con.execute(f"SELECT count(*) FROM ({source} EXCEPT ALL {back})").fetchone()[0]
        extra = con.execute(f"SELECT count(*) FROM ({back} EXCEPT ALL {source})").fetchone()[0]
        figures[obj.name] = (obj.rows, missing, extra)
    con.close()
    print("\nparquet round trip (rows, missing, extra):", figures)
    assert all(missing == extra == 0 for _, missing, extra in figures.values()), figures
    assert figures["events"][0] == N_EVENTS


def test_pandas_and_polars_read_the_parquet(db, parquet):
    out = parquet.out_dir
    con = duckdb.connect(str(db), read_only=True)
    rng = random.Random(3)
    for obj in parquet.objects:
        path = f"{out}/{obj.path}"
        frame = pd.read_parquet(path)
        polars_frame = pl.read_parquet(parquet_glob(out, obj), hive_partitioning=bool(obj.partitioned_by))
        assert len(frame) == len(polars_frame) == obj.rows, obj.name
        assert set(frame.columns) == set(polars_frame.columns) == set(obj.columns), obj.name
    # a sample of values, row by row, against the database
    for table, key in (("meetings", "event_id"), ("articles", "article_id"), ("unique_events", "cluster_id")):
        obj = next(o for o in parquet.objects if o.name == table)
        frame = pd.read_parquet(f"{out}/{obj.path}").set_index(key)
        polars_frame = pl.read_parquet(parquet_glob(out, obj), hive_partitioning=bool(obj.partitioned_by))
        for id_ in rng.sample(sorted(frame.index), 25):
            row = con.execute(f"SELECT * FROM {table} WHERE {key} = ?", [id_]).fetchone()
            expected = dict(zip([d[0] for d in con.description], row))
            got_pd = frame.loc[id_]
            got_pl = polars_frame.filter(pl.col(key) == id_).row(0, named=True)
            for column, value in expected.items():
                if column == key:
                    continue
                as_pd = got_pd[column]
                assert _same(as_pd, value), (table, id_, column, as_pd, value)
                assert _same(got_pl[column], value), (table, id_, column, got_pl[column], value)
    con.close()


def _same(got, expected) -> bool:
    if hasattr(got, "tolist"):  # numpy arrays and scalars
        got = got.tolist()
    if expected is None:
        return got is None or (isinstance(got, float) and got != got)
    if hasattr(got, "date") and not hasattr(expected, "hour") and callable(got.date):
        got = got.date()
    if isinstance(expected, list):
        return list(got) == expected
    return got == expected or str(got) == str(expected)


def test_csv_export_has_every_row(db, tmp_path):
    result = export_database(db, tmp_path / "csv", "csv")
    for obj in result.objects:
        frame = pd.read_csv(tmp_path / "csv" / obj.path)
        assert len(frame) == obj.rows and list(frame.columns) == obj.columns, obj.name
    # exporting again replaces the files instead of failing or doubling them
    again = export_database(db, tmp_path / "csv", "csv")
    assert again.rows() == result.rows()


def test_export_errors_name_the_file(tmp_path):
    with pytest.raises(ExportError, match=str(tmp_path / "nope.duckdb")):
        export_database(tmp_path / "nope.duckdb", tmp_path / "out")
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    with pytest.raises(ExportError, match=str(bad)):
        export_database(bad, tmp_path / "out")


def test_every_command_has_help_with_examples(capsys):
    for command in ([], ["run"], ["sql"], ["export"], ["report"]):
        with pytest.raises(SystemExit) as done:
            build_parser().parse_args([*command, "--help"])
        assert done.value.code == 0
        assert "examples:" in capsys.readouterr().out, command


def test_parley_export_command(db, tmp_path):
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_HOME": str(tmp_path / "prefect")}
    parley = str(Path(sys.executable).parent / "parley")
    out = subprocess.run([parley, "export", "--format", "parquet", "--out", str(tmp_path / "x"), "--db", str(db)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "[15/15]" in out.stderr or "/" in out.stderr  # progress, one line per table or view
    assert "exported" in out.stdout and (tmp_path / "x" / "manifest.json").exists()
    missing = subprocess.run([parley, "export", "--out", str(tmp_path / "y"), "--db", str(tmp_path / "none.duckdb")],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and str(tmp_path / "none.duckdb") in missing.stderr
