import { describe, expect, it } from 'vitest';
import { escapeControls, escapeStrings } from '../src/escape.js';

describe('escapeStrings', () => {
  const controls = ['\u001b[2J', 'bell\u0007', 'line\nbreak', 'c1\u009b', 'bidi\u202e', 'isolate\u2066'];

  it('escapes every control character, in nested objects and arrays, as escapeControls does', () => {
    for (const text of controls) {
      const value = { store: 'L-1', stores: [{ code: text, gaps: [{ series: text }] }], n: 3 };
      expect(escapeStrings(value)).toEqual({
        store: 'L-1',
        stores: [{ code: escapeControls(text), gaps: [{ series: escapeControls(text) }] }],
        n: 3,
      });
      expect(escapeControls(text)).not.toBe(text);
    }
  });

  it('gives the value itself when nothing in it needs escaping, and leaves it unchanged', () => {
    const value = { store: 'L-1', top: [{ store: 'Ñandú', missing: 2 }], none: null };
    expect(escapeStrings(value)).toBe(value);
    expect(value.top[0].store).toBe('Ñandú');
  });

  it('copies a value with a backslash of its own, unchanged apart from controls', () => {
    const value = { path: 'C:\\exports\\l-1.csv', note: 'ok' };
    expect(escapeStrings(value)).toEqual(value);
  });

  it('escapes a lone string', () => {
    expect(escapeStrings('a\u001bb')).toBe('a\\u001bb');
  });
});
