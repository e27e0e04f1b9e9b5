"""The documentation site in a real browser: serve the site `tools/docs.py` built, open every page in Debian's
Chromium (Playwright), and check what a reader would see:

- every notebook of nbs/ has a page, and the navigation links to it;
- on every page, every image loads and every link inside the site points to a file of the site;
- the reader's page (03_reader) shows its QC table and a figure;
- no page shows what went to stderr, code lines of up to 100 characters show without scrolling, the exported
  source is folded under its API entries, and there are at least as many figures as notebook pages;
- the site's search finds `depth_slice`.

    python tests/browser/docs.py [--site _docs] [--out tests/browser/out]
"""
import argparse, functools, http.server, sys, threading, time
from pathlib import Path
from urllib.parse import urlparse, unquote

sys.path.insert(0, str(Path(__file__).parent))
from run import CHROMIUM, FLAGS, free_port

ROOT = Path(__file__).resolve().parents[2]

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', default='_docs', help='the built site (python tools/docs.py --out SITE)')
    ap.add_argument('--out', default='tests/browser/out', help='where the screenshots go')
    a = ap.parse_args()
    site, out = Path(a.site).absolute(), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if not (site/'index.html').exists(): sys.exit(f"docs check: {site}/index.html not found; build it: python tools/docs.py --out {a.site}")
    if not Path(CHROMIUM).exists(): sys.exit(f"docs check: {CHROMIUM} not found; install Debian's Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright
    port = free_port()
    server = http.server.ThreadingHTTPServer(('127.0.0.1', port), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f'http://127.0.0.1:{port}/'
    t0 = time.time()
    notebooks = sorted(p.stem for p in (ROOT/'nbs').glob('[0-9]*.ipynb'))
    problems, checks = [], {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={'width': 1300, 'height': 1000})
            page.set_default_timeout(30_000)
            page.goto(base + 'index.html')
            nav = set(page.evaluate("() => Array.from(document.querySelectorAll('nav a[href]')).map(a => a.getAttribute('href'))"))
            missing = [n for n in notebooks if not (site/f'{n}.html').exists() or not any(h.split('#')[0].endswith(f'{n}.html') for h in nav)]
            checks[f'every notebook ({len(notebooks)}) has a page in the navigation'] = not missing
            if missing: problems.append(f"no page or no navigation entry: {missing}")
            n_img = n_links = n_fig = 0
            stderr, scrolled, folded = [], [], 0
            for name in ['index'] + notebooks:
                page.goto(base + f'{name}.html'); page.wait_for_load_state('load')
                if page.evaluate("() => document.querySelectorAll('[data-mime-type=\"application/vnd.jupyter.stderr\"]').length"): stderr.append(name)
                n_fig += page.evaluate("() => Array.from(document.images).filter(i => i.naturalWidth > 200).length")
                folded += page.evaluate("() => document.querySelectorAll('details.seisnb-source').length")
                page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
                wide = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-CodeCell .highlight pre'))
                    .filter(p => Math.max(...p.innerText.split('\\n').map(l => l.length)) <= 100 && p.scrollWidth > p.clientWidth + 2).length""")
                if wide: scrolled.append(f"{name} ({wide})")
                imgs = page.evaluate("() => Array.from(document.images).map(i => [i.getAttribute('src') || '', i.complete && i.naturalWidth > 0])")
                bad = [s[:80] for s, ok in imgs if not ok]
                if bad: problems.append(f"{name}: {len(bad)} image(s) did not load: {bad[:3]}")
                n_img += len(imgs)
                hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
                for h in hrefs:
                    u = urlparse(h)
                    if u.netloc != f'127.0.0.1:{port}': continue           # outside the site
                    target = site/unquote(u.path).lstrip('/')
                    if target.is_dir(): target = target/'index.html'
                    n_links += 1
                    if not target.exists(): problems.append(f"{name}: broken link {u.path}")
            checks[f'all {n_img} images load, all {n_links} links inside the site resolve'] = not any(
                'image' in q or 'broken link' in q for q in problems)
            checks['no page shows stderr (warnings, progress bars)'] = not stderr
            if stderr: problems.append(f"stderr on {stderr}")
            checks['code lines of up to 100 characters show without scrolling'] = not scrolled
            if scrolled: problems.append(f"code blocks that scroll: {scrolled[:8]}")
            checks[f'exported source folded under its API entries ({folded} blocks)'] = folded > 50
            checks[f'{n_fig} figures, at least one a page on average ({len(notebooks)} pages)'] = n_fig >= len(notebooks)
            if n_fig < len(notebooks): problems.append(f"{n_fig} figures for {len(notebooks)} pages")
            page.goto(base + '03_reader.html'); page.wait_for_load_state('load')
            text = page.inner_text('body')
            tables = page.evaluate("() => Array.from(document.querySelectorAll('table')).map(t => t.innerText)")
            figures = page.evaluate("() => Array.from(document.images).filter(i => i.naturalWidth > 200).length")
            qc = any('inline' in t.lower() and 'crossline' in t.lower() for t in tables) or 'SurveyQC' in text
            checks['the reader page shows its QC table and a figure'] = qc and figures > 0
            if not (qc and figures): problems.append(f"03_reader: QC table {'found' if qc else 'missing'}, {figures} figure(s)")
            page.screenshot(path=str(out/'docs_reader.png'))
            page.goto(base + 'index.html')
            page.wait_for_timeout(1500)                                 # the search index loads in a worker
            page.locator('input.md-search__input').click()
            page.keyboard.type('depth_slice', delay=60)
            try:
                page.wait_for_function("() => Array.from(document.querySelectorAll('.md-search-result__item')).some(e => e.innerText.includes('depth_slice'))",
                                       timeout=20_000)
                found = page.evaluate("() => document.querySelectorAll('.md-search-result__item').length")
            except Exception: found = 0
            checks['search finds depth_slice'] = found > 0
            if not found: problems.append("search: no result for depth_slice")
            page.screenshot(path=str(out/'docs_search.png'))
            browser.close()
    finally:
        server.shutdown()
    for k, ok in checks.items(): print(f"  {'ok' if ok else 'FAILED'}: {k}")
    for q in problems[:20]: print(f"    {q}")
    ok = all(checks.values())
    print(f"docs check {'passed' if ok else 'FAILED'} in {time.time() - t0:.0f} s ({len(notebooks) + 1} pages; screenshots in {out})")
    return 0 if ok else 1

if __name__ == '__main__': sys.exit(main())
