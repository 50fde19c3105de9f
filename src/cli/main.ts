import { parseCommandArgs, type Command } from './args.js';
import { generateCommand } from './commands/generate.js';
import { doctorCommand } from './commands/doctor.js';
import { cancelCommand, importCommand, importsCommand, retryCommand, revertCommand } from './commands/imports.js';
import { ingestCommand } from './commands/ingest.js';
import { migrateCommand } from './commands/migrate.js';
import { profilesCommand } from './commands/profiles.js';
import { startCommand } from './commands/start.js';
import { statsCommand } from './commands/stats.js';
import { webhooksCommand } from './commands/webhooks.js';
import { workerCommand } from './commands/worker.js';
import { ConfigError, errorMessage } from '../errors.js';
import { printable } from './format.js';

const COMMANDS: Command[] = [
  startCommand, workerCommand, ingestCommand, importsCommand, importCommand, cancelCommand, retryCommand, revertCommand, profilesCommand, statsCommand,
  webhooksCommand, generateCommand, migrateCommand, doctorCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `lfp: ingest very large product CSV files into PostgreSQL

Usage: lfp COMMAND [options]   (lfp COMMAND --help for a command's options)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Environment:
  DATABASE_URL          PostgreSQL to use; without it lfp runs an embedded PostgreSQL under LFP_DATA_DIR
  LFP_DATA_DIR          data directory: embedded PostgreSQL, stored uploads (default ./.lfp)
  LFP_CHUNK_BYTES       target chunk size (default 16 MiB)
  LFP_LOAD_CONCURRENCY  chunks loaded at once by a worker (default 2)
  LFP_MERGE_WORK_MEM    work_mem of the merge transaction (default 256MB)
  LFP_MERGE_STRATEGY    auto (default), upsert or rebuild: how a merge applies an import
  LFP_UNDO_RETENTION_DAYS  how long what lfp revert needs is kept after an import (default 7; 0: not kept)
  LFP_WEBHOOK_ALLOW_PRIVATE  true: webhook receivers may be at loopback, private or link-local addresses
  LFP_LOG_LEVEL         fatal, error, warn, info, debug, trace or silent
  LFP_LOG_FORMAT        json or pretty (default: pretty when stderr is a terminal, json otherwise)
`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new ConfigError(`unknown command "${name}" (see: lfp --help)`);
  const args = parseCommandArgs(command, rest);
  if (args.values.help) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lfp: ${printable(errorMessage(error))}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  },
);
