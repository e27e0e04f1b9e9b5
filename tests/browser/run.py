"""The slice viewer in a real browser: JupyterLab (headless) serves tests/browser/viewer.ipynb, Playwright drives
Debian's Chromium through it: run the notebook, move the slider, check that the canvas changed and that the
cursor readout updated, and save a screenshot. Then tests/browser/view3d.ipynb: the 2-D viewer with the linked
3-D view (k3d, WebGL through Chromium's software renderer, SwiftShader): the 3-D scene is drawn (not blank), and
moving the 2-D slider moves the inline plane (the 3-D picture changes, in part only: where the plane was and is).

    python tests/browser/run.py [--out DIR]     # needs: pip install -e ".[dev]"; apt-get install chromium
"""
import argparse, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

CHROMIUM = '/usr/bin/chromium'
FLAGS = ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync',
         '--use-angle=swiftshader', '--enable-unsafe-swiftshader']   # WebGL (k3d) without a GPU: SwiftShader

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_for(url, proc, log, seconds=90):
    end = time.time() + seconds
    while time.time() < end:
        if proc.poll() is not None: raise RuntimeError(f"JupyterLab exited ({proc.returncode}); see {log}")
        try: urllib.request.urlopen(url, timeout=2); return
        except Exception: time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {seconds} s; see {log}")

def marker_lines(png:bytes)->int:
    "Red horizontal lines (the current inline) in the base map of a canvas screenshot."
    import io
    import numpy as np
    from PIL import Image
    a = np.asarray(Image.open(io.BytesIO(png)).convert('RGB'), float)/255
    h, w = a.shape[:2]
    base = a[int(h*(1 - 0.91)):int(h*(1 - 0.45)), int(w*0.83):int(w*0.985)]     # the base map's axes (_RECTS1)
    red = (base[..., 0] > 0.7) & (base[..., 1] < 0.4) & (base[..., 2] < 0.4)
    rows = np.flatnonzero(red.mean(1) > 0.5)
    return 0 if len(rows) == 0 else 1 + int(np.sum(np.diff(rows) > 1))

def picture(png:bytes):
    import io
    import numpy as np
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(png)).convert('RGB'), float)/255

def view3d(browser, port, token, out, step)->dict:
    "The 3-D view linked to the 2-D viewer: drawn, and its inline plane moved by the 2-D slider."
    import numpy as np
    page = browser.new_page(viewport={'width': 1400, 'height': 1500})
    page.set_default_timeout(60_000)
    page.goto(f'http://127.0.0.1:{port}/lab/workspaces/view3d/tree/view3d.ipynb?reset&token={token}')   # a workspace of its own
    page.wait_for_function("window.jupyterapp !== undefined && document.querySelector('.jp-Notebook') !== null")
    page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=90_000)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    scene = page.locator('.k3d-target canvas').first
    try: scene.wait_for(state='visible', timeout=120_000)
    except Exception:
        page.screenshot(path=str(out/'view3d_failed.png'), full_page=True)
        print(page.inner_text('body')[-1500:])
        raise
    scene.scroll_into_view_if_needed()
    page.wait_for_timeout(4000)                                # WebGL in software: the first frames
    step('the 3-D view is drawn')
    before = picture(scene.screenshot())
    handle = page.locator('.widget-slider .noUi-handle').first  # the 2-D viewer's slider
    handle.focus()
    waits = []                                                 # one step at a time: how long until the 3-D picture changes
    for _ in range(5):
        shot, t = scene.screenshot(), time.time()
        page.keyboard.press('ArrowRight')
        while scene.screenshot() == shot and time.time() - t < 10: pass
        waits.append(time.time() - t)
    page.wait_for_timeout(1000)
    after = picture(scene.screenshot())
    step(f'2-D slider moved 5 steps; the 3-D plane moved after {", ".join(f"{w*1000:.0f}" for w in waits)} ms '
         f'(median {sorted(waits)[2]*1000:.0f} ms: key press, 2-D debounce and redraw, kernel, k3d, a screenshot)')
    shots = []                                                 # what one screenshot of the scene itself takes
    for _ in range(5):
        t = time.time(); scene.screenshot(); shots.append(time.time() - t)
    own = page.locator('.widget-hslider', has=page.locator('.widget-label', has_text=re.compile(r'^inline$'))).first
    own.locator('.noUi-handle').focus()                        # the 3-D view's own inline slider: no 2-D redraw first
    waits3 = []
    for _ in range(5):
        shot, t = scene.screenshot(), time.time()
        page.keyboard.press('ArrowLeft')
        while scene.screenshot() == shot and time.time() - t < 10: pass
        waits3.append(time.time() - t)
    step(f"the 3-D view's own slider moved the plane after {', '.join(f'{w*1000:.0f}' for w in waits3)} ms (median "
         f"{sorted(waits3)[2]*1000:.0f} ms; a screenshot alone takes {sorted(shots)[2]*1000:.0f} ms, so the update "
         f"itself is at most about {max(sorted(waits3)[2] - sorted(shots)[2], 0)*1000:.0f} ms)")
    page.screenshot(path=str(out/'view3d.png'), full_page=True)
    page.close()
    changed = np.abs(after - before).max(-1) > 0.05
    print(f"  3-D scene: {before.shape[1]} x {before.shape[0]} px, std {before.std():.3f}; the slider step changed "
          f"{changed.mean():.1%} of it; screenshot: {out/'view3d.png'}")
    return {'the 3-D scene is drawn (not blank)': before.std() > 0.02,
            'the 2-D slider moved the 3-D plane': 0 < changed.mean(),
            'only part of the 3-D picture changed (the plane, not the whole scene)': changed.mean() < 0.5}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='tests/browser/out', help='where the screenshots go')
    a = ap.parse_args()
    if not Path(CHROMIUM).exists(): sys.exit(f"browser test: {CHROMIUM} not found; install Debian's Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp())
    for nb in ('viewer.ipynb', 'view3d.ipynb'): shutil.copy(Path(__file__).with_name(nb), root/nb)
    port, token = free_port(), 'seisnb-browser-test'
    lab = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}', '--ip=127.0.0.1',
                            f'--ServerApp.root_dir={root}', f'--IdentityProvider.token={token}',
                            f'--LabApp.workspaces_dir={root}/.workspaces',   # a fresh workspace: no tab of an earlier run reopens
                            '--LabApp.expose_app_in_browser=True', '--LabApp.news_url=None',
                            '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate']
                           + (['--allow-root'] if os.geteuid() == 0 else []),
                           stdout=open(out/'jupyterlab.log', 'w'), stderr=subprocess.STDOUT, cwd=root)
    t0 = time.time()
    try:
        wait_for(f'http://127.0.0.1:{port}/api?token={token}', lab, out/'jupyterlab.log')
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={'width': 1400, 'height': 1000})
            page.set_default_timeout(60_000)
            def step(what): print(f"  {time.time() - t0:5.1f} s  {what}", flush=True)
            page.goto(f'http://127.0.0.1:{port}/lab/tree/viewer.ipynb?token={token}')
            page.wait_for_function("window.jupyterapp !== undefined && document.querySelector('.jp-Notebook') !== null")
            page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=90_000)    # kernel ready
            step('JupyterLab shows the notebook, kernel idle')
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")   # not awaited
            canvas = page.locator('.jupyter-matplotlib-canvas-div canvas').first
            canvas.wait_for(state='visible', timeout=120_000)
            page.wait_for_timeout(2000)                               # the first frame
            step('the viewer is drawn')
            before = canvas.screenshot()
            readout = page.locator('.widget-html-content').last
            start = readout.inner_text()
            handle = page.locator('.widget-slider .noUi-handle').first
            handle.focus()
            for _ in range(5): page.keyboard.press('ArrowRight')    # five slider steps, debounced
            page.wait_for_timeout(2000)
            after = canvas.screenshot()
            step('slider moved 5 steps')
            box = canvas.bounding_box()
            for fx, fy in ((0.3, 0.45), (0.35, 0.5), (0.4, 0.55)):
                page.mouse.move(box['x'] + box['width']*fx, box['y'] + box['height']*fy); page.wait_for_timeout(500)
            page.wait_for_timeout(1000)
            now = readout.inner_text()
            where = page.locator('.widget-text input').first.input_value()
            step('mouse moved over the slice')
            page.screenshot(path=str(out/'viewer.png'), full_page=True)
            checks3 = view3d(browser, port, token, out, step)
            browser.close()
        checks = {'canvas changed after the slider moved': before != after,
                  'one position marker on the base map': marker_lines(after) == 1,
                  'the position box follows the slider': where == '120',
                  'the cursor readout updated': now != start and now.startswith('IL '), **checks3}
        for k, ok in checks.items(): print(f"  {'ok' if ok else 'FAILED'}: {k}")
        print(f"  readout: {now!r}; position box: {where!r}; screenshot: {out/'viewer.png'}")
        print(f"browser test {'passed' if all(checks.values()) else 'FAILED'} in {time.time() - t0:.0f} s")
        return 0 if all(checks.values()) else 1
    finally:
        lab.terminate()
        try: lab.wait(10)
        except subprocess.TimeoutExpired: lab.kill()
        shutil.rmtree(root, ignore_errors=True)

if __name__ == '__main__': sys.exit(main())
