/**
 * A jump (SPEC §9): a gap of more than N numbers (`--jump N`, default 10,000). A typo, a
 * numbering range change or a rollover past 999,999,999, not that many unreported
 * invoices: jumps stay in the gap lists, flagged, and are left out of missing, the
 * missing rates and the top N. The one place that says what a jump is.
 */
export const DEFAULT_JUMP = 10_000;

export function isJump(count: number, jump: number = DEFAULT_JUMP): boolean {
  return count > jump;
}

/** SQL for "this gap is not a jump", over a gaps table aliased `alias`, with the bound parameter @jump. */
export function notJumpSql(alias: string): string {
  return `(${alias}.to_seq - ${alias}.from_seq + 1) <= @jump`;
}
