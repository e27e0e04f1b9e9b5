"""Facies benchmark: synthetic volumes of both kinds (facies told apart by impedance, and by reflection texture),
each trained with `seisnb facies train` and scored with `seisnb facies eval` on a held-out block of inlines, along
inlines alone and along both directions, with the errors located (near a facies boundary, near a fault, away).

    python bench/facies.py                    # two 150 x 150 x 192 volumes (seed 2026), the defaults: about 20 minutes
    python bench/facies.py --kinds texture --seeds 2026 4    # faulted texture volumes of two seeds
    python bench/facies.py --kinds impedance --seeds 2026 4  # the boundary-contrast volumes
    python bench/facies.py --kinds texture --seeds 4 --variants 2d 2.5d 2.5d-lovasz   # the ablation, in one run
    python bench/facies.py --kinds texture --seeds 4 --arch unet:resnet18 segformer:mit_b0 --budget 4
                                              # networks side by side: the same volume, the same budget, one run
    python bench/facies.py --train-args "--schedule plateau"   # options for every `seisnb facies train`

The split keeps gaps of `--gap` lines (default 5, more than the farthest neighbouring line a model reads) between
its blocks: of 150 inlines, 0-94 train, 100-114 validate and 120-149 are held out; other shapes split the same
fractions. Training reads only its own block (patches, and their neighbouring lines, are cut inside it), and its
crosslines are cut to it, so no held-out line is ever in a training patch. `--variants` trains one model per
variant (`VARIANTS`: 2-D sections or 2.5-D with the lines 1 and 3 before and after, cross-entropy plus Dice or
plus Lovász-softmax, random faults drawn into half the patches or not, patches or whole sections); without it,
the command's defaults run. Target (from the facies
issues): held-out mIoU >= 0.95 on the faulted texture volumes and >= 0.98 on the boundary-contrast (impedance)
volumes, each training within its budget (+10%), default 8 minutes.
"""
import argparse, json
from pathlib import Path

import numpy as np
from common import run
from tables import add_options, command, machine, publish, readme_of
from seisnb.synth import synth_cube

HEADER = ['command', 'volume', 'model', 'directions', 'held-out mIoU', 'near a boundary', 'near a fault', 'away',
          'per-class IoU', 'pixel accuracy', 'epochs (best)', 'train', 'measured']
VARIANTS = {                       # name: options of `seisnb facies train` (each says all that differs between them)
    '2d': ['--context', '--loss', 'ce+dice', '--fault-aug', '0'],
    '2.5d': ['--context', '1', '3', '--loss', 'ce+dice', '--fault-aug', '0'],
    '2.5d-lovasz': ['--context', '1', '3', '--loss', 'ce+lovasz', '--fault-aug', '0'],
    '2d-lovasz': ['--context', '--loss', 'ce+lovasz', '--fault-aug', '0'],
    '2d-faults': ['--context', '--loss', 'ce+dice', '--fault-aug', '0.5'],    # random faults drawn into half the patches
    '2.5d-faults': ['--context', '1', '3', '--loss', 'ce+dice', '--fault-aug', '0.5'],
    '2.5d-faults-lovasz': ['--context', '1', '3', '--loss', 'ce+lovasz', '--fault-aug', '0.5'],
    '2.5d-faults-whole': ['--context', '1', '3', '--loss', 'ce+dice', '--fault-aug', '0.5', '--patch', '160', '256'],  # whole sections
}
KINDS = {'impedance': 0.98, 'texture': 0.95}     # kind: target held-out mIoU

def faults_of(seed:int)->int:
    "The number of faults `synth_cube` draws for `seed` when none is given (its first draw)."
    return int(np.random.default_rng(seed).integers(0, 7))

def split(ni:int, gap:int)->tuple:
    "`(train, valid, held)` inline ranges 'A:B': the last 20% held out, 10% before it validates, gaps of `gap` lines."
    nh, nv = max(1, round(0.2*ni)), max(1, round(0.1*ni))
    h0 = ni - nh; v1 = h0 - gap; v0 = v1 - nv; t1 = v0 - gap
    if t1 < 2: raise SystemExit(f"{ni} inlines cannot hold the blocks with gaps of {gap} lines: give a larger --shape or --gap")
    return f"0:{t1}", f"{v0}:{v1}", f"{h0}:{ni}"

def describe(arch, enc, cfg)->str:
    "What a row's model is: network, sections (2-D or 2.5-D and its neighbours), loss, patch."
    ctx = cfg.get('context') or []
    secs = '2-D' if not ctx else '2.5-D +-' + ',+-'.join(map(str, ctx))
    return f"{arch} ({enc}), {secs}, {cfg.get('loss')}, patches {'x'.join(map(str, cfg.get('patch', [])))}"

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kinds', nargs='+', default=['impedance', 'texture'], choices=list(KINDS))
    ap.add_argument('--shape', nargs=3, type=int, default=[150, 150, 192], metavar=('NI', 'NX', 'NS'))
    ap.add_argument('--seeds', nargs='+', type=int, default=[2026], help='one volume of each kind per seed')
    ap.add_argument('--arch', nargs='+', default=None, metavar='ARCH[:ENCODER]',
                    help='networks to compare (default: the command default, a U-Net with resnet18)')
    ap.add_argument('--variants', nargs='+', default=None, choices=list(VARIANTS),
                    help='the ablation: one model per variant (default: the command defaults)')
    ap.add_argument('--budget', type=float, default=None, help='minutes of each training (default: the command default, 8)')
    ap.add_argument('--gap', type=int, default=5, help='lines between the training, validation and held-out blocks')
    ap.add_argument('--dir', default='bench/out')
    ap.add_argument('--train-args', default='', help='extra options for seisnb facies train, e.g. "--schedule plateau"')
    add_options(ap, 'a 24 x 48 x 64 volume and one epoch')
    a = ap.parse_args()
    out = Path(a.dir); out.mkdir(parents=True, exist_ok=True)
    shape = [40, 48, 64] if a.smoke else a.shape
    train, valid, held = split(shape[0], 3 if a.smoke else a.gap)
    nets = [tuple((n.split(':') + ['resnet18'])[:2]) for n in (a.arch or ['unet:resnet18'])]
    variants = a.variants or [None]
    extra = a.train_args.split() + (['--budget', f'{a.budget:g}'] if a.budget else []) + \
            (['--epochs', '1', '--patches', '16', '--patch', '32', '64', '--bs', '8'] if a.smoke else [])
    res, rows, cmd = [], [], command('bench/facies.py', ap, a)
    print(f"split: train {train}, validate {valid}, held out {held}", flush=True)
    for seed in a.seeds:
        for kind in a.kinds:
            s = synth_cube(tuple(shape), seed=seed, facies=kind)
            vol = f"{kind}, seed {seed}, {faults_of(seed)} faults, {'x'.join(map(str, shape))}"
            seis, lab, flt = (out/f'facies_{kind}_{seed}_{w}.npy' for w in ('seismic', 'labels', 'faults'))
            np.save(seis, s.seismic); np.save(lab, s.labels); np.save(flt, s.fault_mask)
            for arch, enc in nets:
                for var in variants:
                    opts = VARIANTS[var] if var else []
                    if a.smoke and var and '--patch' in opts: opts = opts[:opts.index('--patch')]
                    model = out/f"facies_{kind}_{seed}_{arch}_{enc}{'_' + var if var else ''}.pth"
                    log, t_train = run('facies', 'train', '--seismic', seis, '--labels', lab, '--train-inlines', train,
                                       '--valid-inlines', valid, '--out', model, '--arch', arch, '--encoder', enc,
                                       '--json', *opts, *extra)
                    tr = json.loads(log)
                    name = describe(arch, enc, tr['config']) + (f" [{var}]" if var else '')
                    for dirs in (['il'], ['il', 'xl']):
                        js, t_eval = run('facies', 'eval', '--model', model, '--seismic', seis, '--labels', lab,
                                         '--inlines', held, '--faults', flt, '--directions', *dirs, '--json')
                        m = json.loads(js)
                        z = {k: m[k]['miou'] for k in ('near_boundary', 'near_fault', 'away') if k in m}
                        r = dict(kind=kind, seed=seed, arch=arch, encoder=enc, variant=var, config=tr['config'],
                                 directions=' '.join(dirs), miou=m['miou'], pa=m['pa'], fwiu=m['fwiu'], **z,
                                 fraction_near_fault=m.get('near_fault', {}).get('fraction'),
                                 epochs=tr['epochs'], best_epoch=tr['best_epoch'], train_s=round(t_train),
                                 eval_s=round(t_eval), per_class_iou=m['per_class_iou'], valid_miou=tr['valid']['miou'])
                        res.append(r)
                        fmt = lambda v: '-' if v is None else f"{v:.4f}"
                        print(f"{vol}, {name}, directions {' '.join(dirs)}: held-out ({held}) mIoU {m['miou']:.4f} "
                              f"(near a boundary {fmt(z.get('near_boundary'))}, near a fault {fmt(z.get('near_fault'))}, "
                              f"away {fmt(z.get('away'))}), PA {m['pa']:.4f}; validation mIoU {tr['valid']['miou']:.4f}; "
                              f"{tr['epochs']} epochs (best {tr['best_epoch']}), train {t_train:.0f} s, eval {t_eval:.0f} s",
                              flush=True)
                        rows.append([cmd, vol, name, ' '.join(dirs), f"{m['miou']:.4f}", fmt(z.get('near_boundary')),
                                     fmt(z.get('near_fault')), fmt(z.get('away')),
                                     ' '.join('-' if v is None else f'{v:.3f}' for v in m['per_class_iou']),
                                     f"{m['pa']:.4f}", f"{tr['epochs']} ({tr['best_epoch']})", f"{t_train:.0f} s", machine()])
    budget = a.budget or 8
    best = [r for r in res if r['directions'] == 'il xl']
    ok = all(r['miou'] >= KINDS[r['kind']] for r in best) and all(r['train_s'] < 1.1*budget*60 for r in best)
    print(f"target held-out mIoU (both directions) >= 0.95 on texture and >= 0.98 on impedance volumes, training within "
          f"{budget:g} minutes (+10%): {'met' if ok else 'MISSED'}")
    tag = '_'.join(a.train_args.replace('--', '').split() + (a.variants or []) + [str(s) for s in a.seeds] + a.kinds)
    (out/f"facies_{tag}.json").write_text(json.dumps(dict(seeds=a.seeds, kinds=a.kinds, split=[train, valid, held],
                                                          train_args=a.train_args, variants=a.variants, budget=a.budget,
                                                          rows=res), indent=1))
    print(publish('facies', HEADER, rows, out, readme_of(a), keys=4))

if __name__ == '__main__': main()
