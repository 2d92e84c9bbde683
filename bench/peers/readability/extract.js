#!/usr/bin/env node
// Readability.js peer for bench/html_extraction_bench: extracts the same pages
// (html/<id>.html.gz of the article-extraction-dev set) with JSDOM + Readability,
// the way the scrapinghub benchmark runs it (textContent of the parsed article),
// and writes a JSON with each page's text and the timing, which the C++ bench scores
// with its own metric code so both sides are measured identically.
// Timing covers JSDOM parsing plus Readability (what a user pays), excludes node
// start-up and decompression; the set is extracted --repeat times.
//
//   node extract.js --data DIR --out FILE [--repeat N]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

function parseArgs(argv) {
  const args = { data: path.join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'article-extraction-dev'),
                 out: 'readability-results.json', repeat: 3 };
  for (let i = 2; i < argv.length; ++i) {
    if (argv[i] === '--data') args.data = argv[++i];
    else if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--repeat') args.repeat = Math.max(1, parseInt(argv[++i], 10));
    else { console.error(`extract.js: unknown argument ${argv[i]}`); process.exit(2); }
  }
  return args;
}

// Same metric as evaluate.py (and html_extraction_bench.cpp), for a standalone summary.
function shingles(text) {
  const tokens = (text || '').match(/[\p{L}\p{N}_]+/gu) || [];
  const counts = new Map();
  const n = Math.max(1, tokens.length - 3);
  for (let i = 0; i < n; ++i) {
    const key = tokens.slice(i, i + 4).join('\x1f');
    if (key) counts.set(key, (counts.get(key) || 0) + 1);
  }
  return counts;
}

function score(expected, predicted) {
  const t = shingles(expected), p = shingles(predicted);
  let tp = 0, fp = 0, fn = 0;
  for (const [k, c] of t) { const q = p.get(k) || 0; tp += Math.min(c, q); fn += Math.max(0, c - q); }
  for (const [k, c] of p) { const q = t.get(k) || 0; fp += Math.max(0, c - q); }
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

function average(all) {
  const prec = ([tp, fp, fn]) => (fp === 0 && fn === 0) ? 1 : (tp === 0 && fp === 0) ? 0 : tp / (tp + fp);
  const rec = ([tp, fp, fn]) => (fp === 0 && fn === 0) ? 1 : (tp === 0 && fn === 0) ? 0 : tp / (tp + fn);
  const ps = all.filter(([tp, fp]) => tp + fp > 0).map(prec);
  const rs = all.filter(([tp, , fn]) => tp + fn > 0).map(rec);
  const p = ps.reduce((a, b) => a + b, 0) / Math.max(1, ps.length);
  const r = rs.reduce((a, b) => a + b, 0) / Math.max(1, rs.length);
  return { precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0 };
}

function extract(html) {
  // A silent console: page scripts are not run, but CSS parse errors are reported.
  const dom = new JSDOM(html, { url: 'https://fake-url.com', virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  const text = article ? article.textContent : '';
  dom.window.close();
  return text;
}

function main() {
  const args = parseArgs(process.argv);
  const truth = JSON.parse(fs.readFileSync(path.join(args.data, 'ground-truth.json'), 'utf8'));
  const ids = Object.keys(truth).sort();
  // Pages are bytes; like the benchmark's cli.js we read them as UTF-8.
  const pages = ids.map((id) => zlib.gunzipSync(fs.readFileSync(path.join(args.data, 'html', `${id}.html.gz`))).toString('utf8'));
  const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page), 0);
  const texts = {};
  ids.forEach((id, i) => { texts[id] = extract(pages[i]); });
  const start = process.hrtime.bigint();
  for (let r = 0; r < args.repeat; ++r) for (const page of pages) extract(page);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const scores = average(ids.map((id) => score(truth[id].articleBody || '', texts[id])));
  const result = {
    name: 'readability.js',
    versions: { readability: require('@mozilla/readability/package.json').version,
                jsdom: require('jsdom/package.json').version, node: process.version },
    pages: ids.length, repeat: args.repeat, seconds,
    pages_per_second: ids.length * args.repeat / seconds,
    mb_per_second: bytes * args.repeat / seconds / 1e6,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    ...scores, texts,
  };
  fs.writeFileSync(args.out, JSON.stringify(result));
  console.error(`readability.js: F1 ${scores.f1.toFixed(3)}, ${result.pages_per_second.toFixed(1)} pages/s`);
}

main();
