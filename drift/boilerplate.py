"""Page-chrome detection: which sentences of a scraped page are not article body.

Scraped news pages carry navigation, share buttons, photo captions and credits,
bylines, timestamps, copyright lines, promo links, comment forms and sidebars of
*other* stories.  None of that may be aligned or reported as added/omitted, so
:func:`mark_boilerplate` flags it before alignment.

The detector works on the *shape* of the text, never on a list of known
sentences, because every site's chrome is worded differently.  It runs in four
passes over the physical lines that hold the sentences ("units"):

1. **Line rules** - each unit is tested on its own: UI-word lines ("Share",
   "Sign in"), digit/symbol lines ("46º", "1 / 4", "___"), timestamps
   ("Posted November 2, 2024 9:19 am.", "6m ago"), bylines, photo captions and
   credits, copyright lines, promo lines ("READ MORE: ..."), credit lines
   ("... contributed to this report."), comment forms, breadcrumbs.  A line
   directly above a credit-only line is its caption when it reads like one.
   The strong rules (copyright, promo, credits, form phrases) are also tried
   on single sentences inside longer lines.
2. **Repetition** - a line that already appeared earlier (a repeated headline,
   a second "close") is chrome; the first occurrence is kept.  Near the top a
   line contained in an earlier one ("Headline" after "Headline | Site") counts
   as a repeat too.
3. **Sidebars and teaser cards** - a sidebar heading ("Top Stories",
   "More from ...", "Related Topics", "3 Comments") after the body has started
   turns everything after it into chrome until the article visibly resumes
   (three prose paragraphs in a row).  A tight block "teaser headline + one
   paragraph + UI labels" inside a blank-line separated page is a teaser card.
4. **Bands** - the body is delimited by its first and last *anchor* (a prose
   paragraph that survived the rules above).  Short title-like lines before the
   first anchor (section labels, author names) are chrome except the headline;
   unpunctuated short lines after the last anchor (agency sign-off, tags) are
   chrome.  Inside the body only the line rules apply, so subheadings and short
   sentences survive.

Marking body text as chrome is the costly error, so every rule is conservative:
length caps, "no finite sentence" tests and context checks keep body sentences
out.  The function is linear in the input (apart from an O(log n) bisect per
span) and never raises.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

BOILERPLATE_NAME = "drift-chrome@1"

__all__ = ["BOILERPLATE_NAME", "mark_boilerplate"]

# ---------------------------------------------------------------------------
# Vocabularies.  These are general vocabularies of web page chrome, not the
# wording of any particular page.
# ---------------------------------------------------------------------------

#: Words that make up navigation, share bars, media labels, account and
#: comment widgets.  A short line made *only* of these (plus filler words) is UI.
UI_WORDS = frozenset(
    """
    skip main content navigation nav menu search close clear icon icons open toggle
    sign log login logout register account profile subscribe subscribed subscription
    subscriptions subscriber newsletter newsletters alerts notifications share shares
    shared sharing save saved bookmark bookmarks print email mail copy copied link links
    facebook twitter x linkedin whatsapp reddit pinterest instagram youtube tiktok threads
    bluesky flipboard messenger rss feed feeds video videos photo photos image images
    gallery galleries audio podcast podcasts listen watch play live tv stream streaming
    show more less read view views viewed see full expand collapse hide load loading next
    previous prev back top home continue click tap here comment comments reply replies
    post posts leave cancel submit name website required advertisement advertisements
    advertising advertise ad ads sponsored promoted feedback related recommended
    suggested trending popular stories story topics topic tags tag news headlines
    article articles edition editions section sections weather sport sports world
    business opinion lifestyle entertainment tech technology health culture travel
    terms privacy policy cookie cookies settings preferences accept reject manage
    contact about help faq careers jobs licensing rights reuse purchase reprints
    permissions support donate app apps download install sitemap accessibility logo
    button caption credit credits fullscreen mute unmute pause minute minutes min
    archive archives upgrade premium deals shop newsroom corrections social media
    info keyboard shortcuts player playlist list item items end reading below above
    sponsor sponsors enlarge message
    """.split()
)

#: Function words that may pad a UI line ("Skip to main content", "Sign up for
#: our newsletter") without making it a sentence.
FILLER_WORDS = frozenset(
    "a an the to of on in at for by from with and or our your my this these that all up "
    "us me it now out off new free".split()
)

#: Keywords that introduce a promo link when followed by a colon or arrow
#: ("READ MORE: ...", "WATCH: ...", "RELATED: ...").
PROMO_KEYWORDS = (
    "read more", "read also", "also read", "read next", "read", "watch", "watch live",
    "watch now", "listen", "related", "related coverage", "related content",
    "related stories", "related story", "related article", "related articles",
    "see also", "see more", "also see", "more", "more coverage", "more news",
    "photos", "photo gallery", "gallery", "video", "videos", "live updates",
    "subscribe", "sign up", "click here", "recommended", "don't miss", "dont miss",
    "trending", "explore", "explore more", "podcast", "newsletter", "advertisement",
    "sponsored", "follow us",
)

#: Phrases that only occur in comment forms, footers and widgets: chrome
#: wherever they appear in a (not too long) line.
WIDGET_PHRASES = (
    "your email address will not be published", "required fields are marked",
    "save my name, email", "you must be logged in", "log in to comment",
    "log in to reply", "comments are closed", "this site uses akismet",
    "opens new tab", "opens in a new tab", "opens in new tab", "opens in a new window",
    "not responsible for the content of external", "approach to external linking",
    "delivered to your inbox", "straight to your inbox", "trust principles",
    "is solely responsible for all content", "may not be published, broadcast",
    "may not be reproduced", "reuse this content", "notify me of new",
    "notify me of follow-up", "thanks for reading",
)

#: Footer and form phrases that also occur in ordinary prose ("changed its
#: privacy policy", "powered by coal"): chrome only when a line starts with
#: them, or when a short line holds them and is not a finished sentence
#: (or opens with a UI word, "Save articles to read later ...").
FOOTER_PHRASES = (
    "leave a reply", "leave a comment", "cancel reply", "post comment",
    "join the conversation", "join the discussion", "view comments", "show comments",
    "powered by", "all rights reserved", "privacy policy", "terms of use",
    "terms of service", "terms and conditions", "cookie policy", "cookie settings",
    "licensing rights", "read later", "reading list", "sign up for our",
    "subscribe to our", "contact us", "about us",
)

#: Sidebar headings that introduce lists of *other* stories or comments.
_SIDEBAR_HEADING_RE = re.compile(
    r"^(?:"
    r"top (?:stories|news|headlines|picks|reads|videos)"
    r"|(?:the )?latest (?:news|stories|headlines|videos|articles|updates|posts)"
    r"|most (?:read|viewed|popular|shared|watched|commented|recent)"
    r"|trending(?: now| stories| news| topics| videos)?"
    r"|popular(?: now| stories| articles| posts)?"
    r"|related(?: stories| story| articles| article| topics| coverage| content| news"
    r"| links| reading| posts| videos)?"
    r"|recommended(?: for you| stories| articles| reading| videos)?"
    r"|suggested(?: topics| stories| articles| reading| videos)?"
    r"|more (?:from|on|in|stories|news|articles|videos|coverage|to read|like this|headlines)\b.*"
    r"|explore more\b.*"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in|have missed)"
    r"|(?:what to )?read next|keep reading|up next|don'?t miss|in other news|around the web"
    r"|elsewhere on \S+|editor'?s'? picks|news feed|live feed|further reading"
    r"|also (?:on|in) \S+(?: \S+)?"
    r"|\d+ (?:comments?|thoughts?|responses?|replies|reactions?)\b.*"
    r"|comments?|(?:sponsored|promoted|partner) (?:content|stories|links|posts)"
    r")\s*:?$",
    re.IGNORECASE,
)

_COMMENT_COUNT_RE = re.compile(
    r"^\d+ (?:comments?|thoughts?|responses?|replies|reactions?)\b", re.IGNORECASE
)

# ---------------------------------------------------------------------------
# Shared regular expressions.
# ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Sentence-final punctuation, possibly followed by closing quotes/brackets.
_TERMINAL_RE = re.compile(r"[.!?…][\"'”’)\]»]*$")
_ELLIPSIS_END_RE = re.compile(r"(?:\.\.\.|…)[\"'”’)\]]*$")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE_RE = re.compile(r"(?<!\w)@\w{2,}")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Line breaks as str.splitlines() knows them ("\r\n" counts once).
_LINE_BREAK_RE = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

_MONTHS = (
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_DAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun"
).split()
_TIME_WORDS = frozenset(
    _MONTHS
    + _DAYS
    + """
    posted published updated update last modified first on at am pm a.m p.m ago just now
    yesterday today min mins minute minutes hour hours hr hrs h m s d w y day days week
    weeks wk month months year years sec secs second seconds read reading time date
    edt est cdt cst mdt mst pdt pst et pt ct gmt utc bst cet cest eet eest msk ist jst kst
    aest aedt z
    """.split()
)
_CALENDAR_WORDS = frozenset(_MONTHS + _DAYS + ["on"])
_CLOCK_TOKEN_RE = re.compile(
    r"^\d{1,6}(?:[:.\-/]\d{1,4})*(?:st|nd|rd|th|am|pm|a\.m|p\.m|[smhdwy]|min|mins|hrs?)?$"
)
_TZ_OFFSET_RE = re.compile(r"^(?:gmt|utc)[+-]\d{1,2}(?::?\d\d)?$")
_TIME_SPLIT_RE = re.compile(r"[\s,|•·–—/()\[\]]+")

# Photo credits and caption labels, wherever they sit in a line.
_AGENCIES = (
    r"AP|AFP|EPA|Reuters|REUTERS|Getty Images|Getty|Bloomberg|Xinhua|dpa|DPA|ANP|Anadolu"
    r"|TASS|Sputnik|Shutterstock|Alamy|NurPhoto|Pool|POOL|Handout|HANDOUT|UPI|PA|EFE"
    r"|Kyodo|Yonhap|KCNA|Sipa|SIPA|Imago|IMAGO|ZUMA|Zuma"
)
_CREDIT_RE = re.compile(
    # (AP Photo/Name), (Photo: Name), (File Photo)
    r"\(\s*(?:[A-Z]{2,8}\s+)?(?:Photo|Photograph|Image|Picture|Pool Photo|File Photo|Video)s?"
    r"\b[^()]{0,100}\)"
    # (Name/Unit via AP), [Handout/Ministry via Reuters], (Handout/...), [Pool/...]
    r"|[(\[][^()\[\]]{0,150}\bvia (?:" + _AGENCIES + r")\s*[)\]]"
    r"|[(\[]\s*(?:Handout|HANDOUT|Pool|POOL|File|FILE)\s*/"
    # Photograph: Name / Image: Getty Images / Credit: ...
    r"|\b(?:Photograph|Photo|Image|Picture|Photo credit|Image credit|Credit|Photos|Pictures)"
    r"\s*:\s*[A-Z\"“]"
    # Firstname Lastname/AFP (two names, so "an Ipsos/Reuters poll" is not a credit)
    r"|\b[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s*/\s*(?:" + _AGENCIES + r")\b"
    # REUTERS/Firstname Lastname (agency in capitals, as credits print it)
    r"|\b(?:REUTERS|AFP|EPA|POOL|HANDOUT)\s*/\s*[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+"
    # BBC-style labels
    r"|\b(?:Image|Media|Video|Photo) (?:source|caption)\s*,"
)
# A credit without brackets or label: "Name/AFP", "REUTERS/Name", "... via Getty Images".
_AGENCY_CREDIT_RE = re.compile(
    r"\b[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s*/\s*(?:" + _AGENCIES + r")\b"
    r"|\b(?:REUTERS|AFP|EPA|POOL|HANDOUT)\s*/\s*[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+"
    r"|\bvia (?:" + _AGENCIES + r")$"
)
# Lines that open like a caption ("In this photo provided by ...", "FILE - ").
_CAPTION_OPENER_RE = re.compile(
    r"^(?:\[\d+\s*/\s*\d+\]"
    r"|FILE\s*(?:PHOTO)?\s*[-–—:]"
    r"|In (?:this|a|an) (?:undated |handout |file |aerial |pool |provided |)"
    r"(?:photo|image|picture|photograph|frame|video|screen ?grab|screenshot|still)\b"
    r"|This (?:undated |handout |file |aerial |pool )"
    r"(?:photo|image|picture|photograph|frame grab|screenshot|screen grab)\b"
    r"|This (?:photo|image|picture|photograph|frame grab|screenshot|screen grab)"
    r" (?:provided|released|distributed|made available|obtained|posted) by\b"
    r"|(?:Image|Media|Photo|Picture|Video) caption\b"
    r"|Caption\s*:)",
)
# A parenthesised, Title-Case tail after a finished sentence: "... 2024. (Presidential Office)".
_TRAILING_PAREN_RE = re.compile(r"(?:^|[.!?][\"”’]?\s+)\(([^()]{2,100})\)\s*\.?$")
_DATE_END_RE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\.?$"
)

# "Copyright 2024 The Associated Press", "© 2024 Site", "All rights reserved";
# not "Copyright law in Ukraine ..." (the word must be followed by a year,
# a symbol or a name).
_COPYRIGHT_RE = re.compile(
    r"^(?:(?i:copyright)|©|\((?i:c)\))\s*(?:©|\((?i:c)\))?\s*(?:\d{4}|[A-Z]|$)"
    r"|^(?i:all rights reserved)|\b(?i:all rights reserved)\.?$"
)
_PROMO_RE = re.compile(
    r"^(?:"
    + "|".join(
        re.escape(k).replace("'", "['’]") for k in sorted(PROMO_KEYWORDS, key=len, reverse=True)
    )
    + r")\s*(?::|»|›|>>|\|)",
    re.IGNORECASE,
)
# Imperative promos: "Follow AP's coverage ... at https://", "Get the latest ... inbox".
_IMPERATIVE_PROMO_RE = re.compile(
    r"^(?:follow|get|sign up|subscribe|join|download|listen|watch|read|visit|see|find|"
    r"try|register|discover|explore|check out|for more|click|tap|don['’]t miss)\b",
    re.IGNORECASE,
)
_PROMO_TARGET_RE = re.compile(
    r"\b(?:newsletters?|inbox|app|alerts|coverage|podcasts?|subscriptions?|free trial|"
    r"for free|new posts|support (?:my|our) work|"
    r"(?:us|our \w+) on (?:twitter|facebook|instagram|youtube|tiktok|telegram|whatsapp|"
    r"threads|bluesky|linkedin|x))\b",
    re.IGNORECASE,
)
# Reported speech: an imperative inside a quote or attributed sentence is body.
_ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|told|urged|wrote|added|according|reported|reports|announced)\b",
    re.IGNORECASE,
)
# "... contributed to this report.", "Reporting by X; Editing by Y".
_CONTRIBUTOR_RE = re.compile(
    r"\bcontributed(?: reporting)?(?: to| for) this (?:report|story|article)\b"
    r"|\bcontributed reporting\b"
    r"|\b(?:writers?|reporters?|correspondents?|journalists?|producers?|researchers?)\b"
    r"[^.!?]{0,200}\bcontributed(?: to th(?:is|e) (?:report|story|article))?\.?$"
    r"|^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} (?:reported|reports|contributed) from "
    r"[A-Z][^.!?]{0,60}\.?$",
    re.IGNORECASE,
)
# One clause of a role credit: "Reporting by Olena Harmash in Kyiv".
_ROLE_CREDIT_RE = re.compile(
    r"^(?:additional )?(?:reporting|writing|editing|compiled|written|words|story|text|photos?|"
    r"video|graphics|produced|edited|research|translated|translation|illustrations?|"
    r"fact-checking)(?: and [a-z]+)? by\s+(.+)$",
    re.IGNORECASE,
)
_CONTACT_RE = re.compile(
    r"^(?:contact|email|e-mail|reach|write to|send|follow|tips?)\b", re.IGNORECASE
)
# Labels of tag/category lists and post meta ("Tags: ...", "Posted in World").
_META_LABEL_RE = re.compile(
    r"^(?:tags?|tagged(?: with)?|filed under|categories|category|topics|keywords|sections?|"
    r"sources?|more about|share this|share on)\s*:"
    r"|^(?:posted|filed) (?:in|under)\b[^.!?]{0,80}$"
    r"|^this (?:article|story|page|post) (?:is|was|has been) (?:more than|older than|originally|"
    r"first published|produced|part of|updated)\b",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^(?:written |words |story |text |reported )?by\s+(.{2,150})$", re.IGNORECASE
)
_BYLINE_CONNECTORS = frozenset(
    "and of the de da van von der den la le du del bin al el in at for with staff writer writers "
    "reporter reporters correspondent correspondents editor editors contributor special senior "
    "chief political foreign digital news".split()
)
# Navigation separators for breadcrumbs and footer link rows.
_NAV_SEP_RE = re.compile(r"\s*(?:\||›|»|>|•|·)\s*")
_GALLERY_RE = re.compile(r"^\d+\s*(?:/|of)\s*\d+$", re.IGNORECASE)
_WEATHER_RE = re.compile(r"^[-+−]?\d+(?:\.\d+)?\s*[°º]\s*[CF]?\b")

_QUOTE_TRANS = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}
)

#: How many prose paragraphs in a row prove the article resumed after a sidebar.
_RESUME_RUN = 3
#: Top/bottom band lines up to this many words (without final punctuation) are chrome.
_BAND_SHORT_WORDS = 4
_BOTTOM_SHORT_WORDS = 10


# ---------------------------------------------------------------------------
# Public entry point.
# ---------------------------------------------------------------------------


def mark_boilerplate(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each sentence span (in order) into text, True if it is page chrome, not article body."""
    try:
        span_list = list(spans)
    except Exception:  # not iterable: nothing to mark
        return []
    try:
        return _mark(text if isinstance(text, str) else str(text), span_list)
    except Exception:  # defensive: a chrome filter must never break a comparison
        return [False] * len(span_list)


# ---------------------------------------------------------------------------
# Units: the physical lines that hold the sentences.
# ---------------------------------------------------------------------------


class _Unit:
    """One or more adjacent raw lines holding whole sentences (normally one line)."""

    __slots__ = (
        "first_line", "last_line", "spans", "text", "words", "n_words", "terminal",
        "truncated", "chrome", "reason", "block",
    )

    def __init__(self, first_line: int, last_line: int) -> None:
        self.first_line = first_line
        self.last_line = last_line
        self.spans: list[int] = []
        self.text = ""
        self.words: list[str] = []
        self.n_words = 0
        self.terminal = False
        self.truncated = False
        self.chrome = False
        self.reason = ""
        self.block = 0

    def mark(self, reason: str) -> None:
        if not self.chrome:
            self.chrome = True
            self.reason = reason

    @property
    def prose(self) -> bool:
        """A paragraph-like line: finished sentence of some length, or a long run of words."""
        return (self.terminal and self.n_words >= 6) or self.n_words >= 20


def _clean_span(span: object, n: int) -> _Span | None:
    """Clamp a span into the text; None for anything unusable (never raises)."""
    try:
        start, end = int(span[0]), int(span[1])  # type: ignore[index]
    except Exception:
        return None
    start = min(max(start, 0), n)
    end = min(max(end, 0), n)
    if end <= start:
        return None
    return start, end


_Span = tuple[int, int]
_Analysis = tuple[list["_Unit"], list[int | None], list[_Span | None]]


def _build_units(text: str, spans: Sequence[object]) -> _Analysis:
    """Group the spans into units (merged line ranges) and measure each unit."""
    line_starts = [0] + [m.end() for m in _LINE_BREAK_RE.finditer(text)]
    clean = [_clean_span(s, len(text)) for s in spans]
    # Line range of each span.
    ranges: list[tuple[int, int, int]] = []
    for i, sp in enumerate(clean):
        if sp is None:
            continue
        first = bisect.bisect_right(line_starts, sp[0]) - 1
        last = bisect.bisect_right(line_starts, sp[1] - 1) - 1
        ranges.append((first, last, i))
    ranges.sort()
    units: list[_Unit] = []
    unit_of: list[int | None] = [None] * len(clean)
    for first, last, i in ranges:
        if units and first <= units[-1].last_line:
            unit = units[-1]
            unit.last_line = max(unit.last_line, last)
        else:
            unit = _Unit(first, last)
            units.append(unit)
        unit.spans.append(i)
        unit_of[i] = len(units) - 1
    block = 0
    for k, unit in enumerate(units):
        start = line_starts[unit.first_line]
        nxt = unit.last_line + 1
        end = line_starts[nxt] if nxt < len(line_starts) else len(text)
        unit.text = _normalise_space(text[start:end])
        unit.words = _WORD_RE.findall(unit.text)
        unit.n_words = len(unit.words)
        unit.terminal = bool(_TERMINAL_RE.search(unit.text))
        unit.truncated = bool(_ELLIPSIS_END_RE.search(unit.text))
        # Units on directly adjacent lines share a block; a gap (blank line) starts a new one.
        if k and unit.first_line > units[k - 1].last_line + 1:
            block += 1
        unit.block = block
    return units, unit_of, clean


def _normalise_space(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").replace("\u200b", "").split())


def _key(s: str) -> str:
    """Comparison key for repetition: case, quotes, dashes and spacing folded."""
    return unicodedata.normalize("NFKC", s).translate(_QUOTE_TRANS).casefold()


# ---------------------------------------------------------------------------
# Line rules.  Each takes the stripped text of a unit and answers one question.
# ---------------------------------------------------------------------------


def _is_symbolic(s: str) -> bool:
    """Digits and symbols only: separators (___, * * *), counters (1 / 4), weather (46º)."""
    if _GALLERY_RE.match(s) or (_WEATHER_RE.match(s) and len(s.split()) <= 3):
        return True
    words = [w for w in _WORD_RE.findall(s) if len(w) >= 2]
    return not words and len(s) <= 40


def _is_ui_line(s: str) -> bool:
    """A short line made only of navigation/share/widget words ("Skip to main content")."""
    words = [w.lower() for w in _WORD_RE.findall(_CAMEL_RE.sub(" ", s))]
    if not words or len(words) > 10:
        return False
    # A finished sentence is UI only when it opens with a UI word ("Sign up
    # here.", "Link copied!"), not with a subject ("It helps.").
    if _TERMINAL_RE.search(s) and words[0] not in UI_WORDS:
        return False
    ui = 0
    for w in words:
        if w in UI_WORDS or (w.endswith("s") and w[:-1] in UI_WORDS):
            ui += 1
        elif w not in FILLER_WORDS:
            return False
    return ui > 0


def _is_timestamp(s: str) -> bool:
    """Dates, clock times, reading times and relative times with nothing else around them."""
    m = re.match(r"^(.*?)\s+by\s+(.+)$", s, re.IGNORECASE)
    if m and len(m.group(2).split()) <= 5:  # "Posted on <date> by admin"
        s = m.group(1)
    tokens = [t.strip(".:;!*").lower() for t in _TIME_SPLIT_RE.split(s)]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 16:
        return False
    anchor = False
    for t in tokens:
        if _CLOCK_TOKEN_RE.match(t) or _TZ_OFFSET_RE.match(t):
            anchor = anchor or any(c.isdigit() for c in t)
        elif t in _TIME_WORDS:
            anchor = anchor or t in ("yesterday", "today")
        else:
            return False
    if not anchor:
        return False
    # A bare calendar date ("June 19, 2024") may be a timeline subheading inside
    # the body; it is left to the band and sidebar passes.  Clock times, "ago",
    # "Updated", reading times etc. are chrome anywhere.
    return any(t not in _CALENDAR_WORDS and not t.isdigit() for t in tokens)


def _is_byline(s: str) -> bool:
    """ "By Jane Doe and John Roe", "By The Associated Press", "By X | Outlet"."""
    m = _BYLINE_RE.match(s)
    if not m:
        return False
    return _are_names(m.group(1).replace(";", " "))


def _has_photo_credit(s: str) -> bool:
    return bool(_CREDIT_RE.search(s))


def _titlecase_paren(inner: str) -> bool:
    """Parenthesised credit like "Presidential Office" or "Name/Unit via AP"."""
    tokens = [t for t in re.split(r"[\s/]+", inner.strip()) if t]
    if not tokens or len(tokens) > 10:
        return False
    for t in tokens:
        if t.lower() in ("via", "of", "for", "the", "and", "de", "la", "courtesy", "by"):
            continue
        if not (t[0].isupper() or t[0].isdigit()):
            return False
    return True


def _is_caption(s: str, n_words: int) -> bool:
    """A photo caption: caption opener, an embedded credit, or a Title-Case credit tail."""
    if n_words > 90:
        return False
    if _CAPTION_OPENER_RE.match(s) or _has_photo_credit(s):
        return True
    m = _TRAILING_PAREN_RE.search(s)
    return bool(m and _titlecase_paren(m.group(1)))


def _is_credit_only(s: str) -> bool:
    """A line that is nothing but a photo credit ("(AP Photo/X)", "Image: Getty Images",
    "Name Surname/AFP via Getty Images")."""
    if len(s.split()) > 12:
        return False
    if re.fullmatch(r"\(([^()]{2,100})\)\.?", s):
        return _titlecase_paren(s.strip("().")) or _has_photo_credit(s)
    if re.match(r"^(?:Photograph|Photo|Image|Picture|Credit|Image source|Photo credit)\s*[:,]", s):
        return True
    return not _TERMINAL_RE.search(s) and bool(_AGENCY_CREDIT_RE.search(s))


def _is_copyright(s: str) -> bool:
    if len(s.split()) > 40 or not _COPYRIGHT_RE.search(s):
        return False
    # "Copyright Office officials said ..." is a sentence, not a notice.
    if re.search(r"\d{4}|©|\(c\)|rights reserved", s, re.IGNORECASE):
        return True
    return len(s.split()) <= 6 and not _TERMINAL_RE.search(s)


def _is_promo(s: str) -> bool:
    """ "READ MORE: ...", "Follow X's coverage at https://...", "Get ... in your inbox"."""
    if _PROMO_RE.match(s):
        return True
    n = len(s.split())
    if n > 40:
        return False
    if (
        _IMPERATIVE_PROMO_RE.match(s)
        and (_URL_RE.search(s) or _HANDLE_RE.search(s) or _PROMO_TARGET_RE.search(s))
        and not _ATTRIBUTION_RE.search(s)
    ):
        return True
    # A link with almost nothing around it.
    if _URL_RE.search(s) and len(_WORD_RE.findall(_URL_RE.sub(" ", s))) <= 3:
        return True
    return False


def _is_contributor_credit(s: str) -> bool:
    """ "X and Y contributed to this report.", "Reporting by X; Editing by Y"."""
    if len(s.split()) > 60:
        return False
    return bool(_CONTRIBUTOR_RE.search(s)) or _is_role_credit(s)


def _is_role_credit(s: str) -> bool:
    """Every ';'-separated clause is "<role> by <names>" ("Reporting by The
    Washington Post found ..." is a sentence: lowercase words follow the names)."""
    clauses = [c.strip() for c in s.strip().strip("()").rstrip(".").split(";") if c.strip()]
    if not clauses:
        return False
    for clause in clauses:
        m = _ROLE_CREDIT_RE.match(clause)
        if not m or not _are_names(m.group(1)):
            return False
    return True


def _are_names(s: str) -> bool:
    """Capitalised names joined by connectors: "Jane Doe and John Roe in Kyiv"."""
    tokens = [t for t in re.split(r"[\s,|&/]+", s.rstrip(".")) if t]
    if not tokens or len(tokens) > 14:
        return False
    return all(
        t.lower() in _BYLINE_CONNECTORS or t[0].isupper() or t[0] in "\"'“" for t in tokens
    )


def _is_contact(s: str) -> bool:
    """ "Contact reporter X at x@y.com", "Follow her on X @handle"."""
    if len(s.split()) > 30 or not _CONTACT_RE.match(s):
        return False
    return bool(_EMAIL_RE.search(s) or _HANDLE_RE.search(s) or _URL_RE.search(s))


def _has_form_or_footer_phrase(s: str) -> bool:
    n = len(s.split())
    if n > 45:
        return False
    low = _key(s)
    if any(p in low for p in WIDGET_PHRASES):
        return True
    if any(low.startswith(p) for p in FOOTER_PHRASES):
        return True
    if n > 12 or not any(p in low for p in FOOTER_PHRASES):
        return False
    first = _WORD_RE.findall(low)[:1]
    return not _TERMINAL_RE.search(s) or (bool(first) and first[0] in UI_WORDS)


def _is_meta_label(s: str) -> bool:
    return len(s.split()) <= 40 and bool(_META_LABEL_RE.search(s))


def _is_nav_row(s: str) -> bool:
    """Breadcrumbs and footer link rows: short segments joined by |, ›, », >, •."""
    if not _NAV_SEP_RE.search(s):
        return False
    parts = [p for p in _NAV_SEP_RE.split(s) if p.strip()]
    if len(parts) < 2 or any(_TERMINAL_RE.search(p) and not p.endswith("*") for p in parts):
        return False
    limit = 4 if len(parts) > 2 else 3
    return all(len(_WORD_RE.findall(p)) <= limit for p in parts)


def _is_sidebar_heading(s: str) -> bool:
    if re.search(r"[.!?]$", s):
        return False
    # "3 thoughts on "<post title>"" may be long; other headings are short.
    if len(s.split()) > (20 if _COMMENT_COUNT_RE.match(s) else 10):
        return False
    return bool(_SIDEBAR_HEADING_RE.match(_key(s)))


#: Line rules in the order they are tried; the name is kept as the reason.
_LINE_RULES = (
    ("symbols", lambda u: len(u.text) <= 40 and _is_symbolic(u.text)),
    ("ui", lambda u: u.n_words <= 10 and _is_ui_line(u.text)),
    ("timestamp", lambda u: u.n_words <= 16 and _is_timestamp(u.text)),
    ("byline", lambda u: u.n_words <= 20 and _is_byline(u.text)),
    ("copyright", lambda u: _is_copyright(u.text)),
    ("promo", lambda u: _is_promo(u.text)),
    ("credit", lambda u: _is_contributor_credit(u.text)),
    ("caption", lambda u: _is_caption(u.text, u.n_words)),
    ("contact", lambda u: _is_contact(u.text)),
    ("form/footer", lambda u: _has_form_or_footer_phrase(u.text)),
    ("meta", lambda u: _is_meta_label(u.text)),
    ("nav", lambda u: _is_nav_row(u.text)),
)

#: Rules safe to apply to a single sentence inside an otherwise body line.
_SENTENCE_RULES = (
    ("copyright", _is_copyright),
    ("promo", lambda s: len(s.split()) <= 40 and _is_promo(s)),
    ("credit", _is_contributor_credit),
    ("credit", _is_credit_only),
    ("form/footer", lambda s: len(s.split()) <= 12 and _has_form_or_footer_phrase(s)),
)


# ---------------------------------------------------------------------------
# Passes.
# ---------------------------------------------------------------------------


def _apply_line_rules(units: list[_Unit]) -> None:
    for unit in units:
        for name, rule in _LINE_RULES:
            if rule(unit):
                unit.mark(name)
                break
    # A caption split from its credit: the line just before a credit-only line,
    # if it reads like a caption: no final full stop, or ending in a date, or
    # (directly above the credit) a description without attribution.  A body
    # paragraph may precede an uncaptioned image, and body sentences nearly
    # always carry "said"/"reported".
    for k in range(1, len(units)):
        if _is_credit_only(units[k].text):
            prev = units[k - 1]
            if not prev.chrome and prev.n_words <= 60 and (
                not prev.terminal
                or _DATE_END_RE.search(prev.text)
                or (
                    prev.block == units[k].block
                    and prev.n_words <= 40
                    and not _ATTRIBUTION_RE.search(prev.text)
                )
            ):
                prev.mark("caption")


def _apply_repetition(units: list[_Unit]) -> None:
    """Second and later copies of a line are chrome (repeated headline, "close" twice)."""
    seen: set[str] = set()
    for unit in units:
        if not unit.words:
            continue
        k = _key(unit.text)
        if k in seen:
            unit.mark("repeat")
        else:
            seen.add(k)


def _first_anchor(units: list[_Unit]) -> int | None:
    for k, unit in enumerate(units):
        if not unit.chrome and unit.prose:
            return k
    return None


def _apply_teaser_cards(units: list[_Unit], first_anchor: int) -> None:
    """Tight blocks "teaser headline / one paragraph / UI labels" in a page that
    otherwise separates paragraphs with blank lines."""
    anchors = [u for u in units if not u.chrome and u.prose]
    block_size: dict[int, int] = {}
    for u in units:
        block_size[u.block] = block_size.get(u.block, 0) + 1
    if not anchors or sum(block_size[u.block] == 1 for u in anchors) < 0.6 * len(anchors):
        return  # single-newline layout: blocks carry no meaning
    k = first_anchor + 1
    while k < len(units):
        b = units[k].block
        j = k
        while j < len(units) and units[j].block == b:
            j += 1
        block = units[k:j]
        if 3 <= len(block) <= 6 and _is_card(block):
            for u in block:
                u.mark("teaser")
        k = j


def _is_card(block: list[_Unit]) -> bool:
    head, rest = block[0], block[1:]
    if head.chrome or head.terminal or head.n_words < 3:
        return False
    paragraphs = [u for u in rest if not u.chrome]
    tail = rest[len(paragraphs):]
    # One UI line after a paragraph may be an ad slot inside the article; a
    # teaser card ends in two or more labels, or in its own timestamp.
    return (
        len(paragraphs) == 1
        and paragraphs[0] is rest[0]
        and paragraphs[0].prose
        and (len(tail) >= 2 or (len(tail) == 1 and tail[0].reason == "timestamp"))
        and all(u.chrome for u in tail)
    )


def _apply_sidebars(units: list[_Unit], first_anchor: int) -> None:
    """From a sidebar heading on, everything is chrome until the article resumes."""
    k = first_anchor + 1
    while k < len(units):
        if not _is_sidebar_heading(units[k].text):
            k += 1
            continue
        end = _sidebar_end(units, k + 1)
        for u in units[k:end]:
            u.mark("sidebar")
        k = end


def _sidebar_end(units: list[_Unit], start: int) -> int:
    """Index where body resumes: the first of _RESUME_RUN consecutive plain paragraphs."""
    run = 0
    for j in range(start, len(units)):
        u = units[j]
        if not u.chrome and u.prose and not u.truncated:
            run += 1
            if run >= _RESUME_RUN:
                return j - run + 1
        else:
            run = 0
    return len(units)


def _apply_bands(units: list[_Unit]) -> None:
    """Short title-like lines before the body and unpunctuated lines after it."""
    body = [k for k, u in enumerate(units) if not u.chrome and u.prose]
    if not body:
        return  # no paragraph at all: too little context to judge position
    first, last = body[0], body[-1]

    top = [k for k in range(first) if not units[k].chrome]
    if top:
        # The headline is the longest line up there, or the first line of some
        # length (a long dek may follow a Title-Case headline); both are kept.
        protected = {max(top, key=lambda k: (units[k].n_words, -k))}
        protected.update([k for k in top if units[k].n_words >= 5][:1])
        seen: list[str] = []
        for k in top:
            u = units[k]
            if k not in protected and _is_title_fragment(u):
                u.mark("top band")
                continue
            if u.n_words < 4:
                continue
            key = _key(u.text)
            if any(key in s or s in key for s in seen):
                u.mark("repeat")  # headline again, with or without a site suffix
            elif len(seen) < 20:
                seen.append(key)

    for k in range(last + 1, len(units)):
        u = units[k]
        if u.chrome:
            continue
        if (not u.terminal and u.n_words <= _BOTTOM_SHORT_WORDS) or _is_title_fragment(u):
            u.mark("bottom band")


def _is_title_fragment(u: _Unit) -> bool:
    """Section labels, author names, site names, show names: a few words, no
    sentence ending, or a short line in which every content word is capitalised."""
    if u.n_words == 0:
        return True
    if _TERMINAL_RE.search(u.text) and not _looks_like_initials(u.text):
        return False
    if u.n_words <= _BAND_SHORT_WORDS:
        return True
    content = [w for w in u.words if len(w) > 3 or w[0].isupper()]
    return u.n_words <= 8 and all(w[0].isupper() for w in content)


def _looks_like_initials(s: str) -> bool:
    """ "Mike R." ends with a full stop but is a name, not a sentence."""
    return bool(re.search(r"\b[A-Z]\.$", s)) and len(s.split()) <= 3


def _apply_sentence_rules(
    units: list[_Unit], text: str, clean: list[_Span | None], out: list[bool]
) -> None:
    """Strong rules on single sentences inside lines that are otherwise body
    ("... he said. Copyright 2024 AP.", a credit glued after a sentence)."""
    for unit in units:
        if unit.chrome or len(unit.spans) < 2:
            continue  # whole-line decisions already cover single-sentence lines
        for i in unit.spans:
            sp = clean[i]
            if sp is None:
                continue
            s = _normalise_space(text[sp[0]:sp[1]])
            if any(rule(s) for _, rule in _SENTENCE_RULES):
                out[i] = True


def _analyse(text: str, spans: list[object]) -> _Analysis:
    """Build the units and run the line, repetition, sidebar and band passes."""
    units, unit_of, clean = _build_units(text, spans)
    _apply_line_rules(units)
    _apply_repetition(units)
    first = _first_anchor(units)
    if first is not None:
        _apply_teaser_cards(units, first)
        _apply_sidebars(units, first)
    _apply_bands(units)
    return units, unit_of, clean


def _mark(text: str, spans: list[object]) -> list[bool]:
    out = [False] * len(spans)
    if not spans or not text:
        return out
    units, unit_of, clean = _analyse(text, spans)
    for i, k in enumerate(unit_of):
        if k is not None and units[k].chrome:
            out[i] = True
    _apply_sentence_rules(units, text, clean, out)
    return out


def explain(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """Debug helper: (reason or "", line text) for each unit, in order."""
    units, _, _ = _analyse(text, list(spans))
    return [(u.reason, u.text) for u in units]
