"""List the exported notebook cells longer than 40 lines and count `test_eq(..., True)` checks: two of the shapes
STYLE.md asks for (one definition, or one tight group, per exported cell; a check that says what it compares).

    python tools/cells.py            # exits 1 when a cell is over the limit or there are more than 5 such checks
    python tools/cells.py --max 60   # another limit"""
import argparse, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def long_cells(limit:int=40, root=ROOT)->list:
    "(notebook, cell index, lines, first line) of every exported cell longer than `limit` lines."
    out = []
    for p in sorted((root/'nbs').glob('*.ipynb')):
        for i, c in enumerate(json.loads(p.read_text())['cells']):
            s = ''.join(c['source'])
            if c['cell_type'] == 'code' and re.match(r'#\|\s*export', s) and len(s.splitlines()) > limit:
                out.append((p.name, i, len(s.splitlines()), s.splitlines()[1][:70]))
    return out

def true_checks(root=ROOT)->list:
    "(notebook, line) of every `test_eq(..., True)`: a check that cannot say what it compared when it fails."
    pat = re.compile(r'test_eq\(.*,\s*True\)\s*(;|#|$)')
    return [(p.name, l.strip()) for p in sorted((root/'nbs').glob('*.ipynb'))
            for c in json.loads(p.read_text())['cells'] for l in ''.join(c['source']).splitlines() if pat.search(l)]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--max', type=int, default=40, help='longest exported cell allowed, in lines (default 40)')
    a = ap.parse_args()
    cells, checks = long_cells(a.max), true_checks()
    for nb, i, n, first in cells: print(f"{nb} cell {i}: {n} lines ({first})")
    for nb, line in checks: print(f"{nb}: {line}")
    print(f"{len(cells)} exported cells over {a.max} lines; {len(checks)} test_eq(..., True)")
    sys.exit(1 if cells or len(checks) > 5 else 0)
