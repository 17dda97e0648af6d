/**
 * The three kinds of failure a user can meet, each with its exit code (SPEC §6).
 * Only src/cli.ts turns them into an exit code; everything else throws.
 */
export class SmoError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad usage: unknown option, malformed period, conflicting options. Exit 2. */
export class UsageError extends SmoError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Unusable input: unreadable file, no store identifiable, a --strict rejection. Exit 2. */
export class InputError extends SmoError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A check the user asked for did not pass (--fail-on-gaps, verify mismatch). Exit 1. */
export class CheckFailed extends SmoError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** A store filter names a store the database has never seen; cli.ts names the option. Exit 2. */
export class UnknownStore extends UsageError {
  constructor(readonly store: string) {
    super(`'${store}': no such store in the database`);
  }
}
