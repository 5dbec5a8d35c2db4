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

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..model import Agent, Responsibility
from . import lexicon as lx
from .kinds import classify
from .matcher_gate import MatcherGate
from .mentions import (
    CAP_WORD,
    NOT_NAME,
    Mention,
    agent_of,
    bare_word_before,
    clean_role,
    continues,
    dedupe,
    default_label,
    depth_at,
    forget,
    is_bare_area_word,
    looks_like_role,
    memo,
    office_of,
    paren_groups,
    proper_name_runs,
    tags_and_lemmas,
    text_of,
    tokens_of,
)
from .segments import split_parts, trim

_NAME = {"TEXT": {"REGEX": CAP_WORD}, "LOWER": {"NOT_IN": NOT_NAME}}
_NUMBER = {"TEXT": {"REGEX": r"^\d+(?:[.\-]\d+)*$"}}
_SUBJECT = {"TEXT": {"REGEX": CAP_WORD}, "LOWER": {"NOT_IN": sorted(lx.NOT_NAMES)}}
_AMT = re.compile(r"^[a-zäöüß]+amt$")


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
            [{"TEXT": {"REGEX": r"^[A-ZÄÖÜ][a-zäöüß]+-$"}}, {"TEXT": {"REGEX": CAP_WORD}}],
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


def _one_name_with_legal_form(before, piece: str, separator: str | None) -> bool:
    """"Kind und Beruf e. V.": a legal form after "und" names the whole, when the word
    before "und" is no party of its own."""
    return (separator == "word" and before is None
            and bool(re.search(r"(?:\be\.\s?V\.|\bg?gmbh|\bg?ag)$", piece, re.IGNORECASE)))


def _before_annotation(text: str, start: int, end: int) -> int:
    """Where a part's name ends before its parentheses: "PIA (in der Einzelumsetzung …)" is
    the party "PIA"; what the parentheses hold is read by the mention rules."""
    paren = text.find("(", start, end)
    if paren <= start or text.rfind(")", paren, end) == -1:
        return end
    tail = text[text.rfind(")", paren, end) + 1:end].strip(" \t\n.,;")
    return paren if not tail else end  # "Kita (Neubau) Süd" keeps its whole name
def _after_task_prefix(text: str, start: int, end: int) -> int:
    """Where the parties begin in "Solar advice: Klimaschutzagentur …": after a colon whose
    prefix names a task rather than an actor (the prefix is role text, never an agent)."""
    colon = text.find(":", start, end)
    if colon < start or (colon + 1 < end and not text[colon + 1].isspace()):
        return start
    prefix = text[start:colon]
    if prefix[:1].isupper() and classify(prefix) is not None:
        return start  # "Amt 61: …" names a party before its colon
    start = colon + 1
    while start < end and text[start].isspace():
        start += 1
    return start


class ActorRecognizer:
    """Finds actors in a cell; shared by the spaCy component and direct callers."""

    def __init__(self, nlp: Language, use_ner: bool = True):
        self.use_ner = use_ner
        self.matcher = Matcher(nlp.vocab)
        for label, patterns in _patterns().items():
            self.matcher.add(label, patterns)
        self.gate = MatcherGate([p for patterns in _patterns().values() for p in patterns])
        self.orgs = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orgs.add("ORG", [nlp.make_doc(o) for o in lx.KNOWN_ORGANISATIONS])
        self.role_labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.role_labels.add("LABEL", [nlp.make_doc(p) for p in lx.ROLE_LABELS])
        self.role_verbs = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.role_verbs.add("VERB", [nlp.make_doc(p) for p in lx.ROLE_VERBS])

    def labels(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Role labels ("Federführung:") of the doc, matched once."""
        return memo(doc, "role_labels", self.role_labels)

    def verbs(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Role verbs ("lädt ein") of the doc, matched once."""
        return memo(doc, "role_verbs", self.role_verbs)

    def read(self, doc: Doc) -> tuple[list[Mention], bool, list[Responsibility]]:
        """Mentions, whether the cell is a comment, and its responsibilities, at once."""
        found = self.mentions(doc)
        comment = self.is_comment(doc, found)
        responsibilities = self.responsibilities(doc, found, comment=comment)
        forget(doc)
        return found, comment, responsibilities

    # -- mentions -------------------------------------------------------------------
    def mentions(self, doc: Doc) -> list[Mention]:
        matches = (self.matcher(doc, as_spans=False)
                   if self.gate.may_match(doc, tokens_of(doc)) else [])
        spans = [Span(doc, s, e, label=m) for m, s, e in matches
                 for m in [doc.vocab.strings[m]]]
        spans += [Span(doc, s, e, label="ORG") for _, s, e in self.orgs(doc)]
        spans = [s for s in spans if self._plausible(s)]
        if doc.has_annotation("TAG"):
            spans += proper_name_runs(doc)
        if self.use_ner and doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if ent.label_ in ("PER", "PERSON") and len(ent) >= 1:
                    spans.append(Span(doc, ent.start, ent.end, label="PERSON"))
                elif ent.label_ == "ORG":
                    spans.append(Span(doc, ent.start, ent.end, label="ORG"))
        spans += self._part_spans(doc, spans)
        # Rules first: filter_spans keeps the longest, and the earliest on ties.
        return [Mention(s, s.label_) for s in filter_spans(spans)]

    def _part_spans(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Whole parts of the cell's list, each with the kind its head word gives.

        A part that holds two mentions already ("H. Kühn Fr. Schott") or parentheses or
        a role phrase is left to the mention rules; a part the rules read only in pieces
        ("DRK Kreisverband" where they see "DRK") becomes one mention.
        """
        text = text_of(doc)
        tokens = tokens_of(doc)
        labels = {tokens[s].idx: tokens[e - 1].idx + len(tokens[e - 1])
                  for _, s, e in self.labels(doc)}
        merged: list[list] = []
        for part in split_parts(text):
            start = part.start
            if start in labels:  # "Federführung: Amt 61" -> "Amt 61"
                start = labels[start]
                while start < part.end and text[start] in " :\t":
                    start += 1
            start, end = trim(text, _after_task_prefix(text, start, part.end), part.end)
            cut = _before_annotation(text, start, end)
            if not any(s.label_ == "PERSON" and cut <= s.start_char < end for s in found):
                end = cut  # "Vermietung (Fr. Mainhardt-Baum)" is an area, left to the rules
            if start >= end:
                continue
            piece = text[start:end]
            kind = classify(piece, *tags_and_lemmas(doc, start, end),
                            tables=getattr(doc._, "references", None))
            if merged and (continues(text[merged[-1][0]:merged[-1][1]], piece, kind,
                                      part.separator)
                           or _one_name_with_legal_form(merged[-1][2], piece, part.separator)):
                merged[-1][1] = end
                whole = classify(text[merged[-1][0]:end],
                                 tables=getattr(doc._, "references", None))
                merged[-1][2] = whole or merged[-1][2]  # "sMArt City Mannheim • GmbH"
                continue
            merged.append([start, end, kind])
        spans = []
        for start, end, kind in merged:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span) or not self._clean_part(doc, span, kind):
                continue
            inside = list({(s.start, s.end): s for s in found
                           if s.start >= span.start and s.end <= span.end}.values())
            if len(inside) > 1:
                continue
            label = kind.label if kind else default_label(span, inside)
            if label:
                spans.append(Span(doc, span.start, span.end, label=label))
        return spans

    def _clean_part(self, doc: Doc, span: Span, kind=None) -> bool:
        if len(span) > 8 or any(t.text in "()[]" for t in span):
            return False
        if any(t.lower_ in lx.COMMENT_MARKERS for t in span):
            return False
        for matches in (self.labels(doc), self.verbs(doc)):
            if any(span.start <= s < span.end for _, s, _ in matches):
                return False
        # "interessierte Firmen", "cyberForum": a lower-case start needs a capital inside;
        # an English plan writes its collectives in lower case ("energy companies").
        return any(ch.isupper() or ch.isdigit() for ch in span.text) or (
            kind is not None and kind.label == "GROUP")

    @staticmethod
    def _task_prefixes(doc: Doc) -> set[int]:
        """Token indices of task prefixes ("Solar advice:") in front of parties."""
        out: set[int] = set()
        text = text_of(doc)
        for part in split_parts(text):
            begin = _after_task_prefix(text, part.start, part.end)
            if begin > part.start:
                out.update(t.i for t in tokens_of(doc) if part.start <= t.idx < begin)
        return out

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
    def responsibilities(self, doc: Doc, mentions: list[Mention] | None = None, *,
                         comment: bool | None = None) -> list[Responsibility]:
        """Who is responsible, with roles and memberships; nothing for a comment cell
        (``comment``: whether it is one, when the caller knows already)."""
        mentions = self.mentions(doc) if mentions is None else mentions
        if not mentions:
            return []
        if comment if comment is not None else self.is_comment(doc, mentions):
            return []
        groups = paren_groups(doc)
        tokens = tokens_of(doc)
        labels = [(s, e) for _, s, e in self.labels(doc)]
        verbs = [(s, e) for _, s, e in self.verbs(doc)]
        result: list[Responsibility] = []
        current_role: str | None = None
        i = 0
        top = [m for m in mentions if depth_at(groups, m.start) is None]
        label_starts = {s: e for s, e in labels}
        while i < len(doc):
            if i in label_starts and depth_at(groups, i) is None:
                current_role = clean_role(doc[i:label_starts[i]].text)
                i = label_starts[i]
                continue
            if tokens[i].text == ";":
                current_role = None
            mention = next((m for m in top if m.start == i), None)
            if mention is not None:
                resp = Responsibility(agent_of(mention), current_role or office_of(mention.span))
                result.append(resp)
                after = mention.end
                if after < len(doc) and tokens[after].text == "(" and after in groups:
                    resp.role = self._attach_paren(doc, resp.agent, mention, groups[after],
                                                   mentions, result, resp.role)
                    after = groups[after][1] + 1
                verb = next(((s, e) for s, e in verbs if s == after and s not in label_starts),
                            None)
                if verb is not None:
                    resp.role = clean_role(doc[verb[0]:verb[1]].text)
                i = after
                continue
            if tokens[i].text == "(" and i in groups:
                # A bare word before parentheses names the area the persons inside work in:
                # "Vermietung (Fr. Mainhardt-Baum)".
                close = groups[i][1]
                role = bare_word_before(doc, i) or current_role
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
        return dedupe(result)

    def _attach_paren(self, doc: Doc, agent: Agent, mention: Mention, paren: tuple[int, int],
                      mentions: list[Mention], result: list[Responsibility], role: str | None
                      ) -> str | None:
        """Read the parentheses after a mention; return the mention's role."""
        open_, close = paren
        inner = doc[open_ + 1:close]
        inside = [m for m in mentions if open_ < m.start < close]
        labels = [(s, e) for _, s, e in self.labels(doc) if open_ < s < close]
        if labels:
            # "(in Absprache mit Sachgebiet 1-4)": the agents inside get that role.
            inner_role = clean_role(doc[labels[0][0]:labels[0][1]].text)
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
                if looks_like_role(text):
                    return text
                if text and text[0].isupper():
                    agent.member_of = Agent(kind="organization", label=text)
                    return role
                return role
        for m in inside:
            inner_agent = agent_of(m)
            if m.label == "PERSON" and mention.label in ("UNIT", "ORG"):
                inner_agent.member_of = agent
                office = office_of(m.span)
                result.append(Responsibility(inner_agent, office))
            else:
                result.append(Responsibility(inner_agent, None))
        return role

    def is_comment(self, doc: Doc, mentions: list[Mention]) -> bool:
        """A cell mostly made of words that are neither actors nor role phrases."""
        tokens = tokens_of(doc)
        words = [t for t in tokens if t.is_alpha or "*" in t.text or "-" in t.text]
        if not mentions:
            return len(words) >= 4
        if len(words) <= 6:
            return False
        covered = set()
        for m in mentions:
            covered.update(range(m.start, m.end))
        for matches in (self.labels(doc), self.verbs(doc)):
            for _, s, e in matches:
                covered.update(range(s, e))
        covered.update(self._task_prefixes(doc))
        groups = paren_groups(doc)
        if any(depth_at(groups, m.start) is None for m in mentions):
            # Parentheses after a party annotate it: their words do not make a comment.
            words = [t for t in words if depth_at(groups, t.i) is None]
        markers = sum(1 for t in tokens if t.lower_ in lx.COMMENT_MARKERS)
        connectors = {"und", "sowie", "mit", "aus", "den", "der", "u.a.", "bereichen"}
        uncovered = [t for t in words if t.i not in covered and t.lower_ not in connectors
                     and not is_bare_area_word(doc, t.i)]
        return markers >= 2 or len(uncovered) > 0.5 * len(words)
