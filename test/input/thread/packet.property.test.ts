import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankRow, type InvoiceRow } from '../../../src/input/rows.js';
import { PacketDecoder, PacketEncoder, spentColumns } from '../../../src/input/thread/packet.js';

const STORES = ['L-101', 'L-102', 'Tienda Ñ', ''];
const DOC_TYPES = ['01', '04'];
const LABELS = ['001-001', '002-001', '-'];

/**
 * Rows as interpretRow makes them (an access key is 49 digits or absent), some with a
 * seriesKey as the fast reader gives it: one series per key, up to two keys per series.
 */
const plainRow = fc.record({
  store: fc.constantFrom(...STORES),
  docType: fc.constantFrom(...DOC_TYPES),
  series: fc.constantFrom(...LABELS),
  sequential: fc.integer({ min: 1, max: 999_999_999 }),
  date: fc.integer({ min: 19_000_101, max: 20_991_231 }),
  amount: fc.option(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { nil: null }),
  net: fc.option(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { nil: null }),
  amountUnreadable: fc.boolean(),
  authDateUnreadable: fc.boolean(),
  void: fc.boolean(),
  accessKey: fc.option(fc.stringMatching(/^\d{49}$/), { nil: null }),
  authDate: fc.option(fc.integer({ min: 19_000_101, max: 20_991_231 }), { nil: null }),
  line: fc.integer({ min: 2, max: 2_000_000_000 }),
});
const row: fc.Arbitrary<InvoiceRow> = fc
  .tuple(plainRow, fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }))
  .map(([r, variant]) => {
    if (variant === undefined) return r;
    const series = (STORES.indexOf(r.store) * DOC_TYPES.length + DOC_TYPES.indexOf(r.docType)) * LABELS.length + LABELS.indexOf(r.series);
    return { ...r, seriesKey: series * 2 + variant };
  });
const reject = fc.tuple(fc.integer({ min: 2, max: 1_000_000 }), fc.string(), fc.string());
type Event = { row: InvoiceRow } | { reject: [number, string, string] } | { take: true };
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 8, arbitrary: row.map((r) => ({ row: r })) },
  { weight: 1, arbitrary: reject.map((r) => ({ reject: r })) },
  { weight: 1, arbitrary: fc.constant({ take: true as const }) },
);

/**
 * Whatever the rows and however they are cut into packets (full packets, packets taken at
 * the end of a batch), unpacking gives the same rows, then the same rejects, packet by packet.
 */
describe('the reading thread packet format', () => {
  it('round-trips rows and rejects, with or without the columns moved back for reuse', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), (events, rowsPerPacket, recycled) => {
        const encoder = new PacketEncoder(rowsPerPacket);
        const decoder = new PacketDecoder();
        const seriesOfKey = new Map<number, string>();
        const counts: number[] = [];
        // What the decoder must give for each packet: its rows in order, then its rejects.
        let pending = { rows: [] as InvoiceRow[], rejects: [] as Array<[number, string, string]> };
        // As the writer does: each packet is decoded when it arrives, then (recycled) its
        // columns go back to the encoder, which fills them again with the rows to come.
        const take = () => {
          const packet = encoder.take(0, 0).packet;
          counts.push(packet.count);
          const got = { rows: [] as InvoiceRow[], rejects: [] as Array<[number, string, string]> };
          decoder.decode(packet, {
            row: ({ seriesKey, ...r }) => {
              // The packet's series index is the row's seriesKey: one series per key.
              const series = `${r.store}|${r.docType}|${r.series}`;
              expect(seriesOfKey.get(seriesKey as number) ?? series).toBe(series);
              seriesOfKey.set(seriesKey as number, series);
              got.rows.push(r);
            },
            reject: (...r) => got.rejects.push(r),
          });
          expect(got).toEqual(pending);
          pending = { rows: [], rejects: [] };
          if (recycled) encoder.recycle(spentColumns(packet).columns);
        };
        for (const e of events) {
          if ('row' in e) {
            const { seriesKey: _, ...expectedRow } = e.row;
            pending.rows.push(expectedRow);
            if (encoder.row(e.row)) take();
          } else if ('reject' in e) {
            pending.rejects.push(e.reject);
            encoder.reject(...e.reject);
          } else if (encoder.pending) take();
        }
        if (encoder.pending) take();
        expect(counts.every((count) => count <= rowsPerPacket)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fills moved-back columns again instead of making new ones', () => {
    const encoder = new PacketEncoder(2);
    const row = blankRow({ store: 'L-1', docType: '01', series: '001-001', sequential: 1, date: 20240101, line: 2 });
    encoder.row(row);
    // Taking a packet starts the next one at once: moved back, the first packet's columns serve the one after that.
    const first = encoder.take(0, 0).packet;
    encoder.recycle(spentColumns(first).columns);
    encoder.row({ ...row, sequential: 2, line: 3 });
    const second = encoder.take(0, 0).packet;
    encoder.row({ ...row, sequential: 3, line: 4 });
    const third = encoder.take(0, 0).packet;
    expect(second.sequential).not.toBe(first.sequential);
    expect(third.sequential).toBe(first.sequential);
    expect(third.line).toBe(first.line);
    expect(Array.from(third.sequential.subarray(0, third.count))).toEqual([3]);
  });

  it('sends a series once: later packets name it by index only', () => {
    const encoder = new PacketEncoder(2);
    const r: InvoiceRow = {
      store: 'L-1',
      docType: '01',
      series: '001-001',
      sequential: 1,
      date: 20240101,
      amount: null,
      net: null,
      amountUnreadable: false,
      authDateUnreadable: false,
      void: false,
      authDate: null,
      accessKey: null,
      line: 2,
    };
    encoder.row(r);
    expect(encoder.row({ ...r, sequential: 2 })).toBe(true);
    const first = encoder.take(0, 0).packet;
    encoder.row({ ...r, sequential: 3 });
    const second = encoder.take(0, 0).packet;
    expect(first.newSeries).toEqual(['L-1', '01', '001-001']);
    expect(second.newSeries).toEqual([]);
  });

  it('is worth sending once its rejects hold 4M characters, a few long lines as well as many short ones', () => {
    const encoder = new PacketEncoder();
    const long = 'x'.repeat(900_000);
    for (let i = 0; i < 4; i++) encoder.reject(i + 2, 'non-numeric sequential', long);
    expect(encoder.worthSending).toBe(false);
    encoder.reject(6, 'non-numeric sequential', long);
    expect(encoder.worthSending).toBe(true);
    encoder.take(0, 5);
    encoder.reject(7, 'non-numeric sequential', long);
    expect(encoder.worthSending).toBe(false);
  });
});
