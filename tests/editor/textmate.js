// textmate.js -- the TextMate grammar (share/textmate/routinec.tmLanguage.json)
// as VS Code uses it: vscode-textmate with the Oniguruma regex engine
// (tests/node, installed by `npm ci --prefix tests/node`).
//
//   node tests/editor/textmate.js        (from the top directory)
//
// 1. Every keyword of the scanner (grammar/lexer.l) gets a keyword scope,
//    so a keyword added to the language without the grammar fails here.
// 2. Every routine of the tree (routines/, tests/) is tokenised; a small
//    scanner of our own finds its comments, texts, durations, numbers and
//    keywords, and each must carry the right scope: comment, string,
//    constant.numeric, keyword -- and a keyword inside a text or a comment
//    must not be a keyword.
'use strict';
const fs = require('fs');
const path = require('path');
const nm = path.resolve('tests/node/node_modules');
let vsctm, oniguruma;
try {
    vsctm = require(path.join(nm, 'vscode-textmate'));
    oniguruma = require(path.join(nm, 'vscode-oniguruma'));
} catch (e) {
    console.log('FAIL: vscode-textmate is missing; install it with: npm ci --prefix tests/node');
    process.exit(1);
}

let passed = 0, failed = 0;
const failures = new Map();
function check(ok, what) {
    if (ok) { passed++; return; }
    failed++;
    const n = (failures.get(what.split(':')[0]) || 0) + 1;
    failures.set(what.split(':')[0], n);
    if (n <= 5) console.log('FAIL ' + what);
}

const lexer = fs.readFileSync('grammar/lexer.l', 'utf8');
const keywords = [...lexer.matchAll(/^"([a-z]+)"\s+TOKEN\(KW_/gm)].map((m) => m[1]);
const units = 'ms|seconds|second|secs|sec|s|minutes|minute|mins|min|m|hours|hour|h';
const W = '[A-Za-z0-9_-]';

async function grammar() {
    const wasm = fs.readFileSync(path.join(nm, 'vscode-oniguruma/release/onig.wasm')).buffer;
    await oniguruma.loadWASM(wasm);
    const registry = new vsctm.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (p) => new oniguruma.OnigScanner(p),
            createOnigString: (s) => new oniguruma.OnigString(s),
        }),
        loadGrammar: async () => vsctm.parseRawGrammar(
            fs.readFileSync('share/textmate/routinec.tmLanguage.json', 'utf8'), 'routinec.tmLanguage.json'),
    });
    return registry.loadGrammar('source.routinec');
}

// The scopes at each column of each line.
function scopesOf(g, text) {
    let rule = vsctm.INITIAL;
    return text.split('\n').map((line) => {
        const r = g.tokenizeLine(line, rule);
        rule = r.ruleStack;
        const at = new Array(line.length);
        for (const t of r.tokens)
            for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) at[i] = t.scopes.join(' ');
        return at;
    });
}

// What each column of a line is, by the scanner's rules: 'comment',
// 'string', 'duration', 'number', 'keyword' or undefined.
function classify(line) {
    const kinds = new Array(line.length);
    const mark = (from, to, kind) => { for (let i = from; i < to; i++) kinds[i] = kind; };
    let i = 0;
    while (i < line.length) {
        const rest = line.slice(i);
        let m;
        if (rest.startsWith('#') || rest.startsWith('//')) { mark(i, line.length, 'comment'); break; }
        if (rest[0] === '"' || rest[0] === '\u201c' || rest[0] === '\u201d') {
            const close = rest[0] === '"' ? '"' : '\u201d';
            let j = 1;
            while (j < rest.length && rest[j] !== close) j += rest[j] === '\\' ? 2 : 1;
            mark(i, i + Math.min(j + 1, rest.length), 'string');
            i += j + 1;
            continue;
        }
        const before = i > 0 ? line[i - 1] : ' ';
        if (!new RegExp(W).test(before)) {
            if ((m = rest.match(new RegExp(`^(?:\\d+(?:\\.\\d+)?(?:${units}))+(?!${W})`))) ||
                (m = rest.match(new RegExp(`^\\d+[ \\t]+(?:${units})(?!${W})`)))) {
                mark(i, i + m[0].length, 'duration'); i += m[0].length; continue;
            }
            if ((m = rest.match(new RegExp(`^\\d+(?:\\.\\d+)?(?!${W})`)))) {
                mark(i, i + m[0].length, 'number'); i += m[0].length; continue;
            }
            if ((m = rest.match(new RegExp(`^[A-Za-z_]${W}*`)))) {
                if (keywords.includes(m[0])) mark(i, i + m[0].length, 'keyword');
                i += m[0].length; continue;
            }
        }
        i++;
    }
    return kinds;
}

const want = { comment: 'comment', string: 'string', duration: 'constant.numeric', number: 'constant.numeric', keyword: 'keyword' };

function checkFile(g, file, text) {
    const scopes = scopesOf(g, text);
    text.split('\n').forEach((line, n) => {
        const kinds = classify(line);
        for (let c = 0; c < line.length; c++) {
            if (line[c] === ' ' || line[c] === '\t') continue;
            const s = scopes[n][c] || '';
            const k = kinds[c];
            if (k) check(s.includes(want[k]), `${k}: ${file}:${n + 1}:${c + 1} is "${s}"`);
            if (k === 'string' || k === 'comment')
                check(!s.includes('keyword'), `keyword inside a ${k}: ${file}:${n + 1}:${c + 1}`);
        }
    });
}

function routines(dir, out) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) routines(p, out);
        else if (e.isFile() && e.name.endsWith('.rt')) out.push(p);
    }
    return out;
}

(async () => {
    const g = await grammar();
    check(keywords.length >= 60, `keywords: found only ${keywords.length} in grammar/lexer.l`);
    const line = keywords.join(' ');
    const scopes = scopesOf(g, line)[0];
    let at = 0;
    for (const k of keywords) {
        check((scopes[at] || '').includes('keyword'),
              `keyword: "${k}" of grammar/lexer.l has no keyword scope in share/textmate/routinec.tmLanguage.json`);
        at += k.length + 1;
    }
    const sample = 'routine "R" { # hold 5s\n    cue "hold \\"it\\" 5s"; hold about 1m30s; rest 5 seconds; repeat 10 each side; kind warm-up;\n}\n';
    checkFile(g, 'sample', sample);
    const s = scopesOf(g, sample);
    const second = sample.split('\n')[1];
    const d = second.indexOf('1m30s'), up = second.indexOf('warm-up') + 5;
    check([0, 2, 4].every((i) => (s[1][d + i] || '').includes('constant.numeric.duration')),
          'sample: 1m30s is one duration');
    check(!(s[1][up] || '').includes('keyword'), 'sample: the "up" of warm-up is no keyword');
    const files = routines('routines', []).concat(routines('tests', []));
    check(files.length >= 40, `files: only ${files.length} routines found`);
    for (const f of files) checkFile(g, f, fs.readFileSync(f, 'utf8'));
    for (const [what, n] of failures) if (n > 5) console.log(`     (${n - 5} more ${what} failures)`);
    console.log(`textmate: ${passed} passed, ${failed} failed (${files.length} routines)`);
    process.exit(failed ? 1 : 0);
})();
