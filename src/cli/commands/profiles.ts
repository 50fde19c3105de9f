import { ConfigError } from '../../errors.js';
import { givenOptions, ProfileName, type ImportProfile } from '../../imports/options.js';
import { deleteProfile, getProfile, listProfiles, putProfile, type SavedProfile } from '../../imports/profiles.js';
import type { Command } from '../args.js';
import { commandContext, withDatabase } from '../context.js';
import { jsonLine, printable } from '../format.js';
import { IMPORT_OPTIONS, importRequest } from './ingest.js';

/** What a profile sets, on one line: `delimiter=";" sync=true map.sku="Item Number"`. */
function describe(profile: ImportProfile): string {
  const pairs = [
    ...Object.entries(profile.options).map(([option, value]) => `${option}=${JSON.stringify(value)}`),
    ...Object.entries(profile.mapping).map(([column, name]) => `map.${column}=${JSON.stringify(name)}`),
  ];
  return pairs.length > 0 ? printable(pairs.join(' ')) : '(the defaults)';
}

function profileName(text: string | undefined, usage: string): string {
  const parsed = ProfileName.safeParse(text);
  if (!parsed.success) throw new ConfigError(text === undefined ? `usage: ${usage}` : `profile name ${JSON.stringify(text)}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const print = (json: boolean, profile: SavedProfile) =>
  process.stdout.write(json ? jsonLine(profile) : `${printable(profile.name)}  ${describe(profile)}\n`);

export const profilesCommand: Command = {
  name: 'profiles',
  summary: 'list, show, save or delete import profiles (saved options and column mappings)',
  usage: `lfp profiles [--json]
lfp profiles show NAME [--json]
lfp profiles save NAME [import options]
lfp profiles delete NAME

A profile is a supplier feed's import options and column mapping under a name; lfp ingest --profile NAME (or
profile=NAME in the API) starts from it, and options given with the import override the profile's.

save takes the options of lfp ingest, for example:
  lfp profiles save acme --delimiter ';' --map sku="Item Number" --map name=Title --map description=Body --sync

Options:
  --json   print each profile as one line of JSON, as the API returns it`,
  options: { ...IMPORT_OPTIONS, json: { type: 'boolean' } },
  async run(args) {
    const [action = 'list', name, ...rest] = args.positionals;
    const json = args.values.json === true;
    if (rest.length > 0) throw new ConfigError(`unexpected ${JSON.stringify(rest[0])} (see: lfp profiles --help)`);
    const context = commandContext();
    switch (action) {
      case 'list': {
        const profiles = await withDatabase(context, (db) => listProfiles(db.pool));
        for (const profile of profiles) print(json, profile);
        if (profiles.length === 0 && !json) process.stderr.write('no profiles saved yet (lfp profiles save NAME ...)\n');
        return 0;
      }
      case 'show': {
        const wanted = profileName(name, 'lfp profiles show NAME');
        const profile = await withDatabase(context, (db) => getProfile(db.pool, wanted));
        if (!profile) throw new ConfigError(`there is no profile named ${JSON.stringify(wanted)} (lfp profiles lists them)`);
        print(json, profile);
        return 0;
      }
      case 'save': {
        const wanted = profileName(name, 'lfp profiles save NAME [import options]');
        const request = importRequest(args);
        if (request.profile !== undefined) throw new ConfigError('--profile: a profile cannot start from another');
        if (request.skipIfSeen) throw new ConfigError('--skip-if-seen belongs to a submission, not to a profile');
        const { profile, created } = await withDatabase(context, (db) => putProfile(db.pool, wanted, givenOptions(request)));
        if (json) print(true, profile);
        else process.stdout.write(`profile ${printable(profile.name)} ${created ? 'saved' : 'replaced'}: ${describe(profile)}\n`);
        return 0;
      }
      case 'delete': {
        const wanted = profileName(name, 'lfp profiles delete NAME');
        if (!(await withDatabase(context, (db) => deleteProfile(db.pool, wanted)))) {
          throw new ConfigError(`there is no profile named ${JSON.stringify(wanted)} (lfp profiles lists them)`);
        }
        process.stdout.write(`profile ${printable(wanted)} deleted\n`);
        return 0;
      }
      default:
        throw new ConfigError(`unknown action ${JSON.stringify(action)}: list, show, save or delete (see: lfp profiles --help)`);
    }
  },
};
