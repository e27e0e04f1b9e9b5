"""Scale benchmark: surveys larger than memory, on dask (issue 16).

For each cube size (0.85, 3.4 and 13.6 GB of float32 amplitudes by default), a SEG-Y file is generated (streamed
to disk, never whole in memory), then, each as a `seisnb` command in its own process tree:
  - `seisnb export IN.sgy OUT.zarr --workers N`, N = 1 and 2: SEG-Y to a zarr store in MDIO's layout;
  - `seisnb attribute OUT.zarr ENV.zarr --kind envelope --workers N`: the envelope of the whole cube, to a store;
  - the baseline, in the same run: zarr itself writing the same cube from memory, with the same chunks and the
    same codecs as the exported store (the physical limit of the format on this machine; only where the cube fits
    in memory), and the in-memory path of seisnb (`r.to_numpy()`, `envelope`) where it fits.
Reported: throughput (MB of float32 amplitudes per second of wall time, the command's start-up and its cluster's
included) and, beside it, the sweep's own throughput (the time the command reports for its work once its cluster is
up: the number that compares with zarr's write from memory, which includes no start-up either), and the peak memory of all processes of the command together, sampled every 0.1 s: their private
memory (anonymous + shared memory: what they allocated) and, beside it, their whole resident set, which also counts
the SEG-Y file's pages that the workers' memory maps hold (clean page cache, which the kernel reclaims under a
memory limit). Files are deleted after each size.

With `--limit GB`, the export and the envelope with the most workers also run under a memory limit of that many
GB for every cube larger than it: the command's processes go into a memory cgroup (v1 or v2, which needs root;
without one the limited runs are skipped and the table says so) whose limit the kernel enforces: a process tree
that allocates more is killed. The store written under the limit is compared with the SEG-Y on a few inlines.

With `--traces N` (e.g. 4e6), the geometry's memory instead: a survey of N traces of `--few` samples (8: about
270 bytes a trace on disk) and an empty one (10 x 10 traces), each through `seisnb info` and `seisnb export
--workers 2`; the peak private memory of each command's process tree above the empty survey's, per trace.

    python bench/scale.py [--sizes 0.85 3.4 13.6] [--limit 1.5] [--dir /tmp/seisnb-scale] [--smoke]
    python bench/scale.py --traces 4e6
"""
import argparse, json, os, shutil, signal, subprocess, sys, time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import tables
from common import cpu_name

NS, DT = 1000, 4.        # samples per trace (4 s at 4 ms): the cube's size sets its inlines and crosslines

def shape_of(gb:float)->tuple:
    "An (inline, crossline, sample) shape of about `gb` GB of float32, crosslines 1.2 x inlines."
    traces = gb*1e9/(4*NS)
    ni = int(round(np.sqrt(traces/1.2)))
    return ni, int(round(traces/ni)), NS

def tile(nx:int, ns:int, k:int=8, seed:int=0)->np.ndarray:
    "`k` inlines of band-limited, laterally continuous noise that the cube repeats (signs and shifts vary)."
    from scipy import ndimage, signal
    rng = np.random.default_rng(seed)
    refl = ndimage.uniform_filter1d(rng.standard_normal((k, nx, ns)).astype(np.float32), 9, axis=1)
    b, a = signal.butter(4, [8, 60], btype='band', fs=1000/DT)
    return signal.lfilter(b, a, refl, axis=-1).astype(np.float32)

def write_cube(path:Path, shape:tuple):
    "A big-endian IEEE (format 5) inline-sorted SEG-Y of `shape`, written an inline at a time."
    from seisnb.synth import write_segy
    ni, nx, ns = shape
    write_segy(path.with_suffix('.head'), np.zeros((1, 1, ns), np.float32), dt=DT)     # the file and trace headers
    raw = path.with_suffix('.head').read_bytes(); path.with_suffix('.head').unlink()
    head, th = raw[:3600], np.frombuffer(raw[3600:3840], np.uint8)
    t = tile(nx, ns)
    hdr = np.tile(th, (nx, 1))
    xl = (300 + np.arange(nx)).astype('>i4').view(np.uint8).reshape(nx, 4)
    with open(path, 'wb') as f:
        f.write(head)
        for i in range(ni):
            hdr[:, 188:192] = np.frombuffer(np.array(100 + i, '>i4').tobytes(), np.uint8)   # inline, byte 189
            hdr[:, 192:196] = xl                                                           # crossline, byte 193
            hdr[:, 0:4] = (i*nx + 1 + np.arange(nx)).astype('>i4').view(np.uint8).reshape(nx, 4)
            v = ((-1)**i)*np.roll(t[i % len(t)], i//len(t), axis=-1)
            f.write(np.concatenate([hdr, v.astype('>f4').view(np.uint8).reshape(nx, -1)], 1).tobytes())

def _mem(pid:int)->tuple:
    "(private, resident) bytes of a process: anonymous + shared memory, and the whole resident set."
    try:
        with open(f'/proc/{pid}/status') as f: st = dict(l.split(':', 1) for l in f if ':' in l)
    except OSError: return 0, 0
    kb = lambda k: int(st.get(k, '0 kB').split()[0])*1024
    return kb('RssAnon') + kb('RssShmem'), kb('VmRSS')

def _cmdline(pid:int)->bytes:
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f: return f.read()
    except OSError: return b''

def _tree(pid:int)->list:
    """`pid` and all its descendants, less those caught between fork and exec (a child with its parent's command line,
    as when a process runs `uname -p`): such a child shows its parent's pages, shared copy-on-write, as its own, and
    counting them would double the parent's memory for that instant."""
    out, todo = [], [(pid, None)]
    while todo:
        p, parent = todo.pop()
        cmd = _cmdline(p)
        if parent is not None and cmd == parent: continue
        out.append(p)
        try:
            for t in os.listdir(f'/proc/{p}/task'):
                with open(f'/proc/{p}/task/{t}/children') as f: todo += [(int(c), cmd) for c in f.read().split()]
        except OSError: pass
    return out

def _cgroup_root():
    "`(version, folder)` of a memory cgroup hierarchy this process may create groups in, or None."
    v2 = Path('/sys/fs/cgroup')
    cands = [(1, v2/'memory', 'memory.limit_in_bytes')]
    if (v2/'cgroup.controllers').exists() and 'memory' in (v2/'cgroup.controllers').read_text().split():
        cands.insert(0, (2, v2, 'memory.max'))
    for v, root, limit in cands:
        test = root/f'seisnb-probe-{os.getpid()}'
        try:
            test.mkdir(); ok = (test/limit).exists(); test.rmdir()
        except OSError: continue
        if ok: return v, root
    return None

class Limit:
    "A memory cgroup of `gb` GB (swap included where the kernel counts it) that `argv` runs in; its peak use and the kills it saw."
    def __init__(self, gb:float, where):
        self.v, root = where
        self.dir = root/f'seisnb-scale-{os.getpid()}'
        self.dir.mkdir()
        b = str(int(gb*1e9))
        if self.v == 2:
            (self.dir/'memory.max').write_text(b)
            if (self.dir/'memory.swap.max').exists(): (self.dir/'memory.swap.max').write_text('0')
        else:
            (self.dir/'memory.limit_in_bytes').write_text(b)
            if (self.dir/'memory.memsw.limit_in_bytes').exists(): (self.dir/'memory.memsw.limit_in_bytes').write_text(b)
    def wrap(self, argv:list)->list:
        "`argv`, started from a shell that first moves itself into the cgroup (its children inherit it)."
        return ['sh', '-c', f'echo $$ > {self.dir}/cgroup.procs && exec "$@"', 'sh', *map(str, argv)]
    def peak(self)->int:
        f = self.dir/('memory.peak' if self.v == 2 else 'memory.max_usage_in_bytes')
        return int(f.read_text()) if f.exists() else 0
    def kills(self)->int:
        if self.v == 2:
            ev = dict(l.split() for l in (self.dir/'memory.events').read_text().splitlines())
            return int(ev.get('oom_kill', 0))
        oc = dict(l.split() for l in (self.dir/'memory.oom_control').read_text().splitlines())
        return int(oc.get('oom_kill', 0))
    def close(self):
        try: self.dir.rmdir()
        except OSError: pass

def sweep_seconds(stdout:str)->float|None:
    "The seconds of the sweep itself, from the command's `... MB in T s, ... MB/s (after S s starting the cluster)`."
    import re
    m = re.search(r' MB in ([0-9.]+) s, ', stdout)
    return float(m.group(1)) if m else None

def measured(argv:list, check:bool=True)->dict:
    "Run `argv`; its wall time and the peak over time of the summed private and resident memory of its process tree."
    import tempfile
    argv = [str(v) for v in argv]
    with tempfile.TemporaryFile('w+') as fo, tempfile.TemporaryFile('w+') as fe:   # files: a full pipe would block it
        t = time.perf_counter()
        p = subprocess.Popen(argv, stdout=fo, stderr=fe, text=True)
        peak_priv = peak_rss = 0
        while p.poll() is None:
            m = [_mem(q) for q in _tree(p.pid)]
            peak_priv, peak_rss = max(peak_priv, sum(a for a, _ in m)), max(peak_rss, sum(b for _, b in m))
            time.sleep(0.1)
        seconds = time.perf_counter() - t
        fo.seek(0); fe.seek(0); out, err = fo.read(), fe.read()
    if p.returncode and check: sys.exit(f"{' '.join(argv)} failed:\n{err[-3000:]}")
    return dict(seconds=seconds, sweep=sweep_seconds(out), private=peak_priv, rss=peak_rss, stdout=out, code=p.returncode,
                stderr=err[-2000:])

BASELINE = r'''
import sys, time, json, numpy as np, zarr, seisnb
from seisnb.processing import envelope
src, store, out, do_env = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1'
a = zarr.open_array(store + '/amplitude', mode='r')
r = seisnb.open(src)
t = time.perf_counter(); cube = r.to_numpy(); t_read = time.perf_counter() - t
z = zarr.create_array(out, shape=a.shape, chunks=a.chunks, dtype=a.dtype, compressors=a.compressors,
                      filters=a.filters, serializer=a.serializer, fill_value=a.fill_value, overwrite=True)
t = time.perf_counter(); z[:] = cube; t_write = time.perf_counter() - t
res = dict(read=t_read, write=t_write)
if do_env:
    t = time.perf_counter(); e = envelope(cube); res['envelope'] = time.perf_counter() - t
print(json.dumps(res))
'''

def limited(gb:float, seisnb:str, n:int, sgy:Path, store:Path, env:Path)->dict:
    "Export and envelope with `n` workers inside a `gb` GB memory cgroup: exit codes, times, peaks, kills, and a check of the store."
    where = _cgroup_root()
    if where is None:
        print(f"  under a {gb:g} GB limit: skipped, no memory cgroup can be created here (it needs root)", flush=True)
        return dict(gb=gb, skipped='no memory cgroup')
    out = dict(gb=gb)
    for what, argv, target in (('export', [seisnb, 'export', sgy, store, '--workers', n], store),
                               ('envelope', [seisnb, 'attribute', store, env, '--kind', 'envelope', '--workers', n], env)):
        shutil.rmtree(target, ignore_errors=True)
        lim = Limit(gb, where)
        try:
            m = measured(lim.wrap(argv), check=False)
            m.update(cgroup_peak=lim.peak(), kills=lim.kills())
        finally: lim.close()
        m.pop('stdout', None)
        if m['code'] == 0 and what == 'export':           # the store holds the file's amplitudes
            import seisnb as sn
            r, z = sn.open(sgy), sn.open(store)
            m['equal'] = all(np.array_equal(r.inline(il), z.inline(il), equal_nan=True)
                             for il in r.inlines[[0, len(r.inlines)//2, -1]])
        out[what] = m
        print(f"  {what} under a {gb:g} GB limit, {n} workers: exit {m['code']}, {m['seconds']:.1f} s, cgroup peak "
              f"{m['cgroup_peak']/1e9:.2f} GB (page cache included), private {m['private']/1e9:.2f} GB, "
              f"{m['kills']} processes killed" + (f", store equal to the SEG-Y: {m['equal']}" if 'equal' in m else '')
              + ('' if m['code'] == 0 else f"\n{m['stderr']}"), flush=True)
    shutil.rmtree(env, ignore_errors=True); shutil.rmtree(store, ignore_errors=True)
    return out

def square(n:float, ns:int)->tuple:
    "An (inline, crossline, sample) shape of about `n` traces, crosslines 1.2 x inlines."
    ni = max(1, int(round(np.sqrt(n/1.2))))
    return ni, int(round(n/ni)), ns

def traces_part(a, seisnb:str, work:Path, out:Path):
    "Peak memory and time of `seisnb info` and `seisnb export` on a survey of `a.traces` traces against an empty one."
    rows, results = [], []
    cmd = f"python bench/scale.py --traces {a.traces:.0e}".replace('e+0', 'e') + (f" --few {a.few}" if a.few != 8 else '')
    runs = {}
    for name, shape in (('empty', (10, 10, a.few)), ('survey', square(a.traces, a.few))):
        sgy, store = work/f'{name}.sgy', work/f'{name}.zarr'
        t = time.perf_counter(); write_cube(sgy, shape)
        print(f"== {name}: {shape[0]} x {shape[1]} traces of {shape[2]} samples, SEG-Y {sgy.stat().st_size/1e9:.2f} GB "
              f"written in {time.perf_counter() - t:.0f} s", flush=True)
        for what, argv in (('info', [seisnb, 'info', sgy]),
                           ('export', [seisnb, 'export', sgy, store, '--workers', 2])):
            shutil.rmtree(store, ignore_errors=True)
            m = measured(argv); m.pop('stdout', None)
            runs[name, what] = dict(m, traces=shape[0]*shape[1])
            print(f"  {what}: {m['seconds']:.1f} s, peak private {m['private']/1e6:.0f} MB, resident {m['rss']/1e6:.0f} MB", flush=True)
        shutil.rmtree(store, ignore_errors=True); sgy.unlink()
    for what in ('info', 'export'):
        e, s = runs['empty', what], runs['survey', what]
        per = (s['private'] - e['private'])/s['traces']
        rows.append([cmd, what, f"{s['traces']:,}", f"{e['private']/1e6:.0f}", f"{s['private']/1e6:.0f}", f"{per:.1f}",
                     f"{e['seconds']:.1f}", f"{s['seconds']:.1f}", tables.machine()])
        results.append(dict(what=what, empty=e, survey=s, bytes_per_trace=per))
    (out/'scale_traces.json').write_text(json.dumps(results, indent=1))
    header = ['command', 'seisnb', 'traces', 'empty survey: peak private MB', 'survey: peak private MB',
              'bytes per trace above empty', 'empty: s', 'survey: s', 'machine']
    print(tables.publish('scale-traces', header, rows, out, tables.readme_of(a), keys=2))

FAULTS = ('worker-export', 'worker-attribute', 'worker-facies', 'sigint', 'sigterm', 'scheduler', 'no-space', 'read-only')

def _run(argv:list, **kw): return subprocess.run([str(v) for v in argv], capture_output=True, text=True, **kw)

def _done_count(store:Path)->int:
    "Blocks a write recorded as done so far (files of its `_done` grid)."
    d = store/'_done'/'c'
    return sum(1 for f in d.rglob('*') if f.is_file()) if d.exists() else 0

def _same_store(a:Path, b:Path)->bool:
    "Whether two zarr stores hold the same arrays (bit for bit, NaN equal to NaN) and the same attributes."
    import zarr
    ga, gb = zarr.open_group(str(a), mode='r'), zarr.open_group(str(b), mode='r')
    if sorted(ga.keys()) != sorted(gb.keys()) or dict(ga.attrs) != dict(gb.attrs): return False
    for k in gb.keys():
        x, y = ga[k], gb[k]
        if x.shape != y.shape: return False
        step = max(1, x.shape[0]//16) if x.ndim else 1
        for i in range(0, max(x.shape[0], 1) if x.ndim else 1, step):
            u, v = (x[i:i + step], y[i:i + step]) if x.ndim else (x[...], y[...])
            if not np.array_equal(u, v, equal_nan=u.dtype.kind == 'f'): return False
    return True

def faulted(argv:list, trigger, act)->dict:
    "Run `argv`; once `trigger()` holds, `act(process)` (the fault); its exit, seconds, stderr's last line."
    t = time.perf_counter()
    p = subprocess.Popen([str(v) for v in argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    fired = None
    while p.poll() is None and fired is None:
        if trigger(p): act(p); fired = time.perf_counter() - t
        else: time.sleep(0.05)
    out, err = p.communicate(timeout=1800)
    last = [l for l in err.strip().splitlines() if l.startswith('seisnb: error')]
    return dict(code=p.returncode, seconds=time.perf_counter() - t, fired=fired, error=last[-1] if last else '')

def _workers(p)->list: return [q for q in _tree(p.pid) if b'multiprocessing.spawn' in _cmdline(q)]

def _at_fraction(store:Path, total:int, frac:float=0.3):
    return lambda p: _done_count(store) >= frac*total

def _kill_worker(p):
    w = _workers(p)
    if w: os.kill(w[0], signal.SIGKILL)

def _blocks(shape:tuple, chunks=(64, 64, 64))->int:
    "Write tasks of `to_zarr` for a cube of `shape` (one chunk column each at 1,000 samples)."
    import seisnb.reader as rd
    k = rd._task_blocks(chunks, shape[2])
    return int(np.ceil(shape[0]/(k*chunks[0]))*np.ceil(shape[1]/(k*chunks[1])))

def faults_part(a, seisnb:str, work:Path, out:Path):
    "Each fault of issue 33 during a real command: the command's exit, whether the store equals a clean run's, the time lost."
    shape = shape_of(a.fault_gb)
    sgy, clean, env_clean = work/'f.sgy', work/'clean.zarr', work/'env_clean.zarr'
    write_cube(sgy, shape)
    total = _blocks(shape)
    print(f"== faults: {shape[0]} x {shape[1]} x {shape[2]} ({a.fault_gb:g} GB), {total} write tasks", flush=True)
    base = {}
    for name, argv, target in (('export', [seisnb, 'export', sgy, clean, '--workers', 2], clean),
                               ('attribute', [seisnb, 'attribute', clean, env_clean, '--kind', 'envelope', '--workers', 2], env_clean)):
        shutil.rmtree(target, ignore_errors=True)
        m = measured(argv); base[name] = m['seconds']
        print(f"  clean {name}: {m['seconds']:.1f} s", flush=True)
    rows, res = [], []
    def row(fault, command, r, equal, lost, note=''):
        res.append(dict(fault=fault, command=command, **r, equal=equal, lost=lost, note=note))
        rows.append([f"python bench/scale.py --faults --fault-gb {a.fault_gb:g}", fault, command, r['code'],
                     {True: 'yes', False: 'NO', None: '-'}[equal], f"{r['seconds']:.1f}", '-' if lost is None else f"{lost:.1f}",
                     note or r['error'], tables.machine()])
        print(f"  {fault}: exit {r['code']}, equal {equal}, {r['seconds']:.1f} s, lost {lost}, {note or r['error']}", flush=True)
    o = work/'o.zarr'
    for fault in a.faults:
        shutil.rmtree(o, ignore_errors=True)
        if fault == 'worker-export':
            r = faulted([seisnb, 'export', sgy, o, '--workers', 2], _at_fraction(o, total), _kill_worker)
            row(fault, 'seisnb export IN.sgy OUT.zarr --workers 2; SIGKILL to a worker at 30%', r,
                r['code'] == 0 and _same_store(o, clean), r['seconds'] - base['export'])
        elif fault == 'worker-attribute':
            r = faulted([seisnb, 'attribute', clean, o, '--kind', 'envelope', '--workers', 2], _at_fraction(o, total), _kill_worker)
            row(fault, 'seisnb attribute IN.zarr OUT.zarr --kind envelope --workers 2; SIGKILL to a worker at 30%', r,
                r['code'] == 0 and _same_store(o, env_clean), r['seconds'] - base['attribute'])
        elif fault == 'worker-facies': row(fault, *facies_fault(seisnb, work))
        elif fault in ('sigint', 'sigterm'):
            sig = signal.SIGINT if fault == 'sigint' else signal.SIGTERM
            r = faulted([seisnb, 'export', sgy, o, '--workers', 2], _at_fraction(o, total), lambda p: p.send_signal(sig))
            refused = _run([seisnb, 'info', o])
            t = time.perf_counter()
            res2 = _run([seisnb, 'export', sgy, o, '--workers', 2, '--resume'])
            t_res = time.perf_counter() - t
            ok = res2.returncode == 0 and _same_store(o, clean)
            row(fault, f'seisnb export IN.sgy OUT.zarr --workers 2; {sig.name} at 30%, then --resume', r, ok,
                r['seconds'] + t_res - base['export'],
                f"exit {r['code']}; info on the store: exit {refused.returncode}; --resume: exit {res2.returncode}, {t_res:.1f} s")
        elif fault == 'scheduler': row(fault, *scheduler_fault(seisnb, sgy, o, clean, total, base['export']))
        elif fault in ('no-space', 'read-only'): row(fault, *space_fault(fault, seisnb, sgy, work))
    (out/'scale_faults.json').write_text(json.dumps(res, indent=1, default=str))
    header = ['command', 'fault', 'what ran', 'exit', 'store equals a clean run', 'seconds', 'time lost (s)', 'what it said', 'machine']
    print(tables.publish('scale-faults', header, rows, out, tables.readme_of(a), keys=2))
    shutil.rmtree(o, ignore_errors=True); shutil.rmtree(clean, ignore_errors=True); shutil.rmtree(env_clean, ignore_errors=True); sgy.unlink()

def scheduler_fault(seisnb:str, sgy:Path, o:Path, clean:Path, total:int, t_clean:float)->tuple:
    "A `dask scheduler` and two `dask worker` commands; the scheduler killed at 30% of an export; all restarted, then --resume."
    dask_cmd = str(Path(sys.executable).parent/'dask')
    def start(sf):
        sf.unlink(missing_ok=True)
        ps = [subprocess.Popen([dask_cmd, 'scheduler', '--scheduler-file', str(sf), '--port', '0', '--dashboard-address', ':0'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        while not sf.exists(): time.sleep(0.1)
        ps += [subprocess.Popen([dask_cmd, 'worker', '--scheduler-file', str(sf), '--nthreads', '1', '--no-dashboard'],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        from distributed import Client
        with Client(scheduler_file=str(sf)) as c: c.wait_for_workers(2, timeout=60); return ps, c.scheduler.address
    sf = o.parent/'scheduler.json'
    ps, addr = start(sf)
    try: r = faulted([seisnb, 'export', sgy, o, '--scheduler', addr], _at_fraction(o, total), lambda p: ps[0].kill())
    finally:
        for q in ps[::-1]: q.kill(); q.wait()
    ps, addr = start(sf)
    try:
        t = time.perf_counter()
        res2 = _run([seisnb, 'export', sgy, o, '--scheduler', addr, '--resume'])
        t_res = time.perf_counter() - t
    finally:
        for q in ps[::-1]: q.terminate(); q.wait()
    return ('seisnb export IN.sgy OUT.zarr --scheduler ADDRESS (dask scheduler + 2 dask worker); scheduler killed at 30%, '
            'cluster restarted, then --resume', r, res2.returncode == 0 and _same_store(o, clean), r['seconds'] + t_res - t_clean,
            f"exit {r['code']}: {r['error'][:90]}...; --resume: exit {res2.returncode}, {t_res:.1f} s")

def space_fault(fault:str, seisnb:str, sgy:Path, work:Path)->tuple:
    "Export to a 64 MB tmpfs (no space for the cube) or to a read-only one: the one-line error and how long it took to come."
    mnt = work/'mnt'; mnt.mkdir(exist_ok=True)
    opts = 'size=64m' if fault == 'no-space' else 'size=64m,ro'
    if _run(['mount', '-t', 'tmpfs', '-o', opts, 'tmpfs', mnt]).returncode:
        return (f'export to a {"full" if fault == "no-space" else "read-only"} tmpfs', dict(code='-', seconds=0., error=''), None,
                None, 'skipped: no tmpfs can be mounted here (needs root)')
    try:
        r = faulted([seisnb, 'export', sgy, mnt/'o.zarr', '--workers', 2], lambda p: False, lambda p: None)
        wrote = sum(f.stat().st_size for f in mnt.rglob('*') if f.is_file())
    finally: _run(['umount', mnt])
    what = 'a 64 MB tmpfs' if fault == 'no-space' else 'a read-only tmpfs'
    return (f'seisnb export IN.sgy {what}/OUT.zarr --workers 2', r, None, None, f"{r['error']} ({wrote} bytes written)")

def facies_fault(seisnb:str, work:Path)->tuple:
    "`seisnb facies predict --out P.zarr --workers 2` on a synthetic cube, a worker killed half way; against a clean run."
    from seisnb.synth import synth_cube
    s = synth_cube((96, 128, 128), seed=5, n_faults=1)
    np.save(work/'fs.npy', s.seismic); np.save(work/'fl.npy', s.labels)
    subprocess.run([str(v) for v in [seisnb, 'facies', 'train', '--seismic', work/'fs.npy', '--labels', work/'fl.npy', '--train-inlines', '0:80',
                    '--valid-inlines', '80:96', '--epochs', 1, '--patches', 16, '--patch', 64, 64, '--bs', 8,
                    '--out', work/'m.pth']], check=True, capture_output=True)
    argv = lambda out: [seisnb, 'facies', 'predict', '--model', work/'m.pth', '--seismic', work/'fs.npy', '--out', out,
                        '--directions', 'il', '--workers', 2]
    shutil.rmtree(work/'p_clean.zarr', ignore_errors=True); shutil.rmtree(work/'p.zarr', ignore_errors=True)
    m = measured(argv(work/'p_clean.zarr'))
    started = []
    def trigger(p):            # workers up and working for a third of the clean run's sweep
        if len(_workers(p)) < 2: return False
        started.append(started[0] if started else time.perf_counter())
        return time.perf_counter() - started[0] > m['seconds']/3
    r = faulted(argv(work/'p.zarr'), trigger, _kill_worker)
    equal = r['code'] == 0 and _same_store(work/'p.zarr', work/'p_clean.zarr')
    return ('seisnb facies predict --seismic 96x128x128 --out P.zarr --workers 2; SIGKILL to a worker a third in', r, equal,
            r['seconds'] - m['seconds'])
PROFILE = r'''
import json, os, shutil, sys, time
import numpy as np, zarr
import seisnb
from seisnb.reader import SegyBlocks, _map_traces, _write_zarr, _task_blocks
from seisnb.segy import decode_samples, encode_samples
src, work = sys.argv[1], sys.argv[2]
r = seisnb.open(src)
ni, nx, ns = r.shape
f = r.file
T = dict.fromkeys(['read raw bytes', 'byte order (IEEE, format 5)', 'IBM float conversion (format 1, same samples)',
                   'open the store', 'compress + write amplitudes', 'gather + compress + write headers', 'record the block'], 0.)
path = os.path.join(work, 'prof.zarr'); shutil.rmtree(path, ignore_errors=True)
ds = r.mdio_dataset((64, 64, 64)); _write_zarr(ds, path)
zarr.open_group(path, mode='r+', use_consolidated=False).create_array('_done', shape=(1000, 1000), chunks=(1, 1), dtype='u1', fill_value=0)
src_b = SegyBlocks(r)
n = 0
for i0 in range(0, ni, 64):
    for j0 in range(0, nx, 64):
        i1, j1 = min(i0 + 64, ni), min(j0 + 64, nx)
        t = time.perf_counter(); mm = _map_traces(*src_b.key); idx = src_b.index[i0:i1, j0:j1]
        raw = np.concatenate([np.asarray(mm[row[0]:row[-1] + 1]) for row in idx]); T['read raw bytes'] += time.perf_counter() - t
        t = time.perf_counter(); amp = decode_samples(raw[:, 240:], f.format, f.endian).reshape(i1 - i0, j1 - j0, ns)
        T['byte order (IEEE, format 5)'] += time.perf_counter() - t
        ibm = encode_samples(amp.reshape(-1, ns)[:256], 1, 'big')
        t = time.perf_counter(); decode_samples(ibm, 1, 'big'); T['IBM float conversion (format 1, same samples)'] += (time.perf_counter() - t)*len(raw)/256
        t = time.perf_counter(); g = zarr.open_group(path, mode='r+', use_consolidated=False); T['open the store'] += time.perf_counter() - t
        t = time.perf_counter(); g['amplitude'][i0:i1, j0:j1] = amp; T['compress + write amplitudes'] += time.perf_counter() - t
        t = time.perf_counter(); g['raw_headers'][i0:i1, j0:j1] = raw[:, :240].reshape(i1 - i0, j1 - j0, 240)
        T['gather + compress + write headers'] += time.perf_counter() - t
        t = time.perf_counter(); g['_done'][n // 1000, n % 1000] = 1; T['record the block'] += time.perf_counter() - t
        n += 1
steps = sum(v for k, v in T.items() if 'IBM' not in k)
shutil.rmtree(path, ignore_errors=True)
t = time.perf_counter(); r.to_zarr(path, progress=False); whole = time.perf_counter() - t      # dask's threads, in this process
cube = r.to_numpy()
a = zarr.open_array(path, path='amplitude', mode='r')
z = zarr.create_array(os.path.join(work, 'base.zarr'), shape=a.shape, chunks=a.chunks, dtype=a.dtype, compressors=a.compressors,
                      serializer=a.serializer, fill_value=a.fill_value, overwrite=True)
t = time.perf_counter(); z[:] = cube; base = time.perf_counter() - t
shutil.rmtree(path, ignore_errors=True); shutil.rmtree(os.path.join(work, 'base.zarr'), ignore_errors=True)
print(json.dumps(dict(steps=T, steps_total=steps, blocks=n, to_zarr_threads=whole, zarr_from_memory=base, mb=ni*nx*ns*4/1e6)))
'''

WORKER = r'''
import json, os, shutil, sys, time
if __name__ == '__main__':
    import dask, seisnb
    from distributed import LocalCluster, Client, get_task_stream
    src, work, keep = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
    env = dask.config.get('distributed.nanny.pre-spawn-environ')
    if not keep: env = {k: v for k, v in env.items() if k != 'MALLOC_TRIM_THRESHOLD_'}
    r = seisnb.open(src); path = os.path.join(work, 'w.zarr')
    with dask.config.set({'distributed.nanny.pre-spawn-environ': env}), \
         LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as lc, Client(lc) as c:
        out = []
        for rep in range(2):                   # the first warms the worker (imports)
            shutil.rmtree(path, ignore_errors=True)
            with get_task_stream() as ts:
                t = time.perf_counter(); r.to_zarr(path, progress=False); wall = time.perf_counter() - t
            comp = sum(e['stop'] - e['start'] for d in ts.data for e in d['startstops'] if e['action'] == 'compute')
            out.append(dict(wall=wall, tasks=comp))
    shutil.rmtree(path, ignore_errors=True)
    print(json.dumps(out[-1]))
'''

def profile_part(a, work:Path, out:Path):
    "Where an export's time goes, on one worker: each step of a block timed in one process, against zarr's own write."
    shape = shape_of(a.profile_gb)
    sgy = work/'p.sgy'; write_cube(sgy, shape)
    mb = np.prod(shape)*4/1e6
    print(f"== profile: {shape[0]} x {shape[1]} x {shape[2]} ({a.profile_gb:g} GB)", flush=True)
    runs = [json.loads(subprocess.run([sys.executable, '-c', PROFILE, sgy, work], capture_output=True, text=True,
                                      check=True).stdout.strip().splitlines()[-1]) for _ in range(a.repeats)]
    med = lambda f: float(np.median([f(x) for x in runs]))
    w = {keep: [json.loads(subprocess.run([sys.executable, '-c', WORKER, sgy, work, '1' if keep else '0'], capture_output=True,
                                          text=True, check=True).stdout.strip().splitlines()[-1]) for _ in range(a.repeats)]
         for keep in (False, True)}
    wm = lambda keep, k: float(np.median([x[k] for x in w[keep]]))
    steps = med(lambda x: x['steps_total'])
    base = med(lambda x: x['zarr_from_memory'])
    cmd = f"python bench/scale.py --profile --profile-gb {a.profile_gb:g}"
    rows = [[cmd, k, f"{med(lambda x: x['steps'][k]):.2f}", f"{med(lambda x: x['steps'][k])/steps:.0%}" if 'IBM' not in k else '(not in a format 5 export)',
             f"{mb/med(lambda x: x['steps'][k]):.0f}", tables.machine()] for k in runs[0]['steps']]
    rows += [[cmd, 'all the steps above, one process, in a loop', f"{steps:.2f}", '100%', f"{mb/steps:.0f}", tables.machine()],
             [cmd, 'to_zarr on dask threads, in the same process', f"{med(lambda x: x['to_zarr_threads']):.2f}", '-',
              f"{mb/med(lambda x: x['to_zarr_threads']):.0f}", tables.machine()],
             [cmd, 'to_zarr on 1 local worker process (its tasks alone / the whole call)', f"{wm(False, 'tasks'):.2f} / {wm(False, 'wall'):.2f}",
              '-', f"{mb/wm(False, 'tasks'):.0f} / {mb/wm(False, 'wall'):.0f}", tables.machine()],
             [cmd, "the same with dask's MALLOC_TRIM_THRESHOLD_=65536 in the worker (tasks / call)", f"{wm(True, 'tasks'):.2f} / {wm(True, 'wall'):.2f}",
              '-', f"{mb/wm(True, 'tasks'):.0f} / {mb/wm(True, 'wall'):.0f}", tables.machine()],
             [cmd, "zarr's own write of the cube from memory (same chunks, codecs)", f"{base:.2f}", '-', f"{mb/base:.0f}", tables.machine()]]
    for r_ in rows: print('  ' + ' | '.join(r_[1:5]), flush=True)
    (out/'scale_profile.json').write_text(json.dumps(dict(runs=runs, workers={str(k): v for k, v in w.items()}), indent=1))
    header = ['command', 'step (one worker, 64 x 64 traces a block)', 'seconds (median)', 'share', 'MB/s of amplitudes', 'machine']
    print(tables.publish('scale-profile', header, rows, out, tables.readme_of(a), keys=2))
    sgy.unlink()

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=float, nargs='+', default=[0.85, 3.4, 13.6], metavar='GB')
    ap.add_argument('--workers', type=int, nargs='+', default=[1, 2])
    ap.add_argument('--limit', type=float, metavar='GB', help='also run under a memory limit of GB (a cgroup), for cubes larger than it')
    ap.add_argument('--dir', default='/tmp/seisnb-scale', help='where the cubes go (deleted after each size)')
    ap.add_argument('--out', default='bench/out', help='where scale.json and scale.md go')
    ap.add_argument('--traces', type=float, metavar='N', help="measure the geometry's memory on a survey of N traces instead")
    ap.add_argument('--few', type=int, default=8, help='samples a trace in the --traces survey')
    ap.add_argument('--faults', nargs='*', choices=FAULTS, help='run the fault table instead (all faults when none are named)')
    ap.add_argument('--fault-gb', type=float, default=0.85, help='size of the cube the faults hit')
    ap.add_argument('--profile', action='store_true', help="where an export's time goes, step by step, instead")
    ap.add_argument('--profile-gb', type=float, default=0.85, help='size of the cube profiled')
    ap.add_argument('--repeats', type=int, default=3, help='runs of the profile (medians)')
    tables.add_options(ap, 'cubes of 0.02 and 0.08 GB')
    a = ap.parse_args()
    if a.smoke: a.sizes = [0.02, 0.08]
    work, out = Path(a.dir), Path(a.out)
    work.mkdir(parents=True, exist_ok=True); out.mkdir(parents=True, exist_ok=True)
    ram = os.sysconf('SC_PAGE_SIZE')*os.sysconf('SC_PHYS_PAGES')
    results, rows = [], []
    seisnb = shutil.which('seisnb') or sys.exit('the seisnb command is not on PATH: pip install -e ".[dev]"')
    if a.traces: return traces_part(a, seisnb, work, out)
    if a.profile: return profile_part(a, work, out)
    if a.faults is not None:
        a.faults = a.faults or list(FAULTS)
        return faults_part(a, seisnb, work, out)
    for gb in a.sizes:
        shape = shape_of(gb)
        mb = np.prod(shape)*4/1e6
        sgy, store, env = work/'cube.sgy', work/'cube.zarr', work/'env.zarr'
        print(f"== {gb:g} GB: {shape[0]} x {shape[1]} x {shape[2]}, {mb:.0f} MB of amplitudes", flush=True)
        t = time.perf_counter(); write_cube(sgy, shape)
        print(f"  SEG-Y written in {time.perf_counter() - t:.0f} s ({sgy.stat().st_size/1e9:.2f} GB)", flush=True)
        res = dict(gb=gb, shape=shape, mb=mb)
        for n in a.workers:
            shutil.rmtree(store, ignore_errors=True)
            m = measured([seisnb, 'export', sgy, store, '--workers', n])
            res[f'export_{n}'] = m
            print(f"  export, {n} worker(s): {m['seconds']:.1f} s, {mb/m['seconds']:.0f} MB/s (sweep {m['sweep']:.1f} s, "
                  f"{mb/m['sweep']:.0f} MB/s), peak private "
                  f"{m['private']/1e9:.2f} GB, resident {m['rss']/1e9:.2f} GB", flush=True)
        for n in a.workers:
            shutil.rmtree(env, ignore_errors=True)
            m = measured([seisnb, 'attribute', store, env, '--kind', 'envelope', '--workers', n])
            res[f'envelope_{n}'] = m
            print(f"  envelope, {n} worker(s): {m['seconds']:.1f} s, {mb/m['seconds']:.0f} MB/s (sweep {m['sweep']:.1f} s, "
                  f"{mb/m['sweep']:.0f} MB/s), peak private "
                  f"{m['private']/1e9:.2f} GB, resident {m['rss']/1e9:.2f} GB", flush=True)
        shutil.rmtree(env, ignore_errors=True)
        if a.limit and a.limit*1e9 < mb*1e6:
            res['limited'] = limited(a.limit, seisnb, max(a.workers), sgy, work/'limited.zarr', work/'limited_env.zarr')
        if mb*1e6*2.5 < 0.8*ram:           # the cube, and what reading it takes, fit in memory
            do_env = mb*1e6*10 < 0.8*ram     # scipy's Hilbert transform holds complex128 copies
            m = measured([sys.executable, '-c', BASELINE, sgy, store, work/'base.zarr', '1' if do_env else '0'])
            b = json.loads(m['stdout'].strip().splitlines()[-1])
            res['baseline'] = dict(b, private=m['private'], rss=m['rss'])
            shutil.rmtree(work/'base.zarr', ignore_errors=True)
            print(f"  in memory: read {b['read']:.1f} s; zarr writes it in {b['write']:.1f} s ({mb/b['write']:.0f} MB/s)"
                  + (f"; envelope {b['envelope']:.1f} s ({mb/b['envelope']:.0f} MB/s)" if 'envelope' in b else '')
                  + f"; peak private {m['private']/1e9:.2f} GB", flush=True)
        shutil.rmtree(store, ignore_errors=True); sgy.unlink()
        for m in res.values():
            if isinstance(m, dict): m.pop('stdout', None)
        results.append(res)
    (out/'scale.json').write_text(json.dumps(results, indent=1))
    cmd = tables.command('bench/scale.py', ap, a, ignore=('dir', 'readme', 'out'))
    gbs = lambda v: f"{v/1e9:.2f}"
    def under(lim, here):
        if not lim or not here: return '-'
        if 'skipped' in lim: return f"{lim['gb']:g} GB: skipped ({lim['skipped']})"
        e, v = lim['export'], lim['envelope']
        return (f"{lim['gb']:g} GB: {e['code']}, {gbs(e['cgroup_peak'])} / {v['code']}, {gbs(v['cgroup_peak'])}"
                + ('' if e.get('equal', True) else ' (store differs!)'))
    for res in results:
        base = res.get('baseline', {})
        zr = res['mb']/base['write'] if 'write' in base else None
        for n in a.workers:
            e, v = res[f'export_{n}'], res[f'envelope_{n}']
            es = res['mb']/e['sweep']
            rows.append([cmd, f"{res['gb']:g} GB ({'x'.join(map(str, res['shape']))})", n,
                         f"{res['mb']/e['seconds']:.0f}", f"{es:.0f}", f"{zr:.0f}" if zr else '-',
                         f"{res['mb']/e['seconds']/zr:.2f} / {es/zr:.2f}" if zr else '-', gbs(e['private']), gbs(e['rss']),
                         f"{res['mb']/v['seconds']:.0f} / {res['mb']/v['sweep']:.0f}", gbs(v['private']), gbs(v['rss']),
                         f"{res['mb']/base['envelope']:.0f} / {gbs(base['private'])}" if 'envelope' in base else '-',
                         under(res.get('limited'), n == max(a.workers)), tables.machine()])
    header = ['command', 'cube', 'workers', 'export MB/s (command)', 'export MB/s (sweep)', 'zarr from memory MB/s',
              'export / zarr (command / sweep)', 'export peak private GB', 'export peak resident GB',
              'envelope MB/s (command / sweep)', 'envelope peak private GB',
              'envelope peak resident GB', 'in memory: envelope MB/s / peak GB',
              'under a memory limit: export / envelope (exit, cgroup peak GB)', 'machine']
    print(tables.publish('scale', header, rows, out, tables.readme_of(a), keys=3))

if __name__ == '__main__':
    main()
