// quire config — the effective configuration: each setting, its value and where the value came
// from, secrets masked. Takes the flags other commands take, to show what they would use.
import { parseArgs } from 'node:util';
import { effectiveConfig, SETTINGS, type EffectiveSetting } from '../config.ts';

const FLAGS = Object.values(SETTINGS).flatMap((s) => ('flag' in s && s.flag ? [s.flag] : []));

const HELP = `usage: quire config [${FLAGS.map((f) => f.usage.replace(/^.* (--)/, '$1')).join('] [')}]

Prints each setting: its environment variable, its effective value (secrets masked) and where
the value came from (default, environment or flag). Exits 1 if a value is bad, naming it.
The flags are those of the commands that take them, to show what such a command would use.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(FLAGS.map((f) => [f.option, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const flags = Object.fromEntries(
    FLAGS.map((f) => [f.option, (values as Record<string, string | undefined>)[f.option]]),
  );
  const settings = effectiveConfig({ flags });
  console.log(formatConfig(settings));
  return settings.some((s) => s.error && s.kind !== 'test') ? 1 : 0;
}

const GROUPS: [EffectiveSetting['kind'], string][] = [
  ['product', 'archive'],
  ['dev', 'developer tools'],
  ['test', 'test harness'],
];

/** One aligned table per kind of setting. */
export function formatConfig(settings: EffectiveSetting[]): string {
  const rows = settings.map((s) => ({
    s,
    cells: [s.name, s.variable, s.error ? 'INVALID (below)' : (s.shown ?? ''), source(s)],
  }));
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((r) => r.cells[i]!.length), ['setting', 'variable', 'value'][i]!.length),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd();
  const tables = GROUPS.map(([kind, title]) =>
    [
      `# ${title}`,
      line(['setting', 'variable', 'value', 'from']),
      ...rows.filter((r) => r.s.kind === kind).map((r) => line(r.cells)),
    ].join('\n'),
  );
  const errors = settings.flatMap((s) => (s.error ? [`  ${s.error}`] : []));
  return [...tables, ...(errors.length ? [['# invalid values', ...errors].join('\n')] : [])].join('\n\n');
}

function source(s: EffectiveSetting): string {
  if (s.source === 'default') return 'default';
  if (s.source === 'flag') return `flag ${s.from}`;
  return s.from === s.variable ? 'environment' : `environment (${s.from})`;
}
