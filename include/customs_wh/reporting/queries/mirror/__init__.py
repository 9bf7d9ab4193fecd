"""The mirror statistics' questions (docs/mirror-statistics.md), as SQL files against the published marts."""

from __future__ import annotations

from importlib.resources import files


def mirror_queries() -> list[tuple[str, str]]:
    """(name, sql) for every ``NN_name.sql`` beside this file, in file-name order."""
    here = files(__name__)
    return sorted(
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in here.iterdir()
        if entry.name.endswith(".sql")
    )
