'use strict';
// SMS gateway mock (port 3004), Twilio-style, for Argentine numbers.
//
//   POST /2010-04-01/Accounts/:sid/Messages.json   Twilio API (form or JSON: To, From, Body, StatusCallback)
//   GET  /2010-04-01/Accounts/:sid/Messages/:id.json
//   POST /api/sms/send    { to, message, from?, callbackUrl? }
//   POST /api/sms/bulk    { messages: [{ to, message }] }  or  { to: [..], message }
//   GET  /api/sms, /api/sms/:id, /api/stats, /dashboard, /docs, /health
// Segmentation as carriers do it: GSM-7 text is 160 characters in one segment or 153 per segment
// when split (characters of the GSM extension table count twice); anything else (e.g. "á") is
// UCS-2: 70, or 67 per segment. At most 10 segments. Cost: segments x SMS_COST_PER_SEGMENT
// (default 0.05 ARS). Status: queued -> sent (1 s) -> delivered (2 s) with SMS_SUCCESS_RATE (0.95),
// otherwise failed (numbers ending in 0000 always fail). Every status change is posted, form-encoded
// like Twilio's, to the message's StatusCallback or WEBHOOK_URL (http://backend:3000/webhooks/sms).
const crypto = require('crypto');
const s = require('standin');

const port = s.envNum('PORT', 3004);
const costPerSegment = s.envNum('SMS_COST_PER_SEGMENT', 0.05);
const successRate = s.envNum('SMS_SUCCESS_RATE', 0.95);
const webhookUrl = s.env('WEBHOOK_URL', 'http://backend:3000/webhooks/sms');
const sentDelay = s.envNum('SMS_SENT_DELAY_MS', 1000);
const deliveredDelay = s.envNum('SMS_DELIVERED_DELAY_MS', 2000);
const defaultFrom = s.env('SMS_FROM', 'BarberPro');
const MAX_SEGMENTS = 10;

const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

function segment(body) {
  const chars = [...body];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENDED.has(c));
  const units = gsm ? chars.reduce((n, c) => n + (GSM_EXTENDED.has(c) ? 2 : 1), 0) : body.length; // UTF-16 code units
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const segments = units === 0 ? 1 : units <= single ? 1 : Math.ceil(units / multi);
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments };
}

const messages = new Map();
const deliveries = [];
const app = new s.App('sms-mock', { cors: '*' });
const byStatus = app.metrics.counter('sms_status_total', 'Status transitions, by status.');
const segmentsTotal = app.metrics.counter('sms_segments_total', 'Segments sent.');
const costTotal = app.metrics.counter('sms_cost_ars_total', 'Cost of the messages sent, in ARS.');

const twilioError = (code, message, status = 400) =>
  new s.HttpError(status, message, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

function create({ to, from, body, callbackUrl, accountSid = 'ACmock' }) {
  const number = s.arPhone(to);
  if (!number) throw twilioError(21211, `The 'To' number ${to} is not a valid Argentine phone number (+54 ...).`);
  if (typeof body !== 'string' || !body.length) throw twilioError(21602, 'Message body is required.');
  const seg = segment(body);
  if (seg.segments > MAX_SEGMENTS) throw twilioError(21617, `The message needs ${seg.segments} segments; the limit is ${MAX_SEGMENTS}.`);
  const now = new Date();
  const msg = {
    sid: 'SM' + crypto.randomBytes(16).toString('hex'), account_sid: accountSid, to: number, from: from || defaultFrom, body,
    status: 'queued', direction: 'outbound-api', encoding: seg.encoding, num_segments: seg.segments, num_media: 0,
    price: null, price_unit: 'ARS', cost: Math.round(seg.segments * costPerSegment * 100) / 100,
    error_code: null, error_message: null, date_created: now.toUTCString(), date_sent: null, date_updated: now.toUTCString(),
    status_callback: callbackUrl || webhookUrl, history: [{ status: 'queued', at: now.toISOString() }],
    api_version: '2010-04-01', uri: `/2010-04-01/Accounts/${accountSid}/Messages/SM.json`,
  };
  msg.uri = `/2010-04-01/Accounts/${accountSid}/Messages/${msg.sid}.json`;
  messages.set(msg.sid, msg);
  byStatus.inc({ status: 'queued' });
  const fails = number.endsWith('0000') || Math.random() >= successRate;
  setTimeout(() => {
    update(msg, 'sent', { date_sent: new Date().toUTCString(), price: (-msg.cost).toFixed(2) });
    segmentsTotal.inc({}, msg.num_segments);
    costTotal.inc({}, msg.cost);
  }, sentDelay);
  setTimeout(() => update(msg, fails ? 'failed' : 'delivered', fails ? { error_code: 30003, error_message: 'Unreachable destination handset' } : {}), deliveredDelay);
  return msg;
}

function update(msg, status, fields = {}) {
  Object.assign(msg, fields, { status, date_updated: new Date().toUTCString() });
  msg.history.push({ status, at: new Date().toISOString() });
  byStatus.inc({ status });
  const form = { MessageSid: msg.sid, SmsSid: msg.sid, AccountSid: msg.account_sid, MessageStatus: status, SmsStatus: status,
    To: msg.to, From: msg.from, ApiVersion: '2010-04-01', NumSegments: String(msg.num_segments) };
  if (msg.error_code) form.ErrorCode = String(msg.error_code);
  s.deliver(msg.status_callback, { form }).then((r) => {
    deliveries.unshift({ time: new Date().toISOString(), sid: msg.sid, status, url: msg.status_callback, ...r });
    deliveries.length = Math.min(deliveries.length, 200);
  });
}

const view = ({ history, ...m }) => ({ ...m, num_segments: String(m.num_segments), num_media: '0' });

app.post('/2010-04-01/Accounts/:sid/Messages.json', (req, res) => {
  const b = typeof req.body === 'object' ? req.body : {};
  s.json(res, 201, view(create({ to: b.To, from: b.From, body: b.Body, callbackUrl: b.StatusCallback, accountSid: req.params.sid })));
});
app.get('/2010-04-01/Accounts/:sid/Messages/:id', (req) => {
  const m = messages.get(req.params.id.replace(/\.json$/, ''));
  if (!m) throw twilioError(20404, `The requested resource ${req.path} was not found`, 404);
  return view(m);
});

app.post('/api/sms/send', (req, res) => {
  const b = req.body || {};
  s.json(res, 201, create({ to: b.to, from: b.from, body: b.message !== undefined ? b.message : b.body, callbackUrl: b.callbackUrl }));
});
app.post('/api/sms/bulk', (req, res) => {
  const b = req.body || {};
  const items = Array.isArray(b.messages) ? b.messages : Array.isArray(b.to) ? b.to.map((to) => ({ to, message: b.message })) : null;
  if (!items || !items.length) throw new s.HttpError(400, 'give messages: [{to, message}] or to: [..] with message');
  if (items.length > 1000) throw new s.HttpError(400, 'at most 1000 messages per bulk request');
  const results = items.map((it) => {
    try { const m = create({ to: it.to, from: it.from || b.from, body: it.message, callbackUrl: it.callbackUrl || b.callbackUrl }); return { to: it.to, sid: m.sid, segments: m.num_segments, cost: m.cost, status: m.status }; }
    catch (err) { return { to: it.to, error: err.body || err.message }; }
  });
  const ok = results.filter((r) => r.sid);
  s.json(res, ok.length ? 201 : 400, { accepted: ok.length, rejected: results.length - ok.length,
    segments: ok.reduce((n, r) => n + r.segments, 0), cost: Math.round(ok.reduce((n, r) => n + r.cost, 0) * 100) / 100, results });
});
app.post('/api/sms/segments', (req) => {
  const seg = segment(String((req.body && (req.body.message || req.body.body)) || ''));
  return { ...seg, cost: Math.round(seg.segments * costPerSegment * 100) / 100, allowed: seg.segments <= MAX_SEGMENTS };
});
app.get('/api/sms', (req) => [...messages.values()].reverse().filter((m) => !req.query.status || m.status === req.query.status));
app.get('/api/sms/:id', (req) => {
  const m = messages.get(req.params.id);
  if (!m) throw new s.HttpError(404, 'message not found');
  return m;
});
app.get('/api/stats', () => {
  const all = [...messages.values()];
  const count = (st) => all.filter((m) => m.status === st).length;
  const sent = all.filter((m) => m.status !== 'queued');
  return { total: all.length, queued: count('queued'), sent: count('sent'), delivered: count('delivered'), failed: count('failed'),
    segments: sent.reduce((n, m) => n + m.num_segments, 0), cost: Math.round(sent.reduce((n, m) => n + m.cost, 0) * 100) / 100,
    currency: 'ARS', costPerSegment, successRate };
});
app.get('/api/webhook-deliveries', () => deliveries);

app.get('/health', () => ({ status: 'ok', service: 'sms-mock', messages: messages.size }));
app.get('/metrics', (req, res) => s.text(res, 200, app.metrics.render()));
app.get('/dashboard', (req, res) => s.html(res, 200, s.page('SMS gateway mock', `
<p>${costPerSegment} ARS per segment, success rate ${successRate}; status callbacks default to <code>${s.esc(webhookUrl)}</code>.</p>
<h2>Messages</h2>${s.table([...messages.values()].reverse().slice(0, 100), ['date_created', 'sid', 'to', 'encoding', 'num_segments', 'cost', 'status', 'error_code', 'body'])}
<h2>Status callbacks</h2>${s.table(deliveries.slice(0, 50), ['time', 'sid', 'status', 'url', 'ok', 'attempts', 'error'])}`, { refresh: 2 })));
app.get('/docs', (req, res) => s.html(res, 200, s.page('SMS gateway mock API', `<pre>POST /api/sms/send  {"to":"+5491123456789","message":"Tu turno es mañana a las 15:30"}
POST /api/sms/bulk  {"to":["+5491123456789","+5493415551234"],"message":"Promo 20% off"}
POST /api/sms/segments {"message":"..."}   how many segments and what it would cost
POST /2010-04-01/Accounts/ACxxx/Messages.json   To=+5491123456789&amp;From=BarberPro&amp;Body=Hola&amp;StatusCallback=http://...
GET  /api/sms  GET /api/sms/:sid  GET /api/stats</pre>`)));

app.listen(port);
