"""Sample servers of the partner sources on 127.0.0.1: the Census international trade API, Eurostat's
Comext SDMX 2.1 API, HMRC's uktradeinfo OData API and the ECB's data API, each answering the real
request forms with the real response formats, and the real errors for a wrong parameter.

Figures (``figures``): calibrated to the published partner-side totals where the project states them
(US general imports from China in 2018, 2019, 2023 and 2024; the EU's imports from and exports to China in
2024), synthetic elsewhere and labelled so. Deterministic: the same request gets the same bytes.
"""

from customs_wh.sample_sources.server import SampleSources, serve_sources

__all__ = ["SampleSources", "serve_sources"]
