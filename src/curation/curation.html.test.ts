import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html } from '../markup/html.ts';
import {
  hideSeriesForm,
  hideWorkForm,
  inboxNavItem,
  markForLaterForm,
  saveSearchForm,
  subscribeForm,
} from './curation.html.ts';

const csrf = html`<input type="hidden" name="_csrf" value="t">`;

test('saveSearchForm carries the search without its page cursor, escaped, with the CSRF field', () => {
  const out = saveSearchForm(new URLSearchParams('q="><script>x</script>&fandom=A&B&after=cursor'), csrf).value;
  assert.match(out, /action="\/searches"/);
  assert.match(out, /name="_csrf" value="t"/);
  assert.match(out, /name="params" value="q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;fandom=A&amp;B="/);
  assert.doesNotMatch(out, /after=|<script>/);
});

test('hide, subscribe and mark-for-later forms switch action and label with their state', () => {
  assert.match(
    hideWorkForm(7, false, csrf).value,
    /action="\/account\/hidden"[\s\S]*name="work" value="7"[\s\S]*name="return_to" value="\/works\/7"[\s\S]*Hide this work/,
  );
  assert.match(hideWorkForm(7, true, csrf).value, /action="\/account\/hidden\/remove"[\s\S]*Unhide this work/);
  const series = hideSeriesForm({ id: 3, title: '<b>Saga</b>' }, false, csrf, '/works/7').value;
  assert.match(
    series,
    /name="series" value="3"[\s\S]*value="\/works\/7"[\s\S]*Hide the series &lt;b&gt;Saga&lt;\/b&gt;/,
  );
  assert.match(
    subscribeForm({ type: 'creator', id: 4, name: 'wren' }, false, csrf, '/works/7').value,
    /action="\/subscriptions"[\s\S]*name="type" value="creator"[\s\S]*Subscribe to wren/,
  );
  assert.match(
    subscribeForm({ type: 'work', id: 7 }, true, csrf, '/works/7').value,
    /action="\/subscriptions\/remove"[\s\S]*Unsubscribe from this work/,
  );
  assert.match(markForLaterForm(7, false, csrf).value, /name="later" value="1"[\s\S]*Mark for Later/);
  assert.match(markForLaterForm(7, true, csrf).value, /name="later" value="0"[\s\S]*Remove from Marked for Later/);
  assert.equal(inboxNavItem(0).value, '<li><a href="/inbox">Inbox</a></li>');
  assert.match(inboxNavItem(3).value, /Inbox <span class="unread-count" aria-label="3 unread">\(3\)<\/span>/);
});
