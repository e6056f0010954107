"""Benchmarks that run outside the project: other software measured beside it."""
