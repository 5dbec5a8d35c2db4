"""Many towns from a few: one extracted town's N-Quads as a template, rendered per clone.

A clone of town T is T's N-Quads with what sets two towns apart renamed: the town's name
and slug (in IRIs, file names, titles) and every hash in an IRI or a sha256, each hash
mapped the same way throughout (a document IRI keeps the first 20 digits of its new
sha256). The shape of the data (rows, agents, statuses, history) stays T's.

The file is scanned once (``Template``): it becomes literal pieces with a slot for every
name and hash in between, so rendering a clone is computing its few hundred distinct
replacements and one ``bytes.join`` — about 5 ms a town instead of the ~40 ms a regular
expression pass over the whole file took. ``emit`` streams clones of several templates to
a pipe, so a store's bulk loader can read them while they are made, in another process.

    python -m benchmarks.clones --source A.nq:NAME --source B.nq:NAME --clones 100 > out.nq
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# Hashes end IRIs (".../status/<hex>>") or are a whole literal ("<sha256>"); anchoring on
# those delimiters keeps hex-looking words of the text out.
_HEX = rb'([/"])([0-9a-f]{12,64})([>"])'
_SHA = re.compile(rb'"([0-9a-f]{64})"')


def _names(name: str, k: int) -> dict[str, str]:
    from extractor.naming import slug

    old_slug, new_slug = slug(name), slug(f"{name} {k}")
    # The slug last: a one-word town's slug has no spaces, and the longest match wins.
    return {old_slug.replace("-", " "): new_slug.replace("-", " "), name: f"{name} {k}",
            old_slug: new_slug}


@dataclass
class Template:
    """A town's N-Quads split at every name and hash: ``pieces[0::2]`` literal bytes,
    ``slots`` the token (a name or a hex run) between each pair of them."""

    name: str
    pieces: list[bytes]
    slots: list[bytes]
    shas: set[bytes]  # the whole-literal sha256 values (their 20-digit prefixes follow them)

    @classmethod
    def scan(cls, data: bytes, name: str) -> Template:
        words = sorted(_names(name, 0), key=len, reverse=True)
        pattern = re.compile(b"(" + b"|".join(re.escape(w.encode()) for w in words)
                             + b")|" + _HEX)
        pieces, slots, at = [], [], 0
        for m in pattern.finditer(data):
            if m.group(1) is not None:  # a name
                start, end = m.span(1)
            else:  # a hash: the delimiters stay literal
                start, end = m.span(3)
            pieces.append(data[at:start])
            slots.append(data[start:end])
            at = end
        pieces.append(data[at:])
        return cls(name, pieces, slots, set(_SHA.findall(data)))

    def render(self, k: int) -> bytes:
        """The quads of clone ``k`` (k ≥ 1) of this town: "<name> <k>"."""
        key = f"clone:{self.name}:{k}".encode()
        mapping = {w.encode(): v.encode() for w, v in _names(self.name, k).items()}
        for sha in self.shas:
            new = hashlib.sha256(key + sha).hexdigest().encode()
            mapping[sha], mapping[sha[:20]] = new, new[:20]
        out: list[bytes] = [b""] * (2 * len(self.slots) + 1)
        out[0::2] = self.pieces
        values = []
        for token in self.slots:
            value = mapping.get(token)
            if value is None:
                value = mapping[token] = hashlib.sha256(key + token).hexdigest().encode()[
                    :len(token)]
            values.append(value)
        out[1::2] = values
        return b"".join(out)


def clone_town(data: bytes, name: str, k: int) -> bytes:
    """Town ``name``'s N-Quads as the quads of another town, "<name> <k>"."""
    return Template.scan(data, name).render(k)


def clones(templates: list[Template], count: int, first: int = 1) -> Iterator[bytes]:
    """``count`` clones, round-robin over the templates: clone number ``first + i //
    len(templates)`` of template ``i % len(templates)``."""
    for i in range(count):
        yield templates[i % len(templates)].render(first + i // len(templates))


def emit(sources: Iterable[tuple[Path, str]], count: int, out: BinaryIO) -> None:
    """Write the originals and then ``count`` clones of them to ``out``."""
    templates = []
    for path, name in sources:
        data = path.read_bytes()
        out.write(data)
        templates.append(Template.scan(data, name))
    for chunk in clones(templates, count):
        out.write(chunk)
    out.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.clones", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", action="append", required=True,
                        help="PATH:TOWN NAME of an extracted town's N-Quads")
    parser.add_argument("--clones", type=int, required=True)
    args = parser.parse_args(argv)
    sources = [(Path(p), n) for p, n in (s.split(":", 1) for s in args.source)]
    emit(sources, args.clones, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
