"""Shared by bench/diffusion.py and bench/superres.py: their results as markdown tables, written to bench/out/NAME.md
and into NAME's results section of bench/README.md, which each run of the command rewrites (so the measured numbers
live in one place, the last run's, instead of going stale in the notebooks).

A results section is the text between two markers, `<!-- results: NAME -->` and `<!-- end results: NAME -->`: a
table whose rows are keyed by their first cells (the command that measured them, and what the row is). A run
replaces the rows it measured and keeps the others, so the table holds the last run of each command.
"""
import datetime, os, re
from pathlib import Path

from common import cpu_name

README = Path(__file__).parent/'README.md'

def command(script:str, ap, a, ignore=('dir', 'readme'))->str:
    "The command line that differs from the defaults of `ap`: what a row of a table was measured by."
    opts = []
    for k, v in vars(a).items():
        if k in ignore or v == ap.get_default(k): continue
        flag = '--' + k.replace('_', '-')
        if v is True: opts.append(flag)
        elif isinstance(v, float): opts.append(f"{flag} {v:g}")
        elif isinstance(v, (list, tuple)): opts.append(f"{flag} {' '.join(f'{x:g}' if isinstance(x, float) else str(x) for x in v)}")
        else: opts.append(f'{flag} "{v}"' if isinstance(v, str) and ' ' in v else f"{flag} {v}")
    return ' '.join([f'python {script}', *opts])

def machine()->str:
    "The CPU (and GPU, when CUDA was used) of this run, with today's date: what a row was measured on."
    import torch
    cpu = cpu_name()
    gpu = f", {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ''
    return f"{datetime.date.today()}, {os.cpu_count()} x {cpu}{gpu}"

def _cells(line:str)->list: return [c.strip() for c in line.strip().strip('|').split('|')]
def _line(cells)->str: return '| ' + ' | '.join(str(c) for c in cells) + ' |'

def table(header:list, rows:list)->str:
    "A markdown table."
    return '\n'.join([_line(header), _line(['---']*len(header)), *[_line(r) for r in rows]])

def merge(old:str, header:list, rows:list, keys:int=2)->str:
    "The table of `old` (markdown) with `rows` in place of those whose first `keys` cells match, the others kept."
    lines = [l for l in old.splitlines() if l.strip().startswith('|')]
    kept = [_cells(l) for l in lines[2:]] if lines and _cells(lines[0]) == list(header) else []
    out = list(kept)
    for r in map(lambda r: [str(c) for c in r], rows):
        same = [i for i, k in enumerate(out) if k[:keys] == r[:keys]]
        if same: out[same[0]] = r; continue          # a row measured again, in its place
        at = max([i + 1 for i, k in enumerate(out) if k[0] == r[0]], default=len(out))
        out.insert(at, r)                            # a new one after the last of its command, or at the end
    return table(header, out)

def add_options(ap, smoke:str):
    "`--smoke` (what it shrinks: `smoke`) and `--readme`, the options of a command that publishes its results."
    ap.add_argument('--smoke', action='store_true', help=f'{smoke}, to check the script (about a minute)')
    ap.add_argument('--readme', help='the README whose results section to rewrite (default bench/README.md; '
                                     'with --smoke: none unless given)')

def readme_of(a):
    "The README whose results a run rewrites: `--readme`, else bench/README.md; none for a `--smoke` run unless given."
    return a.readme or (None if a.smoke else README)

def publish(name:str, header:list, rows:list, out:Path, readme:Path=None, keys:int=2)->str:
    "Write `rows` to out/NAME.md and, when `readme` is given, into its results section NAME; the section's table."
    out = Path(out)
    (out/f'{name}.md').write_text(table(header, rows) + '\n')
    if readme is None: return table(header, rows)
    text = Path(readme).read_text()
    begin, end = f'<!-- results: {name} -->', f'<!-- end results: {name} -->'
    m = re.search(re.escape(begin) + r'\n(.*?)' + re.escape(end), text, re.S)
    if m is None: raise SystemExit(f"{readme} has no results section {name}: add the lines {begin} and {end}")
    t = merge(m.group(1), header, rows, keys)
    Path(readme).write_text(text[:m.start(1)] + t + '\n' + text[m.end(1):])
    return t
