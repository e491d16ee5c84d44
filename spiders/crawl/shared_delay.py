"""Politeness across the workers of a shared frontier: a host gets one request at a time from
all of them together, and the next at least the delay after the previous one's answer,
whichever worker sends it. The turn is a Redis key per host: held (with the request's token)
while a request is out, then ``cooling`` for the delay; a killed worker's turn expires."""

from __future__ import annotations

import asyncio
import uuid
from urllib.parse import urlsplit

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from siaran.spiders.crawl.frontier import connect
from siaran.spiders.crawl.middlewares import CrawlDelayMiddleware

TURN = "siaran_turn"  # request.meta: (key, token) of the turn the request holds
POLL = 0.05  # seconds between two looks at a turn held by a request still out

# 0 when the turn is taken; else milliseconds to wait (a cooling turn ends when it expires, a
# held one may be given back any moment).
_TAKE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local wait = redis.call('PTTL', KEYS[1])
if redis.call('GET', KEYS[1]) ~= 'cooling' then wait = math.min(wait, ARGV[3]) end
return math.max(wait, 1)
"""
_GIVE_BACK = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], 'cooling', 'PX', ARGV[2])
else
  redis.call('DEL', KEYS[1])
end
return 1
"""


class SharedDelayMiddleware(CrawlDelayMiddleware):
    """In place of ``CrawlDelayMiddleware`` in a distributed crawl: robots.txt's Crawl-delay,
    Scrapy's download delay and AutoThrottle's, held across workers. The local download
    slot still applies, counted from the same answer, so it adds no wait of its own."""

    def __init__(self, crawler: Crawler, client: redis.Redis):
        super().__init__(crawler.settings["USER_AGENT"])
        self.crawler = crawler
        self.redis = client
        # A request is out at most this long; a turn a killed worker held expires after it.
        self.hold_ms = int((crawler.settings.getfloat("DOWNLOAD_TIMEOUT") + 5) * 1000)
        self._take = client.register_script(_TAKE)
        self._give_back = client.register_script(_GIVE_BACK)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedDelayMiddleware:
        return cls(crawler, connect(crawler.settings["SIARAN_FRONTIER"]))

    async def process_request(self, request: Request) -> None:
        key, token = f"siaran:turn:{urlsplit(request.url).hostname or ''}", uuid.uuid4().hex
        while wait := self._take(keys=[key], args=[token, self.hold_ms, int(POLL * 1000)]):
            await asyncio.sleep(wait / 1000)
        request.meta[TURN] = (key, token)

    def delay(self, request: Request) -> float:
        """The wait before the host's next request: the larger of the download slot's delay
        (AutoThrottle's, once it has measured) and robots.txt's Crawl-delay."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(request.meta.get("download_slot"))
        delay = slot.delay if slot else self.crawler.settings.getfloat("DOWNLOAD_DELAY")
        return max(delay, self.delays.get(urlsplit(request.url).hostname or "", 0.0))

    def give_back(self, request: Request) -> None:
        turn = request.meta.pop(TURN, None)
        if turn:
            key, token = turn
            self._give_back(keys=[key], args=[token, int(self.delay(request) * 1000)])

    def process_response(self, request: Request, response: Response) -> Response:
        response = super().process_response(request, response)  # a robots.txt Crawl-delay
        self.give_back(request)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        self.give_back(request)
