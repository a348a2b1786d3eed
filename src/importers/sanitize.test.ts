import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeWorkHtml } from './sanitize.ts';

test('XSS payloads come out inert', () => {
  const cases: [string, string][] = [
    ['<p>Hi<script>alert(1)</script></p>', '<p>Hi</p>'],
    ['<p onclick="alert(1)" onmouseover="x()">Hi</p>', '<p>Hi</p>'],
    ['<img src="https://e.com/a.png" onerror="alert(1)">', '<img src="https://e.com/a.png" />'],
    ['<img src="javascript:alert(1)">', ''],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', ''],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="nofollow">x</a>'],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', '<a rel="nofollow">x</a>'],
    ['<a href="vbscript:msgbox(1)">x</a>', '<a rel="nofollow">x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a rel="nofollow">x</a>'],
    ['<a href="//evil.example/">x</a>', '<a rel="nofollow">x</a>'],
    ['<iframe src="https://evil.example"></iframe><p>ok</p>', '<p>ok</p>'],
    ['<object data="x.swf"></object><embed src="x.swf">ok', 'ok'],
    ['<form action="https://evil.example"><input name="pw"><button>Go</button></form>ok', 'ok'],
    ['<style>body{display:none}</style><p style="position:fixed">ok</p>', '<p>ok</p>'],
    ['<svg onload="alert(1)"><script>alert(1)</script></svg>ok', 'ok'],
    ['<math><mtext><img src=x onerror=alert(1)></mtext></math>ok', 'ok'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example"><p>ok</p>', '<p>ok</p>'],
    ['<base href="https://evil.example/"><p>ok</p>', '<p>ok</p>'],
    ['<p>1 &lt; 2 &amp; <b>bold</b></p>', '<p>1 &lt; 2 &amp; <b>bold</b></p>'],
  ];
  for (const [dirty, clean] of cases) assert.equal(sanitizeWorkHtml(dirty), clean, dirty);
});

test('the AO3-style allowlist is kept', () => {
  const html =
    '<h2 lang="fr" dir="ltr">Titre</h2><p align="center"><em>a</em> <strong>b</strong> <i>c</i> <b>d</b> <u>e</u> <s>f</s> <del>g</del> <ins>h</ins> <sup>i</sup> <sub>j</sub> <small>k</small> <big>l</big> <q>m</q> <cite>n</cite> <abbr title="x">o</abbr> <code>p</code> <span>q</span></p>' +
    '<blockquote><p>r</p></blockquote><pre>s</pre><ul><li>t</li></ul><ol start="3"><li>u</li></ol><dl><dt>v</dt><dd>w</dd></dl>' +
    '<table><caption>c</caption><thead><tr><th colspan="2">x</th></tr></thead><tbody><tr><td>y</td><td>z</td></tr></tbody></table><hr /><div>end<br />line</div>';
  assert.equal(sanitizeWorkHtml(html), html);
});

test('links get rel=nofollow and keep http, https and mailto', () => {
  assert.equal(
    sanitizeWorkHtml(
      '<a href="https://ao3.org/works/1" target="_blank" rel="opener">a</a> <a href="mailto:me@example.org">b</a>',
    ),
    '<a href="https://ao3.org/works/1" rel="nofollow">a</a> <a href="mailto:me@example.org" rel="nofollow">b</a>',
  );
});

test('classes, ids and inline styles are dropped', () => {
  assert.equal(
    sanitizeWorkHtml(
      '<p class="MsoNormal" id="x" style="color:red"><span class="a" style="font-size:20pt">t</span></p>',
    ),
    '<p><span>t</span></p>',
  );
});
