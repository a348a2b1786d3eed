// Gift pages: a user's gifts with the Refuse button for the recipient, and a work's gift line.
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import { blurb, type Display } from '../works/works.html.ts';
import type { WorkBlurb } from '../works/works.service.ts';
import type { GiftRow } from './gifts.service.ts';

const userPath = (username: string) => `/users/${encodeURIComponent(username)}`;

/** "For alice, my sister" under a work's title; nothing when it is no one's gift. */
export function giftLine(gifts: GiftRow[]): SafeHtml {
  if (!gifts.length) return html``;
  return html`<p class="work-gifts">For ${gifts.map((g, i) => html`${i ? ', ' : ''}${g.username ? html`<a href="${userPath(g.username)}/gifts">${g.recipient}</a>` : g.recipient}`)}</p>`;
}

export function giftsPage(
  username: string,
  items: { gift: GiftRow; work: WorkBlurb }[],
  opts: { own: boolean; csrf: SafeHtml; display: Display; done?: string },
): SafeHtml {
  return html`<h1>Gifts for ${username}</h1>
${flash(opts.done === 'refused' ? 'Gift refused: it no longer shows as yours.' : undefined, 'notice')}
${
  items.length
    ? html`<div class="gifts">${items.map(
        ({ gift, work }) =>
          html`<div class="gift"><ol class="works">${blurb(work, opts.display)}</ol>${
            opts.own
              ? html`<form method="post" action="/gifts/${gift.id}/refuse" class="inline-form gift-refuse">${opts.csrf}<button class="button" type="submit">Refuse this gift</button></form>`
              : ''
          }</div>`,
      )}</div>`
    : html`<p class="muted">No gifts yet.</p>`
}`;
}
