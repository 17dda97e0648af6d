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

// Findings beyond gaps (SPEC §9), placed by hand so the random stream above stays as it was.
const march = months['2024-03'];
// void_rate: L-103 voids one March invoice in eight (the other stores about one in a hundred).
march
  .filter((r) => r.local === 'L-103')
  .forEach((r, i) => {
    if (i % 8 === 7) r.estado = 'ANULADO';
  });
// backdated: an L-102 invoice of 20 March carries the date of the 12th.
march.find((r) => r.local === 'L-102' && r.fecha_emision === '2024-03-20').fecha_emision = '2024-03-12';
// jump: a typo in L-108's number on 20 March: 999999999 (its next invoices carry on as before).
const typo = march.find((r) => r.local === 'L-108' && r.fecha_emision === '2024-03-20');
march.splice(march.indexOf(typo) + 1, 0, { ...typo, secuencial: '999999999', total: '15.00' });

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

// L-109 downloads its issued documents from the SRI portal ("emitidos": tab-separated, with
// access keys and FECHA_AUTORIZACION); three March invoices were authorised days after issue.
const RUC_109 = '1790011223001';
function accessKey(date, ruc, estab, point, seq) {
  const [y, m, d] = date.split('-');
  const body = `${d}${m}${y}01${ruc}2${estab}${point}${String(seq).padStart(9, '0')}123456781`;
  let sum = 0;
  for (let i = body.length - 1, w = 2; i >= 0; i--, w = w === 7 ? 2 : w + 1) sum += Number(body[i]) * w;
  const check = 11 - (sum % 11);
  return body + (check === 11 ? 0 : check === 10 ? 1 : check);
}
const dmy = (date) => date.split('-').reverse().join('/');
const portal = ['COMPROBANTE\tSERIE_COMPROBANTE\tCLAVE_ACCESO\tFECHA_AUTORIZACION\tFECHA_EMISION\tVALOR_SIN_IMPUESTOS\tIVA\tIMPORTE_TOTAL'];
const lateAuthorised = new Map([
  [31, 3],
  [88, 2],
  [122, 4],
]);
const keys109 = [];
for (let d = 1, seq = 1; d <= 31; d++) {
  for (let i = 0; i < 5; i++, seq++) {
    const date = `2024-03-${pad(d)}`;
    const key = accessKey(date, RUC_109, '001', '002', seq);
    keys109.push({ seq, date, key });
    const authDay = Math.min(d + (lateAuthorised.get(seq) ?? 0), 31);
    const net = 4 + ((seq * 37) % 60);
    portal.push(
      [
        'Factura',
        `001-002-${String(seq).padStart(9, '0')}`,
        key,
        `${pad(authDay)}/03/2024 1${i}:2${i}:05`,
        dmy(date),
        net.toFixed(2),
        (net * 0.15).toFixed(2),
        (net * 1.15).toFixed(2),
      ].join('\t'),
    );
  }
}
writeFileSync(new URL('sri-emitidos-L-109-2024-03.txt', out), portal.join('\r\n') + '\r\n');

// L-110, a kiosk inside L-109's premises, exports two invoices of its own (its own RUC's keys)
// and one under an access key L-109 had already used: a reused key.
const RUC_110 = '1790044556001';
const kiosk = ['local,clave_acceso,fecha_emision,total'];
kiosk.push(['L-110', accessKey('2024-03-18', RUC_110, '001', '001', 1), '2024-03-18', '6.50'].join(','));
kiosk.push(['L-110', accessKey('2024-03-19', RUC_110, '001', '001', 2), '2024-03-19', '4.25'].join(','));
const reused = keys109.find((k) => k.date === '2024-03-21');
kiosk.push(['L-110', reused.key, reused.date, '8.00'].join(','));
writeFileSync(new URL('kiosko-L-110-2024-03.csv', out), kiosk.join('\n') + '\n');
// Money at stake (SPEC §8): the lease register and the sales the stores declared for March.
// Written after the exports, so the seeded exports above are the same as before.
const leases = [
  'store,scheme,rate,minimum,from,to',
  'L-101,commission,8%,1500.00,2023-01,',
  'L-102,commission,7%,2500.00,2023-06,',
  'L-103,fixed,,1200.00,2022-01,2025-12',
  'L-104,commission,10%,500.00,2024-01,',
  'L-105,commission,6%,1000.00,2023-01,2024-02',
  'L-105,commission,6.5%,1000.00,2024-03,',
  'L-106,commission,8%,2500.00,2023-01,',
  'L-107,commission,9%,1000.00,2023-09,',
];
writeFileSync(new URL('contratos.csv', out), leases.join('\n') + '\n');
// What each store declared for March: a round figure under its own invoices (L-102 declared nothing,
// so it is billed on its invoices; L-108 has no lease).
const cents = (text) => Math.round(Number(text.replace(',', '.')) * 100);
const marchSales = [...months['2024-03'], ...late].filter((r) => r.estado !== 'ANULADO');
const invoiced = (code) => marchSales.filter((r) => r.local === code).reduce((sum, r) => sum + cents(r.total), 0);
const shortfall = { 'L-101': 0, 'L-103': 0, 'L-104': 0.1, 'L-105': 0.05, 'L-106': 0, 'L-107': 0.2, 'L-108': 0 };
const declared = Object.entries(shortfall).map(([code, share]) => {
  const figure = Math.floor((invoiced(code) * (1 - share)) / 10000) * 100;
  return `${code};2024-03;${figure.toLocaleString('de-DE')},00`;
});
// The stores' administrator writes Spanish figures: semicolons, decimal commas, thousands with dots.
writeFileSync(new URL('ventas-declaradas-2024-03.csv', out), ['local;mes;ventas_declaradas', ...declared].join('\n') + '\n');

const total = Object.values(months).reduce((n, rows) => n + rows.length, 0);
console.log(`demo: ${total} rows in 3 monthly files, ${late.length} late rows, a day's burst (${burst.length}) in L-107`);
