import { describe, expect, it } from 'vitest';
import { isInteractive, makeStyle } from '../../src/render/style.js';

describe('colour and progress decision', () => {
  it('colours only a terminal, without NO_COLOR, outside CI and dumb terminals', () => {
    expect(makeStyle({ isTTY: true }, {}).color).toBe(true);
    expect(makeStyle({ isTTY: true }, { NO_COLOR: '1' }).color).toBe(false);
    // An empty NO_COLOR is ignored (no-color.org).
    expect(makeStyle({ isTTY: true }, { NO_COLOR: '' }).color).toBe(true);
    expect(makeStyle({ isTTY: false }, {}).color).toBe(false);
    expect(makeStyle({}, {}).color).toBe(false);
    expect(makeStyle({ isTTY: true }, { CI: 'true' }).color).toBe(false);
    expect(makeStyle({ isTTY: true }, { TERM: 'dumb' }).color).toBe(false);
    expect(makeStyle({ isTTY: false }, {}).chalk.red('x')).toBe('x');
  });

  it('shows progress only on an interactive stream', () => {
    expect(isInteractive({ isTTY: true }, {})).toBe(true);
    expect(isInteractive({ isTTY: false }, {})).toBe(false);
    expect(isInteractive({ isTTY: true }, { CI: '1' })).toBe(false);
  });
});
