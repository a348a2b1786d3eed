import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { guestKey, useArchiveSecret } from './guest-key.ts';
import { sharedSecret } from './guest-key.repo.ts';

describeEachDialect("guests' key, shared by the archive's processes", (ctx) => {
  test('the first process to start draws the key; every later one, and a restart, reads the same', async () => {
    assert.equal(await sharedSecret(ctx.database.db, 'guest-key', 'drawn-by-the-first'), 'drawn-by-the-first');
    assert.equal(await sharedSecret(ctx.database.db, 'guest-key', 'drawn-by-the-second'), 'drawn-by-the-first');
    assert.equal(await sharedSecret(ctx.database.db, 'other-purpose', 'its-own'), 'its-own');
  });

  test("a server hashes guests' addresses with the archive's key", async () => {
    await useArchiveSecret(ctx.database);
    const stored = await sharedSecret(ctx.database.db, 'guest-key', 'not-used');
    const expected = createHmac('sha256', stored).update('guest:203.0.113.7').digest('hex');
    assert.equal(guestKey('203.0.113.7'), expected);
  });
});

test('QUIRE_SECRET, when set, is the key and nothing is read from a database', async () => {
  const before = process.env.QUIRE_SECRET;
  process.env.QUIRE_SECRET = 'a-configured-secret-of-enough-length';
  try {
    await useArchiveSecret({} as never); // would throw on any database access
    const expected = createHmac('sha256', 'a-configured-secret-of-enough-length')
      .update('guest:198.51.100.1')
      .digest('hex');
    assert.equal(guestKey('198.51.100.1'), expected);
  } finally {
    if (before === undefined) delete process.env.QUIRE_SECRET;
    else process.env.QUIRE_SECRET = before;
  }
});
