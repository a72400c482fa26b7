// seed-check.js SEED PDFTEXT -- the handout carries the seed: every number
// of the seed, every exercise name, and every word of each exercise's
// paragraph within that exercise's part of the handout (and of the stretch
// bullets within the stretch section).  Exit 1 with the list of what is
// missing.  The seed is the paper handout the project started from.
'use strict';
const fs = require('fs');
const [seedPath, textPath] = process.argv.slice(2);
const seed = fs.readFileSync(seedPath, 'utf8').replace(/\u2019/g, "'");
const pdf = fs.readFileSync(textPath, 'utf8').replace(/\u2019/g, "'").replace(/\s+/g, ' ');
const problems = [];
// Words of the seed's dose sentences that the handout says differently, on
// purpose: "Do 10 of these exercises for each leg" is printed as the dose
// of the knee-to-chest stretch, whose sides the routine names "knee"
// ("Repeat 10 times on each side, with the left knee first..."); the seed's
// "(Advanced: ...)" is printed as the variant "Both arms and legs".
const reworded = new Set(['do', 'these', 'exercises', 'leg', 'advanced']);

// Words are compared lowercased, letters and digits only.
const words = (s) => (s.toLowerCase().match(/[a-z0-9]+/g) || []);
const bag = (s) => new Set(words(s));

// 1. Every number.
const all = bag(pdf);
for (const n of new Set(seed.match(/\d+/g) || []))
  if (!all.has(n)) problems.push(`number ${n} is missing`);

// 2. Each numbered exercise: its name as a heading, its words in its part.
const items = [...seed.matchAll(/^\s+\d+\.\s+(.+)$/gm)].map((m) => m[1]);
const names = items.map((p) => p.slice(0, p.indexOf('.')));
const heading = (name) => pdf.search(new RegExp(`\\d+\\. ${name}(?! \\()`));
names.forEach((name, i) => {
  const at = heading(name);
  if (at < 0) { problems.push(`exercise "${name}" has no heading`); return; }
  const ends = names.map(heading).filter((x) => x > at);
  const part = bag(pdf.slice(at, ends.length ? Math.min(...ends) : undefined));
  for (const w of words(items[i]))
    if (!part.has(w) && !reworded.has(w)) problems.push(`"${name}": the word "${w}" is missing`);
});

// 3. The stretch bullets within the stretch section, the introduction anywhere.
const stretchAt = pdf.search(/Low back stretch The point/);
const stretch = bag(pdf.slice(stretchAt, pdf.indexOf('Initial exercises', stretchAt)));
for (const m of seed.matchAll(/^\s+\u2022\s+(.+)$/gm))
  for (const w of words(m[1]))
    if (!stretch.has(w) && !reworded.has(w)) problems.push(`stretch: the word "${w}" is missing`);
for (const line of seed.split('\n').slice(0, 6))
  for (const w of words(line))
    if (!all.has(w)) problems.push(`introduction: the word "${w}" is missing`);

if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log(`seed: ${names.length} exercises, every number and word found`);
