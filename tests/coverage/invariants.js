// invariants.js -- what a faithful session of a handout always does,
// checked on the event stream of `run --clock virtual --events -`.
//
//   node tests/coverage/invariants.js ./routinec FILE.rt [ARGS --] ...
//
// For every exercise: repetitions count 1, 2, ... up to `of` in each block
// (a side, a set), never past it, and a range ends within its ends; sets
// count 1..of, and all of them are played; an exercise done on each side
// does each side once per set, the first side first; a rest lasts, and
// comes once between two steps; a hold has a duration unless it is open;
// time never goes back; the session starts with `start` and completes
// with `end`.  Prints one line per file
// and fails on the first broken invariant of each.
'use strict';
const { execFileSync } = require('child_process');

function events(bin, file, args) {
    const out = execFileSync(bin, ['run', '--clock', 'virtual', '--events', '-', ...args, file],
                             { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LC_ALL: 'C.UTF-8' } });
    return out.trim().split('\n').map((line) => JSON.parse(line));
}

// Split the stream into exercises: the events from one `exercise` to the next.
function exercises(evs) {
    const all = [];
    for (const ev of evs) {
        if (ev.ev === 'exercise') all.push({ name: ev.name, evs: [] });
        else if (all.length && ev.ev !== 'end') all[all.length - 1].evs.push(ev);
    }
    return all;
}

// Reps count on in a block; sides that take turns (`each side
// alternating`) count each side on its own, `alternating` counts them all.
function checkReps(ex, fail) {
    let expect = 1, of = null, perSide = {};
    for (const ev of ex.evs) {
        if (ev.ev === 'side' || ev.ev === 'set' || ev.ev === 'round') expect = 1, of = null, perSide = {};
        if (ev.ev === 'rep') {
            const side = ev.side || 'none', own = perSide[side] || 1;
            if (ev.n !== expect && ev.n !== own) fail(`${ex.name}: rep ${ev.n} where rep ${expect} was due`);
            if (of !== null && ev.of !== of) fail(`${ex.name}: rep ${ev.n} of ${ev.of}, the block said ${of}`);
            if (ev.n > ev.of) fail(`${ex.name}: rep ${ev.n} past its ${ev.of}`);
            of = ev.of, expect = ev.n + 1, perSide[side] = ev.n + 1;
        }
        if (ev.ev === 'range' && (ev.done > ev.max || (ev.min !== undefined && !ev.early && ev.done < ev.min)))
            fail(`${ex.name}: a range of ${ev.of} ended at ${ev.done}, outside ${ev.min} to ${ev.max}`);
        if (ev.ev === 'hold' && ev.mode !== 'open' && !(ev.ms > 0)) fail(`${ex.name}: a timed hold without a time`);
    }
}

function checkSetsAndSides(ex, fail) {
    // sets count 1..of; with `one side at a time` they count again on the
    // second side (a `side` right before set 1)
    const sets = ex.evs.filter((ev) => ev.ev === 'set');
    const ranged = ex.evs.some((ev) => ev.ev === 'range' && ev.of === 'sets');
    let expect = 1, blocks = 0;
    ex.evs.forEach((ev, i) => {
        if (ev.ev !== 'set') return;
        if (ev.n === 1 && (expect === 1 || ex.evs[i - 1].ev === 'side')) {
            if (expect !== 1 && expect - 1 !== ev.of && !ranged) fail(`${ex.name}: ${expect - 1} sets played of ${ev.of}`);
            expect = 1, blocks++;
        }
        if (ev.n !== expect || ev.of !== sets[0].of) fail(`${ex.name}: set ${ev.n} of ${ev.of} out of order`);
        expect = ev.n + 1;
    });
    if (sets.length && expect - 1 !== sets[0].of && !ranged)
        fail(`${ex.name}: ${expect - 1} sets played of ${sets[0].of}`);
    const sides = ex.evs.filter((ev) => ev.ev === 'side' && (ev.side === 'left' || ev.side === 'right'));
    const twoSided = new Set(sides.map((ev) => ev.side)).size === 2;
    if (!twoSided) return;
    const alternating = ex.evs.some((ev, i) => ev.ev === 'rep' && i > 0 && ex.evs[i - 1].ev === 'side');
    const perSet = sets.length ? sides.length * blocks / sets.length : sides.length;
    if (!alternating && perSet === 2)
        for (let i = 0; i + 1 < sides.length; i += 2)
            if (sides[i].side === sides[i + 1].side || sides[i].side !== sides[0].side)
                fail(`${ex.name}: the sides of a set are ${sides[i].side} then ${sides[i + 1].side}`);
}

// A rest lasts (or waits for the patient); between two reps of a block
// there is at most one.  (A rest that ends an exercise may be the
// routine's own step, `rest 1min;`, so that is not judged here.)
function checkRests(ex, fail) {
    let rests = 0;
    for (const ev of ex.evs) {
        if (ev.ev === 'rest' && !ev.as_needed && !(ev.ms > 0)) fail(`${ex.name}: a rest of no time`);
        if (ev.ev === 'rest') rests++;
        if (ev.ev === 'rep' || ev.ev === 'side' || ev.ev === 'set' || ev.ev === 'round') {
            if (rests > 1) fail(`${ex.name}: ${rests} rests in a row before ${ev.ev} ${ev.n || ev.side}`);
            rests = 0;
        }
    }
}

function check(bin, file, args) {
    const evs = events(bin, file, args);
    const problems = [];
    const fail = (msg) => problems.push(msg);
    if (evs[0].ev !== 'start') fail('the stream does not begin with start');
    const end = evs.find((ev) => ev.ev === 'end');
    if (!end || !end.completed) fail('the session did not complete');
    evs.forEach((ev, i) => { if (i && ev.t < evs[i - 1].t) fail(`time goes back at ${ev.ev} (${ev.t} ms)`); });
    for (const ex of exercises(evs)) {
        checkReps(ex, fail);
        checkSetsAndSides(ex, fail);
        checkRests(ex, fail);
    }
    const reps = evs.filter((ev) => ev.ev === 'rep').length;
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${file} ${args.join(' ')}: ${exercises(evs).length} exercises, ${reps} reps`);
    problems.slice(0, 5).forEach((p) => console.log(`     ${p}`));
    return problems.length === 0;
}

const [bin, ...rest] = process.argv.slice(2);
let ok = true;
for (let i = 0; i < rest.length; i++) {
    const file = rest[i], args = [];
    if (rest[i + 1] === '[') {
        for (i += 2; i < rest.length && rest[i] !== ']'; i++) args.push(rest[i]);
    }
    ok = check(bin, file, args) && ok;
}
process.exit(ok ? 0 : 1);
