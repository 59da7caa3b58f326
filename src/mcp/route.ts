import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type express from 'express';
import type { TAgent } from '../core/agents/agent.js';
import { agentByToken } from '../core/agents/agent-token.js';
import type { CoreDeps } from '../core/deps.js';
import { asAppError } from '../core/errors.js';
import type { McpMetrics } from '../server/metrics.js';
import { RateLimit } from './rate-limit.js';
import { agentServer } from './tools.js';

export const MCP_ENDPOINT = '/mcp';

/** The `Authorization: Bearer <token>` of a request, or undefined. */
function bearer(req: express.Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * `POST /mcp`: the MCP server for agents (Streamable HTTP, stateless: every request is served by a fresh server
 * bound to the agent its bearer token names; 2026-era requests and the 2025-era stateless fallback alike). A request
 * without a valid token is answered 401 and counted; nothing in the MCP layer sees it.
 */
export function mountMcp(
  app: express.Express,
  options: {
    deps: CoreDeps;
    defaultChannel?: string;
    requestsPerMinute: number;
    metrics: McpMetrics;
  },
): void {
  const { deps, metrics } = options;
  const rateLimit = new RateLimit(options.requestsPerMinute);
  const tools = {
    deps,
    ...(options.defaultChannel ? { defaultChannel: options.defaultChannel } : {}),
    rateLimit,
    onRateLimited: () => metrics.request('rate_limited'),
  };
  const handler = createMcpHandler(
    (ctx) => {
      const agent = ctx.authInfo?.extra?.agent as TAgent | undefined;
      // The route below never lets a request through without an agent; this is the second lock on that door.
      if (!agent) throw new Error('an MCP request arrived without an agent');
      return agentServer(tools, { agent, ...(ctx.requestInfo?.signal ? { signal: ctx.requestInfo.signal } : {}) });
    },
    { onerror: (error) => deps.log.debug({ err: error }, 'MCP request refused') },
  );
  const serve = toNodeHandler(handler, {
    onerror: (error) => deps.log.error({ err: asAppError(error) }, 'the MCP endpoint failed'),
  });
  app.all(MCP_ENDPOINT, async (req, res) => {
    const token = bearer(req);
    let agent: Awaited<ReturnType<typeof agentByToken>>;
    try {
      agent = token ? await agentByToken(deps, token) : undefined;
    } catch (error) {
      // Not the agent's fault, and not a refusal: say so, and when to try again.
      deps.log.warn({ err: asAppError(error) }, 'could not check an agent token');
      res
        .status(503)
        .set('Retry-After', '5')
        .json({ error: 'Teammate cannot reach its database just now; try again in a few seconds.' });
      return;
    }
    if (!token || !agent) {
      metrics.request('unauthorized');
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="teammate", error="invalid_token"')
        .json({
          error: token
            ? 'This token does not belong to an agent (it may have been revoked). An admin adds agents with /teammate agent add <name>.'
            : 'Send the agent token as Authorization: Bearer <token>. An admin adds agents with /teammate agent add <name>.',
        });
      return;
    }
    metrics.request('ok');
    const { tokenHash: _hash, ...who } = agent;
    Object.assign(req, { auth: { token, clientId: agent.name, scopes: [], extra: { agent: who } } });
    await serve(req, res, req.body);
  });
}
