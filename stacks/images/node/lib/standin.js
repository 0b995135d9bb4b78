'use strict';
// Shared helpers for the stand-in services (Node.js standard library only):
// an HTTP router with JSON/form bodies, CORS and request metrics; Prometheus text metrics;
// outgoing JSON/form POSTs with retries (webhooks); minimal PostgreSQL and Redis clients that speak
// the real wire protocols; small HTML pages for dashboards; JSON-file persistence.
const http = require('http');
const net = require('net');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

// ---------------------------------------------------------------- environment and logging

function env(name, def) {
  const v = process.env[name];
  return v === undefined || v === '' ? def : v;
}
function envNum(name, def) {
  const n = Number(env(name, def));
  return Number.isFinite(n) ? n : def;
}

function log(level, msg, fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(line + '\n');
}

// ---------------------------------------------------------------- metrics

class Metrics {
  constructor() { this.families = new Map(); this.started = Date.now(); }
  family(type, name, help) {
    if (!this.families.has(name)) this.families.set(name, { type, help, values: new Map() });
    const fam = this.families.get(name);
    const key = (labels) => JSON.stringify(Object.entries(labels || {}).sort());
    return {
      inc: (labels, by = 1) => { const k = key(labels); fam.values.set(k, (fam.values.get(k) || 0) + by); },
      set: (labels, v) => { fam.values.set(key(labels), v); },
      get: (labels) => fam.values.get(key(labels)) || 0,
    };
  }
  counter(name, help) { return this.family('counter', name, help); }
  gauge(name, help) { return this.family('gauge', name, help); }
  render() {
    const mem = process.memoryUsage();
    this.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.').set({}, mem.rss);
    this.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.').set({}, mem.heapUsed);
    this.gauge('process_uptime_seconds', 'Seconds since the process started.').set({}, (Date.now() - this.started) / 1000);
    const out = [];
    for (const [name, fam] of this.families) {
      out.push(`# HELP ${name} ${fam.help}`, `# TYPE ${name} ${fam.type}`);
      for (const [k, v] of fam.values) {
        const labels = JSON.parse(k).map(([n, val]) => `${n}="${String(val).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c))}"`);
        out.push(`${name}${labels.length ? `{${labels.join(',')}}` : ''} ${v}`);
      }
    }
    return out.join('\n') + '\n';
  }
}

// ---------------------------------------------------------------- HTTP server

function send(res, status, body, headers = {}) {
  if (res.headersSent) return;
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body === undefined ? '' : String(body));
  res.writeHead(status, { 'Content-Length': buf.length, ...headers });
  res.end(buf);
}
const json = (res, status, obj, headers = {}) =>
  send(res, status, JSON.stringify(obj, null, 2) + '\n', { 'Content-Type': 'application/json; charset=utf-8', ...headers });
const text = (res, status, str, headers = {}) => send(res, status, str, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
const html = (res, status, str, headers = {}) => send(res, status, str, { 'Content-Type': 'text/html; charset=utf-8', ...headers });

class HttpError extends Error {
  constructor(status, message, body) { super(message); this.status = status; this.body = body; }
}

function readBody(req, limit = 1 << 20) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) { reject(new HttpError(413, 'request body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(req, raw) {
  if (!raw.length) return {};
  const type = (req.headers['content-type'] || '').split(';')[0].trim();
  const str = raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(str));
  if (type === 'application/json' || type === '' || type.endsWith('+json')) {
    try { return JSON.parse(str); } catch { throw new HttpError(400, 'body is not valid JSON'); }
  }
  return str;
}

// A tiny router: app.get('/v1/payments/:id', async (req, res) => ...). Handlers may return a value
// (sent as JSON with status 200) or write the response themselves.
class App {
  constructor(name, { cors = null } = {}) {
    this.name = name;
    this.routes = [];
    this.cors = cors;
    this.metrics = new Metrics();
    this.requests = this.metrics.counter('http_requests_total', 'HTTP requests by method, route and status.');
    this.duration = this.metrics.counter('http_request_duration_seconds_sum', 'Total time spent answering requests.');
  }
  route(method, pattern, handler) {
    const names = [];
    const re = new RegExp('^' + pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\/:([A-Za-z_]+)\*/g, (_, n) => { names.push(n); return '/(.*)'; })
      .replace(/:([A-Za-z_]+)/g, (_, n) => { names.push(n); return '([^/]+)'; }) + '/?$');
    this.routes.push({ method, pattern, re, names, handler });
    return this;
  }
  get(p, h) { return this.route('GET', p, h); }
  post(p, h) { return this.route('POST', p, h); }
  put(p, h) { return this.route('PUT', p, h); }
  delete(p, h) { return this.route('DELETE', p, h); }

  async handle(req, res) {
    const started = process.hrtime.bigint();
    const url = new URL(req.url, 'http://localhost');
    req.path = url.pathname;
    req.query = Object.fromEntries(url.searchParams);
    let routeName = 'unmatched';
    if (this.cors) {
      res.setHeader('Access-Control-Allow-Origin', this.cors);
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Scenario, X-Idempotency-Key');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    }
    try {
      if (req.method === 'OPTIONS' && this.cors) { send(res, 204, ''); return; }
      const candidates = this.routes.filter((r) => r.re.test(req.path));
      const route = candidates.find((r) => r.method === req.method || (req.method === 'HEAD' && r.method === 'GET'));
      if (!route) {
        if (candidates.length) throw new HttpError(405, `method ${req.method} not allowed on ${req.path}`);
        throw new HttpError(404, `no route for ${req.method} ${req.path}`);
      }
      routeName = route.pattern;
      const m = route.re.exec(req.path);
      req.params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      req.rawBody = await readBody(req);
      req.body = parseBody(req, req.rawBody);
      const result = await route.handler(req, res);
      if (result !== undefined && !res.headersSent) json(res, 200, result);
      if (!res.headersSent) send(res, 204, '');
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) log('error', 'handler failed', { path: req.path, error: String(err && err.stack || err) });
      json(res, status, err.body || { error: err.message, status });
    } finally {
      const secs = Number(process.hrtime.bigint() - started) / 1e9;
      this.requests.inc({ method: req.method, route: routeName, status: res.statusCode });
      this.duration.inc({ method: req.method, route: routeName }, secs);
      if (!/health|ping|ready|metrics/.test(routeName)) {
        log('info', 'request', { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(secs * 1000) });
      }
    }
  }

  listen(port, host = '0.0.0.0') {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5000;
    server.listen(port, host, () => log('info', `${this.name} listening`, { port }));
    // PID 1 in a container gets no default signal handling: stop promptly on docker stop.
    for (const sig of ['SIGTERM', 'SIGINT']) {
      process.on(sig, () => { log('info', `${sig}: shutting down`); server.close(); setTimeout(() => process.exit(0), 200).unref(); });
    }
    return server;
  }
}

function basicAuth(req, user, password) {
  const h = req.headers.authorization || '';
  if (!h.startsWith('Basic ')) return false;
  const [u, ...p] = Buffer.from(h.slice(6), 'base64').toString().split(':');
  return u === user && p.join(':') === password;
}

// ---------------------------------------------------------------- outgoing HTTP (webhooks, probes)

function request(method, url, { body, form, headers = {}, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    let payload = null;
    const h = { ...headers };
    if (form) { payload = Buffer.from(new URLSearchParams(form).toString()); h['Content-Type'] = 'application/x-www-form-urlencoded'; }
    else if (body !== undefined) { payload = Buffer.from(JSON.stringify(body)); h['Content-Type'] = 'application/json'; }
    if (payload) h['Content-Length'] = payload.length;
    const req = http.request(url, { method, headers: h, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        let parsed = raw;
        try { parsed = JSON.parse(raw); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// Delivers a webhook; retries with backoff because the receiver may still be starting.
async function deliver(url, { body, form, retries = 3, backoffMs = 1000 } = {}) {
  let last;
  for (let attempt = 1; attempt <= retries; attempt++) {
    try {
      const r = await request('POST', url, { body, form });
      if (r.status < 500) return { ok: r.status < 300, status: r.status, attempts: attempt };
      last = `HTTP ${r.status}`;
    } catch (err) { last = err.message; }
    if (attempt < retries) await sleep(backoffMs * attempt);
  }
  return { ok: false, error: last, attempts: retries };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- PostgreSQL (frontend/backend protocol 3.0)

// Accepts postgresql://user:pass@host:port/db and jdbc:postgresql://host:port/db (user and password
// then come from the extra argument).
function pgConfig(url, extra = {}) {
  const u = new URL(url.replace(/^jdbc:/, '').replace(/^postgres(ql)?:/, 'http:'));
  return {
    host: u.hostname, port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || extra.user || 'postgres',
    password: decodeURIComponent(u.password) || extra.password || '',
    database: decodeURIComponent(u.pathname.slice(1)) || extra.database || 'postgres',
  };
}

const cstr = (s) => Buffer.from(s + '\0');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
const md5hex = (d) => crypto.createHash('md5').update(d).digest('hex');

// Runs one simple-protocol query on a fresh connection; resolves to { rows, command }.
// Authentication: trust, cleartext, md5 and SCRAM-SHA-256 (the postgres image's default).
function pgQuery(cfg, sql, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(cfg.port, cfg.host);
    let buf = Buffer.alloc(0), fields = [], rows = [], command = null, queryError = null, sent = false, done = false, scram = null;
    const timer = setTimeout(() => fail(new Error(`postgres: timeout after ${timeoutMs} ms`)), timeoutMs);
    const fail = (e) => { if (done) return; done = true; clearTimeout(timer); sock.destroy(); reject(e); };
    const write = (type, payload) => {
      const len = Buffer.alloc(4); len.writeInt32BE(payload.length + 4);
      sock.write(Buffer.concat([Buffer.from(type), len, payload]));
    };
    sock.on('connect', () => {
      const params = Buffer.concat([cstr('user'), cstr(cfg.user), cstr('database'), cstr(cfg.database),
        cstr('client_encoding'), cstr('UTF8'), cstr('application_name'), cstr('stackctl-standin'), Buffer.from([0])]);
      const head = Buffer.alloc(8); head.writeInt32BE(params.length + 8, 0); head.writeInt32BE(196608, 4);
      sock.write(Buffer.concat([head, params]));
    });
    sock.on('error', (e) => fail(new Error(`postgres: ${e.message}`)));
    sock.on('close', () => fail(new Error('postgres: connection closed')));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 5) {
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) break;
        const type = String.fromCharCode(buf[0]);
        const body = buf.subarray(5, 1 + len);
        buf = buf.subarray(1 + len);
        try { onMessage(type, body); } catch (e) { fail(e); return; }
      }
    });
    function onMessage(type, b) {
      switch (type) {
        case 'R': return onAuth(b.readInt32BE(0), b.subarray(4));
        case 'E': {
          const f = {};
          for (let i = 0; i < b.length && b[i] !== 0;) { const end = b.indexOf(0, i + 1); f[String.fromCharCode(b[i])] = b.toString('utf8', i + 1, end); i = end + 1; }
          const err = new Error(`postgres: ${f.M} (SQLSTATE ${f.C})`); err.code = f.C;
          if (!sent) throw err; // startup or authentication failure: the server closes the connection
          queryError = err; return;
        }
        case 'Z':
          if (!sent) { sent = true; write('Q', cstr(sql)); return; }
          done = true; clearTimeout(timer);
          sock.end(Buffer.from([0x58, 0, 0, 0, 4])); // Terminate
          if (queryError) reject(queryError); else resolve({ rows, command });
          return;
        case 'T': {
          fields = []; rows = [];
          let off = 2;
          for (let n = b.readInt16BE(0); n > 0; n--) {
            const end = b.indexOf(0, off);
            fields.push({ name: b.toString('utf8', off, end), type: b.readInt32BE(end + 7) });
            off = end + 19;
          }
          return;
        }
        case 'D': {
          const row = {};
          let off = 2;
          for (let i = 0, n = b.readInt16BE(0); i < n; i++) {
            const len = b.readInt32BE(off); off += 4;
            let v = null;
            if (len >= 0) { v = b.toString('utf8', off, off + len); off += len; }
            const t = fields[i] && fields[i].type;
            if (v !== null && (t === 20 || t === 21 || t === 23 || t === 700 || t === 701)) v = Number(v);
            if (v !== null && t === 16) v = v === 't';
            row[fields[i] ? fields[i].name : `col${i}`] = v;
          }
          rows.push(row);
          return;
        }
        case 'C': command = b.toString('utf8', 0, b.length - 1); return;
        default: return; // ParameterStatus, BackendKeyData, NoticeResponse, EmptyQueryResponse
      }
    }
    function onAuth(code, data) {
      if (code === 0) return; // AuthenticationOk
      if (code === 3) return write('p', cstr(cfg.password));
      if (code === 5) {
        const inner = md5hex(cfg.password + cfg.user);
        return write('p', cstr('md5' + md5hex(Buffer.concat([Buffer.from(inner), data.subarray(0, 4)]))));
      }
      if (code === 10) { // SASL: start SCRAM-SHA-256
        if (!data.toString().split('\0').includes('SCRAM-SHA-256')) throw new Error('postgres: server offers no SCRAM-SHA-256');
        const nonce = crypto.randomBytes(18).toString('base64');
        scram = { nonce, clientFirstBare: `n=*,r=${nonce}` };
        const msg = Buffer.from('n,,' + scram.clientFirstBare);
        const len = Buffer.alloc(4); len.writeInt32BE(msg.length);
        return write('p', Buffer.concat([cstr('SCRAM-SHA-256'), len, msg]));
      }
      if (code === 11) { // SASLContinue: server-first-message
        const serverFirst = data.toString();
        const a = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
        if (!a.r || !a.r.startsWith(scram.nonce)) throw new Error('postgres: bad SCRAM nonce');
        const salted = crypto.pbkdf2Sync(cfg.password, Buffer.from(a.s, 'base64'), Number(a.i), 32, 'sha256');
        const clientKey = hmac(salted, 'Client Key');
        const storedKey = crypto.createHash('sha256').update(clientKey).digest();
        const finalNoProof = `c=biws,r=${a.r}`;
        scram.authMessage = `${scram.clientFirstBare},${serverFirst},${finalNoProof}`;
        scram.serverKey = hmac(salted, 'Server Key');
        const sig = hmac(storedKey, scram.authMessage);
        const proof = Buffer.from(clientKey.map((byte, i) => byte ^ sig[i]));
        return write('p', Buffer.from(`${finalNoProof},p=${proof.toString('base64')}`));
      }
      if (code === 12) { // SASLFinal: check the server's signature
        const v = data.toString().replace(/^v=/, '');
        if (v !== hmac(scram.serverKey, scram.authMessage).toString('base64')) throw new Error('postgres: bad SCRAM server signature');
        return;
      }
      throw new Error(`postgres: unsupported authentication request ${code}`);
    }
  });
}

// SQL literal quoting for the simple protocol (the stand-ins build a few statements by hand).
const pgLiteral = (v) => (v === null || v === undefined ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);

// ---------------------------------------------------------------- Redis (RESP2)

function redisConfig(url) {
  const u = new URL(url.replace(/^rediss?:/, 'http:'));
  return { host: u.hostname, port: Number(u.port || 6379), password: decodeURIComponent(u.password || ''), db: Number(u.pathname.slice(1) || 0) };
}

function parseResp(buf, off = 0) {
  const nl = buf.indexOf('\r\n', off);
  if (nl < 0) return null;
  const type = String.fromCharCode(buf[off]);
  const line = buf.toString('utf8', off + 1, nl);
  const next = nl + 2;
  if (type === '+') return [line, next];
  if (type === '-') { const e = new Error(`redis: ${line}`); e.redis = true; return [e, next]; }
  if (type === ':') return [Number(line), next];
  if (type === '$') {
    const len = Number(line);
    if (len < 0) return [null, next];
    if (buf.length < next + len + 2) return null;
    return [buf.toString('utf8', next, next + len), next + len + 2];
  }
  if (type === '*') {
    const n = Number(line);
    if (n < 0) return [null, next];
    const arr = [];
    let pos = next;
    for (let i = 0; i < n; i++) { const r = parseResp(buf, pos); if (!r) return null; arr.push(r[0]); pos = r[1]; }
    return [arr, pos];
  }
  throw new Error(`redis: unexpected reply type ${type}`);
}

// Sends commands on a fresh connection and resolves to their replies: redisCommands(cfg, ['PING'], ['INCR', 'k']).
function redisCommands(cfg, ...commands) {
  const all = [];
  if (cfg.password) all.push(['AUTH', cfg.password]);
  if (cfg.db) all.push(['SELECT', String(cfg.db)]);
  all.push(...commands);
  const timeoutMs = 5000;
  return new Promise((resolve, reject) => {
    const sock = net.connect(cfg.port, cfg.host);
    let buf = Buffer.alloc(0), done = false;
    const replies = [];
    const timer = setTimeout(() => fail(new Error(`redis: timeout after ${timeoutMs} ms`)), timeoutMs);
    const fail = (e) => { if (done) return; done = true; clearTimeout(timer); sock.destroy(); reject(e); };
    sock.on('connect', () => {
      sock.write(all.map((c) => `*${c.length}\r\n` + c.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')).join(''));
    });
    sock.on('error', (e) => fail(new Error(`redis: ${e.message}`)));
    sock.on('close', () => fail(new Error('redis: connection closed')));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      let r;
      try {
        while (replies.length < all.length && (r = parseResp(buf))) { replies.push(r[0]); buf = buf.subarray(r[1]); }
      } catch (e) { fail(e); return; }
      if (replies.length === all.length) {
        done = true; clearTimeout(timer); sock.end();
        const mine = replies.slice(all.length - commands.length);
        const err = replies.find((x) => x instanceof Error);
        if (err) reject(err); else resolve(mine);
      }
    });
  });
}

// ---------------------------------------------------------------- HTML and persistence

const esc = (s) => String(s === undefined || s === null ? '' : s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body, { refresh } = {}) {
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>${esc(title)}</title>
${refresh ? `<meta http-equiv="refresh" content="${refresh}">` : ''}
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
code,pre{background:#f6f6f6;padding:.1rem .3rem}.note{color:#666}</style></head>
<body><h1>${esc(title)}</h1>${body}<p class="note">Stand-in service from stackctl's stacks/images.</p></body></html>`;
}

function table(rows, columns) {
  if (!rows.length) return '<p class="note">(nothing yet)</p>';
  return `<table><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${columns.map((c) => `<td>${esc(typeof r[c] === 'object' ? JSON.stringify(r[c]) : r[c])}</td>`).join('')}</tr>`)
    .join('')}</table>`;
}

// A JSON document on disk, rewritten atomically on every save.
class JsonStore {
  constructor(file, initial) {
    this.file = file;
    try { this.data = JSON.parse(fs.readFileSync(file, 'utf8')); log('info', 'state loaded', { file }); }
    catch { this.data = initial; }
  }
  save() {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    fs.renameSync(tmp, this.file);
  }
}

// ---------------------------------------------------------------- Argentina

// Argentine numbers in E.164: +54, an optional 9 for mobiles, then 10 digits (area code + number).
// Returns the normalised number (+549...) or null.
function arPhone(input) {
  const digits = String(input || '').replace(/[\s\-().]/g, '');
  const m = /^\+?54(9?)(\d{10})$/.exec(digits);
  return m ? `+54${m[1]}${m[2]}` : null;
}

module.exports = {
  env, envNum, log, Metrics, App, HttpError, send, json, text, html, basicAuth,
  request, deliver, sleep, pgConfig, pgQuery, pgLiteral, redisConfig, redisCommands,
  esc, page, table, JsonStore, arPhone,
};
