"""Spanish dates ("3 de diciembre de 2026"; "3 dic 2026" where space is short); numbers keep
Django's Spanish format (decimal comma)."""
DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = "j b Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
