"""`{% background_process_warnings %}`: the worker/clock warning box on the staff queue's pages.

A tag rather than view code, so the queue list and the dashboard panel show
the same box with one line in each template.
"""

from django import template

from callbacks.queue.process_warnings import background_process_warnings as warnings_now

register = template.Library()


@register.inclusion_tag("callbacks/admin/includes/process_warnings.html")
def background_process_warnings():
    return {"warnings": warnings_now()}
