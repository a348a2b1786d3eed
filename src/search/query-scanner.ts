// The scanner of the query language (grammar in query-parser.ts): characters to clauses with their
// offsets, by hand and in one pass, so that no input makes it backtrack.

import type { QueryBuilder, Where } from './query-builder.ts';
import { FIELDS, type FieldSpec, nearestField } from './query-fields.ts';

// ---------------------------------------------------------------------------------------------
// The scanner: characters to clauses, each with its offsets.

export type Op = ':' | '=' | '>' | '>=' | '<' | '<=';

interface Piece extends Where {
  text: string;
  quoted: boolean;
}

interface GroupItem extends Piece {
  /** A tag field written inside the group: any:(fandom:Naruto | Sakura). */
  field?: string;
}

type Value = { kind: 'piece'; piece: Piece } | { kind: 'group'; items: GroupItem[]; start: number; end: number };

export type Clause =
  | { kind: 'term' | 'phrase'; negated: boolean; text: string; start: number; end: number }
  | {
      kind: 'filter';
      negated: boolean;
      name: string;
      spec: FieldSpec;
      op: Op;
      value?: Value;
      start: number;
      end: number;
    };

const SPACE = /\s/;
export const isSpace = (c: string | undefined) => c !== undefined && SPACE.test(c);
const isIdent = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');

export class Scanner {
  pos = 0;
  /** nearestField per unknown name: repeats of one typo cost one search. */
  private readonly guesses = new Map<string, string | undefined>();
  constructor(
    private readonly src: string,
    private readonly b: QueryBuilder,
    private readonly param: string | undefined,
  ) {}

  private at(start: number, end: number): Where {
    return { start, end, ...(this.param ? { param: this.param } : {}) };
  }

  private skipSpace(): void {
    while (isSpace(this.src[this.pos])) this.pos++;
  }

  /** From an opening quote: the unescaped text, or undefined (and an error) when nothing closes it. */
  private quoted(): Piece | undefined {
    const start = this.pos;
    let text = '';
    for (let i = start + 1; i < this.src.length; i++) {
      const c = this.src[i]!;
      if (c === '\\' && (this.src[i + 1] === '"' || this.src[i + 1] === '\\')) text += this.src[++i];
      else if (c === '"') {
        this.pos = i + 1;
        return { text, quoted: true, ...this.at(start, i + 1) };
      } else text += c;
    }
    this.b.error('unclosed quote: add a closing " (read as separate words meanwhile)', this.at(start, this.src.length));
    this.pos = start + 1;
    return undefined;
  }

  private bare(): Piece {
    const start = this.pos;
    while (this.pos < this.src.length && !isSpace(this.src[this.pos])) this.pos++;
    return { text: this.src.slice(start, this.pos), quoted: false, ...this.at(start, this.pos) };
  }

  private ident(from: number): string {
    let i = from;
    while (isIdent(this.src[i])) i++;
    return this.src.slice(from, i);
  }

  private op(): Op | undefined {
    const s = this.src;
    let p = this.pos;
    let colon = false;
    if (s[p] === ':') (colon = true), p++;
    let op: Op | undefined = colon ? ':' : undefined;
    if (s[p] === '>' || s[p] === '<') {
      op = s[p + 1] === '=' ? (`${s[p]}=` as Op) : (s[p] as Op);
      p += op.length;
    } else if (s[p] === '=') (op = '='), p++;
    if (op) this.pos = p;
    return op;
  }

  private group(): Value {
    const start = this.pos++;
    const items: GroupItem[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === undefined) {
        this.b.error("unclosed '(': add a closing ')'", this.at(start, this.src.length));
        break;
      }
      if (c === ')' || c === '|') {
        if (c === '|' || items.length === 0)
          this.b.error(`empty choice in '(…)'`, this.at(this.pos, this.pos + 1), 'warning');
        this.pos++;
        if (c === ')') break;
        continue;
      }
      items.push(this.groupItem());
      this.skipSpace();
      const next = this.src[this.pos];
      if (next === '|') {
        this.pos++;
        if (this.src[this.pos] !== undefined) continue;
      }
      if (next === ')') {
        this.pos++;
        break;
      }
      if (next !== undefined && next !== '|') {
        // Text after a quoted choice: `("One Piece" x | y)`. Skip to the next separator.
        const from = this.pos;
        while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') this.pos++;
        this.b.error(`expected '|' or ')' here`, this.at(from, this.pos));
        if (this.src[this.pos] === '|') this.pos++;
        else if (this.src[this.pos] === ')') {
          this.pos++;
          break;
        }
        continue;
      }
      this.b.error("unclosed '(': add a closing ')'", this.at(start, this.src.length));
      break;
    }
    return { kind: 'group', items, start, end: this.pos };
  }

  private groupItem(): GroupItem {
    const start = this.pos;
    let fieldName: string | undefined;
    const id = this.ident(this.pos);
    const spec = FIELDS[id.toLowerCase()];
    if (spec?.kind === 'tag' && this.src[this.pos + id.length] === ':') {
      fieldName = id.toLowerCase();
      this.pos += id.length + 1;
    }
    if (this.src[this.pos] === '"') {
      const q = this.quoted();
      if (q) return { ...q, start, ...(fieldName ? { field: fieldName } : {}) };
    }
    // Up to '|' or the ')' that closes the group; balanced parentheses stay in the name, for
    // AO3's fandom names: fandom:(Teen Wolf (TV) | Sherlock (TV)).
    const from = this.pos;
    let depth = 0;
    for (; this.pos < this.src.length; this.pos++) {
      const c = this.src[this.pos];
      if (c === '|' && depth === 0) break;
      if (c === '(') depth++;
      if (c === ')' && depth-- === 0) break;
    }
    let end = this.pos;
    while (end > from && isSpace(this.src[end - 1])) end--;
    return {
      text: this.src.slice(from, end),
      quoted: false,
      ...this.at(start, end),
      ...(fieldName ? { field: fieldName } : {}),
    };
  }

  private value(): Value | undefined {
    const save = this.pos;
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === undefined) {
      this.pos = save;
      return undefined;
    }
    if (c === '(') return this.group();
    if (c === '"') {
      const q = this.quoted();
      if (q) return { kind: 'piece', piece: q };
    }
    return { kind: 'piece', piece: this.bare() };
  }

  /** The next clause, or undefined at the end of input. */
  next(): Clause | undefined {
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.src.length) return undefined;
      const start = this.pos;
      let negated = false;
      if (this.src[this.pos] === '-') {
        this.pos++;
        if (this.pos >= this.src.length || isSpace(this.src[this.pos])) continue; // a lone '-'
        negated = true;
      }
      if (this.src[this.pos] === '"') {
        const q = this.quoted();
        if (q) return { kind: 'phrase', negated, text: q.text, start, end: this.pos };
        // Unclosed: carry on after the quote mark as if it were not there (a '-' before it
        // still excludes what follows).
        if (!negated) continue;
      }
      const id = this.ident(this.pos);
      const opAt = this.pos + id.length;
      const c = this.src[opAt];
      if (id && (c === ':' || c === '>' || c === '<' || c === '=')) {
        const name = id.toLowerCase();
        const spec = FIELDS[name];
        if (!spec && !this.guesses.has(name)) this.guesses.set(name, nearestField(name));
        const guess = spec ? undefined : this.guesses.get(name);
        if (spec || guess) {
          this.pos = opAt;
          const op = this.op() ?? ':';
          const value = this.value();
          if (spec)
            return { kind: 'filter', negated, name, spec, op, ...(value ? { value } : {}), start, end: this.pos };
          this.b.error(`unknown filter '${id}'; did you mean '${guess}'?`, this.at(start + (negated ? 1 : 0), opAt));
          continue;
        }
      }
      const word = this.bare();
      return { kind: 'term', negated, text: word.text, start, end: this.pos };
    }
  }
}
