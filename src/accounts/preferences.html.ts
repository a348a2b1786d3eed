// The preferences page: one form of fieldsets, each a group of settings. Another group (e-mail,
// say) is one more function in PREFERENCE_FIELDSETS and its fields in preferences.routes.ts.
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import { type FlagPreference, type Preferences, TIME_ZONES } from './preferences.ts';

/** The form's field for each on/off preference. */
export const FLAG_FIELDS: Record<FlagPreference, string> = {
  viewAdult: 'view_adult',
  hideWarnings: 'hide_warnings',
  hideFreeforms: 'hide_freeforms',
  viewFullWork: 'view_full_work',
};
export const TIME_ZONE_FIELD = 'time_zone';

function check(p: Preferences, key: FlagPreference, label: string, hint: string): SafeHtml {
  const name = FLAG_FIELDS[key];
  return html`<div class="field checkbox">
    <input type="checkbox" id="f-${name}" name="${name}" value="1"${p[key] ? html` checked` : ''} aria-describedby="h-${name}">
    <label for="f-${name}">${label}</label>
  </div>
  <small id="h-${name}" class="muted">${hint}</small>`;
}

function readingFieldset(p: Preferences): SafeHtml {
  return html`<fieldset><legend>Reading</legend>
  ${check(p, 'viewAdult', 'Show me adult content without checking', 'Mature, Explicit and unrated works open without the adult-content notice.')}
  ${check(p, 'viewFullWork', 'Show the whole work by default', 'A work with several chapters opens on all of them rather than on chapter 1.')}
  ${check(p, 'hideWarnings', 'Hide warnings (you can still choose to show them)', 'Archive warnings are folded behind “Show warnings” in listings and on work pages.')}
  ${check(p, 'hideFreeforms', 'Hide additional tags (you can still choose to show them)', 'Additional tags are folded behind “Show additional tags” in listings and on work pages.')}
</fieldset>`;
}

function timeFieldset(p: Preferences): SafeHtml {
  return html`<fieldset><legend>Time</legend>
  <div class="field">
    <label for="f-${TIME_ZONE_FIELD}">Time zone for dates</label>
    <select id="f-${TIME_ZONE_FIELD}" name="${TIME_ZONE_FIELD}" aria-describedby="h-${TIME_ZONE_FIELD}">
      ${TIME_ZONES.map((z) => html`<option value="${z}"${z === p.timeZone ? html` selected` : ''}>${z.replaceAll('_', ' ')}</option>`)}
    </select>
    <small id="h-${TIME_ZONE_FIELD}" class="muted">Dates on works, comments and your inbox are shown in this zone.</small>
  </div>
</fieldset>`;
}

export const PREFERENCE_FIELDSETS: ((p: Preferences) => SafeHtml)[] = [readingFieldset, timeFieldset];

export function preferencesPage(
  csrf: SafeHtml,
  username: string,
  p: Preferences,
  message?: { text: string; kind: 'error' | 'notice' },
): SafeHtml {
  return html`<div class="form-page"><h1>Preferences</h1>
${message ? flash(message.text, message.kind) : ''}
<p class="muted">How the archive shows works to you, ${username}. Only you see these.</p>
<form method="post" action="/users/${encodeURIComponent(username)}/preferences">${csrf}
  ${PREFERENCE_FIELDSETS.map((f) => f(p))}
  <button class="button primary" type="submit">Save preferences</button>
</form>
<p><a href="/account">Back to your account</a></p></div>`;
}
