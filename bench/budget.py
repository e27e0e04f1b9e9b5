"""Time budgets: each model trained through `seisnb X train --budget B` for each budget, wall time of the command
against the budget, and the validation metric the run reached.

    python bench/budget.py                              # facies, sr, diffusion at 3 and 8 minutes, about an hour
    python bench/budget.py --models sr --budgets 3      # one model, one budget
    python bench/budget.py --models sr diffusion --data a.npy --data b.npy   # on your sections (e.g. field data)

Facies trains on `bench/facies.py`'s volumes (150 x 150 x 192 `synth_cube`, seed 2026, inlines 0-99, validation
100-114) and is scored by `seisnb facies eval` on the held-out inlines 120-149. `--baseline` also trains facies
with the fixed schedule that was the default before budgets (`--epochs 10`) in the same run, so the held-out mIoU
at 8 minutes is compared with it on the same machine and load. Super-resolution trains on the 24 inlines of a
256 x 256 synthetic survey (as `bench/superres.py`), diffusion on the first 80% of a 1024 x 256 synthetic section
(as `bench/diffusion.py`), unless `--data` gives sections. Target (from the experiments issue): every run within
+-10% of its budget. Results go to `bench/out/budget.json`.
"""
import argparse, json
from pathlib import Path

import numpy as np
from common import cpu_name, run

def cpu():
    "The CPU model and whether torch sees native bfloat16 there."
    import torch
    from seisnb.train import bf16_supported
    return f"{cpu_name()}, {torch.get_num_threads()} threads, bf16 {'native' if bf16_supported('cpu') else 'not native'}"

def facies_data(out, seed, kinds):
    from seisnb.synth import synth_cube
    paths = {}
    for kind in kinds:
        seis, lab = out/f'facies_{kind}_seismic.npy', out/f'facies_{kind}_labels.npy'
        if not (seis.exists() and lab.exists()):
            s = synth_cube((150, 150, 192), seed=seed, facies=kind)
            np.save(seis, s.seismic); np.save(lab, s.labels)
        paths[kind] = seis, lab
    return paths

def default_data(out):
    "The super-resolution and diffusion training data of bench/superres.py and bench/diffusion.py."
    from seisnb.synth import synth_cube, synth_section
    sr, dif = out/'budget_sr_hr.npy', out/'budget_diffusion.npy'
    if not sr.exists(): np.save(sr, synth_cube((24, 256, 256), seed=2026, snr_db=30, max_angle=45).seismic)
    if not dif.exists():
        s = synth_section(1024, 256, seed=2026).seismic
        np.save(dif, s[:int(len(s)*0.8)])
    return [sr], [dif]

def train(model, budget, out, name, data_args, extra=()):
    "Run `seisnb MODEL train ... --budget B --json`; its JSON and the command's wall time."
    args = [model, 'train', *data_args, '--out', out/f'{name}.pth', *(['--budget', budget] if budget else []), *extra, '--json']
    js, took = run(*args)
    return json.loads(js), took

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--models', nargs='+', default=['facies', 'sr', 'diffusion'], choices=['facies', 'sr', 'diffusion'])
    ap.add_argument('--budgets', nargs='+', type=float, default=[3, 8], metavar='MINUTES')
    ap.add_argument('--kinds', nargs='+', default=['impedance', 'texture'], choices=['impedance', 'texture'],
                    help='facies volumes (as bench/facies.py)')
    ap.add_argument('--baseline', action=argparse.BooleanOptionalAction, default=True,
                    help='also train facies with the pre-budget default, --epochs 10 (default on)')
    ap.add_argument('--data', action='append', metavar='SEC.npy', help='sections for sr and diffusion instead of the synthetic ones')
    ap.add_argument('--seed', type=int, default=2026)
    ap.add_argument('--dir', default='bench/out')
    ap.add_argument('--tag', default='', help='suffix of the result file: bench/out/budget{_TAG}.json')
    a = ap.parse_args()
    out = Path(a.dir); out.mkdir(parents=True, exist_ok=True)
    machine = cpu()
    print(f"machine: {machine}", flush=True)
    rows = []
    def report(model, what, budget, d, took, metric, value, held=None):
        ratio = took/(budget*60) if budget else None
        rows.append(dict(model=model, data=what, budget_min=budget, wall_s=round(took, 1), ratio=ratio and round(ratio, 3),
                         epochs=d['epochs'], best_epoch=d['best_epoch'], plan=d['plan'], metric=metric, valid=value,
                         held_out_miou=held))
        inside = '' if ratio is None else f", {ratio:.3f} of the budget ({'within' if abs(ratio - 1) <= 0.1 else 'OUTSIDE'} +-10%)"
        print(f"{model} {what} budget {budget or '-'} min: {took:.0f} s{inside}; {d['plan']}; best epoch {d['best_epoch']} "
              f"of {d['epochs']}, validation {metric} {value:.4f}" + (f", held-out mIoU {held:.4f}" if held is not None else ''),
              flush=True)
    if 'facies' in a.models:
        for kind, (seis, lab) in facies_data(out, a.seed, a.kinds).items():
            split = ['--seismic', seis, '--labels', lab, '--train-inlines', '0:100', '--valid-inlines', '100:115']
            for budget, extra in [(b, ()) for b in a.budgets] + ([(None, ('--epochs', 10))] if a.baseline else []):
                name = f"budget_facies_{kind}_{budget or 'epochs10'}"
                d, took = train('facies', budget, out, name, split, extra)
                m = json.loads(run('facies', 'eval', '--model', out/f'{name}.pth', '--seismic', seis, '--labels', lab,
                                   '--inlines', '120:150', '--json')[0])
                report('facies', kind, budget, d, took, 'miou', d['valid']['miou'], m['miou'])
    sr_data, dif_data = default_data(out) if not a.data else (a.data, a.data)
    what = 'given sections' if a.data else 'synthetic'
    for model, data in (('sr', sr_data), ('diffusion', dif_data)):
        if model not in a.models: continue
        args = [x for p in data for x in ('--data', p)] + (['--scale', 2] if model == 'sr' else [])
        for budget in a.budgets:
            d, took = train(model, budget, out, f"budget_{model}_{budget}", args)
            metric = 'psnr' if model == 'sr' else 'valid_loss'
            report(model, what, budget, d, took, metric, d['valid'][metric])
            if model == 'sr': print(f"  sr validation: PSNR {d['valid']['psnr']:.2f} dB, bicubic {d['valid']['psnr_bicubic']:.2f} dB, "
                                    f"SSIM {d['valid']['ssim']:.4f}", flush=True)
    timed = [r for r in rows if r['ratio'] is not None]
    ok = all(abs(r['ratio'] - 1) <= 0.1 for r in timed)
    print(f"target every run within +-10% of its budget: {'met' if ok else 'MISSED'} "
          f"(ratios {', '.join(format(r['ratio'], '.3f') for r in timed)}; median {np.median([r['ratio'] for r in timed]):.3f})")
    (out/f"budget{'_' + a.tag if a.tag else ''}.json").write_text(json.dumps(dict(machine=machine, rows=rows), indent=1))

if __name__ == '__main__': main()
