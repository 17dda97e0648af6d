import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/db.js';
import { loadFile } from '../../src/ingest/load-file.js';
import { logRows } from '../../src/store/reviews.js';
import { REVIEW_STATUSES, setReview, type ReviewStatus } from '../../src/audit/reviews.js';
import { missingGaps } from '../../src/audit/missing.js';
import { buildReport } from '../../src/audit/report.js';

/**
 * Random reviews and random late arrivals, interleaved in random orders, against a
 * brute-force model that keeps one status per number (the last review that covered it):
 * the review status of every number still missing, and the report's explained count,
 * must be the model's. And the log replayed in order gives the same statuses.
 */
const N = 40;
const ALL = { from: 20000101, to: 20991231 };
const dateOf = (n: number) => `2024-03-${String(1 + Math.floor(n / 2)).padStart(2, '0')}`;

type Op = { kind: 'review'; from: number; to: number; status: ReviewStatus; comment: string } | { kind: 'arrive'; numbers: number[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc
    .record({
      a: fc.integer({ min: 1, max: N }),
      b: fc.integer({ min: 1, max: N }),
      status: fc.constantFrom(...REVIEW_STATUSES),
      comment: fc.constantFrom('', 'x', 'y'),
    })
    .map(({ a, b, status, comment }) => ({ kind: 'review' as const, from: Math.min(a, b), to: Math.max(a, b), status, comment })),
  fc
    .uniqueArray(fc.integer({ min: 2, max: N - 1 }), { minLength: 1, maxLength: 4 })
    .map((numbers) => ({ kind: 'arrive' as const, numbers })),
);

describe('reviews against a brute-force model', () => {
  it('every still-missing number has the status of the last review that covered it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 2, max: N - 1 }), { maxLength: 15 }),
        fc.array(opArb, { maxLength: 12 }),
        async (initial, ops) => {
          const dir = mkdtempSync(join(tmpdir(), 'smo-reviews-prop-'));
          const db = openDatabase(':memory:');
          try {
            let files = 0;
            const present = new Set<number>();
            const load = async (numbers: number[]) => {
              const path = join(dir, `f${files++}.csv`);
              writeFileSync(path, `local,secuencial,fecha\n${numbers.map((n) => `L-1,${n},${dateOf(n)}`).join('\n')}\n`);
              await loadFile(db, path, {});
              for (const n of numbers) present.add(n);
            };
            await load([1, N, ...initial]);
            const model = new Map<number, { status: string; comment: string }>();
            let logged = 0;
            for (const op of ops) {
              if (op.kind === 'arrive') {
                await load(op.numbers);
                continue;
              }
              let changes = 0;
              for (let n = op.from; n <= op.to; n++) {
                const m = model.get(n);
                if (!m || m.status !== op.status || m.comment !== op.comment) changes++;
                model.set(n, { status: op.status, comment: op.comment });
              }
              const outcome = setReview(db, { store: 'L-1', docType: '01', series: '-', ...op, by: 't', source: 'test' });
              expect(outcome.changed).toBe(changes > 0);
              logged += outcome.logged;
            }

            const actual = new Map<number, string>();
            for (const g of missingGaps(db, ALL)) for (const p of g.reviews) for (let n = p.from; n <= p.to; n++) actual.set(n, p.status);
            const expected = new Map<number, string>();
            for (let n = 1; n <= N; n++) if (!present.has(n)) expected.set(n, model.get(n)?.status ?? '');
            expect(actual).toEqual(expected);

            const explained = [...expected.values()].filter((s) => s === 'explained').length;
            expect(buildReport(db, ALL).totals.explained).toBe(explained);

            // The log replayed in order is the state.
            const log = logRows(db);
            expect(log).toHaveLength(logged);
            const replay = new Map<number, string>();
            for (const r of log) for (let n = r.from; n <= r.to; n++) replay.set(n, r.new_status);
            for (const [n, m] of model) expect(replay.get(n)).toBe(m.status);
          } finally {
            db.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
