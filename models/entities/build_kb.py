#!/usr/bin/env python3
"""Builds models/entities/kb.tsv, the entities knowledge base, from ../shared/data.

Run through scripts/build-kb.sh. Inputs: the hand-written kb-curated.tsv (wins), the
country files in data/gazetteer (mledoze/countries, i18n-iso-countries: names in French
and English, demonyms, coordinates), GeoNames admin-1 regions, and the Phoenix/PETRARCH
actor dictionaries in data/actors (people, organisations, armed groups). The output is
deterministic: entries are written in a fixed priority order and sorted within it.
Format: docs/ENTITIES.md ("Knowledge-base files").
"""
import json
import re
import sys
from pathlib import Path

FORMAT_VERSION = 1
ORG_WORDS = re.compile(r"(ORGANI[SZ]ATION|UNION|COUNCIL|BANK|FUND|AGENCY|COMMISSION|COURT|"
                       r"COMMITTEE|ASSOCIATION|FRONT|ARMY|PARTY|MOVEMENT|BRIGADE|FORCE|GROUP|"
                       r"LEAGUE|INSTITUTE|FOUNDATION|PROGRAM|OFFICE|CENTER|CENTRE|NATIONS|"
                       r"ALLIANCE|COMMUNITY|CORPS|MILITIA|TRIBUNAL|SOCIETY|PARLIAMENT)")
TITLE_PREFIX = re.compile(r"^(MR|MRS|MS|DR|PRESIDENT|PRIME|MINISTER|GENERAL|GEN|KING|QUEEN|"
                          r"PRINCE|SHEIKH|SHEIK|SECRETARY|FOREIGN|DEFENSE|DEFENCE|CHIEF|"
                          r"COMMANDER|AMBASSADOR|SENATOR|US|U\.S\.|UNITED|AMERICAN|FORMER)[._ ]")


def clean(text):
    return re.sub(r"\s+", " ", text.replace("\t", " ")).strip()


def phoenix_name(raw):
    """FRANCOIS_HOLLANDE_ -> "Francois Hollande" (case guessed; flag p tells linking so)."""
    name = raw.strip().strip("_").replace("_", " ")
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if " " not in name and len(name) <= 5:
        return name  # an acronym: "UN", "NATO", "ECOWAS" stay in capitals
    words = []
    for word in name.split(" "):
        if not word:
            continue
        if len(word) <= 4 and "." in word:
            words.append(word)
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(words)


def read_phoenix(path):
    """Yields (name, aliases, codes, comment) blocks of a TABARI .actors file."""
    block = None
    for line in path.read_text(encoding="latin-1").splitlines():
        comment = ""
        if "#" in line:
            line, comment = line.split("#", 1)
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        head = re.sub(r"\[[^\]]*\]", "", line)
        if line[0] in " \t":
            if block:
                block[2].extend(codes)
            continue
        if line.startswith("+"):
            if block:
                block[1].append(head[1:].strip())
                block[2].extend(codes)
            continue
        if block:
            yield block
        block = [head.strip(), [], list(codes), comment]
    if block:
        yield block


def main():
    data = Path(sys.argv[1])
    out_path = Path(sys.argv[2])
    here = Path(__file__).resolve().parent
    gaz = data / "gazetteer"
    entries = {}   # ref -> dict
    order = []     # refs by priority
    demonyms = {}  # folded form -> (form, code, lang)
    roles = []

    def add(ref, etype, country="", lat="", lon="", sector="", flags="", aliases=()):
        ref = clean(ref)
        if not ref:
            return
        if ref not in entries:
            entries[ref] = dict(type=etype, country=country, lat=lat, lon=lon, sector=sector,
                                flags=flags, aliases=[])
            order.append(ref)
        entry = entries[ref]
        for field, value in (("country", country), ("lat", lat), ("lon", lon), ("sector", sector)):
            if not entry[field] and value:
                entry[field] = value
        entry["flags"] = "".join(sorted(set(entry["flags"] + flags)))
        for alias in aliases:
            alias = clean(alias)
            if alias and alias not in entry["aliases"]:
                entry["aliases"].append(alias)

    def add_demonym(form, code, lang):
        form = clean(form)
        if form and form.lower() not in demonyms:
            demonyms[form.lower()] = (form, code, lang)

    # 1. Curated entries first: they win every alias they name.
    for line in (here / "kb-curated.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("vigie-entities-kb"):
            continue
        cols = line.split("\t")
        if cols[0] == "E":
            cols += [""] * (9 - len(cols))
            add(cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8].split("|"))
        elif cols[0] == "D":
            add_demonym(cols[1], cols[2], cols[3])
        elif cols[0] == "R":
            roles.append((cols[1], cols[2]))

    # 2. Countries: ISO alpha-3 refs, French and English names, demonyms, coordinates.
    countries = json.loads((gaz / "mledoze-countries.json").read_text(encoding="utf-8"))
    iso_fr = json.loads((gaz / "i18n-iso-countries-fr.json").read_text(encoding="utf-8"))["countries"]
    iso_en = json.loads((gaz / "i18n-iso-countries-en.json").read_text(encoding="utf-8"))["countries"]
    alpha2_to_3 = {c["cca2"]: c["cca3"] for c in countries}
    capitals = []
    for c in sorted(countries, key=lambda c: (not c.get("unMember"), c["cca3"])):
        code = c["cca3"]
        names = [c["name"]["common"], c["name"]["official"]]
        fra = c.get("translations", {}).get("fra", {})
        names += [fra.get("common", ""), fra.get("official", "")]
        for table in (iso_fr, iso_en):
            value = table.get(c["cca2"], [])
            names += value if isinstance(value, list) else [value]
        names += [a for a in c.get("altSpellings", []) if len(a) > 3 and not a.isupper()]
        lat, lon = (c.get("latlng") or ["", ""])[:2]
        add(code, "LOC", code, str(lat), str(lon), "", "cs", names)
        for lang, key in (("fr", "fra"), ("en", "eng")):
            dem = c.get("demonyms", {}).get(key, {})
            for form in sorted(set(v for v in dem.values() if v)):
                forms = {form, form.lower()}
                if lang == "fr":
                    forms |= {f + "s" for f in list(forms) if not f.endswith("s")}
                    forms |= {f[:-1] + "ux" for f in list(forms) if f.endswith("al")}
                else:
                    forms |= {f + "s" for f in list(forms) if not f.endswith("s") and not f.endswith("ese")}
                for f in sorted(forms):
                    add_demonym(f, code, lang)
        for capital in c.get("capital", []):
            capitals.append((capital, code))
    # Capitals by their English name (French exonyms are in the curated file).
    for capital, code in sorted(capitals):
        if capital not in entries:
            add(capital, "LOC", code, "", "", "", "", [capital])

    # 3. GeoNames first-level administrative regions (no coordinates in this snapshot).
    for region in sorted(json.loads((gaz / "geonames-admin1.json").read_text(encoding="utf-8")),
                         key=lambda r: r["code"]):
        code = alpha2_to_3.get(region["code"].split(".")[0], "")
        name = clean(region["name"])
        if len(name) < 3:
            continue
        ref = name if name not in entries else f"{name} ({code})"
        add(ref, "LOC", code, "", "", "", "", [name])

    # 4. Phoenix organisations and armed groups, then people.
    actors = data / "actors"
    for file_name, default_sector in (("Phoenix.International.actors.txt", "IGO"),
                                      ("Phoenix.MilNonState.actors.txt", "REB")):
        for name, aliases, codes, comment in read_phoenix(actors / file_name):
            upper = name.strip("_")
            words = [w for w in upper.split("_") if w]
            is_org = ORG_WORDS.search(upper) or len(words) == 1 or len(words) > 3 or "RULERS" not in comment.upper()
            etype = "ORG" if is_org else "PER"
            code = codes[-1] if codes else ""
            country = code[:3] if code[:3] in alpha2_to_3.values() else ""
            ref = phoenix_name(name)
            alias_names = [phoenix_name(a) for a in aliases if not TITLE_PREFIX.match(a)]
            if etype == "PER":
                alias_names = [a for a in alias_names if " " in a]
            add(ref, etype, country, "", "", default_sector if etype == "ORG" else "", "p", [ref] + alias_names)
    sector_re = re.compile(r"^[A-Z]{3}(GOV|MIL|REB|OPP|JUD|BUS|MED|CVL|NGO|IGO|ELI|LEG|PTY|REL|SPY|COP|DIP)")
    for name, aliases, codes, comment in read_phoenix(actors / "Phoenix.Countries.actors.txt"):
        if not codes or all(len(c.strip()) == 3 for c in codes):
            continue  # country blocks: their aliases include cities, the country file is better
        last = sorted(codes, key=lambda c: c.split(" ")[1] if " " in c else "")[-1].split(" ")[0]
        words = [w for w in name.strip("_").split("_") if w]
        if len(words) < 2 or ORG_WORDS.search(name):
            continue
        match = sector_re.match(last)
        sector = {"COP": "POL", "ELI": "GOV", "LEG": "GOV", "PTY": "GOV", "OPP": "GOV"}.get(
            match.group(1), match.group(1)) if match else ""
        ref = phoenix_name(name)
        alias_names = [phoenix_name(a) for a in aliases if not TITLE_PREFIX.match(a)]
        alias_names = [a for a in alias_names if " " in a]
        add(ref, "PER", last[:3] if last[:3] in alpha2_to_3.values() else "", "", "", sector, "p",
            [ref] + alias_names)

    lines = [f"vigie-entities-kb\t{FORMAT_VERSION}",
             "# Generated by scripts/build-kb.sh from ../shared/data/gazetteer, ../shared/data/actors",
             "# and models/entities/kb-curated.tsv; do not edit (edit kb-curated.tsv and rebuild).",
             "# Licences: mledoze/countries ODbL 1.0; i18n-iso-countries MIT; GeoNames CC BY 4.0;",
             "# Phoenix/PETRARCH dictionaries MIT. Format: docs/ENTITIES.md."]
    for ref in order:
        e = entries[ref]
        lines.append("\t".join(["E", ref, e["type"], e["country"], e["lat"], e["lon"], e["sector"],
                                e["flags"], "|".join(e["aliases"])]))
    for key in sorted(demonyms):
        form, code, lang = demonyms[key]
        lines.append("\t".join(["D", form, code, lang]))
    for form, lang in roles:
        lines.append("\t".join(["R", form, lang]))
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(order)} entries, {len(demonyms)} demonyms, {len(roles)} roles")


if __name__ == "__main__":
    main()
