// Works for the exporters' tests: an ordinary one with everything a preface can hold, a hostile
// one whose every string is what an attacker or an enthusiast might write, a series of them; and
// epubcheck, which every EPUB a test builds must pass.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ExportableSeries } from '../exporters/exportable-series.ts';
import type { ExportableWork } from '../exporters/exportable-work.ts';
import { readSetting } from '../config.ts';

export function sampleWork(overrides: Partial<ExportableWork> = {}): ExportableWork {
  return {
    id: 12,
    url: 'https://quire.example/works/12',
    title: 'The Keeper of Gull Rock',
    creators: ['tidewright', 'Marisol Vega'],
    summary: 'A lighthouse keeper, a storm, and the ghost who fixes the lamp.',
    language: 'en',
    words: 1234,
    postedAt: '2024-01-05T08:00:00.000Z',
    updatedAt: '2024-02-10T09:30:00.000Z',
    complete: false,
    expectedChapters: null,
    tags: [
      { type: 'freeform', name: 'Slow Burn' },
      { type: 'rating', name: 'Teen And Up Audiences' },
      { type: 'warning', name: 'No Archive Warnings Apply' },
      { type: 'category', name: 'F/F' },
      { type: 'fandom', name: 'Original Work' },
      { type: 'relationship', name: 'Agnes/The Ghost' },
      { type: 'character', name: 'Agnes' },
      { type: 'character', name: 'The Ghost' },
    ],
    series: [{ title: 'The Lighthouse Cycle', position: 2 }],
    notes: [
      { position: 'beginning', html: '<p>Written for a prompt about lamps.</p>' },
      { position: 'end', html: '<p>Thank you for reading!</p>' },
    ],
    chapters: [
      {
        position: 1,
        title: 'Chapter 1: The Lamp',
        html: '<p>Agnes climbed the hundred and twelve steps at dusk.</p><p>The lamp was already lit.</p>',
        notes: [
          { position: 'beginning', html: '<p>Short chapter.</p>' },
          { position: 'end', html: '<p>More soon.</p>' },
        ],
      },
      { position: 2, title: 'Chapter 2: The Tea', html: '<p>She left the ghost a cup of tea.</p>', notes: [] },
    ],
    archiveName: 'Quire',
    ...overrides,
  };
}

export const NASTY = `<script>alert("x")</script> & 'quotes' "double" 😀 灯台 ]]> &amp;`;

export function hostileWork(): ExportableWork {
  const base = sampleWork();
  return sampleWork({
    title: `Title ${NASTY}`,
    creators: [`Creator ${NASTY}`, '李雷'],
    summary: `Summary ${NASTY}\n\nSecond paragraph <b>not bold</b>`,
    tags: [
      { type: 'rating', name: 'Mature' },
      { type: 'fandom', name: `Fandom ${NASTY}` },
      { type: 'freeform', name: `Tag ${NASTY}` },
    ],
    series: [{ title: `Series ${NASTY}`, position: 1 }, ...base.series],
    notes: [
      ...base.notes,
      { position: 'beginning', html: `<p>Note &lt;script&gt; &amp; <script>alert(1)</script> 中文 &nbsp;</p>` },
    ],
    chapters: [
      {
        position: 1,
        title: `Chapter ${NASTY}`,
        html: `<p>Body &amp; &lt;tag&gt; &nbsp; &copy; 😀 中文<br>line<hr><ul><li>one</ul><table><tr><td>1<td>2</table><img src="https://img.example/x.png" alt="art" onerror="alert(1)"><a href="/works/3">rel</a><a href="javascript:alert(1)">js</a><p align="center">centred</p>\u0001`,
        notes: [{ position: 'end', html: `<p>End ${NASTY.replace(/</g, '&lt;')}</p>` }],
      },
      ...base.chapters.slice(1),
    ],
    archiveName: `Archive ${NASTY}`,
  });
}

export function sampleSeries(overrides: Partial<ExportableSeries> = {}): ExportableSeries {
  const first = sampleWork({
    id: 11,
    url: 'https://quire.example/works/11',
    title: 'The Lamp Lit',
    series: [{ title: 'The Lighthouse Cycle', position: 1 }],
    chapters: [{ position: 1, title: null, html: '<p>The first night.</p>', notes: [] }],
    notes: [],
  });
  const second = sampleWork();
  return {
    id: 4,
    url: 'https://quire.example/series/4',
    title: 'The Lighthouse Cycle',
    summary: 'Two stories of Gull Rock.',
    creators: ['tidewright', 'Marisol Vega'],
    language: 'en',
    words: first.words + second.words,
    postedAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-02-10T09:30:00.000Z',
    complete: false,
    works: [first, second],
    archiveName: 'Quire',
    ...overrides,
  };
}

// ---- epubcheck --------------------------------------------------------------------------------

export const EPUBCHECK = '/usr/share/java/epubcheck.jar';

/** The skip reason for epubcheck tests: skipped without the jar locally, a failure in CI. */
export const epubcheckSkip: string | false =
  !existsSync(EPUBCHECK) && !readSetting('ci') ? `epubcheck not installed (${EPUBCHECK})` : false;

/** Runs epubcheck (a JVM start: seconds) over each book; every one must come out with no errors or warnings. */
export async function assertEpubcheckClean(books: Record<string, Uint8Array>): Promise<void> {
  assert.ok(existsSync(EPUBCHECK), `epubcheck is required in CI: install Debian's epubcheck package (${EPUBCHECK})`);
  const dir = mkdtempSync(join(tmpdir(), 'quire-epubcheck-'));
  try {
    for (const [name, bytes] of Object.entries(books)) {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.epub`);
      writeFileSync(file, bytes);
      const { stdout, stderr } = await promisify(execFile)('java', [
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-jar',
        EPUBCHECK,
        file,
      ]).catch((e: { stdout: string; stderr: string }) => e);
      assert.match(stdout, /No errors or warnings detected/, `${name}:\n${stdout}\n${stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
