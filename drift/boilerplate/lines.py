"""Line rules: is this one line (or sentence) page chrome on its own, whatever surrounds it?

Each rule takes the stripped text of a unit and answers one question (UI words, symbols,
timestamp, byline, copyright, promo, credit, caption, contact, form/footer, meta label,
navigation row, sidebar heading). ``_LINE_RULES`` is the order they are tried in, with the
name kept as the reason; ``_SENTENCE_RULES`` are the strong ones that are safe on a single
sentence inside an otherwise body line.
"""

from __future__ import annotations

import re

from .units import _key
from .vocab import (
    FILLER_WORDS,
    FOOTER_PHRASES,
    UI_WORDS,
    WIDGET_PHRASES,
    _AGENCY_CREDIT_RE,
    _ATTRIBUTION_RE,
    _BYLINE_CONNECTORS,
    _BYLINE_RE,
    _CALENDAR_WORDS,
    _CAMEL_RE,
    _CAPTION_OPENER_RE,
    _CLOCK_TOKEN_RE,
    _COMMENT_COUNT_RE,
    _CONTACT_RE,
    _CONTRIBUTOR_RE,
    _COPYRIGHT_RE,
    _CREDIT_RE,
    _EMAIL_RE,
    _GALLERY_RE,
    _HANDLE_RE,
    _IMPERATIVE_PROMO_RE,
    _META_LABEL_RE,
    _NAV_SEP_RE,
    _PROMO_RE,
    _PROMO_TARGET_RE,
    _ROLE_CREDIT_RE,
    _SIDEBAR_HEADING_RE,
    _TERMINAL_RE,
    _TIME_SPLIT_RE,
    _TIME_WORDS,
    _TRAILING_PAREN_RE,
    _TZ_OFFSET_RE,
    _URL_RE,
    _WEATHER_RE,
    _WORD_RE,
)


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
