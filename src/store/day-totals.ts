import type { Day } from '../input/dates.js';
import { Slab } from './slab.js';

/**
 * A load's invoices, voids and sales per series and issue day (the `series_days` rows it adds
 * to), held in memory and written once, in (date, series) order, when the load is done.
 * Written batch by batch instead, the upserts were the largest cost of a 10-million-row
 * per-store load (2.4 s of 11.4: each series touches every date, so every batch wrote all over
 * both of the table's B-trees, whose pages the load's own blocks kept pushing out of the cache).
 *
 * A series' days are a dense table indexed by calendar slot (372 a year: 31 a month), so a
 * row's day costs no lookup; a load holds at most SLOT_BUDGET slots in all (16 bytes each)
 * before writing what it has and starting afresh: the 10M benchmark's 599 series over 1,000
 * days hold 0.6M.
 */
export const SLOT_BUDGET = 1 << 20;

/** The calendar slot of a day: ordered like the days, 372 a year. */
function slotOf(date: Day): number {
  const year = Math.floor(date / 10000);
  const month = Math.floor(date / 100) % 100;
  return (year - 1900) * 372 + (month - 1) * 31 + (date % 100) - 1;
}

function dayOfSlot(slot: number): Day {
  const year = 1900 + Math.floor(slot / 372);
  const month = Math.floor((slot % 372) / 31) + 1;
  return year * 10000 + month * 100 + (slot % 31) + 1;
}

/** What every series' table holds, for the budget. */
class Budget {
  slots = 0;
}

/** An empty table's columns, shared (cover() replaces them, never writes into them): a load meets hundreds of series. */
const NO_COUNTS = new Int32Array(0);
const NO_SALES = new Float64Array(0);
/** A series' first table: views of shared buffers (store/slab.ts), since every series of a load needs one. */
const firstTables = new Slab();

/** One series' days of the load. */
export class SeriesDays {
  /** The slot of index 0; the table covers base .. base + invoices.length - 1. */
  private base = 0;
  private invoices = NO_COUNTS;
  private voids = NO_COUNTS;
  private sales = NO_SALES;
  /** The day last added and its index: a series' rows mostly come a day at a time. */
  private lastDate = 0;
  private lastIndex = 0;

  constructor(
    readonly seriesId: number,
    private readonly budget: Budget,
  ) {}

  /** One invoice of the day: void or not, and its sales value in cents. */
  add(date: Day, isVoid: 0 | 1, salesCents: number): void {
    let i = this.lastIndex;
    if (date !== this.lastDate) {
      const slot = slotOf(date);
      i = slot - this.base;
      if (i < 0 || i >= this.invoices.length) i = this.cover(slot);
      this.lastDate = date;
      this.lastIndex = i;
    }
    this.invoices[i]++;
    this.voids[i] += isVoid;
    this.sales[i] += salesCents;
  }

  /** How many days the table holds. */
  count(): number {
    let count = 0;
    for (let i = 0; i < this.invoices.length; i++) if (this.invoices[i] > 0) count++;
    return count;
  }

  /** Calls `each` with the slot of every day held, in order. */
  eachSlot(each: (slot: number) => void): void {
    for (let i = 0; i < this.invoices.length; i++) if (this.invoices[i] > 0) each(this.base + i);
  }

  /** The totals of a slot held. */
  at(slot: number, take: (invoices: number, voids: number, sales: number) => void): void {
    const i = slot - this.base;
    take(this.invoices[i], this.voids[i], this.sales[i]);
  }

  clear(): void {
    this.lastDate = 0;
    this.budget.slots -= this.invoices.length;
    this.base = 0;
    this.invoices = NO_COUNTS;
    this.voids = NO_COUNTS;
    this.sales = NO_SALES;
  }

  /** Grows the table to cover `slot`, with room to spare on the side that grew; returns its index. */
  private cover(slot: number): number {
    const length = this.invoices.length;
    let low = length === 0 ? slot : Math.min(this.base, slot);
    let high = length === 0 ? slot + 1 : Math.max(this.base + length, slot + 1);
    // A month more at least, a year at most.
    const spare = Math.min(Math.max(31, high - low), 372);
    if (length === 0 || slot >= this.base + length) high += spare;
    else low -= spare;
    const size = high - low;
    if (length === 0) {
      this.invoices = firstTables.int32(size);
      this.voids = firstTables.int32(size);
      this.sales = firstTables.float64(size);
    } else {
      const grown = <T extends Int32Array | Float64Array>(old: T, table: T): T => {
        table.set(old, this.base - low);
        return table;
      };
      this.invoices = grown(this.invoices, new Int32Array(size));
      this.voids = grown(this.voids, new Int32Array(size));
      this.sales = grown(this.sales, new Float64Array(size));
    }
    this.budget.slots += high - low - length;
    this.base = low;
    this.lastDate = 0;
    return slot - low;
  }
}

/** Every series' days of one load. */
export class DayTotals {
  private readonly budget = new Budget();
  private readonly series: SeriesDays[] = [];

  /** The table of a series met in the load. */
  forSeries(seriesId: number): SeriesDays {
    const days = new SeriesDays(seriesId, this.budget);
    this.series.push(days);
    return days;
  }

  /** Whether the tables hold more than the budget: time to write them. */
  get full(): boolean {
    return this.budget.slots > SLOT_BUDGET;
  }

  /** Writes every day held, in date order (then the order the series were met), and empties the tables. */
  write(upsert: (date: Day, seriesId: number, invoices: number, voids: number, salesCents: number) => void): void {
    // slot * 2^32 + the series' place: exact in a double (a slot is below 2^19), sorted natively.
    let count = 0;
    for (const table of this.series) count += table.count();
    const keys = new Float64Array(count);
    let k = 0;
    this.series.forEach((table, place) => {
      table.eachSlot((slot) => {
        keys[k++] = slot * 2 ** 32 + place;
      });
    });
    keys.sort();
    for (const key of keys) {
      const table = this.series[key % 2 ** 32];
      const slot = Math.floor(key / 2 ** 32);
      table.at(slot, (invoices, voids, sales) => upsert(dayOfSlot(slot), table.seriesId, invoices, voids, sales));
    }
    for (const table of this.series) table.clear();
  }
}
