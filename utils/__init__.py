"""Helpers: image grids, plots and GIFs, seeding, file I/O, the command-line parser."""
