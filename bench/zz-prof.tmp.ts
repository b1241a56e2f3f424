import { createBenchApp, stockRows } from './workload.js';
const batch = Number(process.argv[2] ?? 1);
const app = createBenchApp('define stream S (symbol string, price float, volume long, ts long); from S[700 > price] select * insert into O;');
let out = 0; app.onStream('O', (e) => { out += e.length; });
const rows = stockRows(1_000_000); const input = app.input('S');
const batches: unknown[][][] = []; for (let i = 0; i < rows.length; i += 100) batches.push(rows.slice(i, i + 100));
for (let r = 0; r < 10; r++) { const c0 = process.cpuUsage(); const t0 = performance.now();
  if (batch === 1) for (const row of rows) input.send(row, 0); else for (const b of batches) input.sendBatch(b, 0);
  const dt = performance.now() - t0; const c = process.cpuUsage(c0); console.log(r, Math.round(rows.length * 1000 / dt), 'cpu-rate', Math.round(rows.length * 1e6 / (c.user + c.system))); }
