import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiText } from '../../src/store/ascii-text.js';

describe('AsciiText', () => {
  it('writes integers exactly as JSON does, and anything else as String() does', () => {
    const text = new AsciiText();
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.maxSafeInteger(), fc.integer(), fc.constantFrom(0, -0, 9, 10, 99, 100, 2 ** 53 - 1, 1e21, 0.5))),
        (values) => {
          text.reset();
          text.reserve(1);
          text.char(0x5b);
          values.forEach((value, i) => {
            text.reserve(32);
            if (i > 0) text.char(0x2c);
            text.int(value);
          });
          text.reserve(1);
          text.char(0x5d);
          expect(text.view().toString('latin1')).toBe(`[${values.map(String).join(',')}]`);
        },
      ),
    );
  });

  it('writes strings as JSON.stringify does, growing past its first buffer', () => {
    const text = new AsciiText();
    const long = 'ñ"\\\n'.repeat(40_000);
    for (const value of ['', '0123456789012345678901234567890123456789012345678', 'a"b', long]) {
      text.reset();
      text.string(value);
      text.reserve(4);
      text.null();
      expect(text.view().toString('utf8')).toBe(`${JSON.stringify(value)}null`);
    }
  });
});
