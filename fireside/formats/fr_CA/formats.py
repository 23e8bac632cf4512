"""Canadian French times: "13 h 40". Django's fr_CA module writes the "h" unescaped, which the
date filter reads as the 12-hour clock ("13 01 40"); everything else comes from Django's."""

TIME_FORMAT = "H\xa0\\h\xa0i"  # 13 h 40
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"  # 31 janvier 2024, 13 h 40
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"  # 2024-01-31 13 h 40
