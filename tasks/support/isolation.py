"""One bad input fails alone: a stage that raises on a whole batch is run
again on each input by itself, and only the inputs that still raise are
rejected, with the error. When every input of a batch fails the same way,
the setup is broken (a missing model, say), not the inputs: `SetupError`
says so and fails the run instead of rejecting everything."""
from __future__ import annotations

from collections.abc import Callable

from models.inputs import RejectedInput


class SetupError(RuntimeError):
    """A stage failed on every input the same way: not bad input, a broken setup."""


def failure(stage: str, source: str, exc: Exception) -> RejectedInput:
    return RejectedInput(source=source, stage=stage, reason=f"{stage} failed: {type(exc).__name__}: {exc}"[:500])


def isolating(
    stage: str, work: Callable[[list], list], items: list, source_of: Callable
) -> tuple[list, list[RejectedInput]]:
    """`work(items)`; if it raises, `work([item])` for each item, rejecting
    the ones that raise. Returns the concatenated results and the rejected."""
    try:
        return list(work(items)), []
    except Exception as exc:
        if len(items) == 1:
            return [], [failure(stage, source_of(items[0]), exc)]
    results: list = []
    rejected: list[RejectedInput] = []
    errors: set[str] = set()
    for item in items:
        try:
            results += work([item])
        except Exception as exc:
            rejected.append(failure(stage, source_of(item), exc))
            errors.add(f"{type(exc).__name__}: {exc}")
    check_setup(stage, results, errors, len(items))
    return results, rejected


def check_setup(stage: str, results: list, errors: set[str], tried: int) -> None:
    """Raise `SetupError` when all of at least three inputs failed alike."""
    if not results and len(errors) == 1 and tried >= 3:
        raise SetupError(f"{stage} failed on every input of the chunk with the same error: {next(iter(errors))}")
