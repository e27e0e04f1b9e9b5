// The documentation site's own script (python tools/docs.py copies it into the site): the source of each exported
// cell (tagged export_source by the build) folded in a <details>, shown on a click, under its API card.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('.jp-Cell.celltag_export_source').forEach(function (cell) {
    var input = cell.querySelector('.jp-Cell-inputWrapper') || cell.querySelector('.jp-InputArea');
    if (!input || input.closest('details')) return;
    var box = document.createElement('details'), label = document.createElement('summary');
    box.className = 'seisnb-source'; label.textContent = 'source';
    box.appendChild(label); input.parentNode.insertBefore(box, input); box.appendChild(input);
  });
});
