// quire tags — wrangling from the terminal: synonyms, canonical tags, parents.
import { parseArgs } from 'node:util';
import { makeSynonym, setCanonical, setParent, tagDetails, WranglingError } from '../tags/wrangling.service.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const HELP = `usage: quire tags <show|merge|canonical|parent> ...

  quire tags show TAG                      a tag's type, synonyms, parents, children and work count
  quire tags canonical TAG [--off]         make a tag canonical (or not)
  quire tags merge TAG --into CANONICAL    make TAG a synonym of CANONICAL
  quire tags parent CHILD PARENT [--remove]
                                           put CHILD under PARENT: a meta tag of the same type
                                           (works in CHILD match PARENT), or a character's or
                                           relationship's fandom
Every change rebuilds the search filters of the works it affects.
${DATABASE_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DATABASE_OPTION,
      into: { type: 'string' },
      off: { type: 'boolean' },
      remove: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, ...names] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const usage = (msg: string) => {
    console.error(`quire tags ${action}: ${msg}\n\n${HELP}`);
    return 2;
  };
  const database = await openMigrated(values.database);
  try {
    switch (action) {
      case 'show': {
        if (names.length !== 1) return usage('name one tag');
        const d = await tagDetails(database, names[0]!);
        console.log(`${d.tag.name} — ${d.tag.type}${d.tag.canonical ? ', canonical' : ''}; ${d.filterCount} works`);
        if (d.synonymOf) console.log(`  synonym of: ${d.synonymOf}`);
        if (d.synonyms.length) console.log(`  synonyms: ${d.synonyms.join(', ')}`);
        if (d.parents.length) console.log(`  parents: ${d.parents.map((p) => `${p.name} (${p.type})`).join(', ')}`);
        if (d.children.length) console.log(`  children: ${d.children.map((p) => `${p.name} (${p.type})`).join(', ')}`);
        return 0;
      }
      case 'canonical':
        if (names.length !== 1) return usage('name one tag');
        console.log((await setCanonical(database, names[0]!, !values.off)).message);
        return 0;
      case 'merge': {
        if (names.length !== 1 || !values.into) return usage('name one tag and --into CANONICAL');
        const r = await makeSynonym(database, names[0]!, values.into);
        console.log(`${r.message}; ${r.works} works refiltered`);
        return 0;
      }
      case 'parent': {
        if (names.length !== 2) return usage('name CHILD and PARENT');
        const r = await setParent(database, names[0]!, names[1]!, !values.remove);
        console.log(`${r.message}; ${r.works} works refiltered`);
        return 0;
      }
      default:
        return usage(`unknown action '${action}'`);
    }
  } catch (e) {
    if (e instanceof WranglingError) {
      console.error(`quire tags ${action}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}
