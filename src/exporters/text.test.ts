import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTxt } from '../importers/txt.ts';
import { buildSeriesText, buildText, htmlToPlainText } from './text.ts';
import { hostileWork, NASTY, sampleSeries, sampleWork } from '../testing/exportable-works.ts';

describe('buildText', () => {
  const text = buildText(sampleWork());

  it('writes the preface as Key: value lines, then summary and notes under labels', () => {
    assert.equal(
      text.slice(0, text.indexOf('\n\n\n')),
      [
        'Title: The Keeper of Gull Rock',
        'Creators: tidewright, Marisol Vega',
        'Rating: Teen And Up Audiences',
        'Archive Warning: No Archive Warnings Apply',
        'Category: F/F',
        'Fandom: Original Work',
        'Relationship: Agnes/The Ghost',
        'Character: Agnes, The Ghost',
        'Additional Tags: Slow Burn',
        'Language: English',
        'Series: Part 2 of The Lighthouse Cycle',
        'Published: 2024-01-05',
        'Updated: 2024-02-10',
        'Words: 1,234',
        'Chapters: 2/?',
        'Archive: Quire, https://quire.example/works/12',
        '',
        'Summary:',
        'A lighthouse keeper, a storm, and the ghost who fixes the lamp.',
        '',
        'Notes:',
        'Written for a prompt about lamps.',
      ].join('\n'),
    );
  });

  it('sets chapters apart by headings and their notes by labels, and ends with the end notes', () => {
    assert.match(
      text,
      /\n\n\nChapter 1: The Lamp\n\nChapter Notes:\nShort chapter\.\n\nAgnes climbed the hundred and twelve steps at dusk\.\n\nThe lamp was already lit\.\n\nChapter End Notes:\nMore soon\.\n\n\nChapter 2: The Tea\n\nShe left the ghost a cup of tea\.\n\nEnd Notes:\nThank you for reading!\n$/,
    );
    assert.doesNotMatch(text, /\r|<|&amp;/);
  });

  it('is read back by the text importer as the same work', () => {
    const parsed = parseTxt(Buffer.from(text), 'download.txt');
    const w = sampleWork();
    assert.equal(parsed.title, w.title);
    assert.deepEqual(parsed.creators, w.creators);
    assert.equal(parsed.language, 'en');
    assert.equal(parsed.summary, w.summary);
    assert.deepEqual(
      new Set(parsed.tags.map((t) => `${t.type}:${t.name}`)),
      new Set(w.tags.map((t) => `${t.type}:${t.name}`)),
    );
    assert.deepEqual(parsed.notes, [{ position: 'beginning', html: '<p>Written for a prompt about lamps.</p>' }]);
    assert.deepEqual(
      parsed.chapters.map((c) => [c.title, c.html, c.notes]),
      [
        [
          'Chapter 1: The Lamp',
          '<p>Agnes climbed the hundred and twelve steps at dusk.</p>\n<p>The lamp was already lit.</p>',
          [
            { position: 'beginning', html: '<p>Short chapter.</p>' },
            { position: 'end', html: '<p>More soon.</p>' },
          ],
        ],
        [
          'Chapter 2: The Tea',
          '<p>She left the ghost a cup of tea.</p>',
          [{ position: 'end', html: '<p>Thank you for reading!</p>' }],
        ],
      ],
    );
  });

  it('keeps hostile strings as the text they are, a title on one line', () => {
    const hostile = buildText(hostileWork());
    assert.ok(hostile.startsWith(`Title: Title ${NASTY}\n`));
    assert.match(
      hostile,
      /Body & <tag> \u00a0 © 😀 中文\nline\n\n\* \* \*\n\n- one\n\n1 \| 2\n\n\[image: art\]reljs\n\ncentred/,
    );
    assert.doesNotMatch(hostile, /\u0001/);
    const multiline = buildText(sampleWork({ title: 'Two\nLines' }));
    assert.ok(multiline.startsWith('Title: Two Lines\n'));
  });
});

describe('htmlToPlainText', () => {
  it('lays out paragraphs, line breaks, scene breaks, lists, quotes and preformatted text', () => {
    assert.equal(htmlToPlainText('<p>One   two\nthree</p><p>Four<br>five</p>'), 'One two three\n\nFour\nfive');
    assert.equal(htmlToPlainText('<p>a</p><hr><p>b</p>'), 'a\n\n* * *\n\nb');
    assert.equal(
      htmlToPlainText('<ol start="3"><li>x</li><li>y<br>z</li></ol><ul><li>p</li></ul>'),
      '3. x\n\n4. y\n   z\n\n- p',
    );
    assert.equal(htmlToPlainText('<blockquote><p>q1</p><p>q2</p></blockquote>'), '    q1\n\n    q2');
    assert.equal(htmlToPlainText('<pre>  a\n    b</pre>'), '  a\n    b');
    assert.equal(
      htmlToPlainText('<p><em>so</em> <strong>it</strong> <img alt="map"> goes &amp; goes</p>'),
      'so it [image: map] goes & goes',
    );
    assert.equal(htmlToPlainText('plain <b>text</b> only'), 'plain text only');
    assert.equal(htmlToPlainText('<p></p><p>&nbsp;</p><p>x</p>'), 'x');
  });
});

describe('buildSeriesText', () => {
  it('opens with the series and its contents, then each work whole as a part', () => {
    const text = buildSeriesText(sampleSeries());
    assert.ok(
      text.startsWith(
        'The Lighthouse Cycle\nby tidewright, Marisol Vega\n\nWorks: 2\nWords: 2,468\nSeries Begun: 2024-01-01\nSeries Updated: 2024-02-10\nComplete: No\n\nSummary:\nTwo stories of Gull Rock.\n\nContents:\n\n1. The Lamp Lit\n2. The Keeper of Gull Rock\n    Chapter 1: The Lamp\n    Chapter 2: The Tea\n',
      ),
    );
    const parts = text.split(/\n=+\nPart \d+\n=+\n/);
    assert.equal(parts.length, 3);
    assert.ok(parts[1]!.startsWith('\nTitle: The Lamp Lit\n'));
    assert.match(parts[1]!, /The first night\./);
    assert.ok(parts[2]!.startsWith('\nTitle: The Keeper of Gull Rock\n'));
    assert.match(parts[2]!, /End Notes:\nThank you for reading!\n$/);
  });
});
