// Real `quire` processes for a test: the command as an operator runs it (bin/quire.js, from the
// sources), its standard output read line by line, and plain HTTP to it without keep-alive.
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const QUIRE = fileURLToPath(new URL('../../bin/quire.js', import.meta.url));

/** Lines the child writes on standard output, and a way to wait for one that matches. */
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

export interface QuireProcess {
  child: ChildProcess;
  out: ReturnType<typeof lines>;
  stderr(): string;
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Waits for a line on standard output; rejects, with what it wrote on standard error, if it exits first. */
  waitFor(pattern: RegExp): Promise<string>;
}

/**
 * `quire ARGS` in a process of its own, from the sources, in this environment (the test's own,
 * with what it sets: only test files touch the process's environment).
 */
export function startQuire(args: string[], env: NodeJS.ProcessEnv): QuireProcess {
  const child = spawn(process.execPath, [QUIRE, ...args], {
    env: { ...env, QUIRE_READ_WORKERS: '0', QUIRE_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const out = lines(child.stdout!);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return {
    child,
    out,
    stderr: () => err,
    exited,
    async waitFor(pattern) {
      const line = await Promise.race([out.next(pattern), exited.then(() => null)]);
      if (line === null) throw new Error(`quire ${args[0]} exited: ${err}`);
      return line;
    },
  };
}

export interface HttpAnswer {
  status: number;
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
        res.on('end', () => resolve({ status: res.statusCode!, body }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end(opts.body);
  });
}
