"""Benchmarks: the bot is never the bottleneck. Run everything with `python -m bench`."""
