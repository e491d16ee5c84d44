"""The archive: WARC files as crawls write them, their record index, salvage of files a killed
crawl left open, and snapshots. Read by the crawl (resume, replay) and by extraction, so it
imports no Scrapy."""
