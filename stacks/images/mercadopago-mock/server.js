'use strict';
// MercadoPago mock (port 3001): the payments API surface BarberPro uses, with scenarios and webhooks.
//
//   POST /v1/payments                  create a payment; the outcome is the scenario:
//        header X-Scenario, or body.scenario, or the card holder name of MercadoPago's test cards
//        (APRO, CONT, FUND, SECU, CALL), or MERCADOPAGO_DEFAULT_SCENARIO (default "success").
//        Cash methods (rapipago, pagofacil) are always pending until paid.
//   GET  /v1/payments/:id, GET /v1/payments/search?external_reference=...
//   POST /v1/payments/:id/refunds      full or partial ({ "amount": n }) refund
//   POST /v1/payments/:id/pay          simulate the customer paying a pending cash ticket
//   POST /checkout/preferences         checkout preference with a sandbox init_point
//   GET  /v1/payment_methods
//   GET  /dashboard, /docs, /health, GET /api/webhook-deliveries
// Every change of a payment is notified (after WEBHOOK_DELAY_MS) with MercadoPago's webhook body
// { type: "payment", action: "payment.created|payment.updated", data: { id } } to the payment's
// notification_url or WEBHOOK_URL (default http://backend:3000/webhooks/mercadopago).
const s = require('standin');

const port = s.envNum('PORT', 3001);
const defaultScenario = s.env('MERCADOPAGO_DEFAULT_SCENARIO', 'success');
const webhookUrl = s.env('WEBHOOK_URL', 'http://backend:3000/webhooks/mercadopago');
const webhookDelay = s.envNum('WEBHOOK_DELAY_MS', 500);

const SCENARIOS = {
  success: { status: 'approved', status_detail: 'accredited' },
  pending: { status: 'pending', status_detail: 'pending_waiting_payment' },
  rejected_insufficient_amount: { status: 'rejected', status_detail: 'cc_rejected_insufficient_amount' },
  rejected_bad_filled: { status: 'rejected', status_detail: 'cc_rejected_bad_filled_other' },
  rejected_call_for_authorize: { status: 'rejected', status_detail: 'cc_rejected_call_for_authorize' },
};
// MercadoPago's test card holder names.
const HOLDER_SCENARIOS = { APRO: 'success', CONT: 'pending', FUND: 'rejected_insufficient_amount', SECU: 'rejected_bad_filled', CALL: 'rejected_call_for_authorize' };
const METHODS = [
  { id: 'visa', name: 'Visa', payment_type_id: 'credit_card' },
  { id: 'master', name: 'Mastercard', payment_type_id: 'credit_card' },
  { id: 'amex', name: 'American Express', payment_type_id: 'credit_card' },
  { id: 'debvisa', name: 'Visa Débito', payment_type_id: 'debit_card' },
  { id: 'debmaster', name: 'Mastercard Débito', payment_type_id: 'debit_card' },
  { id: 'rapipago', name: 'Rapipago', payment_type_id: 'ticket' },
  { id: 'pagofacil', name: 'Pago Fácil', payment_type_id: 'ticket' },
  { id: 'account_money', name: 'Dinero en cuenta', payment_type_id: 'account_money' },
];

const payments = new Map();
const preferences = new Map();
const deliveries = [];
let nextId = 1000000001;

const app = new s.App('mercadopago-mock', { cors: '*' });
const created = app.metrics.counter('mercadopago_payments_total', 'Payments created, by status.');

function notify(payment, action) {
  const url = payment.notification_url || webhookUrl;
  const body = {
    id: Date.now(), live_mode: false, type: 'payment', date_created: new Date().toISOString(),
    user_id: 'mock-collector', api_version: 'v1', action, data: { id: String(payment.id) },
  };
  setTimeout(async () => {
    const result = await s.deliver(url, { body });
    deliveries.unshift({ time: new Date().toISOString(), url, action, payment: payment.id, ...result });
    deliveries.length = Math.min(deliveries.length, 200);
    s.log(result.ok ? 'info' : 'warn', 'webhook delivery', { url, action, payment: payment.id, ...result });
  }, webhookDelay);
}

function touch(payment, fields, action = 'payment.updated') {
  Object.assign(payment, fields, { date_last_updated: new Date().toISOString() });
  notify(payment, action);
}

app.post('/v1/payments', (req, res) => {
  const b = typeof req.body === 'object' ? req.body : {};
  const amount = Number(b.transaction_amount);
  if (!(amount > 0)) throw new s.HttpError(400, 'transaction_amount', { message: 'transaction_amount must be positive', error: 'bad_request', status: 400, cause: [{ code: 4020, description: 'transaction_amount is invalid' }] });
  const method = METHODS.find((m) => m.id === (b.payment_method_id || 'visa'));
  if (!method) throw new s.HttpError(400, 'payment_method_id', { message: `payment_method_id ${b.payment_method_id} not found`, error: 'bad_request', status: 400, cause: [{ code: 2034, description: 'invalid payment_method_id' }] });
  const holder = (b.card && b.card.cardholder && b.card.cardholder.name) || (b.payer && b.payer.first_name) || '';
  let scenario = req.headers['x-scenario'] || b.scenario || HOLDER_SCENARIOS[String(holder).toUpperCase()] || defaultScenario;
  if (method.payment_type_id === 'ticket') scenario = 'pending';
  const outcome = SCENARIOS[scenario];
  if (!outcome) throw new s.HttpError(400, 'scenario', { message: `unknown scenario ${scenario}`, scenarios: Object.keys(SCENARIOS), status: 400 });

  const now = new Date().toISOString();
  const fee = Math.round(amount * 0.0399 * 100) / 100;
  const payment = {
    id: nextId++, date_created: now, date_last_updated: now,
    date_approved: outcome.status === 'approved' ? now : null,
    status: outcome.status, status_detail: outcome.status_detail, scenario,
    operation_type: 'regular_payment', payment_method_id: method.id, payment_type_id: method.payment_type_id,
    currency_id: 'ARS', transaction_amount: amount, transaction_amount_refunded: 0,
    installments: Number(b.installments || 1), description: b.description || '',
    external_reference: b.external_reference || null, notification_url: b.notification_url || null,
    payer: b.payer || {}, metadata: b.metadata || {}, refunds: [],
    fee_details: [{ type: 'mercadopago_fee', amount: fee, fee_payer: 'collector' }],
    transaction_details: { total_paid_amount: amount, net_received_amount: Math.round((amount - fee) * 100) / 100, installment_amount: amount },
    live_mode: false,
  };
  if (method.payment_type_id === 'ticket') {
    payment.transaction_details.external_resource_url = `http://localhost:${port}/tickets/${payment.id}`;
    payment.date_of_expiration = new Date(Date.now() + 3 * 86400e3).toISOString();
  }
  payments.set(payment.id, payment);
  created.inc({ status: payment.status });
  notify(payment, 'payment.created');
  s.json(res, 201, payment);
});

function find(id) {
  const p = payments.get(Number(id));
  if (!p) throw new s.HttpError(404, 'not found', { message: `Payment not found`, error: 'not_found', status: 404 });
  return p;
}

app.get('/v1/payments/search', (req) => {
  const results = [...payments.values()].filter((p) =>
    (!req.query.external_reference || p.external_reference === req.query.external_reference) &&
    (!req.query.status || p.status === req.query.status));
  return { paging: { total: results.length, limit: results.length, offset: 0 }, results };
});
app.get('/v1/payments/:id', (req) => find(req.params.id));

app.post('/v1/payments/:id/pay', (req) => {
  const p = find(req.params.id);
  if (p.status !== 'pending') throw new s.HttpError(400, `payment ${p.id} is ${p.status}, not pending`);
  touch(p, { status: 'approved', status_detail: 'accredited', date_approved: new Date().toISOString() });
  return p;
});

app.post('/v1/payments/:id/refunds', (req, res) => {
  const p = find(req.params.id);
  if (p.status !== 'approved') throw new s.HttpError(400, `payment ${p.id} is ${p.status}; only approved payments can be refunded`);
  const left = Math.round((p.transaction_amount - p.transaction_amount_refunded) * 100) / 100;
  const amount = req.body && req.body.amount !== undefined ? Number(req.body.amount) : left;
  if (!(amount > 0) || amount > left) throw new s.HttpError(400, `refund amount must be in (0, ${left}]`);
  const refund = { id: Date.now(), payment_id: p.id, amount, status: 'approved', date_created: new Date().toISOString(), source: { type: 'collector' } };
  p.refunds.push(refund);
  p.transaction_amount_refunded = Math.round((p.transaction_amount_refunded + amount) * 100) / 100;
  const full = p.transaction_amount_refunded >= p.transaction_amount;
  touch(p, full ? { status: 'refunded', status_detail: 'refunded' } : { status_detail: 'partially_refunded' });
  s.json(res, 201, refund);
});
app.get('/v1/payments/:id/refunds', (req) => find(req.params.id).refunds);

app.post('/checkout/preferences', (req, res) => {
  const id = `mock-pref-${preferences.size + 1}`;
  const pref = { id, items: (req.body && req.body.items) || [], external_reference: req.body && req.body.external_reference,
    back_urls: req.body && req.body.back_urls, notification_url: req.body && req.body.notification_url,
    init_point: `http://localhost:${port}/checkout/${id}`, sandbox_init_point: `http://localhost:${port}/checkout/${id}`,
    date_created: new Date().toISOString() };
  preferences.set(id, pref);
  s.json(res, 201, pref);
});
app.get('/checkout/preferences/:id', (req) => {
  const p = preferences.get(req.params.id);
  if (!p) throw new s.HttpError(404, 'preference not found');
  return p;
});
app.get('/v1/payment_methods', () => METHODS.map((m) => ({ ...m, status: 'active' })));
app.get('/api/webhook-deliveries', () => deliveries);
app.get('/api/scenarios', () => SCENARIOS);

app.get('/health', () => ({ status: 'ok', service: 'mercadopago-mock', payments: payments.size, defaultScenario }));
app.get('/metrics', (req, res) => s.text(res, 200, app.metrics.render()));

app.get('/dashboard', (req, res) => s.html(res, 200, s.page('MercadoPago mock', `
<p>Default scenario: <code>${s.esc(defaultScenario)}</code>; webhooks to <code>${s.esc(webhookUrl)}</code>.</p>
<h2>Payments</h2>${s.table([...payments.values()].reverse().slice(0, 100), ['id', 'date_created', 'status', 'status_detail', 'payment_method_id', 'transaction_amount', 'transaction_amount_refunded', 'external_reference'])}
<h2>Webhook deliveries</h2>${s.table(deliveries.slice(0, 50), ['time', 'action', 'payment', 'url', 'ok', 'status', 'attempts', 'error'])}`, { refresh: 3 })));

app.get('/docs', (req, res) => s.html(res, 200, s.page('MercadoPago mock API', `
<pre>POST /v1/payments {"transaction_amount":1500,"payment_method_id":"visa","description":"Corte",
                   "payer":{"email":"cliente@example.com"},"external_reference":"booking-42"}
     scenario: X-Scenario header | "scenario" | card holder APRO/CONT/FUND/SECU/CALL | default
     scenarios: ${Object.keys(SCENARIOS).join(', ')}
GET  /v1/payments/:id            GET /v1/payments/search?external_reference=
POST /v1/payments/:id/refunds    {"amount": 500}  (omit for a full refund)
POST /v1/payments/:id/pay        pay a pending cash ticket (rapipago, pagofacil)
POST /checkout/preferences       GET /v1/payment_methods
GET  /dashboard                  GET /api/webhook-deliveries</pre>`)));

app.listen(port);
