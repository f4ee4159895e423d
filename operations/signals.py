"""Signals the processes send, so that apps can act on them without operations importing the apps.

`worker_started`: the task worker has started and reached the database, once
per process, before it runs its first task. A worker that starts is often
replacing one that died (killed, out of memory): an app whose tasks could have
died with it can queue them again here.
"""

from django.dispatch import Signal

worker_started = Signal()
