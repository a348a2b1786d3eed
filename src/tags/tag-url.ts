// Tag names in URLs, escaped as AO3 does so that "Caroline Forbes/Klaus Mikaelson" and "F/M"
// survive as one path segment: / -> *s*, & -> *a*, . -> *d*, ? -> *q*, # -> *h*; then
// percent-encoding for everything else.

const OUT: [string, string][] = [['*', '*x*'], ['/', '*s*'], ['&', '*a*'], ['.', '*d*'], ['?', '*q*'], ['#', '*h*']];

export function tagToPath(name: string): string {
  let s = name;
  for (const [from, to] of OUT) s = s.split(from).join(to);
  return encodeURIComponent(s);
}

/** The inverse of tagToPath, given the segment after the router has percent-decoded it. */
export function tagFromPath(segment: string): string {
  return segment.replace(/\*(s|a|d|q|h|x)\*/g, (_, c: string) => ({ s: '/', a: '&', d: '.', q: '?', h: '#', x: '*' })[c]!);
}
