"""Write README.md from nbs/index.ipynb, or with --check fail when README.md is out of step.

nbdev-readme does this through Quarto, which is not installable everywhere (it is not on our CI machines);
this keeps the same rule, index.ipynb is the source, with the standard library only: markdown cells as they
are, code cells as ```python blocks.
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nb = json.loads((root/'nbs'/'index.ipynb').read_text())
parts = []
for c in nb['cells']:
    src = ''.join(c['source']).strip()
    if not src or src.startswith(('#| hide', '#| export', '#| default_exp')): continue
    parts.append(src if c['cell_type'] == 'markdown' else f"```python\n{src}\n```")
text = ("<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, then run "
        "`python .ci/readme.py`. -->\n\n" + '\n\n'.join(parts) + '\n')
readme = root/'README.md'
if '--check' in sys.argv:
    if not readme.exists() or readme.read_text() != text:
        sys.exit("README.md is out of step with nbs/index.ipynb: run `python .ci/readme.py` and commit README.md")
    print("README.md matches nbs/index.ipynb")
else:
    readme.write_text(text)
