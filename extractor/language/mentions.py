"""The pieces of a who-cell the actor rules work with: mentions, parentheses, role
phrases, and the Agent a mention becomes (used by actors.ActorRecognizer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Agent, Responsibility
from ..name_tables import given_names
from . import lexicon as lx

CAP_WORD = r"^[A-ZÄÖÜ][a-zäöüßéèA-ZÄÖÜ]+(?:-[A-ZÄÖÜ]?[a-zäöüßA-ZÄÖÜ]+)*$"
NOT_NAME = sorted(
    lx.NOT_NAMES | lx.UNIT_WORDS | lx.UNIT_HEADS | lx.GROUP_NOUNS | lx.OFFICES
    | {o.lower() for o in lx.KNOWN_ORGANISATIONS}
)
NOT_NAME_SET = set(NOT_NAME)
KINDS = {"PERSON": "person", "UNIT": "unit", "ORG": "organization", "GROUP": "group"}


@dataclass
class Mention:
    span: Span
    label: str  # PERSON, UNIT, ORG, GROUP

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


_ABSTRACT = ("heit", "keit", "ung", "ion", "schaft", "tät", "wesen", "recht")
_LINKED = re.compile(r"\b(?:für|der|des|von|im|mit)\b")
_NO_DEFAULT = lx.NOT_NAMES | lx.COMMENT_MARKERS | {
    "offen", "keine", "keiner", "alle", "entfällt", "n.n.", "nn", "tbd", "noch", "siehe",
    "extern", "intern", "ja", "nein", "div.", "diverse", "verschiedene", "mehrere"}


_MEMO = "plankg_memo"


def memo(doc: Doc, key: str, make):
    """``make(doc)`` once per doc: the actor rules ask for the same tokens, text, matches
    and parentheses many times, and spaCy builds a new Token object at every iteration."""
    memos = doc.user_data.setdefault(_MEMO, {})
    if key not in memos:
        memos[key] = make(doc)
    return memos[key]


def remember_text(doc: Doc, text: str) -> None:
    """The doc's text as made from (spaCy keeps it exactly; ``doc.text`` rebuilds it)."""
    doc.user_data.setdefault(_MEMO, {})["text"] = text


def forget(doc: Doc) -> None:
    """Drop the doc's memos (its token list refers back to the doc)."""
    doc.user_data.pop(_MEMO, None)


def tokens_of(doc: Doc) -> list[Token]:
    return memo(doc, "tokens", list)


def text_of(doc: Doc) -> str:
    return memo(doc, "text", lambda d: d.text)


def _word_annotations(doc: Doc) -> list[tuple[int, str, str]]:
    return [(t.idx, t.tag_, t.lemma_) for t in tokens_of(doc) if not t.is_punct]


def tags_and_lemmas(doc: Doc, start: int, end: int
                     ) -> tuple[list[str] | None, list[str] | None]:
    """Tags and lemmas of the words (as kinds.classify splits them) inside [start, end)."""
    words = [w for w in memo(doc, "words", _word_annotations) if start <= w[0] < end]
    tags = [w[1] for w in words] if memo(doc, "has_tags", _has_tags) else None
    lemmas = [w[2] for w in words] if memo(doc, "has_lemmas", _has_lemmas) else None
    return tags, lemmas


def _has_tags(doc: Doc) -> bool:
    return doc.has_annotation("TAG")


def _has_lemmas(doc: Doc) -> bool:
    return doc.has_annotation("LEMMA")


def continues(previous: str, piece: str, kind, separator: str | None) -> bool:
    """Is ``piece`` the tail of a longer name ("Amt für Grünflächen, Umwelt und …")?"""
    first = piece.split()[0] if piece.split() else ""
    if piece[:1] == "-" or (first.islower() and kind is None):
        return True  # "Stadtentwicklung/ -planung", a lower-case tail ("sMArt" is a name)
    if piece.strip().casefold() in lx.LEGAL_FORMS or piece.strip() in ("e. V.", "e.V."):
        return True  # "sMArt City Mannheim • GmbH": a legal form cut off by a line break
    if (separator == "word" and kind is None and " " not in piece.strip()
            and piece.strip().lower().endswith(_ABSTRACT)):
        return True  # "Bürgerservice und Sicherheit": one office named by two subjects
    if separator not in ("punct", "word") or (kind is not None and kind.strong):
        return False
    return bool(_LINKED.search(previous)) and len(piece.split()) <= 2


def default_label(span: Span, inside: list[Span]) -> str | None:
    """A short capitalised name no rule knows ("Fraunhofer"): an organisation by name."""
    if inside:
        return None
    words = [t for t in span if t.is_alpha]
    if not words or any(t.lower_ in _NO_DEFAULT for t in words):
        return None
    if not all(t.text[:1].isupper() or t.lower_ in ("für", "und", "der", "des") for t in words):
        return None
    if span.doc.has_annotation("TAG") and any(t.tag_ not in ("NN", "NE", "FM", "XY", "TRUNC")
                                               for t in words if t.text[:1].isupper()):
        return None
    return "ORG"


def proper_name_runs(doc: Doc) -> list[Span]:
    """Two or three adjacent proper nouns (STTS ``NE``) read as given and family name.

    Tags come from a statistical model or HanTa; "Boris Kühn" needs no honorific then.
    """
    runs: list[Span] = []
    start = None
    given = given_names()
    for tok in [*doc, None]:
        # A known given name counts whatever the tagger made of it ("Isabel" as NN).
        is_name = (tok is not None and (tok.tag_ == "NE" or _given_before_name(tok, given))
                   and re.match(CAP_WORD, tok.text) and tok.lower_ not in NOT_NAME_SET)
        if is_name and start is None:
            start = tok.i
        elif not is_name and start is not None:
            end = tok.i if tok is not None else len(doc)
            if 2 <= end - start <= 3:
                runs.append(Span(doc, start, end, label="PERSON"))
            start = None
    return runs


def _given_before_name(tok, given: frozenset[str]) -> bool:
    """A given name right before a capitalised word ("Jennifer Laue"), or the family name
    right after one."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prev = doc[tok.i - 1] if tok.i else None
    if tok.lower_ in given and nxt is not None and re.match(CAP_WORD, nxt.text):
        return True
    return prev is not None and prev.lower_ in given and (
        prev.i == 0 or not re.match(CAP_WORD, doc[prev.i - 1].text))


def paren_groups(doc: Doc) -> dict[int, tuple[int, int]]:
    """Map the index of each top-level "(" to (open, close) token indices."""
    return memo(doc, "parens", _paren_groups)


def _paren_groups(doc: Doc) -> dict[int, tuple[int, int]]:
    groups: dict[int, tuple[int, int]] = {}
    stack: list[int] = []
    for tok in tokens_of(doc):
        if tok.text == "(":
            stack.append(tok.i)
        elif tok.text == ")" and stack:
            start = stack.pop()
            if not stack:
                groups[start] = (start, tok.i)
    return groups


def depth_at(groups: dict[int, tuple[int, int]], i: int) -> tuple[int, int] | None:
    for open_, close in groups.values():
        if open_ < i < close:
            return (open_, close)
    return None


def bare_word_before(doc: Doc, open_index: int) -> str | None:
    if open_index == 0:
        return None
    tok = doc[open_index - 1]
    if tok.is_alpha and tok.text[0].isupper():
        return tok.text
    return None


def is_bare_area_word(doc: Doc, i: int) -> bool:
    tokens = tokens_of(doc)
    return i + 1 < len(tokens) and tokens[i + 1].text == "(" and tokens[i].text[:1].isupper()


def looks_like_role(text: str) -> bool:
    last = text.split()[-1].lower() if text.split() else ""
    return last.endswith(lx.ROLE_SUFFIXES) or last in lx.OFFICES or not text[:1].isupper()


def clean_role(text: str) -> str:
    return text.strip().rstrip(":").strip()


def office_of(span: Span) -> str | None:
    first = span[0].lower_
    return span[0].text if first in lx.OFFICES else None


def agent_of(mention: Mention) -> Agent:
    """The Agent record for a mention; labels normalised ("Integrations- Management")."""
    span = mention.span
    kind = KINDS[mention.label]
    char_span = (span.start_char, span.end_char)
    if kind == "person":
        tokens = list(span)
        honorific = None
        if tokens and tokens[0].lower_ in lx.HONORIFICS:
            honorific = lx.HONORIFICS[tokens.pop(0).lower_]
        if tokens and tokens[0].lower_ in lx.OFFICES:
            tokens.pop(0)
            if tokens and tokens[0].lower_ in lx.HONORIFICS:
                honorific = lx.HONORIFICS[tokens.pop(0).lower_]
        names = [t.text for t in tokens if t.lower_ not in lx.ACADEMIC_TITLES]
        family = names[-1] if names else span.text
        given = " ".join(names[:-1]) or None
        return Agent("person", label=family, family_name=family, given_name=given,
                     honorific=honorific, span=char_span)
    label = span.text
    if kind == "unit" and label.split()[0].endswith("-") and len(span) == 2:
        label = span[0].text[:-1] + span[1].lower_  # "Integrations- Management"
    label = re.sub(r"\s*-\s*(?=\d)", "-", label)  # "Sachgebiet 1 - 4" -> "Sachgebiet 1-4"
    label = re.sub(r"\s*[•·▪]\s*", " ", label)  # a bullet a line break left inside a name
    if kind == "unit" and label.lower() == "integrationsmanagement":
        label = "Integrationsmanagement"
    return Agent(kind, label=label, span=char_span)


def dedupe(result: list[Responsibility]) -> list[Responsibility]:
    seen: dict[tuple, Responsibility] = {}
    for resp in result:
        a = resp.agent
        key = (a.kind, a.family_name or a.label.lower(), a.given_name)
        if key in seen:
            seen[key].role = seen[key].role or resp.role
            continue
        seen[key] = resp
    return list(seen.values())
