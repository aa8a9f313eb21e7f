"""The extraction engine: how the extract stage finds events in a parsed article.

- `components/`: Parley's spaCy components (people index, trigger words,
  event mentions), one per module, registered by importing the package;
- `patterns`: the trigger rules of each kind, kept as data;
- `arguments`: the phrases that name sides, envoys, places and dates;
- `sides`: who those phrases make a side (states, bodies, officials);
- `eligibility`: the rule of who can be a side and which contexts rule one out;
- `truecase`: headlines in sentence case for the parser;
- `status`, `dates`, `countries`, `places`: the fields of a row;
- `merge`: one row per real-world event within an article;
- `focus`, `lines`: which sentences the NLP stage parses, and line shapes.

Nothing here is a Prefect task; the stages in `tasks/` call into it.
"""
