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
from seisnb.realism import c2st, copy_check, explained, feature_c2st, fidelity, patch_correlations, random_patches, realism, spectral_c2st

# the benchmark's sizes; --smoke: tiny ones, which check the script and measure nothing
FULL = dict(traces=1024, samples=256, cube=(24, 256, 256), held=4, patch=64, n=200, seeds=5, steps=25, ddim=50, ddpm=1000, train=[])
SMOKE = dict(traces=256, samples=64, cube=(6, 64, 64), held=2, patch=32, n=24, seeds=1, steps=4, ddim=4, ddpm=8,
             train=['--epochs', 1, '--patches', 32, '--valid-patches', 8, '--bs', 8, '--width', 8])

def report(real, fake, dt, seeds=5):
    "`realism` with its three classifiers' accuracies as medians over `seeds` seeds."
    r = realism(real, fake, dt, classifier=False)
    r['c2st'] = float(np.median([c2st(real, fake, seed=s) for s in range(seeds)]))
    r['c2st_spectral'] = float(np.median([spectral_c2st(real, fake, seed=s) for s in range(seeds)]))
    r['c2st_features'] = float(np.median([feature_c2st(real, fake, seed=s) for s in range(seeds)]))
    return r

def _acc(v): return '-' if v is None else f"{v:.3f}"

def bands(r):
    "The energy per band, generated / real: '0-7.8 Hz +4.8, ..., 93.8-125 Hz +2.1 dB'."
    return ', '.join(f"{k} {v:+.1f}" for k, v in r['bands'].items()) + ' dB'

def line(name, r):
    return (f"{name}: LSD {r['lsd_db']:5.2f} dB | amplitude W1 {r['amplitude_w1']:.3f} std | kurtosis "
            f"{r['kurtosis_fake']:.2f} vs {r['kurtosis_real']:.2f} ({r['kurtosis_ratio']:.3f}x), within patches "
            f"{r['kurtosis_within_fake']:.2f} vs {r['kurtosis_within_real']:.2f}, RMS spread {r['rms_spread_fake_db']:.1f} vs "
            f"{r['rms_spread_real_db']:.1f} dB | adjacent-trace corr {r['corr_fake']:.3f} vs {r['corr_real']:.3f} "
            f"({r['corr_ratio']:.3f}x) | C2ST {_acc(r.get('c2st'))} | spectral C2ST {_acc(r.get('c2st_spectral'))} | "
            f"all-feature C2ST {_acc(r.get('c2st_features'))}\n    energy per band, generated / real: {bands(r)}")

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
                          '--patch', P, P, '--classes', 6, '--train-axis', 'inline', '--context', '--out', out/f'pairs_facies_{name}.pth',
                          '--json', *budget)     # a stack of unrelated windows: inline sections only, no neighbouring lines
        tr = json.loads(js)
        ev = lambda t: json.loads(run('facies', 'eval', '--model', out/f'pairs_facies_{name}.pth', '--seismic',
                                      out/f'pairs_{t}_seismic.npy', '--labels', out/f'pairs_{t}_labels.npy',
                                      '--directions', 'il', '--json')[0])
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

HEADER = ['command', 'section', 'patches', 'against', 'log-spectral distance', 'energy per band (generated / real)',
          'kurtosis (ratio)', 'within patches (ratio)', 'RMS spread (dB)', 'adjacent-trace corr. (ratio)',
          'CNN classifier', 'spectral-shape classifier', 'all-feature classifier', 'copy check: nearest training window',
          'time', 'measured']

def row(cmd, section, name, against, r, time, when, copy=None):
    "One row of the table of `python bench/diffusion.py`."
    cp = '-' if copy is None else f"{copy['fake']:.3f} vs held-out {copy['held']:.3f} ({'ok' if copy['ok'] else 'COPIES'})"
    return [cmd, section, name, against, f"{r['lsd_db']:.2f} dB", bands(r),
            f"{r['kurtosis_fake']:.2f} vs {r['kurtosis_real']:.2f} ({r['kurtosis_ratio']:.3f})",
            f"{r['kurtosis_within_fake']:.2f} vs {r['kurtosis_within_real']:.2f} ({r['kurtosis_within_fake']/r['kurtosis_within_real']:.3f})",
            f"{r['rms_spread_fake_db']:.1f} vs {r['rms_spread_real_db']:.1f}",
            f"{r['corr_fake']:.3f} vs {r['corr_real']:.3f} ({r['corr_ratio']:.3f})", _acc(r.get('c2st')),
            _acc(r.get('c2st_spectral')), _acc(r.get('c2st_features')), cp, time, when]

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

def targets(d, copy, t_train, t_sample):
    "The realism issue's targets, against the training region: {name: met}."
    return dict(spectral_c2st=d['c2st_spectral'] <= 0.75, feature_c2st=d['c2st_features'] <= 0.80,
                kurtosis=abs(d['kurtosis_ratio'] - 1) <= 0.15, lsd=d['lsd_db'] <= 1, copy=copy['ok'],
                time=t_train + t_sample <= 12*60)

def benchmark(a, z, out, name, sec, cmd, when, budget=None):
    """Train on the first 80% of the traces of `sec` (for `budget` minutes, else the command's default), sample, and
    score against patches of that training region (and of the held-out rest): the results and rows."""
    cut = int(round(0.8*len(sec)))
    tag = name if budget is None else f'{name}_b{budget:g}'
    np.save(out/f'diff_train_{name}.npy', np.ascontiguousarray(sec[:cut], np.float32))
    train, held, P, n, ddpm = sec[:cut], sec[cut:], z['patch'], z['n'], (min(a.ddpm, 2) if a.smoke else a.ddpm)
    region, region2, real_h = random_patches(train, n, P, seed=4), random_patches(train, n, P, seed=5), random_patches(held, n, P, seed=1)
    print(f"== {name}: {sec.shape[0]} traces x {sec.shape[1]} samples, training on {cut}"
          + (f", {budget:g} minutes" if budget is not None else ''), flush=True)
    log, t_train = run('diffusion', 'train', '--data', out/f'diff_train_{name}.npy', '--patch', P, '--out', out/f'diff_{tag}.pth',
                       *z['train'], *(['--budget', budget] if budget is not None else []), *a.train_args.split())
    print(log, end='', flush=True)
    log, t_ddim = run('diffusion', 'sample', '--model', out/f'diff_{tag}.pth', '--n', n, '--out', out/f'diff_gen_{tag}.npy',
                      '--steps', z['ddim'])                                        # the command's sampler: DDIM
    print(log, end='', flush=True)
    fake = np.load(out/f'diff_gen_{tag}.npy')
    t0 = time.perf_counter()
    copy = copy_check(fake, real_h, train)
    t_copy = time.perf_counter() - t0
    res = dict(budget=budget, train_s=round(t_train), sample_200_s=round(t_ddim, 1), default=report(region, fake, a.dt, z['seeds']),
               copy=copy, copy_s=round(t_copy, 1))
    if budget is None:                                     # the main run: against the held-out part, and the floors
        res.update(default_vs_held=report(real_h, fake, a.dt, z['seeds']), real_vs_real=report(region, region2, a.dt, z['seeds']),
                   held_vs_train=report(region, real_h, a.dt, z['seeds']))
    label = f"generated, DDIM {z['ddim']} steps (default)" + (f", {budget:g}-minute training" if budget is not None else '')
    vs_region, vs_held = 'the training region', 'the held-out part'
    rows = [row(cmd, name, label, vs_region, res['default'], f"train {t_train:.0f} s, sample {t_ddim:.0f} s ({t_ddim/n:.2f} s a patch)", when, copy)]
    if budget is None: rows.append(row(cmd, name, label, vs_held, res['default_vs_held'], '', when))
    print(line(f'{label} vs {vs_region}', res['default']))
    print(f"copy check: nearest training window, median correlation {copy['fake']:.3f} (held-out real patches {copy['held']:.3f}; "
          f"largest {copy['fake_max']:.3f}): {'ok' if copy['ok'] else 'COPIES'} ({t_copy:.0f} s)")
    if budget is None:
        log, t_i = run('diffusion', 'sample', '--model', out/f'diff_{tag}.pth', '--n', n, '--method', 'dpm', '--steps', z['steps'],
                       '--out', out/f'diff_dpm_{tag}.npy')
        r = realism(region, np.load(out/f'diff_dpm_{tag}.npy'), a.dt, classifier=False)
        r['c2st_spectral'] = spectral_c2st(region, np.load(out/f'diff_dpm_{tag}.npy'))
        r['c2st_features'] = feature_c2st(region, np.load(out/f'diff_dpm_{tag}.npy'))
        res.update(dpm=r, dpm_s=round(t_i, 1))
        print(line(f"DPM-Solver++ {z['steps']} steps", r))
        rows.append(row(cmd, name, f"generated, DPM-Solver++ {z['steps']} steps", vs_region, r, f"sample {t_i:.0f} s", when))
    if ddpm and budget is None:
        log, t_ddpm = run('diffusion', 'sample', '--model', out/f'diff_{tag}.pth', '--n', ddpm, '--method', 'ddpm',
                          '--out', out/f'diff_ddpm_{tag}.npy', '--steps', z['ddpm'])
        print(log, end='', flush=True)
        res.update(ddpm_s=round(t_ddpm, 1))
        print(f"sampling per patch: DDIM {t_ddim/n:.2f} s, DDPM {t_ddpm/ddpm:.2f} s ({t_ddpm/ddpm/(t_ddim/n):.0f}x)")
    if budget is None:
        print(line('real vs real, training region', res['real_vs_real']))
        print(line('held-out vs training region', res['held_vs_train']))
        rows.append(row(cmd, name, 'real: other windows of the training region (sampling alone)', vs_region, res['real_vs_real'], '', when))
        rows.append(row(cmd, name, 'real: the held-out part (what a perfect model of the training region scores against the rest)',
                        vs_region, res['held_vs_train'], '', when))
    for p, q in map(_size, a.sizes or []):                    # other sizes, generated directly by the convolutional U-Net
        m = max(z['n']//4, min(n, n*P*P*4//(p*q))) # about the pixels of four times the default sampling
        if len(train) < p or train.shape[1] < q:
            print(f"{name}: its training part ({train.shape[0]} x {train.shape[1]}) holds no {p} x {q} patch; skipped"); continue
        real_s, real2_s = random_patches(train, m, (p, q), seed=4), random_patches(train, m, (p, q), seed=5)
        log, t_s = run('diffusion', 'sample', '--model', out/f'diff_{tag}.pth', '--n', m, '--size', f'{p}x{q}',
                       '--steps', z['ddim'], '--out', out/f'diff_gen_{tag}_{p}x{q}.npy')
        print(log, end='', flush=True)
        r, r2 = report(real_s, np.load(out/f'diff_gen_{tag}_{p}x{q}.npy'), a.dt, z['seeds']), report(real_s, real2_s, a.dt, z['seeds'])
        res[f'{p}x{q}'] = dict(n=m, sample_s=round(t_s, 1), default=r, real_vs_real=r2)
        print(line(f"{p} x {q}, DDIM {z['ddim']} steps", r)); print(line(f"{p} x {q}, real vs real", r2))
        rows.append(row(cmd, name, f"generated {p} x {q}, DDIM {z['ddim']} steps ({m} patches)", vs_region, r,
                        f"sample {t_s:.0f} s ({t_s/m:.2f} s a patch)", when))
        rows.append(row(cmd, name, f"real vs real {p} x {q} ({m} patches)", vs_region, r2, '', when))
    ok = targets(res['default'], copy, t_train, t_ddim)
    res['targets'] = ok
    print(f"train {t_train:.0f} s + DDIM sampling of {n} patches {t_ddim:.0f} s = {(t_train + t_ddim)/60:.1f} min; realism "
          f"targets against the training region: {', '.join(f'{k} ' + ('met' if v else 'MISSED') for k, v in ok.items())}", flush=True)
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
    ap.add_argument('--budgets', type=float, nargs='+', metavar='MINUTES',
                    help='the compute curve: train the default for each of these budgets (e.g. 4 8 16 32) on each section '
                         'and tabulate the realism numbers per budget (section "Diffusion: compute curve")')
    ap.add_argument('--pairs-only', action='store_true',
                    help='with --cond labels --pairs N: reuse the conditional model an earlier run left in --dir')
    add_options(ap, 'tiny data, model and samples')
    a = ap.parse_args()
    z = SMOKE if a.smoke else FULL
    out = Path(a.dir); out.mkdir(parents=True, exist_ok=True)
    if a.cond: return conditional(a, ap, out, z)
    cmd, when, res, rows = command('bench/diffusion.py', ap, a), machine(), {}, []
    if a.budgets: return compute_curve(a, z, out, cmd, when)
    for name, sec in sections(a, z):
        res[name], r = benchmark(a, z, out, name, sec, cmd, when)
        rows += r
        (out/'diffusion.json').write_text(json.dumps(res, indent=1))     # after each section: a long run keeps what it measured
    print(publish('diffusion', HEADER, rows, out, readme_of(a), keys=4))

def _default_budget()->float:
    "`seisnb diffusion train`'s default budget, minutes."
    import inspect
    from seisnb.diffusion import train_diffusion
    return float(inspect.signature(train_diffusion).parameters['budget'].default)

def compute_curve(a, z, out, cmd, when):
    "The default trained for each of `--budgets` minutes on each section: the realism rows per budget, and the json."
    f = out/'diffusion_compute.json'
    res, rows = json.loads(f.read_text()) if f.exists() else {}, []
    main_run = json.loads((out/'diffusion.json').read_text()) if (out/'diffusion.json').exists() else {}
    for name, sec in sections(a, z):
        for b in a.budgets:
            if b == _default_budget() and name in main_run and not a.train_args and not a.smoke:   # the default run of the main table
                r = main_run[name]
                rows.append(row(cmd, name, f"generated, DDIM {z['ddim']} steps (default), {b:g}-minute training (the main run)",
                                'the training region', r['default'], f"train {r['train_s']} s, sample {r['sample_200_s']:.0f} s",
                                when, r['copy']))
            else:
                r, rw = benchmark(a, z, out, name, sec, cmd, when, budget=b)
                rows += rw[:1]                               # against the training region
            res.setdefault(name, {})[f'{b:g}'] = r
            f.write_text(json.dumps(res, indent=1))
            print(publish('diffusion_compute', HEADER, rows, out, readme_of(a), keys=4))

if __name__ == '__main__': main()
