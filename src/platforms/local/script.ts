import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LocalSession } from './session.js';
import type { Transcript } from './transcript.js';

/**
 * Plays a conversation non-interactively: one line at a time, each handled completely before the next, with the
 * commands echoed so the printed transcript reads like the chat it was.
 */
export async function playScript(
  session: LocalSession,
  transcript: Transcript,
  source: string | NodeJS.ReadableStream,
): Promise<void> {
  const input = typeof source === 'string' ? createReadStream(source, 'utf8') : source;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim().startsWith('/')) transcript.note(`${session.prompt()}${line.trim()}`);
    if ((await session.handle(line)) === 'quit') break;
  }
}

/**
 * A script's own start time: a `/start-at <ISO time>` line before anything but comments, so that the file alone
 * plays the same way every time (`--start-at` on the command line wins). Undefined when there is none; an error
 * naming the line when its time does not parse.
 */
export function scriptStart(text: string): Date | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line === '#' || line.startsWith('# ')) continue;
    const match = /^\/start-at(?:\s+(.*))?$/.exec(line);
    if (!match) return undefined;
    const at = new Date(match[1] ?? '');
    if (Number.isNaN(at.getTime()))
      throw new Error(`"${line}" needs an ISO date-time, such as /start-at 2026-11-23T09:00:00Z`);
    return at;
  }
  return undefined;
}
