"""Screening the diffusion recipe: one option changed at a time, one field section, in process (no CLI), fewer
numbers than bench/diffusion.py, so that a candidate costs one training budget and a few minutes of scoring.

    python bench/diffusion_screen.py --data ../shared/data/field/f3_section_178.npy --epochs 9 noise=spectral
    python bench/diffusion_screen.py --data ... --epochs 9 noise=spectral amplitudes=gaussian
    python bench/diffusion_screen.py --data ... --epochs 9 noise=spectral L.t_power=1    # L.: to diffusion_learner

Trains `seisnb.diffusion.train_diffusion` on the first 80% of the traces of the section with its defaults and the
KEY=VALUE options given (JSON values; keys prefixed `L.` go to `diffusion_learner`), for `--budget` minutes or
`--epochs` epochs (pinned epochs compare candidates at the same training on a machine whose speed changes), samples
200 patches of 64 x 64 with the default sampler, and scores them against 200 patches of the training region: the
spectral-shape and all-feature classifiers (medians of 5 seeds), the same two for the held-out part against the
training region (the floor of the section changing), log-spectral distance, kurtosis ratio (pooled, and within
patches), RMS spread, adjacent-trace ratio and the copy check. One row per run goes to the section "Diffusion:
screen" of bench/README.md; the decisions it supports are `python bench/diffusion.py`'s to confirm.
"""
import argparse, functools, json, time
from pathlib import Path

import numpy as np
import torch
from tables import machine, publish, README

HEADER = ['command', 'section', 'epochs', 'spectral-shape classifier', 'all-feature classifier',
          'held-out part: spectral, all-feature', 'log-spectral distance', 'kurtosis ratio (within patches)',
          'RMS spread (dB)', 'adjacent-trace ratio', 'copy check', 'training, sampling', 'measured']

def row(cmd, o, when):
    return [cmd, o['name'], o['epochs'], f"{o['spec']:.3f}", f"{o['feat']:.3f}", f"{o['spec_floor']:.3f}, {o['feat_floor']:.3f}",
            f"{o['lsd']:.2f} dB", f"{o['kurt']:.2f} ({o['kw']:.2f})", f"{o['spread'][0]:.1f} vs {o['spread'][1]:.1f}",
            f"{o['corr']:.3f}", f"{o['copy'][0]:.3f} vs held-out {o['copy'][1]:.3f}", f"{o['train_s']} s, {o['sample_s']} s", when]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', required=True, help='a 2-D (trace, sample) section .npy')
    ap.add_argument('--budget', type=float, default=8., help='training minutes (default 8)')
    ap.add_argument('--epochs', type=int, help='pin the epochs instead')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--dir', default='bench/out/screen')
    ap.add_argument('--readme', default=str(README), help='the README whose "diffusion_screen" section to rewrite')
    ap.add_argument('options', nargs='*', metavar='KEY=VALUE')
    a = ap.parse_args()
    from seisnb.diffusion import load_diffusion, sample
    import seisnb.diffusion as D
    from seisnb.realism import copy_check, feature_c2st, random_patches, realism, spectral_c2st
    kw, lk = {}, {}
    for s in a.options:
        k, v = s.split('=', 1)
        try: v = json.loads(v)
        except json.JSONDecodeError: pass
        (lk if k.startswith('L.') else kw)[k[2:] if k.startswith('L.') else k] = v
    if lk: D.diffusion_learner = functools.partial(D.diffusion_learner, **lk)
    torch.set_num_threads(a.threads)
    out = Path(a.dir); out.mkdir(parents=True, exist_ok=True)
    name = Path(a.data).stem
    sec = np.load(a.data).astype(np.float32)
    cut = int(round(0.8*len(sec)))
    tr = sec[:cut]
    tag = '_'.join(a.options) or 'default'
    t = time.perf_counter()
    r = D.train_diffusion([tr], out/f'{name}_{tag}.pth', patch=64, budget=a.budget, epochs=a.epochs, progress=False, echo=False, **kw)
    t_train = time.perf_counter() - t
    t = time.perf_counter(); fake = sample(load_diffusion(out/f'{name}_{tag}.pth'), 200, progress=False); t_s = time.perf_counter() - t
    real, held = random_patches(tr, 200, 64, seed=4), random_patches(sec[cut:], 200, 64, seed=1)
    rep = realism(real, fake, classifier=False)
    med = lambda f, x, y: float(np.median([f(x, y, seed=s) for s in range(5)]))
    cc = copy_check(fake, held, tr)
    o = dict(name=name, options=a.options, epochs=r.epochs, train_s=round(t_train), sample_s=round(t_s),
             spec=med(spectral_c2st, real, fake), feat=med(feature_c2st, real, fake),
             spec_floor=med(spectral_c2st, real, held), feat_floor=med(feature_c2st, real, held), lsd=rep['lsd_db'],
             kurt=rep['kurtosis_ratio'], kw=rep['kurtosis_within_fake']/rep['kurtosis_within_real'],
             spread=(rep['rms_spread_fake_db'], rep['rms_spread_real_db']), corr=rep['corr_ratio'], copy=(cc['fake'], cc['held']),
             bands=rep['bands'])
    print(json.dumps(o), flush=True)
    cmd = ' '.join(['python bench/diffusion_screen.py --data', a.data, *([f'--epochs {a.epochs}'] if a.epochs else
                    [f'--budget {a.budget:g}'] if a.budget != 8 else []), *a.options])
    print(publish('diffusion_screen', HEADER, [row(cmd, o, machine())], out, a.readme, keys=2))

if __name__ == '__main__': main()
