"""Demo content for the blog: the articles index, the medical team as author, two articles.

`load_demo_content` calls `load()` after the home app's loader, so the home page
and the help-line FAQ page already exist. Articles are found by their slug
under the index, the author by name and tags by slug, so a second run changes
nothing.
"""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from home.demo import (
    HELPLINE_FAQ_SLUG,
    add_published_child,
    callback_cta,
    callout,
    child_page,
    demo_home_page,
    faq,
    heading,
    key_takeaways,
    paragraph,
)
from home.models import HomePage, HomePageFeaturedArticle, StandardPage

from .demo_review import apply_reviews, ensure_reviewer
from .models import ArticleIndexPage, ArticlePage, ArticlePageAuthor, Author

INDEX_SLUG = "articles"
# The callbacks app's page, found by its slug: the blog does not import callbacks.
CALLBACK_PAGE_SLUG = "request-a-callback"
AUTHOR_NAME = "Sciaticalm Medical Team"


# The demo reads as current whenever it is loaded: each article is dated this many days
# before the day of loading (the first article a week before the second).
PUBLISHED_DAYS_AGO = {
    "back-pain-and-depression-breaking-the-pain-cycle": 35,
    "improve-mood-and-ease-back-pain": 28,
}


def published_on(slug: str) -> date:
    return timezone.localdate() - timedelta(days=PUBLISHED_DAYS_AGO[slug])


def load(*, stdout) -> list[str]:
    """Build the articles index, the author and both articles (with their clinical review and sources),
    and feature the articles on the home page."""
    changes: list[str] = []
    home = demo_home_page()
    if home is None:
        raise LookupError("There is no home page yet: the home app's demo content must load first.")

    index = _ensure_index(home, changes)
    author = _ensure_author(changes)
    faq_page = child_page(home, StandardPage, HELPLINE_FAQ_SLUG)
    callback_page = Page.objects.child_of(home).filter(slug=CALLBACK_PAGE_SLUG).first()
    cta_page = callback_page or faq_page or home.callback_page or home
    articles = [
        _ensure_article(index, author=author, changes=changes, **spec)
        for spec in (_pain_cycle_article(), _mood_and_back_pain_article(cta_page))
    ]
    _move_cta_to_callback_page(articles[1], callback_page, instead_of=faq_page, changes=changes)
    apply_reviews(articles, ensure_reviewer(changes), changes)
    _feature_on_home_page(home, articles, changes)
    return changes


def _move_cta_to_callback_page(article, callback_page, *, instead_of, changes: list[str]) -> None:
    """Point the article's callback box at the callback page once it exists, if it still leads to the FAQ."""
    if callback_page is None or instead_of is None:
        return
    blocks = [dict(block) for block in article.body.raw_data]
    moved = [b for b in blocks if b["type"] == "callback_cta" and b["value"].get("page") == instead_of.pk]
    if not moved:
        return
    for block in moved:
        block["value"] = {**block["value"], "page": callback_page.pk}
    article.body = blocks
    article.save_revision().publish()
    changes.append(f"Pointed the callback box in “{article.title}” at “{callback_page.title}”.")


def _ensure_index(home: HomePage, changes: list[str]) -> ArticleIndexPage:
    index = child_page(home, ArticleIndexPage, INDEX_SLUG) or ArticleIndexPage.objects.child_of(home).first()
    if index is None:
        index = ArticleIndexPage(
            title="Articles",
            slug=INDEX_SLUG,
            show_in_menus=True,
            intro=(
                "Practical, evidence-based reading on back pain, sciatica and the things that affect how you "
                "feel, from our clinical content team."
            ),
        )
        add_published_child(home, index)
        changes.append(f"Created the articles index at /{INDEX_SLUG}/.")
    return index


def _ensure_author(changes: list[str]) -> Author:
    author = Author.objects.filter(name=AUTHOR_NAME).first()
    if author is None:
        author = Author.objects.create(
            name=AUTHOR_NAME,
            role="Clinical content team",
            bio=(
                "The physiotherapists and nurses behind Sciaticalm write and review every article on this site, "
                "checking each one against current NHS and NICE guidance."
            ),
        )
        changes.append(f"Created the author “{AUTHOR_NAME}”.")
    return author


def _tags(slugs: list[str], changes: list[str]) -> list[Tag]:
    tags = []
    for slug in slugs:
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            tag = Tag.objects.create(name=slug, slug=slug)
            changes.append(f"Created the tag “{slug}”.")
        tags.append(tag)
    return tags


def _ensure_article(index, *, author, changes, slug, title, published, tags, intro, body) -> ArticlePage:
    article = child_page(index, ArticlePage, slug)
    if article is not None:
        return article
    article = ArticlePage(
        title=title,
        slug=slug,
        intro=intro,
        published_date=published,
        # Listings and feeds fall back on this date; make it the article's own, not the day the demo loaded.
        first_published_at=datetime(published.year, published.month, published.day, 9, tzinfo=UTC),
        body=body,
    )
    article.tags.add(*_tags(tags, changes))
    article.article_authors.add(ArticlePageAuthor(author=author, sort_order=0))
    add_published_child(index, article)
    changes.append(f"Created the article “{title}”.")
    return article


def _feature_on_home_page(home: HomePage, articles: list[ArticlePage], changes: list[str]) -> None:
    featured = {link.page_id for link in home.featured_articles.all()}
    missing = [article for article in articles if article.pk not in featured]
    if not missing:
        return
    for article in missing:
        home.featured_articles.add(HomePageFeaturedArticle(page=article, sort_order=len(featured)))
        featured.add(article.pk)
    home.save_revision().publish()
    changes.extend(f"Featured “{article.title}” on the home page." for article in missing)


def _pain_cycle_article() -> dict:
    return {
        "slug": "back-pain-and-depression-breaking-the-pain-cycle",
        "title": "Back Pain and Depression: Breaking the Pain Cycle",
        "published": published_on("back-pain-and-depression-breaking-the-pain-cycle"),
        "tags": ["back-pain", "pain-relief", "health", "wellness", "sciaticalm"],
        "intro": (
            "Back pain and depression often feed each other. This article explains how the cycle works and the "
            "practical, evidence-based steps that can help you break it."
        ),
        "body": [
            key_takeaways(
                [
                    "Long-lasting back pain and depression often go together, and each can make the other worse.",
                    "The link is partly physical (shared pain and mood pathways, stress, sleep) and partly about "
                    "how pain changes daily life.",
                    "Gentle activity, relaxation and talking therapies such as CBT can help with both.",
                    "See a GP if low mood lasts more than two weeks or pain comes with numbness or weakness.",
                ]
            ),
            heading("Introduction: how back pain and low mood become linked"),
            paragraph(
                "<p>Back pain and depression are both very common, and either can take a real toll on "
                "daily life. At first they can look like separate problems, one in the body and one in the "
                "mind. In practice they often turn up together, and each can make the other harder to shift. "
                "Understanding how that happens is the first step towards treatment that works.</p>"
                "<p>The link runs in both directions. People who live with long-term back pain are more likely "
                "to become depressed, and people who are depressed tend to feel pain more strongly. "
                "That is why the most helpful approach usually tackles both together.</p>"
            ),
            heading("The connection between back pain and depression"),
            heading("Physiological links", "h3"),
            paragraph(
                "<p>Pain that goes on for months changes the way the nervous system works. Some of the brain "
                "chemicals that help to regulate mood, such as serotonin and noradrenaline, also help to control "
                "pain signals, so a problem in one system can show up in the other. Constant pain keeps the "
                "body's stress response switched on, with raised levels of hormones such as cortisol that can "
                "wear down mood and sleep. And when pain makes you move less, you miss out on the endorphins "
                "that activity releases, the body's own pain relievers and mood lifters.</p>"
            ),
            heading("Psychological factors", "h3"),
            paragraph(
                "<p>Living with pain day after day is exhausting. Frustration, worry about what the pain means "
                "and a sense that nothing helps can slowly turn into low mood or anxiety. Pain can also shrink "
                "your world: you may stop seeing friends, give up hobbies or avoid going out. "
                "Losing those sources of enjoyment and support leaves more room for depression to settle "
                "in.</p>"
            ),
            heading("Impact on daily life", "h3"),
            paragraph(
                "<p>Together, back pain and depression can reach into almost every part of the day. Work may "
                "become difficult, household jobs pile up, and even washing and dressing can feel like a "
                "struggle. Each thing you can no longer do adds to the sense of loss, which in turn makes the "
                "pain harder to bear. This is the cycle that treatment sets out to interrupt.</p>"
            ),
            heading("Practical ways to manage back pain and depression"),
            heading("Stay physically active", "h3"),
            paragraph(
                "<p>Regular movement is one of the most effective tools for both conditions. Gentle, low-impact "
                "activity such as walking, swimming or yoga keeps the back flexible, strengthens the muscles "
                "that support the spine and lifts mood. Start small and build up gradually; a little every day "
                "does more than a lot once a week. If you have not exercised for a while, check with a GP or "
                "physiotherapist which activities suit you.</p>"
            ),
            heading("Mindfulness and relaxation", "h3"),
            paragraph(
                "<p>Mindfulness, slow breathing and other relaxation techniques can lower stress and change how "
                "you relate to pain. They bring your attention back to the present moment instead of worrying "
                "about tomorrow or replaying bad days. Even ten minutes a day can ease tension and some of the "
                "emotional weight of long-term pain.</p>"
            ),
            heading("Cognitive behavioural therapy (CBT)", "h3"),
            paragraph(
                "<p>CBT is a talking therapy with good evidence behind it for both persistent pain and "
                "depression. A therapist helps you notice unhelpful patterns of thinking and behaviour, such as "
                "expecting the worst or avoiding all activity, and swap them for more balanced ones. In England "
                "you can refer yourself to NHS Talking Therapies without seeing a GP first.</p>"
            ),
            heading("Medication", "h3"),
            paragraph(
                "<p>Medicines can have a place alongside these approaches. Anti-inflammatory painkillers may help "
                "during flare-ups, and antidepressants can ease depression. Every medicine has possible side "
                "effects, so choose with your GP or pharmacist and review it regularly rather than starting or "
                "stopping anything on your own.</p>"
            ),
            heading("When to seek professional help"),
            callout(
                "seek-help",
                "Speak to a GP or other healthcare professional if:",
                "<ul><li>your back pain is severe, getting worse, or comes with numbness or weakness;</li>"
                "<li>low mood or anxiety has lasted more than two weeks or is getting in the way of daily "
                "life;</li>"
                "<li>what you are doing for yourself is not bringing enough relief;</li>"
                "<li>you want to start, change or stop a medicine.</li></ul>",
            ),
            paragraph(
                "<p>A healthcare professional can assess you properly and draw up a plan that treats the pain "
                "and the mood together.</p>"
            ),
            heading("Conclusion: breaking the cycle for a better quality of life"),
            paragraph(
                "<p>Back pain and depression are closely linked, and treating them as a pair gives you the best "
                "chance of feeling better. Knowing how one feeds the other lets you take practical steps, such "
                "as moving more, managing stress and finding the right therapy, that loosen the cycle's "
                "grip.</p>"
                "<p>Self-care is powerful, but it works best with professional support alongside it. Talk to a "
                "healthcare professional to make sure your care fits your situation.</p>"
                "<p>With the right help, many people find their pain becomes easier to manage and their mood "
                "lifts, making room for a fuller life.</p>"
            ),
        ],
    }


def _mood_and_back_pain_article(cta_page) -> dict:
    return {
        "slug": "improve-mood-and-ease-back-pain",
        "title": "Improve Your Mood and Ease Back Pain: Tackling Both Together",
        "published": published_on("improve-mood-and-ease-back-pain"),
        "tags": ["back-pain", "depression", "mental-health", "exercise", "sciaticalm"],
        "intro": (
            "Easing back pain can lift your mood, and lifting your mood can ease back pain. Here is why the two "
            "are connected and what you can do to work on both at once."
        ),
        "body": [
            key_takeaways(
                [
                    "Long-term back pain and depression are closely linked, and each can make the other worse.",
                    "Low mood, stress and worry can turn up the volume on pain, keeping a cycle going.",
                    "Regular activity and ways of managing stress can lift your mood as well as ease pain.",
                    "Professional help is an important part of getting on top of both.",
                ]
            ),
            heading("How back pain and depression are connected"),
            paragraph(
                "<p>The link between back pain and depression is easy to overlook, yet it matters for anyone "
                "trying to recover. Research shows that people with long-term back pain are more likely to "
                "develop depression, and that people with depression are more likely to go on to develop back "
                "pain. Part of the reason is what constant pain does to mental health; part is the strain of "
                "living with something that limits what you can do. When the link is recognised, both problems "
                "can be treated together, which helps mental health as much as physical health.</p>"
            ),
            heading("How they affect your mood"),
            paragraph(
                "<p>Constant discomfort, and the things you can no longer do because of it, can leave you "
                "frustrated, short-tempered and generally unhappy. Depression adds its own weight: sadness, "
                "hopelessness and a lack of energy and motivation. Those feelings can in turn make pain feel "
                "worse, and so the cycle goes on.</p>"
                "<p>The good news is that the cycle can be worked on from either side. Regular exercise lowers "
                "stress and releases endorphins, which lift mood. Slow breathing, meditation and making time for "
                "things you enjoy help too. None of these needs to be big: small, steady steps add up.</p>"
            ),
            heading("Strategies to ease pain and lift your mood"),
            heading("Relaxation techniques", "h3"),
            paragraph(
                "<p>Deep breathing, meditation and progressive muscle relaxation, where you tense and then let go "
                "of each group of muscles in turn, all reduce tension in the body. A calmer body and mind often "
                "means less pain and a brighter mood. Try setting aside a few minutes at the same time each day "
                "so that it becomes a habit.</p>"
            ),
            heading("Exercise therapy", "h3"),
            paragraph(
                "<p>Regular activity such as walking, swimming or yoga strengthens the muscles that support your "
                "spine and lowers the chance of future episodes of pain. Exercise also releases endorphins, the "
                "body's natural painkillers and mood boosters, so the benefits reach your mental health as well "
                "as your back. A physiotherapist can put together a programme that suits your back and your "
                "fitness.</p>"
            ),
            heading("Lifestyle changes that help with both"),
            paragraph(
                "<p>Building physical activity into your week is one of the most useful changes you can make: "
                "it strengthens muscles, keeps you flexible and releases the feel-good chemicals that lift mood. "
                "Other changes that can help with both back pain and depression include:</p>"
                "<ul><li>practising relaxation, such as slow breathing, meditation or gentle yoga;</li>"
                "<li>eating a balanced diet with plenty of fruit, vegetables and wholegrains;</li>"
                "<li>getting enough sleep, with regular times for going to bed and getting up;</li>"
                "<li>staying connected with family and friends, or joining a support group;</li>"
                "<li>finding outlets for stress, such as writing a journal, painting or listening to music.</li>"
                "</ul>"
            ),
            heading("Getting professional help"),
            paragraph(
                "<p>Activity and lifestyle changes go a long way, but professional help is often what makes the "
                "difference. A GP can look for the cause of your pain, rule out anything serious and agree a "
                "plan with you. That plan may combine medicine, physiotherapy and a talking therapy such as "
                "CBT; some people also find manual therapy or massage helpful alongside exercise. Getting the "
                "right support can help you understand what is happening, manage your symptoms and feel more in "
                "control, so don't hesitate to ask for it.</p>"
            ),
            faq(
                [
                    (
                        "Are there exercises or stretches that help with both back pain and low mood?",
                        "<p>Yes. Exercises that strengthen your core and improve your posture can ease back "
                        "pain, and any activity that gets you moving releases endorphins that lift your mood. "
                        "Walking, swimming, yoga and Pilates are good places to start. Begin gently, build up "
                        "slowly, and ask a physiotherapist if you are unsure what is safe for you.</p>",
                    ),
                    (
                        "How long does it take to notice a difference?",
                        "<p>It varies from person to person. Some people feel their mood lift within a few weeks "
                        "of becoming more active, while changes in pain often come more gradually. Sticking with "
                        "the changes matters more than doing a lot at once. If things are not improving, talk "
                        "to your GP for advice that fits you.</p>",
                    ),
                    (
                        "Can what I eat affect back pain and depression?",
                        "<p>Diet can play a part. A balanced diet with plenty of fruit, vegetables, wholegrains "
                        "and oily fish supports your general health and may help with inflammation, and keeping "
                        "to a healthy weight takes some load off your back. Eating regularly also helps to keep "
                        "energy and mood steady. No single food is a cure, though.</p>",
                    ),
                    (
                        "Are there other therapies that can help with both?",
                        "<p>Some people find that yoga, massage, manual therapy or mindfulness courses help with "
                        "both pain and mood. The evidence is stronger for some of these than for others, so use "
                        "them alongside, not instead of, a plan agreed with a healthcare professional, and check "
                        "that any practitioner you see is properly registered.</p>",
                    ),
                    (
                        "Does worse back pain mean worse depression?",
                        "<p>On average, yes: research finds that people with more severe or longer-lasting back "
                        "pain tend to have more symptoms of depression, although that is not true for everyone. "
                        "It also means the reverse can help: easing the pain often lifts mood, and treating "
                        "depression can make pain easier to live with. Regular exercise helps both.</p>",
                    ),
                ]
            ),
            paragraph(
                "<p>Back pain and depression are closely tied, but that also means progress with one often helps "
                "the other. Small, steady changes, such as moving a little more, sleeping better and staying in "
                "touch with people, together with the right professional support, can make a real difference. "
                "You don't have to sort it out on your own: take a first step today.</p>"
            ),
            callback_cta(
                cta_page,
                "Want to talk it through?",
                "Our help-line team can listen to what you're dealing with and point you to the right support. "
                "Tell us when suits you and we'll call you back.",
            ),
        ],
    }
