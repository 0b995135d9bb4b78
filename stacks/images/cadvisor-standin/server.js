'use strict';
// Stand-in for cAdvisor 0.47 (port 8080). It keeps cAdvisor's port and health contract and exports
// a few of its metrics, read from the same places cAdvisor reads:
//   GET /healthz     "ok"
//   GET /metrics     machine_cpu_cores, machine_memory_bytes, and per running container
//                    container_last_seen, container_memory_usage_bytes, container_cpu_usage_seconds_total
//                    (names and images from the engine socket /var/run/docker.sock, usage from the
//                    host's cgroups under /sys/fs/cgroup or /rootfs/sys/fs/cgroup, v1 or v2)
//   GET /, /api/containers   the same as a table / JSON
// Whatever cannot be read (no socket, no cgroup files) is left out rather than failing.
const fs = require('fs');
const http = require('http');
const os = require('os');
const s = require('standin');

const port = s.envNum('PORT', 8080);
const socket = s.env('DOCKER_SOCKET', '/var/run/docker.sock');
const cgroupRoots = ['/sys/fs/cgroup', '/rootfs/sys/fs/cgroup'];

function engine(pathname) {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: socket, path: pathname, timeout: 3000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => { try { resolve(JSON.parse(Buffer.concat(chunks).toString())); } catch (e) { reject(e); } });
    });
    req.on('timeout', () => req.destroy(new Error('engine timeout')));
    req.on('error', reject);
  });
}

const readNum = (file) => { try { return Number(fs.readFileSync(file, 'utf8').trim()); } catch { return null; } };
const readFile = (file) => { try { return fs.readFileSync(file, 'utf8'); } catch { return null; } };

function usage(id) {
  for (const root of cgroupRoots) {
    // cgroup v1 (cgroupfs or systemd driver)
    for (const dir of [`docker/${id}`, `system.slice/docker-${id}.scope`]) {
      const mem = readNum(`${root}/memory/${dir}/memory.usage_in_bytes`);
      const cpuNs = readNum(`${root}/cpuacct/${dir}/cpuacct.usage`) ?? readNum(`${root}/cpu,cpuacct/${dir}/cpuacct.usage`);
      if (mem !== null || cpuNs !== null) return { memory: mem, cpuSeconds: cpuNs === null ? null : cpuNs / 1e9, cgroup: 'v1' };
    }
    // cgroup v2
    for (const dir of [`system.slice/docker-${id}.scope`, `docker/${id}`]) {
      const mem = readNum(`${root}/${dir}/memory.current`);
      const stat = readFile(`${root}/${dir}/cpu.stat`);
      if (mem !== null || stat) {
        const m = stat && /usage_usec (\d+)/.exec(stat);
        return { memory: mem, cpuSeconds: m ? Number(m[1]) / 1e6 : null, cgroup: 'v2' };
      }
    }
  }
  return { memory: null, cpuSeconds: null, cgroup: null };
}

async function containers() {
  let list = [];
  try { list = await engine('/containers/json'); } catch (err) { s.log('warn', 'engine not reachable', { socket, error: err.message }); }
  return list.map((c) => ({ id: c.Id, name: (c.Names || [''])[0], image: c.Image, state: c.State, ...usage(c.Id) }));
}

const app = new s.App('cadvisor-standin');
app.get('/healthz', (req, res) => s.text(res, 200, 'ok'));
app.get('/api/containers', () => containers());
app.get('/metrics', async (req, res) => {
  const now = Date.now() / 1000;
  const lines = [
    '# HELP machine_cpu_cores Number of logical CPU cores.', '# TYPE machine_cpu_cores gauge', `machine_cpu_cores ${os.cpus().length}`,
    '# HELP machine_memory_bytes Amount of memory installed on the machine.', '# TYPE machine_memory_bytes gauge', `machine_memory_bytes ${os.totalmem()}`,
    '# HELP container_last_seen Last time a container was seen by the exporter', '# TYPE container_last_seen gauge',
    '# HELP container_memory_usage_bytes Current memory usage in bytes.', '# TYPE container_memory_usage_bytes gauge',
    '# HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.', '# TYPE container_cpu_usage_seconds_total counter',
  ];
  for (const c of await containers()) {
    const labels = `id="/docker/${c.id}",image="${c.image}",name="${c.name.replace(/^\//, '')}"`;
    lines.push(`container_last_seen{${labels}} ${now}`);
    if (c.memory !== null) lines.push(`container_memory_usage_bytes{${labels}} ${c.memory}`);
    if (c.cpuSeconds !== null) lines.push(`container_cpu_usage_seconds_total{${labels},cpu="total"} ${c.cpuSeconds}`);
  }
  s.text(res, 200, lines.join('\n') + '\n' + app.metrics.render(), { 'Content-Type': 'text/plain; version=0.0.4' });
});
app.get('/', async (req, res) => {
  const list = (await containers()).map((c) => ({ ...c, memoryMiB: c.memory === null ? '' : (c.memory / 1048576).toFixed(1), cpuSeconds: c.cpuSeconds === null ? '' : c.cpuSeconds.toFixed(2) }));
  s.html(res, 200, s.page('cAdvisor (stand-in)', s.table(list, ['name', 'image', 'state', 'memoryMiB', 'cpuSeconds', 'cgroup']), { refresh: 10 }));
});

app.listen(port);
