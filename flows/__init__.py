"""Prefect flows and the `parley` command line."""
