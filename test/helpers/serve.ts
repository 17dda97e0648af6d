import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

/**
 * `smo-gaps serve` as a user starts it: the built binary on a free port (--port 0), its
 * address read from the line it prints on standard error. stop() sends a signal and waits for
 * the exit, with the exit code and everything the server printed.
 */
export interface RunningServer {
  url: string;
  /** Standard error so far (the start line, one line per request). */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stderr: string }>;
}

export function startServer(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${stderr}`));
    }, 20_000);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const m = / on (http:\/\/\S+\/)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stderr: () => stderr,
          stop: async (signal = 'SIGTERM') => {
            child.kill(signal);
            return { code: await exited, stderr };
          },
        });
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
}
