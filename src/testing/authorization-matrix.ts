// The loop every authorization matrix runs: each route asked as each actor, an answer under 400
// only for the actors allowed, and each form refused without its CSRF token. The matrices
// (collections, prompt memes, gift exchanges) differ in their worlds and rows, not in this.
import type { TestBrowser } from './server.ts';

/** One row: who may, and how to build a fresh request (the world may change as rows run). */
export interface MatrixCase<Actor extends string, World> {
  allowed: readonly Actor[];
  request: (w: World) => Promise<{ url: string; form?: Record<string, string> }>;
}

/**
 * Asks every `route` of `cases` as every actor, and every POST once more as `csrfActor` without
 * a CSRF token; returns what answered otherwise than the row says, one line each.
 */
export async function matrixMismatches<Actor extends string, World>(
  cases: Iterable<readonly [string, MatrixCase<Actor, World>]>,
  actors: readonly Actor[],
  browsers: Record<Actor, TestBrowser>,
  world: World,
  csrfActor: Actor,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const [route, c] of cases) {
    const post = route.startsWith('POST ');
    for (const actor of actors) {
      const { url, form } = await c.request(world);
      const res = post ? await browsers[actor].post(url, form ?? {}) : await browsers[actor].get(url);
      if (res.statusCode < 400 !== c.allowed.includes(actor))
        wrong.push(`${route} ${url} as ${actor}: ${res.statusCode}`);
    }
    if (post) {
      const { url, form } = await c.request(world);
      const res = await browsers[csrfActor].post(url, form ?? {}, { csrf: false });
      if (res.statusCode !== 403) wrong.push(`${route} ${url} without a CSRF token: ${res.statusCode}`);
    }
  }
  return wrong;
}
