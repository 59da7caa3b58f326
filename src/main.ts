import { existsSync, fstatSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, rehearsalEnvironment, type TConfig } from './config.js';
import { formatDuration } from './core/duration.js';
import { AppError } from './core/errors.js';
import type { Logger } from './core/logger.js';
import { createLogger } from './log.js';
import { interactiveWriter, runInteractive } from './platforms/local/repl.js';
import { playScript, scriptStart } from './platforms/local/script.js';
import { localSession, startRuntime } from './runtime.js';

const usage = `Usage: npm start [-- options]
  --script <file|->   rehearse a local chat script (one line per message or command) and print the transcript:
                      it runs on a scratch copy of your configuration, and nothing it does is kept
  --keep              play the script against your database instead (its actions stay in the ledger)
  --start-at <time>   start the clock at this ISO time (a script's own /start-at line does the same)
  --user <name>       the local user you start as (default alice)
  --channel <name>    the local channel you start in (default general)
  --calendar <feed>   watch an iCalendar file or URL, e.g. --calendar "./team.ics #general" (repeatable)
  --help              this text
With no script, a terminal on stdin opens the interactive local chat; without a terminal the bot only serves.`;

type TChatMode = 'interactive' | 'script' | 'none';

/**
 * A terminal chats; a pipe, socket or file on stdin plays a script; anything else (/dev/null, as service managers
 * and containers give) just serves.
 */
function chatMode(config: TConfig, script: string | undefined): TChatMode {
  if (script !== undefined) return 'script';
  if (config.localChat === 'off') return 'none';
  if (process.stdin.isTTY) return 'interactive';
  if (config.localChat === 'on') return 'script';
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket() || stat.isFile() ? 'script' : 'none';
  } catch {
    return 'none';
  }
}

/** Variables in ./.env fill in what the environment does not set (the environment always wins). */
function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The logger, or one line saying which log file cannot be written. */
function openLog(file: string | undefined, open: () => Logger): Logger {
  try {
    return open();
  } catch (error) {
    if (!file) throw error;
    return fail(`cannot write the log file ${file}: ${(error as Error).message}`, 1);
  }
}

/** The `/start-at` line of a script file, if it has one. */
function fileScriptStart(script: string | undefined): Date | undefined {
  if (script === undefined || script === '-') return undefined;
  try {
    return scriptStart(readFileSync(script, 'utf8'));
  } catch (error) {
    return fail(`--script ${script}: ${(error as Error).message}`, 2);
  }
}

function fail(message: string, code: number): never {
  process.stderr.write(`teammate: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      script: { type: 'string' },
      'start-at': { type: 'string' },
      keep: { type: 'boolean' },
      user: { type: 'string' },
      channel: { type: 'string' },
      calendar: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (args.script && args.script !== '-' && !existsSync(args.script))
    fail(`--script: there is no file ${args.script}`, 2);
  if (args.keep && args.script === undefined)
    fail('--keep goes with --script (input piped without --script always plays against your database)', 2);
  loadDotEnv();
  const startAt = args['start-at'] ? new Date(args['start-at']) : fileScriptStart(args.script);
  if (startAt && Number.isNaN(startAt.getTime())) fail(`--start-at: "${args['start-at']}" is not an ISO date-time`, 2);
  // A script is a rehearsal unless kept: the local chat alone, on a scratch copy of the configuration.
  const rehearsal = args.script !== undefined && !args.keep;
  const env = rehearsal ? rehearsalEnvironment(process.env) : process.env;
  const extraCalendars = (args.calendar ?? []).join(';');
  const config = loadConfig(
    extraCalendars
      ? { ...env, TEAMMATE_CALENDARS: [env.TEAMMATE_CALENDARS, extraCalendars].filter(Boolean).join(';') }
      : env,
  );
  const mode = chatMode(config, args.script);
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
  const logFile = config.log.file ?? (mode === 'interactive' ? 'data/teammate.log' : undefined);
  const log = openLog(logFile, () =>
    createLogger({
      level: mode === 'script' && config.log.level === 'info' ? 'warn' : config.log.level,
      format: config.log.format ?? (logFile || !process.stdout.isTTY ? 'json' : 'pretty'),
      file: logFile,
      // A script's transcript owns stdout; its log goes to stderr.
      stream: mode === 'script' ? process.stderr : undefined,
    }),
  );
  if (config.teams?.unauthenticated) {
    log.warn(
      {},
      'TEAMS REQUESTS ARE NOT AUTHENTICATED (TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS=1 without MICROSOFT_APP_ID): anyone who reaches /api/messages can act as any Teams user; use this for local development only',
    );
  }
  const writer = mode === 'interactive' ? interactiveWriter(process.stdout) : undefined;
  const runtime = await startRuntime({
    config,
    log,
    version,
    startAt,
    rehearsal,
    // A script started at a fixed time reads the same on every run: its clock moves only with /wait.
    frozenClock: mode === 'script' && startAt !== undefined,
    local:
      mode === 'none'
        ? undefined
        : {
            write: writer?.write ?? ((line) => process.stdout.write(`${line}\n`)),
            color: mode === 'interactive' && process.stdout.hasColors?.(),
          },
    http: mode !== 'script',
    heartbeat: mode !== 'script',
  });
  const address = runtime.server?.address();
  const http = address && typeof address === 'object' ? `http://${config.host}:${address.port}` : 'off';
  log.info(
    {
      database: runtime.databaseLabel,
      http,
      platforms: runtime.routing.platforms,
      chat: mode,
      slack: runtime.slack?.mode ?? 'off',
      teams: config.teams ? (config.teams.unauthenticated ? 'unauthenticated' : 'on') : 'off',
    },
    'teammate started',
  );

  let stopping: Promise<void> | undefined;
  const stop = (code: number) => {
    stopping ??= runtime
      .close()
      .catch((error: unknown) => log.error({ err: error }, 'shutdown failed'))
      .finally(() => process.exit(code));
    return stopping;
  };
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));

  if (mode === 'none' || !runtime.local) return;
  const { transcript } = runtime.local;
  const session = localSession(runtime, { user: args.user, channel: args.channel });
  if (mode === 'script') {
    if (rehearsal)
      transcript.note(
        '(a rehearsal: the local chat alone, on a scratch copy of your policies, groups, admins and channel settings; nothing is kept — --keep plays it against your database)',
      );
    await playScript(session, transcript, args.script && args.script !== '-' ? args.script : process.stdin);
    await stop(0);
  } else if (mode === 'interactive' && writer) {
    const admins =
      runtime.routing.admins.length > 0 ? runtime.routing.admins.join(', ') : 'nobody (set TEAMMATE_ADMINS)';
    transcript.note(
      `Teammate ${version} — local chat. You are ${session.user} in #${session.channel}. Admins: ${admins}.\n` +
        `Database: ${runtime.databaseLabel} · HTTP: ${http} · log: ${logFile}\n` +
        `Type /help for the local commands and /teammate help for the bot's. Ask a question ending in "?", then /wait ${formatDuration(config.unansweredAfterMs)}.`,
    );
    await runInteractive(session, process.stdin, process.stdout, writer);
    await stop(0);
  }
}

/**
 * A start that failed once the log was open: one line, then the exit code, without cutting the log off while it is
 * still opening (pino would throw "sonic boom is not ready yet" on a forced exit). The process ends when nothing is
 * left to do, or after two seconds at the latest.
 */
function failAfterLog(message: string, code: number): void {
  process.stderr.write(`teammate: ${message}\n`);
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2_000).unref();
}

main().catch((error: unknown) => {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (error instanceof ConfigError || error instanceof AppError) return failAfterLog(error.message, 1);
  if (code === 'EADDRINUSE') return failAfterLog(`${(error as Error).message}: set PORT to a free port`, 1);
  if (code === 'ENOENT') return failAfterLog((error as Error).message, 1);
  if (code.startsWith('ERR_PARSE_ARGS')) return failAfterLog(`${(error as Error).message}\n${usage}`, 2);
  // Anything else is a fault of ours: one line, with the trace when asked for (LOG_LEVEL=debug or trace).
  const message = error instanceof Error ? error.message : String(error);
  const debug = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  return failAfterLog(
    debug && error instanceof Error
      ? (error.stack ?? message)
      : `unexpected failure at start: ${message} (LOG_LEVEL=debug shows where)`,
    1,
  );
});
