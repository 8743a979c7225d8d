"""English dates as the Governing Body writes them ("3 December 2026"; "3 Dec 2026" where
space is short), in place of Django's American defaults. Used as ``|date:"DATE_FORMAT"`` and
``formats.date_format(day)`` everywhere (FORMAT_MODULE_PATH)."""
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
