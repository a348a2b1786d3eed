import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, it } from 'node:test';
import { buildHtml } from './html.ts';
import { CHROMIUM_PATH, closePdfRenderer, pdfAvailable, renderPdf } from './pdf.ts';
import { sampleWork } from '../testing/exportable-works.ts';
import { readSetting } from '../config.ts';

// As the browser tests: a missing chromium skips locally and fails in CI.
const skip = !pdfAvailable() && !readSetting('ci') ? `no chromium at ${CHROMIUM_PATH}` : false;

describe('renderPdf', { skip }, () => {
  after(closePdfRenderer);

  it('prints the HTML download as a PDF on A5 pages, several renders sharing one browser', {
    timeout: 60_000,
  }, async () => {
    const long = sampleWork({
      chapters: [1, 2, 3].map((n) => ({
        position: n,
        title: `Chapter ${n}`,
        html: '<p>The lamp turned all night.</p>'.repeat(40),
        notes: [],
      })),
    });
    const [a, b] = await Promise.all([
      renderPdf(buildHtml(long)),
      renderPdf(buildHtml(sampleWork()), { format: 'Letter' }),
    ]);
    for (const pdf of [a!, b!]) assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
    const text = Buffer.from(a!).toString('latin1');
    // Each chapter starts a page: preface + 3 chapters at least.
    assert.ok((text.match(/\/Type\s*\/Page\b/g) ?? []).length >= 4);
    assert.match(text, /\/MediaBox\s*\[\s*0 0 4(19\.\d+|20) 595\.\d+\s*\]/, 'A5');
    assert.match(Buffer.from(b!).toString('latin1'), /\/MediaBox\s*\[\s*0 0 612 792\s*\]/, 'Letter');
  });

  it('fetches nothing a work points at', { timeout: 60_000 }, async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      // Raw markup, not our export (which never writes these): the renderer itself must refuse.
      const page = `<!DOCTYPE html><html><head><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css"></head><body><img src="http://127.0.0.1:${port}/b.png"><iframe src="http://127.0.0.1:${port}/c"></iframe><script src="http://127.0.0.1:${port}/d.js"></script><p>x</p></body></html>`;
      const pdf = await renderPdf(page);
      assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
      assert.deepEqual(hits, []);
    } finally {
      server.close();
    }
  });
});
