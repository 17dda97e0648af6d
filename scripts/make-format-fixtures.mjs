#!/usr/bin/env node
/**
 * Writes the input files of fixtures/formats/: one small export per format and quirk, with
 * the exact bytes a real export has (Latin-1, CRLF, BOM, trailing tabs), and access keys
 * that pass their modulo-11 check. Run after `npm run build` (it uses the built key builder):
 *
 *   node scripts/make-format-fixtures.mjs
 *
 * The expected outputs beside each input are written by the formats e2e test with
 * UPDATE_EXPECTED=1, and reviewed by hand before they are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAccessKey } from '../dist/input/access-key.js';

const ROOT = fileURLToPath(new URL('../fixtures/formats/', import.meta.url));

// Made-up RUCs (13 digits: cédula or company number + 001).
const OWN = '1791234567001'; // the store whose own "emitidos" file is audited
const ÑUSTA = '0990012345001';
const ROSADO = '1790000001001';
const ANDINA = '1790000002001';

/** yyyymmdd from dd/MM/yyyy. */
const day = (dmy) => {
  const [d, m, y] = dmy.split('/').map(Number);
  return y * 10000 + m * 100 + d;
};

function key(ruc, docType, series, sequential, dmy, numericCode = '12345678') {
  const [establishment, emissionPoint] = series.split('-');
  return buildAccessKey({ date: day(dmy), docType, ruc, establishment, emissionPoint, sequential, numericCode });
}

const number = (series, sequential) => `${series}-${String(sequential).padStart(9, '0')}`;

function write(name, file, text, { encoding = 'utf8', eol = '\n', bom = false } = {}) {
  const dir = join(ROOT, name);
  mkdirSync(dir, { recursive: true });
  const body = text.replace(/\n/g, eol);
  const bytes = encoding === 'latin1' ? windows1252(body) : Buffer.from((bom ? '\ufeff' : '') + body, 'utf8');
  writeFileSync(join(dir, file), bytes);
}

/** Latin-1 bytes, plus the Windows-1252 characters real exports use (’ is 0x92). */
function windows1252(text) {
  const extra = { '’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, '€': 0x80, '–': 0x96 };
  return Buffer.from(
    [...text]
      .map((ch) => extra[ch] ?? ch.charCodeAt(0))
      .map((code) => {
        if (code > 0xff) throw new Error(`not Windows-1252: ${code.toString(16)}`);
        return code;
      }),
  );
}

const tsv = (rows) => rows.map((r) => r.join('\t')).join('\n') + '\n';

// --- SRI portal: issued documents ("emitidos"), 8 columns, Latin-1, CRLF ---------------------
const EMITIDOS = [
  'COMPROBANTE',
  'SERIE_COMPROBANTE',
  'CLAVE_ACCESO',
  'FECHA_AUTORIZACION',
  'FECHA_EMISION',
  'VALOR_SIN_IMPUESTOS',
  'IVA',
  'IMPORTE_TOTAL',
];
{
  const row = (type, code, series, seq, date, auth, emision, amounts) => [
    type,
    number(series, seq),
    key(OWN, code, series, seq, date),
    auth,
    emision,
    ...amounts,
  ];
  const rows = [
    EMITIDOS,
    row('Factura', '01', '001-001', 101, '01/03/2024', '01/03/2024 10:15:22', '01/03/2024 00:00:00', ['.27', '.04', '.31']),
    row('Factura', '01', '001-001', 102, '02/03/2024', '02/03/2024 09:01:40', '02/03/2024 00:00:00', ['3.91', '.59', '4.5']),
    row('Factura', '01', '001-001', 103, '04/03/2024', '04/03/2024 18:30:00', '04/03/2024', ['2173.91', '326.09', '2500']),
    row('Nota de Crédito', '04', '001-001', 11, '05/03/2024', '05/03/2024 11:00:05', '05/03/2024 00:00:00', ['3.91', '.59', '4.5']),
    // Retentions carry no amounts: the row ends with tabs (and here one tab too many).
    [...row('Comprobante de Retención', '07', '001-002', 20, '10/03/2024', '10/03/2024 08:12:00', '10/03/2024 00:00:00', ['', '', '']), ''],
    row('Comprobante de Retención', '07', '001-002', 21, '11/03/2024', '11/03/2024 08:15:31', '11/03/2024 00:00:00', ['', '', '']),
    // 104 and 105 are missing: the gap belongs to 15/03/2024, the date of 106.
    row('Factura', '01', '001-001', 106, '15/03/2024', '15/03/2024 12:00:00', '15/03/2024 00:00:00', ['10', '1.5', '11.5']),
    row('Factura', '01', '001-001', 107, '16/03/2024', '16/03/2024 12:00:00', '16/03/2024 00:00:00', ['100', '15', '115']),
    // Credit note 12 is missing.
    row('Nota de Crédito', '04', '001-001', 13, '20/03/2024', '20/03/2024 16:45:10', '20/03/2024 00:00:00', ['', '', '']),
  ];
  write('sri-emitidos', 'input.txt', tsv(rows), { encoding: 'latin1', eol: '\r\n' });
  write('header-only', 'input.txt', tsv([EMITIDOS]), { encoding: 'latin1', eol: '\r\n' });
}

// --- SRI portal: received documents ("recibidos"), 12 columns, Latin-1, CRLF ----------------
const RECIBIDOS = [
  'RUC_EMISOR',
  'RAZON_SOCIAL_EMISOR',
  'TIPO_COMPROBANTE',
  'SERIE_COMPROBANTE',
  'CLAVE_ACCESO',
  'FECHA_AUTORIZACION',
  'FECHA_EMISION',
  'IDENTIFICACION_RECEPTOR',
  'VALOR_SIN_IMPUESTOS',
  'IVA',
  'IMPORTE_TOTAL',
  'NUMERO_DOCUMENTO_MODIFICADO',
];
const recibido = (ruc, name, type, code, series, seq, date, time, amounts, modified = '') => [
  ruc,
  name,
  type,
  number(series, seq),
  key(ruc, code, series, seq, date),
  `${date} ${time}`,
  date,
  OWN,
  ...amounts,
  modified,
];
{
  const rows = [
    RECIBIDOS,
    recibido(ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', 'Factura', '01', '001-002', 4301, '03/03/2024', '07:30:00', ['3.91', '.59', '4.5']),
    // 4302 to 4304 went to other customers: a "recibidos" file naturally skips them.
    recibido(ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', 'Factura', '01', '001-002', 4305, '09/03/2024', '07:31:12', ['.27', '.04', '.31']),
    recibido(
      ÑUSTA,
      'PANADERÍA LA ÑUSTA CÍA. LTDA.',
      'Nota de Crédito',
      '04',
      '001-002',
      77,
      '10/03/2024',
      '10:00:00',
      ['.27', '.04', '.31'],
      '001-002-000004301',
    ),
    recibido(ROSADO, 'CORPORACIÓN "EL ROSADO" S.A.', 'Factura', '01', '002-001', 123456, '05/03/2024', '19:02:33', [
      '2173.91',
      '326.09',
      '2500',
    ]),
    recibido(ROSADO, 'CORPORACIÓN "EL ROSADO" S.A.', 'Nota de Débito', '05', '002-001', 9, '06/03/2024', '19:05:00', ['4', '.5', '4.5']),
    // No document modified: the row ends with a trailing tab.
    recibido(ROSADO, 'CORPORACIÓN "EL ROSADO" S.A.', 'Comprobante de Retención', '07', '002-001', 900, '12/03/2024', '08:00:00', [
      '',
      '',
      '',
    ]),
  ];
  write('sri-recibidos', 'input.txt', tsv(rows), { encoding: 'latin1', eol: '\r\n' });

  // Unconfirmed quirk (DOMAIN.md): an older download with a record split over two lines,
  // here by a line break inside the issuer's name.
  const split = recibido(ANDINA, 'COMERCIAL\nANDINA CÍA. LTDA.', 'Factura', '01', '001-001', 58, '13/03/2024', '09:00:00', [
    '8.7',
    '1.3',
    '10',
  ]);
  const rows2 = [
    RECIBIDOS,
    recibido(ANDINA, 'COMERCIAL ANDINA S.A.', 'Factura', '01', '001-001', 57, '12/03/2024', '09:00:00', ['8.7', '1.3', '10']),
    split,
    recibido(ANDINA, 'COMERCIAL ANDINA S.A.', 'Factura', '01', '001-001', 59, '14/03/2024', '09:00:00', ['8.7', '1.3', '10']),
    // A short row that has no continuation: rejected with its line.
    recibido(ANDINA, 'COMERCIAL ANDINA S.A.', 'Factura', '01', '001-001', 61, '16/03/2024', '09:00:00', ['8.7', '1.3', '10']).slice(0, 6),
    recibido(ANDINA, 'COMERCIAL ANDINA S.A.', 'Factura', '01', '001-001', 62, '17/03/2024', '09:00:00', ['8.7', '1.3', '10']),
  ];
  write('split-record', 'input.txt', tsv(rows2), { encoding: 'latin1', eol: '\r\n' });
}

// --- SRI portal: the older received layout, 12 columns, both CLAVE_ACCESO and NUMERO_AUTORIZACION
{
  const HEADER = [
    'COMPROBANTE',
    'SERIE_COMPROBANTE',
    'RUC_EMISOR',
    'RAZON_SOCIAL_EMISOR',
    'FECHA_EMISION',
    'FECHA_AUTORIZACION',
    'TIPO_EMISION',
    'NUMERO_DOCUMENTO_MODIFICADO',
    'IDENTIFICACION_RECEPTOR',
    'CLAVE_ACCESO',
    'NUMERO_AUTORIZACION',
    'IMPORTE_TOTAL',
  ];
  const row = (type, code, ruc, name, series, seq, date, amount, { keyRuc = ruc, clave = true, authorization } = {}) => {
    const k = key(keyRuc, code, series, seq, date);
    return [
      type,
      number(series, seq),
      ruc,
      name,
      `${date} 00:00:00`,
      `${date} 10:20:30`,
      'NORMAL',
      '',
      OWN,
      clave ? k : '',
      authorization ?? k,
      amount,
    ];
  };
  const rows = [
    HEADER,
    row('Factura', '01', ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', '001-002', 4310, '12/03/2024', '4.5'),
    // No CLAVE_ACCESO: the 49-digit NUMERO_AUTORIZACION is the key.
    row('Factura', '01', ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', '001-002', 4311, '12/03/2024', '.31', { clave: false }),
    // A 37-digit authorization number of the pre-electronic scheme: not a key, ignored.
    row('Factura', '01', ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', '001-002', 4314, '14/03/2024', '2500', {
      authorization: '1403202410200517912345670010010020000',
    }),
    row('Nota de Débito', '05', ROSADO, 'CORPORACIÓN "EL ROSADO" S.A.', '002-001', 5, '14/03/2024', '4.5'),
    // The key was issued by another RUC than the row's RUC_EMISOR: rejected.
    row('Factura', '01', ROSADO, 'CORPORACIÓN "EL ROSADO" S.A.', '002-001', 123460, '15/03/2024', '12', { keyRuc: ÑUSTA }),
  ];
  write('sri-recibidos-antiguo', 'input.txt', tsv(rows), { encoding: 'latin1', eol: '\r\n' });

  // The same layout with a record broken into two lines just before IMPORTE_TOTAL (a cell
  // boundary): the pieces make exactly the header's 12 columns, so they are one record. A
  // record cut short with nothing to complete it stays a reject.
  const whole = row('Factura', '01', ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', '001-002', 4321, '20/03/2024', '8.75');
  const split = [
    HEADER,
    row('Factura', '01', ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', '001-002', 4320, '19/03/2024', '4.5'),
    whole.slice(0, 11),
    whole.slice(11),
    // 4322 is missing.
    row('Factura', '01', ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', '001-002', 4323, '21/03/2024', '1.2').slice(0, 10),
    row('Factura', '01', ÑUSTA, 'PANADERÍA LA ÑUSTA CÍA. LTDA.', '001-002', 4324, '22/03/2024', '3'),
  ];
  write('split-at-cell-boundary', 'input.txt', tsv(split), { encoding: 'latin1', eol: '\r\n' });
}

// --- A store system's export: semicolons, Latin-1, decimal commas, dd/MM/yyyy, void statuses --
write(
  'semicolon-latin1',
  'input.csv',
  [
    'Local;Número Factura;Fecha;Cliente;Total;Estado',
    // 03/04/2024 alone could be either order; 15/04/2024 settles the file as day first.
    'Cafetería Ñandú;001-001-000000001;03/04/2024;Consumidor final;1.234,56;AUTORIZADO',
    'Cafetería Ñandú;001-001-000000002;04/04/2024;José Peña;12,50;ANULADA',
    'Cafetería Ñandú;001-001-000000005;15/04/2024;Ana Núñez;0,31;AUTORIZADO',
    'Panadería La Española;002-001-000000010;05/04/2024;Consumidor final;2500;AUTORIZADO',
    'Panadería La Española;002-001-000000011;06/04/2024;María Ibáñez;45,00;',
    'Panadería La Española;002-001-000000013;30/04/2024;Consumidor final;45,00;Anulado',
    // Windows-1252, not only Latin-1: the curly apostrophe is byte 0x92.
    'Heladería D’Onofrio;003-001-000000001;07/04/2024;Consumidor final;3,50;AUTORIZADO',
    'Heladería D’Onofrio;003-001-000000002;08/04/2024;Consumidor final;7,00;AUTORIZADO',
  ].join('\n') + '\n',
  { encoding: 'latin1', eol: '\r\n' },
);

// --- UTF-8 with a BOM, access keys only: everything comes from the key -----------------------
write(
  'utf8-bom-keys',
  'input.csv',
  [
    'clave_acceso',
    key(OWN, '01', '001-001', 201, '01/04/2024'),
    key(OWN, '01', '001-001', 202, '02/04/2024'),
    key(OWN, '01', '001-001', 204, '03/04/2024'),
    key(ÑUSTA, '04', '001-002', 50, '02/04/2024'),
    key(ÑUSTA, '04', '001-002', 51, '02/04/2024'),
  ].join('\n') + '\n',
  { bom: true, eol: '\r\n' },
);

// --- Ragged rows: too few and too many cells -------------------------------------------------
write(
  'ragged-rows',
  'input.csv',
  [
    'tienda,numero,fecha,total',
    'L-101,1,2024-03-01,10.00',
    'L-101,2,2024-03-02',
    'L-101,3,2024-03-03,10.00,sobra',
    'L-101,4,2024-03-04,10.00,',
    'L-101,5,2024-03-05,10.00',
  ].join('\n') + '\n',
);

// --- Month-first dates: 15 in the second place settles the whole file as MM/dd/yyyy ----------
write(
  'month-first-dates',
  'input.csv',
  ['store,number,date,amount', 'US-1,1,03/04/2024,1.00', 'US-1,2,03/05/2024,1.00', 'US-1,5,03/15/2024,1.00', 'US-1,6,04/01/2024,1.00'].join(
    '\n',
  ) + '\n',
);

// --- Access keys that fail: check digit, length, disagreement with the row ------------------
{
  const good = (seq, date) => key(OWN, '01', '001-001', seq, date);
  const bad = good(302, '03/05/2024');
  const wrongDigit = bad.slice(0, 48) + String((+bad[48] + 1) % 10);
  write(
    'bad-check-digit',
    'input.csv',
    [
      'clave_acceso,secuencial,fecha,total',
      `${good(301, '02/05/2024')},301,2024-05-02,10.00`,
      `${wrongDigit},302,2024-05-03,10.00`,
      `${good(303, '04/05/2024')},333,2024-05-04,10.00`,
      `${good(304, '04/05/2024')},304,2024-05-05,10.00`,
      `${good(305, '06/05/2024').slice(0, 48)},305,2024-05-06,10.00`,
      `${good(306, '07/05/2024')},306,2024-05-07,10.00`,
    ].join('\n') + '\n',
  );
}

// --- Impossible dates (the file has no store column: --store is given) ----------------------
write(
  'impossible-date',
  'input.csv',
  ['numero,fecha,total', '1,2024-02-28,5', '2,2024-02-30,5', '3,2024-02-29,5', '4,31/04/2024,5', '5,2023-02-29,5', '6,2024-03-01,5'].join(
    '\n',
  ) + '\n',
);

// --- Quoted fields with delimiters, quotes and line breaks inside ---------------------------
write(
  'quoted-newlines',
  'input.csv',
  [
    'store,invoice_number,issue_date,customer,amount',
    'L-7,001-001-000000001,2024-06-01,"Comercial Pérez, S.A.\nSucursal Norte",10.00',
    'L-7,001-001-000000002,2024-06-02,"Dice ""hola""",5.00',
    'L-7,001-001-000000003,2024-06-31,"Línea uno\nlínea dos",7.00',
    'L-7,001-001-000000005,2024-06-05,"x,y",1.00',
  ].join('\n') + '\n',
);

// --- Prefixed numbers: Peru, Spain, a plain prefix ------------------------------------------
write(
  'prefixed-numbers',
  'input.csv',
  [
    'tienda,numero_comprobante,fecha,total',
    'Lima Centro,F001-00000123,2024-07-01,118.00',
    'Lima Centro,F001-00000124,2024-07-01,59.00',
    'Lima Centro,F001-00000126,2024-07-02,23.60',
    'Lima Centro,B001-00000050,2024-07-01,10.00',
    'Lima Centro,B001-00000051,2024-07-02,12.00',
    'Madrid Sol,A/2024/000123,2024-07-03,121.00',
    'Madrid Sol,A/2024/000125,2024-07-05,60.50',
    'Madrid Sol,FAC-000123,2024-07-03,10.00',
    'Madrid Sol,FAC-000124,2024-07-04,10.00',
  ].join('\n') + '\n',
);

// --- Status words that mean void: present, counted apart -----------------------------------
write(
  'void-status',
  'input.csv',
  [
    'store,number,date,status',
    'L-55,1,2024-08-01,AUTORIZADO',
    'L-55,2,2024-08-01,anulado',
    'L-55,3,2024-08-02,ANULADA',
    'L-55,4,2024-08-02,void',
    'L-55,5,2024-08-03,cancelled',
    'L-55,6,2024-08-03,Cancelado',
    'L-55,7,2024-08-04,Autorizado',
    'L-55,9,2024-08-05,',
  ].join('\n') + '\n',
);

// --- --number-pattern: a number with the year after it -------------------------------------
write(
  'number-pattern',
  'input.csv',
  ['numero,fecha', '123/2024,2024-09-01', '124/2024,2024-09-02', '127/2024,2024-09-03', '1/2025,2025-01-02', '2/2025,2025-01-03'].join(
    '\n',
  ) + '\n',
);

// --- An import preset: the file name says which store and how to read it -------------------
write(
  'config-preset',
  'notas_credito_napoli_2024-08.csv',
  [
    'Nro Doc;F. Emisión;Importe;Cliente',
    // US order, and no day over 12: without the preset these would be read day first.
    '000301;08/01/2024;12,00;Pérez',
    '000302;08/02/2024;8,50;Muñoz',
    '000305;08/05/2024;3,10;Consumidor final',
  ].join('\n') + '\n',
  { encoding: 'latin1', eol: '\r\n' },
);
writeFileSync(
  join(ROOT, 'config-preset', 'smo-gaps.config.json'),
  `${JSON.stringify(
    {
      presets: [
        {
          files: 'notas_credito_napoli_*.csv',
          store: 'L-204',
          doc_type: 'Nota de Crédito',
          encoding: 'latin1',
          date_format: 'MM/dd/yyyy',
          map: { sequential: 'Nro Doc', date: 'F. Emisión', amount: 'Importe' },
        },
      ],
    },
    null,
    2,
  )}\n`,
);

// --- A Peruvian invoice list: type names that carry their code, amounts in soles -----------
write(
  'peru-tipos-soles',
  'input.csv',
  [
    'Fecha Emision,Tipo Comprobante,Serie,Numero,Cliente,Importe Total',
    '02/05/2024,FACTURA ELECTRÓNICA (01),F001,118,Inversiones Quispe SAC,S/ 118.88',
    '02/05/2024,FACTURA ELECTRÓNICA (01),F001,119,Comercial Huamán EIRL,"S/. 1,250.00"',
    // F001-120 is missing: the gap belongs to 03/05/2024.
    '03/05/2024,FACTURA ELECTRÓNICA (01),F001,121,Inversiones Quispe SAC,PEN 5.00',
    '03/05/2024,BOLETA DE VENTA ELECTRONICA (03),B001,3001,Cliente varios,5.00 €',
    '04/05/2024,BOLETA DE VENTA ELECTRONICA (03),B001,3002,Cliente varios,S/ 12.50',
    // B001-3003 and 3004 are missing.
    '05/05/2024,BOLETA DE VENTA ELECTRONICA (03),B001,3005,Cliente varios,S/ 7.00',
  ].join('\n') + '\n',
);

// --- Chile's SII sales register: some rows end with empty "Otros Impuestos" cells ----------
{
  const header = 'Nro;Tipo Doc;Tipo Venta;Rut cliente;Razon Social;Folio;Fecha Docto;Monto Exento;Monto Neto;Monto IVA;Monto total';
  write(
    'sii-extra-empty-cells',
    'input.csv',
    [
      header,
      '1;33;Del Giro;76123456-7;Comercial Los Andes SpA;2101;01/06/2024;0;10000;1900;11900',
      // Three empty cells past the header (Codigo, Valor, Tasa Otro Imp.): read as absent.
      '2;33;Del Giro;77987654-3;Distribuidora Sur Ltda;2102;01/06/2024;0;20000;3800;23800;;;',
      '3;33;Del Giro;76123456-7;Comercial Los Andes SpA;2104;03/06/2024;0;5000;950;5950;;;',
      // 2103 is missing; 2105 has a value past the header: still a wrong column count.
      '4;33;Del Giro;78555111-2;Ferretería El Roble;2105;04/06/2024;0;8000;1520;9520;271;1200;15',
      '5;33;Del Giro;77987654-3;Distribuidora Sur Ltda;2106;05/06/2024;0;1000;190;1190',
    ].join('\n') + '\n',
    { encoding: 'latin1', eol: '\r\n' },
  );
}

// Cases that need options: the file has no store column, or an unusual number.
const caseFile = (name, value) => writeFileSync(join(ROOT, name, 'case.json'), `${JSON.stringify(value, null, 2)}\n`);
caseFile('impossible-date', { args: ['--store', 'L-101'] });
caseFile('number-pattern', { args: ['--store', 'ES-3', '--number-pattern', '^(?<seq>\\d+)/(?<series>\\d{4})$'] });
caseFile('config-preset', { input: 'notas_credito_napoli_2024-08.csv' });
caseFile('peru-tipos-soles', { args: ['--store', 'PE-12'] });
caseFile('sii-extra-empty-cells', { args: ['--store', 'CL-7'] });
console.log(`fixtures written under ${ROOT}`);
