#!/usr/bin/env python3
"""Generates include/winnow/tag.hpp's tag_id enumeration and src/core/tokenize/tag_table.inc, the perfect-hash table
that resolves a lowercase tag name to its tag_id.

Run from the repository root:  python3 scripts/gen/tags.py
The names are the elements of the WHATWG HTML standard (current and obsolete, so old pages resolve too)
plus the SVG and MathML elements the tokenizer's tree-builder feedback needs (as the tokenizer lowercases them).
Each name carries flags the later stages use:
  void      — never has content (WHATWG §13.1.2 void elements)
  block     — starts a new block of text in the block tree (block-level and sectioning content)
  heading   — h1..h6
  raw       — content is never text of the page (script, style, ...)
"""
import pathlib
import sys

ELEMENTS = {
    # name: flags
    "a": "", "abbr": "", "acronym": "", "address": "block", "applet": "", "area": "void",
    "article": "block", "aside": "block", "audio": "", "b": "", "base": "void", "basefont": "void",
    "bdi": "", "bdo": "", "bgsound": "void", "big": "", "blink": "", "blockquote": "block", "body": "block",
    "br": "void", "button": "", "canvas": "", "caption": "block", "center": "block", "cite": "", "code": "",
    "col": "void", "colgroup": "", "data": "", "datalist": "", "dd": "block", "del": "", "details": "block",
    "dfn": "", "dialog": "block", "dir": "block", "div": "block", "dl": "block", "dt": "block", "em": "",
    "embed": "void", "fieldset": "block", "figcaption": "block", "figure": "block", "font": "",
    "footer": "block", "form": "block", "frame": "void", "frameset": "block", "h1": "block heading",
    "h2": "block heading", "h3": "block heading", "h4": "block heading", "h5": "block heading",
    "h6": "block heading", "head": "", "header": "block", "hgroup": "block", "hr": "void block", "html": "block",
    "i": "", "iframe": "raw", "image": "void", "img": "void", "input": "void", "ins": "", "isindex": "void",
    "kbd": "", "keygen": "void", "label": "", "legend": "block", "li": "block", "link": "void",
    "listing": "block", "main": "block", "map": "", "mark": "", "marquee": "block", "menu": "block",
    "menuitem": "", "meta": "void", "meter": "", "multicol": "block", "nav": "block", "nextid": "",
    "nobr": "", "noembed": "raw", "noframes": "raw", "noscript": "raw", "object": "", "ol": "block",
    "optgroup": "", "option": "block", "output": "", "p": "block", "param": "void", "picture": "",
    "plaintext": "block", "portal": "", "pre": "block", "progress": "", "q": "", "rb": "", "rp": "", "rt": "",
    "rtc": "", "ruby": "", "s": "", "samp": "", "script": "raw", "search": "block", "section": "block",
    "select": "", "slot": "", "small": "", "source": "void", "spacer": "", "span": "", "strike": "",
    "strong": "", "style": "raw", "sub": "", "summary": "block", "sup": "", "table": "block",
    "tbody": "block", "td": "block", "template": "raw", "textarea": "", "tfoot": "block", "th": "block",
    "thead": "block", "time": "", "title": "", "tr": "block", "track": "void", "tt": "", "u": "",
    "ul": "block", "var": "", "video": "", "wbr": "void", "xmp": "block",
    # SVG and MathML, lowercased as the tokenizer emits them
    "svg": "", "math": "", "foreignobject": "", "desc": "", "mi": "", "mo": "", "mn": "", "ms": "",
    "mtext": "", "annotation-xml": "", "mglyph": "", "malignmark": "",
}

FLAG_BITS = {"void": 1, "block": 2, "heading": 4, "raw": 8}
TABLE_BITS = 12  # 4096 one-byte slots for ~180 names: a collision-free seed turns up within ~100 tries


CXX_KEYWORDS = {"template"}


def identifier(name):
    """The enumerator for a name: '-' becomes '_', and a C++ keyword gets a trailing '_'."""
    ident = name.replace("-", "_")
    return ident + "_" if ident in CXX_KEYWORDS else ident


MASK64 = (1 << 64) - 1
MULTIPLIER_FIRST = 0x9E3779B97F4A7C15
MULTIPLIER_MIXED = 0xC2B2AE3D27D4EB4F


def slot(name, seed):
    """Must match tag_hash_words() in src/core/tokenize/tag_lookup.hpp: the name (at most 16 bytes) as two
    little-endian words zero-padded, the first multiplied, the second and the seed mixed in, multiplied again;
    the top bits of the product pick the slot. The tokenizer hashes a name from the words it classified it with."""
    raw = name.encode()
    assert len(raw) <= 16, name
    first = int.from_bytes(raw[:8].ljust(8, b"\0"), "little")
    second = int.from_bytes(raw[8:].ljust(8, b"\0"), "little")
    mixed = ((((first * MULTIPLIER_FIRST) & MASK64) ^ second ^ seed) * MULTIPLIER_MIXED) & MASK64
    return mixed >> (64 - TABLE_BITS)


def find_seed(names):
    for seed in range(1, 1 << 20):
        seen = set()
        for n in names:
            s = slot(n, seed)
            if s in seen:
                break
            seen.add(s)
        else:
            return seed
    sys.exit("no collision-free seed found; raise TABLE_BITS")


def main():
    root = pathlib.Path(__file__).resolve().parents[2]
    names = sorted(ELEMENTS)
    seed = find_seed(names)
    banner = "// generated by scripts/gen/tags.py — do not edit; edit the generator and run it again.\n"

    enum = ["    unknown = 0,"] + [f"    {identifier(n)}," for n in names]
    count_line = f"inline constexpr std::size_t tag_id_count = {len(names) + 1};\n"
    header = root / "include/winnow/tag.hpp"
    text = header.read_text()
    begin, end = "    // BEGIN GENERATED tag_id\n", "    // END GENERATED tag_id\n"
    i, j = text.index(begin) + len(begin), text.index(end)
    text = text[:i] + banner.replace("// ", "    // ", 1) + "\n".join(enum) + "\n" + text[j:]
    begin, end = "// BEGIN GENERATED tag_id_count\n", "// END GENERATED tag_id_count\n"
    i, j = text.index(begin) + len(begin), text.index(end)
    text = text[:i] + count_line + text[j:]
    header.write_text(text)

    slots = ["0"] * (1 << TABLE_BITS)
    for index, n in enumerate(names, start=1):
        slots[slot(n, seed)] = str(index)
    lines = [banner, f"// {len(names)} names in a {1 << TABLE_BITS}-slot table; slot(name) as in tags.py.\n"]
    lines.append(f"constexpr std::uint64_t tag_hash_seed = {seed};\n")
    lines.append(f"constexpr unsigned tag_table_bits = {TABLE_BITS};\n\n")
    lines.append("constexpr std::string_view tag_names[] = {\n    \"\",\n")
    lines += [f"    \"{n}\",\n" for n in names]
    lines.append("};\n\n")
    lines.append("constexpr std::uint8_t tag_flag_bits[] = {\n    0,\n")
    for n in names:
        bits = sum(FLAG_BITS[f] for f in ELEMENTS[n].split())
        lines.append(f"    {bits},  // {n}\n")
    lines.append("};\n\n")
    lines.append("constexpr std::uint8_t tag_slots[] = {\n")
    for k in range(0, len(slots), 16):
        lines.append("    " + ", ".join(slots[k:k + 16]) + ",\n")
    lines.append("};\n")
    (root / "src/core/tokenize/tag_table.inc").write_text("".join(lines))


if __name__ == "__main__":
    main()
