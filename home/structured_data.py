"""Schema.org JSON-LD for search engines: the organisation, breadcrumbs and FAQs, and a safe way to write it.

The builders take plain values (names, URLs, block values already loaded for
the page) and return dicts, so they cost no queries and know nothing of the
apps whose pages they describe. `json_ld_script` is the only way the site
writes JSON-LD: it escapes <, > and & inside the JSON, so no text an editor
types (a "</script>" in an FAQ question) can end the script element early.
"""

import html
import json
import re
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

SCHEMA_CONTEXT = "https://schema.org"
SCHEMA_DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}

# The characters that could close the script element or start markup, and the two line
# separators some JavaScript parsers treat as line ends, as JSON \u escapes.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld_script(data: dict) -> SafeString:
    """`data` as a <script type="application/ld+json"> element, escaped so its text cannot break out."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    # Safe: after the escapes the payload holds no "<", ">" or "&", so it cannot end the element.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload.translate(_SCRIPT_ESCAPES)))  # noqa: S308


def plain_text(rich_text: str) -> str:
    """Rich text as one line of plain text (tags dropped, entities decoded), for descriptions and answers."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(rich_text))).strip()


def organization_id(root_url: str) -> str:
    return f"{root_url.rstrip('/')}/#organization"


def opening_hours_specification(ranges: Iterable[dict]) -> list[dict]:
    """OpeningHoursSpecification entries, one per opening time shared by one or more weekdays.

    `ranges` are dicts with `weekday` ("mon"... "sun"), `opens` and `closes`
    (datetime.time), as the help line's opening-hours rows hold them.
    """
    days_by_hours: dict[tuple[str, str], list[str]] = {}
    for row in ranges:
        day = SCHEMA_DAYS.get(row.get("weekday"))
        opens, closes = row.get("opens"), row.get("closes")
        if day is None or opens is None or closes is None:
            continue
        days = days_by_hours.setdefault((opens.strftime("%H:%M"), closes.strftime("%H:%M")), [])
        if day not in days:
            days.append(day)
    return [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
        for (opens, closes), days in days_by_hours.items()
    ]


def organization(*, name: str, root_url: str, telephone: str, opening_hours: list[dict]) -> dict:
    """The charity behind the site, with its help line.

    The help line's hours go on its ContactPoint (`hoursAvailable`), the place
    schema.org gives a phone line's opening hours; `telephone` is also on the
    organisation itself.
    """
    data = {
        "@type": "Organization",
        "@id": organization_id(root_url),
        "name": name,
        "url": root_url,
    }
    if telephone:
        contact_point = {
            "@type": "ContactPoint",
            "telephone": telephone,
            "contactType": "customer support",
            "areaServed": "GB",
            "availableLanguage": "en-GB",
        }
        if opening_hours:
            contact_point["hoursAvailable"] = opening_hours
        data["telephone"] = telephone
        data["contactPoint"] = contact_point
    return data


def breadcrumb_list(items: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, absolute URL) pairs, the site's home first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def faq_questions(body) -> list[dict]:
    """Question entries from every FAQ block of a StreamField value, in body order."""
    questions = []
    for block in body or ():
        if block.block_type != "faq":
            continue
        for item in block.value["items"]:
            answer = item["answer"]
            questions.append(
                {
                    "@type": "Question",
                    "name": item["question"],
                    # The stored HTML, not the expanded rich text: expanding page links would cost queries.
                    "acceptedAnswer": {"@type": "Answer", "text": plain_text(getattr(answer, "source", str(answer)))},
                }
            )
    return questions


def faq_page(*, url: str, questions: list[dict]) -> dict:
    return {"@type": "FAQPage", "@id": f"{url}#faq", "url": url, "mainEntity": questions}


def graph(*nodes: dict) -> dict:
    """One JSON-LD document holding several entities."""
    return {"@context": SCHEMA_CONTEXT, "@graph": [node for node in nodes if node]}
