import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editableText, readerHtml, UserTextError } from './user-text.ts';

const opts = { what: 'a comment', maxChars: 100 };

test('plain text: blank lines make paragraphs, line breaks stay, everything escaped', () => {
  assert.equal(
    readerHtml('Loved it!\r\nSo much.\n\n\nThe lamp <3 & "Wren"', opts),
    '<p>Loved it!<br>So much.</p>\n<p>The lamp &lt;3 &amp; &quot;Wren&quot;</p>',
  );
});

test('HTML is cut to the comment subset and made inert', () => {
  const out = readerHtml(
    '<p onclick="x()">Hi <em>there</em> <a href="javascript:alert(1)">x</a> <a href="https://ao3.org">ok</a></p><script>alert(1)</script><img src=x onerror=alert(1)><h1>big</h1>',
    { ...opts, maxChars: 1000 },
  );
  assert.doesNotMatch(out, /<script|onerror|onclick|javascript:|<img|<h1/i);
  assert.match(out, /<em>there<\/em>/);
  assert.match(out, /<a href="https:\/\/ao3.org" rel="nofollow">ok<\/a>/);
  assert.match(out, /big/, 'text of a disallowed element stays');
});

test('HTML without block elements still gets paragraphs from blank lines', () => {
  assert.equal(readerHtml('<em>One</em>\n\nTwo', opts), '<p><em>One</em></p>\n<p>Two</p>');
});

test('empty, nothing-but-script and too long are refused with the limit and the length', () => {
  assert.throws(() => readerHtml('   \n ', opts), /cannot be empty/);
  assert.throws(() => readerHtml('<script>alert(1)</script>', opts), /nothing left once unsafe HTML is removed/);
  assert.throws(
    () => readerHtml('x'.repeat(101), opts),
    (e: Error) => e instanceof UserTextError && /at most 100 characters; yours has 101/.test(e.message),
  );
  // Characters are code points: 100 emoji fit in 100.
  assert.doesNotThrow(() => readerHtml('🐚'.repeat(100), opts));
});

test('editable text gives plain writers their text back, HTML writers their HTML', () => {
  assert.equal(editableText(readerHtml('One <3\nline\n\nTwo', opts)), 'One <3\nline\n\nTwo');
  const rich = readerHtml('<p>A <strong>bold</strong> claim</p>', opts);
  assert.equal(editableText(rich), rich);
});
