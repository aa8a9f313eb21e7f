"""Parley's pipeline stages, one module each: load, strip, nlp, extract, persist.

Each stage is a plain function that does the work and a thin Prefect task
that wraps it, so the logic can be tested and reused without Prefect.
"""
