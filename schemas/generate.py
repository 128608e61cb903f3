#!/usr/bin/env python3
"""Writes the JSON Schemas (draft 2020-12) of every file mesomix reads into schemas/.

The schemas are for editors (taplo, Even Better TOML: a file's first line
`#:schema PATH-OR-URL`) and for checking files before mesomix sees them. mesomix's own
loaders stay the authority: they check what a schema cannot (dimensions, sums, limits,
names against the catalog). Edit this file, run it, commit both:  schemas/generate.py
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
BASE = "https://mesomix.invalid/schemas/"  # an identifier, not a download address

NUM = r"[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?"  # a leading zero always (ISMP): no ".5"
MASS = r"(g|mg|mcg|ug|µg|μg)"
VOL = r"(L|mL|uL|µL|μL|mcL)"


def quantity(units, description, example):
    return {
        "type": "string",
        "pattern": rf"^ *{NUM} *{units} *$",
        "description": description,
        "examples": [example],
    }


DEFS = {
    "text": {"type": "string", "minLength": 1, "pattern": r"^[^\u0000-\u0008\u000a-\u001f\u007f-\u009f]*$",
             "description": "One line of text (lists of text hold several lines)."},
    "texts": {"type": "array", "items": {"$ref": "#/$defs/text"}},
    "mass": quantity(MASS, "A mass with its unit: g, mg or mcg.", "1 mg"),
    "volume": quantity(VOL, "A volume with its unit: mL, mcL or L (never cc).", "0.05 mL"),
    "length": quantity("(mm|cm)", "A length with its unit: mm or cm.", "2 mm"),
    "duration": quantity("(min|h|d|week|weeks)", "A duration with its unit: min, h, d, week(s).", "1 week"),
    "strength": {
        "type": "string",
        "pattern": rf"^ *({NUM} *{MASS} */ *({NUM} *)?{VOL}|{NUM} *% *w/v|{NUM} *: *{NUM}) *$",
        "description": "A strength: mg/mL, mcg/mL, mg/5 mL, % w/v (g per 100 mL) or a ratio 1:1000.",
        "examples": ["5 mg/mL", "0.5 % w/v", "50 mg/5 mL", "1:1000"],
    },
    "mass_per_kg": {"type": "string", "pattern": rf"^ *{NUM} *{MASS} */ *kg *$",
                    "description": "A mass per kilogram of body weight.", "examples": ["4.5 mg/kg"]},
    "weight": quantity("(kg|g)", "The patient's weight: kg.", "72 kg"),
    "count": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "A whole number, at least 1."},
    "molar_mass": {"type": "string", "pattern": rf"^ *{NUM} *g/mol *$",
                   "description": "A molar mass in g/mol, as the source gives it.", "examples": ["234.34 g/mol"]},
    "schema": {"const": 1, "description": "The file format's version: 1."},
}


def schema(name, title, description, body, defs):
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + f"{name}.schema.json",
        "title": title,
        "description": description,
    }
    out.update(body)
    out["$defs"] = {k: DEFS[k] for k in defs}
    return out


def obj(properties, required=(), description=None, **extra):
    o = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        o["required"] = list(required)
    if description:
        o["description"] = description
    o.update(extra)
    return o


def ref(name, description=None):
    r = {"$ref": f"#/$defs/{name}"}
    if description:
        r["description"] = description
    return r


def array_of(item, description=None):
    a = {"type": "array", "items": item}
    if description:
        a["description"] = description
    return a


# --- protocol -----------------------------------------------------------------------------
limits_protocol = obj({
    "max_per_injection": ref("mass"), "max_per_session": ref("mass"), "max_per_course": ref("mass"),
    "max_per_injection_per_kg": ref("mass_per_kg"), "max_per_session_per_kg": ref("mass_per_kg"),
}, description="Caps for one active, stricter than the catalog's.")

protocol = schema("protocol", "mesomix protocol (schema 1)",
                  "A mesotherapy protocol: what goes into one batch and how it is injected.", obj({
    "schema": ref("schema"),
    "protocol": obj({
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "e.g. \"hair-classic-5\""},
        "title": ref("text"), "version": ref("text", "This protocol's own revision, e.g. \"1.0.0\""),
        "indication": ref("text"), "authors": ref("texts"), "references": ref("texts"),
    }, ["id", "title", "version"]),
    "component": array_of(obj({
        "active": ref("text", "A catalog id or synonym (mesomix catalog)."),
        "stock": ref("strength", "The strength as supplied."),
        "volume": ref("volume", "Parts mode: the volume of this stock in one batch."),
        "final": ref("strength", "Target mode: the strength wanted in the cocktail (needs [batch] volume)."),
        "product": ref("text"),
        "form": ref("text", "The salt or hydrate the stock's strength is of, e.g. \"minoxidil sulfate\": one of the "
                            "active's forms in the catalog (mesomix catalog)."),
        "presentation": ref("volume", "The volume of one ampoule or vial."),
        "acknowledged": ref("text", "For a withdrawn or suspended active: who decided to use it, and why."),
    }, ["active", "stock"], oneOf=[{"required": ["volume"]}, {"required": ["final"]}]),
        "A stock solution drawn into the mix."),
    "adjunct": array_of(obj({
        "name": ref("text"), "volume": ref("volume"),
        "bedside": {"type": "boolean", "description": "Added at the session, never stored (PRP)."},
    }, ["name", "volume"]), "A volume with no dose of its own (PRP, hyaluronic acid gel, ...)."),
    "diluent": obj({"name": ref("text"), "volume": ref("volume")}, ["name"]),
    "batch": obj({"volume": ref("volume", "The diluent fills the batch up to this (q.s. ad).")}, ["volume"]),
    "injection": obj({
        "technique": ref("text"), "volume_per_point": ref("volume"), "points_per_session": ref("count"),
        "session_volume": ref("volume"), "dead_volume_per_session": ref("volume"),
        "needle": ref("text"), "depth": ref("length"),
    }, ["volume_per_point"], oneOf=[{"required": ["points_per_session"]}, {"required": ["session_volume"]}]),
    "course": obj({
        "sessions": ref("count"),
        "session_minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
        "every": ref("duration", "The interval between sessions when there are no phases."),
        "phase": array_of(obj({"sessions": ref("count"), "every": ref("duration")}, ["sessions", "every"])),
    }, ["sessions"]),
    "stability": obj({"max_bud": ref("duration", "The longest BUD stability data support (cite them in references).")},
                     ["max_bud"]),
    "limits": {"type": "object", "additionalProperties": limits_protocol,
               "description": "[limits.ACTIVE]: caps per active."},
    "instructions": obj({"before": ref("texts"), "after": ref("texts"), "contraindications": ref("texts")}),
}, ["schema", "protocol", "course"],
    # a protocol with something to inject says how (a mechanical protocol needs no [injection])
    dependentRequired={"component": ["injection"], "adjunct": ["injection"]}), ["text", "texts", "mass", "volume", "length", "duration", "strength", "count",
                                        "schema", "mass_per_kg"])

# --- batch --------------------------------------------------------------------------------
date = {"type": "string", "format": "date", "description": "A TOML local date, e.g. 2027-03-31."}
date_time = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$",
             "description": "A TOML local date-time (no time zone), e.g. 2026-11-24T10:30:00."}
compounding = {
    "category": {"type": "integer", "enum": [1, 2], "description": "USP <797> Category 1 or 2."},
    "immediate_use": {"type": "boolean"},
    "storage": {"enum": ["room", "refrigerated", "frozen"]},
    "sterile_components": {"type": "boolean", "description": "Every starting component is sterile."},
    "sterility_tested": {"type": "boolean", "description": "Sterility tested and passed (Category 2)."},
}
lot = obj({"lot": ref("text"), "expiry": date, "volume": ref("volume", "Drawn from this lot.")}, ["lot", "expiry"])
stock_used = {"product": ref("text"), "manufacturer": ref("text"), "strength": ref("strength"),
              "lot": {"oneOf": [ref("text"), array_of(lot)],
                      "description": "The lot number, or [[component.lot]] tables when several lots are used."},
              "expiry": date}
batch = schema("batch", "mesomix batch file (schema 1)",
               "What the pharmacist fills in for one preparation: lot, dates, people, stock lots.", obj({
    "schema": ref("schema"),
    "batch": obj({
        "lot": ref("text", "The internal lot number of this preparation."),
        "prepared": date_time, "preparer": ref("text"), "verifier": ref("text"),
        "first_session": ref("count"), "sessions": ref("count"),
        "volume": ref("volume", "What the batch is scaled to, instead of sessions."),
        "bud": date_time, "storage": ref("text"),
    }, ["lot", "prepared", "preparer", "verifier"]),
    "patient": obj({"id": ref("text"), "name": ref("text"), "birth_date": date, "weight": ref("weight")}, ["id"]),
    "order": obj({"prescriber": ref("text"), "number": ref("text")}, ["prescriber"]),
    "compounding": obj(compounding, description="The conditions that set the BUD limit."),
    "component": array_of(obj(dict(active=ref("text"), **stock_used), ["active", "product", "lot"])),
    "diluent": obj(stock_used, ["product", "lot"]),
    "adjunct": array_of(obj({"name": ref("text"), "lot": ref("text"), "expiry": date}, ["name", "lot"])),
}, ["schema", "batch"]), ["text", "texts", "volume", "strength", "count", "schema", "weight"])

# --- devices ------------------------------------------------------------------------------
devices = schema("devices", "mesomix devices file (schema 1)", "The syringes the pharmacy draws stocks with.", obj({
    "schema": ref("schema"),
    "syringe": array_of(obj({"name": ref("text"), "capacity": ref("volume"), "graduation": ref("volume")},
                            ["name", "capacity", "graduation"]), ),
}, ["schema", "syringe"]), ["text", "volume", "schema"])

# --- catalog ------------------------------------------------------------------------------
FIGURES_FORM = "The salt or hydrate form these figures are of, as published; they are held as the base."


def soft_hard(q):
    return obj({"soft_min": ref(q), "soft_max": ref(q), "soft_source": ref("text"),
                "hard_min": ref(q), "hard_max": ref(q), "hard_source": ref("text"),
                "form": ref("text", FIGURES_FORM)})


catalog = schema("catalog", "mesomix catalog (schema 1)",
                 "The actives mesomix knows: names, presentations, limits, plausible ranges, warnings, each figure "
                 "with its source.", obj({
    "schema": ref("schema"),
    "active": array_of(obj({
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "name": ref("text"), "synonyms": ref("texts"),
        "water_solubility": ref("strength"), "water_solubility_source": ref("text"),
        "presentation": array_of(obj({"stock": ref("strength"), "description": ref("text"), "source": ref("text"),
                                      "form": ref("text", "The salt or hydrate the box states the strength of.")},
                                     ["stock", "description"])),
        "limits": obj({"max_per_injection": ref("mass"), "max_per_session": ref("mass"),
                       "max_per_course": ref("mass"), "max_per_injection_per_kg": ref("mass_per_kg"),
                       "max_per_session_per_kg": ref("mass_per_kg"), "source": ref("text"),
                       "form": ref("text", FIGURES_FORM)}, ["source"]),
        "limits_note": ref("text"),
        "plausible": obj({"stock": soft_hard("strength"), "final": soft_hard("strength"),
                          "per_session": soft_hard("mass"), "note": ref("text")}),
        "status": obj({"state": {"enum": ["suspended", "withdrawn"]}, "text": ref("text"), "source": ref("text")},
                      ["state", "source"]),
        "molar_mass": ref("molar_mass", "The base's molar mass; every form needs it."),
        "molar_mass_source": ref("text"),
        "form": array_of(obj({"name": ref("text"), "synonyms": ref("texts"), "molar_mass": ref("molar_mass"),
                              "source": ref("text")}, ["name", "molar_mass", "source"]),
                         "Salt and hydrate forms; the molar masses give the factor to the base."),
        "warning": array_of(obj({"code": ref("text"), "text": ref("text"), "source": ref("text"),
                                 "kind": ref("text")}, ["code", "text", "source"])),
    }, ["id", "name"])),
}, ["schema", "active"]), ["text", "texts", "mass", "mass_per_kg", "strength", "schema", "molar_mass"])

# --- BUD rules ----------------------------------------------------------------------------
bud_rules = schema("bud-rules", "mesomix BUD rules (schema 1)",
                   "The longest beyond-use dates a preparation may get, by how it was compounded and stored.", obj({
    "schema": ref("schema"), "name": ref("text"), "source": ref("text"),
    "storage": obj({"room": ref("text"), "refrigerated": ref("text"), "frozen": ref("text")},
                   ["room", "refrigerated", "frozen"], description="What each storage condition means, on labels."),
    "rule": array_of(obj({
        "label": ref("text"), "category": {"enum": ["immediate-use", "1", "2"]},
        "sterile_components": {"type": "boolean"}, "sterility_tested": {"type": "boolean"},
        "max_sterile_products": ref("count"),
        "room": ref("duration"), "refrigerated": ref("duration"), "frozen": ref("duration"),
        "source": ref("text"),
    }, ["label", "category", "source"])),
}, ["schema", "rule"]), ["text", "duration", "count", "schema"])

# --- config -------------------------------------------------------------------------------
path = {"type": "string", "minLength": 1, "description": "A file; relative to this config file's folder."}
config = schema("config", "mesomix configuration",
                "/etc/mesomix/config.toml and ~/.config/mesomix/config.toml (or MESOMIX_CONFIG): settings given once "
                "instead of on every call. `mesomix config` shows what is in force.", obj({
    "schema": ref("schema"),
    "catalog": dict(path, description="A catalog replacing the shipped one."),
    "devices": dict(path, description="Syringes replacing the shipped ones."),
    "bud_rules": dict(path, description="BUD rules replacing the shipped USP <797> ones."),
    "log": {"type": "string", "minLength": 1,
            "description": "The compounding log: sqlite:PATH, a path ending in .sqlite or .db, or postgresql://..."},
    "lang": {"enum": ["en", "fr", "es"], "description": "The language of the printouts (default en)."},
    "paper": {"enum": ["a4", "letter"], "description": "The paper size (default a4)."},
    "facility": obj({"name": {"type": "string"}, "address": {"type": "string"}},
                    description="Printed on labels and records."),
    "compounding": obj(compounding, description="Defaults for the compounding conditions."),
}), ["schema"])

for name, s in [("protocol", protocol), ("batch", batch), ("devices", devices), ("catalog", catalog),
                ("bud-rules", bud_rules), ("config", config)]:
    (HERE / f"{name}.schema.json").write_text(json.dumps(s, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
