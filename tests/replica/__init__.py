"""The replica web: a deterministic, synthetic copy of each source's website in its real
markup and URL scheme, stored as WARC keyed by the real URLs, with its ground truth."""
