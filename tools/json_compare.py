#!/usr/bin/env python3
"""Compare the JSON of two builds of the binary on every JSON command the tests run.

    INDIKATOR_JSON_LOG=DIR cargo test                       # logs each command's arguments
    python3 tools/json_compare.py DIR OLD_BINARY NEW_BINARY  # runs both on each

Prints per command `same` (byte for byte), `float` (the same keys and values, numbers equal to
1e-12 relative: summation order) or `DIFF` with the first differing key path. Exit 1 on a DIFF."""
import json
import subprocess
import sys
from pathlib import Path


def first_diff(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {str(a)[:80]} vs {str(b)[:80]}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {sorted(set(a) ^ set(b)) or 'reordered'}"
        for k in a:
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: length {len(a)} vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
    elif isinstance(a, float) and isinstance(b, float):
        if abs(a - b) > 1e-12 * max(abs(a), abs(b), 1e-300) and not (a != a and b != b):
            return f"{path}: {a!r} vs {b!r}"
    elif a != b:
        return f"{path}: {str(a)[:80]} vs {str(b)[:80]}"
    return None


def main():
    log, old, new = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    root = Path(__file__).resolve().parent.parent
    counts = {"same": 0, "float": 0, "DIFF": 0}
    for args_file in sorted(log.glob("*.args")):
        args = args_file.read_text().split("\x1f")
        a = subprocess.run([old, *args], cwd=root, capture_output=True).stdout
        b = subprocess.run([new, *args], cwd=root, capture_output=True).stdout
        cmd = " ".join(args)[:110]
        if a == b:
            kind, d = "same", None
        else:
            try:
                d = first_diff(json.loads(a), json.loads(b))
            except ValueError:
                d = "not JSON"
            kind = "DIFF" if d else "float"
        counts[kind] += 1
        print(f"{kind:<6} {cmd}" + (f"\n       {d}" if d else ""))
    print(", ".join(f"{v} {k}" for k, v in counts.items()), "of", sum(counts.values()), "commands")
    return 1 if counts["DIFF"] else 0


if __name__ == "__main__":
    sys.exit(main())
