'use strict';
// Stand-in for Loki 2.9 (port 3100, from -config.file's server.http_listen_port). It keeps Loki's
// port and readiness contract and a small, real log store:
//   GET  /ready                        "ready"
//   POST /loki/api/v1/push             JSON push ({"streams":[{"stream":{labels},"values":[["<ns>","line"]]}]});
//                                      protobuf/snappy pushes are refused with 415
//   GET  /loki/api/v1/query_range, /loki/api/v1/query   ?query={job="x",level="error"} |= "text"
//                                      (label equality matchers and one optional line filter)
//   GET  /loki/api/v1/labels, /loki/api/v1/label/:name/values, /metrics
// Entries are kept in memory (the newest MAX_ENTRIES) and appended to /loki/standin-logs.jsonl
// (the loki-data volume), which is read back at start.
const fs = require('fs');
const path = require('path');
const s = require('standin');

const configFile = (process.argv.find((a) => a.startsWith('-config.file=')) || '').split('=')[1];
let port = 3100;
if (configFile) {
  try {
    const m = /http_listen_port:\s*(\d+)/.exec(fs.readFileSync(configFile, 'utf8'));
    if (m) port = Number(m[1]);
  } catch (err) { s.log('warn', 'cannot read config file', { configFile, error: err.message }); }
}
const dataFile = path.join(s.env('LOKI_DATA_DIR', '/loki'), 'standin-logs.jsonl');
const maxEntries = s.envNum('MAX_ENTRIES', 20000);

let entries = [];
try {
  entries = fs.readFileSync(dataFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).slice(-maxEntries);
  s.log('info', 'log store loaded', { entries: entries.length });
} catch { /* first start */ }

const app = new s.App('loki-standin');
const received = app.metrics.counter('loki_distributor_lines_received_total', 'Log lines received.');

app.get('/ready', (req, res) => s.text(res, 200, 'ready\n'));
app.post('/loki/api/v1/push', (req, res) => {
  if (!/json/.test(req.headers['content-type'] || '')) throw new s.HttpError(415, 'this Loki stand-in accepts JSON pushes only');
  const streams = (req.body && req.body.streams) || [];
  const fresh = [];
  for (const st of streams) {
    for (const [ts, line] of st.values || []) fresh.push({ ts: String(ts), labels: st.stream || {}, line: String(line) });
  }
  entries.push(...fresh);
  if (entries.length > maxEntries) entries = entries.slice(-maxEntries);
  received.inc({}, fresh.length);
  if (fresh.length) fs.appendFile(dataFile, fresh.map((e) => JSON.stringify(e)).join('\n') + '\n', () => {});
  s.send(res, 204, '');
});

function parseQuery(q) {
  const m = /^\s*\{([^}]*)\}\s*(?:\|=\s*"((?:[^"\\]|\\.)*)")?\s*$/.exec(q || '');
  if (!m) throw new s.HttpError(400, 'parse error: supported queries are {label="value",...} with an optional |= "text"');
  const matchers = [...m[1].matchAll(/(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]);
  return { matchers, contains: m[2] };
}

function query(req) {
  const { matchers, contains } = parseQuery(req.query.query);
  const limit = Number(req.query.limit || 100);
  const start = req.query.start ? BigInt(req.query.start) : 0n;
  const end = req.query.end ? BigInt(req.query.end) : BigInt(Date.now()) * 1000000n + 1000000n;
  const hits = entries.filter((e) => matchers.every(([k, v]) => e.labels[k] === v) && (!contains || e.line.includes(contains))
    && BigInt(e.ts) >= start && BigInt(e.ts) <= end).slice(-limit);
  const streams = new Map();
  for (const e of hits) {
    const key = JSON.stringify(e.labels);
    if (!streams.has(key)) streams.set(key, { stream: e.labels, values: [] });
    streams.get(key).values.push([e.ts, e.line]);
  }
  return { status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: { summary: { totalLinesProcessed: entries.length } } } };
}
app.get('/loki/api/v1/query_range', query);
app.get('/loki/api/v1/query', query);
app.get('/loki/api/v1/labels', () => ({ status: 'success', data: [...new Set(entries.flatMap((e) => Object.keys(e.labels)))].sort() }));
app.get('/loki/api/v1/label/:name/values', (req) => ({ status: 'success', data: [...new Set(entries.map((e) => e.labels[req.params.name]).filter((v) => v !== undefined))].sort() }));
app.get('/metrics', (req, res) => s.text(res, 200, app.metrics.render()));
app.get('/', (req, res) => s.html(res, 200, s.page('Loki (stand-in)', `<p>${entries.length} entries in memory; store <code>${s.esc(dataFile)}</code>.</p>`)));

app.listen(port);
