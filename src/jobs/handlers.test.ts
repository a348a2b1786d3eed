// The archive's jobs run by the runner, as `quire worker` and `quire serve` run them: the mail
// sender as a recurring job that runs once per slot however many processes poll, and re-analysis
// after a wrangler files a character under a fandom. Each poll is called by the test.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Mail } from '../accounts/mail.ts';
import { addItem, createCollection, updateSettings } from '../collections/collections.service.ts';
import { postComment } from '../community/comments.service.ts';
import type { Database } from '../db/database.ts';
import { DiskCache } from '../downloads/download-cache.ts';
import { downloadsService } from '../downloads/downloads.service.ts';
import { archiveCanon, setCanonical, setParent } from '../tags/wrangling.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { TextWorkers } from '../works/text-worker.ts';
import { workAccess } from '../works/work-access.ts';
import { importWork } from '../works/works.service.ts';
import { type HandlerContext, jobHandlers } from './handlers.ts';
import { probeEvents } from './jobs.repo.ts';
import { RECURRING } from './kinds.ts';
import { jobQueue, stopJobQueue } from './queue.ts';
import { JobRunner } from './runner.ts';

const workers = new TextWorkers({ size: 1 });
after(() => workers.close());

async function runners(database: Database, count: number, sent: Mail[], more: Partial<HandlerContext> = {}) {
  const queue = await jobQueue(database);
  const handlers = jobHandlers({
    database,
    queue,
    mail: { send: async (m) => void sent.push(m) },
    origin: 'https://archive.example',
    publicOrigin: null,
    suggest: async (parsed) => workers.suggest(parsed, await archiveCanon(database)),
    processName: 'test',
    ...more,
  });
  return Array.from({ length: count }, () => new JobRunner(queue, handlers, { recurring: RECURRING }));
}

/** Polls until nothing is due or running. */
async function drain(runner: JobRunner, database: Database): Promise<void> {
  const queue = await jobQueue(database);
  for (let i = 0; i < 20; i++) {
    await runner.poll();
    await runner.settled();
    const s = await queue.stats();
    if (s.waiting === 0 && s.running === 0) return;
  }
  assert.fail('jobs kept coming');
}

describeEachDialect('the archive’s jobs', (ctx) => {
  test('the mail sender is a recurring job: one round per slot, however many processes poll', async () => {
    try {
      const writer = await makeUser(ctx.database, 'jobwriter', { email: 'writer@example.org' });
      const reader = await makeUser(ctx.database, 'jobreader');
      const { workId } = await makeWork(ctx.database, { title: 'Queued', creator: writer });
      await postComment(ctx.database, { user: reader, address: '10.0.0.1' }, { workId, body: 'Lovely.' });
      const sent: Mail[] = [];
      const [a, b] = await runners(ctx.database, 2, sent);
      const now = new Date();
      await Promise.all([a!.poll(now), b!.poll(now)]);
      await Promise.all([a!.settled(), b!.settled()]);
      await drain(a!, ctx.database);
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0]!.to, 'writer@example.org');
      const queue = await jobQueue(ctx.database);
      assert.deepEqual(await queue.deadJobs(10), []);
      // Each process enqueued the slot's round; the key let one in.
      assert.equal((await queue.stats()).waiting, 0);
    } finally {
      await stopJobQueue(ctx.database);
    }
  });

  test("filing a character under a fandom re-reads the fandom's works by job, not in the request", async () => {
    try {
      const story = `Marisol Vance climbed to the lamp room at dusk. Teodor Lind was already there.
"You're late," Teodor said. Marisol shrugged and set down the oil. Marisol trimmed the wick while
Teodor watched the harbour. "Ships tonight," Marisol said. Teodor nodded, and Marisol laughed.`;
      const parsed = (await workers.parse(Buffer.from(story), 'story.txt'))!;
      const imported = await importWork(
        ctx.database,
        { ...parsed, tags: [{ type: 'fandom', name: 'Harbour Lights (TV)' }] },
        { path: '/tmp/harbour.txt', hash: 'harbour' },
      );
      const workId = (imported as { workId: number }).workId;
      await importWork(
        ctx.database,
        { ...parsed, tags: [{ type: 'character', name: 'Marisol Vance' }] },
        { path: '/tmp/marisol.txt', hash: 'marisol' },
      );
      await setCanonical(ctx.database, 'Harbour Lights (TV)', true);
      await setCanonical(ctx.database, 'Marisol Vance', true);
      const suggested = async () =>
        (
          await ctx.database.db
            .selectFrom('taggings')
            .innerJoin('tags', 'tags.id', 'taggings.tag_id')
            .select('tags.name')
            .where('taggings.work_id', '=', workId)
            .where('taggings.status', '=', 'suggested')
            .execute()
        ).map((r) => r.name);
      assert.ok(!(await suggested()).includes('Marisol Vance'), 'unknown to the analysis before wrangling');
      await setParent(ctx.database, 'Marisol Vance', 'Harbour Lights (TV)', true);
      assert.ok(!(await suggested()).includes('Marisol Vance'), 'the wrangling request does not wait for it');
      const [runner] = await runners(ctx.database, 1, []);
      await drain(runner!, ctx.database);
      assert.ok((await suggested()).includes('Marisol Vance'), `suggested: ${await suggested()}`);
    } finally {
      await stopJobQueue(ctx.database);
    }
  });

  test('a collection is revealed by the recurring job once its time has come, with no one visiting', async () => {
    try {
      const mod = await makeUser(ctx.database, 'revealmod');
      const writer = await makeUser(ctx.database, 'revealwriter');
      const reader = await makeUser(ctx.database, 'revealreader');
      const { workId } = await makeWork(ctx.database, { creator: writer });
      const fields = { name: 'swap', title: 'A swap', description: '', parent: '', open: true, moderated: false };
      await createCollection(ctx.database, mod, { ...fields, unrevealed: false, anonymous: false, revealAt: '' });
      await addItem(ctx.database, writer, 'swap', { workId });
      const soon = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
      await updateSettings(ctx.database, mod, 'swap', { ...fields, unrevealed: true, anonymous: true, revealAt: soon });
      const [runner] = await runners(ctx.database, 1, []);
      await drain(runner!, ctx.database);
      assert.equal(await workAccess(ctx.database, workId, reader), 'none', 'hidden until its time');
      // The time comes (moved back for the test): the next minute's run reveals it.
      assert.ok(RECURRING.some((r) => r.kind === 'collections.reveal' && r.everyMs <= 60_000));
      const past = new Date(Date.now() - 60_000).toISOString();
      await ctx.database.db.updateTable('collections').set({ reveal_at: past }).where('name', '=', 'swap').execute();
      await (await jobQueue(ctx.database)).enqueue('collections.reveal', {});
      await drain(runner!, ctx.database);
      assert.equal(await workAccess(ctx.database, workId, reader), 'read');
    } finally {
      await stopJobQueue(ctx.database);
    }
  });

  test('a probe records its start and its end', async () => {
    try {
      const queue = await jobQueue(ctx.database);
      await queue.enqueue('jobs.probe', { token: 'p1', holdMs: 0 });
      const [runner] = await runners(ctx.database, 1, []);
      await drain(runner!, ctx.database);
      assert.deepEqual(await probeEvents(ctx.database.db, 'p1'), [
        { event: 'started', process: 'test' },
        { event: 'finished', process: 'test' },
      ]);
    } finally {
      await stopJobQueue(ctx.database);
    }
  });

  test('the most read works get their downloads built ahead, as a guest gets them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-prepared-'));
    try {
      const writer = await makeUser(ctx.database, 'popularwriter');
      const { workId: popular } = await makeWork(ctx.database, { title: 'Read a lot', creator: writer });
      const { workId: restricted } = await makeWork(ctx.database, {
        title: 'Members',
        creator: writer,
        restricted: true,
      });
      await makeWork(ctx.database, { title: 'Unread', creator: writer });
      const today = new Date().toISOString().slice(0, 10);
      await ctx.database.db
        .insertInto('work_hits_daily')
        .values([
          { work_id: popular, day: today, hits: 40 },
          { work_id: restricted, day: today, hits: 90 },
        ])
        .execute();
      const cache = new DiskCache(dir);
      const origin = 'https://archive.example';
      const [runner] = await runners(ctx.database, 1, [], { publicOrigin: origin, downloads: { cache } });
      await (await jobQueue(ctx.database)).enqueue('downloads.popular', {});
      await drain(runner!, ctx.database);
      assert.deepEqual(readdirSync(dir), [`work-${popular}`], 'neither the restricted nor the unread work');
      // What a guest's request asks the cache for is what was built.
      for (const format of ['epub', 'html', 'txt'] as const) {
        const prepared = await downloadsService(ctx.database, { cache }).work(popular, format, {
          origin,
          viewer: null,
        });
        const version = prepared!.etag.slice(1, -1);
        assert.ok(readdirSync(join(dir, `work-${popular}`)).includes(`${format}-${version}.${format}`), format);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await stopJobQueue(ctx.database);
    }
  });
});
