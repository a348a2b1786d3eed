import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textParagraphs } from './paragraphs.ts';

test('blank lines make paragraphs, line breaks stay, every character is escaped', () => {
  const text = '  Loved it!\r\nSo much.  \n \n\n<b>"Wren" & \'Kit\'</b>\n';
  assert.equal(
    textParagraphs(text).value,
    '<p>Loved it!<br>So much.</p>\n<p>&lt;b&gt;&quot;Wren&quot; &amp; &#39;Kit&#39;&lt;/b&gt;</p>',
  );
  assert.equal(
    textParagraphs(text, 'xhtml').value,
    "<p>Loved it!<br/>So much.</p>\n<p>&lt;b&gt;&quot;Wren&quot; &amp; 'Kit'&lt;/b&gt;</p>",
  );
});

test('empty text makes no paragraphs; characters XML forbids leave XHTML', () => {
  assert.equal(textParagraphs(' \n\n ').value, '');
  assert.equal(textParagraphs('a\u0000b', 'xhtml').value, '<p>ab</p>');
});
