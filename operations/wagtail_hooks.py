from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .sign_in_lockouts import SignInLockoutsView, can_unlock


@hooks.register("register_admin_urls")
def register_sign_in_lockouts_url():
    return [path("sign-in-lockouts/", SignInLockoutsView.as_view(), name="operations_sign_in_lockouts")]


class StaffOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return can_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_sign_in_lockouts_menu_item():
    return StaffOnlyMenuItem(
        "Sign-in lockouts", reverse("operations_sign_in_lockouts"), icon_name="lock", name="sign-in-lockouts"
    )
