"""Strip stage: golden snippets, the gold gate, and never-raise behaviour.

The snippet tables follow the style of extraction test suites: each case is a
short synthetic page fragment and one line that must be kept (`WITH`) or
dropped (`WITHOUT`). The fragments are made up for these tests.
"""
from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pytest

from models.article import CleanArticle
from models.inputs import InputFormat, RawDocument, RejectedInput
from tasks.boilerplate.classifier import fold
from tasks.strip import strip_document, strip_documents, strip_task

HEADLINE = "Ministers agree to resume border talks next month"
BODY = [
    "The foreign ministers of the two countries agreed on Tuesday to resume talks on the disputed border, officials said.",
    "The talks, suspended since last year, will be held in a third country, according to a joint statement issued after the meeting.",
    "Both sides described the meeting as frank and constructive, and said working groups would meet before the ministers do.",
    "Diplomats from neighbouring states welcomed the announcement and offered to host the next round if both sides agree.",
]


def text_doc(text: str, source: str = "snippet.txt") -> RawDocument:
    return RawDocument(source=source, format=InputFormat.TEXT, text=text, encoding="utf-8", size_bytes=len(text))


def html_doc(html: str, source: str = "snippet.html") -> RawDocument:
    return RawDocument(source=source, format=InputFormat.HTML, text=html, encoding="utf-8", size_bytes=len(html))


def page(line: str, where: str) -> str:
    """A text dump with `line` placed at the top (under the headline), in the
    middle of the body, or at the end of the page."""
    lines = [HEADLINE]
    if where == "top":
        lines += [line, *BODY]
    elif where == "middle":
        lines += [*BODY[:2], line, *BODY[2:]]
    else:
        lines += [*BODY, line]
    return "\n\n".join(lines)


def clean_lines(result: CleanArticle | RejectedInput) -> set[str]:
    assert isinstance(result, CleanArticle), result
    return {fold(line) for line in result.clean_text.splitlines()}


# (line, where) pairs that are furniture and must not survive as a line.
WITHOUT = [
    # widgets, share and comment prompts
    ("Add a comment", "end"),
    ("Sort by", "end"),
    ("Copy Link", "top"),
    ("Share this article", "top"),
    ("Leave a comment below and join the conversation!", "end"),
    ("Be the first to comment. Post your comment to start the discussion.", "end"),
    ("Subscribe to our newsletter for the latest updates.", "end"),
    ("Sign in", "top"),
    ("Log out", "end"),
    ("We use cookies to improve your experience. By continuing you accept our cookie policy.", "top"),
    ("Story continues below this advertisement", "middle"),
    ("Advertisement", "middle"),
    ("Comments (12)", "end"),
    ("4,512 shares", "top"),
    ("Loading", "end"),
    ("Loading...", "end"),
    ("FacebookTwitterLinkedInEmail", "top"),
    # captions and photo credits
    ("The two ministers shake hands before the meeting on Tuesday.(AFP)", "top"),
    ("Delegates arrive at the venue. (Reuters)", "middle"),
    ("Delegates pose for a group photo before the talks. Photo by Jane Roe / AP", "top"),
    ("Police stand guard outside the ministry (Image: Getty)", "middle"),
    ("The minister speaks to reporters in the capital. Photograph: Ana Diaz/Example Agency", "top"),
    ("Itar/Ivan Petrov/Pool via Reuters", "top"),
    ("Photo by John Smith", "top"),
    ("Maria Lopez, ASSOCIATED PRESS", "top"),
    ("File photo of the foreign ministry building in the capital", "top"),
    # bylines, authors, source and contribution credits
    ("By jdoe", "end"),
    ("By Maria Lopez and Tom Wu, Example News", "top"),
    ("BY ANNA BERG", "top"),
    ("Source: Example Press Agency", "end"),
    ("AFP", "top"),
    ("Reporting by Ana Diaz; Editing by Tom Wu", "end"),
    ("Example News writers Tom Wu and Ana Diaz contributed to this report.", "end"),
    ("Ana Diaz is a senior reporter for Example News. Follow her on social media.", "end"),
    ("Maria Lopez Moscow Correspondent", "top"),
    # dates of page views and publication stamps
    ("Monday, March 04, 2024", "end"),
    ("Published on Apr 2, 2024 09:15 AM GMT", "top"),
    ("Updated 3:05 PM EDT, Wed April 3, 2024", "top"),
    ("Last updated 5 hours ago", "top"),
    ("12:10 CET, 2 April 2024", "top"),
    # weather widgets
    ("Paris 12°C", "end"),
    ("Lagos 31C", "end"),
    # app prompts, AI notices, reader polls
    ("Download our app!", "end"),
    ("Get the Example News app", "end"),
    ("This summary is AI-generated and may contain errors. Always check the full story.", "top"),
    ("Summarise this article with AI", "top"),
    ("How does this story make you feel?", "end"),
    # navigation and section labels
    ("All news", "top"),
    ("Updated at:", "top"),
    ("Home", "top"),
    ("Skip to main content", "top"),
    ("Next article", "end"),
    ("Previous postFloods hit the north of the country", "end"),
    ("Continue reading...", "middle"),
    # list headers and links to other stories
    ("Most read", "end"),
    ("YOU MAY ALSO LIKE", "end"),
    ("READ MORE: Talks stall as both sides trade accusations", "middle"),
    ("Watch: Ministers arrive for the talks", "middle"),
    ("Floods hit the north of the country [VIDEO]", "middle"),
    ("[ Earlier talks collapsed over fishing rights ]", "middle"),
    ("Prime minister to visit the region after talks ...", "end"),
    ("SANCTIONS TO STAY IN PLACE, SAYS FOREIGN MINISTER", "middle"),
    ("© 2024 Example Media Group. All rights reserved.", "end"),
    ("Quick read is empty for story with id 202403041234567", "end"),
    # --- kinds of furniture that outlets never seen before carry (issue 11);
    # made-up lines, one per mechanism, so a rule fitted to one phrase fails them
    # topic, section and tag labels: short pieces joined by a separator, or a key and a list
    ("Topic | India-Pakistan relations", "top"),
    ("World / Asia / South Asia", "top"),
    ("Tags: Diplomacy, Kenya, Somalia", "end"),
    ("Filed under: Foreign Affairs", "end"),
    ("Written By: Jane Doe | Edited By: John Roe | Updated: February 26, 2020 10:31 IST", "top"),
    # image credits and notes that a picture is not of the event
    ("Image Source: Twitter", "middle"),
    ("Photo Credit: Social Media", "top"),
    ("Image courtesy: Ministry of External Affairs", "top"),
    ("Image for representation only", "top"),
    # site notices, desk lines, support buttons
    ("Exit mobile version", "end"),
    ("IE 11 is not supported. For an optimal experience visit our site on another browser.", "top"),
    ("Switch to desktop version", "end"),
    ("Example TV News Desk", "top"),
    ("Our Correspondent", "top"),
    ("Support Example News", "middle"),
    ("Become a member", "end"),
    ("Help us keep reporting — donate today", "end"),
    # notes about the page itself: archive and syndication
    ("This article was originally published on The Conversation.", "end"),
    ("Originally published by XNA", "end"),
    ("Republished with permission from Example Agency", "end"),
    ("This article is more than 5 years old", "top"),
    ("(This story has not been edited by Example staff and is auto-generated from a syndicated feed.)", "end"),
    ("This is a developing story - more to follow", "end"),
    # photographers' bios and gallery teasers
    ("As a staff photographer for Example Agency, Jane Roe has covered conflicts across three continents.", "middle"),
    # blog comment notes and comment forms
    ("Comments are closed.", "end"),
    ("Leave a Reply Cancel reply", "end"),
    ("Your email address will not be published. Required fields are marked *", "end"),
    ("Name *", "end"),
    ("Save my name, email, and website in this browser for the next time I comment.", "end"),
    ("Notify me of new posts by email.", "end"),
    ("Be the first to comment", "end"),
    ("Posted in World News | Tagged diplomacy, summit | Leave a comment", "end"),
    # video and audio players
    ("Your browser does not support the video tag.", "middle"),
    ("Video player is loading.", "middle"),
    ("Now Playing", "middle"),
    ("Listen to this article", "top"),
    ("Duration: 2:31", "middle"),
    ("This video is no longer available", "middle"),
    ("Video: Ministers arrive for the border talks in Geneva", "middle"),
    # registration walls
    ("Register for free to continue reading", "middle"),
    ("Already a subscriber? Log in", "middle"),
    ("You have reached your limit of free articles this month.", "middle"),
    ("To read the full story, sign in or subscribe.", "middle"),
    # links behind a label, disclaimers, contribution credits
    ("ALSO READ: Envoy recalled after row over remarks", "middle"),
    ("Also Read | Pakistan, India to resume talks", "middle"),
    ("With inputs from agencies", "end"),
    ("The views expressed in this article are the author's own and do not necessarily reflect the publication's position.", "end"),
    ("Spotted an error? Let us know.", "end"),
    # photo captions without a credit: the picture as subject, who stands where,
    # a present-tense action dated in the past
    ("A file picture shows the ministry building in the capital.", "top"),
    ("President Alpha (R) shakes hands with Prime Minister Beta during their meeting in Ankara.", "top"),
    ("Foreign Minister Jane Doe speaks to reporters in Brussels, Belgium, March 3, 2021.", "top"),
    ("Prime Minister Gamma meets President Delta in Paris last year. The two leaders will meet again next week.", "top"),
    # --- mechanisms added after measuring on whole-page dumps of the feed
    # (bench/strip_dumps.py); made-up lines again
    # a caption in the present tense, no date, no credit: a pose no news sentence reports
    ("Foreign Minister Jane Doe gestures as she speaks during a news conference in Vienna.", "middle"),
    ("President Alpha listens to a question from reporters at the foreign ministry.", "top"),
    # a caption whose credit follows its last sentence, or its last word
    ("The minister leaves the talks on Monday. EXA", "middle"),
    ("Delegates wait outside the hall before the vote EXA Photo/Jane Roe", "middle"),
    # a caption whose credit follows a bar
    ("Delegates leave the hall after the vote. | Jane Roe/Example Agency via Pool", "middle"),
    # an order about the page, however long
    ("Watch the video below as the two ministers arrive for the talks and speak to the reporters waiting outside", "middle"),
    ("See below for the full list of delegations attending the conference", "end"),
    # comment-system notes, page-history services, paid links, periodicals' issues, gallery counters
    ("Note: Only a member of this blog may post a comment.", "end"),
    ("Compare versions", "end"),
    ("Version 2 of 5", "top"),
    ("Sponsored Links", "end"),
    ("Vol. 12, Issue 3 | July 2009", "top"),
    ("Regional news – Diplomat 7 – March/April 2011", "top"),
    ("5 of 12", "middle"),
    # a name under a photo, between two paragraphs
    ("Jane Doe, 64", "middle"),
    # notes addressed to the reader, a page-history service's counter, a link to the source page
    ("Please note the linked text below has been added by our partners without any involvement of our newsroom.", "end"),
    ("The article has changed 3 times. There is an RSS feed of changes available.", "top"),
    ("You can read the original version of this report at https://www.example.org/news/12345", "top"),
    # menus and teasers run together by the scraper
    ("HomeNewsWorldAsia", "top"),
    ("3h agoFloods hit the north of the country as rivers burst their banks", "end"),
]


@pytest.mark.parametrize(("line", "where"), WITHOUT, ids=[w[0][:40] for w in WITHOUT])
def test_without(line: str, where: str) -> None:
    lines = clean_lines(strip_document(text_doc(page(line, where))))
    assert fold(line) not in lines
    # the article itself is intact around it
    assert all(fold(p) in lines for p in BODY)


# Content lines that look risky and must stay.
WITH = [
    ('"We will meet again," he said.', "middle"),
    ("“No,” the minister said.", "middle"),
    ("The talks ended without agreement.", "middle"),
    ("He declined to comment.", "end"),
    ("By the end of the day, both delegations had left the city.", "middle"),
    ("By contrast, the opposition called the talks a waste of time.", "middle"),
    ("GENEVA, March 3 (Reuters) - Negotiators from both sides met on Sunday for a second round of talks.", "top"),
    ("WASHINGTON (AP) — The envoy arrived on Monday for meetings with officials.", "top"),
    ("MOSCOW, May 23. /TASS/. The Kremlin said the summit would take place in June.", "top"),
    ("The treaty was signed on May 26, 1972, in Moscow and expired in 2002.", "middle"),
    ("The ministry said it would publish a monthly newsletter on the negotiations.", "middle"),
    ("A photo of the two leaders shaking hands was released by the ministry on Wednesday.", "middle"),
    ("Officials said the minister would share details of the plan with parliament.", "middle"),
    ("NATO and the EU issued a joint statement on Friday.", "middle"),
    ("Asked if he would meet his counterpart, he said: \"Yes.\"", "middle"),
    ("Talks in Geneva", "middle"),
    ("“Watch this space,” the envoy told reporters after the meeting.", "middle"),
    ("Read the full statement, the spokesman urged journalists, before drawing conclusions.", "middle"),
    ("The ambassador was recalled for consultations (see below).", "middle"),
    # --- article lines that share a word or a shape with furniture
    ("Support for the agreement has grown in both capitals since the talks began in March.", "middle"),
    ("The foreign ministry said the ambassador had been summoned over remarks posted on social media.", "middle"),
    ("Prime Minister Gamma meets President Delta at the White House on Thursday, the ministry said.", "top"),
    ("Xi arrives in Moscow on Monday for a three-day state visit.", "top"),
    ("If you are a citizen abroad, the embassy said, you should register with the consulate.", "middle"),
    ("The report was first published in a newspaper in 2019 and later confirmed by officials.", "middle"),
    ("The novel was first published in 1950.", "middle"),
    ("Aid was distributed by the Red Cross.", "middle"),
    ("The agreement is more than 50 years old.", "middle"),
    ("The results could not be reproduced.", "middle"),
    ("Negotiations continue.", "end"),
    ("Republican Sen. John Smith (R) voted against the bill.", "middle"),
    ("The talks were moderated by the Swiss foreign minister, who invited comments from both delegations.", "middle"),
    ("MINISTER: We will not accept any preconditions for talks.", "middle"),
    ("Here is the full text of the joint statement:", "end"),
    ("Photos released by the ministry showed the two leaders smiling.", "middle"),
    ("The summit was postponed, the organisers said in a statement posted on their website.", "end"),
    ("“You cannot have a summit without preparation,” the spokesman told reporters.", "middle"),
    # news sentences with a word of the newer furniture rules
    ("Inspectors will have full access to the sites under the agreement.", "middle"),
    ("Voters want to see the changes the government promised before the election.", "middle"),
    ("State-sponsored posts on social media spread the claim within hours.", "middle"),
    ("Support for the deal rose above 50 percent in the latest polls.", "middle"),
    ("Share prices fell in Tokyo after the announcement.", "middle"),
    ("China stands by its position on the border.", "middle"),
    ("President Alpha attends the summit in Astana this week.", "top"),
    ("Our correspondent reports from the summit, where leaders will share their plans.", "middle"),
    # subheadings and question lines that share a shape with furniture
    ("Talks resume", "middle"),
    ("WHAT HAPPENS NEXT?", "middle"),
    ("WHAT THE MINISTERS SAY", "middle"),
    ("As the talks resume, both ministers stand by their earlier demands.", "middle"),
    # a paragraph that lost its full stop, between furniture
    ("The two sides will meet again in Geneva next month to settle the fishing dispute, officials said", "end"),
]


@pytest.mark.parametrize(("line", "where"), WITH, ids=[w[0][:40] for w in WITH])
def test_with(line: str, where: str) -> None:
    result = strip_document(text_doc(page(line, where)))
    assert fold(line) in clean_lines(result)


def test_summary_points_under_the_headline_are_article_text() -> None:
    points = [
        "- The two leaders agreed to meet again in Geneva before the end of the year",
        "- He said the border dispute would be settled by a joint commission of experts",
    ]
    text = "\n".join([HEADLINE, *points, "Topic | Border talks", *BODY])
    result = strip_document(text_doc(text))
    assert isinstance(result, CleanArticle)
    assert all(point in result.clean_text.splitlines() for point in points)  # dash and all
    assert "Topic | Border talks" not in result.clean_text


def test_headlines_of_other_stories_without_a_label_are_dropped() -> None:
    others = ["Floods hit the north of the country", "Central bank holds rates as inflation slows",
              "Striking nurses return to work after deal"]
    result = strip_document(text_doc("\n\n".join([HEADLINE, *BODY[:2], *others, *BODY[2:]])))
    kept = clean_lines(result)
    assert all(fold(o) not in kept for o in others)
    assert all(fold(p) in kept for p in BODY)


def test_caption_in_two_lines_is_dropped() -> None:
    # A stopless line in the present tense over a caption that carries its
    # credit is the caption's first line; the headline above the body is not.
    caption = ["President Alpha speaks during a television interview at the presidential residence",
               "President Alpha, seen on Monday, demanded an apology from his neighbour over the remarks. Jane Roe / Example Agency"]
    kept = clean_lines(strip_document(text_doc("\n".join([HEADLINE, *caption, *BODY]))))
    assert not any(fold(c) in kept for c in caption)
    assert fold(HEADLINE) in kept and all(fold(p) in kept for p in BODY)


def test_long_sentence_stays_among_furniture() -> None:
    # Every neighbour is furniture; the sentence is the article's.
    lone = BODY[0]
    text = "\n".join([HEADLINE, "Related articles", "Floods hit the north", lone, "Sort by", "Loading"])
    assert fold(lone) in clean_lines(strip_document(text_doc(text)))


def test_headline_is_title_and_first_line() -> None:
    text = "\n\n".join(["World", "Sign in", HEADLINE, *BODY])
    result = strip_document(text_doc(text))
    assert isinstance(result, CleanArticle)
    assert result.title == HEADLINE
    assert result.clean_text.splitlines()[0] == HEADLINE
    assert "World" not in result.clean_text.splitlines()


def test_section_label_above_headline_is_dropped() -> None:
    text = "\n\n".join(["Europe-Asia ties", HEADLINE, *BODY])
    result = strip_document(text_doc(text))
    assert isinstance(result, CleanArticle)
    assert result.title == HEADLINE
    assert "europe-asia ties" not in clean_lines(result)


def test_no_headline_when_page_starts_with_prose() -> None:
    result = strip_document(text_doc("\n\n".join(BODY)))
    assert isinstance(result, CleanArticle)
    assert result.title is None
    assert result.clean_text.splitlines()[0] == BODY[0]


def test_headline_echo_dropped_but_title_kept() -> None:
    text = "\n\n".join([HEADLINE, "Reuters", HEADLINE, *BODY])
    result = strip_document(text_doc(text))
    assert result.clean_text.count(HEADLINE) == 1  # type: ignore[union-attr]


def test_repeated_caption_dropped_repeated_paragraph_kept_once() -> None:
    caption = "The minister at a news conference in the capital on Monday."
    text = "\n".join([HEADLINE, BODY[1], caption, caption, *BODY])
    result = strip_document(text_doc(text))
    assert isinstance(result, CleanArticle)
    assert fold(caption) not in clean_lines(result)
    assert result.clean_text.count(BODY[1]) == 1


def test_story_list_and_everything_after_it_dropped() -> None:
    tail = [
        "Less time to read?",
        "Try Quickreads",
        "  • Floods hit the north of the country",
        "    Rescue teams reached villages cut off by the floods on Sunday, local officials said in a statement.",
        "  • Central bank holds rates",
        "    The central bank kept its main rate unchanged on Thursday, citing stubborn inflation in services.",
        "Story Saved",
    ]
    result = strip_document(text_doc("\n".join([HEADLINE, *BODY, *tail])))
    lines = clean_lines(result)
    assert all(fold(t) not in lines for t in tail)
    assert all(fold(p) in lines for p in BODY)


def test_related_list_mid_article_drops_links_only() -> None:
    lines = [HEADLINE, *BODY[:2], "Related articles", "Floods hit the north", "Central bank holds rates", *BODY[2:]]
    result = strip_document(text_doc("\n\n".join(lines)))
    kept = clean_lines(result)
    assert "floods hit the north" not in kept and "central bank holds rates" not in kept
    assert all(fold(p) in kept for p in BODY)


def test_headline_deep_in_a_whole_page_dump_is_found() -> None:
    """A scraper's dump of a whole page: a menu and other stories' headlines
    above the headline, a byline and share buttons under it."""
    menu = ["Home", "World", "Business", "Sport", "Culture", "Sign in"]
    others = ["Floods hit the north of the country as rivers rise", "Central bank holds rates as inflation slows"]
    head = [HEADLINE, "By Ana Diaz, Example News", "Share", "Copy link"]
    result = strip_document(text_doc("\n\n".join([*menu, "Most read", *others, "World", *head, *BODY])))
    assert isinstance(result, CleanArticle)
    assert result.title == HEADLINE
    kept = clean_lines(result)
    assert all(fold(x) not in kept for x in menu + others)
    assert all(fold(p) in kept for p in BODY)


def test_headline_is_the_line_over_the_article_not_a_line_above_it() -> None:
    # a title-shaped line of furniture on top; the headline is the one the article hangs from
    text = "\n\n".join(["Latest from our correspondents in Asia", "Talk of the week", HEADLINE, "2 April 2024", *BODY])
    result = strip_document(text_doc(text))
    assert isinstance(result, CleanArticle)
    assert result.title == HEADLINE


def test_subheading_between_paragraphs_stays() -> None:
    for subheading in ("Talks resume", "BORDER DISPUTE", "What the ministers agreed"):
        text = "\n\n".join([HEADLINE, *BODY[:2], subheading, *BODY[2:]])
        assert fold(subheading) in clean_lines(strip_document(text_doc(text))), subheading


def test_teasers_after_a_list_header_are_dropped() -> None:
    teasers = [
        "Floods hit the north of the country",
        "Rescue teams reached villages cut off by the floods on Sunday, local officials said.",
        "Central bank holds rates as inflation slows",
        "The central bank kept its main rate unchanged on Thursday, citing stubborn inflation in services.",
    ]
    result = strip_document(text_doc("\n\n".join([HEADLINE, *BODY, "More from Example News", *teasers])))
    kept = clean_lines(result)
    assert all(fold(t) not in kept for t in teasers)
    assert all(fold(p) in kept for p in BODY)


def test_footer_prose_after_the_article_is_dropped_but_a_closing_sentence_stays() -> None:
    footer = [
        "Share", "Copy link", "Email", "Tags", "Diplomacy", "Borders", "Europe", "Comments", "Sort by", "Newest",
        "Example News is committed to a lively but civil forum for discussion of the stories we publish every day.",
        "Our newsroom has reported from the capital for more than forty years, in print and online.",
    ]
    closing = "He declined to comment."
    text = "\n\n".join([HEADLINE, *BODY, "Advertisement", closing, *footer])
    kept = clean_lines(strip_document(text_doc(text)))
    assert fold(closing) in kept
    assert all(fold(f) not in kept for f in footer)
    assert all(fold(p) in kept for p in BODY)


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Published on Apr 2, 2024 09:15 AM GMT", date(2024, 4, 2)),
        ("PUBLISHED: 09:15, Tue, Apr 2, 2024 | UPDATED: 10:00, Wed, Apr 3, 2024", date(2024, 4, 2)),
        ("Updated 3:05 PM EDT, Wed April 3, 2024", date(2024, 4, 3)),
        ("2 April 2024", date(2024, 4, 2)),
        # glued by the scraper to a name, a time or a counter
        ("Example PressApril 28, 2023 GMT", date(2023, 4, 28)),
        ("Published Fri, Apr 28 20232:23 PM EDT", date(2023, 4, 28)),
        ("2024-02-14T16:15:30Z", date(2024, 2, 14)),
        # in figures, read when the day is plainly the day
        ("Published on 30/04/2024 - 16:38", date(2024, 4, 30)),
        ("04/30/2024 4:38 PM", date(2024, 4, 30)),
        # sharing a line with a byline and the outlet
        ("Jane Doe · Example News · Posted: Aug 08, 2024 4:00 AM EDT | Last Updated: August 9", date(2024, 8, 8)),
    ],
)
def test_publication_date_read_and_dropped(stamp: str, expected: date) -> None:
    result = strip_document(text_doc("\n\n".join([HEADLINE, stamp, *BODY])))
    assert isinstance(result, CleanArticle)
    assert result.published_on == expected
    assert fold(stamp) not in clean_lines(result)


def test_ambiguous_figures_give_no_date() -> None:
    result = strip_document(text_doc("\n\n".join([HEADLINE, "04/05/2024", *BODY])))
    assert result.published_on is None  # type: ignore[union-attr]


def test_date_under_the_headline_wins_over_the_page_view_date_on_top() -> None:
    text = "\n\n".join(["Wednesday, April 16, 2025", "Home", "World", HEADLINE, "By Ana Diaz", "February 11, 2025", *BODY])
    result = strip_document(text_doc(text))
    assert isinstance(result, CleanArticle)
    assert result.published_on == date(2025, 2, 11)


def test_trailing_page_view_date_is_not_publication_date() -> None:
    result = strip_document(text_doc("\n\n".join([HEADLINE, *BODY, "Sign out", "Friday, July 05, 2024"])))
    assert isinstance(result, CleanArticle)
    assert result.published_on is None


def test_dateline_without_year_gives_no_date() -> None:
    text = "\n\n".join([HEADLINE, "MOSCOW, May 23. /TASS/. The Kremlin said the summit would go ahead.", *BODY])
    result = strip_document(text_doc(text))
    assert result.published_on is None  # type: ignore[union-attr]


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    para = (
        "The foreign ministers of the two countries agreed on Tuesday to resume talks on\n"
        "the disputed border, officials said, after months of tension along the frontier\n"
        "and several rounds of failed contacts between their deputies."
    )
    text = "\n\n".join([HEADLINE, para, para.replace("Tuesday", "Monday"), *BODY])
    result = strip_document(text_doc(text))
    assert isinstance(result, CleanArticle)
    assert " ".join(para.split()) in result.clean_text.splitlines()


# --------------------------------------------------------------------------
# HTML

ARTICLE_HTML = """<!doctype html><html><head><title>Ministers agree to resume talks | Example News</title>
<meta property="article:published_time" content="2024-04-02T09:15:00Z">
<meta property="og:title" content="{headline}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><p>Friday, April 05, 2024</p></header>
<article><h1>{headline}</h1>
<p class="byline">By Ana Diaz</p>
<figure><img src="a.jpg"><figcaption>The ministers meet in the capital. (AFP)</figcaption></figure>
{paragraphs}
<p>Example News writers Tom Wu contributed to this report.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/1">Floods hit the north of the country</a></li>
<li><a href="/2">Central bank holds rates as inflation slows</a></li></ul></aside>
<footer><p>© 2024 Example Media. All rights reserved.</p></footer></body></html>"""


def make_html(headline: str = HEADLINE) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY * 2)
    return ARTICLE_HTML.format(headline=headline, paragraphs=paragraphs)


def test_html_article() -> None:
    result = strip_document(html_doc(make_html()))
    assert isinstance(result, CleanArticle)
    assert result.title == HEADLINE
    assert result.clean_text.splitlines()[0] == HEADLINE
    assert result.published_on == date(2024, 4, 2)
    lines = clean_lines(result)
    assert all(fold(p) in lines for p in BODY)
    for junk in (
        "The ministers meet in the capital. (AFP)",
        "By Ana Diaz",
        "Example News writers Tom Wu contributed to this report.",
        "Most read",
        "Floods hit the north of the country",
        "© 2024 Example Media. All rights reserved.",
        "Friday, April 05, 2024",
        "Home",
    ):
        assert fold(junk) not in lines, junk
    assert "\n\n" not in result.clean_text


# --------------------------------------------------------------------------
# Never raises

JUNK_INPUTS = [
    ("empty text", text_doc("")),
    ("blank text", text_doc("   \n\n \t \n")),
    ("empty html", html_doc("")),
    ("html without markup", html_doc("just some words, no tags at all")),
    ("truncated html", html_doc("<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1><p>The ministers")),
    ("unclosed tags", html_doc("<div><div><p><b><i>" * 500)),
    ("broken doctype", html_doc("<!doctype html<<<html>>><body</body>")),
    ("binary-ish text", text_doc("".join(chr(random.Random(7).randrange(0, 0x2FFF)) for _ in range(3000)))),
    ("binary-ish html", html_doc("<html>" + "\x00\x01\x02\ufffd" * 500 + "</html>")),
    ("only boilerplate", text_doc("Home\nSign in\nAdd a comment\nSort by\nLoading\nFriday, July 01, 2022")),
    ("only a headline", text_doc(HEADLINE)),
    ("script only", html_doc("<html><body><script>var a = 1;</script></body></html>")),
]


@pytest.mark.parametrize(("name", "doc"), JUNK_INPUTS, ids=[j[0] for j in JUNK_INPUTS])
def test_never_raises_on_junk(name: str, doc: RawDocument) -> None:
    result = strip_document(doc)
    assert isinstance(result, (CleanArticle, RejectedInput))
    if isinstance(result, RejectedInput):
        assert result.stage == "strip"
        assert result.reason and len(result.reason) > 10


def test_rejects_empty_with_reason() -> None:
    result = strip_document(text_doc("Home\nSign in\nAdd a comment\nLoading"))
    assert isinstance(result, RejectedInput)
    assert result.stage == "strip"
    assert "boilerplate" in result.reason or "no article text" in result.reason


def test_random_lines_never_raise() -> None:
    rng = random.Random(11)
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,:;!?()[]/|'\"“”•-–—0123456789°©\t"
    for _ in range(40):
        text = "\n".join(
            "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120))) for _ in range(rng.randrange(0, 30))
        )
        for fmt in (text_doc, html_doc):
            assert isinstance(strip_document(fmt(text)), (CleanArticle, RejectedInput))


def test_large_input_is_handled() -> None:
    # about 1 MB of distinct paragraphs, and a long HTML page
    big = "\n\n".join([HEADLINE, *(f"{p} Item {i}." for i in range(2000) for p in BODY)])
    result = strip_document(text_doc(big))
    assert isinstance(result, CleanArticle)
    assert len(result.clean_text.splitlines()) == 8001
    big_html = "<html><body><article>" + "".join(f"<p>{p} ({i})</p>" for i in range(300) for p in BODY) + "</article></body></html>"
    assert isinstance(strip_document(html_doc(big_html)), (CleanArticle, RejectedInput))


def test_strip_documents_and_task_split_results() -> None:
    docs = [text_doc(page("Sort by", "end"), "a.txt"), text_doc("", "b.txt")]
    articles, rejected = strip_documents(docs)
    assert [a.source for a in articles] == ["a.txt"]
    assert [r.source for r in rejected] == ["b.txt"]
    articles2, rejected2 = strip_task.fn(docs)
    assert articles2 == articles and rejected2 == rejected


# --------------------------------------------------------------------------
# Real lines in their real pages: the part of dev2 and of the feed that is
# tuned on (bench/score_sets.py, `held_out`); (file, start of the line).

DEV2 = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev2"
FEED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "feed"

REAL_WITHOUT = [
    # text dumps (dev2)
    (DEV2, "103_nbcnews-north-korea-calls-off-talks-2013.txt", "Discuss as:"),
    (DEV2, "103_nbcnews-north-korea-calls-off-talks-2013.txt", "As chief Asia photographer for the Associated Press"),
    (DEV2, "107_leadership-buhari-ramaphosa-talks-in-october.txt", "NEWS"),
    (DEV2, "113_dailysabah-eu-china-summit-leipzig-postponed.txt", "German Chancellor Angela Merkel attends the weekly"),
    (DEV2, "203_albawaba-saudi-crown-prince-calls-pezeshkian.txt", "Published January 27th, 2026"),
    (DEV2, "203_albawaba-saudi-crown-prince-calls-pezeshkian.txt", "This handout picture released by the official Saudi"),
    (DEV2, "203_albawaba-saudi-crown-prince-calls-pezeshkian.txt", "Highlights"),
    (DEV2, "207_scmp-wang-yi-le-drian-phone-call.txt", "Chinese Foreign Minister Wang Yi meets his French"),
    (DEV2, "207_scmp-wang-yi-le-drian-phone-call.txt", "Topic | China-EU relations"),
    (DEV2, "213_twocircles-krishna-qureshi-phone-talk.txt", "Support TwoCircles"),
    (DEV2, "217_protothema-mitsotakis-erdogan-earthquake-call.txt", "See Also:"),
    (DEV2, "217_protothema-mitsotakis-erdogan-earthquake-call.txt", "Samos earthquake: Church collapses"),
    (DEV2, "217_protothema-mitsotakis-erdogan-earthquake-call.txt", "Earthquake in Turkey: New videos"),
    (DEV2, "313_islamtimes-western-governments-recall-envoys-syria.txt", "Wednesday 30 May 2012 - 07:54"),
    (DEV2, "313_islamtimes-western-governments-recall-envoys-syria.txt", "Story Code : 166823"),
    (DEV2, "313_islamtimes-western-governments-recall-envoys-syria.txt", "UN-Arab League envoy Kofi Annan (L)"),
    (DEV2, "313_islamtimes-western-governments-recall-envoys-syria.txt", "Comment"),
    (DEV2, "317_abc-north-korean-ambassador-called-in-canberra.txt", "The World Today - Friday, 2 May , 2003"),
    (DEV2, "317_abc-north-korean-ambassador-called-in-canberra.txt", "Reporter: Louise Yaxley"),
    (DEV2, "323_pakobserver-court-summons-officials-haqqani-memogate.txt", "Orignally published by INP"),
    # HTML pages (feed): what trafilatura's default extraction leaves in
    (FEED, "fundus_au_WestAustralian_2024_11_26.html", "Get the latest news from thewest.com.au in your inbox."),
    (FEED, "fundus_ca_CBCNews_2024_08_08.html", "With files from The Associated Press"),
    (FEED, "fundus_ca_CanadaCom_2026_06_06.html", "Reviews and recommendations are unbiased"),
    (FEED, "fundus_ca_GlobalNews_2026_05_24.html", "—Associated Press writer John Leicester in Paris contributed"),
    (FEED, "fundus_my_MalayMail_2024_04_30.html", "Join us on our WhatsApp Channel"),
    (FEED, "fundus_tz_DailyNewsTZ_2025_01_23.html", "ALSO READ: Solar firm"),
    (FEED, "fundus_uk_DailyStar_2026_04_20.html", "For the latest breaking news and stories from across the globe"),
    (FEED, "fundus_uk_EveningStandard_2024_10_24.html", "Listen here on your chosen podcast platform."),
    (FEED, "fundus_uk_Metro_2024_11_29.html", "MORE: Map shows scale of Russia"),
    (FEED, "fundus_uk_Nature_2025_11_04.html", "Log in or create an account to continue"),
    (FEED, "fundus_uk_TechRadar_2026_05_21.html", "What about you? Share your thoughts"),
    (FEED, "fundus_uk_TechRadar_2026_05_21.html", "Please logout and then login again"),
    (FEED, "fundus_uk_TheMirror_2024_08_05.html", "Read more: Exact date far right thugs"),
    (FEED, "fundus_uk_iNews_2023_08_30.html", "Additional reporting from PA"),
]

REAL_WITH = [
    # text dumps (dev2): headlines, summary points, lines after furniture
    (DEV2, "107_leadership-buhari-ramaphosa-talks-in-october.txt", "Xenophobia: PMB, S’ African President Ramaphosa"),
    (DEV2, "107_leadership-buhari-ramaphosa-talks-in-october.txt", "In an earlier letter of invitation, the South African"),
    (DEV2, "203_albawaba-saudi-crown-prince-calls-pezeshkian.txt", "Pezeshkian told the Saudi Crown Prince that growing"),
    (DEV2, "207_scmp-wang-yi-le-drian-phone-call.txt", "- In a phone call with his French counterpart, Wang Yi"),
    (DEV2, "207_scmp-wang-yi-le-drian-phone-call.txt", "- He cites the Vienna Convention"),
    (DEV2, "213_twocircles-krishna-qureshi-phone-talk.txt", "“Both prime ministers have asked their foreign ministers"),
    (DEV2, "313_islamtimes-western-governments-recall-envoys-syria.txt", "Switzerland declared the Syrian ambassador persona"),
    (DEV2, "317_abc-north-korean-ambassador-called-in-canberra.txt", "ELEANOR HALL: Let's go briefly now back to Canberra."),
    (DEV2, "317_abc-north-korean-ambassador-called-in-canberra.txt", "Louise, what's the significance of this move"),
    # HTML pages (feed): subheadings in capitals, advice to the reader, quotes above a credit
    (FEED, "fundus_au_NineNews_2024_05_02.html", "JETSETTER TO CONVICT"),
    (FEED, "fundus_na_TheNamibian_2024_02_20.html", "GOING HOME TO DIE"),
    (FEED, "fundus_ca_CBCNews_2024_08_08.html", "Palestinians react"),
    (FEED, "fundus_ls_LesothoTimes_2025_11_24.html", "Chiefs respond"),
    (FEED, "fundus_uk_TheTelegraph_2023_08_30.html", "Heated airers are also a good way of minimising crinkles"),
    (FEED, "fundus_uk_DailyMail_2024_04_27.html", "Think twice before you spend any $1 bill"),
    (FEED, "fundus_us_CNBC_2023_04_28.html", "Another potential trap: You may be getting"),
    (FEED, "fundus_uk_TheIndependent_2023_08_14.html", "“This is something much more than just a sporting event."),
    (FEED, "fundus_uk_TheGuardian_2023_05_15.html", "Zelenskiy said:"),
]


def _real_lines(folder: Path, name: str) -> list[str]:
    path = folder / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from strip_gate import strip_file

    result = strip_file(path)
    assert isinstance(result, CleanArticle), result
    return [fold(line) for line in result.clean_text.splitlines()]


@pytest.mark.parametrize(("folder", "name", "start"), REAL_WITHOUT, ids=[f"{n[:12]}: {s[:30]}" for _, n, s in REAL_WITHOUT])
def test_real_furniture_is_dropped(folder: Path, name: str, start: str) -> None:
    assert not [line for line in _real_lines(folder, name) if line.startswith(fold(start))]


@pytest.mark.parametrize(("folder", "name", "start"), REAL_WITH, ids=[f"{n[:12]}: {s[:30]}" for _, n, s in REAL_WITH])
def test_real_article_lines_are_kept(folder: Path, name: str, start: str) -> None:
    assert [line for line in _real_lines(folder, name) if line.startswith(fold(start))]


# --------------------------------------------------------------------------
# Real lines in whole-page text dumps: each feed page of the tuned part as a
# simple scraper saves it (bench/strip_dumps.py: every block a line, menus,
# captions, footers and all); (page, start of the line).

DUMP_WITHOUT = [
    ("fundus_au_NineNews_2024_05_02.html", "Your web browser is no longer supported"),
    ("fundus_au_NineNews_2024_05_02.html", "READ MORE: Woman in her 90s found alive"),
    ("fundus_au_NineNews_2024_05_02.html", "By Associated Press"),
    ("fundus_uk_BBC_2024_08_01.html", "War in Ukraine"),
    ("fundus_uk_BBC_2026_04_25.html", "King's 'high stakes' visit with Trump"),
    ("fundus_uk_BBC_2026_04_25.html", "The state visit to the US looks fraught"),
    ("fundus_be_PoliticoEu_2025_10_23.html", "Should she win, Catherine Connolly will succeed"),
    ("fundus_ca_GlobalNews_2026_05_24.html", "Want to discuss? Please read our Commenting Policy"),
    ("fundus_ca_NationalPost_2024_08_12.html", "Unlimited online access to National Post"),
    ("fundus_uk_EveningStandard_2024_10_24.html", "This site is protected by reCAPTCHA"),
    ("fundus_uk_EveningStandard_2024_05_02.html", "NewsSportBusinessLifestyle"),
    ("fundus_uk_DailyMail_2024_04_27.html", "Walmart removes self-checkouts"),
    ("fundus_ca_CanadaCom_2026_06_06.html", "We apologize, but this video has failed to load"),
    ("fundus_uk_TheMirror_2026_01_06.html", "Gary Heidnik is led into a courtroom"),
    ("fundus_uk_Express_2024_07_18.html", "We use your sign-up to provide content"),
    ("fundus_uk_Nature_2026_02_07.html", "You have full access to this article"),
]

DUMP_WITH = [
    ("fundus_au_NineNews_2024_05_02.html", "Nearly 3000 pages of Jeffrey Epstein documents released"),
    ("fundus_au_NineNews_2024_05_02.html", "JETSETTER TO CONVICT"),
    ("fundus_ca_CBCNews_2024_08_08.html", "Palestinians react"),
    ("fundus_ls_LesothoTimes_2025_11_24.html", "Water woes"),
    ("fundus_ls_LesothoTimes_2025_11_24.html", "Chiefs respond"),
    ("fundus_na_TheNamibian_2024_02_20.html", "NEVER SAY GOODBYE"),
    ("fundus_be_PoliticoEu_2025_10_23.html", "Socialist critic of NATO and EU poised"),
    ("fundus_be_PoliticoEu_2025_10_23.html", "Unapologetically outspoken"),
    ("fundus_uk_BBC_2024_08_01.html", "Office for Budget Responsibility: What is the OBR"),
    ("fundus_ca_OttawaCitizen_2026_05_26.html", "IRCC gave up office space in January"),
    ("fundus_ca_FinancialPost_2026_06_06.html", "Beyond the optimistic headlines, some economists argue"),
    ("fundus_ca_TheProvince_2026_06_06.html", "Wine Guy: 3 rosé"),
    ("fundus_uk_Metro_2024_07_17.html", "1. Smoking to eventually be banned"),
    ("fundus_us_FoxNews_2023_03_31.html", "Taibbi has played a key role in exposing"),
]


def _dump_lines(name: str) -> list[str]:
    path = FEED / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from strip_dumps import feed_pages, page_dump, read_html, strip_dump

    assert name in feed_pages("tuned"), "only the tuned part of the feed is used here"
    result = strip_dump(page_dump(read_html(path)), name)
    assert isinstance(result, CleanArticle), result
    return [fold(line) for line in result.clean_text.splitlines()]


@pytest.mark.parametrize(("name", "start"), DUMP_WITHOUT, ids=[f"{n[7:20]}: {s[:30]}" for n, s in DUMP_WITHOUT])
def test_dump_furniture_is_dropped(name: str, start: str) -> None:
    assert not [line for line in _dump_lines(name) if line.startswith(fold(start))]


@pytest.mark.parametrize(("name", "start"), DUMP_WITH, ids=[f"{n[7:20]}: {s[:30]}" for n, s in DUMP_WITH])
def test_dump_article_lines_are_kept(name: str, start: str) -> None:
    assert [line for line in _dump_lines(name) if line.startswith(fold(start))]


# --------------------------------------------------------------------------
# Gate: the gold files


def test_gate_seeds() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from strip_gate import gate

    res = gate("seeds")
    assert res.dropped == res.drop_total, res.notes
    assert res.kept == res.keep_total, res.notes
    assert res.dates == res.date_total, res.notes


def test_gate_dev() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from strip_gate import gate

    res = gate("dev")
    # reached 146/146 dropped; the floor leaves a small margin for library drift
    assert res.drop_rate >= 0.97, res.notes
    assert res.kept == res.keep_total, res.notes
    assert res.dates >= 10, res.notes


def test_gate_dev2() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from strip_gate import gate

    res = gate("dev2", "tuned")
    # issue 11: at least 97% of the furniture dropped, every article line kept
    assert res.drop_rate >= 0.97, res.notes
    assert res.kept == res.keep_total, res.notes


def test_gate_dev2_held_out_does_not_regress() -> None:
    """The held-out part of dev2, kept out of the tuning loop, as a guard:
    floors at what the rules reached when last frozen (40/47 dropped, 112/114
    kept; 38/47 the round before), below the issue's targets. Its misses are
    not listed on purpose."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from strip_gate import gate

    res = gate("dev2", "held")
    assert res.dropped >= 40 and res.kept >= 112, res.summary()


def test_gate_feed_dumps() -> None:
    """The tuned part of the feed as whole-page text dumps, labelled against
    the reference bodies (bench/strip_dumps.py). Floors pinned a little under
    what the rules reached (8449/8667 dropped, 1854/2012 kept, 51/60 dates,
    52/60 headlines); the article lines not kept are mostly lines the
    reference bodies carry that are furniture (live blogs' timestamps, links
    to other stories, captions)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from strip_gate import FEED_BODY, feed_dumps

    if not FEED_BODY.exists():
        pytest.skip("the feed gold set is not here")
    res = feed_dumps("tuned")
    assert res.dropped >= 8400 and res.drop_total >= 8600, res.summary()
    assert res.kept >= 1840 and res.keep_total >= 2000, res.summary()
    assert res.dates >= 50 and res.headlines >= 50, res.summary()


@pytest.mark.slow
def test_gate_feed_body_at_least_trafilatura() -> None:
    """Body text of the 90 feed pages, scored by ../shared/eval/body_score.py:
    Parley's F1 is at least trafilatura's default extraction's."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from strip_gate import FEED_BODY, feed_body

    if not FEED_BODY.exists():
        pytest.skip("the feed gold set is not here")
    res = feed_body("all")
    assert res.pages == 90
    assert res.parley[2] >= res.trafilatura[2], res.line
