// Pages about accounts: sign up, sign in, the account page, password resets.
import { formatDate } from '../markup/dates.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';
import { curationLinks } from '../curation/curation.html.ts';
import type { PseudRow } from './accounts.repo.ts';
import type { SignedIn } from './accounts.service.ts';

function field(
  name: string,
  label: string,
  type: string,
  opts: { value?: string; autocomplete?: string; hint?: string; required?: boolean } = {},
): SafeHtml {
  return html`<div class="field">
    <label for="f-${name}">${label}</label>
    <input id="f-${name}" name="${name}" type="${type}" value="${opts.value ?? ''}"${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${opts.required === false ? '' : html` required`}${opts.hint ? html` aria-describedby="h-${name}"` : ''}>
    ${opts.hint ? html`<small id="h-${name}" class="muted">${opts.hint}</small>` : ''}
  </div>`;
}

export function signUpPage(csrf: SafeHtml, values: { username?: string; email?: string }, error?: string): SafeHtml {
  return html`<div class="form-page"><h1>Create an account</h1>${flash(error)}
<form method="post" action="/users">${csrf}
  ${field('username', 'Username', 'text', { value: values.username, autocomplete: 'username', hint: '3 to 40 letters, digits or underscores. It is also your first pseud.' })}
  ${field('email', 'E-mail address', 'email', { value: values.email, autocomplete: 'email', hint: 'For password resets; never shown to anyone.' })}
  ${field('password', 'Password', 'password', { autocomplete: 'new-password', hint: `At least ${MIN_PASSWORD_LENGTH} characters.` })}
  <button class="button primary" type="submit">Create account</button>
</form>
<p>Have an account? <a href="/login">Sign in</a>.</p></div>`;
}

export function signInPage(
  csrf: SafeHtml,
  values: { login?: string; returnTo?: string },
  error?: string,
  notice?: string,
): SafeHtml {
  return html`<div class="form-page"><h1>Sign in</h1>${flash(error)}${flash(notice, 'notice')}
<form method="post" action="/login">${csrf}
  <input type="hidden" name="return_to" value="${values.returnTo ?? '/'}">
  ${field('login', 'Username or e-mail', 'text', { value: values.login, autocomplete: 'username' })}
  ${field('password', 'Password', 'password', { autocomplete: 'current-password' })}
  <button class="button primary" type="submit">Sign in</button>
</form>
<p><a href="/password/reset">Forgot your password?</a> · <a href="/users/new">Create an account</a></p></div>`;
}

export function accountPage(
  csrf: SafeHtml,
  user: SignedIn,
  pseuds: PseudRow[],
  message?: { text: string; kind: 'error' | 'notice' },
): SafeHtml {
  return html`<div class="form-page"><h1>${user.username}</h1>
${message ? flash(message.text, message.kind) : ''}
<p class="muted">Role: ${user.role}</p>
<section aria-labelledby="pseuds-title"><h2 id="pseuds-title">Pseuds</h2>
  <ul>${pseuds.map((p) => html`<li>${p.name}${p.isDefault ? html` <span class="muted">(default)</span>` : ''}</li>`)}</ul>
  <form method="post" action="/account/pseuds">${csrf}
    ${field('name', 'New pseud', 'text')}
    <button class="button" type="submit">Add pseud</button>
  </form>
</section>
${curationLinks()}
<p><a href="/works/new">Post a new work</a> · <a href="/users/${encodeURIComponent(user.username)}/profile/edit">Edit your profile</a> · <a href="/bookmarks">My bookmarks</a> · <a href="/users/${encodeURIComponent(user.username)}/preferences">Preferences</a> · <a href="/users/${encodeURIComponent(user.username)}/preferences/email">E-mail notices</a> · <a href="/account/tokens">API tokens</a>${user.role === 'admin' ? html` · <a href="/admin/reports">Reports</a> · <a href="/admin/jobs">Jobs</a>` : ''}</p>
<section aria-labelledby="password-title"><h2 id="password-title">Change password</h2>
  <form method="post" action="/account/password">${csrf}
    ${field('current', 'Current password', 'password', { autocomplete: 'current-password' })}
    ${field('password', 'New password', 'password', { autocomplete: 'new-password', hint: `At least ${MIN_PASSWORD_LENGTH} characters. Other sessions are signed out.` })}
    <button class="button" type="submit">Change password</button>
  </form>
</section></div>`;
}

const RESET_NOTICES = {
  sent: [
    'If that names an account with an e-mail address, a reset link is on its way. It works for an hour.',
    'notice',
  ],
  unavailable: [
    'This archive cannot send reset links from the address you reached it by. Please tell its administrator (the public address is not configured).',
    'error',
  ],
} as const;

export function resetRequestPage(csrf: SafeHtml, outcome?: keyof typeof RESET_NOTICES): SafeHtml {
  return html`<div class="form-page"><h1>Reset your password</h1>
${outcome ? flash(RESET_NOTICES[outcome][0], RESET_NOTICES[outcome][1]) : ''}
<form method="post" action="/password/reset">${csrf}
  ${field('login', 'Username or e-mail', 'text', { autocomplete: 'username' })}
  <button class="button primary" type="submit">Send reset link</button>
</form></div>`;
}

export function resetPage(csrf: SafeHtml, token: string, error?: string): SafeHtml {
  return html`<div class="form-page"><h1>Choose a new password</h1>${flash(error)}
<form method="post" action="/password/reset/${token}">${csrf}
  ${field('password', 'New password', 'password', { autocomplete: 'new-password', hint: `At least ${MIN_PASSWORD_LENGTH} characters.` })}
  <button class="button primary" type="submit">Set password</button>
</form></div>`;
}

export function tokensPage(
  csrf: SafeHtml,
  tokens: { id: number; name: string; createdAt: string; lastUsedAt: string | null }[],
  timeZone: string,
  created?: { name: string; token: string },
  error?: string,
): SafeHtml {
  return html`<div class="form-page"><h1>API tokens</h1>${flash(error)}
<p>A personal token lets an app read what you can read and post and edit your works through the <a href="/api/v1/openapi.json">JSON API</a>. Send it as <code>Authorization: Bearer …</code>. Anyone with the token can act as you: keep it secret, and revoke it when you stop using the app.</p>
${created ? html`<div class="flash notice" role="status"><p>Your new token “${created.name}” — copy it now, it will not be shown again:</p><p><code class="token">${created.token}</code></p></div>` : ''}
<form method="post" action="/account/tokens">${csrf}
  ${field('name', 'Name of the new token', 'text', { hint: 'e.g. "my e-reader"' })}
  <button class="button primary" type="submit">Create token</button>
</form>
<h2>Your tokens</h2>
${
  tokens.length
    ? html`<ul>${tokens.map(
        (
          t,
        ) => html`<li>${t.name} <span class="muted">(made ${formatDate(t.createdAt, timeZone)}; ${t.lastUsedAt ? `last used ${formatDate(t.lastUsedAt, timeZone)}` : 'never used'})</span>
  <form method="post" action="/account/tokens/${t.id}/revoke" class="inline-form">${csrf}<button class="link-button" type="submit">Revoke</button></form></li>`,
      )}</ul>`
    : html`<p class="muted">None yet.</p>`
}
</div>`;
}
