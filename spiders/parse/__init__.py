"""Parsers of what Indonesian government pages print: dates, bylines, datelines, charsets and
the records of their JSON APIs. Shared by discovery (date windows) and page objects; no Scrapy."""
