#!/usr/bin/env node
// Entry point for `npx quire` and `npm start`: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/quire.ts');
process.exitCode = await main(process.argv.slice(2));
