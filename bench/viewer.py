"""Viewer benchmark: the time of a slider step (new slice + canvas draw + the PNG frame ipympl sends) in each
mode of `SliceViewer`, on the ~850 MB cube of bench/reader.py.

    python bench/viewer.py                      # 400 x 500 x 1000 float32, written once into bench/out
    python bench/viewer.py --shape 100 120 500  # a quick run

For each mode: 'drag' moves the slider one line at a time (what dragging does; the read-ahead thread is on),
'jump' goes to random lines (nothing cached). Depth slices are timed from the SEG-Y and from the reader's
depth-slice cache. Medians over --steps steps; the file is in the page cache (warm). Target: <= 50 ms.

With --3d, the 3-D view (`seisnb.view3d.View3D`, k3d) instead: its first frame (reading the decimated sub-volume
of at most 256^3 values and building the scene), from the SEG-Y and from the depth-slice cache, and a plane move
(to a random inline, crossline or time: the new plane index set on the k3d object, which sends a few bytes to the
browser), alone and as a 2-D viewer's slider step that moves the linked plane. Medians; target: a plane move
under 100 ms. What the browser then takes to draw the moved plane is measured by tests/browser/run.py.

    python bench/viewer.py --3d
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
    ap.add_argument('--3d', dest='three_d', action='store_true', help='time the 3-D view instead')
    a = ap.parse_args()
    path = cube_path(a.shape, a.dir)
    warm(path)
    r = SeismicSliceReader(path)
    r.clear_cache()
    if a.three_d: return bench_3d(r, a)
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

def bench_3d(r, a):
    "First frame and plane moves of View3D, medians."
    from seisnb.view3d import View3D
    rng = np.random.default_rng(0)
    def first(n=3):
        ts = []
        for _ in range(n):
            t = time.perf_counter(); v3 = View3D(r); ts.append(time.perf_counter() - t)
        return statistics.median(ts), v3
    res = {}
    res['first frame (SEG-Y)'], v3 = first()
    t = time.perf_counter(); r.build_cache(progress=False); tc = time.perf_counter() - t
    res['first frame (depth cache)'], v3 = first()
    moves = []
    for k in range(a.steps):
        kind = ('inline', 'crossline', 'time')[k % 3]
        lab = {'inline': r.inlines, 'crossline': r.crosslines, 'time': r.samples}[kind]
        t = time.perf_counter(); v3.set_position(**{kind: lab[rng.integers(len(lab))]}); moves.append(time.perf_counter() - t)
    res['plane move'] = statistics.median(moves)
    v = SliceViewer(r, interactive=True); v.fig.canvas.syncing_data_url = False
    linked = View3D(r, viewer=v)
    steps = []
    for k in range(a.steps):
        t = time.perf_counter(); v.show('inline', r.inlines[len(r.inlines)//3 + k]); steps.append(time.perf_counter() - t)
    res['2-D slider step moving the linked plane'] = statistics.median(steps)
    print(f"{r.path.name}: {r.shape}; scene {' x '.join(map(str, v3.sub.shape))} float16 "
          f"({v3.sub.data.nbytes/1e6:.0f} MB); depth cache built in {tc:.1f} s")
    for k, sec in res.items(): print(f"  {k:<42} {sec*1000:9.1f} ms")
    ok = res['plane move'] < 0.1
    print(f"target: a plane move under 100 ms: {'met' if ok else 'MISSED'}")
    Path(a.dir, 'viewer3d.json').write_text(json.dumps({k: v*1000 for k, v in res.items()}, indent=1))

if __name__ == '__main__': main()
