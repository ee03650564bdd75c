"""The garble rules on one side's tokens: word rules, part-of-speech rules, local swaps and
word-class pairs English does not have (see `drift.garble` for what each signal means)."""

from __future__ import annotations

from typing import Sequence

from .tokens import (  # the shared word lists and token types
    AUX_AFTER_POSSESSIVE,
    CALENDAR,
    CLAUSE_BREAK_PUNCT,
    CLAUSE_BREAK_WORDS,
    Candidate,
    DANGLING_END,
    DOUBLED_MAJOR,
    DOUBLING_OK,
    ECHO_OK_MIDDLE,
    FINITE_TAGS,
    MODALS,
    NEVER_DOUBLED,
    NOUNLIKE_AUX,
    OPENERS,
    PARTICLE_PREPOSITIONS,
    POSSESSIVES,
    PREPOSITIONS,
    SENT_END,
    SUBJECT_PRONOUNS,
    THAT_THAT_BEFORE,
    Tok,
    VERB_TAGS,
)

# --------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------
def _is_sentence_start(toks: Sequence[Tok], k: int) -> bool:
    """True at a place where a capital letter is normal: text start, after . ! ? : quotes, brackets, dashes."""
    if k == 0:
        return True
    prev = toks[k - 1]
    if prev.text in SENT_END or prev.text in OPENERS:
        return True
    # "U.S." or "Jan." can end a sentence too; be lenient after any token ending in "."
    return prev.text.endswith(".")


def _is_title(tok: Tok) -> bool:
    t = tok.text
    return len(t) > 1 and t[0].isupper() and t[1:].islower() and t.isalpha()


def _run_rules(toks: Sequence[Tok], text: str, tagged: bool) -> list[Candidate]:
    out: list[Candidate] = []
    n = len(toks)
    norms = [t.norm for t in toks]
    for k in range(n):
        w = norms[k]
        nxt = norms[k + 1] if k + 1 < n else None
        # --- doubled word -------------------------------------------------------------
        if (
            nxt is not None
            and w == nxt
            and toks[k + 1].start - toks[k].end <= 2
            and (w in NEVER_DOUBLED or (w.isalpha() and len(w) > 1 and w not in DOUBLING_OK and n > 4))
            and text[toks[k].end : toks[k + 1].start].strip() == ""
            # same spelling, or "The the" at a sentence start; not "first FIRST Global"
            and (toks[k].text == toks[k + 1].text or (toks[k].text.istitle() and toks[k + 1].text.islower()))
        ):
            # a doubled function word ("the the", "of of", "can can") breaks the sentence; "Cooper Cooper" a typo
            major = w in DOUBLED_MAJOR or (
                w in PARTICLE_PREPOSITIONS and tagged and k > 0
                and toks[k - 1].tag not in VERB_TAGS | {"RP", "PRP"} and norms[k - 1] not in SUBJECT_PRONOUNS)
            out.append(Candidate(k, k + 1, "doubled-word", "major" if major else "minor",
                                 f'doubled word "{toks[k].text} {toks[k + 1].text}"'))
        elif (w == "that" and nxt == "that" and k + 2 < n and norms[k + 2] in THAT_THAT_BEFORE
              and text[toks[k].end : toks[k + 1].start].strip() == ""):
            out.append(Candidate(k, k + 1, "doubled-word", "major", f'doubled word "{toks[k].text} {toks[k + 1].text}"'))
        # --- doubled punctuation ----------------------------------------------------------
        if (
            nxt is not None
            and w in {".", ",", ";", ":", "!", "?"}
            and nxt in {".", ",", ";", ":"}
            and not (w in {"!", "?"} and nxt == ".")  # "?." is a common quote-end artefact; leave it
            and not (w == "." and nxt == "," and k > 0 and _abbrev_before(toks, k))
        ):
            out.append(Candidate(k, k + 1, "doubled-punct", "minor", f'doubled punctuation "{text[toks[k].start:toks[k + 1].end]}"'))
        # --- possessive followed by "to" / an auxiliary / a verb ---------------------------
        if w in POSSESSIVES and nxt is not None:
            nt = toks[k + 1].tag
            if nxt in AUX_AFTER_POSSESSIVE or (tagged and nt in {"VB", "VBD", "VBP", "VBZ", "TO"} and nxt not in NOUNLIKE_AUX):
                last = min(k + 2, n - 1) if k + 2 < n and norms[k + 2].isalpha() else k + 1
                out.append(Candidate(k, last, "possessive-verb", "major", f'possessive "{toks[k].text}" followed by "{toks[k + 1].text}"'))
        # --- sentence stops on a determiner / conjunction ----------------------------------
        if w in DANGLING_END and k > 0 and (nxt is None or nxt in SENT_END) and norms[k - 1] not in SENT_END:
            # "... than." / "... of." after a quote or a list marker are rare but legal: need a word before
            if toks[k - 1].norm.isalnum() or toks[k - 1].norm in {",", ")"}:
                last = k + 1 if nxt is not None else k
                out.append(Candidate(k, last, "dangling-end", "major", f'sentence ends on "{toks[k].text}"'))
        # --- echoed noun: "on their way that way" -----------------------------------------
        if (
            k + 2 < n
            and w.isalpha()
            and len(w) >= 3
            and w == norms[k + 2]
            and w not in NEVER_DOUBLED
            and norms[k + 1].isalpha()
            and norms[k + 1] not in ECHO_OK_MIDDLE
            and norms[k + 1] in {"that", "this", "the", "a", "an", "their", "its", "his", "her", "our", "some", "any"}
            and (not tagged or (toks[k].tag or "").startswith("NN"))
        ):
            out.append(Candidate(k, k + 2, "echo", "minor", f'echoed word "{text[toks[k].start:toks[k + 2].end]}"'))
        # --- subject pronoun straight before an article: "denied he the father" -------------
        if w in {"he", "she", "they", "we"} and nxt in {"the", "a", "an"} and k + 2 < n and norms[k + 2].isalpha() \
                and (k == 0 or norms[k - 1] not in {"and", "or", "but", "while", "whereas", ","}):  # not gapping: "and he the pen"
            out.append(Candidate(k, k + 1, "pronoun-article", "major",
                                 f'"{toks[k].text} {toks[k + 1].text}": a verb is missing'))
        if not tagged:
            continue
        tag = toks[k].tag or ""
        # --- modal straight before a past form: "may seen", "can detected" ----------------
        if tag == "MD" and w in MODALS and nxt is not None and toks[k + 1].tag in {"VBN", "VBD"} \
                and nxt not in {"better"} and toks[k + 1].norm.isalpha():
            out.append(Candidate(k, k + 1, "modal-participle", "major",
                                 f'modal "{toks[k].text}" followed by "{toks[k + 1].text}": a verb is missing'))
        # --- capitalised verb mid-sentence ("ahead of him Bringing Ukraine") --------------
        # Only verb forms that show it (-ing, -ed): a tagger calls names verbs too ("Rathbun").
        # Not inside a run of capitalised words (a title or a name: "Saving Private Ryan"),
        # not in a hyphenated name ("Make-A-Wish").
        if (
            _is_title(toks[k])
            and toks[k].norm.endswith(("ing", "ed"))
            and len(toks[k].norm) > 4
            and not _is_sentence_start(toks, k)
            and not _is_title(toks[k - 1])
            and not toks[k - 1].text[:1].isupper()
            and not text[toks[k].end : toks[k].end + 1] == "-"
            and not _in_short_quote(toks, k)
        ):
            first = k - 1 if toks[k - 1].norm.isalpha() else k
            msg = f'capitalised "{toks[k].text}" in mid-sentence'
            if tag in VERB_TAGS:
                out.append(Candidate(first, k, "capitalised-verb", "major", msg))
            elif tag in {"NN", "JJ"}:  # the tagger gave up on it ("a yellow Bringing card")
                out.append(Candidate(first, k, "capitalised-verb", "major", msg, needs_lm=True, coordinated=True))
    # --- two modals in one clause; a sentence without a finite verb --------------------------
    if tagged:
        out.extend(_double_modal(toks))
        out.extend(_verbless(toks))
    return out


def _segments(toks: Sequence[Tok]) -> list[tuple[int, int]]:
    """Sentence-like stretches [a, b] of token indices, split after . ! ? (b includes the stop)."""
    segs, a = [], 0
    for k, t in enumerate(toks):
        if t.text in SENT_END and (k + 1 == len(toks) or toks[k + 1].text not in SENT_END):
            segs.append((a, k))
            a = k + 1
    if a < len(toks):
        segs.append((a, len(toks) - 1))
    return segs


def _has_finite(toks: Sequence[Tok], a: int, b: int) -> bool:
    for k in range(a, b + 1):
        tag = toks[k].tag or ""
        if tag in FINITE_TAGS or (tag == "VB" and (k == a or toks[k - 1].norm in {"to", "not", "n't"} or toks[k - 1].tag == "MD")):
            return True
        if tag == "VBD":
            return True
    return False


def _verbless(toks: Sequence[Tok]) -> list[Candidate]:
    """A full stop after five or more words with no finite verb ("The troops near the border.").

    Kept only when the original's words at the aligned place do have one (checked by the caller).
    """
    out = []
    for a, b in _segments(toks):
        words = [t for t in toks[a : b + 1] if t.norm[:1].isalnum()]
        if toks[b].text != "." or len(words) < 5:
            continue
        if any(t.text in {":", "|", "\"", "“", "”", "(", ")"} or t.text in {"'", "‘", "’"} for t in toks[a : b + 1]):
            continue  # labels, quotations, asides: fragments are normal there
        if _has_finite(toks, a, b) or any(toks[k].tag == "VBN" for k in range(a, b + 1)):
            continue  # (a VBN may be a past tense the tagger misread: "Peter the Great embarked")
        if toks[a].tag not in {"DT", "NN", "NNS", "NNP", "NNPS", "PRP", "PRP$", "JJ", "CD"}:
            continue  # "Supervised by ...", "In 1696, ...": credits and scene-setters
        # Only a verb that lost its tense right after its subject ("The army pushing hard."):
        # a noun-phrase sentence ("Heavy fighting near the front line.", "The scene of the
        # founding ceremony ...") is a caption style, not breakage.
        nonfinite = [k for k in range(a + 1, b + 1) if toks[k].tag == "VBG" and toks[k - 1].tag in {"NN", "NNS", "NNP", "NNPS", "PRP"}]
        if nonfinite:
            out.append(Candidate(a, b, "verbless", "major", "sentence without a finite verb", needs_lm=True))
    return out


ABBREVIATIONS = frozenset(
    "etc al approx vs inc jr sr co corp ltd llc plc gen gov sen rep lt col capt sgt dept univ est "
    "no nos vol fig ed eds mr mrs ms dr prof st mt ft ave blvd calif wash mass ariz conn fla ill".split()
)
QUOTES = frozenset({'"', "“", "”", "«", "»", "``", "''"})
CLOSED_TAGS = frozenset({"RB", "RBR", "RBS", "IN", "CC", "DT", "PRP", "PRP$", "WDT", "WP", "WRB", "MD", "EX", "TO"})  # "Thus", "Then"
CLOSERS = frozenset({")", "]", "}", "”", "’", "»", "'", '"'})  # a capital after these may start a sentence


TITLE_WIDTH = 40  # tokens a quoted title may run ("Announcement on the Proposed Transfer of ...")
TITLE_SHARE = 2 / 3  # of its longer words capitalised


def _in_short_quote(toks: Sequence[Tok], k: int, width: int = 8) -> bool:
    """Is token k inside quotation marks that close within `width` tokens (a title: "The Chance
    of Winning"), or inside a longer quotation whose longer words are mostly capitalised (a
    title: "Announcement on the Proposed Transfer of Partial Shares ...")?"""
    left = next((i for i in range(k - 1, max(-1, k - TITLE_WIDTH - 1), -1) if toks[i].text in QUOTES), None)
    right = next((i for i in range(k + 1, min(len(toks), k + TITLE_WIDTH + 1)) if toks[i].text in QUOTES), None)
    if left is None or right is None:
        return False
    if k - left <= width and right - k <= width:
        return True
    words = [t.text for t in toks[left + 1 : right] if t.text.isalpha() and len(t.text) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_SHARE * len(words)


def _abbrev_before(toks: Sequence[Tok], k: int) -> bool:
    """Is the "." at k the end of an abbreviation ("Inc.", "Jr.", "U.S.")?"""
    prev = toks[k - 1]
    if prev.end != toks[k].start:
        return False  # "Gansu . ," is not an abbreviation
    return prev.norm.rstrip(".") in ABBREVIATIONS or (prev.text[:1].isupper() and (len(prev.text) <= 4 or "." in prev.text))


def _double_modal(toks: Sequence[Tok]) -> list[Candidate]:
    """A second modal verb in the clause of a first one: "that could address ... could increase".

    With "and"/"or" between them it may be a new clause ("... exports and prices could rise"):
    then only the language model can tell, so the candidate is marked for it.
    """
    out = []
    last_md = None
    coord = False
    for k, t in enumerate(toks):
        if t.norm in CLAUSE_BREAK_WORDS or t.text in CLAUSE_BREAK_PUNCT or t.text in SENT_END:
            last_md = None
            continue
        if t.norm in SUBJECT_PRONOUNS or (t.tag in {"WDT", "WP", "WRB", "IN"} and t.norm not in PREPOSITIONS):
            last_md = None
            continue
        if t.norm in {"and", "or"}:
            coord = True
        if t.tag == "MD" and t.norm in MODALS:
            if last_md is not None and k - last_md >= 3:
                end = k  # the second modal's verb group: up to the next break or the end
                while end + 1 < len(toks) and toks[end + 1].text not in SENT_END and toks[end + 1].text not in CLAUSE_BREAK_PUNCT and toks[end + 1].norm not in CLAUSE_BREAK_WORDS and end - k < 4:
                    end += 1
                out.append(Candidate(k, end, "double-modal", "major",
                                     f'two modal verbs in one clause ("{toks[last_md].text} ... {t.text}")',
                                     needs_lm=True, coordinated=coord))
            last_md = k
            coord = False
    return out


def _swaps(orig: Sequence[Tok], copy: Sequence[Tok]) -> list[Candidate]:
    """Two neighbouring words of the original in the opposite order ("officials the said").

    English allows many swaps ("also said" / "said also"), so only the LM can judge: the
    candidate carries the original's position and the LM compares the two orders.
    """
    if len(orig) < 2 or len(copy) < 2:
        return []
    where: dict[tuple[str, str], int] = {}
    for i in range(len(orig) - 1):
        where.setdefault((orig[i].norm, orig[i + 1].norm), i)
    out = []
    for j in range(len(copy) - 1):
        x, y = copy[j].norm, copy[j + 1].norm
        if x == y or not (x[:1].isalnum() and y[:1].isalnum()) or (x, y) in where:
            continue
        i = where.get((y, x))
        # a local swap only: the neighbours on both sides are the original's neighbours
        if (
            i is not None
            and (j == 0) == (i == 0)
            and (j == 0 or copy[j - 1].norm == orig[i - 1].norm)
            and (j + 2 >= len(copy)) == (i + 2 >= len(orig))
            and (j + 2 >= len(copy) or copy[j + 2].norm == orig[i + 2].norm)
        ):
            out.append(Candidate(j, j + 1, "word-order", "minor",
                                 f'word order "{copy[j].text} {copy[j + 1].text}" (original "{orig[i].text} {orig[i + 1].text}")',
                                 needs_lm=True, coordinated=True, orig_at=i))
    return out


def _bigram_candidates(orig: Sequence[Tok], copy: Sequence[Tok], ops, block_of: Sequence[int]) -> list[Candidate]:
    """New neighbouring words whose classes fluent English (almost) never puts together (`drift.garble.tags`)."""
    from .articles import dropped_places, several_dropped
    from .phrases import auxiliary_dropped, slipped_in, split_pairs
    from .tags import (JOINT, REORDER, REORDER_ANY, breakpoints, new_pairs, not_english, permutation_windows,
                       stretch_evidence, unlikely_together, window_score)

    what = {"scramble": "the original's words in an order English does not have",
            "insert": "a word slipped in where English has none",
            "delete": "a function word is missing",
            "pair": "not English"}
    several = {"delete": "function words missing"}
    out = []
    pairs = new_pairs(orig, copy, ops, block_of)
    for p in pairs:
        why = not_english(p)
        if why is not None and not (why == "scramble" and _only_dates(copy[p.first : p.last + 1])):
            words = " ".join(t.text for t in copy[p.first : p.last + 1])
            out.append(Candidate(p.first, p.last, f"tag-{why}", "major", f'"{words}": {what[why]}'))
    for p, why in unlikely_together(pairs):
        words = " ".join(t.text for t in copy[p.first : p.last + 1])
        out.append(Candidate(p.first, p.last, f"tags-{why}", "major", f'"{words}": {several[why]}'))
    evidence = stretch_evidence(orig, copy, ops, pairs)
    for first, last, why, score in evidence:
        if score <= JOINT[why] and not (why == "scramble" and _only_dates(copy[first : last + 1])):
            words = " ".join(t.text for t in copy[first : last + 1])
            out.append(Candidate(first, last, f"stretch-{why}", "major", f'"{words}": {what[why]}'))
    for w in permutation_windows(orig, copy, ops):
        if _only_dates(copy[w[2] : w[3]]):
            continue  # a date or a time written in another order ("July 25 08H00" -> "08H00 July 25"): style
        if _items_reordered(orig[w[0] : w[1]], copy[w[2] : w[3]]):
            continue  # the items of a list in another order ("Lidl and Morrisons" -> "Morrisons and Lidl")
        bp = breakpoints(orig, copy, w)
        if bp >= REORDER_ANY or (bp >= REORDER[0] and window_score(orig, copy, w, pairs) <= REORDER[1]):
            words = " ".join(t.text for t in copy[w[2] : w[3]])
            out.append(Candidate(w[2], w[3] - 1, "reordered", "major", f'"{words}": {what["scramble"]}'))
    out += _inserted_capitals(orig, copy, ops)
    out += _article_sound(orig, copy)
    out += _reversed_pairs(orig, copy)
    for first, last in auxiliary_dropped(orig, copy, ops):
        words = " ".join(t.text for t in copy[first : last + 1])
        out.append(Candidate(first, last, "aux-dropped", "major", f'"{words}": the verb is missing after the modal'))
    for first, last in split_pairs(orig, copy, ops):
        words = " ".join(t.text for t in copy[first - 1 : last + 2])
        out.append(Candidate(first, last, "pair-split", "major", f'"{words}": a word slipped into a fixed pair'))
    for first, last, where in slipped_in(orig, copy, ops):
        words = " ".join(t.text for t in copy[first : last + 1])
        out.append(Candidate(first, last, "phrase-insert", "major", f'"{words}" slipped into a {where}'))
    for first, last, table in several_dropped(copy, dropped_places(orig, copy, ops, evidence)):
        words = " ".join(t.text for t in copy[first : last + 1])
        why = "a function word the original has is missing where English needs one" if table else what["delete"]
        out.append(Candidate(first, last, "drops-several", "major", f'"{words}": {why} (several in one sentence)'))
    return out




MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())


def _only_dates(toks: Sequence[Tok]) -> bool:
    """Every word of the stretch is a number, a time, a day or a month ("08H00 July 25 - 08H00
    July 26", "Monday 8 a.m."): dates and times are written in many orders."""
    words = [t.norm.rstrip(".") for t in toks if t.norm[:1].isalnum()]
    return bool(words) and all(any(ch.isdigit() for ch in w) or w in CALENDAR or w in MONTH_ABBREVIATIONS
                               or w in {"a.m", "p.m", "am", "pm", "gmt", "utc"} for w in words)


_LIST_JOINS = frozenset({",", ";", "and", "or", "&"})


def _items_reordered(orig: Sequence[Tok], copy: Sequence[Tok]) -> bool:
    """The copy's stretch is the original's list with its items in another order, each item
    whole and the commas and conjunctions between them where they were ("Asda, Lidl and
    Morrisons" -> "Asda, Morrisons and Lidl"): English lists in any order."""
    def split(toks: Sequence[Tok]) -> tuple[list[tuple[str, ...]], list[str]]:
        items, joins, item = [], [], []
        for t in toks:
            if t.norm in _LIST_JOINS:
                items.append(tuple(item))
                joins.append(t.norm)
                item = []
            else:
                item.append(t.norm)
        return items + [tuple(item)], joins

    items_o, joins_o = split(orig)
    items_c, joins_c = split(copy)
    return (bool(joins_o) and joins_o == joins_c and all(items_o) and sorted(items_o) == sorted(items_c)
            and items_o != items_c)


def _inserted_capitals(orig: Sequence[Tok], copy: Sequence[Tok], ops) -> list[Candidate]:
    """A capitalised word the copy slipped in, by itself, inside a sentence whose words either
    side the original has there too ("the long With queues", "the middle class Bringing is"):
    a function word or another word of a closed class by its tag ("former Thus UN"), or an
    -ing / -ed form the tagger does not call a name. Not at a sentence's
    start or after a quote, a colon or a bracket (a new sentence, a title, "(Laughter) And"),
    not after a capitalised word or inside a short quotation (a name or a title runs on: "Gone
    With the Wind", "People at Their Middle Ages"), and not a
    word the original has with its capital (a name)."""
    from spacy.lang.en.stop_words import STOP_WORDS  # a lexicon only: no model is loaded

    from .tags import FUNCTION_WORDS

    have = {t.text for t in orig}
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op != "insert" or j2 - j1 > 2 or j1 == 0 or j2 >= len(copy):
            continue
        for k in range(j1, j2):
            t = copy[k]
            if not _is_title(t) or t.text in have or _is_sentence_start(copy, k) or copy[k - 1].text in CLOSERS \
                    or copy[k - 1].text[:1].isupper() or _in_short_quote(copy, k):
                continue
            w = t.norm
            if w in FUNCTION_WORDS or w in STOP_WORDS or t.tag in CLOSED_TAGS or (w.endswith(("ing", "ed")) and len(w) > 4 and t.tag not in {"NNP", "NNPS"}):
                out.append(Candidate(k, k, "capital-inserted", "major", f'capitalised "{t.text}" slipped into a sentence'))
    return out


def _article_sound(orig: Sequence[Tok], copy: Sequence[Tok]) -> list[Candidate]:
    """"a" before a lower-case word that starts with a vowel letter other than "u" ("a other",
    not "a university", "a one-off", "a eulogy"), or "an" before one that starts with a
    consonant other than "h" ("an survey", not "an hour", "an MP"): new in the copy, the
    original not having the two words side by side."""
    have = {(a.norm, b.norm) for a, b in zip(orig, orig[1:])}
    out = []
    for k in range(len(copy) - 1):
        a, w = copy[k], copy[k + 1]
        if a.norm not in ("a", "an") or not w.text.isalpha() or not w.text.islower() or (a.norm, w.norm) in have:
            continue
        if a.text != a.text.lower() and k > 0 and not _is_sentence_start(copy, k):
            continue  # "Serie A", "Vitamin A": a letter, not an article
        if (a.norm == "a" and w.norm[0] in "aeio" and not w.norm.startswith(("one", "once", "eu", "ewe"))) or \
                (a.norm == "an" and w.norm[0] not in "aeiouh"):
            out.append(Candidate(k, k + 1, "article-sound", "major", f'"{a.text} {w.text}": the article does not fit the word'))
    return out


COMMON_NOUNS = frozenset({"NN", "NNS"})
COPULAS = frozenset({"is", "are", "was", "were"})
ADJECTIVES = frozenset({"JJ", "JJR", "JJS"})


def _reversed_pairs(orig: Sequence[Tok], copy: Sequence[Tok]) -> list[Candidate]:
    """Two neighbouring words of one phrase in the opposite order, everything around them kept
    (`_swaps`), where English has only the original's order: a compound's two common nouns
    ("the sound barrier" -> "the barrier sound": the head became the modifier), or a copula and
    the adjective it introduced ("Tehran was serious" -> "Tehran serious was"). Other local swaps
    are often fluent ("safely rescued" -> "rescued safely", "8th April" -> "April 8th", "Thomas
    Young" may be a name given surname first) and stay with the language model."""
    tag_of = {(a.norm, b.norm): (a.tag, b.tag) for a, b in zip(orig, orig[1:])}
    out = []
    for c in _swaps(orig, copy):
        a, b = copy[c.first], copy[c.last]
        ta, tb = tag_of.get((b.norm, a.norm), (None, None))  # the original's tags, in its order
        compound = (a.tag in COMMON_NOUNS and b.tag in COMMON_NOUNS and ta in COMMON_NOUNS and tb in COMMON_NOUNS
                    and a.text.islower() and b.text.islower())
        copula = b.norm in COPULAS and ta is not None and ta.startswith("VB") and a.tag in ADJECTIVES and tb in ADJECTIVES
        if compound or copula:
            out.append(Candidate(c.first, c.last, "reversed", "major",
                                 f'"{a.text} {b.text}": two words of one phrase in the order English does not have '
                                 f'(original "{b.text} {a.text}")'))
    return out
