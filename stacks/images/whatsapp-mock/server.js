'use strict';
// WhatsApp Business (Cloud API) mock (port 3003).
//
//   POST /:version/:phoneNumberId/messages   send text | template | image | document | audio | video
//        (Cloud API body: { messaging_product: "whatsapp", to, type, text | template | image ... })
//   GET  /api/messages, /api/messages/:id    what was sent, with its status history
//   GET  /api/templates                      the approved templates
//   POST /api/simulate/incoming              { from, text } -> an incoming-message webhook
//   GET  /dashboard, /docs, /health
// Recipients must be Argentine numbers (+54, mobiles +549...). Each accepted message goes
// sent -> delivered -> read (STATUS_STEP_MS apart, default 1000) and every transition is posted to
// WEBHOOK_URL (default http://backend:3000/webhooks/whatsapp) in the Cloud API's webhook format.
const crypto = require('crypto');
const s = require('standin');

const port = s.envNum('PORT', 3003);
const webhookUrl = s.env('WEBHOOK_URL', 'http://backend:3000/webhooks/whatsapp');
const stepMs = s.envNum('STATUS_STEP_MS', 1000);
const businessId = s.env('WHATSAPP_BUSINESS_ACCOUNT_ID', '100000000000001');
const displayNumber = s.env('WHATSAPP_DISPLAY_NUMBER', '+54 9 11 5555-0000');

const TEMPLATES = {
  booking_confirmation: { language: 'es_AR', category: 'UTILITY', body: 'Hola {{1}}, tu turno para {{2}} en {{3}} quedó confirmado para el {{4}} a las {{5}}. ¡Te esperamos!' },
  booking_reminder: { language: 'es_AR', category: 'UTILITY', body: 'Hola {{1}}, te recordamos tu turno para {{2}} mañana {{3}} a las {{4}} en {{5}}.' },
  booking_cancelled: { language: 'es_AR', category: 'UTILITY', body: 'Hola {{1}}, tu turno del {{2}} a las {{3}} fue cancelado. Podés reservar uno nuevo cuando quieras.' },
};
const MEDIA = ['image', 'document', 'audio', 'video'];

const messages = new Map();
const deliveries = [];
const app = new s.App('whatsapp-mock', { cors: '*' });
const sentTotal = app.metrics.counter('whatsapp_messages_total', 'Messages accepted, by type.');
const statusTotal = app.metrics.counter('whatsapp_status_transitions_total', 'Status transitions, by status.');

// The Cloud API's error body.
const apiError = (status, code, message, details) =>
  new s.HttpError(status, message, { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: crypto.randomBytes(8).toString('hex') } });

function webhook(value) {
  const body = { object: 'whatsapp_business_account', entry: [{ id: businessId, changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: displayNumber.replace(/\D/g, ''), phone_number_id: value.phoneNumberId }, ...value.payload } }] }] };
  return s.deliver(webhookUrl, { body }).then((r) => {
    deliveries.unshift({ time: new Date().toISOString(), url: webhookUrl, kind: value.kind, ...r });
    deliveries.length = Math.min(deliveries.length, 200);
  });
}

function advance(msg, status) {
  msg.status = status;
  msg.history.push({ status, at: new Date().toISOString() });
  statusTotal.inc({ status });
  webhook({ phoneNumberId: msg.phoneNumberId, kind: `status:${status}`, payload: { statuses: [{
    id: msg.id, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: msg.waId,
    conversation: { id: msg.conversationId, origin: { type: msg.type === 'template' ? 'utility' : 'service' } },
    pricing: { billable: true, pricing_model: 'CBP', category: msg.type === 'template' ? 'utility' : 'service' } }] } });
}

function render(template, params) {
  return template.body.replace(/\{\{(\d+)\}\}/g, (_, n) => params[Number(n) - 1]);
}

app.post('/:version/:phoneNumberId/messages', (req) => {
  const b = typeof req.body === 'object' ? req.body : {};
  if (b.messaging_product !== 'whatsapp') throw apiError(400, 100, '(#100) Invalid parameter', 'messaging_product must be "whatsapp"');
  const to = s.arPhone(b.to);
  if (!to) throw apiError(400, 131009, '(#131009) Parameter value is not valid', `"${b.to}" is not an Argentine number (+54 9 <area> <number>)`);
  const type = b.type || 'text';
  let text;
  if (type === 'text') {
    if (!b.text || !b.text.body) throw apiError(400, 100, '(#100) Invalid parameter', 'text.body is required');
    text = b.text.body;
  } else if (type === 'template') {
    const name = b.template && b.template.name;
    const tpl = TEMPLATES[name];
    if (!tpl) throw apiError(404, 132001, '(#132001) Template name does not exist in the translation', `template "${name}" does not exist`);
    const lang = b.template.language && b.template.language.code;
    if (lang && lang !== tpl.language && lang !== 'es') throw apiError(404, 132001, '(#132001) Template name does not exist in the translation', `template "${name}" has no translation ${lang}`);
    const body = (b.template.components || []).find((c) => c.type === 'body');
    const params = body ? (body.parameters || []).map((p) => p.text !== undefined ? p.text : JSON.stringify(p)) : [];
    const want = (tpl.body.match(/\{\{\d+\}\}/g) || []).length;
    if (params.length !== want) throw apiError(400, 132000, '(#132000) Number of parameters does not match the expected number of params', `template "${name}" takes ${want} body parameters, got ${params.length}`);
    text = render(tpl, params);
  } else if (MEDIA.includes(type)) {
    const m = b[type];
    if (!m || !(m.link || m.id)) throw apiError(400, 100, '(#100) Invalid parameter', `${type}.link or ${type}.id is required`);
    text = `[${type}] ${m.caption || m.filename || m.link || m.id}`;
  } else {
    throw apiError(400, 100, '(#100) Invalid parameter', `unsupported message type ${type}`);
  }
  const msg = {
    id: `wamid.${crypto.randomBytes(12).toString('base64url')}`, phoneNumberId: req.params.phoneNumberId, to, waId: to.slice(1), type,
    template: type === 'template' ? b.template.name : undefined, text, status: 'accepted', createdAt: new Date().toISOString(),
    conversationId: crypto.randomBytes(8).toString('hex'), history: [{ status: 'accepted', at: new Date().toISOString() }],
  };
  messages.set(msg.id, msg);
  sentTotal.inc({ type });
  ['sent', 'delivered', 'read'].forEach((st, i) => setTimeout(() => advance(msg, st), stepMs * (i + 1)));
  return { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: msg.waId }], messages: [{ id: msg.id, message_status: 'accepted' }] };
});

app.post('/:version/:phoneNumberId/media', () => ({ id: String(Date.now()) }));

app.post('/api/simulate/incoming', (req) => {
  const from = s.arPhone(req.body.from);
  if (!from) throw new s.HttpError(400, 'from must be an Argentine number');
  const id = `wamid.${crypto.randomBytes(12).toString('base64url')}`;
  webhook({ phoneNumberId: s.env('WHATSAPP_PHONE_NUMBER_ID', '100000000000002'), kind: 'message', payload: {
    contacts: [{ profile: { name: req.body.name || 'Cliente' }, wa_id: from.slice(1) }],
    messages: [{ from: from.slice(1), id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: String(req.body.text || '') } }] } });
  return { id, from };
});

app.get('/api/messages', () => [...messages.values()].reverse());
app.get('/api/messages/:id', (req) => {
  const m = messages.get(req.params.id);
  if (!m) throw new s.HttpError(404, 'message not found');
  return m;
});
app.get('/api/templates', () => Object.entries(TEMPLATES).map(([name, t]) => ({ name, status: 'APPROVED', ...t })));
app.get('/api/webhook-deliveries', () => deliveries);

app.get('/health', () => ({ status: 'ok', service: 'whatsapp-mock', messages: messages.size }));
app.get('/metrics', (req, res) => s.text(res, 200, app.metrics.render()));
app.get('/dashboard', (req, res) => s.html(res, 200, s.page('WhatsApp Business mock', `
<p>Webhooks to <code>${s.esc(webhookUrl)}</code>; status step ${stepMs} ms.</p>
<h2>Messages</h2>${s.table([...messages.values()].reverse().slice(0, 100), ['createdAt', 'id', 'to', 'type', 'template', 'text', 'status'])}
<h2>Webhook deliveries</h2>${s.table(deliveries.slice(0, 50), ['time', 'kind', 'url', 'ok', 'status', 'attempts', 'error'])}`, { refresh: 2 })));
app.get('/docs', (req, res) => s.html(res, 200, s.page('WhatsApp Business mock API', `<pre>POST /v17.0/{phone-number-id}/messages
  {"messaging_product":"whatsapp","to":"+5491123456789","type":"text","text":{"body":"Hola"}}
  {"messaging_product":"whatsapp","to":"5491123456789","type":"template","template":{"name":"booking_confirmation",
   "language":{"code":"es_AR"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},
   {"type":"text","text":"Corte"},{"type":"text","text":"BarberPro Palermo"},{"type":"text","text":"12/10"},{"type":"text","text":"15:30"}]}]}}
GET  /api/messages   GET /api/templates   POST /api/simulate/incoming {"from":"+5491123456789","text":"Hola"}</pre>
<h2>Templates</h2>${s.table(Object.entries(TEMPLATES).map(([name, t]) => ({ name, body: t.body })), ['name', 'body'])}`)));

app.listen(port);
