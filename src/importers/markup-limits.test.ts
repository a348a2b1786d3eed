// Issue 18, finding 1: one upload of pathological markup held the server's only thread for minutes
// (500,000 `*a` as Markdown, 500,000 unclosed <b><i><span>, 500,000 nested <div>; docs/benchmarks.md).
// Each is refused by a linear check that names the limit, before any parser sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes } from './parse-file.ts';
import { ImportError } from './import-error.ts';
import { htmlShapeProblem, markdownShapeProblem, MARKUP_LIMITS } from './markup-limits.ts';

async function refusal(text: string, filename: string): Promise<string> {
  try {
    await parseBytes(Buffer.from(text), filename);
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected an ImportError, got ${String(e)}`);
    return e.reason;
  }
  assert.fail(`${filename} was read`);
}

test("the probe's pathological uploads are refused with the limit named", async () => {
  assert.match(
    await refusal('*a'.repeat(500_000), 'e.md'),
    /paragraph at line 1 has more than 1,000 runs of the marks/,
  );
  assert.match(
    await refusal('<b><i><span>'.repeat(500_000), 'u.html'),
    /nested more than 256 deep \(at line 1\); the limit is 256/,
  );
  assert.match(await refusal('<div>'.repeat(500_000), 'd.html'), /nested more than 256 deep/);
  assert.match(await refusal('<div>'.repeat(500_000), 'd.md'), /nested more than 256 deep/, 'HTML inside Markdown too');
});

test('the limits name the line where they were passed', () => {
  const md = `A first paragraph.\n\nA second one.\n\n${'_x'.repeat(MARKUP_LIMITS.inlineMarks + 1)}`;
  assert.match(markdownShapeProblem(md) ?? '', /paragraph at line 5/);
  const deep = `<p>one</p>\n<p>two</p>\n${'<span>'.repeat(MARKUP_LIMITS.nesting + 1)}`;
  assert.match(htmlShapeProblem(deep) ?? '', /at line 3/);
  const many = '<br>'.repeat(MARKUP_LIMITS.elements + 1);
  assert.match(htmlShapeProblem(many) ?? '', /more than 100,000 elements/);
});

test('real writing is far inside the limits', async () => {
  // A long novel's worth of paragraphs with emphasis, nested quotes and lists.
  const paragraph = '<p>She said <em>“never”</em>, and <strong>meant <i>it</i></strong>.</p>\n';
  const nested = '<blockquote><div><p><em><strong><span>deep</span></strong></em></p></div></blockquote>\n';
  const html = `${paragraph.repeat(20_000)}${nested.repeat(200)}`;
  assert.equal(htmlShapeProblem(html), null);
  const md = 'She said *never*, and **meant _it_**. [A link](https://example.org) and `code`.\n\n'.repeat(20_000);
  assert.equal(markdownShapeProblem(md), null);
  assert.equal(markdownShapeProblem('*'.repeat(5_000)), null, 'a row of stars is one run (a scene break)');
  const work = await parseBytes(Buffer.from(md), 'long.md');
  assert.ok(work.chapters.length >= 1);
});
