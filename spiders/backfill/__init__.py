"""Backfill: releases of earlier years from web archives (Wayback, Common Crawl) into
snapshots of a source's crawl folder."""
