import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeWorkHtml } from '../importers/sanitize.ts';
import { css, html, SafeHtml, sanitizedHtml } from './html.ts';

test('interpolated strings are escaped, nested templates and sanitised HTML are not', () => {
  const name = '<img src=x onerror=alert(1)> & "quotes" \'single\'';
  const inner = html`<em>${name}</em>`;
  const page = html`<p title="${name}">${inner}${sanitizedHtml(sanitizeWorkHtml('<strong>ok</strong><script>x</script>'))}</p>`;
  assert.equal(
    page.value,
    '<p title="&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;"><em>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;</em><strong>ok</strong></p>',
  );
});

test('arrays join, null/undefined/booleans render nothing, numbers render', () => {
  assert.equal(html`${['a', html`<b>b</b>`]}|${null}|${undefined}|${false}|${3}`.value, 'a<b>b</b>||||3');
});

test('markup cannot be made from a bare string', () => {
  assert.throws(() => new SafeHtml(Symbol('html'), '<script>'), TypeError);
  // A string that claims to be sanitised is still escaped unless sanitizedHtml() wraps it.
  assert.equal(html`${sanitizeWorkHtml('<b>x</b>')}`.value, '&lt;b&gt;x&lt;/b&gt;');
});

test('css takes a literal style sheet only', () => {
  assert.equal(css`p { font-family: "Serif"; }`.value, 'p { font-family: "Serif"; }');
  assert.throws(() => css`</style><script>`, TypeError);
});
