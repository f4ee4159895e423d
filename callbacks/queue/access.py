"""Who may work the staff queue: one permission, held through the "Help-line staff" group.

Every queue view, the menu item, the dashboard panel and the reassign service
ask `can_work_queue`, so the rule lives in one place. Superusers pass because
Django grants them every permission; inactive users never do.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

STAFF_GROUP_NAME = "Help-line staff"
QUEUE_PERMISSION_CODENAME = "work_callback_queue"
QUEUE_PERMISSION = f"callbacks.{QUEUE_PERMISSION_CODENAME}"
ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def can_work_queue(user) -> bool:
    """Whether this user may see the queue and act on callback requests."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(QUEUE_PERMISSION))


def queue_staff() -> QuerySet:
    """Active users who may work the queue (group members, direct grants, superusers), by name."""
    permission = Q(codename=QUEUE_PERMISSION_CODENAME, content_type__app_label="callbacks")
    granted = Permission.objects.filter(permission)
    return (
        get_user_model()
        ._default_manager.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def ensure_staff_group() -> Group:
    """The "Help-line staff" group with its two permissions, made if missing.

    Migration 0003 creates it; this puts it back where a test database was
    flushed after migrating, and lets the demo loader rely on it.
    """
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    queue = Permission.objects.get(content_type__app_label="callbacks", codename=QUEUE_PERMISSION_CODENAME)
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(queue, admin)
    return group
