"""Shared test set-up.

Prefect reads its settings at import, so the environment is fixed here,
before any test module imports it: a project-local PREFECT_HOME (tests never
touch the user's ~/.prefect) and no analytics (offline telemetry logs errors).
"""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

os.environ.setdefault("PREFECT_HOME", str(REPO / ".prefect" / "tests"))
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
