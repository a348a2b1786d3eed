// What a reader chose for this reading, carried in the URL so pages work without JavaScript or
// an account: hide author's notes, and having passed the adult-content notice (AO3's view_adult).

export interface ReaderPrefs {
  hideNotes: boolean;
  viewAdult: boolean;
}

export function readerPrefs(query: Record<string, unknown>): ReaderPrefs {
  return { hideNotes: query.notes === 'hide', viewAdult: query.view_adult === 'true' };
}

/** `path` with the reader's choices (and any extra parameters) as its query string. */
export function withPrefs(path: string, prefs: ReaderPrefs, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, v);
  if (prefs.hideNotes) params.set('notes', 'hide');
  if (prefs.viewAdult) params.set('view_adult', 'true');
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
