"""Builds config/lexicons/first_names.json and config/lexicons/nicknames.json from two PyPI data
packages (run by hand; the outputs are committed, this script only reproduces them).

    pip download --no-deps -d /tmp/names nomquamgender==0.1.4 nicknames==1.0.1
    python tests/bench/make_name_lexicons.py /tmp/names

* first names: nomquamgender 0.1.4 (MIT, (c) 2022 Ian Van Buskirk), ``name_data.json``:
  for each given name the number of sources, the number of people counted and p(gf), the share
  of them that are women, aggregated from public name-gender tables (among them the US Social
  Security Administration's baby names). A name counted at least MIN_COUNT times is female when
  p(gf) >= 1 - MARGIN, male when p(gf) <= MARGIN; the rest (Jean, Robin, Kim …) have no gender.
* nicknames: nicknames 1.0.1 (Apache-2.0, a hand-curated table of English names and nicknames),
  ``names.csv``: rows ``name,has_nickname,nickname``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from pathlib import Path

MIN_COUNT = 300
MARGIN = 0.2
ROOT = Path(__file__).resolve().parents[2]
MIT_NOTICE = (
    "Copyright (c) 2022 Ian Van Buskirk. Permission is hereby granted, free of charge, to any person obtaining "
    "a copy of this software and associated documentation files (the \"Software\"), to deal in the Software "
    "without restriction, including without limitation the rights to use, copy, modify, merge, publish, "
    "distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is "
    "furnished to do so, subject to the following conditions: The above copyright notice and this permission "
    "notice shall be included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "
    "\"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF "
    "MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR "
    "COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, "
    "TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN "
    "THE SOFTWARE.")
NAME = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def _member(folder: Path, prefix: str, member: str) -> bytes:
    wheel = next(folder.glob(f"{prefix}-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        return z.read(member)


def first_names(folder: Path) -> dict:
    data = json.loads(_member(folder, "nomquamgender", "nomquamgender/name_data.json"))
    female, male = [], []
    for name, row in data.items():
        if not NAME.match(name) or row[1] < MIN_COUNT:
            continue
        p = row[2]
        if p >= 1 - MARGIN:
            female.append(name)
        elif p <= MARGIN:
            male.append(name)
    return {
        "source": "derived from nomquamgender 0.1.4 (PyPI; name_data.json), which aggregates "
                  "name-gender tables including the US SSA baby names; by tests/bench/make_name_lexicons.py: "
                  f"names counted >= {MIN_COUNT} times, female when p(female) >= {1 - MARGIN:.1f}, "
                  f"male when <= {MARGIN:.1f}",
        "licence": "MIT (nomquamgender). " + MIT_NOTICE,
        "female": sorted(female),
        "male": sorted(male),
    }


def nicknames(folder: Path) -> dict[str, list[str]]:
    text = _member(folder, "nicknames", "nicknames/names.csv").decode("utf-8")
    out: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["relationship"] != "has_nickname":
            continue
        out.setdefault(row["name1"].strip().lower(), set()).add(row["name2"].strip().lower())
    return {k: sorted(v) for k, v in sorted(out.items())}


def main(folder: Path) -> None:
    fn = first_names(folder)
    (ROOT / "config/lexicons/first_names.json").write_text(
        json.dumps(fn, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    nick = nicknames(folder)
    doc = {
        "source": "the PyPI package nicknames 1.0.1 (names.csv, a hand-curated table of English names and "
                  "nicknames); converted by tests/bench/make_name_lexicons.py: name -> its nicknames",
        "licence": "Apache License 2.0 (the nicknames package)",
        "nicknames": nick,
    }
    lines = ["{", f'"source": {json.dumps(doc["source"])},', f'"licence": {json.dumps(doc["licence"])},',
             '"nicknames": {']
    items = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in nick.items()]
    lines.append(",\n".join(items))
    lines.append("}}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == doc
    (ROOT / "config/lexicons/nicknames.json").write_text(text, encoding="utf-8")
    print(f"first names: {len(fn['female'])} female, {len(fn['male'])} male; nicknames: {len(nick)} names")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
