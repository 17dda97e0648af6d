import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { describeReadError } from './record-stream.js';

/**
 * The SHA-256 of a file's content, read as a stream: how a run knows a file it has loaded
 * before, whatever its name (loadFile records the same hash on the run).
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } catch (error) {
    throw describeReadError(path, error as Error);
  }
  return hash.digest('hex');
}
