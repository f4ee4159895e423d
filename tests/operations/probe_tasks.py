"""A task for the worker-outage test to queue: it only has to run and succeed."""

from django_tasks import task


@task(backend="background")
def worker_probe() -> str:
    return "ran"
