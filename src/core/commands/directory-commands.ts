import { settingsOf } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { isValidTimeZone } from '../quiet-hours.js';
import { channelRef, code, doc, joinRich, list, person, rich } from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';
import { adminIds } from '../workflow/access.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';

type DirectoryCommand = Extract<TCommand, { name: `admins ${string}` | `group ${string}` | 'timezone' }>;

const people = (users: readonly string[]): TRich =>
  joinRich(
    users.map((u) => [person(u)]),
    ', ',
  );

/** Admins, approver groups and channel time zones; the caller has already checked that changes come from an admin. */
export async function runDirectoryCommand(
  deps: CoreDeps,
  input: TCommandInput,
  command: DirectoryCommand,
): Promise<TDoc> {
  const { directory } = deps.stores;
  const now = deps.clock.now();
  switch (command.name) {
    case 'admins list': {
      const configured = deps.settings.admins.map((a) => rich`${person(a)} (configuration)`);
      const granted = (await directory.grantedAdmins()).map((a) => rich`${person(a)} (granted)`);
      const all = [...configured, ...granted];
      return doc(
        all.length > 0 ? rich`Admins: ${joinRich(all, ', ')}` : rich`There are no admins yet: set TEAMMATE_ADMINS.`,
      );
    }
    case 'admins grant': {
      const who = person(command.user);
      if ((await adminIds(deps)).has(command.user)) return doc(rich`${who} is already an admin.`);
      await directory.grantAdmin(command.user, input.user, now);
      return doc(rich`${who} is now an admin.`);
    }
    case 'admins revoke': {
      const who = person(command.user);
      if (deps.settings.admins.includes(command.user)) {
        return doc(rich`${who} is an admin from TEAMMATE_ADMINS; change the configuration to remove them.`);
      }
      return doc(
        (await directory.revokeAdmin(command.user))
          ? rich`${who} is no longer an admin.`
          : rich`${who} was not a granted admin; nothing changed.`,
      );
    }
    case 'group list': {
      const groups = await directory.groups();
      if (groups.length === 0)
        return doc(rich`There are no approver groups. Create one with ${code('/teammate group set <name> @user…')}.`);
      return doc(list(groups.map((g) => rich`group:${g.name} — ${people(g.members)}`)));
    }
    case 'group set':
      await directory.setGroup(command.group, command.members, input.user, now);
      return doc(rich`group:${command.group} is now ${people(command.members)}.`);
    case 'group remove':
      return doc(
        (await directory.removeGroup(command.group))
          ? rich`Removed group:${command.group}.`
          : rich`There is no group:${command.group}; nothing changed.`,
      );
    case 'timezone': {
      const here = channelRef(input.channel);
      if (!command.zone) return doc(rich`${here} uses ${(await settingsOf(deps, input.channel)).timeZone}.`);
      if (!isValidTimeZone(command.zone))
        return doc(rich`${JSON.stringify(command.zone)} is not a time zone I know; use a name like Europe/Berlin.`);
      await directory.updateChannelSettings(input.channel, { timeZone: command.zone }, input.user, now);
      return doc(rich`${here} now uses ${command.zone} for quiet hours, caps and times.`);
    }
  }
}
