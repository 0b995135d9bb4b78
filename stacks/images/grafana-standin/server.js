'use strict';
// Stand-in for Grafana 10.2 (port 3000). It keeps Grafana's port and health contract and shows what
// the stack provisions:
//   GET  /api/health                  {"database":"ok","version":...} (no auth, like Grafana)
//   GET  /login, POST /login          admin login (GF_SECURITY_ADMIN_USER / GF_SECURITY_ADMIN_PASSWORD)
//   GET  /api/datasources             datasources from provisioning/datasources/*.yml (basic auth or session)
//   GET  /api/datasources/uid/:uid/health  live check of a datasource (Prometheus /-/ready, Loki /ready)
//   GET  /api/search                  dashboards found in provisioning/dashboards/**.json
//   GET  /                            home: datasources with live status, dashboards
// No real dashboards are rendered. State (start count) is kept in /var/lib/grafana.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const s = require('standin');

const provisioning = s.env('GF_PATHS_PROVISIONING', '/etc/grafana/provisioning');
const dataDir = s.env('GF_PATHS_DATA', '/var/lib/grafana');
const ini = readIni(s.env('GF_PATHS_CONFIG', '/etc/grafana/grafana.ini'));
const port = s.envNum('GF_SERVER_HTTP_PORT', Number((ini.server || {}).http_port) || 3000);
const adminUser = s.env('GF_SECURITY_ADMIN_USER', 'admin');
const adminPassword = s.env('GF_SECURITY_ADMIN_PASSWORD', 'admin');
const sessions = new Set();

function readIni(file) {
  const out = {};
  let section = '';
  try {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith(';') || t.startsWith('#')) continue;
      const sec = /^\[(.+)\]$/.exec(t);
      if (sec) { section = sec[1]; out[section] = out[section] || {}; continue; }
      const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(t);
      if (kv) (out[section] = out[section] || {})[kv[1]] = kv[2];
    }
  } catch { /* no grafana.ini: defaults */ }
  return out;
}

function walk(dir, ext) {
  let out = [];
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) out = out.concat(walk(p, ext));
      else if (ext.some((x) => e.name.endsWith(x))) out.push(p);
    }
  } catch { /* missing directory */ }
  return out;
}

// Datasource provisioning files are small YAML lists; read the fields we show.
function datasources() {
  const list = [];
  for (const file of walk(path.join(provisioning, 'datasources'), ['.yml', '.yaml'])) {
    let current = null;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const item = /^\s*-\s*name:\s*['"]?([^'"]+?)['"]?\s*$/.exec(line);
      if (item) { current = { name: item[1], file }; list.push(current); continue; }
      const kv = /^\s+(type|url|access|uid|isDefault):\s*['"]?([^'"]*?)['"]?\s*$/.exec(line);
      if (current && kv) current[kv[1]] = kv[2];
    }
  }
  return list.map((d, i) => ({ id: i + 1, uid: d.uid || d.name.toLowerCase(), ...d }));
}

function dashboards() {
  return walk(path.join(provisioning, 'dashboards'), ['.json']).concat(walk(path.join(dataDir, 'dashboards'), ['.json'])).map((file) => {
    try { const d = JSON.parse(fs.readFileSync(file, 'utf8')); return { uid: d.uid, title: d.title, type: 'dash-db', panels: (d.panels || []).length, file }; }
    catch (err) { return { title: path.basename(file), error: err.message, file }; }
  });
}

async function dsHealth(ds) {
  const probe = ds.type === 'loki' ? '/ready' : ds.type === 'prometheus' ? '/-/ready' : '/';
  try {
    const r = await s.request('GET', ds.url.replace(/\/$/, '') + probe, { timeoutMs: 3000 });
    return { status: r.status === 200 ? 'OK' : 'ERROR', message: `${probe}: HTTP ${r.status}` };
  } catch (err) {
    return { status: 'ERROR', message: err.message };
  }
}

// Persist a little state, as Grafana keeps grafana.db in its data volume.
const state = new s.JsonStore(path.join(dataDir, 'grafana-standin.json'), { starts: 0 });
state.data.starts += 1;
state.data.lastStart = new Date().toISOString();
try { state.save(); } catch (err) { s.log('warn', 'cannot write state', { error: err.message }); }

const app = new s.App('grafana-standin');
const authed = (req) => s.basicAuth(req, adminUser, adminPassword) ||
  sessions.has(((req.headers.cookie || '').match(/grafana_session=([a-f0-9]+)/) || [])[1]);
const requireAuth = (req) => { if (!authed(req)) throw new s.HttpError(401, 'Unauthorized', { message: 'Unauthorized' }); };

app.get('/api/health', () => ({ commit: 'stand-in', database: 'ok', version: '10.2.2' }));
app.get('/login', (req, res) => s.html(res, 200, s.page('Grafana (stand-in) — login', `
<form method="post" action="/login"><p><input name="user" placeholder="user"> <input name="password" type="password" placeholder="password">
<button>Log in</button></p></form>`)));
app.post('/login', (req, res) => {
  const b = req.body || {};
  if (b.user !== adminUser || b.password !== adminPassword) throw new s.HttpError(401, 'Invalid username or password', { message: 'Invalid username or password' });
  const id = crypto.randomBytes(16).toString('hex');
  sessions.add(id);
  s.send(res, 302, '', { Location: '/', 'Set-Cookie': `grafana_session=${id}; Path=/; HttpOnly; SameSite=Lax` });
});
app.get('/api/datasources', (req) => { requireAuth(req); return datasources(); });
app.get('/api/datasources/uid/:uid/health', async (req) => {
  requireAuth(req);
  const ds = datasources().find((d) => d.uid === req.params.uid);
  if (!ds) throw new s.HttpError(404, 'Data source not found', { message: 'Data source not found' });
  return dsHealth(ds);
});
app.get('/api/search', (req) => { requireAuth(req); return dashboards(); });
app.get('/api/frontend/settings', () => ({ buildInfo: { version: '10.2.2', edition: 'stand-in' }, allowSignUp: s.env('GF_USERS_ALLOW_SIGN_UP', 'false') === 'true' }));
app.get('/', async (req, res) => {
  if (!authed(req)) { s.send(res, 302, '', { Location: '/login' }); return; }
  const ds = await Promise.all(datasources().map(async (d) => ({ ...d, ...(await dsHealth(d)) })));
  s.html(res, 200, s.page('Grafana (stand-in)', `<p>Started ${state.data.starts} time(s); data in <code>${s.esc(dataDir)}</code>.</p>
<h2>Datasources</h2>${s.table(ds, ['name', 'type', 'url', 'status', 'message'])}
<h2>Dashboards</h2>${s.table(dashboards(), ['title', 'uid', 'panels', 'file'])}`));
});

app.listen(port);
