"""Reference data shipped with madinhdanh (installed as the package ``desktop._data``)."""
