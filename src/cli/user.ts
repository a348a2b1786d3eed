// quire user — accounts from the terminal: add, promote, reset a password.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { AccountError, promote, requestPasswordReset, ROLES, signUp, type Role } from '../accounts/accounts.service.ts';
import { MemoryMailSender } from '../accounts/mail.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const HELP = `usage: quire user <add|promote|reset-password> ...

  quire user add NAME [--email ADDR] [--role reader|wrangler|admin]
                                  create an account; the password is read from standard input
  quire user promote NAME --role reader|wrangler|admin
  quire user reset-password NAME  print a one-hour password reset link path (no mail is sent)
${DATABASE_HELP}`;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question('password: ');
    rl.close();
    return answer;
  }
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DATABASE_OPTION,
      email: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, name] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  if (!name) {
    console.error(`quire user ${action}: name the account\n\n${HELP}`);
    return 2;
  }
  if (values.role !== undefined && !(ROLES as readonly string[]).includes(values.role)) {
    console.error(`quire user: --role must be one of ${ROLES.join(', ')}, not '${values.role}'`);
    return 2;
  }
  const database = await openMigrated(values.database);
  try {
    switch (action) {
      case 'add': {
        const user = await signUp(database, {
          username: name,
          email: values.email ?? '',
          password: await readPassword(),
          role: values.role as Role | undefined,
        });
        console.log(`created ${user.username} (${user.role})`);
        return 0;
      }
      case 'promote':
        if (!values.role) {
          console.error('quire user promote: say --role reader|wrangler|admin');
          return 2;
        }
        await promote(database, name, values.role as Role);
        console.log(`${name} is now ${values.role}`);
        return 0;
      case 'reset-password': {
        const token = await requestPasswordReset(database, name, new MemoryMailSender(), '');
        if (!token) throw new AccountError(`there is no account named '${name}'`);
        console.log(`/password/reset/${token}`);
        return 0;
      }
      default:
        console.error(`quire user: unknown action '${action}'\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof AccountError) {
      console.error(`quire user ${action}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}
