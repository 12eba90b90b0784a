"""Name and alias matching, shared by the entity layer (#4) and the quotes layer (#3).

Pure string functions, no spaCy: decide whether two surface names may denote the same
real-world entity within one article ("Wang Yi" / "Wang" / "Mr. Wang", "United States" / "US" /
"U.S.", "Eurasian Economic Union" / "EEU").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping

from .names import same_given_name

#: Words dropped at the start of a name ("the United States").
LEADING_DETERMINERS = ("the", "a", "an")
#: Name suffixes that are not a surname ("Martin Luther King Jr.").
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "md"})
#: Corporate suffixes ignored when comparing organisation names ("Microsoft Corp.").
ORG_SUFFIXES = frozenset({"inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.",
                          "llc", "plc", "group", "company", "ag", "sa", "s.a.", "gmbh"})
#: Words an organisation's short name may leave out: "Xinhua" / "Xinhua News Agency",
#: "Labour" / "Labour Party". Any other extra word makes a different organisation
#: ("CNN" / "CNN Headline News", "House" / "House Ways and Means Committee").
ORG_TAIL_WORDS = ORG_SUFFIXES | frozenset({"news", "agency", "holdings", "international", "incorporated",
                                           "limited", "party", "organization", "organisation", "movement",
                                           "newspaper", "network", "times", "post", "magazine"})
#: Words too generic to stand alone for a longer organisation name: "the Committee", "the
#: Party", "the Service" may mean any of several. "Post", "Times", "Journal" are names.
ORG_GENERIC_WORDS = ORG_SUFFIXES | frozenset({
    "party", "agency", "news", "network", "international", "organization", "organisation",
    "movement", "committee", "department", "ministry", "university", "college", "school", "council",
    "court", "house", "senate", "union", "bank", "association", "commission", "administration",
    "office", "service", "services", "center", "centre", "institute", "foundation", "board", "bureau",
    "army", "police", "government", "state", "states", "city", "club", "team", "league",
    "federation", "republic", "kingdom", "campaign", "national", "federal", "democrats",
    "republicans", "caucus", "fund", "trust", "authority", "force", "forces", "guard", "command",
    "reserve", "assembly", "congress", "parliament", "cabinet", "church", "hospital", "museum",
    "nations", "affairs", "security", "intelligence", "health", "justice", "defense", "defence",
    "media", "press", "pac", "healthcare", "hill", "group", "capital", "partners"})
#: Lower-case words skipped when forming an acronym ("Bank of America" -> BOA / BofA).
ACRONYM_STOPWORDS = frozenset({"of", "and", "the", "for", "in", "on", "&", "de", "du", "la", "to"})

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCT = re.compile(r"^[\s\"“”‘’'(\[,.:;–—-]+|[\s\"“”‘’'()\],:;–—-]+$")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def clean_name(name: str) -> str:
    """A name as a reader would write it: no leading "the", no possessive, no edge punctuation.

    >>> clean_name("the United States’")
    'United States'
    """
    s = _WS.sub(" ", name).strip()
    while True:  # to a fixed point ("Wang ’s ’s" -> "Wang"); each round only removes characters
        before = s
        s = _EDGE_PUNCT.sub("", s)
        s = _POSSESSIVE.sub("", s).strip()
        words = s.split(" ")
        while len(words) > 1 and words[0].lower() in LEADING_DETERMINERS:
            words = words[1:]
        s = _EDGE_PUNCT.sub("", " ".join(words))
        if s == before:
            break
    return s


@lru_cache(maxsize=8192)
def key(name: str) -> str:
    """A comparison key: clean, lower case, dots dropped ("U.S." == "US" == "us")."""
    return clean_name(name).lower().replace(".", "").replace("’", "'")


def name_tokens(name: str) -> list[str]:
    """The words of a clean name, lower case, without dots at the end ("Mr." -> "mr")."""
    return [w.strip(".,").lower() for w in re.split(r"[\s]+", clean_name(name)) if w.strip(".,")]


_DEFAULT_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir"})


def strip_honorifics(name: str, honorifics: Iterable[str] = ()) -> str:
    """Drop leading honorifics and titles: "Mr. Wang" -> "Wang" (words from the titles lexicon)."""
    return _strip_honorifics(name, tuple(honorifics))


@lru_cache(maxsize=8192)
def _strip_honorifics(name: str, honorifics: tuple[str, ...]) -> str:
    hons = {h.lower().rstrip(".") for h in honorifics} | _DEFAULT_HONORIFICS
    words = clean_name(name).split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in hons:
        words = words[1:]
    return " ".join(words)


def surname(name: str) -> str:
    """The family name of a person name in Western order: last word, skipping "Jr." and the like.

    Chinese, Korean and other family-name-first names are handled by ``same_entity``, which
    accepts any single word of a longer person name; this is the usual last-word guess.
    """
    words = [w for w in clean_name(name).split(" ") if w]
    while len(words) > 1 and words[-1].lower().rstrip(",") in NAME_SUFFIXES:
        words = words[:-1]
    return words[-1].rstrip(",") if words else ""


def acronym(name: str) -> str:
    """Initials of the capitalised words: "United States" -> "US", "Eurasian Economic Union" -> "EEU".

    Hyphenated words give one letter per part ("Belt-and-Road" -> "BR" is not attempted: the
    stopwords are skipped). Returns "" for a one-word name.
    """
    words = [w for w in re.split(r"[\s\-]+", clean_name(name)) if w]
    if len(words) < 2:
        return ""
    letters = [w[0] for w in words if w.lower() not in ACRONYM_STOPWORDS and w[0].isalpha()]
    return "".join(letters).upper() if len(letters) >= 2 else ""


def looks_like_acronym(name: str) -> bool:
    """"US", "U.S.", "EEU", "NATO": two or more letters, all capitals (dots allowed)."""
    s = clean_name(name).replace(".", "")
    return 2 <= len(s) <= 8 and s.isalpha() and s.isupper()


def is_acronym_of(short: str, long: str) -> bool:
    """True when ``short`` is the acronym of ``long``: "U.S." of "United States", "EEU" of ...

    >>> is_acronym_of("EEU", "the Eurasian Economic Union")
    True
    """
    if not looks_like_acronym(short):
        return False
    a = acronym(long)
    s = clean_name(short).replace(".", "").upper()
    if not a:
        return False
    if s == a:
        return True
    # "USA" for "United States of America" keeps only capitalised words; also allow the
    # variant that keeps every word ("BofA" is too irregular, not attempted).
    words = [w for w in re.split(r"[\s\-]+", clean_name(long)) if w]
    full = "".join(w[0] for w in words if w[0].isalpha()).upper()
    return s == full


def _strip_org_suffix(tokens: list[str]) -> list[str]:
    while len(tokens) > 1 and tokens[-1] in ORG_SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def is_name_part(short: str, long: str) -> bool:
    """True when ``short`` is one or more consecutive words of the longer name ``long``.

    "Wang" / "Wang Yi", "Putin" / "Vladimir Putin", "Biden" / "Joe Biden". Both are compared
    without honorifics, so "Mr. Wang" is a part of "Wang Yi".
    """
    s = name_tokens(strip_honorifics(short))
    l_ = name_tokens(strip_honorifics(long))
    if not s or len(s) >= len(l_):
        return False
    n = len(s)
    return any(l_[i:i + n] == s for i in range(len(l_) - n + 1))


_INITIAL = re.compile(r"^[a-z](?:\.?[a-z])?\.?$")


def without_initials(tokens: list[str]) -> list[str]:
    """Name words without middle initials and suffixes: "Donald J. Trump" -> donald trump."""
    out = [w for i, w in enumerate(tokens) if not (0 < i < len(tokens) - 1 and _INITIAL.match(w))]
    while len(out) > 1 and out[-1] in NAME_SUFFIXES:
        out = out[:-1]
    return out


def is_initials_variant(short: str, long: str) -> bool:
    """"Donald Trump" / "Donald J. Trump", "Vladimir Putin" / "Vladimir V. Putin", "John Roberts" /
    "John G. Roberts Jr.": the same first and last names, one written with middle initials. Never
    between two names that both have initials ("George W. Bush" / "George H. W. Bush")."""
    s = name_tokens(strip_honorifics(short))
    l_ = name_tokens(strip_honorifics(long))
    if len(s) < 2 or without_initials(s) != s:
        return False
    stripped = without_initials(l_)
    return stripped != l_ and stripped == s


def is_nickname_variant(a: str, b: str) -> bool:
    """"Ken Starr" / "Kenneth W. Starr", "Bill Clinton" / "William J. Clinton": the same surname (and
    middle names), and first names that are nickname variants of each other (``tui.analysis.names``,
    a packaged list)."""
    x = without_initials(name_tokens(strip_honorifics(a)))
    y = without_initials(name_tokens(strip_honorifics(b)))
    if len(x) < 2 or len(x) != len(y) or x[1:] != y[1:] or x[0] == y[0]:
        return False
    return same_given_name(x[0], y[0])


def is_prefix_name(short: str, long: str) -> bool:
    """Organisation short forms: "Xinhua" / "Xinhua News Agency", "Microsoft" / "Microsoft Corp.".

    The words left out must be generic (``ORG_TAIL_WORDS``): "CNN" is not "CNN Headline News"."""
    s = _strip_org_suffix(name_tokens(short))
    l_ = _strip_org_suffix(name_tokens(long))
    if not s:
        return False
    if s == l_:
        return True
    return len(s) < len(l_) and l_[: len(s)] == s and all(w in ORG_TAIL_WORDS for w in l_[len(s):])


#: Words before a national institution's name that do not make another one: "U.S. Supreme Court".
NATIONAL_PREFIXES = frozenset({"us", "u.s", "united states", "federal"})


def is_suffix_name(short: str, long: str) -> bool:
    """Organisation short forms that keep the last words: "the Post" / "The New York Post",
    "the Journal" / "The Wall Street Journal". The short form is shorter and has a word outside
    ``ORG_GENERIC_WORDS`` ("the Committee" is not "House Ways and Means Committee")."""
    s = _strip_org_suffix(name_tokens(short))
    l_ = _strip_org_suffix(name_tokens(long))
    if not s or len(s) >= len(l_) or l_[-len(s):] != s:
        return False
    if l_[-len(s) - 1] in ("and", "&"):
        return False  # "Walmart" is not "McDonald's and Walmart" (two names tagged as one)
    prefix = l_[:-len(s)]
    if s[-1] in ORG_GENERIC_WORDS and " ".join(prefix) not in NATIONAL_PREFIXES \
            and not all(w in ORG_GENERIC_WORDS or w in ("of", "for") for w in prefix):
        # "Democratic Party" is not "Iowa Democratic Party"; "Supreme Court" is "U.S. Supreme
        # Court", "Homeland Security" is "Department of Homeland Security"
        return False
    return any(w not in ORG_GENERIC_WORDS for w in s)


def same_entity(a: str, b: str, label_a: str = "PERSON", label_b: str = "PERSON",
                aliases: Mapping[str, list[str]] | Mapping[str, str] | None = None) -> bool:
    """May names ``a`` and ``b`` denote the same entity in one article?

    Rules, in order:
      1. same key (case, "the", dots and possessives ignored): "the US" == "U.S.";
      2. listed aliases (``country_aliases`` of nationalities.yaml, canonical -> variants, or an
         index key(variant) -> canonical): "America" == "United States";
      3. acronym of the other: "EEU" == "Eurasian Economic Union";
      4. persons: one name is a run of words of the other: "Wang" == "Wang Yi" == "Mr. Wang";
         or the other without its middle initials: "Donald Trump" == "Donald J. Trump"; or the
         same surname with a nickname of the first name: "Ken Starr" == "Kenneth Starr";
      5. organisations: one name is the start of the other: "Xinhua" == "Xinhua News Agency";
         or its last words, not only generic ones: "the Post" == "The New York Post".
    NORP ("Chinese") never matches a non-NORP name.
    """
    if (label_a == "NORP") != (label_b == "NORP"):
        return False
    ka, kb = key(strip_honorifics(a)), key(strip_honorifics(b))
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if aliases:
        ca, cb = canonical_alias(a, aliases), canonical_alias(b, aliases)
        if ca is not None and ca == cb:
            return True
        if ca is not None and key(ca) == kb or cb is not None and key(cb) == ka:
            return True
    if is_acronym_of(a, b) or is_acronym_of(b, a):
        return True
    if "PERSON" in (label_a, label_b):
        short, long = (a, b) if len(ka) <= len(kb) else (b, a)
        return is_name_part(short, long) or is_initials_variant(short, long) or is_nickname_variant(a, b)
    if label_a == label_b == "ORG":
        short, long = (a, b) if len(ka) <= len(kb) else (b, a)
        return is_prefix_name(short, long) or is_suffix_name(short, long)
    return False


def canonical_alias(name: str, aliases: Mapping[str, list[str]] | Mapping[str, str]) -> str | None:
    """The listed canonical name for ``name`` ("US" -> "United States"), or None.

    ``aliases`` is either canonical -> [variants] (as in the YAML) or an index key -> canonical.
    """
    k = key(name)
    if not aliases:
        return None
    first = next(iter(aliases.values()))
    if isinstance(first, str):
        return aliases.get(k)  # type: ignore[return-value]
    for canon, variants in aliases.items():
        if key(canon) == k or any(key(v) == k for v in (variants or [])):
            return str(canon)
    return None
