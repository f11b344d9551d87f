"""Write the committed generated files (schemas, code tables, rule catalogue).

Run ``python scripts/generate.py`` after changing the codes, the model or the
rules; ``python scripts/generate.py --check`` exits 1 when a file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gxopen._generated import generated_files

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for rel, content in generated_files().items():
        path = ROOT / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(rel)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    for rel in stale:
        print(f"{'stale' if check else 'wrote'}: {rel}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
