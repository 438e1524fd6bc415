"""Write the golden plans in tests/golden/plan/ from their arguments (the .json files).

Run it after a deliberate change to the planner, then review the diff of the .csv files.
A new case is a new .json file of plan_week arguments.
"""

import json
from pathlib import Path

import stretchkit as sk

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden" / "plan"

CASES = {
    "default": {},
    "tight_rotation": {"days": 4, "minutes": 7, "seed": 3},
    "focus_piriformis_daily": {"minutes": 8, "focus": ["piriformis"], "persistent_tightness": True},
    "cleared_chosen_days": {
        "days": ["Tue", "Sat"],
        "minutes": 20,
        "warmed_up": True,
        "conditions": ["sciatica"],
        "cleared": True,
        "seed": 7,
    },
}

if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, args in CASES.items():
        case = GOLDEN / f"{name}.json"
        if not case.exists():
            case.write_text(json.dumps(args, indent=2) + "\n")
    for case in sorted(GOLDEN.glob("*.json")):
        args = json.loads(case.read_text())
        sk.plan_to_csv(sk.plan_week(**args), case.with_suffix(".csv"))
        print(f"wrote {case.with_suffix('.csv').relative_to(GOLDEN.parent.parent.parent)}")
