// SQL for fixed-window rate limits kept in the database, so every web process counts the same.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

/** Counts one hit in `bucket` and returns the window's count and when it resets. */
export async function hit(
  db: Kysely<Schema>,
  bucket: string,
  windowMs: number,
  now: Date,
): Promise<{ hits: number; resetsAt: string }> {
  const nowIso = now.toISOString();
  const resetsAt = new Date(now.getTime() + windowMs).toISOString();
  // A window that has passed starts again at 1; otherwise the count goes up.
  const result = await sql<{ hits: number; resets_at: string }>`
    INSERT INTO rate_limits (bucket, hits, resets_at) VALUES (${bucket}, 1, ${resetsAt})
    ON CONFLICT (bucket) DO UPDATE SET
      hits = CASE WHEN rate_limits.resets_at <= ${nowIso} THEN 1 ELSE rate_limits.hits + 1 END,
      resets_at = CASE WHEN rate_limits.resets_at <= ${nowIso} THEN ${resetsAt} ELSE rate_limits.resets_at END
    RETURNING hits, resets_at`.execute(db);
  const row = result.rows[0]!;
  return { hits: Number(row.hits), resetsAt: row.resets_at };
}

/**
 * Adds `n` to a bucket that lives until `resetsAt` (its name carries its window) and returns the
 * bucket's count with them.
 */
export async function add(db: Kysely<Schema>, bucket: string, n: number, resetsAt: Date): Promise<number> {
  const result = await sql<{ hits: number }>`
    INSERT INTO rate_limits (bucket, hits, resets_at) VALUES (${bucket}, ${n}, ${resetsAt.toISOString()})
    ON CONFLICT (bucket) DO UPDATE SET hits = rate_limits.hits + ${n}
    RETURNING hits`.execute(db);
  return Number(result.rows[0]!.hits);
}

/** Drops the buckets under `prefix` whose window has passed. */
export async function pruneExpired(db: Kysely<Schema>, prefix: string, now: Date): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('bucket', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`)
    .where('resets_at', '<=', now.toISOString())
    .execute();
}

export async function clear(db: Kysely<Schema>, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
}

/** A bucket's count in its current window, without counting a hit (0 when none or expired). */
export async function peek(db: Kysely<Schema>, bucket: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select('hits')
    .where('bucket', '=', bucket)
    .where('resets_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? Number(row.hits) : 0;
}

/** Clears every bucket whose name starts with `prefix` (an account's counters from all addresses). */
export async function clearPrefix(db: Kysely<Schema>, prefix: string): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('bucket', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`)
    .execute();
}
