'use strict';
// Stand-in for BarberPro's Fastify API (port 3000). It keeps the contract the stack relies on:
//   GET  /api/health        200 only while PostgreSQL and Redis both answer a real query (else 503)
//   GET  /metrics           Prometheus metrics (requests, webhooks, dependency status)
//   POST /webhooks/:provider  webhook receiver for the mocks (mercadopago, whatsapp, sms, afip, ...):
//                           every event is stored in PostgreSQL (table webhook_events) and in Redis
//   GET  /api/webhooks      the latest events (from Redis), ?provider=mercadopago
//   GET  /api/info, /docs   configuration summary and the endpoint list
// Connections: DATABASE_URL (postgresql://user:pass@host:port/db), REDIS_URL (redis://host:port).
const s = require('standin');

const port = s.envNum('PORT', 3000);
const databaseUrl = s.env('DATABASE_URL', 'postgresql://barberpro:barberpro@postgres:5432/barberpro_dev');
const redisUrl = s.env('REDIS_URL', 'redis://redis:6379');
const pg = s.pgConfig(databaseUrl);
const redis = s.redisConfig(redisUrl);

if (s.env('NODE_ENV') === 'production' && !s.env('JWT_SECRET')) {
  s.log('error', 'JWT_SECRET is required in production');
  process.exit(1);
}

const app = new s.App('barberpro-backend', { cors: s.env('CORS_ORIGIN', '*') });
const webhooks = app.metrics.counter('barberpro_webhooks_received_total', 'Webhook events received, by provider.');
const depUp = app.metrics.gauge('barberpro_dependency_up', 'Whether a dependency answered its last check (1) or not (0).');
const depLatency = app.metrics.gauge('barberpro_dependency_latency_seconds', 'Duration of the last dependency check.');

let schemaReady = false;
async function ensureSchema() {
  if (schemaReady) return;
  await s.pgQuery(pg, `CREATE TABLE IF NOT EXISTS webhook_events (
    id bigserial PRIMARY KEY, provider text NOT NULL, received_at timestamptz NOT NULL DEFAULT now(), payload jsonb NOT NULL)`);
  schemaReady = true;
}

async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    depUp.set({ dependency: name }, 1);
    depLatency.set({ dependency: name }, (Date.now() - started) / 1000);
    return { status: 'up', latencyMs: Date.now() - started, ...detail };
  } catch (err) {
    depUp.set({ dependency: name }, 0);
    return { status: 'down', error: err.message };
  }
}

app.get('/api/health', async (req, res) => {
  const [database, cache] = await Promise.all([
    check('postgres', async () => {
      const r = await s.pgQuery(pg, 'SELECT current_database() AS db, version() AS version');
      await ensureSchema();
      return { database: r.rows[0].db, version: r.rows[0].version.split(' on ')[0] };
    }),
    check('redis', async () => {
      const [pong] = await s.redisCommands(redis, ['PING']);
      if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
      return {};
    }),
  ]);
  const ok = database.status === 'up' && cache.status === 'up';
  s.json(res, ok ? 200 : 503, {
    status: ok ? 'ok' : 'degraded', service: 'barberpro-backend', environment: s.env('NODE_ENV', 'development'),
    timestamp: new Date().toISOString(), checks: { database, redis: cache },
  });
});
app.get('/health', () => ({ status: 'ok' }));

app.get('/metrics', (req, res) => s.text(res, 200, app.metrics.render(), { 'Content-Type': 'text/plain; version=0.0.4' }));

async function receive(provider, payload) {
  webhooks.inc({ provider });
  const event = { provider, receivedAt: new Date().toISOString(), payload };
  await ensureSchema();
  await s.pgQuery(pg, `INSERT INTO webhook_events (provider, payload) VALUES (${s.pgLiteral(provider)}, ${s.pgLiteral(JSON.stringify(payload))}::jsonb)`);
  await s.redisCommands(redis,
    ['LPUSH', 'webhooks:all', JSON.stringify(event)], ['LTRIM', 'webhooks:all', '0', '199'],
    ['INCR', `webhooks:count:${provider}`]);
  s.log('info', 'webhook received', { provider });
  return { received: true, provider };
}
app.post('/webhooks/:provider', (req) => receive(req.params.provider, req.body));
app.post('/webhooks', (req) => receive(req.query.provider || 'unknown', req.body));

app.get('/api/webhooks', async (req) => {
  const [items] = await s.redisCommands(redis, ['LRANGE', 'webhooks:all', '0', String(Math.min(Number(req.query.limit) || 50, 200) - 1)]);
  const events = items.map((x) => JSON.parse(x)).filter((e) => !req.query.provider || e.provider === req.query.provider);
  const stored = await s.pgQuery(pg, 'SELECT provider, count(*)::int AS count FROM webhook_events GROUP BY provider ORDER BY provider');
  return { count: events.length, storedByProvider: stored.rows, events };
});

app.get('/api/info', () => ({
  service: 'barberpro-backend (stand-in)', version: s.env('APP_VERSION', '1.0.0'),
  environment: s.env('NODE_ENV', 'development'), timezone: s.env('TIMEZONE', 'America/Argentina/Buenos_Aires'),
  locale: s.env('LOCALE', 'es-AR'), currency: s.env('CURRENCY', 'ARS'),
  database: `${pg.host}:${pg.port}/${pg.database}`, redis: `${redis.host}:${redis.port}`,
  integrations: {
    mercadopago: s.env('MERCADOPAGO_API_URL', ''), afip: s.env('AFIP_API_URL', ''),
    whatsapp: s.env('WHATSAPP_API_URL', ''), sms: s.env('SMS_API_URL', ''),
    smtp: `${s.env('SMTP_HOST', '')}:${s.env('SMTP_PORT', '')}`,
  },
}));

const endpoints = [
  ['GET', '/api/health', 'PostgreSQL + Redis health (503 when either is down)'],
  ['GET', '/metrics', 'Prometheus metrics'],
  ['POST', '/webhooks/:provider', 'webhook receiver (stored in PostgreSQL and Redis)'],
  ['GET', '/api/webhooks', 'latest webhook events'],
  ['GET', '/api/info', 'configuration summary'],
];
app.get('/docs', (req, res) => {
  if (s.env('ENABLE_SWAGGER', 'true') !== 'true') throw new s.HttpError(404, 'docs disabled');
  s.html(res, 200, s.page('BarberPro API (stand-in)', s.table(endpoints.map(([m, p, d]) => ({ method: m, path: p, description: d })), ['method', 'path', 'description'])));
});
app.get('/', () => ({ service: 'barberpro-backend', docs: '/docs', health: '/api/health' }));

app.listen(port);
