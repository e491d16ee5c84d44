"""Scrapy settings. Politeness is the default; replay mode touches no network."""

BOT_NAME = "siaran"
SPIDER_LOADER_CLASS = "siaran.spiders.crawl.spiderloader.SourceSpiderLoader"


def user_agent(contact: str) -> str:
    """Who is crawling and how to reach them."""
    return f"siaran/0.1 (research crawler of government press releases; +{contact})"


# Overridden from params.yaml (crawl.contact) by the crawl stage.
SIARAN_CONTACT = "https://github.com/siaran-project/siaran"
USER_AGENT = user_agent(SIARAN_CONTACT)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# The delay between two requests to one domain is a floor: AutoThrottle raises it for a slow
# server, never lowers it past DOWNLOAD_DELAY.
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# AutoThrottle starts at max(DOWNLOAD_DELAY, this). Scrapy's 5 s start held crawls at a fifth
# of the budget, for good when no latency was measured (through the host map); 0 starts at
# DOWNLOAD_DELAY, whatever params.yaml sets it to.
AUTOTHROTTLE_START_DELAY = 0
# Scrapy waits 0.5x-1.5x the delay by default, so two requests could come half a delay apart;
# no jitter: never closer than the delay, and as close as it allows.
DOWNLOAD_DELAY_JITTER = 0
EXTENSIONS = {"siaran.spiders.crawl.middlewares.DelayFromAnswer": 0}
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 20 * 2**20
RETRY_TIMES = 3
# Archive-friendly codings only: warcio (`warcio check`, pywb) cannot decode brotli payloads
# with the brotli release Scrapy installs.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "id,en;q=0.8",
    "Accept-Encoding": "gzip, deflate",
}
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    # Closest to the downloader: what is archived already, then waits robots.txt asks for.
    "siaran.spiders.crawl.middlewares.ResumeMiddleware": 955,
    "siaran.spiders.crawl.middlewares.CrawlDelayMiddleware": 960,
    # Sees raw responses, before decompression and retries.
    "siaran.spiders.crawl.middlewares.WarcRecorderMiddleware": 950,
    # After Scrapy's redirects (600).
    "siaran.spiders.crawl.middlewares.RedirectLoopMiddleware": 610,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "siaran.spiders.crawl.middlewares.RetryAfterMiddleware": 550,
    # Farthest: sees the final answer after retries, and every exception.
    "siaran.spiders.crawl.ledger.FailureLedgerMiddleware": 50,
}
SIARAN_MAX_RETRY_AFTER = 120  # seconds: a longer Retry-After is capped
SIARAN_MODE = "live"
SIARAN_WARC_MAX_BYTES = 512 * 2**20
