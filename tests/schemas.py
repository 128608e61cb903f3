#!/usr/bin/env python3
"""ctest: the JSON Schemas in schemas/ (draft 2020-12) are valid schemas; every shipped file
validates against its own; the template `mesomix new` prints does too and names its schema on
its first line; and every file of the bad-input corpus whose fault a schema can see fails it.

    tests/schemas.py SOURCE_DIR BUILT_MESOMIX

TOML is read with Python's tomllib; dates and date-times become ISO strings, as TOML editors
(taplo, Even Better TOML) present them to a schema.
"""
import datetime
import json
import pathlib
import subprocess
import sys
import tomllib

import jsonschema

source = pathlib.Path(sys.argv[1])
mesomix = sys.argv[2]
schemas = {}
for path in sorted((source / "schemas").glob("*.schema.json")):
    s = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(s)
    schemas[path.name.removesuffix(".schema.json")] = jsonschema.Draft202012Validator(
        s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
for kind in ["protocol", "batch", "devices", "catalog", "bud-rules", "config"]:
    assert kind in schemas, f"schemas/{kind}.schema.json is missing"


def as_json(value):
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def errors(kind, text):
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return [f"TOML: {e}"]
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in schemas[kind].iter_errors(as_json(data))]


failures = []
checked = 0

# 1. every shipped file validates against its schema
shipped = [("catalog", source / "formulations/catalog.toml"), ("devices", source / "formulations/devices.toml")]
if (source / "formulations/bud-rules.toml").exists():
    shipped.append(("bud-rules", source / "formulations/bud-rules.toml"))
shipped += [("protocol", p) for p in sorted((source / "formulations/protocols").glob("*.toml"))]
shipped += [("batch", p) for p in sorted((source / "formulations/batches").glob("*.toml"))]
shipped += [("config", p) for p in sorted((source / "docs").glob("config*.toml"))]
for kind, path in shipped:
    checked += 1
    for e in errors(kind, path.read_text(encoding="utf-8")):
        failures.append(f"{path.relative_to(source)} does not validate against {kind}.schema.json: {e}")

# 2. the template of `mesomix new` validates, and names its schema first
template = subprocess.run([mesomix, "new"], check=True, capture_output=True, text=True).stdout
first = template.splitlines()[0]
if not (first.startswith("#:schema ") and first.endswith("/protocol.schema.json")):
    failures.append(f"mesomix new: the first line is not '#:schema .../protocol.schema.json': {first}")
for e in errors("protocol", template):
    failures.append(f"mesomix new: the template does not validate: {e}")
checked += 1

# 3. the bad-input corpus: what a schema can see (a missing or unknown key, a wrong type, a
# quantity that is not "<number> <unit>" with a known unit) must fail it. Faults in the
# arithmetic, the names or the dates are mesomix's alone.
SCHEMA_CAN_SEE = [
    "unknown key", "needs \"", "must be a whole number", "a quantity needs a unit", "schema 2 is not known",
    "not a string", "leading zero", "\"cc\" is not accepted", "a bare % is ambiguous", "not an injectable strength",
    "is not a number", "unknown unit", "a capital M is not milli", "hint: write mg", "not supported in schema 1",
    "cannot be negative", "must be at least 1", "expected a volume", "expected a mass", "expected a strength",
    "must be a string", "must be a table", "must be an array", "must be a date", "write 0.5 (a decimal point)",
]
bad = source / "tests/bad"
caught = 0
for row in (bad / "expectations.tsv").read_text(encoding="utf-8").splitlines():
    if not row or row.startswith("#"):
        continue
    cells = row.split("\t")
    name, command, message = cells[0], cells[1], cells[4] if len(cells) > 4 else ""
    path = bad / name
    if not path.exists() or not any(fragment in message for fragment in SCHEMA_CAN_SEE):
        continue
    if "date" in message:  # a date and a string look alike once read (TOML editors show both as text)
        continue
    kind = "batch" if command.startswith("record") else "protocol"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        continue
    checked += 1
    if errors(kind, text):
        caught += 1
    else:
        failures.append(f"tests/bad/{name} ({message}) validates against {kind}.schema.json: the schema should refuse it")

for f in failures:
    print(f, file=sys.stderr)
print(f"schemas: {checked} files checked, {caught} bad inputs refused by a schema, {len(failures)} failures")
sys.exit(1 if failures else 0)
