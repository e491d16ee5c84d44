"""Crawling, everything Scrapy: discovery families (one spider class per source), middlewares,
download handlers for replay and mirrors, the failure ledger, settings, and the crawl stage."""
