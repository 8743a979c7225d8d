"""French dates ("3 décembre 2026"; "3 déc. 2026" where space is short); numbers keep
Django's French format (decimal comma, narrow space between thousands)."""
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
