"""The warehouse: the build database and its raw zone, the dbt stage, publishing, exports.

``db`` the build database's own tables, ``landing`` the raw zone, manifest, loading and
quarantine, ``transform`` the dbt build, ``publish`` the atomic swap of ``warehouse.duckdb``,
``export`` Parquet copies. Imports the core and ``gacc``.
"""
