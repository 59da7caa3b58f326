import { type TAgent, ZAgentName } from '../agents/agent.js';
import { hashAgentToken, newAgentToken } from '../agents/agent-token.js';
import type { CoreDeps } from '../deps.js';
import type { TKey } from '../identity.js';
import { describeActor } from '../present/describe-entry.js';
import { formatTime } from '../present/format.js';
import { bold, channelRef, code, doc, list, rich } from '../text/build.js';
import type { TDoc } from '../text/rich-text.js';
import type { TCommand } from './grammar.js';
import { channelKey } from './references.js';
import type { TCommandInput } from './run-command.js';

type TAgentCommand = Extract<TCommand, { name: 'agent add' | 'agent list' | 'agent revoke' }>;

/** `/teammate agent add|list|revoke`: the AI agents that may ask the team through the MCP server. */
export async function runAgentCommand(deps: CoreDeps, input: TCommandInput, command: TAgentCommand): Promise<TDoc> {
  const { agents } = deps.stores;
  const now = deps.clock.now();
  const configured = deps.settings.agents ?? [];
  switch (command.name) {
    case 'agent add': {
      if (configured.some((a) => a.name === command.agent)) {
        return doc(rich`${code(command.agent)} is named in TEAMMATE_AGENTS; change it there, or pick another name.`);
      }
      const token = newAgentToken();
      const added = await agents.add(
        {
          name: command.agent,
          tokenHash: await hashAgentToken(token),
          ...(command.channel ? { channel: command.channel } : {}),
        },
        input.user,
        now,
      );
      if (!added) {
        return doc(
          rich`There is already an agent ${code(command.agent)}. Revoke it first (${code(`/teammate agent revoke ${command.agent}`)}) to give it a new token.`,
        );
      }
      const where = command.channel
        ? rich`its cards go to ${channelRef(command.channel)}`
        : rich`its cards go to the default channel unless a call names one`;
      return doc(
        rich`Added the agent ${code(command.agent)}; ${where}. Its token, shown this once (I keep only a hash):`,
        { type: 'code', text: token },
        rich`Connect it to ${code('/mcp')} with ${code('Authorization: Bearer <token>')} (see docs/mcp.md). Its requests are the kinds ${code(`agent:${command.agent}:<action>`)} in the policy table, approved by the admins until a row says otherwise.`,
      );
    }
    case 'agent revoke': {
      if (configured.some((a) => a.name === command.agent)) {
        return doc(rich`${code(command.agent)} is named in TEAMMATE_AGENTS; remove it there and restart to revoke it.`);
      }
      return (await agents.revoke(command.agent, input.user, now))
        ? doc(rich`Revoked ${code(command.agent)}: its token no longer works. Its entries stay in the ledger.`)
        : doc(rich`There is no agent ${code(command.agent)}.`);
    }
    case 'agent list': {
      const rows: TAgent[] = [
        ...configured.map((a): TAgent => ({ name: a.name, source: 'env', createdBy: 'configuration', createdAt: now })),
        ...(await agents.list()),
      ];
      if (rows.length === 0) {
        return doc(rich`No agents yet. An admin adds one with ${code('/teammate agent add <name> [#channel]')}.`);
      }
      const line = (a: TAgent) =>
        a.source === 'env'
          ? rich`${code(a.name)} — from TEAMMATE_AGENTS · cards to ${channelOrDefault(a.channel)}`
          : rich`${code(a.name)} — cards to ${channelOrDefault(a.channel)} · added by ${describeActor(a.createdBy)} ${formatTime(a.createdAt, deps.settings.defaultTimeZone)}`;
      return doc([bold('Agents')], list(rows.map(line)));
    }
  }
}

const channelOrDefault = (channel: TKey | undefined) => (channel ? [channelRef(channel)] : rich`the default channel`);

/** Parses the words after `agent`; the name is checked by the same schema the MCP server uses. */
export function parseAgentWords(
  words: string[],
  current: TKey,
): { ok: true; command: TAgentCommand } | { ok: false; error: string } {
  const [, sub, name, where, ...extra] = words;
  if (sub === undefined || sub === 'list') {
    return words.length <= 2
      ? { ok: true, command: { name: 'agent list' } }
      : { ok: false, error: 'list takes no arguments' };
  }
  if (sub !== 'add' && sub !== 'revoke')
    return { ok: false, error: 'use add <name> [#channel], list or revoke <name>' };
  const agent = ZAgentName.safeParse(name ?? '');
  if (!agent.success)
    return { ok: false, error: 'agent names are lowercase letters, digits, - and _ (such as build-bot)' };
  if (sub === 'revoke') {
    return where === undefined
      ? { ok: true, command: { name: 'agent revoke', agent: agent.data } }
      : { ok: false, error: 'revoke takes just the name' };
  }
  if (extra.length > 0) return { ok: false, error: 'add takes a name and at most one #channel' };
  const channel = where === undefined ? undefined : channelKey(where, current);
  if (where !== undefined && !channel) return { ok: false, error: `"${where}" is not a channel` };
  return { ok: true, command: { name: 'agent add', agent: agent.data, ...(channel ? { channel } : {}) } };
}
