"""Synthetic (original, copy) pairs for training and testing the pair model.

Each perturbation takes one fluent English sentence (a spaCy Doc with tags, dependencies and
entities) and returns a `Perturbed` pair: the copy text, its kind, the severity an editor
would give it, the character spans of the change in the copy (what the model must tag) and
the spans of the original whose content vanished (the "dropped" signal), or None when the
operation does not apply to that sentence.

Meaning changes (severity major): number, date, name, negation, antonym, tense, hedge,
loaded word, role/direction swap, dropped clause, inserted clause, and MT-style garble
(scrambled order, dropped or doubled function words, broken clause end, stray words).
Faithful (severity none): surface edits (punctuation, casing, spelling variants,
contractions, number and date formats) and rewrites (attribution moved, fronted phrase
moved, safe synonyms).

Used by `models/build_pair_data.py` (training rows) and `bench/judge.py` (the held-out
perturbation suite, generated from documents not used in training). Deterministic for a
given `random.Random`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

MAJOR_KINDS = (
    "number", "date", "name", "negation", "antonym", "tense", "hedge", "loaded", "role",
    "drop_clause", "insert_clause", "garble_scramble", "garble_function", "garble_double",
    "garble_break", "garble_stray",
)
FAITHFUL_KINDS = ("surface", "rewrite")


@dataclass(frozen=True)
class Perturbed:
    original: str
    copy: str
    kind: str
    severity: str  # none | major
    copy_spans: tuple = ()  # (start, end) in copy: changed content
    dropped_spans: tuple = ()  # (start, end) in original: content absent from the copy
    fluency: bool = False  # the change breaks the language (garble) rather than the meaning
    meta: dict = field(default_factory=dict, compare=False)


def _replace(text: str, a: int, b: int, new: str):
    """text with [a, b) replaced, and the span of `new` in the result."""
    return text[:a] + new + text[b:], (a, a + len(new))


# -- lexicons (general English, not the seeds' strings) -------------------------------------
_ANTONYMS = [
    ("increase", "decrease"), ("increased", "decreased"), ("increases", "decreases"), ("rise", "fall"),
    ("rose", "fell"), ("rising", "falling"), ("higher", "lower"), ("more", "fewer"), ("most", "least"),
    ("largest", "smallest"), ("biggest", "smallest"), ("large", "small"), ("big", "small"), ("high", "low"),
    ("win", "lose"), ("won", "lost"), ("winning", "losing"), ("before", "after"), ("early", "late"),
    ("earlier", "later"), ("approve", "reject"), ("approved", "rejected"), ("accept", "refuse"),
    ("accepted", "refused"), ("support", "oppose"), ("supported", "opposed"), ("allow", "ban"),
    ("allowed", "banned"), ("open", "closed"), ("opened", "closed"), ("up", "down"), ("gain", "loss"),
    ("gains", "losses"), ("strong", "weak"), ("stronger", "weaker"), ("cheap", "expensive"),
    ("positive", "negative"), ("success", "failure"), ("successful", "unsuccessful"), ("agree", "disagree"),
    ("agreed", "disagreed"), ("include", "exclude"), ("included", "excluded"), ("begin", "end"),
    ("began", "ended"), ("start", "stop"), ("started", "stopped"), ("first", "last"), ("new", "old"),
    ("young", "old"), ("safe", "dangerous"), ("legal", "illegal"), ("public", "private"),
    ("domestic", "foreign"), ("north", "south"), ("east", "west"), ("northern", "southern"),
    ("eastern", "western"), ("above", "below"), ("inside", "outside"), ("always", "never"),
    ("many", "few"), ("best", "worst"), ("better", "worse"), ("easy", "difficult"), ("remain", "leave"),
    ("arrived", "departed"), ("import", "export"), ("imports", "exports"), ("buy", "sell"), ("bought", "sold"),
    ("lend", "borrow"), ("lent", "borrowed"), ("attack", "defend"), ("attacked", "defended"),
    ("victory", "defeat"), ("majority", "minority"), ("maximum", "minimum"), ("raise", "cut"),
    ("raised", "cut"), ("expand", "reduce"), ("expanded", "reduced"), ("boost", "curb"),
]
_ANT = {}
for _a, _b in _ANTONYMS:
    _ANT.setdefault(_a, _b)
    _ANT.setdefault(_b, _a)

# A word swapped for a stronger, weaker or differently loaded one: the claim changes.
_LOADED = [
    ("incursion", "invasion"), ("raid", "invasion"), ("clash", "war"), ("clashes", "fighting"),
    ("protest", "riot"), ("protesters", "rioters"), ("suspect", "criminal"), ("suspects", "criminals"),
    ("killed", "murdered"), ("died", "was killed"), ("said", "admitted"), ("said", "claimed"),
    ("told", "warned"), ("asked", "ordered"), ("urged", "forced"), ("criticised", "condemned"),
    ("criticized", "condemned"), ("proposed", "approved"), ("plans", "decided"), ("planned", "decided"),
    ("considering", "preparing"), ("dozens", "hundreds"), ("hundreds", "thousands"), ("thousands", "millions"),
    ("some", "all"), ("several", "many"), ("often", "always"), ("rarely", "never"), ("injured", "killed"),
    ("arrested", "convicted"), ("charged", "convicted"), ("accused", "found guilty"), ("detained", "arrested"),
    ("damaged", "destroyed"), ("slowed", "stopped"), ("reduced", "eliminated"), ("limited", "banned"),
    ("talks", "agreement"), ("offer", "deal"), ("investigating", "prosecuting"), ("estimated", "confirmed"),
    ("rumoured", "confirmed"), ("troops", "civilians"), ("soldiers", "civilians"), ("militants", "civilians"),
    ("ceasefire", "surrender"), ("loan", "grant"), ("fine", "prison sentence"), ("warned", "threatened"),
]
_HEDGES = [
    (r"\bexpected to\b", "sent to"), (r"\blikely to\b", "going to"), (r"\bplans to\b", "will"),
    (r"\bplanned to\b", "did"), (r"\bmay\b", "will"), (r"\bmight\b", "will"), (r"\bcould\b", "will"),
    (r"\breportedly\b", "officially"), (r"\ballegedly\b", "certainly"), (r"\bpossibly\b", "definitely"),
    (r"\bprobably\b", "certainly"), (r"\bappears to\b", "does"), (r"\bappeared to\b", "did"),
    (r"\bseems to\b", "does"), (r"\bis believed to\b", "is known to"), (r"\bwould\b", "will"),
    (r"\bsuspected\b", "confirmed"), (r"\bproposed\b", "adopted"), (r"\bintends to\b", "has decided to"),
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_NUMWORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty"]
_IRREG_PAST = {
    "be": "was", "have": "had", "do": "did", "go": "went", "say": "said", "make": "made", "take": "took",
    "come": "came", "see": "saw", "know": "knew", "get": "got", "give": "gave", "find": "found",
    "think": "thought", "tell": "told", "become": "became", "leave": "left", "feel": "felt", "bring": "brought",
    "begin": "began", "keep": "kept", "hold": "held", "write": "wrote", "stand": "stood", "hear": "heard",
    "let": "let", "mean": "meant", "set": "set", "meet": "met", "run": "ran", "pay": "paid", "sit": "sat",
    "speak": "spoke", "lead": "led", "grow": "grew", "lose": "lost", "fall": "fell", "send": "sent",
    "build": "built", "spend": "spent", "cut": "cut", "rise": "rose", "win": "won", "buy": "bought",
    "sell": "sold", "put": "put", "strike": "struck", "fight": "fought", "seek": "sought", "teach": "taught",
}
_FUNCTION = {"the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "that", "and",
             "is", "are", "was", "were", "be", "has", "have", "had", "it", "its", "as", "which", "who"}
_STRAY = ["him", "their", "thus", "also", "them", "which", "then", "its", "being", "such", "with",
          "Bringing", "Making", "Having", "It", "This", "there", "so", "more", "out of"]

# Faithful lexicon: swaps that keep the claim.
_SAFE_SYN = [
    (r"\bsaid\b", "stated"), (r"\babout (?=\d)", "around "), (r"\bmore than (?=\d)", "over "),
    (r"\bapproximately\b", "about"), (r"\bhowever\b", "but"), (r"\bbecause\b", "as"),
    (r"\bbiggest\b", "largest"), (r"\bnearly\b", "almost"), (r"\balmost\b", "nearly"),
    (r"\bstarted\b", "began"), (r"\bbegan\b", "started"), (r"\bhelp\b", "assist"), (r"\bbuy\b", "purchase"),
    (r"\bshow\b", "indicate"), (r"\bshowed\b", "indicated"), (r"\bget\b", "obtain"), (r"\bneeds\b", "requires"),
    (r"\bcurrently\b", "now"), (r"\bnow\b", "currently"), (r"\balso\b", "additionally"), (r"\btold\b", "informed"),
    (r"\bkids\b", "children"), (r"\bchildren\b", "kids"), (r"\bpeople\b", "individuals"),
    (r"\bunder way\b", "underway"), (r"\bthe US\b", "the United States"), (r"\bthe U\.S\.", "the United States"),
]
_UKUS = [("ize", "ise"), ("yze", "yse"), ("our", "or"), ("tre", "ter"), ("ence", "ense"), ("ogue", "og")]
_CONTRACT = [("do not", "don't"), ("does not", "doesn't"), ("did not", "didn't"), ("is not", "isn't"),
             ("are not", "aren't"), ("was not", "wasn't"), ("cannot", "can't"), ("will not", "won't"),
             ("it is", "it's"), ("they are", "they're"), ("we are", "we're"), ("has not", "hasn't"),
             ("have not", "haven't"), ("would not", "wouldn't"), ("there is", "there's")]

_NUM = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,])")


def _tok_spans(doc, pred):
    return [t for t in doc if pred(t)]


# -- meaning changes ------------------------------------------------------------------------
def p_number(doc, rng, pool):
    text = doc.text
    hits = list(_NUM.finditer(text))
    if hits:
        m = rng.choice(hits)
        s = m.group()
        digits = s.replace(",", "")
        try:
            val = float(digits)
        except ValueError:
            return None
        if 1900 <= val <= 2100 and "." not in s:  # a year: change it as a date
            new = str(int(val) + rng.choice([-3, -2, -1, 1, 2, 3]))
        else:
            f = rng.choice([10, 0.1, 2, 0.5, 3, 1.5]) if val > 3 else rng.choice([2, 3, 4, 5])
            nv = val * f
            if nv == val:
                nv = val + rng.randint(1, 9)
            if "." in digits:
                new = f"{nv:.{len(digits.split('.')[1])}f}"
            else:
                nv = int(round(nv))
                if nv == int(val):
                    nv += rng.randint(1, 9)
                new = f"{nv:,}" if "," in s else str(nv)
        copy, span = _replace(text, m.start(), m.end(), new)
        return Perturbed(text, copy, "number", "major", (span,), ((m.start(), m.end()),))
    words = [t for t in doc if t.lower_ in _NUMWORDS]
    if not words:
        return None
    t = rng.choice(words)
    new = rng.choice([w for w in _NUMWORDS if w != t.lower_])
    new = new.capitalize() if t.text[0].isupper() else new
    copy, span = _replace(text, t.idx, t.idx + len(t), new)
    return Perturbed(text, copy, "number", "major", (span,), ((t.idx, t.idx + len(t)),))


def p_date(doc, rng, pool):
    text = doc.text
    cands = [t for t in doc if t.text in _WEEKDAYS or t.text in _MONTHS]
    if not cands:
        return None
    t = rng.choice(cands)
    group = _WEEKDAYS if t.text in _WEEKDAYS else _MONTHS
    new = rng.choice([w for w in group if w != t.text])
    copy, span = _replace(text, t.idx, t.idx + len(t), new)
    return Perturbed(text, copy, "date", "major", (span,), ((t.idx, t.idx + len(t)),))


def p_name(doc, rng, pool):
    text = doc.text
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "GPE", "ORG", "NORP", "LOC")]
    if not ents:
        return None
    e = rng.choice(ents)
    others = [x for x in pool.get(e.label_, ()) if x.lower() != e.text.lower() and x not in text]
    if not others:
        return None
    new = rng.choice(others)
    copy, span = _replace(text, e.start_char, e.end_char, new)
    return Perturbed(text, copy, "name", "major", (span,), ((e.start_char, e.end_char),))


def p_negation(doc, rng, pool):
    text = doc.text
    negs = [t for t in doc if t.dep_ == "neg" or t.lower_ in ("not", "n't", "never")]
    if negs and rng.random() < 0.5:
        t = negs[0]
        if t.lower_ == "n't":
            head = doc[t.i - 1]
            base = {"ca": "can", "wo": "will", "sha": "shall"}.get(head.lower_, head.text)
            a, b = head.idx, t.idx + len(t)
            copy, span = _replace(text, a, b, base)
        elif t.lower_ == "never":
            copy, span = _replace(text, t.idx, t.idx + len(t), "always" if t.text.islower() else "Always")
        else:
            a, b = t.idx - (1 if t.idx and text[t.idx - 1] == " " else 0), t.idx + len(t)
            copy = text[:a] + text[b:]
            prev = copy[:a].rstrip().split(" ")[-1] if copy[:a].strip() else ""
            span = (max(0, a - len(prev)), a)
        return Perturbed(text, copy, "negation", "major", (span,), ((t.idx, t.idx + len(t)),))
    auxes = [t for t in doc if t.pos_ == "AUX" and t.dep_ in ("aux", "ROOT", "auxpass", "cop")
             and t.lower_ in ("is", "are", "was", "were", "will", "can", "would", "could", "should", "has", "have", "had", "must", "did", "does", "do")
             and not any(c.dep_ == "neg" for c in t.head.children)]
    if auxes:
        t = auxes[0]
        copy, span = _replace(text, t.idx, t.idx + len(t), t.text + " not")
        return Perturbed(text, copy, "negation", "major", (span,), ())
    verbs = [t for t in doc if t.tag_ in ("VBD", "VBZ", "VBP") and t.dep_ == "ROOT" and t.pos_ == "VERB"]
    if not verbs:
        return None
    t = verbs[0]
    aux = {"VBD": "did not", "VBZ": "does not", "VBP": "do not"}[t.tag_]
    copy, span = _replace(text, t.idx, t.idx + len(t), f"{aux} {t.lemma_}")
    return Perturbed(text, copy, "negation", "major", (span,), ((t.idx, t.idx + len(t)),))


def p_antonym(doc, rng, pool):
    text = doc.text
    cands = [t for t in doc if t.lower_ in _ANT]
    if not cands:
        return None
    t = rng.choice(cands)
    new = _ANT[t.lower_]
    new = new.capitalize() if t.text[0].isupper() else new
    copy, span = _replace(text, t.idx, t.idx + len(t), new)
    return Perturbed(text, copy, "antonym", "major", (span,), ((t.idx, t.idx + len(t)),))


def p_loaded(doc, rng, pool):
    text = doc.text
    cands = [(t, b) for t in doc for a, b in _LOADED if t.lower_ == a]
    if not cands:
        return None
    t, new = rng.choice(cands)
    copy, span = _replace(text, t.idx, t.idx + len(t), new)
    return Perturbed(text, copy, "loaded", "major", (span,), ((t.idx, t.idx + len(t)),))


def p_hedge(doc, rng, pool):
    text = doc.text
    cands = [(m, new) for pat, new in _HEDGES for m in re.finditer(pat, text)]
    if not cands:
        return None
    m, new = rng.choice(cands)
    copy, span = _replace(text, m.start(), m.end(), new)
    return Perturbed(text, copy, "hedge", "major", (span,), ((m.start(), m.end()),))


def _past(lemma: str) -> str:
    if lemma in _IRREG_PAST:
        return _IRREG_PAST[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    return lemma + "ed"


def p_tense(doc, rng, pool):
    text = doc.text
    wills = [t for t in doc if t.lower_ == "will" and t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "VB"]
    if wills:
        t = wills[0]
        v = doc[t.i + 1]
        a, b = t.idx, v.idx + len(v)
        copy, span = _replace(text, a, b, _past(v.lemma_.lower()))
        return Perturbed(text, copy, "tense", "major", (span,), ((a, b),))
    past = [t for t in doc if t.tag_ == "VBD" and t.pos_ == "VERB" and t.lower_ not in ("said", "told")]
    if not past:
        return None
    t = rng.choice(past)
    copy, span = _replace(text, t.idx, t.idx + len(t), "will " + t.lemma_.lower())
    return Perturbed(text, copy, "tense", "major", (span,), ((t.idx, t.idx + len(t)),))


def p_role(doc, rng, pool):
    """Swap who does what to whom, or where something goes."""
    text = doc.text
    # direction: the object of to/from/into swapped for another place, or to <-> from
    dirs = [t for t in doc if t.lower_ in ("to", "from", "into") and t.dep_ == "prep"
            and any(c.dep_ == "pobj" and c.ent_type_ in ("GPE", "LOC", "ORG", "NORP") for c in t.children)]
    if dirs and rng.random() < 0.5:
        t = rng.choice(dirs)
        obj = next(c for c in t.children if c.dep_ == "pobj")
        span_o = (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
        places = [x for x in pool.get("GPE", ()) if x not in text]
        if places and rng.random() < 0.7:
            new = rng.choice(places)
            copy, span = _replace(text, span_o[0], span_o[1], new)
            return Perturbed(text, copy, "role", "major", (span,), (span_o,))
        new = {"to": "from", "from": "to", "into": "out of"}[t.lower_]
        copy, span = _replace(text, t.idx, t.idx + len(t), new)
        return Perturbed(text, copy, "role", "major", (span,), ((t.idx, t.idx + len(t)),))
    # agent and patient: two entities of one type swapped
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "GPE", "ORG", "NORP")]
    for e1 in ents:
        for e2 in ents:
            if e1.end <= e2.start and e1.label_ == e2.label_ and e1.text != e2.text:
                a1, b1, a2, b2 = e1.start_char, e1.end_char, e2.start_char, e2.end_char
                copy = text[:a1] + e2.text + text[b1:a2] + e1.text + text[b2:]
                d = len(e2.text) - len(e1.text)
                spans = ((a1, a1 + len(e2.text)), (a2 + d, a2 + d + len(e1.text)))
                return Perturbed(text, copy, "role", "major", spans, ((a1, b1), (a2, b2)))
    subj = [t for t in doc if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
    obj = [t for t in doc if t.dep_ == "dobj" and t.head.dep_ == "ROOT"]
    if subj and obj:
        s, o = subj[0], obj[0]
        sa, sb = s.left_edge.idx, s.right_edge.idx + len(s.right_edge)
        oa, ob = o.left_edge.idx, o.right_edge.idx + len(o.right_edge)
        if sb <= oa and (sb - sa) < 40 and (ob - oa) < 40:
            st, ot = text[sa:sb], text[oa:ob]
            if st.lower() in ("he", "she", "it", "they", "we", "i", "you") or ot.lower() in ("him", "her", "it", "them", "us", "me"):
                return None
            ot2 = ot[0].upper() + ot[1:] if sa == 0 else ot
            st2 = st[0].lower() + st[1:] if sa == 0 and s.ent_type_ == "" and not st.isupper() else st
            copy = text[:sa] + ot2 + text[sb:oa] + st2 + text[ob:]
            d = len(ot2) - len(st)
            return Perturbed(text, copy, "role", "major", ((sa, sa + len(ot2)), (oa + d, oa + d + len(st2))),
                             ((sa, sb), (oa, ob)))
    return None


def _clause_candidates(doc):
    out = []
    for t in doc:
        if t.dep_ == "prep" and t.head.pos_ not in ("VERB", "AUX"):
            continue  # "of the American Revolution" inside a name is not a clause
        if t.dep_ in ("advcl", "relcl", "conj", "appos", "prep", "acl", "ccomp") and t.head.i != t.i:
            a, b = t.left_edge.idx, t.right_edge.idx + len(t.right_edge)
            content = [x for x in doc[t.left_edge.i : t.right_edge.i + 1] if x.is_alpha and x.lower_ not in _FUNCTION]
            if 3 <= len(content) and (b - a) < 0.6 * len(doc.text):
                out.append((a, b, t))
    return out


def p_drop_clause(doc, rng, pool):
    text = doc.text
    cands = _clause_candidates(doc)
    if not cands:
        return None
    a, b, t = rng.choice(cands)
    # take a joining comma or conjunction with it
    pre = text[:a]
    m = re.search(r"(,\s*(and|but|or|which|who|where|while)?\s*|\s+(and|but|or)\s+|\s+)$", pre)
    a2 = m.start() if m and t.dep_ != "ccomp" else a
    post = text[b:]
    if post.startswith(",") and text[:a2].rstrip().endswith(","):
        b += 1
    copy = text[:a2] + text[b:]
    if copy.strip() == "" or len(copy) < 0.35 * len(text):
        return None
    k = min(a2, len(copy))
    # the copy-side tag marks the join where the content vanished (one word each side)
    left = copy.rfind(" ", 0, max(0, k - 1)) + 1
    right = copy.find(" ", k + 1)
    span = (left, right if right != -1 else len(copy))
    return Perturbed(text, copy, "drop_clause", "major", (span,), ((a, b),))


def p_insert_clause(doc, rng, pool):
    text = doc.text.rstrip()
    clauses = pool.get("_clauses", [])
    if not clauses or not text.endswith("."):
        return None
    c = rng.choice(clauses)
    if c.lower() in text.lower():
        return None
    joiner = rng.choice([", and ", ", while ", ", after ", " because "])
    ins = joiner + c[0].lower() + c[1:]
    a = len(text) - 1
    copy = text[:a] + ins + text[a:]
    return Perturbed(doc.text, copy + doc.text[len(text):], "insert_clause", "major", ((a, a + len(ins)),), ())


# -- garble ---------------------------------------------------------------------------------
def _words(text):
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def p_garble_scramble(doc, rng, pool):
    text = doc.text
    w = _words(text)
    if len(w) < 8:
        return None
    n = rng.randint(4, min(7, len(w) - 2))
    i = rng.randint(1, len(w) - n - 1)
    seg = [text[a:b] for a, b in w[i : i + n]]
    shuffled = seg[:]
    for _ in range(5):
        rng.shuffle(shuffled)
        if shuffled != seg:
            break
    if shuffled == seg:
        return None
    a, b = w[i][0], w[i + n - 1][1]
    copy, span = _replace(text, a, b, " ".join(shuffled))
    return Perturbed(text, copy, "garble_scramble", "major", (span,), (), fluency=True)


def p_garble_function(doc, rng, pool):
    text = doc.text
    fn = [t for t in doc if t.lower_ in _FUNCTION and t.i > 0]
    if len(fn) < 2:
        return None
    drop = sorted(rng.sample(fn, min(len(fn), rng.randint(2, 3))), key=lambda t: t.i)
    copy, spans, shift = text, [], 0
    for t in drop:
        a, b = t.idx - shift, t.idx + len(t) - shift
        if a > 0 and copy[a - 1] == " ":
            a -= 1
        copy = copy[:a] + copy[b:]
        shift += b - a
        left = copy.rfind(" ", 0, max(0, a - 1)) + 1
        right = copy.find(" ", a + 1)
        spans.append((left, right if right != -1 else len(copy)))
    return Perturbed(text, copy, "garble_function", "major", tuple(spans), (), fluency=True)


def p_garble_double(doc, rng, pool):
    text = doc.text
    fn = [t for t in doc if t.lower_ in _FUNCTION | {"will", "would", "can", "should"}]
    if not fn:
        return None
    t = rng.choice(fn)
    other = rng.choice(["the", "to", "of", "will", "is", "a", "that", "be"]) if rng.random() < 0.5 else t.text
    copy, span = _replace(text, t.idx, t.idx + len(t), f"{t.text} {other}")
    return Perturbed(text, copy, "garble_double", "major", (span,), (), fluency=True)


def p_garble_break(doc, rng, pool):
    text = doc.text.rstrip()
    w = _words(text)
    if len(w) < 10:
        return None
    cut = rng.randint(len(w) // 2, len(w) - 3)
    a = w[cut][0]
    tail = rng.choice([" the of", " which to", " and being", ". .", " that its", " in order", " for the"])
    copy = text[:a].rstrip() + tail + "."
    return Perturbed(doc.text, copy, "garble_break", "major", ((len(text[:a].rstrip()), len(copy)),),
                     ((a, len(text)),), fluency=True)


def p_garble_stray(doc, rng, pool):
    text = doc.text
    w = _words(text)
    if len(w) < 6:
        return None
    k = rng.randint(2, len(w) - 2)
    word = rng.choice(_STRAY + [t.text for t in doc if t.pos_ == "VERB"][:3])
    if rng.random() < 0.3:
        word = word.capitalize()
    a = w[k][0]
    copy, span = _replace(text, a, a, word + " ")
    return Perturbed(text, copy, "garble_stray", "major", ((span[0], span[1] - 1),), (), fluency=True)


# -- faithful -------------------------------------------------------------------------------
def p_surface(doc, rng, pool):
    text = doc.text
    ops = []
    for full, short in _CONTRACT:
        for m in re.finditer(rf"\b{full}\b", text, re.I):
            ops.append((m.start(), m.end(), short if m.group()[0].islower() else short.capitalize()))
        for m in re.finditer(rf"\b{re.escape(short)}\b", text, re.I):
            ops.append((m.start(), m.end(), full if m.group()[0].islower() else full.capitalize()))
    for m in re.finditer(r"\b\d{1,3}(,\d{3})+\b", text):
        ops.append((m.start(), m.end(), m.group().replace(",", "")))
    for m in re.finditer(r"\b(\d{4,})\b", text):
        v = m.group()
        if not 1900 <= int(v) <= 2100:
            ops.append((m.start(), m.end(), f"{int(v):,}"))
    for m in re.finditer(r"\b([2-9])\b(?! ?%)", text):
        ops.append((m.start(), m.end(), ["two", "three", "four", "five", "six", "seven", "eight", "nine"][int(m.group()) - 2]))
    for m in re.finditer(r"\b(percent|per cent)\b", text):
        ops.append((m.start(), m.end(), "per cent" if m.group() == "percent" else "percent"))
    for m in re.finditer(r"\bU\.S\.(?= )", text):
        ops.append((m.start(), m.end(), "US"))
    for m in re.finditer(r"\bUS\b", text):
        ops.append((m.start(), m.end(), "U.S."))
    for m in re.finditer(r"\b(Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.", text):
        full = {"Jan": "January", "Feb": "February", "Aug": "August", "Sept": "September", "Oct": "October",
                "Nov": "November", "Dec": "December"}[m.group(1)]
        ops.append((m.start(), m.end(), full))
    for m in re.finditer(r"\b\w{4,}(ize|yze|our|tre|ence)\b", text):
        w = m.group()
        for us, uk in _UKUS:
            if w.endswith(us) and w.lower() not in ("hour", "your", "four", "pour", "tour", "our", "since", "hence", "fence"):
                ops.append((m.start(), m.end(), w[: -len(us)] + uk))
                break
    for m in re.finditer(r"[’‘“”]", text):
        ops.append((m.start(), m.end(), {"’": "'", "‘": "'", "“": '"', "”": '"'}[m.group()]))
    for m in re.finditer(r", (and|or) ", text):
        ops.append((m.start(), m.start() + 1, ""))
    for m in re.finditer(r" (—|–) ", text):
        ops.append((m.start(), m.end(), ", "))
    if not ops:
        if text.endswith("."):
            ops.append((len(text) - 1, len(text), ""))
        else:
            return None
    chosen = sorted(rng.sample(ops, min(len(ops), rng.randint(1, 3))), key=lambda o: o[0])
    copy, last = "", 0
    for a, b, new in chosen:
        if a < last:
            continue
        copy += text[last:a] + new
        last = b
    copy += text[last:]
    if copy == text:
        return None
    return Perturbed(text, copy, "surface", "none")


def p_rewrite(doc, rng, pool):
    text = doc.text.rstrip()
    ops = []
    # "X, Y said." <-> "Y said (that) X."
    m = re.match(r"^(.{20,}?),\s*((?:[A-Z][\w.]*\s){0,4}[\w.]+)\s+said\s*(\w+)?\.$", text)
    if m and m.group(1)[0] not in "“\"'":
        when = f" {m.group(3)}" if m.group(3) else ""
        body = m.group(1)
        body = body[0].lower() + body[1:] if not re.match(r"^[A-Z][a-z]+\s[A-Z]|^[A-Z]{2}|^I\b", body) else body
        ops.append(f"{m.group(2)} said{when} that {body}.")
    m = re.match(r"^((?:In|On|At|During|After|Before|Last|Earlier|Later|Since)\b[^,]{3,40}),\s+(.+)\.$", text)
    if m:
        rest = m.group(2)
        ops.append(rest[0].upper() + rest[1:] + " " + m.group(1)[0].lower() + m.group(1)[1:] + ".")
    for pat, new in _SAFE_SYN:
        mm = re.search(pat, text)
        if mm:
            rep = new if not mm.group()[0].isupper() else new[0].upper() + new[1:]
            ops.append(text[: mm.start()] + rep + text[mm.end():])
    if not ops:
        return None
    copy = rng.choice(ops)
    if rng.random() < 0.4 and len(ops) > 1:  # two safe edits together
        extra = rng.choice(ops)
        if extra != copy:
            for pat, new in _SAFE_SYN:
                mm = re.search(pat, copy)
                if mm and rng.random() < 0.5:
                    copy = copy[: mm.start()] + new + copy[mm.end():]
                    break
    if copy == text:
        return None
    return Perturbed(doc.text, copy + doc.text[len(text):], "rewrite", "none")


OPS = {
    "number": p_number, "date": p_date, "name": p_name, "negation": p_negation, "antonym": p_antonym,
    "tense": p_tense, "hedge": p_hedge, "loaded": p_loaded, "role": p_role, "drop_clause": p_drop_clause,
    "insert_clause": p_insert_clause, "garble_scramble": p_garble_scramble, "garble_function": p_garble_function,
    "garble_double": p_garble_double, "garble_break": p_garble_break, "garble_stray": p_garble_stray,
    "surface": p_surface, "rewrite": p_rewrite,
}


def build_pool(docs) -> dict:
    """Entity and clause pools from parsed sentences (replacements come from the same corpus)."""
    pool: dict = {}
    for d in docs:
        for e in d.ents:
            if e.label_ in ("PERSON", "GPE", "ORG", "NORP", "LOC") and 2 < len(e.text) < 40 and "\n" not in e.text:
                pool.setdefault(e.label_, set()).add(e.text)
        for t in d:
            if t.dep_ == "ROOT" and t.pos_ == "VERB":
                subj = [c for c in t.children if c.dep_ == "nsubj"]
                if subj:
                    a, b = subj[0].left_edge.idx, t.right_edge.idx + len(t.right_edge)
                    c = d.text[a:b].strip().rstrip(".,;:")
                    if 4 <= len(c.split()) <= 10 and '"' not in c and "“" not in c:
                        pool.setdefault("_clauses", set()).add(c)
    return {k: sorted(v) for k, v in pool.items()}


def perturb(doc, kind: str, rng: random.Random, pool: dict) -> Perturbed | None:
    try:
        p = OPS[kind](doc, rng, pool)
    except (IndexError, ValueError, StopIteration):
        return None
    if p is None or p.copy == p.original or not p.copy.strip():
        return None
    return p


def sentences_from_text(text: str) -> list[str]:
    """Plain sentences of a fluent document (drift's own segmenter, chrome left out)."""
    from drift.segment import split_sentences

    out = []
    for a, b in split_sentences(text):
        s = text[a:b].strip()
        if 8 <= len(s.split()) <= 60 and s[-1:] in ".!?\"”'’" and "\n" not in s:
            out.append(s)
    return out
