import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPseud, type SignedIn } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import type { Database } from '../db/database.ts';
import { parseQuery } from '../search/query-parser.ts';
import { searchWorks } from '../search/search.service.ts';
import {
  addChapter,
  createDraft,
  deleteChapter,
  deleteWork,
  editChapter,
  orphanWork,
  reorderChapters,
  saveWork,
} from './posting.service.ts';
import { NotAllowedError, PostingError, type WorkFields } from './posting-rules.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { getAllChapterTexts, getWorkPage, workAccess } from './works.service.ts';
import { answerInvitation, myInvitations } from './creatorships.service.ts';
import { workFields } from '../testing/works.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { jobQueue, stopJobQueue } from '../jobs/queue.ts';

const TEXT = `Summary: Two keepers and one lamp.


The lamp at Gull Rock had been dark for nine nights when Maren climbed the stairs with the oil.

"You'll freeze up there," said Ada, but she handed over her own scarf.`;

const suggest = () => [
  {
    type: 'fandom' as const,
    name: 'Original Work',
    confidence: 0.9,
    evidence: [{ quote: 'Gull Rock', start: 0, end: 9 }],
  },
  { type: 'freeform' as const, name: 'Lighthouses', confidence: 0.6, evidence: [] },
  { type: 'freeform' as const, name: 'Angst', confidence: 0.4, evidence: [] },
];

function fields(over: Partial<WorkFields> = {}): WorkFields {
  return workFields({ summary: 'Two keepers and one lamp.', categories: ['F/F'], characters: ['Maren, Ada'], ...over });
}

async function people(db: Database): Promise<{ wren: SignedIn; ada: SignedIn }> {
  return { wren: await makeUser(db, 'wren'), ada: await makeUser(db, 'ada') };
}

describeEachDialect('posting', (ctx) => {
  test('a draft from pasted text is the writer’s alone until posted; posting needs AO3’s fields', async () => {
    const { wren, ada } = await people(ctx.database);
    const id = await createDraft(ctx.database, wren, { text: TEXT }, suggest);
    assert.equal(await workAccess(ctx.database, id, wren), 'edit');
    assert.equal(await workAccess(ctx.database, id, ada), 'none');
    assert.equal(await workAccess(ctx.database, id, null), 'none');
    const draft = (await getWorkPage(ctx.database, id))!;
    assert.equal(draft.summary, 'Two keepers and one lamp.');
    assert.deepEqual(draft.suggestions.map((s) => s.name).sort(), ['Angst', 'Lighthouses', 'Original Work']);
    assert.equal(
      (await searchWorks(ctx.database, parseQuery('lamp').query, { viewerId: wren.id })).works.length,
      0,
      'drafts are in no search',
    );

    await assert.rejects(
      saveWork(ctx.database, wren, id, fields({ fandoms: [], rating: '', warnings: [], title: '' }), { post: true }),
      (e: unknown) =>
        e instanceof PostingError &&
        ['title', 'fandoms', 'rating', 'warnings'].every((f) => e.problems.some((p) => p.field === f)),
    );
    await assert.rejects(saveWork(ctx.database, ada, id, fields(), { post: true }), NotAllowedError);

    const angst = draft.suggestions.find((s) => s.name === 'Angst')!;
    const lighthouses = draft.suggestions.find((s) => s.name === 'Lighthouses')!;
    const posted: string[] = [];
    await saveWork(
      ctx.database,
      wren,
      id,
      fields({ accept: [lighthouses.id], drop: [angst.id] }),
      { post: true },
      { workPosted: async (_s, w) => void posted.push(String(w)) },
    );
    assert.deepEqual(posted, [String(id)]);
    const page = (await getWorkPage(ctx.database, id))!;
    assert.equal(page.title, 'The Lamp');
    assert.equal(page.titleProvisional, false);
    assert.deepEqual(
      page.tags.map((t) => `${t.type}:${t.name}:${t.origin}`),
      [
        'rating:General Audiences:author',
        'warning:No Archive Warnings Apply:author',
        'category:F/F:author',
        'fandom:Original Work:analysis',
        'character:Maren:author',
        'character:Ada:author',
        'freeform:Lighthouses:analysis',
      ],
    );
    assert.deepEqual(page.suggestions, [], 'accepted, typed or dropped: nothing left open');
    assert.equal(await workAccess(ctx.database, id, ada), 'read');
    assert.equal((await searchWorks(ctx.database, parseQuery('tag:Lighthouses').query)).works[0]?.id, id);
    assert.equal((await searchWorks(ctx.database, parseQuery('tag:Angst').query)).works.length, 0);
  });

  test('chapters: add, edit, reorder, delete; posted date stays, updated date moves with the text', async () => {
    const { wren } = await people(ctx.database);
    const id = await createDraft(ctx.database, wren, { text: TEXT });
    await saveWork(ctx.database, wren, id, fields({ expectedChapters: 3 }), { post: true });
    const first = (await getWorkPage(ctx.database, id))!;
    assert.equal(first.complete, false);
    await new Promise((r) => setTimeout(r, 5));
    const notified: number[] = [];
    await addChapter(
      ctx.database,
      wren,
      id,
      { title: 'The Thaw', text: 'Spring came late.\n\nThe ice let go.', notesBeginning: 'Short one.', notesEnd: '' },
      { chapterPosted: async (_s, _w, c) => void notified.push(c) },
    );
    await addChapter(ctx.database, wren, id, {
      title: 'Summer',
      text: 'Ships again.',
      notesBeginning: '',
      notesEnd: '',
    });
    const three = (await getWorkPage(ctx.database, id))!;
    assert.equal(three.chapterCount, 3);
    assert.equal(three.complete, true);
    assert.equal(three.postedAt, first.postedAt);
    assert.ok(three.updatedAt > first.updatedAt);
    assert.equal(notified.length, 1);
    assert.deepEqual(
      three.chapters[1]!.notes.map((n) => n.html),
      ['<p>Short one.</p>'],
    );

    await editChapter(ctx.database, wren, id, 2, {
      title: 'The Thaw',
      text: 'Spring came very late.',
      notesBeginning: '',
      notesEnd: '',
    });
    // Issue 18, finding 1: chapter text too deeply nested for the sanitiser is refused before it runs.
    await assert.rejects(
      editChapter(ctx.database, wren, id, 2, {
        title: 'The Thaw',
        text: `${'<div>'.repeat(100_000)}thaw`,
        notesBeginning: '',
        notesEnd: '',
      }),
      (e: unknown) =>
        e instanceof PostingError &&
        e.problems.some((p) => p.field === 'text' && /nested more than 256 deep/.test(p.message)),
    );
    await reorderChapters(ctx.database, wren, id, [1, 3, 2]);
    assert.deepEqual(
      (await getAllChapterTexts(ctx.database, id)).map((c) => c.title),
      [null, 'Summer', 'The Thaw'],
    );
    await assert.rejects(reorderChapters(ctx.database, wren, id, [1, 1, 2]), PostingError);
    await deleteChapter(ctx.database, wren, id, 2);
    const after = await getAllChapterTexts(ctx.database, id);
    assert.deepEqual(
      after.map((c) => [c.position, c.title]),
      [
        [1, null],
        [2, 'The Thaw'],
      ],
    );
    assert.match(after[1]!.html, /very late/);
    await deleteChapter(ctx.database, wren, id, 2);
    await assert.rejects(deleteChapter(ctx.database, wren, id, 1), /at least one chapter/);
  });

  test('upload, co-creators, series, restricted, orphan and delete', async () => {
    const { wren, ada } = await people(ctx.database);
    const id = await createDraft(ctx.database, wren, {
      file: { bytes: Buffer.from('<h1>Salt</h1><p>The sea was loud.</p>'), filename: 'salt.html' },
    });
    assert.equal((await getWorkPage(ctx.database, id))!.title, 'Salt');
    await assert.rejects(
      createDraft(ctx.database, wren, { file: { bytes: Buffer.from('x'), filename: 'salt.pdf' } }),
      (e: unknown) => e instanceof PostingError && /unsupported file type/.test(e.message),
    );
    await assert.rejects(
      saveWork(ctx.database, wren, id, fields({ coCreators: ['nobody_here'] }), { post: true }),
      /no creator named 'nobody_here'/,
    );
    await saveWork(
      ctx.database,
      wren,
      id,
      fields({ title: 'Salt', coCreators: ['ada'], series: 'Sea Songs', restricted: true }),
      { post: true },
    );
    assert.deepEqual(
      (await getWorkPage(ctx.database, id))!.creators.map((c) => c.pseud),
      ['wren'],
      'ada is invited, not credited',
    );
    const [invitation] = await myInvitations(ctx.database, ada);
    await answerInvitation(ctx.database, ada, invitation!.id, 'accept');
    assert.deepEqual(
      (await getWorkPage(ctx.database, id))!.creators.map((c) => c.pseud),
      ['wren', 'ada'],
    );
    assert.equal(await workAccess(ctx.database, id, ada), 'edit', 'a co-creator edits');
    assert.equal(await workAccess(ctx.database, id, null), 'none', 'restricted: guests cannot see it');
    assert.equal((await searchWorks(ctx.database, parseQuery('sea').query)).works.length, 0);
    assert.equal((await searchWorks(ctx.database, parseQuery('sea').query, { viewerId: ada.id })).works.length, 1);

    await addPseud(ctx.database, wren, 'Saltwater');
    await saveWork(
      ctx.database,
      wren,
      id,
      fields({ title: 'Salt', coCreators: [], pseud: 'Saltwater', restricted: true }),
      { post: true },
    );
    assert.deepEqual(
      (await getWorkPage(ctx.database, id))!.creators.map((c) => c.pseud),
      ['Saltwater', 'ada'],
      'credited to another of my pseuds',
    );
    await assert.rejects(
      saveWork(ctx.database, wren, id, fields({ title: 'Salt', pseud: 'ada' }), { post: true }),
      /not one of your pseuds/,
    );

    await orphanWork(ctx.database, wren, id);
    assert.deepEqual(
      (await getWorkPage(ctx.database, id))!.creators.map((c) => [c.pseud, c.username]),
      [
        ['orphan_account', 'orphan_account'],
        ['ada', 'ada'],
      ],
      'wren’s credit passes to orphan_account; ada keeps hers',
    );
    assert.equal(await workAccess(ctx.database, id, wren), 'read');
    await assert.rejects(deleteWork(ctx.database, wren, id), NotAllowedError);

    const other = await createDraft(ctx.database, wren, { text: 'A short story about the tide.' });
    await saveWork(ctx.database, wren, other, fields({ title: 'Tide' }), { post: true });
    await deleteWork(ctx.database, wren, other);
    assert.equal(await getWorkPage(ctx.database, other), undefined);
    assert.equal((await searchWorks(ctx.database, parseQuery('tide').query)).works.length, 0);
  });

  test('a chapter edit returns before the analysis; its job re-reads the whole work, is retried when it fails, and replaces the open suggestions', async () => {
    const { wren } = await people(ctx.database);
    const id = await createDraft(ctx.database, wren, { text: TEXT }, suggest);
    const open = async () => (await getWorkPage(ctx.database, id))!.suggestions.map((s) => s.name).sort();
    const seen: ParsedWork[] = [];
    let down = true;
    const again = async (parsed: ParsedWork) => {
      seen.push(parsed);
      if (down) throw new Error('the analysis is down');
      return [{ type: 'freeform' as const, name: 'Storms', confidence: 0.7, evidence: [] }];
    };
    const queue = await jobQueue(ctx.database);
    try {
      await editChapter(ctx.database, wren, id, 1, {
        title: '',
        text: 'The storm came in at dusk, and Maren lit the lamp.',
        notesBeginning: 'A stormy one.',
        notesEnd: '',
      });
      assert.equal(seen.length, 0, 'the edit does not wait for the analysis');
      assert.deepEqual(await open(), ['Angst', 'Lighthouses', 'Original Work']);

      const handlers = jobHandlers({
        database: ctx.database,
        queue,
        mail: { send: async () => {} },
        origin: 'https://archive.example',
        publicOrigin: null,
        suggest: again,
      });
      const [job, ...more] = await queue.claim(['works.reanalyse'], 5);
      assert.deepEqual(job?.payload, { workId: id });
      assert.equal(more.length, 0, 'one job for the edit');
      // The first try fails: the job waits for another, and the old suggestions stay meanwhile.
      await assert.rejects(handlers['works.reanalyse'](job!.payload, job!), /the analysis is down/);
      assert.equal(await queue.fail(job!, 'the analysis is down'), 'retry');
      assert.equal((await queue.inspect(job!.id))?.state, 'waiting');
      assert.deepEqual(await open(), ['Angst', 'Lighthouses', 'Original Work']);

      // The next try reads the work as it is now, notes and summary included, and replaces them.
      down = false;
      await handlers['works.reanalyse'](job!.payload, job!);
      assert.equal(seen.length, 2);
      assert.equal(seen[1]!.summary, 'Two keepers and one lamp.');
      assert.match(seen[1]!.chapters[0]!.html, /The storm came in at dusk/);
      assert.match(seen[1]!.chapters[0]!.notes.map((n) => n.html).join(' '), /A stormy one/);
      assert.deepEqual(await open(), ['Storms']);
    } finally {
      await stopJobQueue(ctx.database);
    }
  });
});
