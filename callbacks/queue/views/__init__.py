"""The staff queue in the Wagtail admin: list, take next, detail and actions, history, statistics.

Reads come from callbacks/queue/selectors.py and every change goes through a
service (callbacks/queue/services.py, callbacks/texts/services.py); these views
only translate between HTTP and those. wagtail_hooks.py registers the viewset
(viewset.py), the dashboard panel, the audit actions and the link from audit
entries back to a request.
"""
