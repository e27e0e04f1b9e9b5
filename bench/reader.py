"""Reader benchmark: warm inline / crossline / depth-slice reads of seisnb against raw segfast (memmap engine,
raw trace indices) and segyio (with mmap), and a cold depth slice from seisnb's cache against segyio's.

    python bench/reader.py                      # the ~850 MB cube of the issue: 400 x 500 x 1000 float32
    python bench/reader.py --shape 100 120 500  # a quick run

The cube is written once by seisnb.synth (inline-sorted, format 5, big-endian) into --dir and reused. Every
timing is a median over --repeat reads of different random lines, all libraries reading the same lines in
the same run (who reads a line first rotates), so the ratios hold on a busy machine. 'Warm' means the file is in the page cache (it is read
once first); 'cold' means the pages of the files involved were dropped with posix_fadvise(DONTNEED) just
before the read (checked with fincore where available).
"""
import argparse, gc, json, os, shutil, statistics, subprocess, sys, time
from pathlib import Path

import numpy as np
import segfast, segyio

from seisnb.reader import SeismicSliceReader
sys.path.insert(0, str(Path(__file__).parent))
from common import cube_path, warm

def drop(*paths):
    "Evict the files from the page cache (they must not be mapped by anyone)."
    for p in paths:
        fd = os.open(p, os.O_RDONLY)
        try: os.fsync(fd); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally: os.close(fd)

def resident(p):
    "Bytes of `p` in the page cache, from fincore (None if it is not installed)."
    if not shutil.which('fincore'): return None
    out = subprocess.run(['fincore', '--bytes', '--noheadings', '--output', 'RES', str(p)], capture_output=True, text=True)
    return int(out.stdout.split()[0]) if out.returncode == 0 and out.stdout.strip() else None

def timed(fn):
    t = time.perf_counter(); out = fn(); return time.perf_counter() - t, out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--shape', nargs=3, type=int, default=[400, 500, 1000], metavar=('NI', 'NX', 'NS'))
    ap.add_argument('--repeat', type=int, default=15, help='reads per measurement (median reported)')
    ap.add_argument('--dir', default='bench/out', help='where the cube and the results go')
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    ni, nx, ns = a.shape
    out = Path(a.dir)
    path = cube_path(a.shape, out, a.seed)
    size = path.stat().st_size
    print(f"cube {ni} x {nx} x {ns}, {size/2**20:.0f} MiB: {path}")
    rng = np.random.default_rng(1)

    # --- warm reads ---
    warm(path)
    t_open, r = timed(lambda: SeismicSliceReader(path))
    r.clear_cache()
    sf = segfast.open(str(path), engine='memmap', endian='big')
    sy = segyio.open(path); sy.mmap()
    index = r.geometry.index                          # inline-sorted, no holes: trace = i*nx + j
    assert (index == np.arange(ni*nx).reshape(ni, nx)).all()
    ils, xls = r.inlines, r.crosslines
    cases = {
        'inline': (lambda i: r.inline(ils[i]), lambda i: sf.load_traces(np.arange(i*nx, (i+1)*nx)),
                   lambda i: sy.iline[ils[i]], ni),
        'crossline': (lambda j: r.crossline(xls[j]), lambda j: sf.load_traces(np.arange(ni)*nx + j),
                      lambda j: sy.xline[xls[j]], nx),
        'depth slice': (lambda k: r.depth_slice(k), lambda k: sf.load_depth_slices([k])[0].reshape(ni, nx),
                        lambda k: sy.depth_slice[k], ns),
    }
    results = {'shape': [ni, nx, ns], 'file_mib': round(size/2**20), 'repeat': a.repeat, 'open_warm_s': t_open}
    print(f"\nwarm reads, median of {a.repeat} (ms)     seisnb   segfast    segyio   seisnb/segfast  seisnb/segyio")
    for name, (fs, ff, fy, n) in cases.items():
        picks = rng.choice(n, a.repeat + 1, replace=False)
        for f in (fs, ff, fy): f(picks[0])                              # first call: imports, numba, mmap setup
        t = {k: [] for k in ('seisnb', 'segfast', 'segyio')}
        libs = [('seisnb', fs), ('segfast', ff), ('segyio', fy)]
        for n_pick, p in enumerate(picks[1:]):       # same lines for all three; who reads a line first rotates,
            for k, f in libs[n_pick % 3:] + libs[:n_pick % 3]:   # since the first pulls it into the CPU caches
                dt, v = timed(lambda: f(p)); t[k].append(dt)
            np.testing.assert_array_equal(fs(p), ff(p))                 # the same numbers
        m = {k: statistics.median(v)*1000 for k, v in t.items()}
        results[name] = {**m, 'seisnb/segfast': m['seisnb']/m['segfast'], 'seisnb/segyio': m['seisnb']/m['segyio']}
        print(f"  {name:<34} {m['seisnb']:8.2f} {m['segfast']:9.2f} {m['segyio']:9.2f} {m['seisnb']/m['segfast']:14.2f}x"
              f" {m['seisnb']/m['segyio']:13.2f}x")

    # --- the cache ---
    t_build, files = timed(lambda: r.build_cache(progress=False))
    cache = files[0]
    results['cache_build_s'] = t_build
    picks = rng.choice(ns, a.repeat + 1, replace=False)
    r.depth_slice(picks[0])
    t_warm_cache = statistics.median([timed(lambda: r.depth_slice(k))[0] for k in picks[1:]])*1000
    results['depth slice from cache, warm'] = {'seisnb': t_warm_cache,
                                               'seisnb/segfast': t_warm_cache/results['depth slice']['segfast']}
    print(f"  {'depth slice from the cache':<34} {t_warm_cache:8.2f} {results['depth slice']['segfast']:9.2f} "
          f"{results['depth slice']['segyio']:9.2f} {t_warm_cache/results['depth slice']['segfast']:14.2f}x "
          f"{t_warm_cache/results['depth slice']['segyio']:13.2f}x")
    print(f"\ncache built in {t_build:.1f} s: {cache} ({cache.stat().st_size/2**20:.0f} MiB)")
    del r, sf; sy.close(); gc.collect()

    # --- cold depth slices ---
    tc, ty, res = [], [], []
    for k in picks[1:]:
        rc = SeismicSliceReader(path)                # opening reads the trace headers (every page of the SEG-Y)
        assert rc.cache_valid
        drop(path, cache); res.append((resident(path), resident(cache)))
        dt, v = timed(lambda: rc.depth_slice(k)); tc.append(dt)
        del rc; gc.collect()
        with segyio.open(path) as s:
            s.mmap(); drop(path)
            dt, w = timed(lambda: s.depth_slice[k]); ty.append(dt)
        np.testing.assert_array_equal(v, w)
    mc, my = statistics.median(tc)*1000, statistics.median(ty)*1000
    results['cold depth slice'] = {'seisnb cache': mc, 'segyio': my, 'segyio/seisnb': my/mc,
                                   'resident_after_drop_bytes': res[0]}
    print(f"cold depth slice, median of {a.repeat} (ms): seisnb cache {mc:.2f}, segyio (mmap) {my:.1f}: "
          f"{my/mc:.0f}x faster" + (f"   [after the drop: {res[0][0]} B of the SEG-Y, {res[0][1]} B of the cache in memory]"
                                     if res[0][0] is not None else ''))
    w = results
    ok_warm = all(w[n]['seisnb/segfast'] <= 1.5 for n in ('inline', 'crossline', 'depth slice'))
    ok_cold = w['cold depth slice']['segyio/seisnb'] >= 20
    print(f"\ntargets: warm reads within 1.5x of raw segfast: {'met' if ok_warm else 'MISSED'}; "
          f"cold depth slice from the cache >= 20x faster than segyio: {'met' if ok_cold else 'MISSED'}")
    (out/'reader.json').write_text(json.dumps(results, indent=1))
    print(f"results: {out/'reader.json'}")

if __name__ == '__main__': main()
