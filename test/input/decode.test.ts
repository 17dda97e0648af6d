import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ToUtf8, decodeWindows1252, parseEncodingOption, type Encoding } from '../../src/input/decode.js';

async function decode(chunks: Buffer[], mode: Encoding | 'auto' = 'auto'): Promise<{ text: string; encoding: string }> {
  const decoder = new ToUtf8(mode);
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(decoder)) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString('utf8'), encoding: decoder.encoding };
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Windows-1252's characters for 0x80-0x9F (WHATWG encoding standard; undefined bytes keep their value). */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

describe('encoding detection and decoding', () => {
  it('passes ASCII through and calls it ascii', async () => {
    expect(await decode([utf8('store,number\nL-1,1\n')])).toEqual({ text: 'store,number\nL-1,1\n', encoding: 'ascii' });
  });

  it('recognises UTF-8, with or without a BOM', async () => {
    expect(await decode([utf8('local;número\nCafetería Ñandú;1\n')])).toEqual({
      text: 'local;número\nCafetería Ñandú;1\n',
      encoding: 'utf8',
    });
    const bom = await decode([utf8('\ufeffclave_acceso\n')]);
    expect(bom.encoding).toBe('utf8');
    expect(bom.text).toBe('\ufeffclave_acceso\n'); // the parser drops the BOM
  });

  it('recognises Latin-1 / Windows-1252 from the bytes', async () => {
    expect(await decode([latin1('Local;Número\nPanadería La Española;1\n')])).toEqual({
      text: 'Local;Número\nPanadería La Española;1\n',
      encoding: 'windows-1252',
    });
  });

  it('decodes the Windows-1252 characters of 0x80-0x9F, which Node 20 gets wrong', async () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i));
    expect(decodeWindows1252(bytes)).toBe(CP1252);
    expect((await decode([Buffer.from([0x44, 0x92, 0x4f, 0x6e, 0x6f, 0x66, 0x72, 0x69, 0x6f])])).text).toBe('D’Onofrio');
  });

  it('decides on the first non-ASCII bytes even when a UTF-8 character is split between chunks', async () => {
    const bytes = utf8('numero,cliente\n1,Peña\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of ñ
    expect(await decode([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual({ text: 'numero,cliente\n1,Peña\n', encoding: 'utf8' });
  });

  it('keeps the decision for the rest of the file', async () => {
    // Latin-1 first: a later sequence that happens to be valid UTF-8 is still Latin-1.
    const result = await decode([latin1('a,é\n'), Buffer.from([0xc3, 0xa9, 0x0a])]);
    expect(result).toEqual({ text: 'a,é\nÃ©\n', encoding: 'windows-1252' });
  });

  it('calls a file that ends inside a multi-byte sequence Windows-1252', async () => {
    expect(await decode([Buffer.from([0x61, 0x2c, 0xc3])])).toEqual({ text: 'a,Ã', encoding: 'windows-1252' });
  });

  it('follows --encoding over the bytes', async () => {
    expect(await decode([utf8('Peña\n')], 'windows-1252')).toEqual({ text: 'PeÃ±a\n', encoding: 'windows-1252' });
    const forced = await decode([latin1('Peña\n')], 'utf8');
    expect(forced.encoding).toBe('utf8');
    expect(forced.text).toBe('Pe\ufffda\n');
  });

  it('reads --encoding names', () => {
    for (const name of ['utf8', 'UTF-8']) expect(parseEncodingOption(name)).toBe('utf8');
    for (const name of ['latin1', 'ISO-8859-1', 'windows-1252', 'cp1252', 'ANSI']) expect(parseEncodingOption(name)).toBe('windows-1252');
    expect(parseEncodingOption('utf16')).toBeUndefined();
  });
});
