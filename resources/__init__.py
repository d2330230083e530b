"""Fonts, icons and translations shipped with madinhdanh (installed as ``desktop._resources``)."""
