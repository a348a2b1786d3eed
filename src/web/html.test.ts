import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, trustedHtml } from './html.ts';

test('interpolated strings are escaped, nested templates and trusted HTML are not', () => {
  const name = '<img src=x onerror=alert(1)> & "quotes" \'single\'';
  const inner = html`<em>${name}</em>`;
  const page = html`<p title="${name}">${inner}${trustedHtml('<strong>ok</strong>')}</p>`;
  assert.equal(
    page.value,
    '<p title="&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;"><em>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;</em><strong>ok</strong></p>',
  );
});

test('arrays join, null/undefined/booleans render nothing, numbers render', () => {
  assert.equal(html`${['a', html`<b>b</b>`]}|${null}|${undefined}|${false}|${3}`.value, 'a<b>b</b>||||3');
});
