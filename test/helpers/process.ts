import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsx = import.meta.resolve('tsx');
const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export type TExit = { code: number | null; stdout: string; stderr: string };

type TSpawnOptions = { env: NodeJS.ProcessEnv; cwd?: string; stdin?: 'ignore' | 'pipe'; input?: string };

/** Runs a TypeScript file with tsx in a child process, collecting what it prints. */
function spawnTsx(
  file: string,
  args: string[],
  options: TSpawnOptions,
): { child: ChildProcess; exit: Promise<TExit>; stdout(): string } {
  const child = spawn(process.execPath, ['--import', tsx, file, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: options.env,
    stdio: [options.stdin ?? (options.input === undefined ? 'ignore' : 'pipe'), 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  const exit = new Promise<TExit>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, exit, stdout: () => stdout };
}

/** Starts the bot as `npm start` does (tsx over src/main.ts), with the given environment only. */
export function startBot(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: 'ignore' | 'pipe'; input?: string } = {},
): { child: ChildProcess; exit: Promise<TExit>; stdout(): string } {
  return spawnTsx(main, args, {
    ...options,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TEAMMATE_TIMEZONE: 'UTC', ...options.env },
  });
}

/** Runs a script of the project (the demo, a helper process) to its end; rejects when it exits non-zero. */
export async function runScript(file: string, args: string[] = []): Promise<string> {
  const { code, stdout, stderr } = await spawnTsx(file, args, { env: process.env }).exit;
  if (code !== 0) throw new Error(`${file} exited ${code}: ${stderr}`);
  return stdout;
}

export async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The HTTP address in the bot's "teammate started" log line, if it has been written. */
export const httpUrlIn = (log: string): string | undefined => /"http":"(http:\/\/[^"]+)"/.exec(log)?.[1];

/** Waits for a started bot's HTTP address; fails at once, with its stderr, if the bot exits first. */
export async function startedUrl(bot: { exit: Promise<TExit>; stdout(): string }, timeoutMs = 30_000): Promise<string> {
  let exited: string | undefined;
  void bot.exit.then(({ code, stderr }) => {
    exited = `the bot exited ${code}: ${stderr}`;
  });
  return waitFor(
    () => {
      if (exited) throw new Error(exited);
      return httpUrlIn(bot.stdout());
    },
    'the started log line',
    timeoutMs,
  );
}
