"""dbt's documentation site (models, columns, tests, lineage) under ``$CUSTOMS_WH_HOME/dbt/docs``.

``dbt docs generate --static`` writes ``index.html`` with ``manifest.json`` and ``catalog.json``
(what Cosmos serves in the Airflow UI) and ``static_index.html``, one file that opens straight
from disk. dbt runs in-process with the same command line as the build (``transform.dbt_args``);
it opens build.duckdb to read the catalog, so callers hold the refresh lock (the CLI) or the
``dbt_build`` pool (the DAG).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from customs_wh.config import Settings
from customs_wh.warehouse import transform

log = logging.getLogger(__name__)

DOCS_FILES = ("index.html", "manifest.json", "catalog.json", "static_index.html")


class DocsFailed(RuntimeError):
    """dbt could not generate the documentation."""


@dataclass(frozen=True)
class DocsResult:
    directory: Path
    files: list[Path]
    seconds: float


def publish_docs(target_dir: Path, docs_dir: Path) -> list[Path]:
    """Copy dbt's docs files from its target directory, each replaced whole."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in DOCS_FILES:
        source = target_dir / name
        if source.exists():
            temporary = docs_dir / f".{name}.tmp"
            shutil.copyfile(source, temporary)
            os.replace(temporary, docs_dir / name)
            copied.append(docs_dir / name)
    return copied


def generate_docs(settings: Settings) -> DocsResult:
    """``dbt docs generate --static`` into ``settings.dbt_docs_dir``; raises DocsFailed with dbt's reason."""
    from dbt.cli.main import dbtRunner

    started = time.monotonic()
    if not settings.build_db.exists():
        raise DocsFailed(f"no {settings.build_db} yet: run a refresh first")
    with transform._environment(CUSTOMS_WH_HOME=str(settings.home), DBT_SEND_ANONYMOUS_USAGE_STATS="False"):
        try:
            outcome = dbtRunner().invoke([*transform.dbt_args(settings, "docs generate"), "--static"])
        finally:
            transform.release_database()
    if not outcome.success:
        reason = " ".join(str(outcome.exception or "dbt docs generate did not succeed (see the dbt log)").split())
        raise DocsFailed(reason)
    files = publish_docs(settings.dbt_dir / "target", settings.dbt_docs_dir)
    result = DocsResult(settings.dbt_docs_dir, files, time.monotonic() - started)
    log.info("dbt docs: %d file(s) in %s, %.1f s", len(files), settings.dbt_docs_dir, result.seconds)
    return result
