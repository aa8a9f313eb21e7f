"""What the stage tasks share and that is not a stage itself.

- `io_policy`: how tasks that read files or write the database retry;
- `isolation`: how one bad input fails alone, and when a failure means a
  broken setup instead;
- `dbfile`: opening and writing the DuckDB file safely (a full disk or a
  fatal DuckDB error ends the run with a clear error, never an abort; readers
  wait for a writer's lock).

The stages are the modules of `tasks/`; the extraction engine and the line
classifier have packages of their own (`tasks.extraction`, `tasks.boilerplate`).
"""
