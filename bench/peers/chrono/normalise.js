// chrono-node peer of bench/time_normalisation_bench: reads the cases TSV (lang,
// published, expression, gold), normalises each expression against its publication
// date with chrono's parser for the language, and writes one line per case: the
// parsed date-time as "YYYY-MM-DDTHH:MM:SS" (local to the reference date, no zone)
// or an empty line when chrono finds nothing. The last line is "# seconds S", the time
// of the parsing loop alone (repeated --repeat times), so start-up is not counted.
'use strict';
const fs = require('fs');
const chrono = require('chrono-node');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const casesPath = option('--cases');
const outPath = option('--out');
const repeat = Number(option('--repeat', '3'));
if (!casesPath || !outPath) {
  console.error('usage: normalise.js --cases CASES.tsv --out RESULTS.tsv [--repeat N]');
  process.exit(2);
}

const cases = fs.readFileSync(casesPath, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [lang, published, expression] = line.split('\t');
    // Noon keeps "yesterday" and friends on the right day whatever the time zone.
    return { parser: chrono[lang] || chrono.en, reference: new Date(`${published}T12:00:00`), expression };
  });

const pad = (n) => String(n).padStart(2, '0');
const format = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:` +
  `${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

let results = [];
const start = process.hrtime.bigint();
for (let r = 0; r < repeat; ++r) {
  results = cases.map((c) => {
    const parsed = c.parser.parseDate(c.expression, c.reference);
    return parsed ? format(parsed) : '';
  });
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9 / repeat;
fs.writeFileSync(outPath, results.join('\n') + `\n# seconds ${seconds}\n`);
