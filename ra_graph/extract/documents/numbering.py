"""Word's list numbers, resolved: what "1.", "1.2" or "a." a paragraph shows.

Word keeps list numbers out of the text: a paragraph says only "numbering
instance 3, level 1" (``w:numPr``, directly or through its style), and the
number it shows follows from ``word/numbering.xml`` -- the instance's
abstract definition (``w:abstractNum``: per level a format, a start value,
a text such as ``%1.%2.`` and when it restarts) and the instance's own
overrides (``w:lvlOverride`` with ``w:startOverride`` or a whole ``w:lvl``).
No library recovers these reliably, and the clause numbers of an
arrangement ("1.3", "2.") are its identifiers, so they are computed here,
in document order, as Word counts them:

- a level's counter starts at its start value and goes up by one per
  paragraph at that level;
- a paragraph at a level restarts the deeper levels (unless their
  ``w:lvlRestart`` says later, or 0: never);
- a level not yet used shows its start value in ``%n`` (Word does so);
- instances of one abstract definition share their counters, except an
  instance with a ``w:startOverride``, which counts on its own (Word's
  "restart numbering").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
BULLET = "•"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(element, child: str, default: str | None = None) -> str | None:
    found = element.find(f"w:{child}", NS) if element is not None else None
    return found.get(_w("val"), default) if found is not None else default


@dataclass
class Level:
    """One level of a list definition (``w:lvl``)."""

    fmt: str = "decimal"  # w:numFmt: decimal, lowerLetter, upperLetter, lowerRoman, upperRoman, bullet, none
    text: str = "%1."  # w:lvlText
    start: int = 1  # w:start
    restart: int | None = None  # w:lvlRestart: restart after a level up to this (1-based); 0 never; None: default


@dataclass
class Instance:
    """A numbering instance (``w:num``): its abstract definition and overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # ilvl -> w:startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # ilvl -> an overriding w:lvl


@dataclass
class Definitions:
    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    styles: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)  # style -> (numId, ilvl)
    based_on: dict[str, str] = field(default_factory=dict)

    def style_numbering(self, style: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives, following ``w:basedOn``."""
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            own_id, own_lvl = self.styles.get(style, (None, None))
            num_id = num_id if num_id is not None else own_id
            ilvl = ilvl if ilvl is not None else own_lvl
            style = self.based_on.get(style)
        return num_id, ilvl

    def level(self, num_id: str, ilvl: int) -> Level | None:
        instance = self.instances.get(num_id)
        if instance is None:
            return None
        if ilvl in instance.levels:
            return instance.levels[ilvl]
        return self.abstracts.get(instance.abstract, {}).get(ilvl)


def _parse_level(lvl) -> Level:
    restart = _val(lvl, "lvlRestart")
    text = _val(lvl, "lvlText", "")
    return Level(fmt=_val(lvl, "numFmt", "decimal") or "decimal", text=text or "",
                 start=int(_val(lvl, "start", "1") or 1), restart=int(restart) if restart is not None else None)


def parse(numbering_xml: bytes | None, styles_xml: bytes | None = None) -> Definitions:
    """The list definitions of a document (either part may be missing)."""
    defs = Definitions()
    if numbering_xml:
        root = etree.fromstring(numbering_xml)
        for abstract in root.findall("w:abstractNum", NS):
            defs.abstracts[abstract.get(_w("abstractNumId"))] = {
                int(lvl.get(_w("ilvl"), "0")): _parse_level(lvl) for lvl in abstract.findall("w:lvl", NS)}
        for num in root.findall("w:num", NS):
            instance = Instance(abstract=_val(num, "abstractNumId", "") or "")
            for override in num.findall("w:lvlOverride", NS):
                ilvl = int(override.get(_w("ilvl"), "0"))
                start = _val(override, "startOverride")
                if start is not None:
                    instance.starts[ilvl] = int(start)
                lvl = override.find("w:lvl", NS)
                if lvl is not None:
                    instance.levels[ilvl] = _parse_level(lvl)
            defs.instances[num.get(_w("numId"))] = instance
    if styles_xml:
        root = etree.fromstring(styles_xml)
        for style in root.findall("w:style", NS):
            style_id = style.get(_w("styleId"))
            based = _val(style, "basedOn")
            if based:
                defs.based_on[style_id] = based
            numpr = style.find("w:pPr/w:numPr", NS)
            if numpr is not None:
                ilvl = _val(numpr, "ilvl")
                defs.styles[style_id] = (_val(numpr, "numId"), int(ilvl) if ilvl is not None else None)
    return defs


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (Word repeats the letter)."""
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter in a level's format."""
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and formats this project does not meet


class Resolver:
    """Counts the paragraphs of one document in order; ``label`` gives each its number."""

    def __init__(self, defs: Definitions):
        self.defs = defs
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()  # (numId, ilvl) whose startOverride was applied

    def paragraph(self, num_id: str | None, ilvl: int | None, style: str | None = None) -> str | None:
        """The label of a paragraph with this direct ``w:numPr`` (either may be None) and style."""
        style_id, style_lvl = self.defs.style_numbering(style)
        num_id = num_id if num_id is not None else style_id
        ilvl = ilvl if ilvl is not None else (style_lvl or 0)
        if num_id is None or num_id == "0":
            return None
        return self.label(num_id, ilvl)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (instance, level) and give the text Word shows."""
        level = self.defs.level(num_id, ilvl)
        if level is None:
            return None
        instance = self.defs.instances[num_id]
        key = num_id if instance.starts or instance.levels else f"abstract:{instance.abstract}"
        counters = self.counters.setdefault(key, {})
        if ilvl in instance.starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = instance.starts[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = self._start(num_id, ilvl)
        for deeper in [d for d in counters if d > ilvl]:
            restart = self._level(num_id, deeper).restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                del counters[deeper]
        if level.fmt == "bullet":  # Symbol-font glyphs (private use area) are a plain bullet
            glyph = level.text.strip()
            return BULLET if not glyph or any(0xF000 <= ord(ch) <= 0xF0FF for ch in glyph) else glyph
        return self._text(level.text, num_id, counters)

    def _level(self, num_id: str, ilvl: int) -> Level:
        return self.defs.level(num_id, ilvl) or Level()

    def _start(self, num_id: str, ilvl: int) -> int:
        instance = self.defs.instances[num_id]
        return instance.starts.get(ilvl, self._level(num_id, ilvl).start)

    def _text(self, template: str, num_id: str, counters: dict[int, int]) -> str:
        out, i = "", 0
        while i < len(template):
            if template[i] == "%" and i + 1 < len(template) and template[i + 1].isdigit():
                level = int(template[i + 1]) - 1
                value = counters.get(level, self._start(num_id, level))
                out += format_number(value, self._level(num_id, level).fmt)
                i += 2
            else:
                out += template[i]
                i += 1
        return out


__all__ = ["parse", "Resolver", "Definitions", "Level", "Instance", "format_number", "BULLET"]
