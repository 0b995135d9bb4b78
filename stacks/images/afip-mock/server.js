'use strict';
// AFIP mock (port 3002): electronic invoicing (WSFEv1) and the taxpayer registry, as JSON over HTTP.
//
//   GET  /api/cuit/:cuit               CUIT/CUIL validation (prefix and check digit)
//   GET  /api/padron/:cuit             taxpayer registry entry (seeded or derived from the CUIT)
//   POST /api/iva/calculate            { net, rate } -> { net, iva, total } (rates 0, 2.5, 5, 10.5, 21, 27)
//   POST /wsfev1/FECompUltimoAutorizado  { PtoVta, CbteTipo } -> last authorised number
//   POST /wsfev1/FECAESolicitar        WSFEv1 request (FeCabReq + FeDetReq) -> CAE or rejection
//   POST /wsfev1/FECompConsultar       { PtoVta, CbteTipo, CbteNro } -> the stored invoice
//   GET  /wsfev1/FEDummy               service status
//   POST /api/invoices                 convenience: next number, IVA and CAE in one call
//   GET  /api/invoices                 ?pointOfSale=&type=   stored invoices
//   GET  /docs, /dashboard, /health
// Numbers are sequential per point of sale (PtoVta) and invoice type (CbteTipo). Invoices and
// counters persist in $DATA_DIR/afip.json (the afip-data volume), so they survive restarts.
// (The real mock keeps them in SQLite; Node 18 has no SQLite in its standard library.)
const crypto = require('crypto');
const path = require('path');
const s = require('standin');

const port = s.envNum('PORT', 3002);
const issuerCuit = s.env('AFIP_CUIT', '30712345671');
const caeDays = s.envNum('AFIP_CAE_VALID_DAYS', 10);
const store = new s.JsonStore(path.join(s.env('DATA_DIR', '/app/data'), 'afip.json'), { lastNumbers: {}, invoices: [] });

const INVOICE_TYPES = { 1: 'Factura A', 2: 'Nota de Débito A', 3: 'Nota de Crédito A', 6: 'Factura B', 7: 'Nota de Débito B', 8: 'Nota de Crédito B', 11: 'Factura C', 12: 'Nota de Débito C', 13: 'Nota de Crédito C' };
const TYPE_BY_LETTER = { A: 1, B: 6, C: 11 };
const IVA_RATES = { 3: 0, 9: 2.5, 8: 5, 4: 10.5, 5: 21, 6: 27 }; // AFIP's Iva Id -> percent
const DOC_TYPES = { 80: 'CUIT', 86: 'CUIL', 96: 'DNI', 99: 'Consumidor Final' };

// ---------------------------------------------------------------- CUIT

const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
function validateCuit(input) {
  const cuit = String(input || '').replace(/[-\s.]/g, '');
  const result = { input: String(input), cuit, valid: false };
  if (!/^\d{11}$/.test(cuit)) return { ...result, error: 'a CUIT has 11 digits' };
  const prefix = cuit.slice(0, 2);
  const kind = { 20: 'persona_fisica', 23: 'persona_fisica', 24: 'persona_fisica', 27: 'persona_fisica', 30: 'persona_juridica', 33: 'persona_juridica', 34: 'persona_juridica' }[prefix];
  if (!kind) return { ...result, error: `unknown prefix ${prefix}` };
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(cuit[i]), 0);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return { ...result, error: 'no valid check digit for this number (AFIP assigns prefix 23/33 instead)' };
  const formatted = `${prefix}-${cuit.slice(2, 10)}-${cuit[10]}`;
  if (check !== Number(cuit[10])) return { ...result, formatted, error: `check digit should be ${check}`, expectedCheckDigit: check };
  return { ...result, valid: true, type: kind, formatted };
}

const SEEDED = {
  '30712345671': { razonSocial: 'BARBERPRO S.A.', condicionIva: 'IVA Responsable Inscripto', domicilio: 'Av. Corrientes 1234, CABA' },
  '20123456786': { razonSocial: 'GOMEZ JUAN CARLOS', condicionIva: 'Responsable Monotributo', domicilio: 'Calle Falsa 123, Rosario, Santa Fe' },
};
function padron(cuit) {
  const v = validateCuit(cuit);
  if (!v.valid) throw new s.HttpError(400, v.error, { error: v.error, cuit: v.cuit });
  const h = crypto.createHash('sha256').update(v.cuit).digest();
  const seeded = SEEDED[v.cuit];
  const juridica = v.type === 'persona_juridica';
  const names = ['FERNANDEZ', 'LOPEZ', 'MARTINEZ', 'RODRIGUEZ', 'GONZALEZ', 'PEREZ', 'SANCHEZ', 'ROMERO'];
  return {
    cuit: v.cuit, formatted: v.formatted, tipoPersona: juridica ? 'JURIDICA' : 'FISICA', estadoClave: 'ACTIVO',
    razonSocial: seeded ? seeded.razonSocial : juridica ? `${names[h[0] % names.length]} Y ASOCIADOS S.R.L.` : `${names[h[0] % names.length]} ${names[h[1] % names.length]}`,
    condicionIva: seeded ? seeded.condicionIva : juridica ? 'IVA Responsable Inscripto' : ['IVA Responsable Inscripto', 'Responsable Monotributo', 'IVA Exento'][h[2] % 3],
    domicilioFiscal: seeded ? seeded.domicilio : 'Domicilio de prueba, Buenos Aires',
    source: seeded ? 'seeded' : 'derived',
  };
}

// ---------------------------------------------------------------- WSFEv1

const round2 = (n) => Math.round(Number(n) * 100) / 100;
const key = (ptoVta, tipo) => `${Number(ptoVta)}-${Number(tipo)}`;
const ymd = (d) => d.toISOString().slice(0, 10).replace(/-/g, '');
const lastNumber = (ptoVta, tipo) => store.data.lastNumbers[key(ptoVta, tipo)] || 0;

// 14-digit CAE, stable for a given invoice.
function makeCae(ptoVta, tipo, nro) {
  const h = crypto.createHash('sha256').update(`${issuerCuit}/${ptoVta}/${tipo}/${nro}/${Date.now()}`).digest();
  return '7' + (h.readBigUInt64BE(0) % 10n ** 13n).toString().padStart(13, '0');
}

function checkDetail(cab, det) {
  const obs = [];
  const next = lastNumber(cab.PtoVta, cab.CbteTipo) + 1;
  if (Number(det.CbteDesde) !== next || Number(det.CbteHasta) !== Number(det.CbteDesde)) {
    obs.push({ Code: 10016, Msg: `El numero del comprobante no se corresponde con el proximo a autorizar (${next}).` });
  }
  if (!DOC_TYPES[det.DocTipo]) obs.push({ Code: 10015, Msg: `DocTipo ${det.DocTipo} invalido.` });
  if ((Number(det.DocTipo) === 80 || Number(det.DocTipo) === 86) && !validateCuit(det.DocNro).valid) {
    obs.push({ Code: 10013, Msg: `DocNro ${det.DocNro} no es una CUIT/CUIL valida.` });
  }
  if (Number(cab.CbteTipo) === 1 && Number(det.DocTipo) !== 80) obs.push({ Code: 10013, Msg: 'Factura A requiere DocTipo 80 (CUIT).' });
  const parts = ['ImpNeto', 'ImpIVA', 'ImpTotConc', 'ImpOpEx', 'ImpTrib'].reduce((acc, f) => acc + Number(det[f] || 0), 0);
  if (Math.abs(round2(parts) - round2(det.ImpTotal)) > 0.01) {
    obs.push({ Code: 10048, Msg: `ImpTotal (${det.ImpTotal}) debe ser la suma de ImpNeto, ImpIVA, ImpTotConc, ImpOpEx e ImpTrib (${round2(parts)}).` });
  }
  const ivas = Array.isArray(det.Iva) ? det.Iva : det.Iva && Array.isArray(det.Iva.AlicIva) ? det.Iva.AlicIva : [];
  if (Number(cab.CbteTipo) !== 11 && Number(det.ImpNeto) > 0 && !ivas.length) obs.push({ Code: 10018, Msg: 'Falta el detalle de IVA (Iva).' });
  let ivaSum = 0;
  for (const a of ivas) {
    if (IVA_RATES[a.Id] === undefined) { obs.push({ Code: 10019, Msg: `Alicuota de IVA ${a.Id} invalida.` }); continue; }
    ivaSum += Number(a.Importe);
    if (Math.abs(round2(Number(a.BaseImp) * IVA_RATES[a.Id] / 100) - round2(a.Importe)) > 0.01) {
      obs.push({ Code: 10051, Msg: `Importe de IVA ${a.Importe} no corresponde a BaseImp ${a.BaseImp} al ${IVA_RATES[a.Id]}%.` });
    }
  }
  if (ivas.length && Math.abs(round2(ivaSum) - round2(det.ImpIVA)) > 0.01) obs.push({ Code: 10020, Msg: `ImpIVA (${det.ImpIVA}) no coincide con la suma de alicuotas (${round2(ivaSum)}).` });
  return obs;
}

function solicitarCae(body) {
  const req = body.FeCAEReq || body;
  const cab = req.FeCabReq || {};
  const dets = Array.isArray(req.FeDetReq) ? req.FeDetReq : req.FeDetReq && req.FeDetReq.FECAEDetRequest ? [].concat(req.FeDetReq.FECAEDetRequest) : [];
  if (!INVOICE_TYPES[cab.CbteTipo]) {
    return { FeCabResp: { Cuit: issuerCuit, PtoVta: cab.PtoVta, CbteTipo: cab.CbteTipo, Resultado: 'R' }, Errors: [{ Code: 10007, Msg: `CbteTipo ${cab.CbteTipo} invalido.` }] };
  }
  if (!(Number(cab.PtoVta) >= 1 && Number(cab.PtoVta) <= 99998) || !dets.length) {
    return { FeCabResp: { Cuit: issuerCuit, PtoVta: cab.PtoVta, CbteTipo: cab.CbteTipo, Resultado: 'R' }, Errors: [{ Code: 10004, Msg: 'PtoVta invalido o FeDetReq vacio.' }] };
  }
  const results = [];
  for (const det of dets) {
    const obs = checkDetail(cab, det);
    const out = { Concepto: det.Concepto || 1, DocTipo: det.DocTipo, DocNro: det.DocNro, CbteDesde: det.CbteDesde, CbteHasta: det.CbteHasta, CbteFch: det.CbteFch || ymd(new Date()) };
    if (obs.length) { results.push({ ...out, Resultado: 'R', CAE: '', CAEFchVto: '', Observaciones: obs }); continue; }
    const nro = Number(det.CbteDesde);
    const cae = makeCae(cab.PtoVta, cab.CbteTipo, nro);
    const vto = ymd(new Date(Date.now() + caeDays * 86400e3));
    store.data.lastNumbers[key(cab.PtoVta, cab.CbteTipo)] = nro;
    store.data.invoices.push({ ptoVta: Number(cab.PtoVta), cbteTipo: Number(cab.CbteTipo), tipo: INVOICE_TYPES[cab.CbteTipo], nro,
      docTipo: det.DocTipo, docNro: String(det.DocNro), cbteFch: out.CbteFch, impNeto: round2(det.ImpNeto || 0), impIva: round2(det.ImpIVA || 0),
      impTotal: round2(det.ImpTotal), cae, caeFchVto: vto, authorizedAt: new Date().toISOString() });
    store.save();
    results.push({ ...out, Resultado: 'A', CAE: cae, CAEFchVto: vto });
  }
  const accepted = results.filter((r) => r.Resultado === 'A').length;
  return {
    FeCabResp: { Cuit: issuerCuit, PtoVta: Number(cab.PtoVta), CbteTipo: Number(cab.CbteTipo), FchProceso: ymd(new Date()) + new Date().toISOString().slice(11, 19).replace(/:/g, ''),
      CantReg: results.length, Resultado: accepted === results.length ? 'A' : accepted ? 'P' : 'R' },
    FeDetResp: results,
  };
}

// ---------------------------------------------------------------- HTTP

const app = new s.App('afip-mock', { cors: '*' });
const authorised = app.metrics.counter('afip_cae_requests_total', 'CAE requests by result.');

app.get('/api/cuit/:cuit', (req) => validateCuit(req.params.cuit));
app.get('/api/padron/:cuit', (req) => padron(req.params.cuit));
app.post('/api/iva/calculate', (req) => {
  const net = Number(req.body.net), rate = Number(req.body.rate === undefined ? 21 : req.body.rate);
  if (!Number.isFinite(net)) throw new s.HttpError(400, 'net must be a number');
  const id = Object.keys(IVA_RATES).find((k) => IVA_RATES[k] === rate);
  if (!id) throw new s.HttpError(400, `rate must be one of ${Object.values(IVA_RATES).join(', ')}`);
  const iva = round2(net * rate / 100);
  return { net: round2(net), rate, ivaId: Number(id), iva, total: round2(net + iva) };
});

app.post('/wsfev1/FECompUltimoAutorizado', (req) => {
  const b = req.body.FeCompUltimoAutorizadoReq || req.body;
  return { PtoVta: Number(b.PtoVta), CbteTipo: Number(b.CbteTipo), CbteNro: lastNumber(b.PtoVta, b.CbteTipo) };
});
app.post('/wsfev1/FECAESolicitar', (req) => {
  const r = solicitarCae(req.body);
  authorised.inc({ result: r.FeCabResp.Resultado });
  return r;
});
app.post('/wsfev1/FECompConsultar', (req) => {
  const b = req.body.FeCompConsReq || req.body;
  const inv = store.data.invoices.find((i) => i.ptoVta === Number(b.PtoVta) && i.cbteTipo === Number(b.CbteTipo) && i.nro === Number(b.CbteNro));
  if (!inv) return { Errors: [{ Code: 602, Msg: 'No existen datos en nuestros registros para los parametros ingresados.' }] };
  return { ResultGet: { ...inv, Resultado: 'A', CodAutorizacion: inv.cae, FchVto: inv.caeFchVto, EmisionTipo: 'CAE' } };
});
app.get('/wsfev1/FEDummy', () => ({ AppServer: 'OK', DbServer: 'OK', AuthServer: 'OK' }));
app.get('/wsfev1/FEParamGetTiposCbte', () => Object.entries(INVOICE_TYPES).map(([Id, Desc]) => ({ Id: Number(Id), Desc })));
app.get('/wsfev1/FEParamGetTiposIva', () => Object.entries(IVA_RATES).map(([Id, rate]) => ({ Id: Number(Id), Desc: `${rate}%` })));
app.get('/wsfev1/FEParamGetTiposDoc', () => Object.entries(DOC_TYPES).map(([Id, Desc]) => ({ Id: Number(Id), Desc })));

// One call: next number, IVA and CAE. Body: { pointOfSale, type: "A"|"B"|"C"|code, docType, docNumber, net, ivaRate }
app.post('/api/invoices', (req, res) => {
  const b = req.body;
  const ptoVta = Number(b.pointOfSale || 1);
  const tipo = TYPE_BY_LETTER[String(b.type || 'B').toUpperCase()] || Number(b.type);
  const net = round2(b.net || 0), rate = tipo === 11 ? 0 : Number(b.ivaRate === undefined ? 21 : b.ivaRate);
  const ivaId = Number(Object.keys(IVA_RATES).find((k) => IVA_RATES[k] === rate));
  const iva = round2(net * rate / 100);
  const nro = lastNumber(ptoVta, tipo) + 1;
  const docTipo = Number(b.docType || (tipo === 1 ? 80 : 99));
  const r = solicitarCae({ FeCabReq: { CantReg: 1, PtoVta: ptoVta, CbteTipo: tipo }, FeDetReq: [{
    Concepto: 2, DocTipo: docTipo, DocNro: b.docNumber || 0, CbteDesde: nro, CbteHasta: nro, CbteFch: ymd(new Date()),
    ImpTotal: round2(net + iva), ImpNeto: net, ImpIVA: iva, ImpTotConc: 0, ImpOpEx: 0, ImpTrib: 0, MonId: 'PES', MonCotiz: 1,
    Iva: tipo === 11 ? [] : [{ Id: ivaId, BaseImp: net, Importe: iva }] }] });
  authorised.inc({ result: r.FeCabResp.Resultado });
  const det = r.FeDetResp ? r.FeDetResp[0] : null;
  s.json(res, det && det.Resultado === 'A' ? 201 : 422, { pointOfSale: ptoVta, type: INVOICE_TYPES[tipo], number: nro, net, ivaRate: rate, iva, total: round2(net + iva), result: det || r });
});
app.get('/api/invoices', (req) => store.data.invoices.filter((i) =>
  (!req.query.pointOfSale || i.ptoVta === Number(req.query.pointOfSale)) && (!req.query.type || i.cbteTipo === Number(req.query.type))));

app.get('/health', () => ({ status: 'ok', service: 'afip-mock', invoices: store.data.invoices.length, store: store.file }));
app.get('/metrics', (req, res) => s.text(res, 200, app.metrics.render()));
app.get('/dashboard', (req, res) => s.html(res, 200, s.page('AFIP mock', `
<p>Issuer CUIT <code>${s.esc(issuerCuit)}</code>; state in <code>${s.esc(store.file)}</code>.</p>
<h2>Last numbers (PtoVta-CbteTipo)</h2>${s.table(Object.entries(store.data.lastNumbers).map(([k, v]) => ({ key: k, last: v })), ['key', 'last'])}
<h2>Invoices</h2>${s.table(store.data.invoices.slice(-100).reverse(), ['authorizedAt', 'ptoVta', 'tipo', 'nro', 'docTipo', 'docNro', 'impTotal', 'cae', 'caeFchVto'])}`, { refresh: 5 })));
app.get('/docs', (req, res) => s.html(res, 200, s.page('AFIP mock API', `<pre>GET  /api/cuit/20-12345678-6        CUIT validation
GET  /api/padron/30712345671        taxpayer registry
POST /api/iva/calculate             {"net":1000,"rate":21}
POST /api/invoices                  {"pointOfSale":1,"type":"B","docType":99,"net":1000,"ivaRate":21}
POST /wsfev1/FECompUltimoAutorizado {"PtoVta":1,"CbteTipo":6}
POST /wsfev1/FECAESolicitar         {"FeCAEReq":{"FeCabReq":{"CantReg":1,"PtoVta":1,"CbteTipo":6},"FeDetReq":[{"Concepto":1,
                                     "DocTipo":99,"DocNro":0,"CbteDesde":1,"CbteHasta":1,"ImpTotal":121,"ImpNeto":100,"ImpIVA":21,
                                     "Iva":[{"Id":5,"BaseImp":100,"Importe":21}]}]}}
POST /wsfev1/FECompConsultar        {"PtoVta":1,"CbteTipo":6,"CbteNro":1}
GET  /wsfev1/FEDummy                GET /wsfev1/FEParamGetTiposCbte | TiposIva | TiposDoc</pre>`)));

app.listen(port);
