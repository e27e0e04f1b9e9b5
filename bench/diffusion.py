"""Diffusion benchmark: train `seisnb diffusion train` with its defaults on a 2-D section, sample 200 patches of 64 x 64
with `seisnb diffusion sample`, and score their realism against held-out real patches of the same section (for each
section given).

    python bench/diffusion.py                       # a synthetic section: about 13 minutes
    python bench/diffusion.py --data SECTION.npy    # any (trace, sample) section, e.g. a field inline
    python bench/diffusion.py --data A.npy B.npy    # several sections, one after the other: rows for each
    python bench/diffusion.py --cond labels         # the conditional model: seismic generated from facies sections
    python bench/diffusion.py --cond labels --pairs 400   # and facies U-Nets trained on generated vs real pairs
    python bench/diffusion.py --traces 1600 --samples 384 --sizes 128x128 64x256 256x256   # larger samples too
    python bench/diffusion.py --smoke               # tiny data, model and samples: checks the script in a minute

Each run writes its results to bench/out/diffusion.json (by section; diffusion_cond.json) and its rows of the table
into the section "Diffusion: results" ("Conditional diffusion: results") of bench/README.md (`--readme`; a --smoke
run only to bench/out/diffusion.md, diffusion_cond.md).

Each section (default: a 1024-trace x 256-sample `synth_section`, seed 2026, the synth default SNR of 15 dB; or each
`--data` file, named in the table by its file stem) is split by traces: the first 80% is the training data, the
last 20% is held out, and the real patches (200 random 64 x 64 windows) come only from the held-out part. The
realism report (`seisnb.realism.realism`): log-spectral distance of the mean amplitude spectra along time (dB,
60 dB floor), the generated / real energy per frequency band (dB), Wasserstein distance of the amplitudes (in real
standard deviations), the kurtosis of the amplitudes (generated and real; 3: Gaussian), mean adjacent-trace
correlation (generated / real), the held-out accuracy of a small CNN telling real from generated, and that of a
logistic regression on each patch's spectral shape (both medians over 5 classifier seeds; 0.5: indistinguishable).
The same report of a second set of 200 real held-out patches against the first gives the floor that sampling noise
alone puts on each number.
The same of 200 patches of the training part against the held-out ones shows how much the section itself changes
from one part to the other: a model that learned the training part perfectly would score about that.
Sampling is timed for the command's default (DDIM, 50 steps, 200 patches), for DPM-Solver++ in 25 steps (the same
200, scored without the CNN classifier) and for the full 1000-step DDPM chain (20 patches, reported per patch).
With `--cond labels` (or `impedance`) the model is conditional: it trains with `--cond` on the first 20 inlines of a
24 x 256 x 256 `synth_cube` (seed 2026) and its facies labels (or impedance), and generates seismic for 200 facies
patches of the 4 held-out inlines. Besides the realism report against the true seismic of those patches, it
reports how much the generated seismic follows its condition: the mean correlation coefficient of each generated
patch with the true seismic of its own facies patch, against the same with the true seismic of another patch
(0 when the condition is ignored), and, for scale, that of the seismic the condition alone implies (of the
impedance itself, or of each facies class's mean impedance) with the truth. It samples with each `--guidance`
weight (default 1 and 2: classifier-free guidance).
Targets (from the diffusion issue): LSD <= 2 dB, adjacent-trace correlation >= 0.9 x the real one, classifier
accuracy <= 0.9, training plus sampling 200 patches under 20 minutes on this 2-core machine; and (from the realism
issue) LSD <= 1.5 dB, kurtosis within 10% of the real one, spectral-shape classifier accuracy <= 0.75.
"""
import argparse, json, sys, time
from pathlib import Path

import numpy as np
from common import run
from tables import add_options, command, machine, publish, readme_of
from seisnb.synth import synth_section
from seisnb.realism import c2st, explained, fidelity, patch_correlations, random_patches, realism, spectral_c2st

# the benchmark's sizes; --smoke: tiny ones, which check the script and measure nothing
FULL = dict(traces=1024, samples=256, cube=(24, 256, 256), held=4, patch=64, n=200, seeds=5, steps=25, ddim=50, ddpm=1000, train=[])
SMOKE = dict(traces=256, samples=64, cube=(6, 64, 64), held=2, patch=32, n=24, seeds=1, steps=4, ddim=4, ddpm=8,
             train=['--epochs', 1, '--patches', 32, '--valid-patches', 8, '--bs', 8, '--width', 8])

def report(real, fake, dt, seeds=5):
    r = realism(real, fake, dt, classifier=False)
    r['c2st'] = float(np.median([c2st(real, fake, seed=s) for s in range(seeds)]))
    r['c2st_spectral'] = float(np.median([spectral_c2st(real, fake, seed=s) for s in range(seeds)]))
    return r

def _acc(v): return '-' if v is None else f"{v:.3f}"

def bands(r):
    "The energy per band, generated / real: '0-7.8 Hz +4.8, ..., 93.8-125 Hz +2.1 dB'."
    return ', '.join(f"{k} {v:+.1f}" for k, v in r['bands'].items()) + ' dB'

def line(name, r):
    return (f"{name:<22} LSD {r['lsd_db']:5.2f} dB | amplitude W1 {r['amplitude_w1']:.3f} std | kurtosis "
            f"{r['kurtosis_fake']:.2f} vs {r['kurtosis_real']:.2f} ({r['kurtosis_ratio']:.3f}x) | adjacent-trace corr "
            f"{r['corr_fake']:.3f} vs {r['corr_real']:.3f} ({r['corr_ratio']:.3f}x) | C2ST {_acc(r.get('c2st'))} | "
            f"spectral C2ST {_acc(r.get('c2st_spectral'))}\n{'':<22} energy per band, generated / real: {bands(r)}")

def verdict(d, t_train, t_sample, n=200):
    "Print the issues' targets, met or missed."
    ok = dict(lsd=d['lsd_db'] <= 2, corr=d['corr_ratio'] >= 0.9, c2st=d['c2st'] <= 0.9, time=t_train + t_sample < 1200)
    real = dict(lsd=d['lsd_db'] <= 1.5, kurtosis=abs(d['kurtosis_ratio'] - 1) <= 0.1, spectral_c2st=d['c2st_spectral'] <= 0.75)
    mark = lambda ok: ', '.join(f"{k} {'met' if v else 'MISSED'}" for k, v in ok.items())
    print(f"train {t_train:.0f} s + DDIM sampling of {n} patches {t_sample:.0f} s = {(t_train + t_sample)/60:.1f} min; "
          f"targets: {mark(ok)}; realism targets: {mark(real)}")

COND_HEADER = ['command', 'condition', 'guidance', 'log-spectral distance', 'amplitude W1 (std)', 'adjacent-trace ratio',
               'classifier accuracy', 'follows (full use)', 'training, sampling', 'measured']

def conditional(a, ap, out, z):
    "Train a conditional model on synthetic (seismic, condition) pairs; generate for held-out conditions."
    from seisnb.synth import synth_cube
    ni, nx, ns = z['cube']
    k0, P, n = ni - z['held'], z['patch'], z['n']
    s = synth_cube(z['cube'], seed=2026)
    if a.pairs_only:
        if not (out/'diff_cond.pth').exists(): sys.exit(f"--pairs-only: no {out/'diff_cond.pth'}; run --cond labels first")
        return pairs_worth(a, ap, out, z, s, k0)
    seis, cond = s.seismic, (s.labels if a.cond == 'labels' else s.impedance)
    np.save(out/'cond_train_seis.npy', seis[:k0]); np.save(out/'cond_train_cond.npy', cond[:k0])
    cut = windows(z['cube'], n, P, seed=1, first=k0)              # the same windows of any cube of the survey
    real = cut(seis).astype(np.float32)
    np.save(out/'cond_test_cond.npy', cut(cond))
    log, t_train = run('diffusion', 'train', '--data', out/'cond_train_seis.npy', '--cond', out/'cond_train_cond.npy',
                       '--patch', P, '--out', out/'diff_cond.pth', *z['train'], *a.train_args.split())
    print(log, end='', flush=True)
    r_ref = patch_correlations(cut(explained(s, a.cond)), real)
    # a sample from p(seismic | condition) correlates with the truth by about r^2, where r is the correlation of the
    # conditional mean (approximated by the condition-implied seismic) with the truth
    ref, ref2 = float(r_ref.mean()), float((r_ref**2).mean())
    res = dict(cond=a.cond, train_s=round(t_train), reference_corr=ref, reference_corr_sample=ref2, guidance={})
    rows, cmd, when = [], command('bench/diffusion.py', ap, a), machine()
    for g in a.guidance:
        log, t_s = run('diffusion', 'sample', '--model', out/'diff_cond.pth', '--n', n, '--cond', out/'cond_test_cond.npy',
                       '--guidance', g, '--out', out/f'diff_cond_g{g:g}.npy', '--steps', z['steps'])
        print(log, end='', flush=True)
        fake = np.load(out/f'diff_cond_g{g:g}.npy')
        r = dict(ddim_200_s=round(t_s, 1), ddim=report(real, fake, 4., z['seeds']))
        r['corr_own'], r['corr_other'] = fidelity(fake, real)
        res['guidance'][f'{g:g}'] = r
        print(line(f'conditional, g = {g:g}', r['ddim']))
        print(f"  generated vs true seismic of the same {a.cond} patch: mean correlation {r['corr_own']:.3f}; of another "
              f"patch: {r['corr_other']:.3f} (the seismic the {a.cond} alone imply: {ref:.3f}; so a sampler that used the "
              f"{a.cond} fully: about {ref2:.3f})")
        verdict(r['ddim'], t_train, t_s, n)
        d = r['ddim']
        rows.append([cmd, a.cond, f'{g:g}', f"{d['lsd_db']:.2f} dB", f"{d['amplitude_w1']:.3f}", f"{d['corr_ratio']:.3f}",
                     f"{d['c2st']:.3f}", f"{r['corr_own']:.3f} ({ref2:.3f})", f"{t_train:.0f} s, {t_s:.0f} s", when])
    if a.pairs and a.cond == 'labels': res['pairs'] = pairs_worth(a, ap, out, z, s, k0)
    (out/'diffusion_cond.json').write_text(json.dumps(res, indent=1))
    print(publish('diffusion_cond', COND_HEADER, rows, out, readme_of(a), keys=3))

PAIRS_HEADER = ['command', 'facies U-Net trained on', 'pairs', 'held-out inlines: mIoU', 'pixel accuracy',
                'another survey: mIoU', 'pixel accuracy', 'epochs (best)', 'making the pairs', 'training', 'measured']

def pairs_worth(a, ap, out, z, s, k0):
    """What generated pairs are worth: a facies U-Net trained only on `--pairs` generated (labels, seismic) pairs
    (labels from `seisnb diffusion labels`, seismic from `seisnb diffusion sample --cond`), beside one trained on as
    many real pairs (windows of the conditional model's own training inlines), both scored on windows of the held-out
    inlines of that survey, and on windows of a survey none of them has seen (each synthetic survey draws its own
    character for each class, so a window's class cannot carry over to another survey: chance level is expected)."""
    from seisnb.synth import synth_cube
    n, P, g = a.pairs, z['patch'], a.guidance[0]
    t0 = time.perf_counter()
    run('diffusion', 'labels', '--model', out/'diff_cond.pth', '--n', n, '--seed', 5000, '--out', out/'pairs_gen_labels.npy')
    log, _ = run('diffusion', 'sample', '--model', out/'diff_cond.pth', '--n', n, '--cond', out/'pairs_gen_labels.npy',
                 '--guidance', g, '--steps', z['steps'], '--out', out/'pairs_gen_seismic.npy')
    print(log, end='', flush=True)
    t_make = time.perf_counter() - t0
    ni = z['cube'][0]
    test = synth_cube(z['cube'], seed=3001)                       # a survey neither model has seen
    for name, survey, m, seed, first, last in (('real', s, n, 2, 0, k0),    # windows of the training inlines
                                               ('held', s, z['n'], 3, k0, ni),   # of the held-out inlines
                                               ('test', test, z['n'], 3, 0, ni)):
        cut = windows(z['cube'], m, P, seed, first, last)
        np.save(out/f'pairs_{name}_seismic.npy', cut(survey.seismic).astype(np.float32))
        np.save(out/f'pairs_{name}_labels.npy', cut(survey.labels))
    cut = int(0.85*n)
    budget = ['--epochs', 1, '--patches', 16, '--bs', 8] if a.smoke else ['--budget', a.pairs_budget]
    res, rows, cmd, when = {}, [], command('bench/diffusion.py', ap, a), machine()
    for name, what in (('gen', f'generated pairs (guidance {g:g})'), ('real', 'real pairs')):
        js, t_train = run('facies', 'train', '--seismic', out/f'pairs_{name}_seismic.npy', '--labels',
                          out/f'pairs_{name}_labels.npy', '--train-inlines', f'0:{cut}', '--valid-inlines', f'{cut}:{n}',
                          '--patch', P, P, '--classes', 6, '--train-axis', 'inline', '--out', out/f'pairs_facies_{name}.pth',
                          '--json', *budget)                    # a stack of unrelated windows: inline sections only
        tr = json.loads(js)
        ev = lambda t: json.loads(run('facies', 'eval', '--model', out/f'pairs_facies_{name}.pth', '--seismic',
                                      out/f'pairs_{t}_seismic.npy', '--labels', out/f'pairs_{t}_labels.npy',
                                      '--axis', 'inline', '--json')[0])
        h, m = ev('held'), ev('test')
        res[name] = dict(held_miou=h['miou'], held_pa=h['pa'], other_miou=m['miou'], other_pa=m['pa'], epochs=tr['epochs'],
                         best_epoch=tr['best_epoch'], train_s=round(t_train))
        print(f"facies U-Net on {n} {what}: mIoU {h['miou']:.3f}, PA {h['pa']:.3f} on {z['n']} windows of the held-out "
              f"inlines; {m['miou']:.3f}, {m['pa']:.3f} on another survey (3001); {tr['epochs']} epochs, {t_train:.0f} s",
              flush=True)
        rows.append([cmd, what, f"{n} of {P} x {P}", f"{h['miou']:.3f}", f"{h['pa']:.3f}", f"{m['miou']:.3f}",
                     f"{m['pa']:.3f}", f"{tr['epochs']} ({tr['best_epoch']})", f"{t_make:.0f} s" if name == 'gen' else '',
                     f"{t_train:.0f} s", when])
    res['make_s'] = round(t_make)
    (out/'diffusion_pairs.json').write_text(json.dumps(res, indent=1))
    print(publish('diffusion_pairs', PAIRS_HEADER, rows, out, readme_of(a), keys=2))
    return res

HEADER = ['command', 'section', 'patches', 'log-spectral distance', 'energy per band (generated / real)',
          'amplitude W1 (std)', 'kurtosis (generated vs real)', 'adjacent-trace corr. (ratio)', 'classifier accuracy',
          'spectral-shape classifier', 'time', 'measured']

def row(cmd, section, name, r, time, when):
    "One row of the table of `python bench/diffusion.py`."
    return [cmd, section, name, f"{r['lsd_db']:.2f} dB", bands(r), f"{r['amplitude_w1']:.3f}",
            f"{r['kurtosis_fake']:.2f} vs {r['kurtosis_real']:.2f} ({r['kurtosis_ratio']:.3f})",
            f"{r['corr_fake']:.3f} vs {r['corr_real']:.3f} ({r['corr_ratio']:.3f})", _acc(r.get('c2st')),
            _acc(r.get('c2st_spectral')), time, when]

def sections(a, z):
    "(name, section) of each --data file (by its stem), or of the synthetic default; exits on one that cannot be used."
    if not a.data:
        traces, samples = (a.traces, a.samples) if not a.smoke else (z['traces'], z['samples'])
        other = (a.traces, a.samples) != (FULL['traces'], FULL['samples'])
        return [(f'synthetic_{a.traces}x{a.samples}' if other else 'synthetic', synth_section(traces, samples, seed=2026).seismic)]
    names = [Path(d).stem for d in a.data]
    if len(set(names)) < len(names): sys.exit(f"--data: two sections named alike ({', '.join(names)}): give files with different names")
    out = []
    for name, d in zip(names, a.data):
        sec = np.load(d)
        held = len(sec) - int(round(0.8*len(sec))) if sec.ndim == 2 else 0
        if sec.ndim != 2 or held < z['patch'] or sec.shape[1] < z['patch']:
            sys.exit(f"--data {d}: shape {sec.shape}, its held-out last 20% {held} traces; give 2-D (trace, sample) "
                     f"sections whose held-out part holds a {z['patch']} x {z['patch']} patch ({z['patch']*5} traces or more)")
        out.append((name, sec))
    return out

def benchmark(a, z, out, name, sec, cmd, when):
    "Train on the first 80% of the traces of `sec`, sample, score against its last 20%: the results and rows."
    cut = int(round(0.8*len(sec)))
    np.save(out/f'diff_train_{name}.npy', np.ascontiguousarray(sec[:cut], np.float32))
    held, P, n, ddpm = sec[cut:], z['patch'], z['n'], (min(a.ddpm, 2) if a.smoke else a.ddpm)
    real, real2 = random_patches(held, n, P, seed=1), random_patches(held, n, P, seed=2)
    print(f"== {name}: {sec.shape[0]} traces x {sec.shape[1]} samples, training on {cut}", flush=True)
    log, t_train = run('diffusion', 'train', '--data', out/f'diff_train_{name}.npy', '--patch', P, '--out', out/f'diff_{name}.pth',
                       *z['train'], *a.train_args.split())
    print(log, end='', flush=True)
    log, t_ddim = run('diffusion', 'sample', '--model', out/f'diff_{name}.pth', '--n', n, '--out', out/f'diff_gen_{name}.npy',
                      '--steps', z['ddim'])                                        # the command's sampler: DDIM
    print(log, end='', flush=True)
    fake = np.load(out/f'diff_gen_{name}.npy')
    res = dict(train_s=round(t_train), sample_200_s=round(t_ddim, 1), default=report(real, fake, a.dt, z['seeds']),
               real_vs_real=report(real, real2, a.dt, z['seeds']),
               train_vs_held=report(real, random_patches(sec[:cut], n, P, seed=3), a.dt, z['seeds']))
    label = f"generated, DDIM {z['ddim']} steps (default)"
    print(line(label, res['default']))
    print(line('real vs real', res['real_vs_real']))
    rows = [row(cmd, name, label, res['default'], f"train {t_train:.0f} s, sample {t_ddim:.0f} s ({t_ddim/n:.2f} s a patch)", when)]
    log, t_i = run('diffusion', 'sample', '--model', out/f'diff_{name}.pth', '--n', n, '--method', 'dpm', '--steps', z['steps'],
                   '--out', out/f'diff_dpm_{name}.npy')
    r = realism(real, np.load(out/f'diff_dpm_{name}.npy'), a.dt, classifier=False)
    r['c2st_spectral'] = spectral_c2st(real, np.load(out/f'diff_dpm_{name}.npy'))
    res.update(dpm=r, dpm_s=round(t_i, 1))
    print(line(f"DPM-Solver++ {z['steps']} steps", r))
    rows.append(row(cmd, name, f"generated, DPM-Solver++ {z['steps']} steps", r, f"sample {t_i:.0f} s", when))
    if ddpm:
        log, t_ddpm = run('diffusion', 'sample', '--model', out/f'diff_{name}.pth', '--n', ddpm, '--method', 'ddpm',
                          '--out', out/f'diff_ddpm_{name}.npy', '--steps', z['ddpm'])
        print(log, end='', flush=True)
        r = realism(real, np.load(out/f'diff_ddpm_{name}.npy'), a.dt, classifier=False)
        res.update(ddpm_s=round(t_ddpm, 1), ddpm=r)
        print(line(f"DDPM {z['ddpm']} steps ({ddpm})", r))
        print(f"sampling per patch: DDIM {t_ddim/n:.2f} s, DDPM {t_ddpm/ddpm:.2f} s ({t_ddpm/ddpm/(t_ddim/n):.0f}x)")
        rows.append(row(cmd, name, f"generated, DDPM {z['ddpm']} steps ({ddpm} patches)", r, f"{t_ddpm/ddpm:.2f} s a patch", when))
    rows.append(row(cmd, name, 'real vs real (sampling alone)', res['real_vs_real'], '', when))
    print(line('training part vs held-out', res['train_vs_held']))
    rows.append(row(cmd, name, 'real training part vs held-out (the section changing)', res['train_vs_held'], '', when))
    for p, q in map(_size, a.sizes or []):                    # other sizes, generated directly by the convolutional U-Net
        m = max(z['n']//4, min(n, n*P*P*4//(p*q))) # about the pixels of four times the default sampling
        if len(held) < p or held.shape[1] < q:
            print(f"{name}: its held-out part ({held.shape[0]} x {held.shape[1]}) holds no {p} x {q} patch; skipped"); continue
        real_s, real2_s = random_patches(held, m, (p, q), seed=1), random_patches(held, m, (p, q), seed=2)
        log, t_s = run('diffusion', 'sample', '--model', out/f'diff_{name}.pth', '--n', m, '--size', f'{p}x{q}',
                       '--steps', z['ddim'], '--out', out/f'diff_gen_{name}_{p}x{q}.npy')
        print(log, end='', flush=True)
        r, r2 = report(real_s, np.load(out/f'diff_gen_{name}_{p}x{q}.npy'), a.dt, z['seeds']), report(real_s, real2_s, a.dt, z['seeds'])
        res[f'{p}x{q}'] = dict(n=m, sample_s=round(t_s, 1), default=r, real_vs_real=r2)
        print(line(f"{p} x {q}, DDIM {z['ddim']} steps", r)); print(line(f"{p} x {q}, real vs real", r2))
        rows.append(row(cmd, name, f"generated {p} x {q}, DDIM {z['ddim']} steps ({m} patches)", r,
                        f"sample {t_s:.0f} s ({t_s/m:.2f} s a patch)", when))
        rows.append(row(cmd, name, f"real vs real {p} x {q} ({m} patches)", r2, '', when))
    verdict(res['default'], t_train, t_ddim, n)
    return res, rows

def windows(shape, m:int, P:int, seed:int, first:int=0, last:int=None):
    "A function cutting the same `m` random P x P windows of inlines `first` to `last` - 1 from any cube of `shape`."
    ni, nx, ns = shape
    rng = np.random.default_rng(seed)
    k, i, j = rng.integers(first, ni if last is None else last, m), rng.integers(0, nx - P + 1, m), rng.integers(0, ns - P + 1, m)
    return lambda v: np.stack([v[a, b:b+P, c:c+P] for a, b, c in zip(k, i, j)])

def _size(s:str)->tuple:
    "'128' or '64x256' -> (traces, samples)."
    p = tuple(int(v) for v in str(s).lower().split('x'))
    return p*2 if len(p) == 1 else p

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', nargs='+', help='2-D (trace, sample) section .npy files, each benchmarked in turn '
                                              '(default: a synthetic one)')
    ap.add_argument('--dt', type=float, default=4., help='sample interval of --data, ms (default 4)')
    ap.add_argument('--dir', default='bench/out')
    ap.add_argument('--train-args', default='', help='extra options for seisnb diffusion train, e.g. "--epochs 4"')
    ap.add_argument('--ddpm', type=int, default=20, help='patches for the DDPM timing (default 20; 0: skip)')
    ap.add_argument('--cond', choices=['labels', 'impedance'], help='the conditional model, on synthetic pairs')
    ap.add_argument('--guidance', type=float, nargs='+', default=[1., 2.], help='with --cond: guidance weights to sample with')
    ap.add_argument('--sizes', nargs='+', metavar='PxQ',
                    help='also generate these patch sizes (e.g. 128x128 64x256) from the same model, and score them')
    ap.add_argument('--traces', type=int, default=FULL['traces'], help='traces of the synthetic section (default 1024)')
    ap.add_argument('--samples', type=int, default=FULL['samples'], help='samples of the synthetic section (default 256)')
    ap.add_argument('--pairs', type=int, default=0, metavar='N',
                    help='with --cond labels: train facies U-Nets on N generated and on N real pairs, score them on '
                         'held-out inlines and on another survey')
    ap.add_argument('--pairs-budget', type=float, default=2., metavar='MINUTES', help='training budget of each (default 2)')
    ap.add_argument('--pairs-only', action='store_true',
                    help='with --cond labels --pairs N: reuse the conditional model an earlier run left in --dir')
    add_options(ap, 'tiny data, model and samples')
    a = ap.parse_args()
    z = SMOKE if a.smoke else FULL
    out = Path(a.dir); out.mkdir(parents=True, exist_ok=True)
    if a.cond: return conditional(a, ap, out, z)
    cmd, when, res, rows = command('bench/diffusion.py', ap, a), machine(), {}, []
    for name, sec in sections(a, z):
        res[name], r = benchmark(a, z, out, name, sec, cmd, when)
        rows += r
        (out/'diffusion.json').write_text(json.dumps(res, indent=1))     # after each section: a long run keeps what it measured
    print(publish('diffusion', HEADER, rows, out, readme_of(a), keys=3))

if __name__ == '__main__': main()
