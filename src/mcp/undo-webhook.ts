import { fetch } from 'undici';
import type { AgentUndoPort, TAgentUndoCall } from '../core/connector-port.js';
import { AppError, AppErrorCode } from '../core/errors.js';
import { guardedAgent, refusedAddress } from '../sources/calendar/address-guard.js';
import { signBody } from '../sources/webhooks/signature.js';

const TIMEOUT_MS = 10_000;

/**
 * Calls the undo webhook an agent named in report_outcome when someone presses Undo: a JSON POST signed for the agent
 * (X-Teammate-Signature), answered with 2xx when the agent undid it. Any other answer is a failed undo, recorded with
 * what the agent said. Private and loopback addresses are refused unless the deployment allows them.
 */
export function agentUndoWebhooks(options: {
  tokenHash(agent: string): Promise<string | undefined>;
  allowPrivate: boolean;
}): AgentUndoPort {
  return {
    async call(call: TAgentUndoCall) {
      const url = new URL(call.url);
      if (!options.allowPrivate) {
        const refused = await refusedAddress(url).catch((error: Error) => error.message);
        if (refused) {
          throw new AppError(AppErrorCode.invalid, {
            message: `the undo webhook ${url.host} is refused: ${refused.replace(/; set .*$/, '')} (TEAMMATE_AGENT_WEBHOOKS_ALLOW_PRIVATE=true allows it)`,
          });
        }
      }
      const key = await options.tokenHash(call.agent);
      if (!key)
        throw new AppError(AppErrorCode.invalid, {
          message: `the agent ${call.agent} is revoked, so its undo webhook is not called`,
        });
      const body = JSON.stringify({
        type: 'undo',
        id: call.id,
        agent: call.agent,
        action: call.action,
        undone_by: call.undoneBy,
        at: call.at.toISOString(),
      });
      let response: Awaited<ReturnType<typeof fetch>>;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            // Signed like Teammate's own webhooks, keyed with the SHA-256 of the agent's token.
            'x-teammate-signature': signBody(body, key),
            'user-agent': 'Teammate',
          },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'manual',
          ...(options.allowPrivate ? {} : { dispatcher: guardedAgent }),
        });
      } catch (error) {
        throw new AppError(AppErrorCode.connector, {
          message: `the undo webhook at ${url.host} did not answer (${error instanceof Error ? error.message : String(error)})`,
        });
      }
      if (!response.ok) {
        const said = (await response.text().catch(() => '')).slice(0, 200).trim();
        throw new AppError(AppErrorCode.connector, {
          message: `the undo webhook at ${url.host} answered ${response.status}${said ? `: ${said}` : ''}`,
        });
      }
    },
  };
}
