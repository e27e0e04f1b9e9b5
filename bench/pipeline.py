"""The stages of the DVC pipeline (`dvc.yaml`): make the synthetic data, train each model through the `seisnb`
command with the settings in `params.yaml`, and evaluate it, writing a metrics file per model.

    dvc repro                                 # the whole pipeline (about half an hour with 8-minute budgets)
    dvc exp run -S facies.lr=1e-3             # an experiment: only the facies stages run again
    dvc exp run -S smoke=true                 # tiny data and budgets (`smoke_profile`): the whole pipeline in minutes
    python bench/pipeline.py facies_train     # one stage by hand

Every key of the `facies`, `sr` and `diffusion` sections is passed to `seisnb X train` as a `key=value`
override, so any option of the command can be set there (or with `-S`). Outputs go to `bench/out/pipeline/`.
"""
import json, sys, warnings
from pathlib import Path

import numpy as np
from omegaconf import OmegaConf
from common import run

warnings.simplefilter('ignore')                       # libraries' deprecation notices
OUT = Path('bench/out/pipeline')
DATA = OUT/'data'

def params()->dict:
    "params.yaml, with `smoke_profile` merged over it when `smoke` is true."
    p = OmegaConf.load('params.yaml')
    if p.smoke: p = OmegaConf.merge(p, p.smoke_profile)
    return OmegaConf.to_container(p)

def seisnb(*argv)->str:
    "Run the `seisnb` command (bench/common.py); its standard output."
    return run(*argv)[0]

def overrides(section:dict)->list: return [f"{k}={json.dumps(v) if isinstance(v, list) else v}" for k, v in section.items()]

def data(p):
    from seisnb.synth import synth_cube, synth_section
    d, seed = p['data'], p['data']['seed']
    DATA.mkdir(parents=True, exist_ok=True)
    s = synth_cube(tuple(d['facies_shape']), seed=seed, facies=d['facies_kind'])
    np.save(DATA/'facies_seismic.npy', s.seismic); np.save(DATA/'facies_labels.npy', s.labels)
    ni, nx, ns = d['sr_shape']
    np.save(DATA/'sr_train.npy', synth_cube((ni, nx, ns), seed=seed, snr_db=d['sr_snr'], max_angle=d['sr_max_angle']).seismic)
    np.save(DATA/'sr_test.npy', synth_cube((max(2, ni//3), nx, ns), seed=seed + 1, snr_db=d['sr_snr'], max_angle=d['sr_max_angle']).seismic)
    sec = synth_section(d['diffusion_traces'], d['diffusion_samples'], seed=seed).seismic
    k = int(len(sec)*0.8)
    np.save(DATA/'diffusion_train.npy', sec[:k]); np.save(DATA/'diffusion_test.npy', sec[k:])

def _split(ni):
    "bench/facies.py's split of the inlines: the last fifth held out, a tenth before it validates, gaps of 5 lines between."
    from facies import split
    return split(ni, 5)

def _train(model, p, *args):
    out, took = run(model, 'train', *args, '--out', OUT/f'{model}.pth', '--json', *overrides(p[model]))
    (OUT/f'{model}_train.json').write_text(json.dumps(dict(json.loads(out), command_seconds=round(took, 1)), indent=1))

def facies_train(p):
    tr, va, _ = _split(p['data']['facies_shape'][0])
    _train('facies', p, '--seismic', DATA/'facies_seismic.npy', '--labels', DATA/'facies_labels.npy',
           '--train-inlines', tr, '--valid-inlines', va)

def sr_train(p): _train('sr', p, '--data', DATA/'sr_train.npy')
def diffusion_train(p): _train('diffusion', p, '--data', DATA/'diffusion_train.npy')

def _metrics(model, m:dict):
    t = json.loads((OUT/f'{model}_train.json').read_text())
    m.update(train_seconds=t['command_seconds'], budget_min=t['config']['budget'], epochs=t['epochs'], best_epoch=t['best_epoch'])
    (OUT/f'{model}_metrics.json').write_text(json.dumps(m, indent=1))

def facies_eval(p):
    _, _, held = _split(p['data']['facies_shape'][0])
    m = json.loads(seisnb('facies', 'eval', '--model', OUT/'facies.pth', '--seismic', DATA/'facies_seismic.npy',
                          '--labels', DATA/'facies_labels.npy', '--inlines', held, '--json'))
    _metrics('facies', dict(held_out_miou=m['miou'], held_out_pa=m['pa'], held_out_fwiu=m['fwiu']))

def sr_eval(p):
    from superres import bicubic, score          # bench/superres.py's baseline and scores
    scale = p['sr']['scale']
    seisnb('sr', 'degrade', '--data', DATA/'sr_test.npy', '--scale', scale, '--out', OUT/'sr_test_lr.npy')
    seisnb('sr', 'apply', '--model', OUT/'sr.pth', '--data', OUT/'sr_test_lr.npy', '--out', OUT/'sr_test_sr.npy')
    hr, lr, sr = (np.load(f) for f in (DATA/'sr_test.npy', OUT/'sr_test_lr.npy', OUT/'sr_test_sr.npy'))
    s = score(dict(model=sr, bicubic=[bicubic(l, scale) for l in lr]), hr, scale)
    _metrics('sr', dict(psnr=s['model']['psnr'], ssim=s['model']['ssim'], psnr_bicubic=s['bicubic']['psnr'],
                        ssim_bicubic=s['bicubic']['ssim'], gain_db=s['model']['psnr'] - s['bicubic']['psnr']))

def diffusion_eval(p):
    from seisnb.realism import random_patches, realism
    n = p['eval']['diffusion_patches']
    seisnb('diffusion', 'sample', '--model', OUT/'diffusion.pth', '--n', n, '--out', OUT/'diffusion_samples.npy')
    fake = np.load(OUT/'diffusion_samples.npy')
    real = random_patches(np.load(DATA/'diffusion_test.npy'), n, fake.shape[1:], seed=1)
    r = realism(real, fake, classifier=True)
    _metrics('diffusion', {k: float(r[k]) for k in ('lsd_db', 'amplitude_w1', 'corr_ratio', 'c2st')})

if __name__ == '__main__':
    stages = {f.__name__: f for f in (data, facies_train, facies_eval, sr_train, sr_eval, diffusion_train, diffusion_eval)}
    if len(sys.argv) != 2 or sys.argv[1] not in stages: sys.exit(f"usage: python bench/pipeline.py {'|'.join(stages)}")
    OUT.mkdir(parents=True, exist_ok=True)
    stages[sys.argv[1]](params())
