// The README's "Configuration" tables from src/config.ts. Prints them; with --write, rewrites
// them in README.md between the config-table markers (src/config.test.ts fails when they differ).
import { readFileSync, writeFileSync } from 'node:fs';
import { configTable, TABLE_END, TABLE_START } from '../src/config.ts';

const README = new URL('../README.md', import.meta.url);
const table = configTable();

if (process.argv.includes('--write')) {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    console.error(`README.md has no ${TABLE_START} ... ${TABLE_END} markers to write between`);
    process.exitCode = 1;
  } else {
    writeFileSync(README, text.slice(0, start) + table + text.slice(end + TABLE_END.length));
    console.log('README.md: configuration table written');
  }
} else {
  console.log(table);
}
