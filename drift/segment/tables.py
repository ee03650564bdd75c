"""What the segmenter knows, no logic: character classes, its regular expressions, and the
abbreviation and word tables (titles, months, number prefixes, postpositive abbreviations,
US states, time zones, sentence starters, connectors). Kept in code, not a data file, so
they ship with the package.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

# Line breaks as str.splitlines() knows them ("\r\n" is handled as one break).
_LINEBREAK_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Whitespace that is not a line break.
_HSPACE = r"[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"

_DOTS = ".…"  # … counts as three dots
_STRONG = "!?‼⁇⁈⁉؟۔।॥።"  # always final (unless a lowercase word follows)
_CJK_STOPS = "。！？｡"  # final even without a following space
_TERMINALS = _DOTS + _STRONG + _CJK_STOPS
# Invisible format characters (zero-width space/joiners, direction marks, BOM)
# are not whitespace, but they are transparent around punctuation.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Closing quotes and brackets that belong to the sentence they follow.  "“" is
# here because scraped text often uses it by mistake as a closing quote.
_CLOSERS = "\"'”’»›)]}」』〉》】）〕“" + _INVISIBLE
# Opening quotes/brackets that may precede the first word of a sentence.
_OPENERS = "\"'“‘«‹([{「『（¿¡" + _INVISIBLE
# List bullets that start a new item even in the middle of a line.
_BULLETS = "•⁃▪◦‣"

_ESC_TERMINALS = re.escape(_TERMINALS)
_ESC_CLOSERS = re.escape(_CLOSERS)

# One or more line breaks with only spaces between them; _blocks decides
# whether it is a paragraph break.
_LINEBREAKS_RE = re.compile(rf"[{_LINEBREAK_CHARS}](?:{_HSPACE}*[{_LINEBREAK_CHARS}])*")
_HSPACE_RE = re.compile(_HSPACE)
# The text of one line (line-break characters excluded).
_LINE_RE = re.compile(rf"[^{_LINEBREAK_CHARS}]+")
_HAS_LINEBREAK_RE = re.compile(rf"[{_LINEBREAK_CHARS}]")
_NON_SPACE_RE = re.compile(r"\S")
# A candidate sentence end: a cluster of final punctuation, optionally spaced
# (". . ."), plus closing quotes.  It is returned when whitespace or the end of
# the run follows, unless a lowercase ASCII word follows on the same line
# (that never ends a sentence; filtering it here keeps the Python loop short).
# It is also returned when a non-space character follows, because CJK stops
# need no space; the caller drops the other such clusters ("3.5", "U.S.A",
# "apnews.com").
# Linear time: the pattern starts with a character class (so the engine scans
# quickly), the lookbehinds stop a match from starting inside a run of dots,
# and the atomic group and possessive quantifiers never backtrack, so a
# megabyte of "." or ". . ." is a single match.
_CLUSTER_RE = re.compile(
    rf"(?P<marks>[{_ESC_TERMINALS}]"
    rf"(?<![{_ESC_TERMINALS}][{_ESC_TERMINALS}])"
    rf"(?<![{_ESC_TERMINALS}][ \u00a0][{_ESC_TERMINALS}])"
    rf"(?>[{_ESC_TERMINALS}]*(?:[ \u00a0][{_ESC_TERMINALS}]+)*))"
    rf"[{_ESC_CLOSERS}]*+(?:(?=\s|\Z)(?!{_HSPACE}*+[a-z])|(?=\S))"
)
_CJK_STOP_RE = re.compile(f"[{_CJK_STOPS}]")
# Anything that may split a run: final punctuation or a bullet.
_MARK_RE = re.compile(f"[{_ESC_TERMINALS}{re.escape(_BULLETS)}]")
# A run of letters (the first word after a candidate boundary).
_WORD_RE = re.compile(r"[^\W\d_]+")
# Letters and digits: a span without any is "punctuation only".
_ALNUM_RE = re.compile(r"[^\W_]")
# Dotted abbreviations with the final dot removed: U.S, a.m, e.g, D.C, Ph.D.
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
# A list marker token with its dot removed: "1", "12", "a", "B".
_MARKER_TOKEN_RE = re.compile(r"\d{1,3}|[^\W\d_]")
# Numbered/lettered list items inside one run: "1.", "2)", "3.)", "a.".
_LIST_ITEM_RE = re.compile(r"(?<!\S)(\d{1,2}|[a-z])(\.\)|\)|\.)(?=\s)")
_FIRST_LIST_ITEM_RE = re.compile(r"(1|a)(\.\)|\)|\.)(?=\s)")
_BULLET_RE = re.compile(rf"[{re.escape(_BULLETS)}](?<=\s.)")  # after a space

# --------------------------------------------------------------------------
# Word lists.  Kept in code (not a data file) so they ship with the module.
# --------------------------------------------------------------------------

# Prepositive titles: "Maj. Gen. Pat Ryder", "St. Michael's".  Never final.
_TITLES = frozenset(
    """Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Rev Revs Hon Rt Pres
    Gov Govs Lt Col Cols Gen Gens Maj Capt Cpt Cmdr Cdr Comdr Adm Brig Sgt Sgts
    Cpl Pvt Spc Ens Sen Sens Rep Reps Supt Det Insp Atty Amb Asst Assoc Sec
    Fr Msgr Ald St Ste Sts Mt Ft""".split()
)
# Month abbreviations (AP style "Oct. 28"): not final before a number.
_MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# Abbreviations that are not final before a number: "No. 5", "p. 55", "N°. 1".
_NUMBER_PREFIXES = frozenset(
    """no nos nr num p pp pg vol vols fig figs art arts sec secs ch chap para pt
    pts ex n° nº rm apt ste ext op tel""".split()
)
# Never final, whatever follows: "vs. Russia", "e.g. Kyiv".
_NEVER_FINAL = frozenset("vs cf viz e.g i.e approx".split())
# Postpositive/general abbreviations: final only when a typical sentence
# starter follows ("Pitt, Briggs & Co. It closed" vs "Apple Inc. CEO").
_POSTPOSITIVE = frozenset(
    """inc corp ltd co cos jr sr bros plc llc llp esq etc al dept depts univ
    assn ave blvd rd hwy pkwy sq est govt intl natl mfg ed eds hrs yrs mos wks
    lb lbs oz ft yd mi dr st""".split()
)
# AP-style US state abbreviations (capitalised only: "ill." is a word).
_STATES = frozenset(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass
    Mich Minn Miss Mo Mont Neb Nebr Nev Okla Ore Oreg Pa Penn Tenn Tex Vt Va
    Wash Wis Wisc Wyo""".split()
)
# Words after "a.m."/"p.m." that continue the time, not a new sentence.
_TIME_ZONE_WORDS = frozenset(
    """ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT BST CET CEST UTC Eastern
    Central Mountain Pacific Atlantic Local""".split()
)
# Capitalised words that typically *start* a sentence (pragmatic_segmenter's
# list, extended for news).  Used where an abbreviation may or may not end the
# sentence: "the U.S. How about you?" ends, "the U.S. Government" does not.
_STARTERS = frozenset(
    """A An The This That These Those There Then Thus Here He She It They We I
    You His Her Its Their Our My Your Him Them Us In On At By For From With
    Without After Before During Since Until Till When Where While Why What Who
    Whom Whose Which How However Meanwhile Moreover Furthermore Also And But Or
    Nor So Yet If As Although Though Because Unless Whether Many Much More Most
    Some Several Few All Both Each Every Either Neither No Not None Nothing
    Nearly About Almost Only Just Still Even Now Today Tonight Yesterday
    Tomorrow Later Earlier Last Next First Second Third Finally Instead Despite
    According Asked Being Did Do Does Is Are Was Were Has Have Had Will Would
    Can Could Should Shall May Might Must Such Other Another Under Over Among
    Once Please Let Yes Officials Authorities Image Photo One Two Three Four
    Five Six Seven Eight Nine Ten Overall Similarly Separately Elsewhere""".split()
)
# Lowercase words that cannot end a line of prose: a line ending in one of
# them continues on the next line even if that line starts with a capital.
_CONNECTORS = frozenset(
    "the a an of and or nor to that than whose its their our my your".split()
)
# Prepositions that lead into a lowercase next line ("coverage at\nhttps://...").
_PREPOSITIONS = frozenset(
    """at in on by for with from into onto about as via over under after before
    between through per like including""".split()
)
# Line-final characters that mean "the sentence goes on".
_CONTINUATION_CHARS = ",;&/+=(-–—"

_MAX_TOKEN = 64  # how far back to look for the word before a period
