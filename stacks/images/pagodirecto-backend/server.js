'use strict';
// Stand-in for PagoDirecto's Spring Boot 3 backend (port 8080). It keeps the stack's contract:
//   GET /actuator/health            {"status":"UP"} only while PostgreSQL answers (503 "DOWN" otherwise),
//                                   with components db / ping like Spring Boot Actuator
//   GET /actuator/health/liveness|readiness, /actuator/info, /actuator/metrics, /actuator/prometheus
//   GET /api, /api/health           API root
//   GET /api/schemas                the application schemas found in the database (a real query)
//   GET /api/status                 database version and extensions
//   GET /swagger-ui.html            endpoint list
// Configuration as for Spring: SPRING_DATASOURCE_URL (jdbc:postgresql://host:port/db),
// SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD, SERVER_PORT, SPRING_PROFILES_ACTIVE,
// JWT_SECRET (required; at least 32 characters under the production profile), CORS_ALLOWED_ORIGINS.
const s = require('standin');

const port = s.envNum('SERVER_PORT', 8080);
const profile = s.env('SPRING_PROFILES_ACTIVE', 'development');
const db = s.pgConfig(s.env('SPRING_DATASOURCE_URL', 'jdbc:postgresql://postgres:5432/pagodirecto_crm'), {
  user: s.env('SPRING_DATASOURCE_USERNAME', 'pagodirecto'),
  password: s.env('SPRING_DATASOURCE_PASSWORD', ''),
});
const jwtSecret = s.env('JWT_SECRET', '');
if (!jwtSecret) { s.log('error', 'JWT_SECRET is not set'); process.exit(1); }
if (profile.split(',').includes('production') && jwtSecret.length < 32) {
  s.log('error', 'JWT_SECRET must have at least 32 characters under the production profile');
  process.exit(1);
}
s.log('info', 'starting', { profile, datasource: `${db.host}:${db.port}/${db.database}`, javaOpts: s.env('JAVA_OPTS', '') });

const SCHEMAS = ['core_domain', 'seguridad', 'clientes', 'oportunidades', 'tareas', 'productos', 'ventas', 'reportes'];
const app = new s.App('pagodirecto-backend', { cors: s.env('CORS_ALLOWED_ORIGINS', 'http://localhost:3000').split(',')[0] });
const dbUp = app.metrics.gauge('pagodirecto_db_up', 'Whether the last database check succeeded.');

async function dbHealth() {
  const started = Date.now();
  try {
    await s.pgQuery(db, 'SELECT 1');
    dbUp.set({}, 1);
    return { status: 'UP', details: { database: 'PostgreSQL', validationQuery: 'isValid()', responseTimeMs: Date.now() - started } };
  } catch (err) {
    dbUp.set({}, 0);
    return { status: 'DOWN', details: { error: err.message } };
  }
}

app.get('/actuator/health', async (req, res) => {
  const dbh = await dbHealth();
  s.json(res, dbh.status === 'UP' ? 200 : 503, { status: dbh.status, components: { db: dbh, ping: { status: 'UP' } } },
    { 'Content-Type': 'application/vnd.spring-boot.actuator.v3+json' });
});
app.get('/actuator/health/liveness', () => ({ status: 'UP' }));
app.get('/actuator/health/readiness', async (req, res) => {
  const dbh = await dbHealth();
  s.json(res, dbh.status === 'UP' ? 200 : 503, { status: dbh.status });
});
app.get('/actuator/info', () => ({ app: { name: 'pagodirecto-crm-backend', version: s.env('APP_VERSION', '1.0.0'), profile }, standIn: true }));
app.get('/actuator/metrics', () => ({ names: ['http.server.requests', 'process.uptime', 'pagodirecto.db.up'] }));
app.get('/actuator/prometheus', (req, res) => s.text(res, 200, app.metrics.render(), { 'Content-Type': 'text/plain; version=0.0.4' }));

app.get('/api', () => ({ name: 'PagoDirecto CRM/ERP API (stand-in)', version: s.env('APP_VERSION', '1.0.0'), profile, health: '/actuator/health' }));
app.get('/api/health', async (req, res) => {
  const dbh = await dbHealth();
  s.json(res, dbh.status === 'UP' ? 200 : 503, { status: dbh.status });
});
app.get('/api/schemas', async () => {
  const r = await s.pgQuery(db, `SELECT nspname AS schema FROM pg_namespace WHERE nspname IN (${SCHEMAS.map(s.pgLiteral).join(', ')}) ORDER BY nspname`);
  const found = r.rows.map((x) => x.schema);
  return { expected: SCHEMAS, found, missing: SCHEMAS.filter((x) => !found.includes(x)) };
});
app.get('/api/status', async () => {
  const v = await s.pgQuery(db, 'SELECT version() AS version, current_database() AS database');
  const ext = await s.pgQuery(db, 'SELECT extname, extversion FROM pg_extension ORDER BY extname');
  return { database: v.rows[0].database, version: v.rows[0].version, extensions: ext.rows };
});
app.get('/swagger-ui.html', (req, res) => s.html(res, 200, s.page('PagoDirecto API (stand-in)', `<pre>GET /actuator/health   GET /actuator/prometheus   GET /actuator/info
GET /api   GET /api/health   GET /api/schemas   GET /api/status</pre>`)));

app.listen(port);
