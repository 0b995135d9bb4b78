'use strict';
// Stand-in for pgAdmin 4 (8.11) (port 80, PGADMIN_LISTEN_PORT). It keeps pgAdmin's port and health
// contract and its environment:
//   GET  /misc/ping        "PING" (pgAdmin's health endpoint)
//   GET  /login, POST /login   PGADMIN_DEFAULT_EMAIL / PGADMIN_DEFAULT_PASSWORD; in desktop mode
//                          (PGADMIN_CONFIG_SERVER_MODE=False) no login is needed, as in pgAdmin
//   GET  /browser/         the registered servers (PGADMIN_SERVER_JSON_FILE, default /pgadmin4/servers.json,
//                          pgAdmin's format) with a live TCP check of each; PGADMIN_DEFAULT_SERVER adds one
// State (logins, first start) is kept in /var/lib/pgadmin like pgAdmin's own database.
const fs = require('fs');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const s = require('standin');

const port = s.envNum('PGADMIN_LISTEN_PORT', 80);
const email = s.env('PGADMIN_DEFAULT_EMAIL', '');
const password = s.env('PGADMIN_DEFAULT_PASSWORD', '');
const serverMode = !/^'?false'?$/i.test(s.env('PGADMIN_CONFIG_SERVER_MODE', 'True'));
const serversFile = s.env('PGADMIN_SERVER_JSON_FILE', '/pgadmin4/servers.json');
if (serverMode && (!email || !password)) {
  s.log('error', 'You need to define the PGADMIN_DEFAULT_EMAIL and PGADMIN_DEFAULT_PASSWORD environment variables.');
  process.exit(1);
}

const state = new s.JsonStore(path.join(s.env('PGADMIN_DATA_DIR', '/var/lib/pgadmin'), 'pgadmin-standin.json'), { firstStart: new Date().toISOString(), logins: 0 });
try { state.save(); } catch (err) { s.log('warn', 'cannot write state', { error: err.message }); }
const sessions = new Set();

function servers() {
  let list = [];
  try {
    const doc = JSON.parse(fs.readFileSync(serversFile, 'utf8'));
    list = Object.values(doc.Servers || {}).map((x) => ({ name: x.Name, host: x.Host, port: Number(x.Port || 5432), database: x.MaintenanceDB, username: x.Username, group: x.Group }));
  } catch { /* no servers.json */ }
  const extra = s.env('PGADMIN_DEFAULT_SERVER', '');
  if (extra) { const [host, p] = extra.split(':'); list.push({ name: host, host, port: Number(p || 5432), group: 'Servers' }); }
  return list;
}

const reachable = (host, p) => new Promise((resolve) => {
  const sock = net.connect({ host, port: p, timeout: 2000 });
  sock.on('connect', () => { sock.destroy(); resolve('reachable'); });
  sock.on('timeout', () => { sock.destroy(); resolve('timeout'); });
  sock.on('error', (e) => resolve(e.code || e.message));
});

const app = new s.App('pgadmin-standin');
const loggedIn = (req) => !serverMode || sessions.has(((req.headers.cookie || '').match(/pga4_session=([a-f0-9]+)/) || [])[1]);

app.get('/misc/ping', (req, res) => s.text(res, 200, 'PING'));
app.get('/', (req, res) => s.send(res, 302, '', { Location: loggedIn(req) ? '/browser/' : '/login' }));
app.get('/login', (req, res) => s.html(res, 200, s.page('pgAdmin 4 (stand-in) — login', `
<form method="post" action="/login"><p><input name="email" placeholder="email"> <input name="password" type="password" placeholder="password">
<button>Login</button></p></form>`)));
app.post('/login', (req, res) => {
  const b = req.body || {};
  if (b.email !== email || b.password !== password) throw new s.HttpError(401, 'Incorrect username or password.');
  const id = crypto.randomBytes(16).toString('hex');
  sessions.add(id);
  state.data.logins += 1;
  try { state.save(); } catch { /* read-only volume: keep serving */ }
  s.send(res, 302, '', { Location: '/browser/', 'Set-Cookie': `pga4_session=${id}; Path=/; HttpOnly; SameSite=Lax` });
});
app.get('/browser/', async (req, res) => {
  if (!loggedIn(req)) { s.send(res, 302, '', { Location: '/login' }); return; }
  const list = await Promise.all(servers().map(async (x) => ({ ...x, status: await reachable(x.host, x.port) })));
  s.html(res, 200, s.page('pgAdmin 4 (stand-in)', `<p>Mode: ${serverMode ? 'server' : 'desktop'}; servers from <code>${s.esc(serversFile)}</code>.</p>
${s.table(list, ['group', 'name', 'host', 'port', 'database', 'username', 'status'])}`));
});
app.get('/api/servers', async (req) => {
  if (!loggedIn(req)) throw new s.HttpError(401, 'login required');
  return Promise.all(servers().map(async (x) => ({ ...x, status: await reachable(x.host, x.port) })));
});

app.listen(port);
