"""The site's own rules for Wagtail's content checker (the accessibility check in the user bar and editor).

On top of Wagtail's defaults: every image has alt text (axe's `image-alt`),
headings go in order (`heading-order`), and alt text that looks like a file
name or a camera's numbering is flagged (Wagtail's `alt-text-quality`, with
the site's pattern). Link text like "click here" cannot be checked by axe
through this configuration (its checks run in the browser and Wagtail offers
no link-text check), so rich text refuses it when saved (home/link_text.py).
"""

from wagtail.admin.userbar import ContentCheckerItem

# An image file extension, an underscore (as in file names), or a camera/phone file name such as
# "IMG 1234", "DSC-0042" or "PXL_2024".
FILE_NAME_ALT_PATTERN = r"\.(avif|gif|jpe?g|png|svg|webp|heic)$|_|^(img|dsc|dscn|pxl|photo|image|screenshot)[\s-]?\d+"


class SiteContentCheckerItem(ContentCheckerItem):
    axe_run_only = [*ContentCheckerItem.axe_run_only, "image-alt"]
    axe_custom_checks = [
        {**check, "options": {"pattern": FILE_NAME_ALT_PATTERN}} if check["id"] == "check-image-alt-text" else check
        for check in ContentCheckerItem.axe_custom_checks
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": "Image has no alt text",
            "help_text": "Describe what the image shows, or mark it as decorative",
        },
        "alt-text-quality": {
            "error_name": "Image alt text looks like a file name",
            "help_text": "Describe what the image shows, in words",
        },
    }


def use_site_content_checker(request, items, page):
    """`construct_wagtail_userbar`: swap Wagtail's content checker for the one with the site's rules."""
    items[:] = [
        SiteContentCheckerItem(in_editor=item.in_editor)
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentCheckerItem)
        else item
        for item in items
    ]
