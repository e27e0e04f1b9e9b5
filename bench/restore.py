"""Gap-filling benchmark: missing traces of field sections restored with `seisnb.restore.restore` (DDNM under a diffusion
prior trained by `seisnb diffusion train` on the same section) against linear interpolation across traces and PyLops'
sparse inversion (FISTA in the 2-D Fourier domain), and `seisnb fill` on whole surveys.

    python bench/restore.py --data ../shared/data/field/f3_section_178.npy ../shared/data/field/masha_field.npy \\
                                   ../shared/data/field/alaska_31_81.npy          # about 35 minutes
    python bench/restore.py --data A.npy --tune         # PyLops' settings tuned on one section (the table; then fixed below)
    python bench/restore.py --fill 50 200 --fill-width 24 --fill-steps 10   # seisnb fill --workers 2 on 50 and 200 MB surveys
    python bench/restore.py --smoke                     # tiny sizes: checks the script in a minute or two

Each section (trace, sample) is split by traces: the first 75% trains the prior (`seisnb diffusion train --data`, its
defaults and 8-minute budget), and a window of the rest (up to 192 traces by 256 samples, centred in time) is what
the methods restore, traces the prior never saw. Three decimations of the window: 30% and 50% of the traces removed at
random (seed 1), and gaps of 8 neighbouring traces every 40. Each method is scored by the SNR (dB) of the filled traces
against the truth, 10 log10(sum truth^2 / sum error^2), timed, and checked to keep the recorded traces
(max |difference| on them, which must be 0). Methods:
- linear: linear interpolation across traces (`linear_fill`);
- pylops: `sparse_fill`, FISTA with the settings in PYLOPS, chosen by `--tune` on the F3 section and then fixed;
- restore: `restore` with its defaults (DDIM, 50 steps, eta 0.85, one draw from pure noise);
- restore, draws 4: the mean of four draws;
- restore, from linear: the chain started from the linear fill noised to 30% (`strength=0.3`); `--strengths` adds rows
  for other fractions.
Target (gap-filling issue): restore at least 1 dB above the better of linear and PyLops on average on the random
decimations, and not below it on the gaps.

`--fill MB ...` writes a synthetic survey of about MB megabytes (`seisnb synth`, N x 200 x 500, 5% of the traces missing at
random) and fills it with `seisnb fill --workers 2 --model PRIOR` (the prior of the first --data section, or one of
`--fill-width` trained here for 2 minutes: its quality does not matter to the speed; `--fill-steps` sets fill's --steps): traces filled per second, peak memory of all processes together (the command and its workers, sampled every
0.2 s), and the recorded samples compared with the survey's.

Results go to bench/out/restore.json and the sections "Restore: results" / "Restore: fill" of bench/README.md.
"""
import argparse, json, os, subprocess, sys, threading, time
from pathlib import Path

import numpy as np
from common import run
from tables import add_options, command, machine, publish, readme_of

PYLOPS = dict(niter=25, eps=0.1, window=None)      # the best mean of --tune on the F3 section (bench/README.md, "Restore: PyLops tuning")
HEADER = ['command', 'section', 'decimation', 'method', 'SNR of the filled traces (dB)', 'time (s)', 'recorded max abs diff', 'machine']

def decimations(n:int)->dict:
    from seisnb.restore import gap_mask, random_mask
    return {'random 30%': random_mask(n, 0.3, seed=1), 'random 50%': random_mask(n, 0.5, seed=1), 'gaps 8/40': gap_mask(n, 8, 40)}

def window(x:np.ndarray, traces:int, samples:int)->tuple:
    "The training part (first 75% of the traces) and the test window of the rest, centred in time."
    k = int(len(x)*0.75)
    s0 = max(0, (x.shape[1] - samples)//2)
    return x[:k], x[k:k + traces, s0:s0 + samples]

def methods(prior, steps:int, strengths=())->dict:
    from seisnb.restore import linear_fill, restore, sparse_fill
    kw = dict(steps=steps, progress=False)
    out = {'linear': lambda h: linear_fill(h),
           'pylops': lambda h: sparse_fill(h, **PYLOPS),
           'restore': lambda h: restore(prior, h, **kw),
           'restore, draws 4': lambda h: restore(prior, h, draws=4, **kw),
           'restore, from linear': lambda h: restore(prior, h, strength=0.3, **kw)}
    for s in strengths: out[f'restore, from linear, strength {s:g}'] = lambda h, s=s: restore(prior, h, strength=s, **kw)
    return out

def section_rows(path:Path, a, out:Path, cmd:str, when:str)->tuple:
    from seisnb.restore import snr_db
    from seisnb.diffusion import load_diffusion
    x = np.load(path).astype(np.float32)
    train, test = window(x, a.traces, a.samples)
    prior = out/f'{path.stem}_prior.pth'
    if not (a.reuse and prior.exists()):
        np.save(out/f'{path.stem}_train.npy', train)
        o, t = run('diffusion', 'train', '--data', out/f'{path.stem}_train.npy', '--out', prior, *a.train)
        print(f"{path.stem}: prior trained in {t:.0f} s", flush=True)
    model = load_diffusion(prior)
    res, rows = {}, []
    for dname, rec in decimations(len(test)).items():
        holes = test.copy(); holes[~rec] = np.nan
        for mname, fn in methods(model, a.steps, a.strengths).items():
            t = time.perf_counter(); f = fn(holes); dt = time.perf_counter() - t
            snr, diff = snr_db(f, test, ~rec), float(np.abs(f[rec] - test[rec]).max())
            res[f'{dname} / {mname}'] = dict(snr=snr, seconds=dt, recorded_diff=diff)
            rows.append([cmd, path.stem, dname, mname, f'{snr:.2f}', f'{dt:.1f}', f'{diff:g}', when])
            print(f"{path.stem:>20} {dname:>11} {mname:>22}: {snr:6.2f} dB {dt:6.1f} s, recorded max diff {diff:g}", flush=True)
    return res, rows

def summary(res:dict, cmd:str, when:str)->list:
    "Mean SNR over the sections per decimation and method, and restore's margin over the better baseline."
    rows = []
    decs = sorted({k.split(' / ')[0] for r in res.values() for k in r})
    for d in decs:
        mean = lambda m: float(np.mean([r[f'{d} / {m}']['snr'] for r in res.values()]))
        base = max(mean('linear'), mean('pylops'))
        for m in [k.split(' / ')[1] for k in next(iter(res.values())) if k.startswith(d + ' / ')]:
            extra = f' ({mean(m) - base:+.2f} over the better baseline)' if m.startswith('restore') else ''
            rows.append([cmd, 'mean', d, m, f'{mean(m):.2f}{extra}', '', '', when])
    return rows

def tune(path:Path, a):
    "PyLops' settings on one section: SNR per decimation for a grid of iterations, L1 weights and windows."
    from seisnb.restore import snr_db, sparse_fill
    _, test = window(np.load(path).astype(np.float32), a.traces, a.samples)
    rows = []
    for win in (None, (32, 64), (64, 128)):
        for eps in (0.01, 0.1, 1.):
            for niter in (25, 50, 100, 200):
                snrs = []
                for d, rec in decimations(len(test)).items():
                    h = test.copy(); h[~rec] = np.nan
                    snrs.append(snr_db(sparse_fill(h, niter=niter, eps=eps, window=win), test, ~rec))
                rows.append([str(win), eps, niter, *[f'{s:.2f}' for s in snrs], f'{np.mean(snrs):.2f}'])
                print(*rows[-1], flush=True)
    return rows

class PeakMemory(threading.Thread):
    "The largest total RSS of a process and its children, sampled every `dt` seconds while it runs."
    def __init__(self, pid:int, dt:float=0.2):
        super().__init__(daemon=True); self.pid, self.dt, self.peak, self.done = pid, dt, 0, False
    def run(self):
        import psutil
        p = psutil.Process(self.pid)
        while not self.done:
            try:
                tot = sum(q.memory_info().rss for q in [p, *p.children(recursive=True)])
                self.peak = max(self.peak, tot)
            except psutil.Error: pass
            time.sleep(self.dt)

def fill_rows(mb:float, prior:Path, a, out:Path, cmd:str, when:str)->list:
    import seisnb
    ns = 500
    nx = 200
    ni = max(2, int(round(mb*1e6/(4*ns*nx))))
    src = out/f'fill_{ni}x{nx}x{ns}.sgy'
    if not src.exists(): run('synth', src, '--shape', ni, nx, ns, '--missing', 0.05, '--seed', 7)
    dst = out/f'fill_{ni}x{nx}x{ns}.zarr'
    argv = ['seisnb', 'fill', str(src), str(dst), '--model', str(prior), '--workers', '2', *(['--steps', str(a.fill_steps)] if a.fill_steps else [])]
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mon = PeakMemory(p.pid); mon.start()
    so, se = p.communicate(); mon.done = True; dt = time.perf_counter() - t
    if p.returncode: sys.exit(f"{' '.join(argv)} failed:\n{se}")
    print(so, end='', flush=True)
    r, f = seisnb.open(src), seisnb.open(dst)
    rec = ~r.mask
    same = all(np.array_equal(f.inline(il)[rec[k]], r.inline(il)[rec[k]]) for k, il in enumerate(r.inlines))
    n = int(r.mask.sum())
    size = ni*nx*ns*4/1e6
    return [[cmd, f'{size:.0f} MB ({ni} x {nx} x {ns})', f'{n} of {ni*nx}', f'{n/dt:.2f}', f'{dt:.0f}', f'{mon.peak/1e6:.0f}',
             'yes' if same else 'NO', when]]

FILL_HEADER = ['command', 'survey', 'traces missing', 'traces filled / s (whole command)', 'time (s)', 'peak memory, all processes (MB)',
               'recorded samples identical', 'machine']

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', nargs='+', type=Path, default=[], help='(trace, sample) field sections, .npy')
    ap.add_argument('--traces', type=int, default=192, help='traces of the test window')
    ap.add_argument('--samples', type=int, default=256, help='samples of the test window')
    ap.add_argument('--steps', type=int, default=50, help="restore's sampling steps")
    ap.add_argument('--strengths', nargs='*', type=float, default=[], help='more rows: restore started from the linear fill noised to these fractions')
    ap.add_argument('--reuse', action='store_true', help='reuse a prior trained by an earlier run (bench/out/restore/STEM_prior.pth)')
    ap.add_argument('--tune', action='store_true', help="tune PyLops' settings on the first --data section and stop")
    ap.add_argument('--fill', nargs='*', type=float, default=[], metavar='MB', help='run seisnb fill on synthetic surveys of these sizes')
    ap.add_argument('--fill-steps', type=int, help="seisnb fill's --steps (default: its own)")
    ap.add_argument('--fill-width', type=int, default=48, help="width of the prior trained for --fill when no --data is given")
    ap.add_argument('--train', nargs='*', default=[], help='more options of seisnb diffusion train')
    ap.add_argument('--dir', type=Path, default=Path('bench/out/restore'))
    add_options(ap, 'a tiny prior, window and fill survey')
    a = ap.parse_args()
    if a.smoke:
        a.traces, a.samples, a.steps = 64, 64, 4
        a.train = ['--epochs', '1', '--patches', '32', '--valid-patches', '8', '--bs', '8', '--width', '8', *a.train]
    out = a.dir; out.mkdir(parents=True, exist_ok=True)
    cmd, when = command('bench/restore.py', ap, a, ignore=('dir', 'readme', 'reuse')), machine()
    if a.tune:
        rows = tune(a.data[0], a)
        print(publish('restore_tune', ['window', 'eps', 'iterations', *decimations(8).keys(), 'mean'], rows, out, readme_of(a), keys=3))
        return
    res, rows = {}, []
    for p in a.data:
        res[p.stem], r = section_rows(p, a, out, cmd, when)
        rows += r
        (out/'restore.json').write_text(json.dumps(res, indent=1))
    if res:
        rows += summary(res, cmd, when)
        print(publish('restore', HEADER, rows, out, readme_of(a), keys=4))
    if a.fill:
        prior = out/f'{a.data[0].stem}_prior.pth' if a.data else out/f'fill_prior_w{a.fill_width}.pth'
        if not prior.exists():
            sec = out/'fill_train.npy'
            from seisnb.synth import synth_section
            np.save(sec, synth_section(256, 128, seed=3).seismic)
            run('diffusion', 'train', '--data', sec, '--out', prior, '--width', a.fill_width, '--budget', 2, *a.train)
        frows = []
        for mb in (a.fill if not a.smoke else [2]):
            frows += fill_rows(mb, prior, a, out, cmd, when)
        print(publish('restore_fill', FILL_HEADER, frows, out, readme_of(a), keys=2))

if __name__ == '__main__':
    main()
