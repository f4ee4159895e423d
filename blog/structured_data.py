"""An article described for search engines as a MedicalWebPage: who wrote it, when, and who checked it.

Built from what the article page has already loaded (its authors, tags and
reviewer come with the page), so it adds no queries; `home.structured_data`
writes it out safely.
"""

from home.structured_data import organization_id


def person(author) -> dict:
    data = {"@type": "Person", "name": author.name}
    if author.role:
        data["jobTitle"] = author.role
    return data


def citation(source) -> dict:
    """One entry of the article's Sources as a CreativeWork."""
    data = {"@type": "CreativeWork", "name": source["title"]}
    if source.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    if source.get("year"):
        data["datePublished"] = str(source["year"])
    if source.get("url"):
        data["url"] = source["url"]
    return data


def medical_web_page(article, *, url: str, root_url: str, authors, tags=()) -> dict:
    """The MedicalWebPage entity for `article` at `url`.

    `datePublished` is the date readers see on the article, `dateModified` its
    last publication, and `lastReviewed` / `reviewedBy` its clinical review.
    """
    data = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": article.title,
        "headline": article.title[:110],
        "description": article.meta_description,
        "inLanguage": "en-GB",
        "author": [person(author) for author in authors],
        "publisher": {"@id": organization_id(root_url)},
    }
    if article.display_date:
        data["datePublished"] = article.display_date.isoformat()
    modified = article.last_published_at or article.latest_revision_created_at
    if modified:
        data["dateModified"] = modified.isoformat()
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed.isoformat()
    if article.medical_reviewer_id:
        data["reviewedBy"] = person(article.medical_reviewer)
    keywords = [tag.name for tag in tags]
    if keywords:
        data["keywords"] = keywords
    citations = [citation(block.value) for block in article.sources]
    if citations:
        data["citation"] = citations
    return data
