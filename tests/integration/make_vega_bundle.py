"""Make include/customs_wh/reporting/assets/vega-bundle.js with the pinned vl-convert-python.

    .venv/bin/python tests/integration/make_vega_bundle.py

The report inlines that file (customs_wh.reporting.vega_bundle says why it is kept rather than
made at each report); the browser test checks the kept file against what this makes.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from customs_wh.reporting import vega_bundle


def made_script() -> str:
    """The bundle as the pinned vl-convert makes it, without the version header."""
    import vl_convert

    return vl_convert.javascript_bundle(vl_version=vega_bundle.VEGA_LITE_VERSION)


def regenerate() -> Path:
    import altair
    import vl_convert

    maker = f"vl-convert-python {importlib.metadata.version('vl-convert-python')}"
    header = vega_bundle.header(
        vl_convert.get_vega_version(), altair.SCHEMA_VERSION.lstrip("v"), vl_convert.get_vega_embed_version(), maker
    )
    vega_bundle.BUNDLE_PATH.parent.mkdir(parents=True, exist_ok=True)
    vega_bundle.BUNDLE_PATH.write_text(header + made_script() + "\n", encoding="utf-8")
    vega_bundle.bundle.cache_clear()
    return vega_bundle.BUNDLE_PATH


if __name__ == "__main__":
    print(regenerate())
