"""The length sign of a dropped clause across languages (``xling.shorter``): a unit much
shorter than the document's other units make it gets a minor omission finding; too few
units, an even document or a short original get none."""

from __future__ import annotations

import pytest

from drift.xling.judge import XlingJudge

EN = [
    "The city council approved a new budget for public transport on Tuesday evening after a long debate.",
    "The plan adds forty new buses and extends the night service to the northern suburbs by next spring.",
    "Opposition members said the money would be better spent on repairing the old tram lines in the centre.",
    "The mayor replied that the buses could be bought quickly, while the tram repairs would take several years.",
    "Ticket prices will stay the same for now, although the council may review them again next year.",
    "Residents of the northern suburbs have complained for years that the last bus leaves far too early.",
]
DE = [
    "Der Stadtrat hat am Dienstagabend nach einer langen Debatte einen neuen Haushalt für den öffentlichen Nahverkehr beschlossen.",
    "Der Plan sieht vierzig neue Busse vor und weitet den Nachtverkehr bis zum nächsten Frühjahr auf die nördlichen Vororte aus.",
    "Mitglieder der Opposition sagten, das Geld wäre besser in die Reparatur der alten Straßenbahnlinien im Zentrum investiert.",
    "Der Bürgermeister entgegnete, die Busse könnten schnell gekauft werden, während die Reparatur der Straßenbahn mehrere Jahre dauern würde.",
    "Die Ticketpreise bleiben vorerst gleich, obwohl der Rat sie im nächsten Jahr erneut prüfen könnte.",
    "Bewohner der nördlichen Vororte beklagen sich seit Jahren, dass der letzte Bus viel zu früh abfährt.",
]
ZH = [
    "市议会周二晚上经过长时间辩论，批准了一项新的公共交通预算。",
    "该计划将增加四十辆新公交车，并在明年春天前把夜间服务延伸到北部郊区。",
    "反对派议员表示，这笔钱最好用于修复市中心的旧有轨电车线路。",
    "市长回应说，公交车可以很快购买，而有轨电车的维修则需要好几年。",
    "票价暂时保持不变，不过市议会明年可能会再次审查。",
    "北部郊区的居民多年来一直抱怨末班车发车太早。",
]
DE_CUT = "Der Bürgermeister sagte, die Busse könnten schnell gekauft werden."
ZH_CUT = "市长回应说，公交车可以很快购买。"
SHORT_EN = "The mayor replied on Tuesday."  # under twelve words: never told by its length


def _with(units, k, text):
    out = list(units)
    out[k] = text
    return out


@pytest.mark.parametrize(
    "lang, original, copy, flagged",
    [
        ("de", EN, _with(DE, 3, DE_CUT), [3]),  # half of a sentence gone, the others whole
        ("zh", EN, _with(ZH, 3, ZH_CUT), [3]),  # Chinese: letters counted per character
        ("de", EN, DE, []),  # an even document
        ("zh", EN, ZH, []),
        ("de", EN[:4], _with(DE[:4], 3, DE_CUT), []),  # four units: no typical length to tell
        ("de", _with(EN, 3, SHORT_EN), _with(DE, 3, "Der Bürgermeister."), []),  # a short original
        ("de", EN + [EN[1]], _with(DE, 3, DE_CUT) + [EN[1]], [3]),  # a sentence left in English: not a unit of the ratio
    ],
)
def test_a_much_shorter_unit_gets_a_minor_omission(lang, original, copy, flagged):
    judged = XlingJudge("en", lang).judge_many([(o, c, 0.6) for o, c in zip(original, copy)])
    got = [k for k, j in enumerate(judged) if any(f.rule == "xling.shorter" for f in j.findings)]
    assert got == flagged
    for k in flagged:
        (f,) = [f for f in judged[k].findings if f.rule == "xling.shorter"]
        assert (f.kind, f.severity) == ("omission", "minor")
        assert (judged[k].label, judged[k].severity) == ("drift", "minor")
        assert f.original_span == (0, len(original[k])) and f.copy_span == (0, len(copy[k]))
        assert "shorter" in f.message and "%" in f.message


def test_one_pair_alone_is_never_told_by_length():
    assert XlingJudge("en", "de").judge(EN[3], DE_CUT, 0.6).findings == ()
