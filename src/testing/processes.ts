// Real `quire` processes for a test: the command as an operator runs it (bin/quire.js, from the
// sources), what it prints read line by line (a test waits for a line, never for a time), and
// plain HTTP to what it serves, without keep-alive.
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
    /** Everything written so far, the unfinished last line included. */
    text: () => [...seen, partial].join('\n'),
    next(pattern: RegExp): Promise<string> {
      const found = seen.find((l) => pattern.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.push({ pattern, resolve }));
    },
  };
}

export interface QuireProcess {
  child: ChildProcess;
  out: ReturnType<typeof lines>;
  err: ReturnType<typeof lines>;
  stderr(): string;
  /** Its exit code (null when killed by a signal), once its output is read to the end. */
  exited: Promise<number | null>;
  /** Waits for a line on standard output; rejects, with what it wrote on standard error, if it exits first. */
  waitFor(pattern: RegExp): Promise<string>;
}

/**
 * `quire ARGS` in a process of its own, from the sources, in the test's environment with `env`
 * over it (only test files and config.ts touch the process's environment).
 */
export function startQuire(args: string[], env: NodeJS.ProcessEnv = {}): QuireProcess {
  const child = spawn(process.execPath, [QUIRE, ...args], {
    env: { ...environmentWith({}), ...env, QUIRE_READ_WORKERS: '0', QUIRE_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const out = lines(child.stdout!);
  const err = lines(child.stderr!);
  return {
    child,
    out,
    err,
    stderr: err.text,
    exited,
    async waitFor(pattern) {
      const line = await Promise.race([out.next(pattern), exited.then(() => null)]);
      if (line === null) throw new Error(`quire ${args[0]} exited: ${err.text()}`);
      return line;
    },
  };
}

/** Runs `quire ARGS` to its end: exit status, standard output and error. */
export async function runQuire(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = startQuire(args, env);
  const status = await run.exited;
  return { status, stdout: run.out.text(), stderr: run.stderr() };
}

/** Ends a child still running at the end of a test, whatever happened in it. */
export function killIfRunning(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request; the connection's error code instead of an answer when there is none. */
export function http(
  port: number,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer | string> {
  return new Promise((resolve) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method,
        path,
        agent: false,
        headers: {
          ...(opts.body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) }
            : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end(opts.body);
  });
}

/** A GET: its status, headers and body, or the connection error's code. */
export const get = (port: number, path: string) => http(port, 'GET', path);
