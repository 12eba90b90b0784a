"""Given names: their usual gender and their nickname variants, from two packaged word lists.

* ``config/lexicons/first_names.json``: a ``female`` and a ``male`` list of given names (derived
  from the MIT-licensed nomquamgender data, which aggregates public tables such as the US SSA baby
  names; names used for both, such as Jean or Robin, are in neither list);
* ``config/lexicons/nicknames.json``: name -> its nicknames (Kenneth -> Ken, Kenny), from the
  Apache-2.0 ``nicknames`` package.

Pure functions over plain data, no spaCy: ``first_name_gender("Hillary Clinton") == "female"``,
``same_given_name("Ken", "Kenneth")``. Both files are read once per process (and per path).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import CONFIG_DIR

FIRST_NAMES = CONFIG_DIR / "lexicons" / "first_names.json"
NICKNAMES = CONFIG_DIR / "lexicons" / "nicknames.json"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "sen",
                         "rep", "gov", "gen", "president", "senator"})


@dataclass(frozen=True, slots=True)
class NameTables:
    """The given-name lists: gender by name, and the nickname group(s) of each name."""

    female: frozenset[str]
    male: frozenset[str]
    variants: dict[str, frozenset[str]]  # a name -> every name it is a nickname of or has as nickname

    def gender(self, given: str) -> str | None:
        g = given.lower()
        if g in self.female:
            return "female"
        if g in self.male:
            return "male"
        return None


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=8)
def load_tables(first_names: str | Path = FIRST_NAMES, nicknames: str | Path = NICKNAMES) -> NameTables:
    """The tables read from the two files (a missing or broken file gives empty lists)."""
    fn = _read_json(Path(first_names))
    female = frozenset(str(x).lower() for x in fn.get("female") or [] if isinstance(x, str))
    male = frozenset(str(x).lower() for x in fn.get("male") or [] if isinstance(x, str)) - female
    nick = _read_json(Path(nicknames)).get("nicknames") or {}
    groups: dict[str, set[str]] = {}
    if isinstance(nick, dict):
        for name, nicks in nick.items():
            if not isinstance(nicks, list):
                continue
            name = str(name).lower()
            for n in nicks:
                n = str(n).lower()
                groups.setdefault(name, set()).add(n)
                groups.setdefault(n, set()).add(name)
    return NameTables(female, male, {k: frozenset(v) for k, v in groups.items()})


def given_name(name: str) -> str | None:
    """The first word of a person's name that can be a given name: honorifics, titles and initials
    (``Mrs.``, ``Sen.``, ``J.``) are skipped. ``None`` for a name with no such word."""
    for w in _WORD.findall(name):
        bare = w.lower().strip(".'’-")
        if not bare or bare in _HONORIFICS or (len(bare) == 1 and w.endswith(".")) or len(bare) == 1:
            continue
        return bare
    return None


def first_name_gender(name: str, tables: NameTables | None = None) -> str | None:
    """``"female"``, ``"male"`` or ``None``: the usual gender of the given name that starts ``name``
    ("Hillary Clinton", "Sen. Elizabeth Warren", or a given name alone, "Bill"). A name that is
    not in the lists, or used for both genders (Jean, Robin, Kim), gives ``None``. Pass a full
    name: a surname alone ("Clinton") is read as a given name too."""
    g = given_name(name)
    if g is None:
        return None
    return (tables or load_tables()).gender(g)


def same_given_name(a: str, b: str, tables: NameTables | None = None) -> bool:
    """Whether two given names are the same name or nickname variants of each other: Ken and
    Kenneth, Bill and William, Hillary and Hilary (case-insensitive)."""
    a, b = a.lower().strip(".'’"), b.lower().strip(".'’")
    if a == b:
        return True
    t = tables or load_tables()
    return b in t.variants.get(a, ()) or a in t.variants.get(b, ())
