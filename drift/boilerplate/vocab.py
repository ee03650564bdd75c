"""The wording of web page chrome: vocabularies and regular expressions, no logic.

General vocabularies of navigation, share bars, widgets, footers, sidebar headings, bylines,
timestamps, photo credits and captions (never the wording of any particular page), shared by
the line rules (:mod:`.lines`), the units (:mod:`.units`) and the page passes (:mod:`.page`).
"""

from __future__ import annotations

import re

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
