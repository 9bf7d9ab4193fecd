"""The README's example questions, as SQL files against the published marts.

Shipped with the package so the benchmark times exactly what the README shows and a
test proves every one of them runs against a freshly built warehouse.
"""

from __future__ import annotations

from importlib.resources import files


def example_queries() -> list[tuple[str, str]]:
    """(name, sql) for every ``NN_name.sql`` beside this file, in file-name order."""
    here = files(__name__)
    return sorted(
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in here.iterdir()
        if entry.name.endswith(".sql")
    )
