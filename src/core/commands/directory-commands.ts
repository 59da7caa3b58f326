import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { isValidTimeZone } from '../quiet-hours.js';
import { adminIds } from '../workflow/access.js';
import { timeZoneOf } from '../workflow/time-zone.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';

type DirectoryCommand = Extract<TCommand, { name: `admins ${string}` | `group ${string}` | 'timezone' }>;

/** Admins, approver groups and channel time zones; the caller has already checked that changes come from an admin. */
export async function runDirectoryCommand(
  deps: CoreDeps,
  input: TCommandInput,
  command: DirectoryCommand,
): Promise<string> {
  const { directory } = deps.stores;
  const chat = chatFor(deps, input.platform);
  const now = deps.clock.now();
  switch (command.name) {
    case 'admins list': {
      const configured = deps.settings.admins.map((a) => `${chat.mention(a)} (configuration)`);
      const granted = (await directory.grantedAdmins()).map((a) => `${chat.mention(a)} (granted)`);
      const all = [...configured, ...granted];
      return all.length > 0 ? `Admins: ${all.join(', ')}` : 'There are no admins yet: set TEAMMATE_ADMINS.';
    }
    case 'admins grant':
      if ((await adminIds(deps)).has(command.user)) return `${chat.mention(command.user)} is already an admin.`;
      await directory.grantAdmin(command.user, input.user, now);
      return `${chat.mention(command.user)} is now an admin.`;
    case 'admins revoke':
      if (deps.settings.admins.includes(command.user)) {
        return `${chat.mention(command.user)} is an admin from TEAMMATE_ADMINS; change the configuration to remove them.`;
      }
      return (await directory.revokeAdmin(command.user))
        ? `${chat.mention(command.user)} is no longer an admin.`
        : `${chat.mention(command.user)} was not a granted admin; nothing changed.`;
    case 'group list': {
      const groups = await directory.groups();
      if (groups.length === 0)
        return 'There are no approver groups. Create one with `/teammate group set <name> @user…`.';
      return groups.map((g) => `• group:${g.name} — ${g.members.map((m) => chat.mention(m)).join(', ')}`).join('\n');
    }
    case 'group set':
      await directory.setGroup(command.group, command.members, input.user, now);
      return `group:${command.group} is now ${command.members.map((m) => chat.mention(m)).join(', ')}.`;
    case 'group remove':
      return (await directory.removeGroup(command.group))
        ? `Removed group:${command.group}.`
        : `There is no group:${command.group}; nothing changed.`;
    case 'timezone': {
      if (!command.zone) return `${chat.channelLabel(input.channel)} uses ${await timeZoneOf(deps, input.channel)}.`;
      if (!isValidTimeZone(command.zone))
        return `"${command.zone}" is not a time zone I know; use a name like Europe/Berlin.`;
      await directory.setChannelTimeZone(input.channel, command.zone, input.user, now);
      return `${chat.channelLabel(input.channel)} now uses ${command.zone} for quiet hours, caps and times.`;
    }
  }
}
