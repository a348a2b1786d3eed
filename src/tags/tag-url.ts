// Tag names in URLs, escaped as AO3 does so that "Caroline Forbes/Klaus Mikaelson" and "F/M"
// survive as one path segment: / -> *s*, & -> *a*, . -> *d*, ? -> *q*, # -> *h*; then
// percent-encoding for everything else.

const OUT: Record<string, string> = { '*': '*x*', '/': '*s*', '&': '*a*', '.': '*d*', '?': '*q*', '#': '*h*' };

/** One pass over the name (a listing builds a path for every tag of every work on it). */
export function tagToPath(name: string): string {
  return encodeURIComponent(name.replace(/[*/&.?#]/g, (c) => OUT[c]!));
}

/** The inverse of tagToPath, given the segment after the router has percent-decoded it. */
export function tagFromPath(segment: string): string {
  return segment.replace(
    /\*(s|a|d|q|h|x)\*/g,
    (_, c: string) => ({ s: '/', a: '&', d: '.', q: '?', h: '#', x: '*' })[c]!,
  );
}
