// npm run bench (MCP): tool calls per second one Teammate process serves at /mcp, next to a bare MCP server (the
// same SDK, the same stateless per-request servers, one no-op tool, no authentication) measured in the same run.
// Teammate is measured twice: request_approval with an `auto` row for the agent (each call authenticates the token,
// reads the policy table, writes a ledger entry and its history), and get_decision of a request already decided
// (the decision read back from the ledger). Figures are ratios against the baseline; absolute numbers depend on the
// machine.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import express from 'express';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import { startRuntime } from '../src/runtime.js';
import { median, percentile, runWorker, serve, type TLoadResult } from './bench-kit.js';
import type { TMcpLoad } from './mcp-load-worker.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 16;
const TOKEN = 'bench-bot-token-0123456789abcdefgh';

const load = (spec: TMcpLoad) =>
  runWorker<TMcpLoad, TLoadResult>(new URL('./mcp-load-worker.ts', import.meta.url), spec);

/** The baseline: the SDK's stateless handler with one tool that does nothing. */
async function bareServer() {
  const app = express();
  const handler = createMcpHandler(() => {
    const server = new McpServer({ name: 'bare', version: '1' });
    server.registerTool('noop', { inputSchema: z.object({}) }, async () => ({
      content: [{ type: 'text', text: 'ok' }],
    }));
    return server;
  });
  const serveMcp = toNodeHandler(handler);
  app.all('/mcp', (req, res) => void serveMcp(req, res));
  return serve(app, '/mcp');
}

async function teammate(databaseUrl: string) {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    TEAMMATE_TIMEZONE: 'UTC',
    TEAMMATE_LOCAL_CHAT: 'on',
    TEAMMATE_DEFAULT_CHANNEL: 'general',
    TEAMMATE_AGENTS: `bench-bot:${TOKEN}`,
    TEAMMATE_AGENT_REQUESTS_PER_MINUTE: '100000',
  });
  const runtime = await startRuntime({ config, log: silentLogger, version: 'bench', http: true, heartbeat: false });
  const address = runtime.server?.address() as AddressInfo | undefined;
  if (!address) throw new Error('the HTTP server did not start');
  const now = runtime.clock.now();
  await runtime.deps.stores.policy.upsert(
    {
      scope: 'workspace',
      kind: 'agent:bench-bot:*',
      mode: 'auto',
      approvers: ['admins'],
      approvalsNeeded: 1,
      allowSelfApproval: false,
      expiresAfterMs: 86_400_000,
      onExpiry: 'deny',
    },
    'bench',
    'cli',
    now,
  );
  return { runtime, url: `http://127.0.0.1:${address.port}/mcp` };
}

const rate = (r: TLoadResult) => r.ok / r.seconds;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teammate-bench-mcp-'));
  const bare = await bareServer();
  const bot = await teammate(`file:${join(dir, 'bench.db')}`);
  try {
    // One decided request for get_decision to read back.
    const first = await load({
      url: bot.url,
      token: TOKEN,
      seconds: 0.2,
      concurrency: 1,
      tool: 'request_approval',
      arguments: { action: 'deploy', summary: 'warm-up', wait_seconds: 0 },
    });
    if (first.ok === 0) throw new Error('request_approval failed during the warm-up');
    const targets: { name: string; spec: TMcpLoad }[] = [
      {
        name: 'bare MCP server, no-op tool',
        spec: { url: bare.url, seconds: SECONDS, concurrency: CONCURRENCY, tool: 'noop', arguments: {} },
      },
      {
        name: 'Teammate request_approval (auto)',
        spec: {
          url: bot.url,
          token: TOKEN,
          seconds: SECONDS,
          concurrency: CONCURRENCY,
          tool: 'request_approval',
          arguments: { action: 'deploy', summary: 'Deploy web 1.4.2', wait_seconds: 0 },
        },
      },
      {
        name: 'Teammate get_decision (decided)',
        spec: {
          url: bot.url,
          token: TOKEN,
          seconds: SECONDS,
          concurrency: CONCURRENCY,
          tool: 'get_decision',
          arguments: { id: 'A-1', wait_seconds: 0 },
        },
      },
    ];
    const rates = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    console.log(`MCP tool calls, closed loop with ${CONCURRENCY} in flight, ${SECONDS} s each, ${ROUNDS} rounds`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
        const r = await load(t.spec);
        rates.get(t.name)?.push(rate(r));
        console.log(
          `  ${t.name.padEnd(36)} ${rate(r).toFixed(0).padStart(6)} calls/s, p50 ${percentile(r.latenciesMs, 50).toFixed(2)} ms, p99 ${percentile(r.latenciesMs, 99).toFixed(2)} ms, ${r.failed} failed`,
        );
      }
    }
    const base = median(rates.get(targets[0]?.name ?? '') ?? []);
    for (const t of targets) {
      const m = median(rates.get(t.name) ?? []);
      console.log(
        `${t.name.padEnd(38)} median ${m.toFixed(0).padStart(6)} calls/s = ${((100 * m) / base).toFixed(0)} % of the bare server`,
      );
    }
    const entries = await bot.runtime.deps.stores.ledger.recent({ limit: 1 });
    console.log(
      `Ledger entries written: ${entries[0]?.id ?? 0}; RSS ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} MiB`,
    );
  } finally {
    await bot.runtime.close();
    await bare.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
