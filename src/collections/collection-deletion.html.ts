// The owners' confirmation page before a collection is deleted.
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';

const collectionPath = (name: string) => `/collections/${encodeURIComponent(name)}`;

export function deleteCollectionPage(
  csrf: SafeHtml,
  s: { collection: { name: string; title: string }; works: number; subcollections: string[] },
  error?: string,
): SafeHtml {
  const c = s.collection;
  return html`<h1>Delete ${c.title}?</h1>
${flash(error, 'error')}
<p>Its ${s.works} ${s.works === 1 ? 'work stays' : 'works stay'} on the archive, no longer in it (nor anonymous or unrevealed on its account). Its bookmarks, moderators, members and prompts, with their claims and fills, are deleted.${s.subcollections.length ? ` Its subcollections (${s.subcollections.join(', ')}) become collections of their own.` : ''} This cannot be undone.</p>
<form method="post" action="${collectionPath(c.name)}/delete" class="collection-form">${csrf}
  <div class="field"><label for="d-confirm">Type the collection's name, ${c.name}, to confirm</label><input id="d-confirm" name="confirm" required autocomplete="off"></div>
  <button class="button primary" type="submit">Delete collection</button>
</form>`;
}
