#!/usr/bin/python3
"""The peer mesomix is measured against: the dose calculator a pharmacist who programs would
write in an afternoon, on pint (units) and tomllib (TOML). It computes what `mesomix dose
--format json` computes (final strength, per injection, per session and per course of every
active) for each protocol named, and prints one JSON object per file (JSON Lines).

It is a yardstick, not a second implementation: it reads only the shipped shapes of a protocol
(parts and target mode, [batch], [diluent], points or session volume) and floats are its numbers.

    bench/peer_dose.py FILE...            JSON Lines on stdout
"""
import json
import re
import sys
import tomllib

import pint

ureg = pint.UnitRegistry()
ureg.define("mcg = microgram")
ureg.define("mcL = microliter")
Q = ureg.Quantity
SYNONYMS = {"organic silicium": "organic-silicium", "monomethylsilanetriol": "organic-silicium",
            "vitamin b7": "biotin", "lignocaine": "lidocaine"}


def strength(text: str):
    text = text.strip()
    if m := re.fullmatch(r"([0-9.eE+-]+)\s*%\s*w/v", text):
        return Q(float(m[1]) * 10, "mg/mL")
    if m := re.fullmatch(r"1:([0-9.eE+-]+)", text):
        return Q(1000 / float(m[1]), "mg/mL")
    if m := re.fullmatch(r"([0-9.eE+-]+)\s*(\w+)/([0-9.]+)\s*(\w+)", text):
        return Q(float(m[1]), m[2]) / Q(float(m[3]), m[4])
    return Q(text).to("mg/mL")


def volume(text: str):
    return Q(text.replace("mcL", "uL")).to("mL")


def dose(path: str) -> dict:
    with open(path, "rb") as f:
        p = tomllib.load(f)
    comps = p.get("component", [])
    batch = volume(p["batch"]["volume"]) if "batch" in p else None
    volumes = []
    for c in comps:
        s = strength(c["stock"])
        v = volume(c["volume"]) if "volume" in c else (strength(c["final"]) * batch / s).to("mL")
        volumes.append((c["active"].strip().lower(), s, v))
    adjuncts = sum((volume(a["volume"]) for a in p.get("adjunct", [])), Q(0, "mL"))
    if batch is None:
        diluent = volume(p["diluent"]["volume"]) if "diluent" in p and "volume" in p["diluent"] else Q(0, "mL")
        batch = sum((v for _, _, v in volumes), Q(0, "mL")) + adjuncts + diluent
    inj = p["injection"]
    per_point = volume(inj["volume_per_point"])
    session = per_point * inj["points_per_session"] if "points_per_session" in inj else volume(inj["session_volume"])
    sessions = p["course"]["sessions"]
    actives = {}
    for active, s, v in volumes:
        active = SYNONYMS.get(active, active)
        actives[active] = actives.get(active, Q(0, "mg/mL")) + (s * v / batch).to("mg/mL")
    out = []
    for active, c in actives.items():
        per_session = (c * session).to("mg")
        out.append({"active": active, "final_mg_per_mL": c.magnitude,
                    "per_injection_mg": (c * per_point).to("mg").magnitude,
                    "per_session_mg": per_session.magnitude, "per_course_mg": per_session.magnitude * sessions})
    return {"file": path, "dose": {"batch": {"volume_mL": batch.to("mL").magnitude}, "actives": out}}


def main() -> int:
    code = 0
    for path in sys.argv[1:]:
        try:
            print(json.dumps(dose(path)))
        except Exception as e:  # a yardstick: one bad file is reported, the others go on
            print(json.dumps({"file": path, "exit": 1, "diagnostics": [f"{path}: error: {e}"]}))
            code = 1
    return code


if __name__ == "__main__":
    sys.exit(main())
