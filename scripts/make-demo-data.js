#!/usr/bin/env node
// Writes the bundled demo exports in fixtures/demo/ (committed; re-run only to change them).
// Deterministic: a seeded generator, so the demo's figures never drift.
import { mkdirSync, writeFileSync } from 'node:fs';

const out = new URL('../fixtures/demo/', import.meta.url);
mkdirSync(out, { recursive: true });

let seed = 20240301;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const stores = [
  { code: 'L-101', series: ['001-001', '001-002'], perDay: 9 },
  { code: 'L-102', series: ['002-001'], perDay: 14 },
  { code: 'L-103', series: ['001-001'], perDay: 4 },
  { code: 'L-104', series: ['001-001', '001-003'], perDay: 6 },
  { code: 'L-105', series: ['003-001'], perDay: 18 },
  { code: 'L-106', series: ['001-001'], perDay: 3 },
  { code: 'L-107', series: ['001-001'], perDay: 7 },
  { code: 'L-108', series: ['001-001'], perDay: 5 },
];
// Numbers a store failed to report (by store and series), and the ones it sent late.
const dropRate = { 'L-101': 0.002, 'L-102': 0.001, 'L-103': 0, 'L-104': 0.004, 'L-105': 0.003, 'L-106': 0, 'L-107': 0.01, 'L-108': 0.001 };

const next = new Map(stores.flatMap((s) => s.series.map((label) => [`${s.code} ${label}`, 1 + Math.floor(random() * 5000)])));
const months = { '2024-01': [], '2024-02': [], '2024-03': [] };
const late = [];
const pad = (n) => String(n).padStart(2, '0');

for (const [month, rows] of Object.entries(months)) {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(y, m, 0).getDate();
  for (let d = 1; d <= days; d++) {
    const date = `${month}-${pad(d)}`;
    for (const store of stores) {
      for (const label of store.series) {
        const key = `${store.code} ${label}`;
        const count = Math.max(1, Math.round(store.perDay * (0.6 + random() * 0.8)));
        for (let i = 0; i < count; i++) {
          const seq = next.get(key);
          next.set(key, seq + 1);
          const [estab, point] = label.split('-');
          const row = {
            local: store.code,
            establecimiento: estab,
            punto_emision: point,
            secuencial: String(seq).padStart(9, '0'),
            fecha_emision: date,
            total: (5 + random() * 120).toFixed(2),
            estado: random() < 0.01 ? 'ANULADO' : 'AUTORIZADO',
          };
          const r = random();
          if (r < dropRate[store.code]) continue; // never reported
          if (r < dropRate[store.code] * 1.5 + 0.002 && month === '2024-03') {
            late.push(row); // reported in a later upload
            continue;
          }
          rows.push(row);
        }
      }
    }
  }
}

// A burst: L-107 lost a whole day's invoices on 2024-03-14.
const burst = months['2024-03'].filter((r) => r.local === 'L-107' && r.fecha_emision === '2024-03-14');
months['2024-03'] = months['2024-03'].filter((r) => !burst.includes(r));

const header = ['local', 'establecimiento', 'punto_emision', 'secuencial', 'fecha_emision', 'total', 'estado'];
const csv = (rows) => [header.join(','), ...rows.map((r) => header.map((h) => r[h]).join(','))].join('\n') + '\n';
for (const [month, rows] of Object.entries(months)) writeFileSync(new URL(`ventas-${month}.csv`, out), csv(rows));

// The late uploads arrive a week later, as L-104's own export: semicolons, dd/MM/yyyy, decimal commas.
const lateHeader = 'Local;Estab;PtoEmi;Numero;Fecha;Importe Total;Estado';
const lateRows = late.map((r) => {
  const [yy, mm, dd] = r.fecha_emision.split('-');
  return [r.local, r.establecimiento, r.punto_emision, r.secuencial, `${dd}/${mm}/${yy}`, r.total.replace('.', ','), r.estado].join(';');
});
// One row re-sent with a different amount: a conflicting duplicate, an audit finding.
const conflict = months['2024-03'].find((r) => r.local === 'L-105');
const [cy, cm, cd] = conflict.fecha_emision.split('-');
lateRows.push(
  [conflict.local, conflict.establecimiento, conflict.punto_emision, conflict.secuencial, `${cd}/${cm}/${cy}`, '999,99', 'AUTORIZADO'].join(
    ';',
  ),
);
// And one impossible date, to show a reject.
lateRows.push(['L-104', '001', '001', '000999999', '30/02/2024', '10,00', 'AUTORIZADO'].join(';'));
writeFileSync(new URL('envios-tardios-2024-03.csv', out), [lateHeader, ...lateRows].join('\r\n') + '\r\n');

const total = Object.values(months).reduce((n, rows) => n + rows.length, 0);
console.log(`demo: ${total} rows in 3 monthly files, ${late.length} late rows, a day's burst (${burst.length}) in L-107`);
