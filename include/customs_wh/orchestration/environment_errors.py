"""Failures of the machine rather than of the data, said in one line: a home that is a file, a
folder that cannot be written, a full disk, a database another process keeps locked.

Python and DuckDB report these as ``PermissionError: [Errno 13] ...`` or a paragraph of
``TransactionException``; people need the path and what to do about it. Nothing here raises.
"""

from __future__ import annotations

import errno
import re

import duckdb

from customs_wh.config import HomeUnusable
from customs_wh.warehouse.db import DatabaseBusy
from customs_wh.words import one_line

# Why an operating-system error stops a refresh, by errno, in words that say what to fix.
_CAUSES = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.ENOTDIR: "not a directory",
    errno.EISDIR: "is a directory",
    errno.EEXIST: "a file is in the way",
    errno.ENOENT: "no such file or directory",
    errno.EIO: "input/output error",
    errno.ENOLCK: "the file system refuses locks",
}
# The same causes as DuckDB words them inside its exception texts.
_DUCKDB_CAUSES = (
    (
        re.compile(r"No space left on device|disk is full|Could not write all bytes", re.I),
        "no space left on the device",
    ),
    (re.compile(r"Permission denied", re.I), "permission denied"),
    (re.compile(r"Read-only file system", re.I), "read-only file system"),
    (re.compile(r"Disk quota exceeded", re.I), "disk quota exceeded"),
    (re.compile(r"Not a directory", re.I), "not a directory"),
)
_QUOTED_PATH = re.compile(r'"(/[^"]+)"|\'(/[^\']+)\'')


def _chain(exc: BaseException):
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _os_problem(exc: OSError) -> str:
    cause = _CAUSES.get(exc.errno or -1, exc.strerror or one_line(exc))
    paths = [p for p in (exc.filename, exc.filename2) if p]
    return f"{cause}: {' -> '.join(str(p) for p in paths)}" if paths else cause


def _duckdb_problem(exc: duckdb.Error) -> str | None:
    text = " ".join(str(exc).split())
    for pattern, cause in _DUCKDB_CAUSES:
        if pattern.search(text):
            path = _QUOTED_PATH.search(text)
            where = (path.group(1) or path.group(2)) if path else None
            return f"{cause}: {where}" if where else f"{cause} ({one_line(exc)})"
    return None


def environment_problem(exc: BaseException) -> str | None:
    """One line naming the path and the cause when ``exc`` (or what caused it) is the machine's
    fault: permissions, a full disk, a home that is not a directory, a database held locked.
    None for anything else (a defect, or bad data, which have their own messages)."""
    for link in _chain(exc):
        if isinstance(link, (HomeUnusable, DatabaseBusy)):
            return one_line(link)
        if isinstance(link, OSError) and link.errno in _CAUSES:
            return _os_problem(link)
        if isinstance(link, duckdb.Error):
            problem = _duckdb_problem(link)
            if problem is not None:
                return problem
    return None
