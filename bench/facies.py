"""Facies benchmark: synthetic volumes of both kinds (facies told apart by impedance, and by reflection texture),
each trained with `seisnb facies train` and its defaults and scored with `seisnb facies eval` on held-out inlines.

    python bench/facies.py                    # two 150 x 150 x 192 volumes, about 12 minutes
    python bench/facies.py --kinds texture    # one kind
    python bench/facies.py --train-args "--schedule plateau"   # constant rate + ReduceLROnPlateau instead of one-cycle

Inlines 0-99 train, 100-114 validate, 120-149 are held out (a gap of 5 lines). Target (from the facies issue):
held-out mIoU >= 0.95, training under 10 minutes on this machine.
"""
import argparse, json
from pathlib import Path

import numpy as np
from common import run
from seisnb.synth import synth_cube

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kinds', nargs='+', default=['impedance', 'texture'], choices=['impedance', 'texture'])
    ap.add_argument('--shape', nargs=3, type=int, default=[150, 150, 192], metavar=('NI', 'NX', 'NS'))
    ap.add_argument('--seed', type=int, default=2026)
    ap.add_argument('--dir', default='bench/out')
    ap.add_argument('--train-args', default='', help='extra options for seisnb facies train, e.g. "--schedule plateau"')
    a = ap.parse_args()
    out = Path(a.dir); out.mkdir(parents=True, exist_ok=True)
    ni = a.shape[0]
    train, valid, held = f"0:{int(ni*2/3)}", f"{int(ni*2/3)}:{int(ni*0.77)}", f"{int(ni*0.8)}:{ni}"
    res = {}
    for kind in a.kinds:
        s = synth_cube(tuple(a.shape), seed=a.seed, facies=kind)
        seis, lab = out/f'facies_{kind}_seismic.npy', out/f'facies_{kind}_labels.npy'
        np.save(seis, s.seismic); np.save(lab, s.labels)
        model = out/f'facies_{kind}.pth'
        log, t_train = run('facies', 'train', '--seismic', seis, '--labels', lab, '--train-inlines', train,
                           '--valid-inlines', valid, '--out', model, *a.train_args.split())
        print(log, end='')
        js, t_eval = run('facies', 'eval', '--model', model, '--seismic', seis, '--labels', lab, '--inlines', held, '--json')
        m = json.loads(js)
        res[kind] = dict(miou=m['miou'], pa=m['pa'], fwiu=m['fwiu'], train_s=round(t_train), eval_s=round(t_eval),
                         per_class_iou=m['per_class_iou'])
        print(f"{kind}: held-out (inlines {held}) mIoU {m['miou']:.4f}, PA {m['pa']:.4f}, FWIU {m['fwiu']:.4f}; "
              f"train {t_train:.0f} s (command), eval {t_eval:.0f} s", flush=True)
    ok = all(r['miou'] >= 0.95 and r['train_s'] < 600 for r in res.values())
    print(f"target held-out mIoU >= 0.95 with training under 10 minutes: {'met' if ok else 'MISSED'}")
    tag = '_'.join(a.train_args.replace('--', '').split())
    (out/f"facies{'_' + tag if tag else ''}.json").write_text(json.dumps(dict(seed=a.seed, train_args=a.train_args, **res), indent=1))

if __name__ == '__main__': main()
