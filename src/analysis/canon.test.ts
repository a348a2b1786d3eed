import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexCanon, loadCanon, stripDisambiguator, tagForms } from './canon.ts';
import type { CanonFandom } from './canon-types.ts';
import { inAo3Order } from './relationship-names.ts';

const canon = loadCanon();
const index = indexCanon(canon);
const byName = new Map(canon.fandoms.map((f) => [f.name, f]));

function fandom(name: string): CanonFandom {
  const f = byName.get(name);
  assert.ok(f, `fandom ${name} is loaded`);
  return f;
}

test('every canon file loads, validates and has a kebab-case name', () => {
  const dir = fileURLToPath(new URL('../../canon/fandoms/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.equal(canon.fandoms.length, files.length);
  for (const file of files) assert.match(file, /^[a-z0-9]+(-[a-z0-9]+)*\.json$/, file);
  assert.ok(canon.fandoms.length >= 300, `at least 300 fandoms, got ${canon.fandoms.length}`);
});

test('each fandom has enough characters, terms and relationships', () => {
  for (const f of canon.fandoms) {
    // A band has as many members as it has; a film, a musical or a one-season show may have only
    // a dozen people worth naming, and inventing more would only add noise.
    const min = f.media === 'Music & Bands' ? 5 : 8;
    assert.ok(f.characters.length >= min, `${f.name}: ${f.characters.length} characters`);
    assert.ok(f.terms.length >= 10 && f.terms.length <= 30, `${f.name}: ${f.terms.length} terms`);
    assert.ok(
      f.relationships.length >= 5 && f.relationships.length <= 15,
      `${f.name}: ${f.relationships.length} relationships`,
    );
  }
});

// Small casts are the exception: most canons have 20 or more characters worth listing.
test('most fandoms outside bands, films and musicals name 20 or more characters', () => {
  const series = canon.fandoms.filter((f) => !['Music & Bands', 'Movies', 'Theater'].includes(f.media));
  const full = series.filter((f) => f.characters.length >= 20);
  assert.ok(full.length >= series.length * 0.9, `${full.length} of ${series.length} name 20 or more`);
});

test('no fandom repeats a character, alias, term or relationship', () => {
  for (const f of canon.fandoms) {
    const dupes = (xs: string[]) => xs.filter((x, i) => xs.findIndex((y) => y.toLowerCase() === x.toLowerCase()) !== i);
    assert.deepEqual(dupes(f.characters.map((c) => c.name)), [], `${f.name}: duplicate characters`);
    assert.deepEqual(dupes(f.terms), [], `${f.name}: duplicate terms`);
    assert.deepEqual(dupes(f.relationships), [], `${f.name}: duplicate relationships`);
    assert.deepEqual(dupes(f.aliases), [], `${f.name}: duplicate fandom aliases`);
    for (const c of f.characters) assert.deepEqual(dupes(c.aliases), [], `${f.name}: ${c.name} repeats an alias`);
  }
});

// An alias that is an everyday word would point every "kid" or "darling" in a story at one character.
test('no alias is an everyday word or a term of address', () => {
  const everyday = new Set([
    'love',
    'darling',
    'dear',
    'honey',
    'sweetheart',
    'baby',
    'kid',
    'boy',
    'girl',
    'man',
    'god',
    'sir',
    'boss',
    'chief',
    'captain',
    'doctor',
    'uncle',
    'aunt',
    'mom',
    'mum',
    'dad',
    'father',
    'mother',
    'brother',
    'sister',
    'king',
    'queen',
    'prince',
    'princess',
    'lord',
    'lady',
    'master',
    'hero',
    'the',
  ]);
  const found: string[] = [];
  for (const f of canon.fandoms) {
    for (const c of f.characters) {
      for (const a of c.aliases) if (everyday.has(a.toLowerCase())) found.push(`${f.name}: ${c.name}: "${a}"`);
    }
  }
  assert.deepEqual(found, []);
});

// fandomsByName is looked up with words from author's notes; "GO", "TO" or "GoT" would match prose.
test('fandom aliases are not ordinary words', () => {
  const twoLetterOk = new Set(['HP', '1D']);
  const found: string[] = [];
  for (const f of canon.fandoms) {
    for (const a of f.aliases) {
      if (a.length < 3 && !twoLetterOk.has(a)) found.push(`${f.name}: "${a}"`);
      if (['got', 'the', 'and', 'one', 'her', 'him', 'his'].includes(a.toLowerCase())) found.push(`${f.name}: "${a}"`);
    }
  }
  assert.deepEqual(found, []);
});

test('a part names an umbrella that exists, is related, and is not itself a part', () => {
  const parts = canon.fandoms.filter((f) => f.parent !== undefined);
  assert.ok(parts.length >= 10, `${parts.length} fandoms name an umbrella`);
  for (const f of parts) {
    const umbrella = byName.get(f.parent!);
    assert.ok(umbrella, `${f.name}: umbrella "${f.parent}" is not in canon/fandoms`);
    assert.ok(f.related.includes(f.parent!), `${f.name} does not list its umbrella as related`);
    assert.equal(umbrella.parent, undefined, `${f.parent} is an umbrella and a part`);
  }
});

// One character tag, one person: two canons may share a tag only when they share a franchise (and
// say so in `related`); two different people of one name carry AO3's "(Fandom)" suffix.
test('no two unrelated fandoms claim the same character tag', () => {
  const group = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (group.get(r) !== undefined && group.get(r) !== r) r = group.get(r)!;
    return r;
  };
  for (const f of canon.fandoms) group.set(f.name, f.name);
  for (const f of canon.fandoms)
    for (const r of f.related) if (find(f.name) !== find(r)) group.set(find(f.name), find(r));
  const owners = new Map<string, string[]>();
  for (const f of canon.fandoms)
    for (const c of f.characters) owners.set(c.name, [...(owners.get(c.name) ?? []), f.name]);
  const clashes = [...owners]
    .filter(([, fs]) => new Set(fs.map(find)).size > 1)
    .map(([name, fs]) => `${name}: ${fs.join(', ')}`);
  assert.deepEqual(clashes, []);
});

test('related fandoms exist and point back', () => {
  for (const f of canon.fandoms) {
    for (const r of f.related) {
      assert.notEqual(r, f.name, `${f.name} relates to itself`);
      const other = byName.get(r);
      assert.ok(other, `${f.name}: related fandom "${r}" is not in canon/fandoms`);
      assert.ok(other.related.includes(f.name), `${r} does not list ${f.name} as related`);
    }
  }
});

// AO3 writes a romantic pairing "A/B" and a platonic one "A & B", the characters alphabetised by
// family name, then given name, single names by themselves (wrangling guidelines, Relationships);
// a fandom flagged `familyNameFirst` writes names family first, so they sort as written. A
// character tag's "(Fandom)" disambiguator may be left off or moved to the end of the relationship
// tag ("Aziraphale/Crowley (Good Omens)").
test('relationships name known characters, ordered and joined as AO3 does', () => {
  const dir = fileURLToPath(new URL('../../canon/fandoms/', import.meta.url));
  const fileOf = new Map<string, string>();
  for (const file of readdirSync(dir).filter((x) => x.endsWith('.json')))
    fileOf.set(JSON.parse(readFileSync(join(dir, file), 'utf8')).name, `canon/fandoms/${file}`);
  const problems: string[] = [];
  for (const f of canon.fandoms) {
    const owner = new Map<string, CanonFandom>();
    for (const g of [f, ...f.related.map(fandom)]) {
      for (const c of g.characters) {
        if (!owner.has(c.name)) owner.set(c.name, g);
        if (!owner.has(stripDisambiguator(c.name))) owner.set(stripDisambiguator(c.name), g);
      }
    }
    const familyNameFirst = (member: string) =>
      (owner.get(member) ?? owner.get(stripDisambiguator(member)) ?? f).familyNameFirst === true;
    for (const rel of f.relationships) {
      const romantic = rel.includes('/');
      if (romantic && rel.includes(' & ')) problems.push(`${f.name}: "${rel}" mixes "/" and " & "`);
      const sep = romantic ? '/' : ' & ';
      const parts = rel.split(sep);
      if (parts.length < 2) problems.push(`${f.name}: "${rel}" names fewer than two characters`);
      for (const part of parts) {
        if (part !== part.trim()) problems.push(`${f.name}: "${rel}" has stray spaces`);
        if (!owner.has(part) && !owner.has(stripDisambiguator(part)))
          problems.push(`${f.name}: "${rel}" names unknown character "${part}"`);
      }
      const expected = inAo3Order(parts, familyNameFirst).join(sep);
      if (expected !== rel)
        problems.push(
          `${fileOf.get(f.name)}: "${rel}" should be "${expected}" (AO3 orders by family name, then given name${
            f.familyNameFirst ? '; this fandom writes the family name first' : ''
          })`,
        );
    }
  }
  assert.deepEqual(problems, []);
});

test('fandoms whose character tags put the family name first say so', () => {
  const flagged = canon.fandoms.filter((f) => f.familyNameFirst).map((f) => f.name);
  for (const name of [
    'Naruto',
    '魔道祖师 - 墨香铜臭 | Mo Dao Zu Shi - Mo Xiang Tong Xiu',
    '방탄소년단 | Bangtan Boys | BTS',
    'Haikyuu!!',
  ])
    assert.ok(flagged.includes(name), `${name} is flagged familyNameFirst`);
  assert.equal(fandom('Sherlock (TV)').familyNameFirst, undefined);
});

test('The Vampire Diaries has its core cast', () => {
  const tvd = fandom('The Vampire Diaries (TV)');
  const names = new Set(tvd.characters.map((c) => c.name));
  for (const n of [
    'Caroline Forbes',
    'Klaus Mikaelson',
    'Elena Gilbert',
    'Stefan Salvatore',
    'Damon Salvatore',
    'Bonnie Bennett',
    'Tyler Lockwood',
    'Elijah Mikaelson',
    'Kol Mikaelson',
    'Rebekah Mikaelson',
    'Jenna Sommers',
    'Alaric Saltzman',
    'Matt Donovan',
    'Jeremy Gilbert',
    'Katherine Pierce',
    'Lexi Branson',
    'Liz Forbes',
    'Finn Mikaelson',
    'Esther Mikaelson',
    'Hayley Marshall',
  ]) {
    assert.ok(names.has(n), `TVD lacks ${n}`);
  }
  // Enzo and Mikael carry a surname or disambiguator in their tags; the short names must still reach them.
  for (const alias of ['enzo', 'mikael']) {
    assert.ok(
      index.charactersByAlias.get(alias)?.some((e) => e.fandom === tvd),
      `"${alias}" reaches TVD`,
    );
  }
});

// Several canons have a Klaus; the story's other names decide which (fandoms.ts).
test('"klaus" reaches Klaus Mikaelson, in TVD and The Originals', () => {
  const hits = (index.charactersByAlias.get('klaus') ?? []).filter((h) => h.character.name === 'Klaus Mikaelson');
  assert.ok(hits.length > 0);
  const fandoms = hits.map((h) => h.fandom.name);
  assert.ok(fandoms.includes('The Vampire Diaries (TV)'));
  assert.ok(fandoms.includes('The Originals (TV)'));
  assert.ok(index.charactersByAlias.get('niklaus')?.every((h) => h.character.name === 'Klaus Mikaelson'));
});

test('index keys: names, aliases, name parts, terms and fandom names, lower-cased', () => {
  assert.ok(index.charactersByAlias.get('caroline forbes')?.some((h) => h.character.name === 'Caroline Forbes'));
  assert.ok(index.charactersByAlias.get('salvatore')?.some((h) => h.character.name === 'Damon Salvatore'));
  assert.ok(index.charactersByAlias.get('salvatore')?.some((h) => h.character.name === 'Stefan Salvatore'));
  assert.ok(index.fandomsByTerm.get('vervain')?.some((f) => f.name === 'The Vampire Diaries (TV)'));
  assert.equal(index.fandomsByName.get('tvd')?.name, 'The Vampire Diaries (TV)');
  assert.equal(index.fandomsByName.get('the vampire diaries (tv)')?.name, 'The Vampire Diaries (TV)');
  // AO3 joins a canon's names in several scripts with " | "; each of them finds the fandom.
  assert.equal(
    index.fandomsByName.get('my hero academia')?.name,
    '僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia',
  );
  assert.equal(
    index.fandomsByName.get('僕のヒーローアカデミア')?.name,
    '僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia',
  );
  assert.equal(index.fandomsByName.get('supernatural')?.name, 'Supernatural (TV 2005)');
  assert.ok(index.charactersByAlias.get('castiel')?.some((h) => h.character.name === 'Castiel (Supernatural)'));
  assert.ok(index.charactersByAlias.get('hawks')?.some((h) => h.character.name === 'Takami Keigo | Hawks'));
  for (const key of [...index.charactersByAlias.keys(), ...index.fandomsByTerm.keys(), ...index.fandomsByName.keys()]) {
    assert.equal(key, key.toLowerCase());
  }
});

test('indexCanon derives name parts but skips short and common words', () => {
  const f: CanonFandom = {
    name: 'Hannibal (TV)',
    aliases: [],
    media: 'TV Shows',
    related: [],
    characters: [
      { name: 'Will Graham', aliases: [], gender: 'male' },
      { name: 'Tartaglia | Childe (Genshin Impact)', aliases: ['Ajax'], gender: 'male' },
      { name: 'Kim Taehyung | V', aliases: [], gender: 'male' },
    ],
    terms: ['Wolf Trap'],
    relationships: [],
  };
  const idx = indexCanon({ fandoms: [f] });
  const names = (key: string) => (idx.charactersByAlias.get(key) ?? []).map((h) => h.character.name);
  assert.deepEqual(names('graham'), ['Will Graham']);
  assert.deepEqual(names('will'), []);
  assert.deepEqual(names('tartaglia'), ['Tartaglia | Childe (Genshin Impact)']);
  assert.deepEqual(names('childe'), ['Tartaglia | Childe (Genshin Impact)']);
  assert.deepEqual(names('tartaglia | childe'), ['Tartaglia | Childe (Genshin Impact)']);
  assert.deepEqual(names('ajax'), ['Tartaglia | Childe (Genshin Impact)']);
  assert.deepEqual(names('v'), ['Kim Taehyung | V']);
  assert.deepEqual(names('kim'), ['Kim Taehyung | V']);
  assert.equal(idx.fandomsByName.get('hannibal')?.name, 'Hannibal (TV)');
  assert.deepEqual(tagForms('Castiel (Supernatural)'), ['Castiel (Supernatural)', 'Castiel']);
});

test('a malformed file is rejected with the file and the field named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-canon-'));
  try {
    const good = {
      name: 'Test Fandom',
      aliases: [],
      media: 'TV Shows',
      related: [],
      characters: [{ name: 'Ann Example', aliases: ['Ann'], gender: 'female' }],
      terms: ['example'],
      relationships: [],
    };
    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify(good));
    assert.equal(loadCanon(dir).fandoms.length, 1);

    const bad = {
      ...good,
      characters: [...good.characters, { name: 'Bob Example', aliases: ['Bob'], gender: 'robot' }],
    };
    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify(bad));
    assert.throws(
      () => loadCanon(dir),
      (err: Error) => err.message.includes('test-fandom.json') && err.message.includes('characters[1].gender'),
    );

    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify({ ...good, terms: 'vervain' }));
    assert.throws(() => loadCanon(dir), /test-fandom\.json.*"terms"/);

    const { media: _media, ...noMedia } = good;
    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify(noMedia));
    assert.throws(() => loadCanon(dir), /test-fandom\.json.*"media" is missing/);

    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify({ ...good, media: 'Television' }));
    assert.throws(() => loadCanon(dir), /test-fandom\.json.*"media"/);

    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify({ ...good, charaters: [] }));
    assert.throws(() => loadCanon(dir), /test-fandom\.json.*"charaters"/);

    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify({ ...good, familyNameFirst: 'yes' }));
    assert.throws(() => loadCanon(dir), /test-fandom\.json.*"familyNameFirst" must be true or false/);
    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify({ ...good, familyNameFirst: true }));
    assert.equal(loadCanon(dir).fandoms[0]!.familyNameFirst, true);

    writeFileSync(join(dir, 'test-fandom.json'), '{ "name": "Test Fandom", }');
    assert.throws(() => loadCanon(dir), /test-fandom\.json.*not valid JSON/);

    writeFileSync(join(dir, 'test-fandom.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'other.json'), JSON.stringify(good));
    assert.throws(() => loadCanon(dir), /test-fandom\.json.*"name".*already defined in .*other\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
