"Shared by the benchmarks: the synthetic cube they read, written once and reused; the `seisnb` command, timed."
import gc, os, platform, subprocess, sys, time
from pathlib import Path

def cube_path(shape, out='bench/out', seed=0)->Path:
    "The inline-sorted format-5 SEG-Y of a `seisnb.synth` cube of `shape`, written into `out` if it is not there."
    from seisnb.synth import synth_cube, write_segy
    ni, nx, ns = shape
    out = Path(out); out.mkdir(parents=True, exist_ok=True)
    path = out/f'cube_{ni}x{nx}x{ns}.sgy'
    if not path.exists():
        print(f"writing {path} ...", flush=True)
        t = time.perf_counter()
        s = synth_cube((ni, nx, ns), seed=seed)
        part = path.with_suffix('.part')
        write_segy(part, s.seismic, progress=True)
        os.replace(part, path)                       # an interrupted run leaves no half-written cube
        del s; gc.collect()
        print(f"  written in {time.perf_counter() - t:.0f} s", flush=True)
    return path

def warm(p, chunk=1 << 26):
    "Read the whole file once so it sits in the page cache."
    with open(p, 'rb') as fh:
        while fh.read(chunk): pass

def run(*argv):
    "Run `seisnb ARGV...`; its standard output and wall time in seconds, or exit with its error."
    t = time.perf_counter()
    r = subprocess.run(['seisnb', *map(str, argv)], capture_output=True, text=True)
    if r.returncode: sys.exit(f"seisnb {' '.join(map(str, argv))} failed:\n{r.stderr}")
    return r.stdout, time.perf_counter() - t

def cpu_name()->str:
    "The CPU model, from /proc/cpuinfo (else what `platform` says)."
    try:
        with open('/proc/cpuinfo') as f: return next(l.split(':', 1)[1].strip() for l in f if l.startswith('model name'))
    except (OSError, StopIteration): return platform.processor() or platform.machine()
