"""The Vega, Vega-Lite and vega-embed JavaScript the report inlines, kept in the package.

Altair writes chart specifications; a browser needs Vega's JavaScript to draw them. The
report must open with no network, so the JavaScript goes into the page itself. It is the
bundle vl-convert-python makes (``javascript_bundle``: Vega, Vega-Lite and vega-embed as one
script), made once and kept as ``assets/vega-bundle.js`` rather than made at each report:
bundling takes vl-convert 5 to 15 seconds, reading the file a millisecond.

Regenerate it after changing the pinned altair or vl-convert-python (vl-convert-python is a
development dependency; the report itself needs only the file):

    .venv/bin/python -m customs_wh.reporting.vega_bundle
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


def regenerate() -> Path:
    import importlib.metadata

    import altair
    import vl_convert

    maker = f"vl-convert-python {importlib.metadata.version('vl-convert-python')}"
    script = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    text = header(
        vl_convert.get_vega_version(), altair.SCHEMA_VERSION.lstrip("v"), vl_convert.get_vega_embed_version(), maker
    )
    BUNDLE_PATH.parent.mkdir(parents=True, exist_ok=True)
    BUNDLE_PATH.write_text(text + script + "\n", encoding="utf-8")
    bundle.cache_clear()
    return BUNDLE_PATH


if __name__ == "__main__":
    print(regenerate())
