#!/usr/bin/env python3
"""Check the generated gazetteer without regenerating it (standard library only).

Asserts: ids unique and well-formed; every part_of and role target known; no
alias (folded as the engine folds it, article dropped per word) shared by two
gazetteer ids or by a gazetteer id and a different hand-table id; Arabic aliases
in Arabic letters only.  Run:  python3 scripts/gazetteer/check.py
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HAND = ROOT / "rules" / "entities"
GAZ = HAND / "gazetteer"

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the folding helpers only; generate's data imports are not needed here
_src = (Path(__file__).resolve().parent / "generate.py").read_text(encoding="utf-8")
_ns: dict = {}
exec(_src[_src.index("_DROP = "):_src.index("# ---------------------------------------------------------------------------\n# Arabic names")], _ns)
exec("import re\n" + _src[_src.index("HARAKAT = "):_src.index("# Ordinary Arabic words")], _ns)
fold, match_key, ARABIC_LETTERS = _ns["fold"], _ns["match_key"], _ns["ARABIC_LETTERS"]


def load(paths):
    out = []
    for p in paths:
        out += tomllib.loads(p.read_text(encoding="utf-8")).get("entity", [])
    return out


def main() -> int:
    hand = load(sorted(HAND.glob("*.toml")))
    gaz = load(sorted(GAZ.glob("*.toml")))
    problems = []
    hand_alias = {}
    for e in hand:
        for n in e.get("ar", []) + e.get("en", []) + e.get("other", []):
            for k in {fold(n), match_key(n)}:
                hand_alias.setdefault(k, e["id"])
    ids = [e["id"] for e in gaz]
    known = set(ids) | {e["id"] for e in hand}
    if len(ids) != len(set(ids)):
        problems.append(f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    owner = {}
    for e in gaz:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e["id"]):
            problems.append(f"bad id {e['id']!r}")
        if not (e.get("ar") or e.get("en")):
            problems.append(f"{e['id']}: no names")
        for r in [e.get("part_of")] + [x["of"] for x in e.get("roles", [])]:
            if r and r not in known:
                problems.append(f"{e['id']}: unknown reference {r}")
        for n in e.get("ar", []):
            if not all(c in ARABIC_LETTERS or c == " " for c in n):
                problems.append(f"{e['id']}: non-Arabic letters in {n!r}")
        for n in e.get("ar", []) + e.get("en", []) + e.get("other", []):
            for k in {fold(n), match_key(n)}:
                prev = owner.setdefault(k, e["id"])
                if prev != e["id"]:
                    problems.append(f"alias {n!r} names both {prev} and {e['id']}")
                h = hand_alias.get(k)
                if h is not None and h != e["id"]:
                    problems.append(f"alias {n!r} of {e['id']} belongs to hand-table {h}")
    for p in problems:
        print(p)
    n_alias = sum(len(e.get("ar", [])) + len(e.get("en", [])) for e in gaz)
    kinds = {k: sum(1 for e in gaz if e["type"] == k) for k in ("country", "city")}
    print(f"{kinds['country']} countries, {kinds['city']} cities, {n_alias} aliases: "
          f"{'OK' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
