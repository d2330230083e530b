"""madinhdanh: the registry of electronic identifier codes of agencies (QĐ 20/2020/QĐ-TTg)."""

__version__ = "0.1.0"
