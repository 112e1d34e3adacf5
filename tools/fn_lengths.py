#!/usr/bin/env python3
"""Lengths of the Rust functions under src/ (signature to closing brace, blank and comment lines
included; closures count inside their function), longest first. With --max N, exit 1 when any
function is longer than N lines — `.ci/run` keeps every function under 120 lines this way."""
import re
import sys
from pathlib import Path


def blank_out(text):
    """Replace the contents of strings, chars and comments by spaces, keeping newlines."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c == "r" and re.match(r'r(#*)"', text[i:i + 10]) and (i == 0 or not (text[i-1].isalnum() or text[i-1] == "_")):
            m = re.match(r'r(#*)"', text[i:]); hashes = m.group(1)
            end = text.find('"' + hashes, i + len(m.group(0)))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", text[i:end])); i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i:j + 1])); i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]) or (c == "'" and text.startswith("'\\", i)):
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if m:
                out.append(" " * len(m.group(0))); i += len(m.group(0))
            else:
                out.append(c); i += 1
        else:
            out.append(c); i += 1
    return "".join(out)


def functions(path):
    src = blank_out(path.read_text())
    for m in re.finditer(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)", src):
        j = m.end()
        depth = 0
        # the body's opening brace: the first `{` at depth 0 of (), <> is not tracked; `;` first = no body
        while j < len(src) and src[j] not in "{;":
            j += 1
        if j >= len(src) or src[j] == ";":
            continue
        k = j
        while k < len(src):
            if src[k] == "{":
                depth += 1
            elif src[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        start = src.count("\n", 0, m.start()) + 1
        end = src.count("\n", 0, k) + 1
        yield end - start + 1, f"{path}:{start}", m.group(1)


def main():
    limit = None
    if "--max" in sys.argv:
        limit = int(sys.argv[sys.argv.index("--max") + 1])
    rows = sorted((r for p in Path("src").rglob("*.rs") for r in functions(p)), reverse=True)
    for n, where, name in rows[:12]:
        print(f"{n:5} {where} {name}")
    if limit is not None:
        over = [r for r in rows if r[0] > limit]
        if over:
            print(f"{len(over)} function(s) longer than {limit} lines", file=sys.stderr)
            sys.exit(1)
        print(f"longest function: {rows[0][0]} lines (limit {limit})")


if __name__ == "__main__":
    main()
