"""The embedded sample GACC site: a deterministic, synthetic copy of the real site for offline runs.

It prints what the real English site prints (docs/real-site-notes.md; the saved pages'
README): the totals table (1), the table by country (4) and the commodity tables (5)
and (6), in CNY and USD, in the Preliminary Release and the Monthly Bulletin, 2018-01 to
2026-10, with the real variety of eight years in the places it occurred (2018 wording and
day-first dates, 2018 tables by country as pictures, combined January-February releases
2020-2025, era catalogues of commodities, and single bad pages: see ``conventions``). Every
figure is synthetic and every page says so.

Known difference from the real site: the real Monthly Bulletin publishes another set of 19
tables (partners in US$1,000, "（2）Imports and Exports by Country （Region）…"), which this
warehouse does not read yet; the sample bulletin reprints tables (1), (4), (5) and (6) in the
Preliminary Release layout, with the final figures, so revisions can be rehearsed.

Modules: ``calibration`` (the numbers the model is held to), ``partners`` and ``series`` (the
model of trade by partner), ``figures`` (what (1) and (4) print), ``catalogue`` and
``commodities`` (the commodity tables' rows and model), ``conventions`` (what is printed
where), ``releases`` (what is published when), ``render*`` and ``markup`` (the pages),
``build`` and ``server``. It imports nothing from the rest of the package but the contracts:
the sample site stands for GACC, not for the parser.
"""

from customs_wh.sample_site.build import SiteSummary, build_site
from customs_wh.sample_site.calibration import SITE_FIRST_MONTH, SITE_LAST_MONTH
from customs_wh.sample_site.catalogue import CATALOGUES, CatalogueRow, catalogue
from customs_wh.sample_site.conventions import INCIDENTS, Incident
from customs_wh.sample_site.figures import release_figures
from customs_wh.sample_site.markup import ORIGIN_PLACEHOLDER, format_pct, format_value
from customs_wh.sample_site.months import month_range, shift_month
from customs_wh.sample_site.partners import PARTNERS
from customs_wh.sample_site.releases import PUBLISHED_SECTIONS, Release
from customs_wh.sample_site.render import SYNTHETIC_NOTE, render_release
from customs_wh.sample_site.server import serve, serve_forever

__all__ = [
    "CATALOGUES",
    "INCIDENTS",
    "ORIGIN_PLACEHOLDER",
    "PARTNERS",
    "PUBLISHED_SECTIONS",
    "SITE_FIRST_MONTH",
    "SITE_LAST_MONTH",
    "SYNTHETIC_NOTE",
    "CatalogueRow",
    "Incident",
    "Release",
    "SiteSummary",
    "build_site",
    "catalogue",
    "format_pct",
    "format_value",
    "month_range",
    "release_figures",
    "render_release",
    "serve",
    "serve_forever",
    "shift_month",
]
