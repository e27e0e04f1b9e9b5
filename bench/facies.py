"""Facies benchmark: synthetic volumes of both kinds (facies told apart by impedance, and by reflection texture),
each trained with `seisnb facies train` and scored with `seisnb facies eval` on held-out inlines.

    python bench/facies.py                    # two 150 x 150 x 192 volumes (seed 2026), the defaults: about 17 minutes
    python bench/facies.py --kinds texture --seeds 2026 4    # faulted texture volumes of two seeds
    python bench/facies.py --kinds texture --seeds 4 --arch unet:resnet18 segformer:mit_b0 --budget 4
                                              # networks side by side: the same volume, the same budget, one run
    python bench/facies.py --train-args "--schedule plateau"   # options for every `seisnb facies train`

Inlines 0-99 train, 100-114 validate, 120-149 are held out (a gap of 5 lines); other shapes split the same
fractions. `--arch` takes ARCH[:ENCODER] (smp's unet, unetplusplus, deeplabv3plus, segformer, fpn, upernet; the
encoder defaults to resnet18); without it, the command's default network runs. Target (from the facies and field
issues): held-out mIoU >= 0.95, training within the default budget (8 minutes) on this machine.
"""
import argparse, json
from pathlib import Path

import numpy as np
from common import run
from tables import add_options, command, machine, publish, readme_of
from seisnb.synth import synth_cube

HEADER = ['command', 'volume', 'network', 'parameters', 'held-out mIoU', 'pixel accuracy', 'FWIU', 'epochs (best)',
          'train', 'measured']

def faults_of(seed:int)->int:
    "The number of faults `synth_cube` draws for `seed` when none is given (its first draw)."
    return int(np.random.default_rng(seed).integers(0, 7))

def n_params(arch:str, encoder:str)->str:
    from seisnb.facies import facies_model
    return f"{sum(p.numel() for p in facies_model(6, encoder, arch=arch).parameters())/1e6:.1f} M"

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kinds', nargs='+', default=['impedance', 'texture'], choices=['impedance', 'texture'])
    ap.add_argument('--shape', nargs=3, type=int, default=[150, 150, 192], metavar=('NI', 'NX', 'NS'))
    ap.add_argument('--seeds', nargs='+', type=int, default=[2026], help='one volume of each kind per seed')
    ap.add_argument('--arch', nargs='+', default=None, metavar='ARCH[:ENCODER]',
                    help='networks to compare (default: the command default, a U-Net with resnet18)')
    ap.add_argument('--budget', type=float, default=None, help='minutes of each training (default: the command default, 8)')
    ap.add_argument('--dir', default='bench/out')
    ap.add_argument('--train-args', default='', help='extra options for seisnb facies train, e.g. "--schedule plateau"')
    add_options(ap, 'a 24 x 48 x 64 volume and one epoch')
    a = ap.parse_args()
    out = Path(a.dir); out.mkdir(parents=True, exist_ok=True)
    shape = [24, 48, 64] if a.smoke else a.shape
    ni = shape[0]
    train, valid, held = f"0:{int(ni*2/3)}", f"{int(ni*2/3)}:{int(ni*0.77)}", f"{int(ni*0.8)}:{ni}"
    nets = [tuple((n.split(':') + ['resnet18'])[:2]) for n in (a.arch or ['unet:resnet18'])]
    extra = a.train_args.split() + (['--budget', f'{a.budget:g}'] if a.budget else []) + \
            (['--epochs', '1', '--patches', '16', '--patch', '32', '64', '--bs', '8'] if a.smoke else [])
    res, rows, cmd = [], [], command('bench/facies.py', ap, a)
    for seed in a.seeds:
        for kind in a.kinds:
            s = synth_cube(tuple(shape), seed=seed, facies=kind)
            vol = f"{kind}, seed {seed}, {faults_of(seed)} faults, {'x'.join(map(str, shape))}"
            seis, lab = out/f'facies_{kind}_{seed}_seismic.npy', out/f'facies_{kind}_{seed}_labels.npy'
            np.save(seis, s.seismic); np.save(lab, s.labels)
            for arch, enc in nets:
                model = out/f'facies_{kind}_{seed}_{arch}_{enc}.pth'
                log, t_train = run('facies', 'train', '--seismic', seis, '--labels', lab, '--train-inlines', train,
                                   '--valid-inlines', valid, '--out', model, '--arch', arch, '--encoder', enc,
                                   '--json', *extra)
                tr = json.loads(log)
                js, t_eval = run('facies', 'eval', '--model', model, '--seismic', seis, '--labels', lab, '--inlines', held,
                                 '--json')
                m = json.loads(js)
                r = dict(kind=kind, seed=seed, arch=arch, encoder=enc, miou=m['miou'], pa=m['pa'], fwiu=m['fwiu'],
                         epochs=tr['epochs'], best_epoch=tr['best_epoch'], train_s=round(t_train), eval_s=round(t_eval),
                         per_class_iou=m['per_class_iou'])
                res.append(r)
                print(f"{vol}, {arch} ({enc}): held-out (inlines {held}) mIoU {m['miou']:.4f}, PA {m['pa']:.4f}, "
                      f"FWIU {m['fwiu']:.4f}; {tr['epochs']} epochs (best {tr['best_epoch']}), train {t_train:.0f} s "
                      f"(command), eval {t_eval:.0f} s", flush=True)
                rows.append([cmd, vol, f"{arch} ({enc})", n_params(arch, enc), f"{m['miou']:.4f}", f"{m['pa']:.4f}",
                             f"{m['fwiu']:.4f}", f"{tr['epochs']} ({tr['best_epoch']})", f"{t_train:.0f} s", machine()])
    budget = a.budget or 8
    ok = all(r['miou'] >= 0.95 for r in res) and all(r['train_s'] < 1.1*budget*60 for r in res)
    print(f"target held-out mIoU >= 0.95 with training within {budget:g} minutes: {'met' if ok else 'MISSED'}")
    tag = '_'.join(a.train_args.replace('--', '').split())
    (out/f"facies{'_' + tag if tag else ''}.json").write_text(json.dumps(dict(seeds=a.seeds, train_args=a.train_args,
                                                                             budget=a.budget, rows=res), indent=1))
    print(publish('facies', HEADER, rows, out, readme_of(a), keys=3))

if __name__ == '__main__': main()
