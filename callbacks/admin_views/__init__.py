"""The staff queue in the Wagtail admin: list, take next, detail and actions, history, statistics.

Reads come from callbacks/queue_selectors.py and every change goes through a
service (callbacks/services.py); these views only translate between HTTP and
those. wagtail_hooks.py registers the viewset, the dashboard panel, the audit
actions and the link from audit entries back to a request.
"""

from .viewset import CallbackQueueViewSet

__all__ = ["CallbackQueueViewSet"]
