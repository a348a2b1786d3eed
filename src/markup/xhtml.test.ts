import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeAttr, escapeXml } from './escape.ts';
import { parseMarkup, textContent, toHtml } from './tree.ts';
import { htmlToXhtml } from './xhtml.ts';

const x = (html: string) => htmlToXhtml(html, { baseUrl: 'https://quire.example/works/5' }).value;

describe('escapeXml and escapeAttr', () => {
  it('escapes markup characters and drops characters XML forbids', () => {
    assert.equal(escapeXml('a < b & c > d "q"'), 'a &lt; b &amp; c &gt; d "q"');
    assert.equal(escapeAttr('say "hi" & <go>'), 'say &quot;hi&quot; &amp; &lt;go&gt;');
    assert.equal(escapeXml('bell\u0007 nul\u0000 esc\u001b keep\ttab\nline'), 'bell nul esc keep\ttab\nline');
    assert.equal(escapeXml('lone \uD800 surrogate, emoji 😀 kept'), 'lone  surrogate, emoji 😀 kept');
  });
});

describe('htmlToXhtml', () => {
  it('closes paragraphs, self-closes void elements and writes entities as characters', () => {
    assert.equal(x('<p>One<p>Two &nbsp;&amp;&copy;<br>three'), '<p>One</p><p>Two \u00a0&amp;©<br/>three</p>');
    assert.equal(x('a<hr>b<wbr>c'), 'a<hr/>b<wbr/>c');
  });

  it('pushes inline elements wrapped around paragraphs into each paragraph', () => {
    assert.equal(x('<em><p>a</p><p>b</p></em>'), '<p><em>a</em></p><p><em>b</em></p>');
    assert.equal(x('<b><i><p>deep</p></i></b>'), '<p><b><i>deep</i></b></p>');
    assert.equal(x('<span>a<div>b</div></span>'), '<span>a</span><div><span>b</span></div>');
  });

  it('keeps only phrasing content inside paragraphs and headings', () => {
    assert.equal(x('<h2><p>inner</p></h2>'), '<h2>inner</h2>');
    assert.equal(
      x('<p><em>x<blockquote>q</blockquote>y</em></p>'),
      '<p><em>x</em></p><blockquote><em>q</em></blockquote><p><em>y</em></p>',
    );
  });

  it('gives stray list and table content the item or cell it lacks', () => {
    assert.equal(x('<ul>text<li>one<li>two</ul>'), '<ul><li>text</li><li>one</li><li>two</li></ul>');
    assert.equal(x('<dl>loose<dt>t<dd>d</dl>'), '<dl><dd>loose</dd><dt>t</dt><dd>d</dd></dl>');
    assert.equal(
      x('<table><tr><td>a<td>b</tr>stray</table>'),
      '<table><tr><td>a</td><td>b</td></tr><tr><td>stray</td></tr></table>',
    );
    assert.equal(x('<li>lonely</li><td>cell</td>'), 'lonelycell');
  });

  it('renames elements HTML5 dropped and turns align into a style', () => {
    assert.equal(
      x('<acronym title="t">A</acronym><strike>s</strike><tt>c</tt><big>B</big>'),
      '<abbr title="t">A</abbr><s>s</s><code>c</code><span class="big">B</span>',
    );
    assert.equal(
      x('<center>c</center><p align="RIGHT">r</p><p align="sideways">n</p>'),
      '<div style="text-align: center">c</div><p style="text-align: right">r</p><p>n</p>',
    );
  });

  it('keeps only attributes that are valid where they stand', () => {
    assert.equal(
      x('<p class="x" style="color:red" onclick="e()" id="i" lang="fr" dir="rtl" title="t">p</p>'),
      '<p lang="fr" xml:lang="fr" dir="rtl" title="t">p</p>',
    );
    assert.equal(x('<ol start="3" type="i" reversed><li>x</ol>'), '<ol start="3" type="i"><li>x</li></ol>');
    assert.equal(
      x('<table><tr><td colspan="2" rowspan="x">c</td></tr></table>'),
      '<table><tr><td colspan="2">c</td></tr></table>',
    );
    assert.equal(x('<p lang="not a tag">p</p>'), '<p>p</p>');
  });

  it('resolves links against the work, unlinks the unsafe and the unreachable, never nests them', () => {
    assert.equal(
      x('<a href="/works/3" rel="nofollow">r</a>'),
      '<a href="https://quire.example/works/3" rel="nofollow">r</a>',
    );
    assert.equal(x('<a href="javascript:alert(1)">j</a><a href="#note">f</a><a>none</a>'), 'jfnone');
    assert.equal(x('<a href="mailto:a@b.example">m</a>'), '<a href="mailto:a@b.example">m</a>');
    assert.equal(
      x('<a href="https://a.example/"><p>one</p><a href="https://b.example/">two</a></a>'),
      '<p><a href="https://a.example/">one</a></p><a href="https://a.example/">two</a>',
    );
    assert.equal(htmlToXhtml('<a href="/works/3">r</a>').value, 'r');
  });

  it('replaces images, which would have to be inside the book, with a link to them', () => {
    assert.equal(
      x('<img src="https://art.example/a.png" alt="Agnes by the lamp">'),
      '<a href="https://art.example/a.png">[image: Agnes by the lamp]</a>',
    );
    assert.equal(
      x('<a href="https://x.example/"><img src="https://art.example/a.png"></a>'),
      '<a href="https://x.example/">[image]</a>',
    );
  });

  it('drops scripts, styles and forms with their content, and unwraps unknown elements', () => {
    assert.equal(
      x('<p>a<script>alert(1)</script><style>p{}</style>b</p><form><input>c</form><custom-el>d</custom-el>'),
      '<p>ab</p>d',
    );
  });

  it('keeps an empty paragraph and one of non-breaking spaces (writers use them as spacing)', () => {
    assert.equal(x('<p></p><p>&nbsp;</p>'), '<p></p><p>\u00a0</p>');
  });
});

describe('parseMarkup, textContent and toHtml', () => {
  it('reads XML with prefixes and HTML with implied tags', () => {
    const opf = parseMarkup(
      '<metadata><dc:title>T &amp; U</dc:title><meta name="calibre:series" content="S"/></metadata>',
      { xml: true },
    );
    assert.equal(textContent(opf), 'T & U');
    assert.equal(toHtml(parseMarkup('<p>a<p>b &lt; c<br>').children), '<p>a</p><p>b &lt; c<br></p>');
    assert.equal(
      textContent(parseMarkup('<p>one</p><p>two<br>three</p>'), true).trim().split(/\n+/).join('|'),
      'one|two|three',
    );
  });
});
