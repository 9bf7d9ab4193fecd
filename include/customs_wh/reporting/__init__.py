"""What readers see of the published warehouse: the run summary and the README's questions.

Reads ``warehouse.duckdb`` only; imports the core and ``warehouse``.
"""
