from django.db import models


class ProcessHeartbeat(models.Model):
    """When a background process (the worker, the clock) last showed it was working.

    A database row rather than a cache key: without Redis each process has its
    own local cache, and the staff dashboard runs in the web process.
    """

    process = models.CharField(max_length=32, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return f"{self.process} last seen {self.last_seen:%Y-%m-%d %H:%M:%S}"
