"""spaCy pipeline components of the extraction stage, one per module.

Importing this package registers their factories: `parley_people`,
`parley_triggers` and `parley_events`.
"""
from tasks.extraction.components import events, people, triggers  # noqa: F401  (registers factories)
