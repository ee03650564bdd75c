"""A headline's site suffix: "Zelensky says war pushed 'beyond borders' | News about the
Russia-Ukraine war", "Flood defences hold - Xinhuanet", "… - www.eeo.com.cn - Professional
Financial News Website". Pages put the site's or section's name after the headline; a
republisher swaps it for its own. It is page chrome, not headline text.

A suffix is the part after a separator at the end of an unpunctuated line:
- after " | " (a pipe never joins headline prose): at most SUFFIX_WORDS words;
- after a spaced dash (" - ", " – ", " — ", " -- "): a name, not a clause: a web address, or at
  most NAME_WORDS words whose every content word is capitalised ("Xinhua Net", "The
  Washington Post"), so "Ukraine war - Russia launches 100 drones" keeps its tail;
- after an unspaced dash, only a web address ("… flash floods-Chinanews.com"): a hyphen
  otherwise joins words ("Russia-Ukraine war").
Several suffixes peel off one by one ("Today's News - Hunan Daily - www.voc.com.cn"); what is
left keeps at least HEAD_WORDS words, no sentence ending and no quotation left open ('"Xinhua Micro - Feature"'
is a title in quotes, not a suffix).
"""

from __future__ import annotations

import re

from .vocab import _TERMINAL_RE, _WORD_RE

SUFFIX_WORDS = 8
NAME_WORDS = 5
HEAD_WORDS = 3

_PIPE_RE = re.compile(r"\s+\|\s+")
_DASH_RE = re.compile(r"\s+(?:-{1,2}|–|—)\s+")
_TIGHT_DASH_RE = re.compile(r"\s*(?:-{1,2}|–|—)\s*")
_DOMAIN_RE = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|cn|co|uk|info|news|gov|edu|int|eu|de|fr|ru|ua|jp|in|au|ca)\b",
                        re.IGNORECASE)
_LOWER_OK = frozenset(
    "a an and at by for from in of on the to with news online".split()
)


def _name_like(tail: str) -> bool:
    """A web address, or a few words that are all capitalised but for small function words."""
    if _DOMAIN_RE.search(tail):
        return True
    words = _WORD_RE.findall(tail)
    if not words or len(words) > NAME_WORDS or re.search(r"\d", tail):
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w.lower() in _LOWER_OK for w in words)


def _address(tail: str) -> bool:
    """A site's address with at most a name before it ("Xinhua English.news.cn")."""
    return bool(_DOMAIN_RE.search(tail)) and len(_WORD_RE.findall(tail)) <= NAME_WORDS and (tail[:1].isupper() or tail.lower().startswith("www"))


def _open_quote(head: str) -> bool:
    """A quotation opened and not closed: the dash is inside a quoted title."""
    return head.count('"') % 2 == 1 or head.count("“") > head.count("”")


def site_suffix(line: str) -> int:
    """Where the site suffix of an unpunctuated line begins (at its separator), or len(line)
    when it has none."""
    text = line.rstrip()
    end = len(line)
    if not text or _TERMINAL_RE.search(text):
        return end
    while True:
        head = line[:end]
        cut = None
        for sep_re in (_PIPE_RE, _DASH_RE, _TIGHT_DASH_RE):
            m = None
            for m in sep_re.finditer(head):
                pass
            if m is None:
                continue
            tail = head[m.end():]
            n_tail = len(_WORD_RE.findall(tail))
            if (n_tail == 0 or n_tail > SUFFIX_WORDS or len(_WORD_RE.findall(head[:m.start()])) < HEAD_WORDS
                    or _open_quote(head[:m.start()]) or _TERMINAL_RE.search(head[:m.start()].rstrip())):
                continue
            if sep_re is _PIPE_RE or (_address(tail) if sep_re is _TIGHT_DASH_RE else _name_like(tail)):
                cut = m.start() if cut is None else max(cut, m.start())
        if cut is None:
            return end
        end = cut
