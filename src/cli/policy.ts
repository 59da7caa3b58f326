import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { defaultCatalogue } from '../core/actions/catalogue.js';
import { silentLogger } from '../core/logger.js';
import { formatPolicyFile, parsePolicyFile } from '../core/policy/policy-file.js';
import { configuredPlatforms } from '../routing.js';
import { parseDatabaseUrl } from '../store/database-url.js';
import { openDatabase } from '../store/open-database.js';

const usage = `Usage: npm run policy -- export [--format yaml|json] [--out FILE]
       npm run policy -- import FILE [--as NAME]
Reads and writes the policy table of the database in DATABASE_URL (default file:./data/teammate.db).
Import replaces the whole table with the file and records every changed row in the policy history.`;

/** Keeps the policy table in git: export it to a file, review changes as diffs, import the file back. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'yaml' },
      out: { type: 'string' },
      as: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [command, file, extra] = positionals;
  const format = values.format;
  if (values.help || !command || extra !== undefined || (format !== 'yaml' && format !== 'json')) {
    process.stderr.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  if (command === 'import' && !file) {
    process.stderr.write(`import needs a file\n${usage}\n`);
    return 2;
  }
  if (command !== 'import' && command !== 'export') {
    process.stderr.write(`unknown command "${command}"\n${usage}\n`);
    return 2;
  }
  const text = command === 'import' && file ? readFileSync(file, 'utf8') : undefined;
  const config = loadConfig(process.env);
  // Bare ids in the file are read on the one chat platform configured; with several, the file must use keys.
  const platforms = configuredPlatforms(config, false);
  const platform = platforms.length === 1 ? platforms[0] : undefined;
  const parsed = text === undefined ? undefined : parsePolicyFile(text, defaultCatalogue, platform);
  if (parsed && !parsed.ok) {
    process.stderr.write(`${file}: not imported, nothing changed: ${parsed.error}\n`);
    return 1;
  }
  const database = await openDatabase(parseDatabaseUrl(config.databaseUrl), silentLogger);
  try {
    if (parsed?.ok) {
      const actor = values.as ?? `cli:${userInfo().username}`;
      const changes = await database.stores.policy.replaceAll(parsed.rules, actor, 'cli', new Date());
      process.stdout.write(`imported ${parsed.rules.length} rows from ${file} (${changes.length} changed)\n`);
    } else {
      const out = formatPolicyFile(await database.stores.policy.list(), format);
      if (values.out) writeFileSync(values.out, out);
      else process.stdout.write(out);
    }
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`teammate policy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
