import { readFileSync } from 'node:fs';
import { radicaleInstalled, startRadicale } from './radicale.js';

/** Where the demo's team calendar lives, and how Teammate is pointed at it. */
export type TDemoCalendar = {
  /** The entry of TEAMMATE_CALENDARS and the variables that connect it. */
  env: Record<string, string>;
  /** After the cancellation: what the calendar server has now (nothing to show for a file). */
  showServerCopy(): Promise<void>;
  close(): Promise<void>;
};

/** An iCalendar file as one object per UID, as CalDAV stores events (with the file's time zones in each). */
function objectsOf(ics: string): Map<string, string> {
  const zones = ics.match(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE/g) ?? [];
  const events = new Map<string, string[]>();
  for (const event of ics.match(/BEGIN:VEVENT[\s\S]*?END:VEVENT/g) ?? []) {
    const uid = /^UID:(.+)$/m.exec(event)?.[1]?.trim() ?? 'event';
    events.set(uid, [...(events.get(uid) ?? []), event]);
  }
  const head = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Teammate demo//EN';
  return new Map(
    [...events].map(([uid, parts]) => [uid, [head, ...zones, ...parts, 'END:VCALENDAR', ''].join('\r\n')]),
  );
}

/**
 * The demo's calendar on a local Radicale server when one is installed, so the approved cancellation really takes
 * the occurrence out of the calendar; else the .ics file, read-only, with a word on how to get the real thing.
 */
export async function demoCalendar(file: string, write: (line: string) => void): Promise<TDemoCalendar> {
  if (!radicaleInstalled()) {
    write(
      '(Radicale is not installed, so the calendar is the read-only file and the cancellation stays in Teammate; install it — `apt-get install radicale` on Debian or Ubuntu, `pipx install radicale` elsewhere — and the demo cancels the meeting on a real CalDAV server)',
    );
    return {
      env: { TEAMMATE_CALENDARS: `${file} #general` },
      showServerCopy: async () => undefined,
      close: async () => undefined,
    };
  }
  const server = await startRadicale();
  await server.mkcalendar(`/${server.user}/team/`, 'Team');
  const exdates = (text: string) => text.split(/\r?\n/).filter((line) => line.startsWith('EXDATE'));
  /** Each object's path and the EXDATEs it came with. */
  const objects = new Map<string, string[]>();
  for (const [uid, object] of objectsOf(readFileSync(file, 'utf8'))) {
    const path = `/${server.user}/team/${uid.replace(/[^\w.-]/g, '_')}.ics`;
    await server.put(path, object);
    objects.set(path, exdates((await server.get(path)).text));
  }
  write(
    `(the team calendar from ${file.split('/').slice(-2).join('/')} is on a local CalDAV server, Radicale at ${server.url}${server.user}/team/: Teammate reads it through CalDAV and changes it there)`,
  );
  return {
    env: {
      CALDAV_URL: server.url,
      CALDAV_USERNAME: server.user,
      CALDAV_PASSWORD: server.password,
      TEAMMATE_CALENDARS: 'caldav:Team #general',
    },
    async showServerCopy() {
      for (const [path, before] of objects) {
        const added = exdates((await server.get(path)).text).filter((line) => !before.includes(line));
        if (added.length > 0) {
          write(
            `(Radicale's copy of ${path.split('/').at(-1)} now has ${added.join(', ')}: that meeting is gone from everyone's calendar)`,
          );
        }
      }
    },
    close: () => server.stop(),
  };
}
