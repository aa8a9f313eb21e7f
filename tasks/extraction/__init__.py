"""The extraction engine: how the extract stage finds events in a parsed article.

- `components/`: Parley's spaCy components (people index, trigger words,
  event mentions), one per module, registered by importing the package;
- `patterns`: the trigger rules of each kind, kept as data;
- `arguments`: reading sides, envoys, places and dates off the parse;
- `status`, `dates`, `countries`, `places`: the fields of a row;
- `merge`: one row per real-world event within an article;
- `focus`, `lines`: which sentences the NLP stage parses, and line shapes.

Nothing here is a Prefect task; the stages in `tasks/` call into it.
"""
