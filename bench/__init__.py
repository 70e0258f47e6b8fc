"""Benchmarks of Sổ Đảng (not tests): `python -m bench --help`."""
