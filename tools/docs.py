#!/usr/bin/env python
"""Build the documentation site: every notebook of nbs/, executed, as a page of a static site.

    python tools/docs.py [--out _docs] [--workers 2] [--only 03_reader 10_plot]

What it does, and why not nbdev's own `nbdev-docs`: nbdev renders with Quarto, which is not installable on these
machines (it is in no reachable registry), and the notebooks in the repository carry no outputs (`nbdev-clean`), so
even a Quarto build would show no figure, no table, no viewer. This script:

1. copies each notebook to a build folder beside nbs/ (so its relative paths, `data/segy/...`, still resolve) and
   inserts, after every `#| export` cell, a cell with nbdev's `show_doc` of each function and class it defines
   (the API entries: signature, docments, docstring);
2. executes it with nbdev's own notebook runner (`nbdev.test.test_nb`, the one `nbdev-test` uses, so cells flagged
   `slow`, `notest` or `cuda` are skipped as there; a note says so on the page), two notebooks at a time;
3. drops `#| hide` cells, exported cells that only import, the `#| ...` directive lines and what went to stderr
   (library warnings, progress bars); hides the source of the `show_doc` cells and puts each exported cell's
   source after its API entries, folded (`tools/docs.js` wraps it in a <details>: shown on a click), as nbdev's
   sites show it;
4. renders the pages with MkDocs (Material theme, its built-in offline search, fonts not fetched from Google)
   and mkdocs-jupyter, in notebook order, with the README as the front page (its links to files of the repository
   that are not pages go to GitHub).

It prints the build time and the page count. Where Quarto exists, nbdev's configuration (`nbs/_quarto.yml`,
`nbdev-docs`) still works; this script builds the site CI publishes and checks (tests/browser/docs.py).
"""
import argparse, ast, json, os, re, shutil, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
REPO = 'https://github.com/seisnb/seisnb/blob/main'
SKIP_FLAGS = ['notest', 'slow', 'cuda']
_DIRECTIVE = re.compile(r'^\s*#\s*\|\s*(.*)$')

def directives(src:str)->list:
    "The `#| ...` directives of a cell (its leading lines), as words."
    out = []
    for line in src.splitlines():
        m = _DIRECTIVE.match(line)
        if not m: break
        out += m.group(1).split()
    return out

def strip_directives(src:str)->str:
    lines = src.splitlines()
    while lines and _DIRECTIVE.match(lines[0]): lines.pop(0)
    return '\n'.join(lines)

def defined(src:str)->list:
    "What an exported cell defines, as expressions show_doc can take: functions, classes, and fastcore @patch methods."
    try: tree = ast.parse(strip_directives(src))
    except SyntaxError: return []
    out = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith('_'): out.append(node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith('_'):
            patched = any((isinstance(d, ast.Name) and d.id == 'patch') or (isinstance(d, ast.Call) and getattr(d.func, 'id', '') == 'patch')
                          for d in node.decorator_list)
            args = node.args.args
            if patched and args and args[0].annotation is not None and isinstance(args[0].annotation, ast.Name):
                out.append(f"{args[0].annotation.id}.{node.name}")
            elif not patched: out.append(node.name)
    return out

def prepare(src:Path, dst:Path):
    "The notebook `src` as the build runs it: show_doc cells after exported cells, nbdev_export cells left out."
    nb = json.loads(src.read_text())
    cells = []
    for c in nb['cells']:
        s = ''.join(c['source'])
        if c['cell_type'] == 'code' and 'nbdev_export()' in s: continue
        cells.append(c)
        if c['cell_type'] == 'code' and 'export' in directives(s):
            for name in defined(s):
                cells.append(dict(cell_type='code', execution_count=None, id=f"doc{len(cells)}", outputs=[],
                                  metadata={'tags': ['hide_input', 'show_doc']},
                                  source=f"from nbdev.showdoc import show_doc\nshow_doc({name})"))
    nb['cells'] = cells
    dst.write_text(json.dumps(nb, indent=1))

def run_one(path:str)->int:
    "In a process of its own: run notebook `path` in place with nbdev's runner, its outputs saved; exit status 1 on failure."
    from nbdev.test import test_nb
    ok, _ = test_nb(path, skip_flags=SKIP_FLAGS, save=True, do_print=False)
    return 0 if ok else 1

def execute(path:str)->tuple:
    "Run notebook `path` in a fresh Python (as nbdev-test gives each notebook its own); (name, ok, seconds, error)."
    t = time.time()
    r = subprocess.run([sys.executable, __file__, '--execute', path], capture_output=True, text=True,
                       env=dict(os.environ, MPLBACKEND='module://matplotlib_inline.backend_inline'))
    return Path(path).name, r.returncode == 0, time.time() - t, r.stderr[-3000:]

_SOURCE_LINK = re.compile(r'^\[source\]\(.*?\)\{[^}]*\}\s*$', re.M)

def imports_only(src:str)->bool:
    "Whether a cell's code (directives aside) is nothing but imports."
    try: body = ast.parse(strip_directives(src)).body
    except SyntaxError: return False
    return bool(body) and all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in body)

def finish(path:Path):
    "Drop hidden cells, import-only exported cells, directive lines and stderr; mark skipped cells; each exported cell's source after its API entries."
    nb = json.loads(path.read_text())
    out, held = [], None                                 # held: an exported cell, until its show_doc cells are out
    def release():
        nonlocal held
        if held is not None: out.append(held); held = None
    for c in nb['cells']:
        s = ''.join(c['source'])
        c.get('metadata', {}).pop('execution', None)       # nbdev's runner times cells there; nbformat wants strings
        is_doc = 'show_doc' in c.get('metadata', {}).get('tags', [])
        if not is_doc: release()
        if c['cell_type'] != 'code': out.append(c); continue
        d = directives(s)
        if 'hide' in d or ('export' in d and imports_only(s)): continue
        c['outputs'] = [o for o in c.get('outputs', []) if not (o.get('output_type') == 'stream' and o.get('name') == 'stderr')]
        skipped = [f for f in SKIP_FLAGS if f in d]
        c['source'] = strip_directives(s)
        if skipped and not c.get('outputs'):
            c['outputs'] = [dict(output_type='stream', name='stdout',
                                 text=f"(a {skipped[0]} cell: not run for the documentation; nbdev-test --flags {skipped[0]} runs it)\n")]
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md is not None:
                text = ''.join(md) if isinstance(md, list) else md
                o['data']['text/markdown'] = _SOURCE_LINK.sub('', text)
                o['data'].pop('text/plain', None)
        if not c['source'].strip() and not c.get('outputs'): continue
        if 'export' in d:
            c.setdefault('metadata', {})['tags'] = c['metadata'].get('tags', []) + ['export_source']
            held = c; continue
        out.append(c)
    release()
    nb['cells'] = out
    path.write_text(json.dumps(nb, indent=1))

def front_page(pages:list)->str:
    "README.md with links to repository files that are not pages pointed at GitHub."
    text = (ROOT/'README.md').read_text()
    names = {p.name for p in pages}
    def fix(m):
        label, target = m.group(1), m.group(2)
        if re.match(r'^[a-z]+:', target) or target.startswith('#'): return m.group(0)
        base = target.split('#')[0]
        if Path(base).name in names: return f"[{label}]({Path(base).name})"
        return f"[{label}]({REPO}/{target})"
    return re.sub(r'\[([^\]]*)\]\(([^)\s]+)\)', fix, text)

def title_of(nb_path:Path)->str:
    nb = json.loads(nb_path.read_text())
    for c in nb['cells']:
        if c['cell_type'] == 'markdown':
            m = re.search(r'^#\s+(.+)$', ''.join(c['source']), re.M)
            if m: return m.group(1).strip()
    return nb_path.stem

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='_docs', help='where the site goes (nbdev\'s doc_path)')
    ap.add_argument('--workers', type=int, default=2, help='notebooks executed at a time')
    ap.add_argument('--only', nargs='*', help='build only these notebooks (names without .ipynb), e.g. to check one page')
    ap.add_argument('--execute', metavar='NB', help=argparse.SUPPRESS)      # internal: run one notebook (see `execute`)
    a = ap.parse_args()
    if a.execute: sys.exit(run_one(a.execute))
    t0 = time.time()
    build = NBS/'_docs_build'                       # beside the notebooks: their relative paths resolve
    shutil.rmtree(build, ignore_errors=True); (build/'docs').mkdir(parents=True)
    nbs = sorted(p for p in NBS.glob('[0-9]*.ipynb')) 
    if a.only: nbs = [p for p in nbs if p.stem in a.only]
    pages = [build/'docs'/p.name for p in nbs]
    for src, dst in zip(nbs, pages): prepare(src, dst)
    (build/'docs'/'data').symlink_to(NBS/'data')
    failed = []
    env_workers = max(1, a.workers)
    with ThreadPoolExecutor(env_workers) as ex:
        for name, ok, sec, err in ex.map(execute, [str(p) for p in pages]):
            print(f"  {name:<24} {'ok' if ok else 'FAILED'} in {sec:5.1f} s", flush=True)
            if not ok: failed.append((name, err))
    if failed:
        for name, err in failed: print(f"--- {name}\n{err}", file=sys.stderr)
        shutil.rmtree(build, ignore_errors=True)
        sys.exit(f"docs: {len(failed)} notebook(s) failed to execute")
    (build/'docs'/'data').unlink()
    for p in pages: finish(p)
    (build/'docs'/'index.md').write_text(front_page(pages))
    (build/'docs'/'styles.css').write_text((NBS/'styles.css').read_text() if (NBS/'styles.css').exists() else '')
    for f in ('docs.css', 'docs.js'): shutil.copy(ROOT/'tools'/f, build/'docs'/f)
    out = Path(a.out).absolute()
    cfg = {
        'site_name': 'seisnb', 'site_url': 'https://seisnb.github.io/seisnb/', 'repo_url': 'https://github.com/seisnb/seisnb',
        'docs_dir': str(build/'docs'), 'site_dir': str(out), 'use_directory_urls': False,
        'theme': {'name': 'material', 'font': False, 'features': ['navigation.top', 'search.highlight']},
        'nav': [{'Home': 'index.md'}] + [{title_of(p): p.name} for p in pages],
        'plugins': ['search', {'mkdocs-jupyter': {'execute': False, 'include_source': True, 'ignore_h1_titles': True,
                                                  'remove_tag_config': {'remove_input_tags': ['hide_input']}}}],
        'markdown_extensions': ['tables', 'admonition', 'pymdownx.superfences'],
        'extra_css': ['styles.css', 'docs.css'], 'extra_javascript': ['docs.js'],
    }
    (build/'mkdocs.yml').write_text(json.dumps(cfg, indent=1))     # JSON is YAML
    r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '--quiet', '-f', str(build/'mkdocs.yml')],
                       capture_output=True, text=True)
    if r.returncode: sys.exit(f"docs: mkdocs failed:\n{r.stderr[-3000:]}")
    shutil.rmtree(build, ignore_errors=True)
    html = sorted(out.glob('*.html'))
    print(f"docs: {len(pages)} notebook pages and the front page in {out} ({len(html)} HTML files), "
          f"built in {time.time() - t0:.0f} s")

if __name__ == '__main__': main()
