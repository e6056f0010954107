# Dates with the month written out: “1 September 2023” reads the same everywhere.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
