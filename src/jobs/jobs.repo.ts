// All SQL of the SQLite job queue (the `jobs` table, migration 20) and of probe jobs' records.
// A claim is one UPDATE … RETURNING: SQLite runs one writer at a time, so two processes polling
// the same file never take the same row.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface JobRow {
  id: number;
  kind: string;
  payload: string;
  state: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  last_error: string | null;
  finished_at: string | null;
}

export async function insertJob(
  db: Db,
  job: { kind: string; payload: string; key: string | null; maxAttempts: number; runAt: string; at: string },
): Promise<number | null> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: job.payload,
      state: 'waiting',
      dedupe_key: job.key,
      attempts: 0,
      max_attempts: job.maxAttempts,
      run_at: job.runAt,
      lease_until: null,
      claimed_by: null,
      last_error: null,
      created_at: job.at,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Takes up to `limit` due waiting jobs of these kinds for `by` until `leaseUntil`, oldest due first. */
export async function claimJobs(
  db: Db,
  kinds: readonly string[],
  limit: number,
  now: string,
  leaseUntil: (kind: string) => string,
  by: string,
): Promise<JobRow[]> {
  if (kinds.length === 0 || limit <= 0) return [];
  const leases = sql.join(
    kinds.map((k) => sql`WHEN ${k} THEN ${leaseUntil(k)}`),
    sql` `,
  );
  const r = await sql<JobRow>`
    UPDATE jobs
       SET state = 'running', attempts = attempts + 1, claimed_by = ${by},
           lease_until = CASE kind ${leases} END
     WHERE id IN (SELECT id FROM jobs
                   WHERE state = 'waiting' AND run_at <= ${now} AND kind IN (${sql.join(kinds)})
                   ORDER BY run_at, id LIMIT ${limit})
    RETURNING id, kind, payload, state, attempts, max_attempts, run_at, last_error, finished_at`.execute(db);
  return r.rows;
}

// A claim is a job's id and its try: a process whose lease ran out, and whose job another took
// since, finds its try no longer current and changes nothing.

export async function markDone(db: Db, id: number, attempt: number, at: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'done', finished_at: at, lease_until: null })
    .where('id', '=', id)
    .where('attempts', '=', attempt)
    .where('state', '=', 'running')
    .execute();
}

/** A failed try: waiting again at `retryAt`, or dead when it was the last. Returns the new state. */
export async function markFailed(
  db: Db,
  id: number,
  attempt: number,
  error: string,
  at: string,
  retryAt: string,
): Promise<'retry' | 'dead' | null> {
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: sql<string>`CASE WHEN ${eb.ref('attempts')} >= ${eb.ref('max_attempts')} THEN 'dead' ELSE 'waiting' END`,
      run_at: sql<string>`CASE WHEN ${eb.ref('attempts')} >= ${eb.ref('max_attempts')} THEN ${eb.ref('run_at')} ELSE ${retryAt} END`,
      finished_at: sql<
        string | null
      >`CASE WHEN ${eb.ref('attempts')} >= ${eb.ref('max_attempts')} THEN ${at} ELSE NULL END`,
      last_error: error.slice(0, 2000),
      lease_until: null,
    }))
    .where('id', '=', id)
    .where('attempts', '=', attempt)
    .where('state', '=', 'running')
    .returning('state')
    .executeTakeFirst();
  return row ? (row.state === 'dead' ? 'dead' : 'retry') : null;
}

/** Back to waiting without counting the try (a process stopping before it finished). */
export async function release(db: Db, id: number, attempt: number, now: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set((eb) => ({ state: 'waiting', attempts: eb('attempts', '-', 1), run_at: now, lease_until: null }))
    .where('id', '=', id)
    .where('attempts', '=', attempt)
    .where('state', '=', 'running')
    .execute();
}

/** Running jobs whose lease ran out before `now`, with their attempts. */
export async function expiredLeases(db: Db, now: string): Promise<{ id: number; kind: string; attempts: number }[]> {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'attempts'])
    .where('state', '=', 'running')
    .where('lease_until', '<', now)
    .execute();
}

/** A running job's try failed by its lease running out, unless it was finished meanwhile. */
export async function failExpired(
  db: Db,
  id: number,
  attempt: number,
  now: string,
  retryAt: string,
): Promise<'retry' | 'dead' | null> {
  const taken = await db
    .updateTable('jobs')
    .set({ lease_until: now })
    .where('id', '=', id)
    .where('attempts', '=', attempt)
    .where('state', '=', 'running')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) return null;
  return markFailed(db, id, attempt, 'its process stopped before the job finished (the lease ran out)', now, retryAt);
}

export async function deadJobs(db: Db, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'payload', 'state', 'attempts', 'max_attempts', 'run_at', 'last_error', 'finished_at'])
    .where('state', '=', 'dead')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A dead job gets one more try, due now; false when there is no such dead job. */
export async function retryDead(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set((eb) => ({ state: 'waiting', max_attempts: eb('attempts', '+', 1), run_at: now, finished_at: null }))
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function job(db: Db, id: number): Promise<JobRow | undefined> {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'payload', 'state', 'attempts', 'max_attempts', 'run_at', 'last_error', 'finished_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function counts(
  db: Db,
  now: string,
): Promise<{ waiting: number; scheduled: number; running: number; dead: number; oldestDue: string | null }> {
  const r = await sql<{ waiting: number; scheduled: number; running: number; dead: number; oldest_due: string | null }>`
    SELECT COALESCE(SUM(CASE WHEN state = 'waiting' AND run_at <= ${now} THEN 1 ELSE 0 END), 0) AS waiting,
           COALESCE(SUM(CASE WHEN state = 'waiting' AND run_at > ${now} THEN 1 ELSE 0 END), 0) AS scheduled,
           COALESCE(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0) AS running,
           COALESCE(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END), 0) AS dead,
           MIN(CASE WHEN state = 'waiting' AND run_at <= ${now} THEN run_at END) AS oldest_due
      FROM jobs WHERE state <> 'done'`.execute(db);
  const row = r.rows[0]!;
  return {
    waiting: Number(row.waiting),
    scheduled: Number(row.scheduled),
    running: Number(row.running),
    dead: Number(row.dead),
    oldestDue: row.oldest_due,
  };
}

/** Finished jobs older than `before` are forgotten; their keys with them. */
export async function forgetDone(db: Db, before: string): Promise<void> {
  await db.deleteFrom('jobs').where('state', '=', 'done').where('finished_at', '<', before).execute();
}

// ---- probe jobs ---------------------------------------------------------------------------------

export async function recordProbe(db: Db, token: string, event: string, process: string, at: string): Promise<void> {
  await db.insertInto('job_probes').values({ token, event, process, at }).execute();
}

export async function probeEvents(db: Db, token: string): Promise<{ event: string; process: string }[]> {
  return db.selectFrom('job_probes').select(['event', 'process']).where('token', '=', token).orderBy('id').execute();
}
