// Dates as a reader sees them: stored in UTC, shown in the zone the reader chose (UTC for guests).
// The zone comes from accounts/preferences.ts's list, so Intl always knows it.

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, withTime: boolean) {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
    } as const);
    cache.set(timeZone, f);
  }
  return f;
}

function parts(iso: string, timeZone: string, withTime: boolean): Record<string, string> | null {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const out: Record<string, string> = {};
  for (const p of formatter(withTime ? timeFormats : dayFormats, timeZone, withTime).formatToParts(at))
    out[p.type] = p.value;
  return out;
}

/** The day, as YYYY-MM-DD, in `timeZone`. */
export function formatDate(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, false);
  return p ? `${p.year}-${p.month}-${p.day}` : iso.slice(0, 10);
}

/** The day and the minute with the zone's short name, "2026-01-02 05:00 GMT+9". */
export function formatDateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, true);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}` : iso.slice(0, 10);
}
