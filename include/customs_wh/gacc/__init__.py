"""The GACC site: what GACC publishes and how to read it.

``discovery`` finds the release pages the index pages list, ``fetch`` downloads them,
``parse`` turns a release page into observations, ``partners`` maps GACC's partner labels
to codes. Imports only the package's core (``config``, ``contracts``).
"""
