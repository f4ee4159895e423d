"""Response headers Django's SecurityMiddleware does not set: Permissions-Policy, and the admin's CSP.

Permissions-Policy switches off browser features the site never uses
(camera, microphone, geolocation, payment and the like), so that nothing
embedded in a page, such as a video player, can ask a reader for them. It is
one fixed header, from settings.PERMISSIONS_POLICY.

The Content-Security-Policy itself comes from django-csp (settings in
config/settings/production.py). The public pages get a strict policy; the
Wagtail admin's own scripts and styles still need some inline code, so
`ContentSecurityPolicyMiddleware` gives requests under the admin the looser
CONTENT_SECURITY_POLICY_ADMIN instead of loosening the policy for readers.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN for the Wagtail admin."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin_policy = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
        if not report_only and admin_policy and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = default_config(admin_policy.get("DIRECTIVES", {}))
        return parts
