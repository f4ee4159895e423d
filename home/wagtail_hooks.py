"""The home app in the Wagtail admin: the content checker with the site's accessibility rules."""

from wagtail import hooks

from .accessibility import use_site_content_checker

hooks.register("construct_wagtail_userbar", use_site_content_checker)
