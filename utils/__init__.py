"""Helpers: image grids, plots and GIFs, seeding, file I/O."""
