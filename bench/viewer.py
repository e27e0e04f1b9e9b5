"""Viewer benchmark: the time of a slider step (new slice + canvas draw + the PNG frame ipympl sends) in each
mode of `SliceViewer`, on the ~850 MB cube of bench/reader.py.

    python bench/viewer.py                      # 400 x 500 x 1000 float32, written once into bench/out
    python bench/viewer.py --shape 100 120 500  # a quick run

For each mode: 'drag' moves the slider one line at a time (what dragging does; the read-ahead thread is on),
'jump' goes to random lines (nothing cached). Depth slices are timed from the SEG-Y and from the reader's
depth-slice cache. Medians over --steps steps; the file is in the page cache (warm). Target: <= 50 ms.
"""
import argparse, json, statistics, sys, time
from pathlib import Path

import numpy as np

from seisnb.reader import SeismicSliceReader
from seisnb.viewer import SliceViewer
sys.path.insert(0, str(Path(__file__).parent))
from common import cube_path, warm

def step_time(v, mode, label):
    "One slider step: the slice, the draw, and the PNG frame ipympl sends to the browser (made inside the blit)."
    t = time.perf_counter()
    v.show(mode, label)
    return time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--shape', nargs=3, type=int, default=[400, 500, 1000], metavar=('NI', 'NX', 'NS'))
    ap.add_argument('--steps', type=int, default=30)
    ap.add_argument('--dir', default='bench/out')
    a = ap.parse_args()
    path = cube_path(a.shape, a.dir)
    warm(path)
    r = SeismicSliceReader(path)
    r.clear_cache()
    v = SliceViewer(r, interactive=True)                       # the ipympl canvas a notebook gets
    v.fig.canvas.syncing_data_url = False       # as ipympl sets it once a browser shows the canvas: diffs only
    print(f"{path.name}: {r.shape}, canvas {type(v.fig.canvas).__name__}, figure {v.fig.get_size_inches()} in at "
          f"{v.fig.dpi:g} dpi")
    rng = np.random.default_rng(0)
    labels = {'inline': r.inlines, 'crossline': r.crosslines, 'depth': r.samples}
    res, rows = {}, []
    def run(mode, tag):
        lab = labels[mode]
        start = len(lab)//3
        v.show(mode, lab[start])                               # the mode switch redraws the axes: not a step
        drag = [step_time(v, mode, lab[start + k + 1]) for k in range(a.steps)]
        jump = [step_time(v, mode, lab[k]) for k in rng.choice(len(lab), a.steps, replace=False)]
        m = {'drag': statistics.median(drag)*1000, 'jump': statistics.median(jump)*1000}
        res[f'{mode}{tag}'] = m
        rows.append(f"  {mode + tag:<24} {m['drag']:8.1f} {m['jump']:8.1f}")
    for mode in ('inline', 'crossline', 'depth'): run(mode, '')
    t = time.perf_counter(); r.build_cache(progress=False); tc = time.perf_counter() - t
    v._raw.clear(); v._shown.clear()
    run('depth', ' (depth cache)')
    print(f"slider step, median of {a.steps} (ms)     drag     jump"); print('\n'.join(rows))
    ok = all(max(m.values()) <= 50 for k, m in res.items() if k in ('inline', 'crossline') or 'cache' in k)
    ok_all = all(max(m.values()) <= 50 for m in res.values())
    print(f"(cache built in {tc:.1f} s)\ntarget <= 50 ms per step in each mode: "
          f"{'met' if ok_all else 'met with the depth-slice cache' if ok else 'MISSED'}")
    Path(a.dir, 'viewer.json').write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
