import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { isInteractive, makeStyle, PLAIN } from '../../src/render/style.js';

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

  it('without colour styles text exactly as chalk at level 0 does, chained or not', () => {
    const chalk = new Chalk({ level: 0 });
    const plain = makeStyle({ isTTY: false }, {}).chalk;
    for (const args of [['x'], ['a', 'b'], [], ['n', 3]] as unknown[][]) {
      expect(plain.red(...args)).toBe(chalk.red(...args));
      expect(plain.bold.yellow(...args)).toBe(chalk.bold.yellow(...args));
      expect(PLAIN.chalk.green.bold(...args)).toBe(chalk.green.bold(...args));
    }
    expect(plain.level).toBe(0);
    // A terminal's colour is chalk's own.
    expect(makeStyle({ isTTY: true }, {}).chalk.red('x')).toBe(new Chalk({ level: 1 }).red('x'));
  });

  it('shows progress only on an interactive stream', () => {
    expect(isInteractive({ isTTY: true }, {})).toBe(true);
    expect(isInteractive({ isTTY: false }, {})).toBe(false);
    expect(isInteractive({ isTTY: true }, { CI: '1' })).toBe(false);
  });
});
