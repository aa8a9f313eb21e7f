"""Parley's pipeline stages, one module each: load, strip, nlp, extract,
persist, cluster, export, report.

Each stage is a plain function that does the work and a thin Prefect task
that wraps it, so the logic can be tested and reused without Prefect. The
machinery the stages use lives in packages of its own: `tasks.boilerplate`
(the line classifier of the strip stage), `tasks.extraction` (the
extraction engine: spaCy components, rules, fields, merging) and
`tasks.support` (what the stage tasks share, such as their retry policy).
How stages are combined over chunks is the flow's business (`flows/`).
"""
