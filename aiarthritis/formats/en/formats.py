# The charity's pages have always shown dates as 9/1/2023.
SHORT_DATE_FORMAT = "n/j/Y"
