import { llmStatusLine } from '../brain/llm-status.js';
import { settingsOf } from '../channel-settings.js';
import type { TOutbound } from '../chat-port.js';
import { allConnectors, noConnectors } from '../connector-port.js';
import type { CoreDeps } from '../deps.js';
import type { TKey, TPlatform } from '../identity.js';
import type { TPolicyRule } from '../policy/policy-rule.js';
import { failedDeliveries, retried } from '../present/inbox.js';
import { statusText } from '../present/status.js';
import { code, doc, rich } from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';
import { isAdmin } from '../workflow/access.js';
import { decideEntry } from '../workflow/decide.js';
import { reachOf, unreachable } from '../workflow/policy-reach.js';
import { undoEntry } from '../workflow/undo.js';
import { whyById } from '../workflow/why.js';
import { runAgentCommand } from './agent-commands.js';
import { runAutonomyCommand } from './autonomy-commands.js';
import { runCalendarCommand } from './calendar-commands.js';
import { runDirectoryCommand } from './directory-commands.js';
import { parseCommand, type TCommand } from './grammar.js';
import { runPeopleCommand } from './people-commands.js';
import { runPolicyCommand } from './policy-commands.js';
import { helpText } from './usage.js';

/**
 * A `/teammate …` command as any adapter receives it: the text after the command name, in which the adapter wrote
 * people and channels as `@<key>` and `#<key>` (`@slack:U123`) and links as their URL. Names without a platform
 * (`@bob`) are read on the platform of the channel.
 */
export type TCommandInput = { platform: TPlatform; channel: TKey; user: TKey; text: string };

/** What a command may set going beyond its reply (the core's inbox worker, for retried deliveries). */
export type TCommandEffects = { drainInbox(): void };

const changesSomething = (command: TCommand) =>
  [
    'policy set',
    'policy reset',
    'policy import',
    'admins grant',
    'admins revoke',
    'group set',
    'group remove',
    'people link',
    'people unlink',
    'calendar add',
    'calendar remove',
    'roundup schedule',
    'roundup off',
    'detector',
    'inbox retry',
    'agent add',
    'agent revoke',
  ].includes(command.name) ||
  (command.name === 'timezone' && command.zone !== undefined) ||
  (command.name === 'mode' && command.mode !== undefined) ||
  (command.name === 'quiet' && command.hours !== undefined) ||
  (command.name === 'lead' && command.user !== undefined);

/** Runs a command and returns the private reply. Wrong arguments get the usage line, never a stack trace. */
export async function runCommand(
  deps: CoreDeps,
  input: TCommandInput,
  effects: TCommandEffects = { drainInbox: () => undefined },
): Promise<TOutbound> {
  const parsed = parseCommand(input.text, [...deps.catalogue.keys()], input.channel);
  if (!parsed.ok) return { body: doc(rich`${parsed.error}`, rich`Usage: ${code(parsed.usage)}`) };
  const { command } = parsed;
  if (changesSomething(command) && !(await isAdmin(deps, input.user))) {
    return {
      body: doc(rich`Only admins can change that. ${code('/teammate admins list')} shows who they are.`),
      refusal: true,
    };
  }
  return { body: await dispatch(deps, input, command, effects) };
}

/** The stored policy rows nobody can approve as things stand. */
async function blockedRules(deps: CoreDeps): Promise<{ rule: TPolicyRule; reason: TRich }[]> {
  const found: { rule: TPolicyRule; reason: TRich }[] = [];
  for (const rule of await deps.stores.policy.list()) {
    const reason = unreachable(rule, await reachOf(deps, rule));
    if (reason) found.push({ rule, reason });
  }
  return found;
}

async function dispatch(
  deps: CoreDeps,
  input: TCommandInput,
  command: TCommand,
  effects: TCommandEffects,
): Promise<TDoc> {
  const { ledger } = deps.stores;
  switch (command.name) {
    case 'help':
      return helpText(command.topic);
    case 'why':
      return whyById(deps, input.platform, command.entryId, input.channel);
    case 'undo':
      return doc(await undoEntry(deps, { platform: input.platform, entryId: command.entryId, user: input.user }));
    case 'approve':
    case 'reject':
      return doc(
        await decideEntry(deps, {
          platform: input.platform,
          entryId: command.entryId,
          user: input.user,
          decision: command.name,
          reason: command.name === 'reject' ? command.reason : undefined,
        }),
      );
    case 'status': {
      const now = deps.clock.now();
      return statusText({
        runtime: deps.settings.runtime,
        platforms: [...deps.chats.keys()],
        now,
        timeZone: (await settingsOf(deps, input.channel)).timeZone,
        pending: await ledger.recent({ limit: 10, status: ['pending'] }),
        recent: await ledger.recent({ limit: 5 }),
        stats: await ledger.approvalStats(new Date(now.getTime() - 30 * 86_400_000)),
        llm: await llmStatusLine(deps),
        blockedRules: await blockedRules(deps),
        failedDeliveries: (await deps.stores.inbox.failed(0)).total,
        connectors: allConnectors(deps.connectors ?? noConnectors).map((c) => ({ label: c.label, health: c.health() })),
        calendars: await deps.stores.calendar.feeds(),
      });
    }
    case 'inbox list':
      return failedDeliveries(await deps.stores.inbox.failed(20), (await settingsOf(deps, input.channel)).timeZone);
    case 'inbox retry': {
      const count = await deps.stores.inbox.retry(command.keys);
      if (count > 0) effects.drainInbox();
      return retried(command.keys, count);
    }
    case 'policy list':
    case 'policy set':
    case 'policy reset':
    case 'policy export':
    case 'policy import':
    case 'policy history':
      return runPolicyCommand(deps, input, command);
    case 'people list':
    case 'people link':
    case 'people unlink':
      return runPeopleCommand(deps, input, command);
    case 'calendar list':
    case 'calendar add':
    case 'calendar remove':
      return runCalendarCommand(deps, input, command);
    case 'roundup show':
    case 'roundup now':
    case 'roundup off':
    case 'roundup schedule':
    case 'mode':
    case 'report':
    case 'detectors':
    case 'detector':
    case 'quiet':
    case 'lead':
      return runAutonomyCommand(deps, input, command);
    case 'agent list':
    case 'agent add':
    case 'agent revoke':
      return runAgentCommand(deps, input, command);
    default:
      return runDirectoryCommand(deps, input, command);
  }
}
