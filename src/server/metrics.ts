import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../core/metrics.js';

/** A registry of our own (not prom-client's global one), so tests and several instances never collide. */
/**
 * The `kind` label: an agent's kinds (`agent:build-bot:deploy`) are counted per agent (`agent:build-bot`), because
 * the action names are the agent's words and every distinct label value is a series Prometheus keeps.
 */
export function kindLabel(kind: string): string {
  const agent = /^agent:[^:]+/.exec(kind);
  return agent ? agent[0] : kind;
}

/** What the MCP endpoint counts: each request by outcome (ok, unauthorized, rate_limited). */
export type McpMetrics = { request(outcome: 'ok' | 'unauthorized' | 'rate_limited'): void };

export function createMetrics(options: { llmState?: () => string; failedDeliveries?: () => Promise<number> } = {}): {
  registry: Registry;
  port: Metrics;
  mcp: McpMetrics;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const proposals = new Counter({
    name: 'teammate_proposals_total',
    help: 'Proposals recorded in the ledger, by action kind and origin',
    labelNames: ['kind', 'origin'],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'teammate_decisions_total',
    help: 'Policy decisions, by action kind and mode (auto, approve, deny)',
    labelNames: ['kind', 'mode'],
    registers: [registry],
  });
  const executions = new Counter({
    name: 'teammate_executions_total',
    help: 'Actions run, by kind and outcome (executed, failed)',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const undos = new Counter({
    name: 'teammate_undos_total',
    help: 'Undo attempts, by kind and outcome (undone, failed, refused: changed by someone since)',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'teammate_approval_latency_seconds',
    help: 'Time from proposal to a human decision',
    labelNames: ['kind'],
    buckets: [10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600],
    registers: [registry],
  });
  const llmCalls = new Counter({
    name: 'teammate_llm_calls_total',
    help: 'Language-model calls, by outcome (ok, failed, over-budget, circuit-open)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const llmTokens = new Counter({
    name: 'teammate_llm_tokens_total',
    help: 'Tokens used by language-model calls (prompt and completion)',
    registers: [registry],
  });
  new Gauge({
    name: 'teammate_llm_available',
    help: '1 when a language model is configured and its circuit is closed, 0 otherwise',
    registers: [registry],
    collect() {
      this.set(options.llmState?.() === 'closed' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'teammate_inbox_failed',
    help: 'Deliveries the inbox gave up on after their attempts, waiting for an admin (/teammate inbox retry)',
    registers: [registry],
    async collect() {
      if (!options.failedDeliveries) return;
      try {
        this.set(await options.failedDeliveries());
      } catch {
        // The database is away: the last value stands, and /readyz says why.
      }
    },
  });
  const mcpRequests = new Counter({
    name: 'teammate_mcp_requests_total',
    help: 'Requests to /mcp, by outcome (ok, unauthorized: no valid agent token, rate_limited)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return {
    registry,
    mcp: { request: (outcome) => mcpRequests.inc({ outcome }) },
    port: {
      llmCall: (outcome, tokens) => {
        llmCalls.inc({ outcome });
        if (tokens > 0) llmTokens.inc(tokens);
      },
      proposal: (kind, origin) => proposals.inc({ kind: kindLabel(kind), origin }),
      decision: (kind, mode) => decisions.inc({ kind: kindLabel(kind), mode }),
      execution: (kind, outcome) => executions.inc({ kind: kindLabel(kind), outcome }),
      undo: (kind, outcome) => undos.inc({ kind: kindLabel(kind), outcome }),
      approvalLatency: (kind, seconds) => latency.observe({ kind: kindLabel(kind) }, seconds),
    },
  };
}
