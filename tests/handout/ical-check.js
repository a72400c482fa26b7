// ical-check.js FILE.ics EVENTS OCCURRENCES -- parse a calendar with
// ical.js (a real iCalendar parser) and check it: RFC 5545 line form
// (CRLF, at most 75 octets a line), EVENTS events each with UID, DTSTAMP,
// DTSTART, DURATION, SUMMARY, DESCRIPTION and a display alarm, and
// OCCURRENCES occurrences of each when its rule is expanded (or, as
// "28,20,14", of each event in the file's order); with TITLE,
// every SUMMARY, unescaped by the parser, ends with it.
'use strict';
const fs = require('fs');
const path = require('path');
const ICAL = require(path.join(__dirname, '..', 'node', 'node_modules', 'ical.js', 'dist', 'ical.es5.cjs'));
const [file, wantEvents, wantOccurrences, title] = process.argv.slice(2);
const raw = fs.readFileSync(file);
const problems = [];
const text = raw.toString('utf8');
if (!text.endsWith('\r\n')) problems.push('the file does not end with CRLF');
text.split('\r\n').forEach((line, i) => {
  if (line.includes('\n')) problems.push(`line ${i + 1} has a bare LF`);
  if (Buffer.byteLength(line, 'utf8') > 75) problems.push(`line ${i + 1} is longer than 75 octets`);
});
const cal = new ICAL.Component(ICAL.parse(text));
const events = cal.getAllSubcomponents('vevent');
if (events.length !== Number(wantEvents)) problems.push(`${events.length} events, expected ${wantEvents}`);
const uids = new Set();
const perEvent = String(wantOccurrences).split(',');
if (perEvent.length > 1 && perEvent.length !== events.length)
  problems.push(`${perEvent.length} occurrence counts for ${events.length} events`);
for (const [index, ev] of events.entries()) {
  const want = Number(perEvent.length > 1 ? perEvent[index] : perEvent[0]);
  for (const p of ['uid', 'dtstamp', 'dtstart', 'duration', 'summary', 'description', 'rrule'])
    if (!ev.hasProperty(p)) problems.push(`an event has no ${p.toUpperCase()}`);
  uids.add(ev.getFirstPropertyValue('uid'));
  if (title && !String(ev.getFirstPropertyValue('summary')).endsWith(title))
    problems.push(`the summary "${ev.getFirstPropertyValue('summary')}" does not end with the title`);
  const alarm = ev.getFirstSubcomponent('valarm');
  if (!alarm || alarm.getFirstPropertyValue('action') !== 'DISPLAY' || !alarm.hasProperty('trigger')
      || !alarm.hasProperty('description'))
    problems.push('an event has no display alarm with a trigger and a description');
  const event = new ICAL.Event(ev);
  const it = event.iterator();
  let n = 0;
  for (let next = it.next(); next && n < 10000; next = it.next()) n++;
  if (n !== want)
    problems.push(`"${event.summary}" at ${event.startDate}: ${n} occurrences, expected ${want}`);
}
if (uids.size !== events.length) problems.push('the UIDs are not all different');
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log(`ical.js: ${events.length} events of ${wantOccurrences} occurrences each, lines folded, CRLF`);
