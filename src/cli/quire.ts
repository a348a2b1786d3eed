// `quire` — the one command-line entry. Each subcommand lives in its own file and exports
// `run(argv)`, returning the process exit status; this file only dispatches and prints usage.

type Command = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'serve the archive over HTTP', load: () => import('./serve.ts') },
  worker: {
    summary: 'run background jobs (mail, re-analysis, downloads) in a process of their own',
    load: () => import('./worker.ts'),
  },
  import: { summary: 'import files or folders of .txt .md .html .docx', load: () => import('./import.ts') },
  analyze: { summary: "propose a text's tags, with evidence", load: () => import('./analyze.ts') },
  suggestions: {
    summary: "list a work's suggested tags; accept or reject them",
    load: () => import('./suggestions.ts'),
  },
  search: { summary: 'search works with the query language of the search box', load: () => import('./search.ts') },
  tags: { summary: 'wrangle tags: show, canonical, merge (synonyms), parent', load: () => import('./tags.ts') },
  user: { summary: 'accounts: add, promote, reset-password', load: () => import('./user.ts') },
  migrate: {
    summary: 'apply pending database migrations and print the schema version',
    load: () => import('./migrate.ts'),
  },
  backup: {
    summary: "write a backup of the archive's database to a file, while it serves",
    load: () => import('./backup.ts'),
  },
  restore: {
    summary: 'restore a backup into the database (--force to replace one)',
    load: () => import('./restore.ts'),
  },
  dev: { summary: 'developer tools: quire dev corpus --works N', load: () => import('./dev.ts') },
  config: {
    summary: 'print the effective configuration and where each value came from',
    load: () => import('./config.ts'),
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: quire <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Every command takes --database URL (sqlite:PATH or postgres://...), default $DATABASE_URL or sqlite:data/quire.db.',
    "Run 'quire <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`quire: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const { run } = await command.load();
  return run(rest);
}
