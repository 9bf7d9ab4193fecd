"""The embedded sample GACC site: a deterministic, synthetic copy of the real site for offline runs.

It prints what the real English site prints (docs/real-site-notes.md; the saved pages'
README), 2018-01 to 2026-10: the Preliminary Release's totals table (1), table by country (4)
and commodity tables (5) and (6), in CNY and USD, with the real variety of eight years in the
places it occurred (2018 wording and day-first dates, 2018 tables by country as pictures,
combined January-February releases 2020-2025, era catalogues of commodities, and single bad
pages: see ``conventions``); and the Monthly Bulletin's own nineteen tables a month, (1) A and B
to (18), in US$1,000 (the 2025 exports table in RMB), in the markup of the real pages where one
is saved or described and in forms marked assumed elsewhere (docs/conformance.md). Every figure
is synthetic and every page says so.

Modules: ``calibration`` (the numbers the model is held to), ``partners`` and ``series`` (the
model of trade by partner), ``figures`` (what (1) and (4) print), ``catalogue`` and
``commodities`` (the commodity tables' rows and model), ``countries``, ``hs``, ``sitc``,
``regimes``, ``regions``, ``breakdowns``, ``partner_products``, ``bulletin_*`` (the Bulletin's
finer split of the same trade; ``bulletin_figures`` the true figures of each table and month),
``conventions`` (what is printed where), ``releases`` and ``bulletin_releases`` (what is
published when), ``render*`` and ``markup`` (the pages), ``build`` and ``server``. It imports
nothing from the rest of the package but the contracts: the sample site stands for GACC, not
for the parser.
"""

from customs_wh.sample_site.build import SiteSummary, build_site
from customs_wh.sample_site.bulletin_figures import TABLE_KEYS, BulletinTable, bulletin_figures
from customs_wh.sample_site.bulletin_releases import BulletinPage, bulletin_pages
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
    "TABLE_KEYS",
    "BulletinPage",
    "BulletinTable",
    "bulletin_figures",
    "bulletin_pages",
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
