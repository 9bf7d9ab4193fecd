"""The embedded sample GACC site: a deterministic, synthetic copy of the real site for offline runs.

``model`` is the figures (calibrated, seasonal, synthetic), ``releases`` what is published
when, ``render`` the pages in the real site's markup, ``build`` writes them as static files
and ``server`` serves them on 127.0.0.1. It imports nothing from the rest of the package but
the contracts: the sample site stands for GACC, not for the parser.
"""

from customs_wh.sample_site.build import SiteSummary, build_site
from customs_wh.sample_site.model import (
    PARTNERS,
    SITE_FIRST_MONTH,
    SITE_LAST_MONTH,
    SYNTHETIC_NOTE,
    month_range,
    release_figures,
    shift_month,
)
from customs_wh.sample_site.releases import Release
from customs_wh.sample_site.render import format_pct, format_value, render_release
from customs_wh.sample_site.server import serve, serve_forever

__all__ = [
    "PARTNERS",
    "SITE_FIRST_MONTH",
    "SITE_LAST_MONTH",
    "SYNTHETIC_NOTE",
    "Release",
    "SiteSummary",
    "build_site",
    "format_pct",
    "format_value",
    "month_range",
    "release_figures",
    "render_release",
    "serve",
    "serve_forever",
    "shift_month",
]
