// Tests that run Quire's real commands in processes of their own: the command, what it prints line
// by line (waiting for a line rather than for a time), and plain HTTP requests to what it serves.
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { environmentWith } from '../config.ts';

export const QUIRE = fileURLToPath(new URL('../../bin/quire.js', import.meta.url));

/** Lines a child writes on a stream, and a way to wait for one that matches. */
export function lines(stream: NodeJS.ReadableStream) {
  const seen: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      seen.push(line);
      for (const w of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    seen,
    next(pattern: RegExp): Promise<string> {
      const found = seen.find((l) => pattern.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.push({ pattern, resolve }));
    },
  };
}

/** `quire ARGS...` started from the sources, its output read line by line. */
export function startQuire(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [QUIRE, ...args], {
    env: environmentWith({ QUIRE_FROM_SOURCE: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const out = lines(child.stdout!);
  const err = lines(child.stderr!);
  return { child, exited, out, err, stderr: () => err.seen.join('\n') };
}

/** Runs `quire ARGS...` to its end: exit status, standard output and error. */
export async function runQuire(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = startQuire(args, env);
  const status = await run.exited;
  return { status, stdout: run.out.seen.join('\n'), stderr: run.stderr() };
}

/** A GET's status, headers and body, or the connection error's code. */
export function get(
  port: number,
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string } | string> {
  return new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

/** Ends a child still running at the end of a test, whatever happened in it. */
export function killIfRunning(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
