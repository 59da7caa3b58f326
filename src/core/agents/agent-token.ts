import type { CoreDeps } from '../deps.js';
import type { TAgent } from './agent.js';

// Agents' bearer tokens: 32 random bytes, shown once; only their SHA-256 is kept (the store and the configuration).

/** A new token: `tm_` and 43 base64url characters. */
export function newAgentToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return `tm_${Buffer.from(bytes).toString('base64url')}`;
}

/** The SHA-256 of a text, in hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('hex');
}

/** The SHA-256 of a token, in hex: what is stored, and what an agent's undo webhook is signed with. */
export const hashAgentToken = sha256Hex;

/** An agent named in the configuration (TEAMMATE_AGENTS): its name and its token's hash. */
export type TConfiguredAgent = { name: string; tokenHash: string };

/** The agent a bearer token belongs to (configured agents first, then those added in chat), or undefined. */
export async function agentByToken(
  deps: Pick<CoreDeps, 'stores' | 'settings'>,
  token: string,
): Promise<(TAgent & { tokenHash: string }) | undefined> {
  const tokenHash = await hashAgentToken(token);
  const configured = deps.settings.agents?.find((a) => a.tokenHash === tokenHash);
  if (configured) {
    return {
      name: configured.name,
      source: 'env',
      createdBy: 'configuration',
      createdAt: deps.settings.runtime.startedAt,
      tokenHash,
    };
  }
  const stored = await deps.stores.agents.byTokenHash(tokenHash);
  return stored ? { ...stored, tokenHash } : undefined;
}
