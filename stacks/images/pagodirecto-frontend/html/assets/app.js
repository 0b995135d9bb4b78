// The stand-in SPA: shows its route and asks the backend for its health (through the API URL).
(function () {
  var cfg = window.__PAGODIRECTO__ || { apiUrl: '/api' };
  document.getElementById('api-url').textContent = cfg.apiUrl;
  document.getElementById('route').textContent = location.pathname;
  fetch(cfg.apiUrl.replace(/\/$/, '') + '/health')
    .then(function (r) { return r.json(); })
    .then(function (h) { document.getElementById('api-status').textContent = h.status; })
    .catch(function (e) { document.getElementById('api-status').textContent = 'no disponible (' + e.message + ')'; });
})();
