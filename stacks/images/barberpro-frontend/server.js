'use strict';
// Stand-in for BarberPro's SvelteKit app under the Vite dev server (port 5173): serves the booking
// page with the VITE_* configuration the stack injects; the page calls the backend from the browser
// (VITE_API_URL). GET / answers 200, the stack's health check. The server also checks the backend
// itself (BACKEND_INTERNAL_URL) for /api/status.
const s = require('standin');

const port = s.envNum('PORT', 5173);
const config = {
  apiUrl: s.env('VITE_API_URL', 'http://localhost:3000'),
  wsUrl: s.env('VITE_WS_URL', 'ws://localhost:3000'),
  timezone: s.env('VITE_TIMEZONE', 'America/Argentina/Buenos_Aires'),
  locale: s.env('VITE_LOCALE', 'es-AR'),
  currency: s.env('VITE_CURRENCY', 'ARS'),
  mode: s.env('NODE_ENV', 'development'),
};
const backend = s.env('BACKEND_INTERNAL_URL', 'http://backend:3000');

const app = new s.App('barberpro-frontend');

app.get('/', (req, res) => {
  const price = new Intl.NumberFormat(config.locale, { style: 'currency', currency: config.currency }).format(4500);
  const now = new Date().toLocaleString(config.locale, { timeZone: config.timezone });
  s.html(res, 200, s.page('BarberPro — Reservá tu turno', `
<p>Hora local: ${s.esc(now)} (${s.esc(config.timezone)}). Corte clásico: ${s.esc(price)}.</p>
<p>API: <code>${s.esc(config.apiUrl)}</code> — estado: <span id="api">consultando…</span></p>
<table>${Object.entries(config).map(([k, v]) => `<tr><th>${s.esc(k)}</th><td><code>${s.esc(v)}</code></td></tr>`).join('')}</table>
<script>
fetch(${JSON.stringify(config.apiUrl + '/api/health')}).then(r => r.json())
  .then(h => { document.getElementById('api').textContent = h.status; })
  .catch(e => { document.getElementById('api').textContent = 'no disponible (' + e.message + ')'; });
</script>`));
});
app.get('/health', () => ({ status: 'ok' }));
app.get('/api/status', async () => {
  try {
    const r = await s.request('GET', `${backend}/api/health`, { timeoutMs: 3000 });
    return { frontend: 'ok', backend: r.status === 200 ? 'ok' : `HTTP ${r.status}` };
  } catch (err) {
    return { frontend: 'ok', backend: `unreachable: ${err.message}` };
  }
});
app.get('/config.json', () => config);

app.listen(port);
