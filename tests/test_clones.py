"""A town's N-Quads rendered as another town's (benchmarks/clones.py): every name, slug and
hash renamed the same way throughout, nothing else changed."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from benchmarks.clones import Template, clones

BASE = "https://w3id.org/plankg/id/"
SHA = hashlib.sha256(b"report").hexdigest()


def town_quads(name: str, slug: str) -> bytes:
    doc = ox.NamedNode(f"{BASE}document/{SHA[:20]}")
    agent = ox.NamedNode(f"{BASE}agent/{slug}/person/mueller")
    measure = ox.NamedNode(f"{BASE}measure/{slug}-integrationskonzept/0a1b2c3d4e5f")
    pk = "https://w3id.org/plankg/ontology#"
    quads = [
        ox.Quad(doc, ox.NamedNode(f"{pk}sha256"), ox.Literal(SHA), doc),
        ox.Quad(doc, ox.NamedNode("http://purl.org/dc/terms/title"),
                ox.Literal(f"Integrationskonzept {name}", language="de"), doc),
        ox.Quad(measure, ox.NamedNode(f"{pk}responsibleAgent"), agent, doc),
        ox.Quad(agent, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal("Müller"), doc),
    ]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_a_clone_renames_the_town_and_its_hashes_consistently() -> None:
    data = town_quads("Bad Lindweiler", "bad-lindweiler")
    template = Template.scan(data, "Bad Lindweiler")
    clone = template.render(2)
    quads = list(ox.parse(clone, ox.RdfFormat.N_QUADS))
    assert len(quads) == 4 and b"bad-lindweiler/" not in clone
    assert b"bad-lindweiler-2/" in clone and b'"Integrationskonzept Bad Lindweiler 2"@de' in clone
    (sha,) = [q.object.value for q in quads if q.predicate.value.endswith("#sha256")]
    assert sha != SHA and quads[0].graph_name.value == f"{BASE}document/{sha[:20]}"
    assert b'"M\\u00fcller"' in clone or "Müller".encode() in clone  # people keep their names
    assert template.render(2) == clone != template.render(3)


def test_clones_take_turns_over_the_templates() -> None:
    templates = [Template.scan(town_quads(n, s), n) for n, s in
                 (("Oberrotbach", "oberrotbach"), ("Rosenweiler", "rosenweiler"))]
    rendered = list(clones(templates, 4))
    assert [b"oberrotbach-1/" in r for r in rendered] == [True, False, False, False]
    assert b"rosenweiler-2/" in rendered[3] and len(set(rendered)) == 4
