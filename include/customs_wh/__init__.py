"""customs-wh: China's monthly customs statistics as a tested DuckDB warehouse."""

__version__ = "0.1.0"
