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

This module is the public entry point; the parts each do one job: :mod:`.vocab` (the wording
of chrome), :mod:`.units` (the lines that hold the sentences), :mod:`.lines` (the line rules,
pass 1) and :mod:`.page` (the passes over the page and their run).
"""

from __future__ import annotations

from .page import _analyse, _mark

BOILERPLATE_NAME = "drift-chrome@1"

__all__ = ["BOILERPLATE_NAME", "mark_boilerplate"]


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


def explain(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """Debug helper: (reason or "", line text) for each unit, in order."""
    units, _, _ = _analyse(text, list(spans))
    return [(u.reason, u.text) for u in units]
