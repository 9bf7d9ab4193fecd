"""The Vega, Vega-Lite and vega-embed JavaScript the report inlines, kept in the package.

Altair writes chart specifications; a browser needs Vega's JavaScript to draw them. The
report must open with no network, so the JavaScript goes into the page itself. It is the
bundle vl-convert-python makes (``javascript_bundle``: Vega, Vega-Lite and vega-embed as one
script), made once and kept as ``assets/vega-bundle.js`` rather than made at each report:
bundling takes vl-convert 5 to 15 seconds, reading the file a millisecond.

Remake it after changing the pinned altair or vl-convert-python (a development dependency:
the report itself needs only the file):

    .venv/bin/python tests/integration/make_vega_bundle.py

``make test-integration`` checks that the kept file is what the pinned vl-convert makes.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

BUNDLE_PATH = Path(__file__).with_name("assets") / "vega-bundle.js"
# The Vega-Lite version the bundle draws; altair's schema (alt.SCHEMA_VERSION) must match it.
VEGA_LITE_VERSION = "6.4"
_HEADER = re.compile(
    r"^/\*! vega (?P<vega>[\d.]+), vega-lite (?P<vega_lite>[\d.]+), vega-embed (?P<vega_embed>[\d.]+)",
)


def header(vega: str, vega_lite: str, vega_embed: str, maker: str) -> str:
    return (
        f"/*! vega {vega}, vega-lite {vega_lite}, vega-embed {vega_embed} (BSD-3-Clause, "
        f"https://vega.github.io), bundled by {maker} javascript_bundle(vl_version={VEGA_LITE_VERSION!r}) */\n"
    )


@functools.cache
def bundle() -> str:
    """The script, with its version header."""
    return BUNDLE_PATH.read_text(encoding="utf-8")


def versions() -> dict[str, str]:
    """The versions the kept bundle declares in its first line."""
    match = _HEADER.match(bundle())
    if match is None:
        raise RuntimeError(f"{BUNDLE_PATH} has no version header; regenerate it (see this module's docstring)")
    return match.groupdict()
