#!/usr/bin/env python
"""Line coverage of seisnb/ while the notebooks run.

    python tools/coverage.py [--html DIR] [--fail-under N] [--top N] [-m] [nbdev-test options: PATH, --file-re, --flags ...]

It runs nbdev's own `nbdev_test` under coverage.py and prints a table per module, the total line coverage of seisnb/
(`_modidx.py` left out) and the largest groups of missed lines by function. It exits 1 when a notebook fails and 2 when
the total is below `--fail-under`.

Why not plain `coverage run nbdev-test`: a notebook runs its OWN exported cells, so the functions its lessons call are
compiled from IPython cells (filenames like `<ipython-input-3-...>`), not imported from seisnb/<module>.py, and
processing.py reads 0% after 04_processing ran. nbdev-export writes each exported cell's code, less its leading `#|`
lines, after a marker `# %% ../nbs/NAME.ipynb #CELLID` in seisnb/NAME.py. So this tool patches IPython's
`CachingCompiler` (the compiler `InteractiveShell.run_cell_async` uses: `cache` names the code, `ast_parse` parses it):
a cell whose code is an exported chunk compiles with the module's filename and with the module's line numbers, and
coverage counts the lines it runs as lines of seisnb/NAME.py. The patch is installed in this process before nbdev-test
forks its workers, which inherit it; coverage's `multiprocessing` support measures the workers and `thread` the
shell's loop thread, where execnb runs the cells. A traceback from an exported cell then shows seisnb/NAME.py.
"""
import sys
from pathlib import Path

# This file is named coverage.py: running it puts tools/ first on sys.path, where `import coverage` would find it again.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or '.').resolve() != _here]

import ast, bisect, multiprocessing, re, tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass

import coverage
from coverage.results import should_fail_under

ROOT = _here.parent
LIB = ROOT/'seisnb'
_MARKER = re.compile(r'^# %% (\S+\.ipynb) #(\S+)\s*$')
_DIRECTIVE = re.compile(r'^\s*#\s*\|')

# ---- which module lines each exported cell became

def _code_lines(src:str)->list:
    "(line number, text) of the nonblank lines of a cell after its leading `#|` directives and blank lines"
    lines, i = src.splitlines(), 0
    while i < len(lines) and (not lines[i].strip() or _DIRECTIVE.match(lines[i])): i += 1
    return [(n+1, l.rstrip()) for n, l in enumerate(lines) if n >= i and l.strip()]

def _chunks(py:Path):
    "(notebook path, cell id, [(module line number, text)]) for each `# %% ../nbs/NAME.ipynb #CELLID` chunk of `py`"
    cur = None
    for n, l in enumerate(py.read_text().splitlines(), 1):
        if l.startswith('# %% '):
            if cur: yield cur
            m = _MARKER.match(l)
            cur = ((py.parent/m.group(1)).resolve(), m.group(2), []) if m else None
        elif cur and l.strip(): cur[2].append((n, l.rstrip()))
    if cur: yield cur

def _is_import(l): return l.lstrip().startswith(('from ', 'import '))

@dataclass
class Chunk:
    "Where one exported cell lives in its module"
    nb:str        # notebook file name, e.g. '04_processing.ipynb'
    path:str      # absolute path of the module, the filename the cell compiles with
    lines:dict    # line number in the cell's code as IPython compiles it -> line number in the module

def exported_cells(lib:Path=LIB):
    "{code lines: [Chunk]} for every exported cell of the modules in `lib`, and the cells out of step with their module"
    from fastcore.nbio import read_nb
    from IPython.core.inputtransformer2 import TransformerManager
    from execnb.shell import leading_comment_lines
    tm = TransformerManager()   # the transforms CaptureShell applies before it compiles a cell
    tm.cleanup_transforms.append(leading_comment_lines)
    nbs, index, stale = {}, defaultdict(list), []
    for py in sorted(lib.glob('*.py')):
        for nbp, cid, mod in _chunks(py):
            if nbp not in nbs: nbs[nbp] = {c.get('id'): c.source for c in read_nb(nbp).cells} if nbp.exists() else {}
            src = nbs[nbp].get(cid)
            code = _code_lines(tm.transform_cell(src)) if src is not None else []
            # nbdev-export keeps the lines, only turning `from seisnb.x import` into `from .x import`
            if len(code) != len(mod) or any(a != b for (_, a), (_, b) in zip(code, mod) if not (_is_import(a) and _is_import(b))):
                stale.append(f'{py.relative_to(lib.parent)} #{cid}'); continue
            if not code: continue
            index[tuple(l for _, l in code)].append(Chunk(nbp.name, str(py.resolve()), {c: m for (c, _), (m, _) in zip(code, mod)}))
    return dict(index), stale

# ---- compile exported cells as their module's lines

_index, _last = {}, [None, None]

def _lookup(code:str):
    "The `Chunk` that `code` (a cell as IPython compiles it) was exported to, or None"
    if _last[0] is code: return _last[1]   # `cache` then `ast_parse` see the same string
    lines = _code_lines(code)
    found = _index.get(tuple(l for _, l in lines))
    if found:
        from nbdev.test import _cur_nb   # the notebook this process runs, when two notebooks export the same code
        cur = getattr(_cur_nb[0], 'name', None)
        found = next((c for c in found if c.nb == cur), found[0])
    _last[:] = code, found
    return found

def _relocate(tree:ast.AST, lines:dict):
    "Move every node of `tree` from its cell line to its module line (lines between mapped ones keep their offset)"
    known = sorted(lines)
    def _to(n):
        k = known[max(0, bisect.bisect_right(known, n) - 1)]
        return max(1, lines[k] + n - k)
    for node in ast.walk(tree):
        for a in ('lineno', 'end_lineno'):
            if getattr(node, a, None) is not None: setattr(node, a, _to(getattr(node, a)))

def attribute_cells(index:dict):
    "Patch IPython's `CachingCompiler`: code that is an exported cell compiles with its module's filename and lines"
    from IPython.core.compilerop import CachingCompiler
    _index.clear(); _index.update(index)
    if getattr(CachingCompiler, '_seisnb_patched', False): return
    cache, parse = CachingCompiler.cache, CachingCompiler.ast_parse
    def _cache(self, transformed_code, number=0, raw_code=None):
        # the module's own file is the source shown in tracebacks, so nothing goes into linecache
        hit = _lookup(transformed_code)
        return hit.path if hit else cache(self, transformed_code, number, raw_code)
    def _ast_parse(self, source, filename='<unknown>', symbol='exec'):
        tree, hit = parse(self, source, filename, symbol), _lookup(source)
        if hit and filename == hit.path: _relocate(tree, hit.lines)
        return tree
    CachingCompiler.cache, CachingCompiler.ast_parse, CachingCompiler._seisnb_patched = _cache, _ast_parse, True

# ---- run the notebooks under coverage, report

_RC = """[run]
source = {lib}
omit = */_modidx.py
concurrency = multiprocessing,thread
data_file = {data}
disable_warnings = no-data-collected
[report]
precision = 1
"""

def missed_groups(cov, files) -> Counter:
    "{(module, function): missed lines}: each missed line counted for the innermost def (or class, or <module>) around it"
    groups = Counter()
    for f in files:
        _, _, _, missing, _ = cov.analysis2(f)
        spans = []   # (first, last, qualified name), outer before inner
        def _walk(node, prefix=''):
            for ch in ast.iter_child_nodes(node):
                if isinstance(ch, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    spans.append((ch.lineno, ch.end_lineno, prefix + ch.name)); _walk(ch, prefix + ch.name + '.')
                else: _walk(ch, prefix)
        _walk(ast.parse(Path(f).read_text()))
        rel = Path(f).resolve().relative_to(ROOT)
        for n in missing:
            groups[rel, next((q for a, b, q in reversed(spans) if a <= n <= b), '<module>')] += 1
    return groups

def _parser():
    "nbdev-test's own options (it is a fastcore `call_parse` CLI) plus this tool's"
    from fastcore.script import anno_parser
    from nbdev.test import nbdev_test
    p = anno_parser(nbdev_test.__wrapped__, prog='python tools/coverage.py', pos=['path'])
    p.description = __doc__.split('\n\n')[0]
    p.add_argument('--html', metavar='DIR', help='also write an HTML report to DIR')
    p.add_argument('--fail-under', type=float, metavar='N', help='exit 2 when the total is below N percent')
    p.add_argument('--top', type=int, default=10, metavar='N', help='list the N largest groups of missed lines (default 10)')
    p.add_argument('--data-file', metavar='FILE', help='keep the combined coverage data in FILE (`coverage report --data-file FILE`)')
    p.add_argument('-m', '--show-missing', action='store_true', help='list the missed line numbers in the table')
    return p

def main(argv=None)->int:
    args = vars(_parser().parse_args(argv))
    html, fail_under, top, show_missing, data = (args.pop(k) for k in ('html', 'fail_under', 'top', 'show_missing', 'data_file'))
    args.pop('pdb', None); args.pop('xtra', None)
    html, data = (str(Path(o).resolve()) if o else None for o in (html, data))   # nbdev-test works in nbs/
    index, stale = exported_cells()
    for s in stale: print(f'coverage: {s} is out of step with its notebook (run nbdev-export): its cell is not attributed')
    attribute_cells(index)
    # the workers must inherit the patch: fork them (nbdev-test asks for spawn only on macOS: run in-process there)
    if sys.platform == 'darwin' and args.get('n_workers') is None: args['n_workers'] = 0
    elif 'fork' in multiprocessing.get_all_start_methods(): multiprocessing.set_start_method('fork', force=True)
    from nbdev.test import nbdev_test
    with tempfile.TemporaryDirectory(prefix='seisnb-cov.') as tmp:
        rc = Path(tmp)/'coveragerc'
        rc.write_text(_RC.format(lib=LIB, data=data or Path(tmp)/'.coverage'))
        cov = coverage.Coverage(config_file=str(rc))
        cov.erase()   # data a previous run left in --data-file
        cov.start()
        try: rc_tests = nbdev_test(**args) or 0
        except SystemExit as e: rc_tests = e.code if isinstance(e.code, int) else 1
        finally: cov.stop(); cov.save()
        # every process wrote its own data file; one non-parallel reader combines them into `data_file`
        cov = coverage.Coverage(config_file=str(rc), concurrency=['thread'])
        cov.combine(); cov.save()
        print(f'\ncoverage of seisnb/ while the notebooks ran ({len(index)} exported cells attributed to their modules):')
        total = cov.report(show_missing=show_missing, skip_covered=False)
        files = sorted(cov.get_data().measured_files())
        if html: cov.html_report(directory=html, title='seisnb: coverage while the notebooks run'); print(f'HTML report: {html}/index.html')
        if top:
            print(f'\nlargest groups of missed lines (module:function):')
            for (mod, fn), n in missed_groups(cov, files).most_common(top): print(f'{n:6d}  {mod}:{fn}')
    print(f'\ntotal line coverage of seisnb/: {total:.1f}%')
    if rc_tests: print(f'coverage: nbdev-test failed (exit {rc_tests})'); return 1
    if fail_under is not None and should_fail_under(total, fail_under, 1):
        print(f'coverage: {total:.1f}% is below --fail-under {fail_under:g}'); return 2
    return 0

if __name__ == '__main__': sys.exit(main())
