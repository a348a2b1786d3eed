import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { parseHtmlString } from '../importers/html.ts';
import { buildHtml, buildSeriesHtml } from './html.ts';
import { hostileWork, NASTY, sampleSeries, sampleWork } from '../testing/exportable-works.ts';

type Doc = ReturnType<typeof parseDocument>;
const all = (doc: Doc) => DomUtils.findAll(() => true, doc.children);
const text = (doc: Doc, selector: (e: ReturnType<typeof all>[number]) => boolean) =>
  DomUtils.findAll(selector, doc.children).map((e) => DomUtils.textContent(e).replace(/\s+/g, ' ').trim());

/** What every page we write must be: self-contained, scriptless, with unique ids and working anchors. */
function assertSelfContained(page: string): Doc {
  const doc = parseDocument(page);
  const elements = all(doc);
  assert.equal(elements.filter((e) => e.name === 'script').length, 0, 'no scripts');
  assert.equal(
    elements.filter((e) => e.name === 'link' || e.name === 'img' || e.name === 'iframe').length,
    0,
    'nothing fetched',
  );
  for (const e of elements) {
    for (const name of Object.keys(e.attribs)) {
      assert.ok(!/^on/i.test(name), `<${e.name} ${name}>: no event handlers`);
      assert.ok(name !== 'src' && name !== 'srcset', `<${e.name} ${name}>: nothing fetched`);
    }
    if (e.attribs.href)
      assert.ok(/^(https?:|mailto:|#)/.test(e.attribs.href), `<a href="${e.attribs.href}">: absolute or in-page`);
  }
  const ids = elements.map((e) => e.attribs.id).filter(Boolean);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const e of elements)
    if (e.attribs.href?.startsWith('#'))
      assert.ok(ids.includes(e.attribs.href.slice(1)), `${e.attribs.href} has a target`);
  assert.equal(elements.filter((e) => e.name === 'style').length, 1, 'one inline stylesheet');
  assert.match(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  return doc;
}

describe('buildHtml', () => {
  const page = buildHtml(sampleWork());
  const doc = assertSelfContained(page);

  it('writes the preface: title, creators, tags by type in AO3 order, language, series, stats, summary, notes', () => {
    assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.deepEqual(
      text(doc, (e) => e.name === 'h1'),
      ['The Keeper of Gull Rock'],
    );
    assert.deepEqual(
      text(doc, (e) => e.attribs.class === 'byline'),
      ['by tidewright, Marisol Vega'],
    );
    const labels = text(doc, (e) => e.name === 'dt');
    assert.deepEqual(labels, [
      'Rating:',
      'Archive Warning:',
      'Category:',
      'Fandom:',
      'Relationship:',
      'Character:',
      'Additional Tags:',
      'Language:',
      'Series:',
      'Stats:',
    ]);
    assert.match(
      page,
      /<a class="tag" href="https:\/\/quire.example\/tags\/Agnes\*s\*The%20Ghost">Agnes\/The Ghost<\/a>/,
    );
    assert.match(page, /<dd class="language" lang="en">English<\/dd>/);
    assert.match(page, /Part 2 of The Lighthouse Cycle/);
    assert.match(page, /Published: 2024-01-05.*Updated: 2024-02-10.*Words: 1,234.*Chapters: 2\/\?/s);
    assert.match(
      page,
      /<p class="label">Summary<\/p><blockquote class="userstuff"><p>A lighthouse keeper, a storm, and the ghost who fixes the lamp.<\/p><\/blockquote>/,
    );
    assert.match(
      page,
      /<p class="label">Notes<\/p><blockquote class="userstuff"><p>Written for a prompt about lamps.<\/p><\/blockquote>/,
    );
  });

  it('sets each chapter apart with its heading and boxed notes, then the end notes and the work address', () => {
    assert.deepEqual(
      text(doc, (e) => e.name === 'h2'),
      ['Chapter 1: The Lamp', 'Chapter 2: The Tea'],
    );
    const ch1 = page.slice(
      page.indexOf('<section class="chapter" id="chapter-1">'),
      page.indexOf('<section class="chapter" id="chapter-2">'),
    );
    assert.ok(
      ch1.indexOf('Chapter Notes') < ch1.indexOf('Agnes climbed') &&
        ch1.indexOf('Agnes climbed') < ch1.indexOf('Chapter End Notes'),
    );
    assert.match(
      ch1,
      /<div class="notes end" id="chapter-1-endnotes"><p class="label">Chapter End Notes<\/p><blockquote class="userstuff"><p>More soon.<\/p><\/blockquote><\/div>/,
    );
    assert.match(
      page,
      /<div id="afterword">\n<div class="notes end" id="endnotes"><p class="label">End Notes<\/p><blockquote class="userstuff"><p>Thank you for reading!<\/p>/,
    );
    assert.match(page, /Downloaded from Quire, a fan fiction archive: <a href="https:\/\/quire.example\/works\/12">/);
    assert.deepEqual(text(doc, (e) => e.name === 'nav').length, 1, 'a contents list for a multi-chapter work');
  });

  it('heads a one-shot once, with the work title', () => {
    const one = buildHtml(sampleWork({ chapters: [{ position: 1, title: null, html: '<p>Only.</p>', notes: [] }] }));
    const d = assertSelfContained(one);
    assert.deepEqual(
      text(d, (e) => e.name === 'h2'),
      [],
    );
    assert.equal(text(d, (e) => e.name === 'nav').length, 0);
  });

  it('leaves a site-relative work unlinked rather than linking to nowhere', () => {
    const rel = buildHtml(sampleWork({ url: '/works/12' }));
    assertSelfContained(rel);
    assert.match(rel, /<span class="tag">Agnes<\/span>/);
    assert.match(rel, /<span class="creator">tidewright<\/span>/);
  });

  it('never lets a user string become markup', () => {
    const hostile = buildHtml(hostileWork());
    const d = assertSelfContained(hostile);
    assert.doesNotMatch(hostile, /<script|<b>not bold|javascript:|onerror/i);
    assert.deepEqual(
      text(d, (e) => e.name === 'title'),
      [`Title ${NASTY}`],
    );
    assert.deepEqual(
      text(d, (e) => e.name === 'h1'),
      [`Title ${NASTY}`],
    );
    assert.ok(text(d, (e) => e.attribs.class === 'fandom' && e.name === 'dd')[0]!.includes(`Fandom ${NASTY}`));
    assert.match(
      hostile,
      /<a href="https:\/\/img.example\/x.png">\[image: art\]<\/a>/,
      'images become links: nothing is fetched',
    );
    assert.match(
      hostile,
      /<a href="https:\/\/quire.example\/works\/3">rel<\/a>/,
      'relative links resolve against the work',
    );
    assert.doesNotMatch(hostile, /\u0001/);
  });

  it('is read back by the HTML importer as the same work (AO3 download markup)', () => {
    const parsed = parseHtmlString(page, { filename: 'download.html', format: 'html' });
    const w = sampleWork();
    assert.equal(parsed.title, w.title);
    assert.deepEqual(parsed.creators, w.creators);
    assert.equal(parsed.language, 'en');
    assert.equal(parsed.summary, w.summary);
    const order = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'];
    assert.deepEqual(
      parsed.tags,
      [...w.tags].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type)),
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

  it('is deterministic', () => {
    assert.equal(buildHtml(sampleWork()), page);
  });
});

describe('buildSeriesHtml', () => {
  const page = buildSeriesHtml(sampleSeries());
  const doc = assertSelfContained(page);

  it('opens with the series, its stats and a contents list nested work > chapters', () => {
    assert.deepEqual(
      text(doc, (e) => e.name === 'h1'),
      ['The Lighthouse Cycle'],
    );
    assert.match(page, /Works: 2.*Words: 2,468.*Series Begun: 2024-01-01.*Series Updated: 2024-02-10.*Complete: No/s);
    const toc = DomUtils.findOne((e) => e.name === 'nav', doc.children)!;
    const top = DomUtils.findOne((e) => e.name === 'ol', toc.children)!;
    const items = top.children.filter((c) => DomUtils.isTag(c)) as ReturnType<typeof all>;
    assert.deepEqual(
      items.map((li) => DomUtils.textContent(DomUtils.findOne((e) => e.name === 'a', li.children)!)),
      ['The Lamp Lit', 'The Keeper of Gull Rock'],
    );
    assert.deepEqual(
      text({ children: items[1]!.children } as Doc, (e) => e.name === 'li'),
      ['Chapter 1: The Lamp', 'Chapter 2: The Tea'],
    );
  });

  it('gives each work its own preface as a part, titles one level under the series', () => {
    assert.deepEqual(
      text(doc, (e) => e.name === 'h2' && e.attribs.class === 'title'),
      ['The Lamp Lit', 'The Keeper of Gull Rock'],
    );
    assert.deepEqual(
      text(doc, (e) => e.name === 'h3'),
      ['Chapter 1: The Lamp', 'Chapter 2: The Tea'],
    );
    assert.equal(DomUtils.findAll((e) => e.name === 'dl', doc.children).length, 3);
    assert.match(
      page,
      /<article class="part" id="part-2" lang="en">[\s\S]*id="part-2-chapter-1"[\s\S]*id="part-2-endnotes"/,
    );
    assert.match(page, /https:\/\/quire.example\/works\/11<\/a><br><a href="https:\/\/quire.example\/works\/12">/);
  });
});
