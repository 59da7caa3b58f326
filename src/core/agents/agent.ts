import { z } from 'zod';
import type { TKey } from '../identity.js';

// An AI agent that asks the team through the MCP server. It is an identity of its own, never a person: its
// requests are ledger entries of kind `agent:<name>:<action>`, and it has no way to decide on anything.

/** An agent's name, as admins type it and as it appears in action kinds (`agent:build-bot:deploy`). */
export const ZAgentName = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,39}$/,
    'expected a short name of lowercase letters, digits, - and _, such as build-bot',
  );

/** The action of an agent's question to the team (ask_human): `agent:build-bot:question`. */
export const QUESTION = 'question';

/** What an agent says it wants to do, the last part of the action kind: `deploy`, `run_command`, `db.migrate`. */
export const ZAgentAction = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_.-]{0,63}$/,
    'expected a short action name of lowercase letters, digits, ., - and _, such as deploy or run_command',
  );

/** The action an agent may ask approval for: any but `question`, the kind its questions have. */
export const ZRequestAction = ZAgentAction.refine((a) => a !== QUESTION, 'question is the kind of ask_human entries');

/** Whether an entry is an agent's question (answered, not approved). */
export function isQuestionKind(kind: string): boolean {
  return isAgentKind(kind) && kind.endsWith(`:${QUESTION}`);
}

export type TAgent = {
  name: string;
  /** Where its cards go when a call names no channel; unset: the default channel. */
  channel?: TKey;
  /** `chat` for agents admins added with /teammate agent add, `env` for TEAMMATE_AGENTS. */
  source: 'chat' | 'env';
  createdBy: string;
  createdAt: Date;
};

/** The agents admins add and revoke in chat; tokens are kept as hashes only. */
export type AgentStore = {
  /** Adds an agent, or gives a revoked one a new token; false when an active agent has that name. */
  add(agent: { name: string; channel?: TKey; tokenHash: string }, by: string, at: Date): Promise<boolean>;
  /** The active agent whose token has this hash. */
  byTokenHash(tokenHash: string): Promise<TAgent | undefined>;
  /** Active agents, by name. */
  list(): Promise<TAgent[]>;
  /** The token hash of an active agent (what its undo webhook calls are signed with). */
  tokenHash(name: string): Promise<string | undefined>;
  /** Revokes an active agent; false when there is none of that name. */
  revoke(name: string, by: string, at: Date): Promise<boolean>;
};

export const AGENT_KIND_PREFIX = 'agent:';

/** The action kind of an agent's request, which the policy table decides on: `agent:build-bot:deploy`. */
export function agentKind(agent: string, action: string): string {
  return `${AGENT_KIND_PREFIX}${agent}:${action}`;
}

export function isAgentKind(kind: string): boolean {
  return kind.startsWith(AGENT_KIND_PREFIX);
}

/** The agent and the action of an agent kind, or undefined for other kinds. */
export function parseAgentKind(kind: string): { agent: string; action: string } | undefined {
  const match = /^agent:([^:]+):(.+)$/.exec(kind);
  return match?.[1] && match[2] ? { agent: match[1], action: match[2] } : undefined;
}

/**
 * The policy kinds that may match an agent kind, most specific first: `agent:build-bot:deploy`, `agent:build-bot:*`,
 * `agent:*`. Other kinds match only themselves.
 */
export function kindPatterns(kind: string): string[] {
  const parsed = parseAgentKind(kind);
  return parsed ? [kind, `${AGENT_KIND_PREFIX}${parsed.agent}:*`, `${AGENT_KIND_PREFIX}*`] : [kind];
}

/** The actor an agent is in the ledger's history. */
export function agentActor(name: string): string {
  return `${AGENT_KIND_PREFIX}${name}`;
}

/**
 * A policy row's kind for agents: `agent:*` (every agent), `agent:build-bot:*` (one agent), or
 * `agent:build-bot:deploy` (one agent's action).
 */
export function isAgentPattern(kind: string): boolean {
  if (kind === `${AGENT_KIND_PREFIX}*`) return true;
  const parsed = parseAgentKind(kind);
  if (!parsed || !ZAgentName.safeParse(parsed.agent).success) return false;
  return parsed.action === '*' || ZAgentAction.safeParse(parsed.action).success;
}

/** Whether a policy row may name `kind`: one of the catalogue's, `*`, or an agent pattern. */
export function isPolicyKind(kind: string, kinds: readonly string[]): boolean {
  return kind === '*' || kinds.includes(kind) || isAgentPattern(kind);
}

/** The kinds a policy row may name, in words for an error message. */
export function policyKindWords(kinds: readonly string[]): string {
  return `${kinds.join(', ')}, agent:<name>:<action> (or agent:<name>:*, agent:*), or *`;
}
