import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, truncate, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseFile, SUPPORTED_EXTENSIONS } from './parse-file.ts';
import { ImportError } from './import-error.ts';
import { makeDocx } from './fixtures/docx-writer.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'quire-import-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reason(path: string): Promise<string> {
  try {
    await parseFile(path);
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
    assert.equal(e.file, path);
    return e.reason;
  }
  assert.fail('no error thrown');
}

describe('parseFile', () => {
  // Issue 18, finding 8: a FIFO was opened and read (a writer-less one blocks forever; /dev/zero never ends).
  test('a pipe or a device is refused by its type, without being read', async () => {
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    assert.equal(await reason(fifo), 'is not a regular file (a device, pipe or socket)');
  });

  test('reads a .txt file by its extension, in any case', async () => {
    const path = join(dir, 'Ferry.TXT');
    await writeFile(path, 'The ferry left at dawn.\n\nNobody waved.');
    const w = await parseFile(path);
    assert.deepEqual(w.source, { filename: 'Ferry.TXT', format: 'txt' });
    assert.equal(w.chapters[0]!.html, '<p>The ferry left at dawn.</p>\n<p>Nobody waved.</p>');
  });

  test('picks the reader by extension', async () => {
    const files: [string, string | Buffer, string][] = [
      ['a.md', '# Salt\n\nThe *sea* rose.', 'markdown'],
      ['a.markdown', 'The sea rose.', 'markdown'],
      ['a.html', '<p>The <i>sea</i> rose.</p>', 'html'],
      ['a.htm', '<p>The sea rose.</p>', 'html'],
      ['a.docx', makeDocx([{ runs: ['The sea rose.'] }]), 'docx'],
    ];
    for (const [name, content, format] of files) {
      const path = join(dir, name);
      await writeFile(path, content);
      const w = await parseFile(path);
      assert.equal(w.source.format, format, name);
      assert.match(w.chapters[0]!.html, /^<p>The (<em>|<i>)?sea(<\/em>|<\/i>)? rose\.<\/p>$/, name);
    }
    assert.deepEqual([...SUPPORTED_EXTENSIONS], ['.txt', '.md', '.markdown', '.html', '.htm', '.docx', '.epub']);
  });

  test('a broken .docx is reported, not thrown raw', async () => {
    const path = join(dir, 'broken.docx');
    await writeFile(path, 'this is not a zip');
    assert.equal(await reason(path), 'not a valid .docx (zip archive unreadable)');
  });

  test('an unsupported extension names the supported ones', async () => {
    const path = join(dir, 'story.pdf');
    await writeFile(path, '%PDF-1.4');
    assert.equal(await reason(path), `unsupported file type '.pdf' (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`);
    assert.match(await reason(join(dir, 'README')), /^unsupported file type \(no extension\)/);
  });

  test('a file over the limit is refused before it is read', async () => {
    const path = join(dir, 'huge.txt');
    await writeFile(path, '');
    await truncate(path, 50 * 1024 * 1024); // sparse: no 50 MB written
    assert.equal(await reason(path), 'file is 50.0 MB; the limit is 10 MB');
  });

  test('empty, missing, a folder', async () => {
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');
    assert.equal(await reason(empty), 'file is empty');
    assert.equal(await reason(join(dir, 'missing.txt')), 'no such file');
    await mkdir(join(dir, 'folder.txt'));
    assert.equal(await reason(join(dir, 'folder.txt')), 'is a folder, not a file');
  });
});
