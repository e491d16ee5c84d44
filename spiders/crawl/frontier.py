"""A frontier shared by crawler processes on several machines (``--frontier redis://...``).

scrapy-redis keeps the request queue and the duplicate filter in Redis; every worker writes
its own WARC files into the one snapshot folder of the crawl, and the last worker to end
writes the snapshot's index, ledger and report. Keys, for one source's crawl into one
snapshot (NS = ``siaran:<source>:<snapshot>``):

    siaran:<source>:snapshot   the snapshot the workers of the source's crawl share
    NS:requests, NS:dupefilter the queue (a sorted set) and the fingerprints seen
    NS:pending:<worker>        requests the worker took from the queue and has not finished
    NS:busy                    workers that took a request since they were last idle
    NS:live, NS:workers        workers in the crawl now; every worker that took part
    NS:alive:<worker>          the worker's heartbeat: it expires unless renewed
    NS:seed                    "done" once the start requests are queued (once, by one worker)
    NS:stats, NS:ended         the workers' counters, summed; who wrote the index

Termination: a worker closes when it is idle (Scrapy's own test: nothing to download, parse
or schedule), the start requests are queued, the queue is empty and no worker is busy. A
worker joins ``busy`` in the same atomic step that pops a request and leaves it only when it
is idle again, after everything it popped was parsed and the requests found queued; so an
empty queue with nobody busy means no request is left anywhere, nor can one appear. A worker
whose heartbeat lapsed (killed) is dropped, its pending requests back in the queue.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import redis
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

WORKER_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
POPPED = "siaran_popped"  # request.meta: the pending entry of the request a worker popped

# Requests left pending by workers whose heartbeat lapsed go back to the queue (each entry is
# "score\ndata"); a seeder that died is forgotten. Key names are built from ARGV[1] (NS),
# which a single Redis server allows.
_REAP = """
local ns = ARGV[1]
local function requeue(pending)
  local entries = redis.call('HGETALL', pending)
  for i = 2, #entries, 2 do
    local cut = string.find(entries[i], '\\n', 1, true)
    redis.call('ZADD', ns .. ':requests', string.sub(entries[i], 1, cut - 1),
               string.sub(entries[i], cut + 1))
  end
  redis.call('DEL', pending)
end
for _, w in ipairs(redis.call('SMEMBERS', ns .. ':live')) do
  if redis.call('EXISTS', ns .. ':alive:' .. w) == 0 then
    requeue(ns .. ':pending:' .. w)
    redis.call('SREM', ns .. ':live', w)
    redis.call('SREM', ns .. ':busy', w)
  end
end
"""
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local id = redis.sha1hex(found[1])
redis.call('HSET', KEYS[2], id, found[2] .. '\\n' .. found[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])  -- a worker taken for dead that was only slow is back
return {id, found[1]}
"""
# A popped request that comes back (a redirect, a retry) moves from pending to the queue.
_PUSH = """
if ARGV[3] ~= '' then redis.call('HDEL', KEYS[2], ARGV[3]) end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
"""
# The start requests, queued at once by the first worker only: ARGV = fingerprint, score,
# data for each request.
_SEED = """
if not redis.call('SET', KEYS[1], 'done', 'NX') then return 0 end
for i = 1, #ARGV, 3 do
  if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i + 2])
  end
end
return 1
"""
# Each worker seeds (or finds the seed done) before it can be idle; no seed at all means the
# crawl ended and its keys are gone.
_IDLE = (
    _REAP
    + """
local me = ARGV[2]
redis.call('SREM', ns .. ':busy', me)
redis.call('DEL', ns .. ':pending:' .. me)
if not redis.call('GET', ns .. ':seed') then return 1 end
redis.call('SADD', ns .. ':live', me)
if redis.call('ZCARD', ns .. ':requests') > 0 then return 0 end
if redis.call('SCARD', ns .. ':busy') > 0 then return 0 end
return 1
"""
)
# A worker leaves; ARGV[3] is '1' when its crawl finished. An interrupted worker puts back
# what it had pending. Returns 1 to the one worker that is to write the index: the crawl is
# over and nobody else is in it.
# A worker (re)joins: what a killed run of it left pending goes back to the queue.
_JOIN = (
    _REAP
    + """
local me = ARGV[2]
requeue(ns .. ':pending:' .. me)
redis.call('SADD', ns .. ':live', me)
redis.call('SADD', ns .. ':workers', me)
"""
)
_LEAVE = (
    _REAP
    + """
local me = ARGV[2]
if ARGV[3] ~= '1' then requeue(ns .. ':pending:' .. me) end
redis.call('DEL', ns .. ':pending:' .. me, ns .. ':alive:' .. me)
redis.call('SREM', ns .. ':busy', me)
redis.call('SREM', ns .. ':live', me)
if ARGV[3] == '1' and redis.call('SCARD', ns .. ':live') == 0
   and redis.call('ZCARD', ns .. ':requests') == 0
   and redis.call('GET', ns .. ':seed') == 'done'
   and redis.call('SET', ns .. ':ended', me, 'NX') then
  return 1
end
return 0
"""
)


class FrontierUnavailable(OSError):
    pass


def default_worker() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def check_worker(name: str) -> str:
    if not WORKER_NAME.fullmatch(name):
        raise ValueError(
            f"worker name {name!r}: use 1 to 64 letters, digits, '.', '_' or '-' (it names "
            "the worker's WARC files)"
        )
    return name


def connect(url: str) -> redis.Redis:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=10)
        client.ping()
    except (ValueError, redis.RedisError) as problem:
        raise FrontierUnavailable(f"frontier {url}: {problem}") from None
    return client


class Frontier:
    """One worker's side of the shared frontier of one source's crawl."""

    def __init__(self, url: str, source: str, worker: str, heartbeat: float = 10.0):
        self.url, self.source, self.worker = url, source, check_worker(worker)
        self.heartbeat = heartbeat  # seconds a silent worker is taken for dead
        self.redis = connect(url)
        self.ns = ""
        self._stop = threading.Event()

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Frontier:
        frontier = cls(
            settings["SIARAN_FRONTIER"],
            settings["SIARAN_FRONTIER_SOURCE"],
            settings["SIARAN_WORKER"],
            settings.getfloat("SIARAN_FRONTIER_HEARTBEAT"),
        )
        frontier.ns = settings["SIARAN_FRONTIER_NS"]
        return frontier

    def key(self, *parts: str) -> str:
        return ":".join([self.ns, *parts])

    def claim_snapshot(self, proposal: str) -> str:
        """The snapshot every worker of the source's crawl writes into: the first one's."""
        key = f"siaran:{self.source}:snapshot"
        self.redis.set(key, proposal, nx=True)
        name = self.redis.get(key).decode()
        self.ns = f"siaran:{self.source}:{name}"
        return name

    def settings(self) -> dict[str, Any]:
        """The crawl's own Scrapy settings."""
        return {
            "SIARAN_FRONTIER_SOURCE": self.source,
            "SIARAN_FRONTIER_NS": self.ns,
            "SCHEDULER_QUEUE_KEY": self.key("requests"),
            "SCHEDULER_DUPEFILTER_KEY": self.key("dupefilter"),
        }

    def join(self) -> None:
        """Take the worker's name in the crawl (waiting for a killed run of it to be taken for
        dead), start its heartbeat, and put back what a killed run of it left pending."""
        alive, token = self.key("alive", self.worker), uuid.uuid4().hex
        ttl = int(self.heartbeat * 1000)
        for _ in range(21):
            if self.redis.set(alive, token, nx=True, px=ttl):
                break
            self._stop.wait(self.heartbeat / 10)
        else:
            raise FrontierUnavailable(
                f"worker name {self.worker!r} is in use in the crawl of {self.source} at "
                f"{self.url}; give each worker its own --worker"
            )
        threading.Thread(target=self._beat, args=(alive, token, ttl), daemon=True).start()
        self.redis.register_script(_JOIN)(args=[self.ns, self.worker])

    def _beat(self, alive: str, token: str, ttl: int) -> None:
        # A thread, so a busy event loop does not make the worker look dead.
        while not self._stop.wait(self.heartbeat / 4):
            try:
                self.redis.set(alive, token, px=ttl)
            except redis.RedisError:
                continue  # Redis away for a moment: the next beat tries again

    def idle(self) -> bool:
        """The worker has finished all it took; whether the whole crawl is over."""
        return bool(self.redis.register_script(_IDLE)(args=[self.ns, self.worker]))

    def leave(self, stats: dict[str, Any]) -> bool:
        """Add the worker's counters and leave the crawl; whether it is the one to write the
        index (the crawl finished and every other worker has left)."""
        self._stop.set()
        counters = {
            k: v for k, v in stats.items() if isinstance(v, int) and not isinstance(v, bool)
        }
        with self.redis.pipeline() as pipe:
            for name, value in counters.items():
                pipe.hincrby(self.key("stats"), name, value)
            pipe.execute()
        finished = stats.get("finish_reason") == "finished"
        leave = self.redis.register_script(_LEAVE)
        return bool(leave(args=[self.ns, self.worker, "1" if finished else "0"]))

    def summed_stats(self) -> dict[str, Any]:
        stats = self.redis.hgetall(self.key("stats"))
        return {k.decode(): int(v) for k, v in stats.items()}

    def workers(self) -> list[str]:
        return sorted(w.decode() for w in self.redis.smembers(self.key("workers")))

    def forget(self) -> None:
        """Remove the finished crawl's keys: a next crawl is a new snapshot."""
        keys = list(self.redis.scan_iter(match=f"{self.ns}:*"))
        self.redis.delete(f"siaran:{self.source}:snapshot", *keys)


class FrontierQueue(PriorityQueue):
    """scrapy-redis' priority queue, where a popped request stays pending for its worker
    until done, so a killed worker's requests go back to the queue."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        frontier = Frontier.from_settings(spider.settings)
        self.worker = frontier.worker
        self.bookkeeping = [frontier.key(k) for k in (f"pending:{self.worker}", "busy", "live")]
        self._pop, self._push = server.register_script(_POP), server.register_script(_PUSH)

    def push(self, request: Request) -> None:
        popped = request.meta.pop(POPPED, "")
        data = self._encode_request(request)
        pending = self.bookkeeping[0]
        self._push(keys=[self.key, pending], args=[-request.priority, data, popped])

    def pop(self, timeout: int = 0) -> Request | None:
        found = self._pop(keys=[self.key, *self.bookkeeping], args=[self.worker])
        if not found:
            return None
        popped, data = found
        request = self._decode_request(data)
        request.meta[POPPED] = popped.decode()
        return request


class FrontierMiddleware:
    """Spider side of the shared frontier: the start requests queued once, by whichever
    worker comes first; a request no longer pending once its response is parsed; the spider
    kept open while other workers may still find requests, closed when nobody can."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.frontier = Frontier.from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        return middleware

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        requests = [request async for request in start]
        spider, frontier = self.crawler.spider, self.frontier
        queue = FrontierQueue(frontier.redis, spider, frontier.key("requests"))
        fingerprints = RFPDupeFilter(frontier.redis, frontier.key("dupefilter"))
        args = []
        for request in requests:
            fingerprint = fingerprints.request_fingerprint(request)
            args += [fingerprint, -request.priority, queue._encode_request(request)]
        keys = [frontier.key("seed"), frontier.key("dupefilter"), frontier.key("requests")]
        if frontier.redis.register_script(_SEED)(keys=keys, args=args):
            self.crawler.stats.set_value("siaran/start_requests_queued", len(requests))
        return
        yield  # an async generator that yields nothing: the queue has the requests

    def done(self, response: Response | None) -> None:
        popped = response is not None and response.request and response.request.meta.get(POPPED)
        if popped:
            self.frontier.redis.hdel(self.frontier.key("pending", self.frontier.worker), popped)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        try:
            yield from result
        finally:  # every request the response led to is queued by now
            self.done(response)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        try:
            async for found in result:
                yield found
        finally:
            self.done(response)

    def spider_idle(self) -> None:
        if not self.frontier.idle():
            raise DontCloseSpider
