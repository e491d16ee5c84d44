"""siaran's tests, and the replica they run against (``python -m tests.replica``)."""
