"""Benchmarks of the recommender against its floor, the bare encoder (see docs/performance.md)."""
