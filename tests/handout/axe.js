// axe.js PAGE.html WORKDIR -- run axe-core inside headless Chromium on
// PAGE.html and fail on any serious or critical violation.  The page is
// copied with axe.min.js and a runner inlined (the handout itself loads
// nothing); the runner writes the results into the DOM, which
// `chromium --dump-dom` prints once the virtual time budget has run.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [page, work] = process.argv.slice(2);
const axePath = path.join(__dirname, '..', 'node', 'node_modules', 'axe-core', 'axe.min.js');
if (!fs.existsSync(axePath)) {
  console.error('axe-core is missing: run npm ci --prefix tests/node');
  process.exit(2);
}
const runner = `<script>${fs.readFileSync(axePath, 'utf8')}</script>
<script>
axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
  var pre = document.createElement('pre');
  pre.id = 'axe-result';
  pre.textContent = JSON.stringify(r.violations.map(function (v) {
    return { id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }) };
  }));
  document.body.appendChild(pre);
});
</script>`;
const html = fs.readFileSync(page, 'utf8').replace('</body>', runner + '</body>');
const probe = path.join(work, 'axe-page.html');
fs.writeFileSync(probe, html);
const dom = execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=20000',
  '--dump-dom', 'file://' + path.resolve(probe)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  maxBuffer: 64 << 20 });
const m = dom.match(/<pre id="axe-result">([\s\S]*?)<\/pre>/);
if (!m) {
  console.error('axe did not report (no #axe-result in the page)');
  process.exit(1);
}
const text = m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const violations = JSON.parse(text);
for (const v of violations)
  console.log(`${v.impact}: ${v.id}: ${v.help} (${v.nodes.join(', ')})`);
const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
if (bad.length) {
  console.error(`axe: ${bad.length} serious or critical violations in ${page}`);
  process.exit(1);
}
console.log(`axe: no serious or critical violation in ${path.basename(page)} (${violations.length} minor)`);
