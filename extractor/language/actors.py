"""Actors in a "Wer?" cell: persons, administration units, organisations and groups.

The rules read the cell as a sequence of mentions with parentheses and role phrases
around them, the way these tables are written:

    H. Hägele (Pädagogische Gesamtleitung) H. Kühn       two persons, a role for one
    Fr. Aydin (Stabsstelle Integration)                   a person, member of a unit
    Sachgebiet 1-4 lädt ein                               a unit and its role
    Fr. Metz (Gemeinwesenarbeit) Unterstützend: Bürger für Bästehardt u.a.

A statistical pipeline adds persons and organisations its NER finds that no rule did.
A cell that mostly comments ("In Steuerungskreis und Verwaltung umstritten; …") yields
no actors at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..model import Agent, Responsibility
from . import lexicon as lx
from .kinds import classify
from .segments import split_parts

_CAP_WORD = r"^[A-ZÄÖÜ][a-zäöüßéèA-ZÄÖÜ]+(?:-[A-ZÄÖÜ]?[a-zäöüßA-ZÄÖÜ]+)*$"
_NOT_NAME = sorted(
    lx.NOT_NAMES | lx.UNIT_WORDS | lx.UNIT_HEADS | lx.GROUP_NOUNS | lx.OFFICES
    | {o.lower() for o in lx.KNOWN_ORGANISATIONS}
)
_NAME = {"TEXT": {"REGEX": _CAP_WORD}, "LOWER": {"NOT_IN": _NOT_NAME}}
_NOT_NAME_SET = set(_NOT_NAME)
_NUMBER = {"TEXT": {"REGEX": r"^\d+(?:[.\-]\d+)*$"}}
_SUBJECT = {"TEXT": {"REGEX": _CAP_WORD}, "LOWER": {"NOT_IN": sorted(lx.NOT_NAMES)}}
_AMT = re.compile(r"^[a-zäöüß]+amt$")
KINDS = {"PERSON": "person", "UNIT": "unit", "ORG": "organization", "GROUP": "group"}


def _patterns() -> dict[str, list[list[dict]]]:
    hon = {"LOWER": {"IN": sorted(lx.HONORIFICS)}}
    acad = {"LOWER": {"IN": sorted(lx.ACADEMIC_TITLES)}, "OP": "*"}
    office = {"LOWER": {"IN": sorted(lx.OFFICES)}}
    head = {"LOWER": {"IN": sorted(lx.UNIT_HEADS)}}
    mods = {"LOWER": {"IN": sorted(lx.GROUP_MODIFIERS)}, "OP": "*"}
    group = {"LOWER": {"IN": sorted(lx.GROUP_NOUNS)}}
    group_or_sing = {"LOWER": {"IN": sorted(lx.GROUP_NOUNS | {"moschee", "kirche"})}}
    delegate = {"LOWER": {"IN": sorted(lx.DELEGATE_NOUNS)}}
    link = {"TEXT": {"IN": ["&", "und", ",", "/"]}}
    plural_n = [{"TEXT": "("}, {"LOWER": {"IN": ["n", "en", "e"]}}, {"TEXT": ")"}]
    return {
        "PERSON": [
            [hon, acad, _NAME, _NAME],
            [hon, acad, _NAME],
            [office, {"LOWER": {"IN": sorted(lx.HONORIFICS)}, "OP": "?"}, acad, _NAME],
        ],
        "UNIT": [
            [head, _NUMBER, {"TEXT": "-"}, _NUMBER],
            [head, _NUMBER],
            [head, _SUBJECT],
            [head, {"LOWER": "für"}, _SUBJECT, {"LOWER": "und"}, _SUBJECT],
            [head, {"LOWER": "für"}, _SUBJECT],
            [{"LOWER": {"IN": sorted(lx.UNIT_WORDS)}}],
            [{"TEXT": {"REGEX": r"^[A-ZÄÖÜ][a-zäöüß]+-$"}}, {"TEXT": {"REGEX": _CAP_WORD}}],
            [{"LOWER": {"REGEX": _AMT.pattern}, "TEXT": {"REGEX": r"^[A-ZÄÖÜ]"}}],
        ],
        "ORG": [
            [_SUBJECT, {"LOWER": "für"}, _SUBJECT],
            [{"LOWER": {"IN": sorted(lx.ORGANISATION_HEADS)}}, _SUBJECT, _SUBJECT],
            [{"LOWER": {"IN": sorted(lx.ORGANISATION_HEADS)}}, _SUBJECT],
            [_SUBJECT, {"LOWER": {"IN": ["e.v.", "e. v."]}}],
        ],
        "GROUP": [
            [mods, group],
            [delegate, {"LOWER": {"IN": ["von", "der", "aus"]}}, mods, group_or_sing, link,
             group_or_sing, *plural_n],
            [delegate, {"LOWER": {"IN": ["von", "der", "aus"]}}, mods, group_or_sing, link,
             group_or_sing],
            [delegate, {"LOWER": {"IN": ["von", "der", "aus"]}}, mods, group_or_sing],
        ],
    }


@dataclass
class _Mention:
    span: Span
    label: str  # PERSON, UNIT, ORG, GROUP

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


class ActorRecognizer:
    """Finds actors in a cell; shared by the spaCy component and direct callers."""

    def __init__(self, nlp: Language, use_ner: bool = True):
        self.use_ner = use_ner
        self.matcher = Matcher(nlp.vocab)
        for label, patterns in _patterns().items():
            self.matcher.add(label, patterns)
        self.orgs = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orgs.add("ORG", [nlp.make_doc(o) for o in lx.KNOWN_ORGANISATIONS])
        self.role_labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.role_labels.add("LABEL", [nlp.make_doc(p) for p in lx.ROLE_LABELS])
        self.role_verbs = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.role_verbs.add("VERB", [nlp.make_doc(p) for p in lx.ROLE_VERBS])

    # -- mentions -------------------------------------------------------------------
    def mentions(self, doc: Doc) -> list[_Mention]:
        spans = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc, as_spans=False)
                 for m in [doc.vocab.strings[m]]]
        spans += [Span(doc, s, e, label="ORG") for _, s, e in self.orgs(doc)]
        spans = [s for s in spans if self._plausible(s)]
        if doc.has_annotation("TAG"):
            spans += _proper_name_runs(doc)
        if self.use_ner and doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if ent.label_ in ("PER", "PERSON") and len(ent) >= 1:
                    spans.append(Span(doc, ent.start, ent.end, label="PERSON"))
                elif ent.label_ == "ORG":
                    spans.append(Span(doc, ent.start, ent.end, label="ORG"))
        spans += self._part_spans(doc, spans)
        # Rules first: filter_spans keeps the longest, and the earliest on ties.
        return [_Mention(s, s.label_) for s in filter_spans(spans)]

    def _part_spans(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Whole parts of the cell's list, each with the kind its head word gives.

        A part that holds two mentions already ("H. Kühn Fr. Schott") or parentheses or
        a role phrase is left to the mention rules; a part the rules read only in pieces
        ("DRK Kreisverband" where they see "DRK") becomes one mention.
        """
        text = doc.text
        labels = {doc[s].idx: doc[e - 1].idx + len(doc[e - 1]) for _, s, e in self.role_labels(doc)}
        merged: list[list] = []
        for part in split_parts(text):
            start = part.start
            if start in labels:  # "Federführung: Amt 61" -> "Amt 61"
                start = labels[start]
                while start < part.end and text[start] in " :\t":
                    start += 1
            piece = text[start:part.end]
            kind = classify(piece, *_tags_and_lemmas(doc, start, part.end),
                            tables=getattr(doc._, "references", None))
            if merged and _continues(text[merged[-1][0]:merged[-1][1]], piece, kind,
                                     part.separator):
                merged[-1][1] = part.end
                continue
            merged.append([start, part.end, kind])
        spans = []
        for start, end, kind in merged:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span) or not self._clean_part(doc, span):
                continue
            inside = list({(s.start, s.end): s for s in found
                           if s.start >= span.start and s.end <= span.end}.values())
            if len(inside) > 1:
                continue
            label = kind.label if kind else _default_label(span, inside)
            if label:
                spans.append(Span(doc, span.start, span.end, label=label))
        return spans

    def _clean_part(self, doc: Doc, span: Span) -> bool:
        if len(span) > 8 or any(t.text in "()[]" for t in span):
            return False
        if any(t.lower_ in lx.COMMENT_MARKERS for t in span):
            return False
        for matcher in (self.role_labels, self.role_verbs):
            if any(span.start <= s < span.end for _, s, _ in matcher(doc)):
                return False
        # "interessierte Firmen", "cyberForum": a lower-case start needs a capital inside.
        return any(ch.isupper() or ch.isdigit() for ch in span.text)

    @staticmethod
    def _plausible(span: Span) -> bool:
        first = span[0].lower_
        if span.label_ == "UNIT" and len(span) == 1 and first in lx.NOT_UNITS:
            return False
        if span.label_ == "UNIT" and first.endswith("-") and len(span) == 2:
            return (first[:-1] + span[1].lower_) in lx.UNIT_WORDS
        if span.label_ == "PERSON" and first == "h." and span.start > 0:
            return span.doc[span.start - 1].lower_ != "i."  # "i. H. v." is an amount
        return True

    # -- responsibilities ---------------------------------------------------------------
    def responsibilities(self, doc: Doc, mentions: list[_Mention] | None = None
                         ) -> list[Responsibility]:
        """Who is responsible, with roles and memberships; nothing for a comment cell."""
        mentions = self.mentions(doc) if mentions is None else mentions
        if not mentions or self.is_comment(doc, mentions):
            return []
        groups = _paren_groups(doc)
        labels = [(s, e) for _, s, e in self.role_labels(doc)]
        verbs = [(s, e) for _, s, e in self.role_verbs(doc)]
        result: list[Responsibility] = []
        current_role: str | None = None
        i = 0
        top = [m for m in mentions if _depth_at(groups, m.start) is None]
        label_starts = {s: e for s, e in labels}
        while i < len(doc):
            if i in label_starts and _depth_at(groups, i) is None:
                current_role = _clean_role(doc[i:label_starts[i]].text)
                i = label_starts[i]
                continue
            if doc[i].text == ";":
                current_role = None
            mention = next((m for m in top if m.start == i), None)
            if mention is not None:
                resp = Responsibility(agent_of(mention), current_role or _office_of(mention.span))
                result.append(resp)
                after = mention.end
                if after < len(doc) and doc[after].text == "(" and after in groups:
                    resp.role = self._attach_paren(doc, resp.agent, mention, groups[after],
                                                   mentions, result, resp.role)
                    after = groups[after][1] + 1
                verb = next(((s, e) for s, e in verbs if s == after and s not in label_starts),
                            None)
                if verb is not None:
                    resp.role = _clean_role(doc[verb[0]:verb[1]].text)
                i = after
                continue
            if doc[i].text == "(" and i in groups:
                # A bare word before parentheses names the area the persons inside work in:
                # "Vermietung (Fr. Mainhardt-Baum)".
                close = groups[i][1]
                role = _bare_word_before(doc, i) or current_role
                inside = [m for m in mentions if i < m.start < close]
                units = [m for m in inside if m.label in ("UNIT", "ORG")]
                persons = [m for m in inside if m.label == "PERSON"]
                unit = agent_of(units[0]) if persons and len(units) == 1 else None
                for m in inside:
                    if unit is not None and m.label in ("UNIT", "ORG"):
                        continue
                    agent = agent_of(m)
                    if m.label == "PERSON" and unit is not None:
                        agent.member_of = unit
                    result.append(Responsibility(agent, role))
                i = close + 1
                continue
            i += 1
        return _dedupe(result)

    def _attach_paren(self, doc: Doc, agent: Agent, mention: _Mention, paren: tuple[int, int],
                      mentions: list[_Mention], result: list[Responsibility], role: str | None
                      ) -> str | None:
        """Read the parentheses after a mention; return the mention's role."""
        open_, close = paren
        inner = doc[open_ + 1:close]
        inside = [m for m in mentions if open_ < m.start < close]
        labels = [(s, e) for _, s, e in self.role_labels(doc) if open_ < s < close]
        if labels:
            # "(in Absprache mit Sachgebiet 1-4)": the agents inside get that role.
            inner_role = _clean_role(doc[labels[0][0]:labels[0][1]].text)
            for m in inside:
                result.append(Responsibility(agent_of(m), inner_role))
            return role
        if mention.label == "PERSON":
            units = [m for m in inside if m.label in ("UNIT", "ORG")]
            if units and not any(m.label == "PERSON" for m in inside):
                agent.member_of = agent_of(units[0])
                return role
            if not inside:
                text = inner.text.strip()
                if _looks_like_role(text):
                    return text
                if text and text[0].isupper():
                    agent.member_of = Agent(kind="organization", label=text)
                    return role
                return role
        for m in inside:
            inner_agent = agent_of(m)
            if m.label == "PERSON" and mention.label in ("UNIT", "ORG"):
                inner_agent.member_of = agent
                office = _office_of(m.span)
                result.append(Responsibility(inner_agent, office))
            else:
                result.append(Responsibility(inner_agent, None))
        return role

    def is_comment(self, doc: Doc, mentions: list[_Mention]) -> bool:
        """A cell mostly made of words that are neither actors nor role phrases."""
        words = [t for t in doc if t.is_alpha or "*" in t.text or "-" in t.text]
        if not mentions:
            return len(words) >= 4
        if len(words) <= 6:
            return False
        covered = set()
        for m in mentions:
            covered.update(range(m.start, m.end))
        for matcher in (self.role_labels, self.role_verbs):
            for _, s, e in matcher(doc):
                covered.update(range(s, e))
        markers = sum(1 for t in doc if t.lower_ in lx.COMMENT_MARKERS)
        connectors = {"und", "sowie", "mit", "aus", "den", "der", "u.a.", "bereichen"}
        uncovered = [t for t in words if t.i not in covered and t.lower_ not in connectors
                     and not _is_bare_area_word(doc, t.i)]
        return markers >= 2 or len(uncovered) > 0.5 * len(words)


# -- helpers -----------------------------------------------------------------------------
_LINKED = re.compile(r"\b(?:für|der|des|von|im|mit)\b")
_NO_DEFAULT = lx.NOT_NAMES | lx.COMMENT_MARKERS | {
    "offen", "keine", "keiner", "alle", "entfällt", "n.n.", "nn", "tbd", "noch", "siehe",
    "extern", "intern", "ja", "nein", "div.", "diverse", "verschiedene", "mehrere"}


def _tags_and_lemmas(doc: Doc, start: int, end: int
                     ) -> tuple[list[str] | None, list[str] | None]:
    """Tags and lemmas of the words (as kinds.classify splits them) inside [start, end)."""
    tokens = [t for t in doc if start <= t.idx < end and not t.is_punct]
    tags = [t.tag_ for t in tokens] if doc.has_annotation("TAG") else None
    lemmas = [t.lemma_ for t in tokens] if doc.has_annotation("LEMMA") else None
    return tags, lemmas


def _continues(previous: str, piece: str, kind, separator: str | None) -> bool:
    """Is ``piece`` the tail of a longer name ("Amt für Grünflächen, Umwelt und …")?"""
    if piece[:1].islower() or piece[:1] == "-":
        return True
    if separator not in ("punct", "word") or (kind is not None and kind.strong):
        return False
    return bool(_LINKED.search(previous)) and len(piece.split()) <= 2


def _default_label(span: Span, inside: list[Span]) -> str | None:
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


def _proper_name_runs(doc: Doc) -> list[Span]:
    """Two or three adjacent proper nouns (STTS ``NE``) read as given and family name.

    Tags come from a statistical model or HanTa; "Boris Kühn" needs no honorific then.
    """
    runs: list[Span] = []
    start = None
    for tok in [*doc, None]:
        is_name = (tok is not None and tok.tag_ == "NE" and re.match(_CAP_WORD, tok.text)
                   and tok.lower_ not in _NOT_NAME_SET)
        if is_name and start is None:
            start = tok.i
        elif not is_name and start is not None:
            end = tok.i if tok is not None else len(doc)
            if 2 <= end - start <= 3:
                runs.append(Span(doc, start, end, label="PERSON"))
            start = None
    return runs


def _paren_groups(doc: Doc) -> dict[int, tuple[int, int]]:
    """Map the index of each top-level "(" to (open, close) token indices."""
    groups: dict[int, tuple[int, int]] = {}
    stack: list[int] = []
    for tok in doc:
        if tok.text == "(":
            stack.append(tok.i)
        elif tok.text == ")" and stack:
            start = stack.pop()
            if not stack:
                groups[start] = (start, tok.i)
    return groups


def _depth_at(groups: dict[int, tuple[int, int]], i: int) -> tuple[int, int] | None:
    for open_, close in groups.values():
        if open_ < i < close:
            return (open_, close)
    return None


def _bare_word_before(doc: Doc, open_index: int) -> str | None:
    if open_index == 0:
        return None
    tok = doc[open_index - 1]
    if tok.is_alpha and tok.text[0].isupper():
        return tok.text
    return None


def _is_bare_area_word(doc: Doc, i: int) -> bool:
    return i + 1 < len(doc) and doc[i + 1].text == "(" and doc[i].text[:1].isupper()


def _looks_like_role(text: str) -> bool:
    last = text.split()[-1].lower() if text.split() else ""
    return last.endswith(lx.ROLE_SUFFIXES) or last in lx.OFFICES or not text[:1].isupper()


def _clean_role(text: str) -> str:
    return text.strip().rstrip(":").strip()


def _office_of(span: Span) -> str | None:
    first = span[0].lower_
    return span[0].text if first in lx.OFFICES else None


def agent_of(mention: _Mention) -> Agent:
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
    if kind == "unit" and label.lower() == "integrationsmanagement":
        label = "Integrationsmanagement"
    return Agent(kind, label=label, span=char_span)


def _dedupe(result: list[Responsibility]) -> list[Responsibility]:
    seen: dict[tuple, Responsibility] = {}
    for resp in result:
        a = resp.agent
        key = (a.kind, a.family_name or a.label.lower(), a.given_name)
        if key in seen:
            seen[key].role = seen[key].role or resp.role
            continue
        seen[key] = resp
    return list(seen.values())
