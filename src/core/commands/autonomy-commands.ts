import { settingsOf, WORKSPACE } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { allDetectors } from '../detectors/all-detectors.js';
import { configFrom, optionDefault } from '../detectors/detector-settings.js';
import { formatDuration } from '../duration.js';
import { shortId } from '../ledger-entry.js';
import { wouldHave } from '../policy/gate.js';
import { formatTime } from '../present/format.js';
import { proposeRoundup } from '../roundup/propose-roundup.js';
import { describeWeekly } from '../schedule-rule.js';
import { bold, channelRef, code, doc, list, person, rich } from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';

type AutonomyCommand = Extract<
  TCommand,
  { name: `roundup ${string}` | 'mode' | 'report' | 'detectors' | 'detector' | 'quiet' | 'lead' }
>;

const DAY = 86_400_000;

/** Roundups, shadow mode and its report, detectors, quiet hours and the lead. Changes are checked for admin first. */
export async function runAutonomyCommand(
  deps: CoreDeps,
  input: TCommandInput,
  command: AutonomyCommand,
): Promise<TDoc> {
  const { directory, roundups, ledger } = deps.stores;
  const now = deps.clock.now();
  const where = (target: string): TRich => (target === WORKSPACE ? rich`the workspace` : [channelRef(target)]);
  const zone = async (target: string) => (await settingsOf(deps, target)).timeZone;
  const said = (line: TRich) => doc(line);
  switch (command.name) {
    case 'roundup show': {
      const found = (await roundups.all()).find((r) => r.channel === command.channel);
      return said(
        found
          ? rich`The roundup of ${where(command.channel)} is posted every ${found.schedule} (${await zone(command.channel)}).`
          : rich`${where(command.channel)} has no weekly roundup. Set one with ${code('/teammate roundup schedule "fri 16:00"')}.`,
      );
    }
    case 'roundup schedule': {
      const schedule = describeWeekly(command.cron);
      await roundups.set({
        channel: command.channel,
        schedule,
        setBy: input.user,
        setAt: now,
      });
      return said(
        rich`The roundup of ${where(command.channel)} will be posted every ${schedule} (${await zone(command.channel)}), once a week, as an action you can undo.`,
      );
    }
    case 'roundup off':
      return said(
        (await roundups.remove(command.channel))
          ? rich`No more weekly roundups in ${where(command.channel)}.`
          : rich`${where(command.channel)} had no weekly roundup; nothing changed.`,
      );
    case 'roundup now': {
      const { entry } = await proposeRoundup(deps, {
        platform: input.platform,
        channel: command.channel,
        requestedBy: input.user,
      });
      const state =
        { executed: 'posted', pending: 'waiting for approval', shadowed: 'recorded in shadow mode' }[
          entry.status as string
        ] ?? entry.status;
      return said(rich`Roundup ${shortId(entry.id)} for ${where(command.channel)}: ${state}.`);
    }
    case 'mode': {
      if (!command.mode) {
        const { mode } = await settingsOf(deps, command.target);
        return said(
          mode === 'shadow'
            ? rich`${where(command.target)} is in shadow mode. I record what I would do and do nothing; ${code('/teammate report')} shows it.`
            : rich`${where(command.target)} is in ${mode} mode.`,
        );
      }
      await directory.updateChannelSettings(command.target, { mode: command.mode }, input.user, now);
      return said(
        command.mode === 'shadow'
          ? rich`${where(command.target)} is now in shadow mode: I record what I would have done, post and change nothing. ${code('/teammate report')} shows it.`
          : rich`${where(command.target)} is now live: actions go through the policy table again.`,
      );
    }
    case 'report': {
      const since = new Date(now.getTime() - 7 * DAY);
      const channel = command.target === WORKSPACE ? undefined : command.target;
      const entries = await ledger.recent({ limit: 200, status: ['shadowed'], channel, since });
      if (entries.length === 0)
        return said(rich`Nothing recorded in shadow mode in ${where(command.target)} this week.`);
      const timeZone = await zone(input.channel);
      return doc(
        rich`${bold('What I would have done in ')}${where(command.target)}${bold(' over the last 7 days')} (shadow mode, ${entries.length}):`,
        list(
          entries
            .reverse()
            .map(
              (e) =>
                rich`${shortId(e.id)} ${formatTime(e.createdAt, timeZone)}: would have ${wouldHave(e.mode)} to ${e.summary} (rule ${e.policy.ruleKey}). Why: ${e.rationale}`,
            ),
        ),
      );
    }
    case 'detectors': {
      const settings = await settingsOf(deps, command.target);
      const lines: TRich[] = [];
      for (const detector of allDetectors) {
        const config = configFrom(detector, settings, deps.settings);
        const values = (detector.options ?? []).map((o) => {
          const value = config.values[o.key] ?? optionDefault(o, deps.settings);
          return `${o.key}=${o.kind === 'duration' ? formatDuration(value) : value}`;
        });
        lines.push(
          rich`${detector.name} ${config.enabled ? 'on' : bold('off')}${values.length > 0 ? ` (${values.join(', ')})` : ''}: ${detector.description ?? ''}`,
        );
      }
      const { own } = settings;
      return doc(
        rich`${bold('Detectors in ')}${where(command.target)}`,
        list(lines),
        rich`Quiet hours: ${own.quietHours ?? 'none'} · lead: ${own.lead ? [person(own.lead)] : 'the admins'}`,
      );
    }
    case 'detector': {
      const { own } = await settingsOf(deps, command.target);
      const detectors = {
        ...own.detectors,
        [command.detector]: { ...own.detectors[command.detector], ...command.values },
      };
      await directory.updateChannelSettings(command.target, { detectors }, input.user, now);
      // Said back in the units people typed: durations as 14d, not milliseconds.
      const kinds = new Map(
        (allDetectors.find((d) => d.name === command.detector)?.options ?? []).map((o) => [o.key, o.kind]),
      );
      const values = Object.entries(command.values)
        .map(([k, v]) =>
          k === 'enabled'
            ? v
              ? 'on'
              : 'off'
            : `${k}=${kinds.get(k) === 'duration' && typeof v === 'number' ? formatDuration(v) : v}`,
        )
        .join(', ');
      return doc(rich`${command.detector} in ${where(command.target)}: ${values}.`);
    }
    case 'quiet': {
      if (command.hours === undefined) {
        const { own, timeZone } = await settingsOf(deps, command.target);
        return said(
          own.quietHours
            ? rich`Quiet hours in ${where(command.target)}: ${own.quietHours} (${timeZone}).`
            : rich`${where(command.target)} has no quiet hours of its own.`,
        );
      }
      await directory.updateChannelSettings(command.target, { quietHours: command.hours }, input.user, now);
      return said(
        command.hours
          ? rich`Detectors stay silent in ${where(command.target)} from ${command.hours.replace('-', ' to ')} (${await zone(command.target)}); what they notice waits until morning.`
          : rich`No quiet hours in ${where(command.target)} any more.`,
      );
    }
    case 'lead': {
      if (command.user === undefined) {
        const { lead } = (await settingsOf(deps, command.target)).own;
        return said(
          lead
            ? rich`The lead of ${where(command.target)} is ${person(lead)}.`
            : rich`${where(command.target)} has no lead; team-level concerns go to an admin.`,
        );
      }
      await directory.updateChannelSettings(command.target, { lead: command.user }, input.user, now);
      return said(
        command.user
          ? rich`${person(command.user)} now hears about team-level concerns in ${where(command.target)}.`
          : rich`${where(command.target)} has no lead now.`,
      );
    }
  }
}
