"""Who can reach the queue: every queue URL x every kind of visitor x GET and POST.

The grid is generated from QUEUE_URLS, and the first test checks that
QUEUE_URLS names every URL registered in the `callback_queue` namespace, so a
view added later without a row here fails the suite instead of going
unchecked. Also: nothing else in the site exposes callback requests.
"""

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.models import ReferenceIndex
from wagtail.search.index import class_is_indexed
from wagtail.snippets.models import get_snippet_models

from callbacks.models import CallAttempt, CallbackRequest, Status

from .queue_support import NOW, editor, make_request, no_admin_member, other_group_member, staff_user, superuser

pytestmark = pytest.mark.django_db

NAMESPACE = "callback_queue"
# URL name -> (takes a request id, status for staff on GET, status for staff on POST).
# Actions answer a POST with a redirect back (with a success or error message).
QUEUE_URLS = {
    "index": (False, 200, 405),
    "index_results": (False, 200, 405),
    # The live refresh's rows: a plain visit (no HX-Request) goes to the list; test_queue_live.py asks as the script.
    "index_live": (False, 302, 405),
    "live_counts": (False, 200, 405),
    "take_next": (False, 405, 302),
    "statistics": (False, 200, 405),
    "wrap_up_export": (False, 200, 405),
    "detail": (True, 200, 405),
    "history": (True, 200, 405),
    "history_results": (True, 200, 405),
    "claim": (True, 405, 302),
    "record_attempt": (True, 405, 302),
    "complete": (True, 405, 302),
    "unreachable": (True, 405, 302),
    "release": (True, 405, 302),
    "reassign": (True, 405, 302),
    "cancel": (True, 405, 302),
    "urgency": (True, 405, 302),
    "send_missed_call": (True, 405, 302),
    # Refused input shows the request's page again with the form as typed, so no redirect.
    "follow_up": (True, 405, 200),
    "outbox": (False, 200, 405),
}
ROLES = {
    "anonymous": lambda: None,
    "no admin access": no_admin_member,
    "editor": editor,
    "other group": other_group_member,
    "help-line staff": staff_user,
    "superuser": superuser,
}
REFUSED = {"anonymous": "login", "no admin access": "login", "editor": 403, "other group": 403}


def registered_queue_url_names() -> set[str]:
    _prefix, resolver = get_resolver().namespace_dict[NAMESPACE]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


# URLs that take something other than a request id.
OTHER_ARGS = {"wrap_up_export": ["csv"]}


def url_for(name: str, callback_request: CallbackRequest) -> str:
    takes_id = QUEUE_URLS[name][0]
    return reverse(f"{NAMESPACE}:{name}", args=[callback_request.pk] if takes_id else OTHER_ARGS.get(name, []))


def test_the_grid_covers_every_queue_url():
    assert set(QUEUE_URLS) == registered_queue_url_names()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("name", list(QUEUE_URLS))
def test_permission_grid(name, role, method, client):
    callback_request = make_request()
    user = ROLES[role]()
    if user is not None:
        client.force_login(user)
    url = url_for(name, callback_request)

    response = getattr(client, method)(url)

    expected = REFUSED.get(role)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == 403:
        assert response.status_code == 403
        assert b"for help-line staff" in response.content
    else:
        _, on_get, on_post = QUEUE_URLS[name]
        assert response.status_code == (on_get if method == "get" else on_post)
    if expected is not None:
        # A refused request changes nothing, whatever it asked for.
        callback_request.refresh_from_db()
        assert (callback_request.status, callback_request.claimed_by_id) == (Status.QUEUED, None)


@pytest.mark.parametrize("name", [name for name, (takes_id, *_) in QUEUE_URLS.items() if takes_id])
def test_each_request_url_looks_up_its_own_request(name, client):
    """A missing id is a 404 for staff (the method check comes first on POST-only URLs)."""
    client.force_login(staff_user())
    url = reverse(f"{NAMESPACE}:{name}", args=[987654])
    _, on_get, _ = QUEUE_URLS[name]
    method = client.get if on_get == 200 else client.post
    assert method(url).status_code == 404


def test_acting_on_a_colleagues_request_through_the_url_is_refused(client):
    holder, other = staff_user(), staff_user()
    theirs = make_request(status=Status.CLAIMED, claimed_by=holder)
    client.force_login(other)

    response = client.post(reverse(f"{NAMESPACE}:release", args=[theirs.pk]), follow=True)

    theirs.refresh_from_db()
    assert theirs.claimed_by == holder
    assert "only they or a superuser can act on it" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "sees_it"),
    [("editor", False), ("other group", False), ("help-line staff", True), ("superuser", True)],
)
def test_the_menu_item_and_dashboard_panel_are_for_staff_only(role, sees_it, client, time_machine):
    time_machine.move_to(NOW, tick=False)
    make_request()
    client.force_login(ROLES[role]())
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ("Callbacks (1 due)" in page) is sees_it
    assert ('id="callback-queue-section"' in page) is sees_it


def test_callback_requests_are_exposed_nowhere_else():
    models = (CallbackRequest, CallAttempt)
    assert not any(class_is_indexed(model) for model in models), "no search index"
    assert not set(models) & set(get_snippet_models()), "not snippets"
    assert not any(ReferenceIndex.is_indexed(model) for model in models), "not in the reference index"
    assert not [viewset for viewset in viewsets.viewsets if getattr(viewset, "model", None) in models], (
        "no ModelViewSet (with its export, chooser and inspect views)"
    )
    assert not {"wagtail.api.v2", "rest_framework", "ninja"} & set(settings.INSTALLED_APPS), "no API app"


def test_no_url_outside_the_queue_serves_callback_requests():
    """Every view class in the URL tree that names a model: only the queue's may name CallbackRequest."""
    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, pattern.namespace or namespace)
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            model = getattr(view_class, "model", None)
            if model in (CallbackRequest, CallAttempt):
                found.append((namespace, pattern.name))

    walk(get_resolver().url_patterns)
    assert found and {namespace for namespace, _ in found} == {NAMESPACE}
