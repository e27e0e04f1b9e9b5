"""Check that every module of `seisnb/` imports only modules on its own floor or below: the floor of a module is the
number of the notebook it is exported from (`nbs/05_dask.ipynb` -> `seisnb/lazy.py` on floor 5).

    python tools/layers.py        # prints the modules by floor and every upward import; exits 1 if there is one

Every import counts, at the top of a module or inside a function (a lazy import is still a dependency), and so do
`__import__('seisnb')` and `seisnb.open` reached through the package (it lives on the floor of `seisnb.store`).
The package itself (`import seisnb` for `__version__`) is the ground floor."""
import ast, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def floors(root=ROOT)->dict:
    "Module name -> (floor, notebook), read off the `default_exp` line of each numbered notebook."
    out = {}
    for nb in sorted((root/'nbs').glob('[0-9]*.ipynb')):
        m = re.search(r'#\|\s*default_exp\s+([\w.]+)', nb.read_text())
        if m: out[m.group(1)] = (int(re.match(r'\d+', nb.name).group()), nb.name)
    return out

def imports(path:Path)->list:
    "(line, module) for every seisnb module `path` imports, anywhere in it."
    tree, out = ast.parse(path.read_text()), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:                                      # from .x import y / from . import x
                mods = [node.module] if node.module else [a.name for a in node.names]
            elif node.module and node.module.startswith('seisnb.'): mods = [node.module[7:]]
            elif node.module == 'seisnb': mods = [a.name for a in node.names]
            else: continue
            out += [(node.lineno, m.split('.')[0]) for m in mods]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name[7:].split('.')[0]) for a in node.names if a.name.startswith('seisnb.')]
        elif isinstance(node, ast.Call) and getattr(node.func, 'id', None) == '__import__':
            out.append((node.lineno, '__import__'))
        elif isinstance(node, ast.Attribute) and node.attr == 'open' and getattr(node.value, 'id', None) == 'seisnb':
            out.append((node.lineno, 'store'))                  # seisnb.open, through the package
    return out

def upward(root=ROOT)->list:
    "Every import of a module on a higher floor (or through `__import__`), as messages."
    fl, bad = floors(root), []
    for mod, (f, nb) in fl.items():
        p = root/'seisnb'/f'{mod}.py'
        if not p.exists(): continue
        for line, dep in imports(p):
            if dep == '__import__': bad.append(f"seisnb/{mod}.py:{line}: __import__ (import the module it needs)")
            elif dep in fl and fl[dep][0] > f:
                bad.append(f"seisnb/{mod}.py:{line}: imports {dep} (floor {fl[dep][0]}, {fl[dep][1]}) from floor {f} ({nb})")
    return bad

if __name__ == '__main__':
    fl = floors()
    by = {}
    for m, (f, nb) in fl.items(): by.setdefault(f, []).append(m)
    for f in sorted(by): print(f"floor {f:2d}: {', '.join(sorted(by[f]))}")
    bad = upward()
    print('\n'.join(bad) or 'no upward import')
    sys.exit(1 if bad else 0)
