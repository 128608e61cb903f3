#!/usr/bin/python3
"""Writes N generated protocols (deterministic for a seed) into a folder, for the benchmarks.

Each is a plausible hair-mesotherapy protocol built from the catalog's usual ampoules, with its
stocks written in varied but equivalent units, parts or target mode, and a phased or regular
course, so that `mesomix check`, `mesomix dose` and the pint peer all have real work to do.

    bench/gen_protocols.py OUT_DIR [--count 1000] [--seed 1]
"""
import argparse
import pathlib
import random

# active, stock spellings that all mean the same strength, usual volumes (mL) in one batch
STOCKS = [
    ("minoxidil", ["0.5 % w/v", "5 mg/mL", "5000 mcg/mL", "25 mg/5 mL"], [1, 1.5, 2]),
    ("finasteride", ["0.05 % w/v", "0.5 mg/mL", "500 mcg/mL", "1:2000"], [1, 2]),
    ("dutasteride", ["0.01 % w/v", "0.1 mg/mL", "100 mcg/mL"], [1, 2]),
    ("biotin", ["5 mg/mL", "0.5 % w/v", "25 mg/5 mL"], [0.5, 1]),
    ("organic silicium", ["0.5 % w/v", "5 mg/mL"], [1, 2]),
]
TECHNIQUES = ["point-by-point", "nappage", "papules"]


def protocol(i: int, rng: random.Random) -> str:
    chosen = rng.sample(STOCKS, rng.randint(1, len(STOCKS)))
    target_mode = rng.random() < 0.3
    parts = [f'schema = 1\n\n[protocol]\nid = "generated-{i:05d}"\ntitle = "Generated protocol {i}"\n'
             f'version = "1.{i % 7}.0"\nindication = "Androgenetic alopecia"\n']
    stock_total = 0.0
    for active, spellings, volumes in chosen:
        spelling = rng.choice(spellings)
        parts.append(f'\n[[component]]\nactive = "{active}"\nstock = "{spelling}"\n')
        volume = rng.choice(volumes)
        stock_total += volume
        if target_mode:
            # an eighth or a tenth of the stock's strength in the batch
            parts.append(f'final = "{spelling_fraction(spelling, rng.choice([8, 10]))}"\n')
        else:
            parts.append(f'volume = "{volume:g} mL"\n')
    if target_mode:
        parts.append('\n[diluent]\nname = "Sodium chloride 0.9 %"\n\n[batch]\nvolume = "10 mL"\n')
    elif rng.random() < 0.5:
        parts.append(f'\n[diluent]\nname = "Sodium chloride 0.9 %"\n\n[batch]\nvolume = "{stock_total + rng.choice([1, 2, 4]):g} mL"\n')
    points = rng.choice([20, 30, 40, 50, 60, 80])
    parts.append(f'\n[injection]\ntechnique = "{rng.choice(TECHNIQUES)}"\nvolume_per_point = "{rng.choice(["0.02", "0.05", "0.1"])} mL"\n'
                 f'points_per_session = {points}\ndead_volume_per_session = "0.1 mL"\nneedle = "32G 4 mm"\ndepth = "2 mm"\n')
    if rng.random() < 0.5:
        parts.append('\n[course]\nsessions = 10\nsession_minutes = 20\n\n[[course.phase]]\nsessions = 4\nevery = "1 week"\n\n'
                     '[[course.phase]]\nsessions = 3\nevery = "2 weeks"\n\n[[course.phase]]\nsessions = 3\nevery = "4 weeks"\n')
    else:
        parts.append(f'\n[course]\nsessions = {rng.randint(3, 12)}\n')
    parts.append('\n[instructions]\nbefore = ["No aspirin or NSAIDs for 7 days before a session."]\n'
                 'after = ["Do not wash the hair for 24 hours."]\n')
    return "".join(parts)


def spelling_fraction(spelling: str, divisor: int) -> str:
    """The same kind of unit, divided: '0.5 % w/v' / 5 -> '0.1 % w/v'."""
    if spelling.startswith("1:"):
        return f"1:{int(spelling[2:]) * divisor}"
    number, unit = spelling.split(" ", 1)
    if unit.startswith("mg/5 mL"):
        return f"{float(number) / divisor:g} {unit}"
    return f"{float(number) / divisor:g} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for i in range(args.count):
        (args.out_dir / f"p{i:05d}.toml").write_text(protocol(i, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
