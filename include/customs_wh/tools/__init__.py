"""Tools for developers: the benchmark (``make bench``). May import anything."""
