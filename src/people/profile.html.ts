// The form where a creator writes their profile (AO3's "About me"), shown on their page.
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';

export function profileForm(
  csrf: SafeHtml,
  username: string,
  text: string,
  maxChars: number,
  error?: string,
): SafeHtml {
  const user = encodeURIComponent(username);
  return html`<div class="form-page"><h1>Your profile</h1>${flash(error)}
<form method="post" action="/users/${user}/profile">${csrf}
  <div class="field">
    <label for="f-profile">About you</label>
    <textarea id="f-profile" name="profile" rows="8" aria-describedby="h-profile">${text}</textarea>
    <small id="h-profile" class="muted">Shown on <a href="/users/${user}">your creator page</a> to everyone. Plain text, or simple HTML (links, emphasis, lists); at most ${maxChars.toLocaleString('en')} characters. Leave it empty to have none.</small>
  </div>
  <button class="button primary" type="submit">Save profile</button>
</form>
<p><a href="/account">Back to your account</a></p></div>`;
}
