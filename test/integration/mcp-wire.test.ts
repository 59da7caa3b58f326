import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { startLocalBot, type TLocalBot } from '../helpers/local-bot.js';
import { callTool } from '../kit/mcp-client.js';

const TOKEN = 'wire-bot-token-0123456789abcdefgh';
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'mcp');

type TExchange = { request: unknown; headers: Record<string, string>; status: number; response: unknown };

/** A response's JSON-RPC messages, whether it came as JSON or as an SSE stream. */
function messagesOf(contentType: string | null, text: string): unknown {
  if (text === '') return null;
  if (contentType?.startsWith('text/event-stream')) {
    const data = text.split('\n').filter((line) => line.startsWith('data: '));
    return data.map((line) => JSON.parse(line.slice(6)));
  }
  return JSON.parse(text);
}

/**
 * The exchange as it went over the wire, kept in a file: a change to what the SDKs send or what Teammate answers fails
 * here first. `TEAMMATE_RECORD_MCP=1` writes the file again (read the diff before committing it).
 */
function pinned(name: string, exchange: TExchange[]): void {
  const file = join(fixtures, name);
  const text = `${JSON.stringify(exchange, null, 2)}\n`;
  if (process.env.TEAMMATE_RECORD_MCP === '1' || !existsSync(file)) {
    if (process.env.CI || process.env.TEAMMATE_RECORD_MCP !== '1')
      assert.fail(`${name} is missing: run with TEAMMATE_RECORD_MCP=1`);
    writeFileSync(file, text);
  }
  assert.deepEqual(exchange, JSON.parse(readFileSync(file, 'utf8')));
}

const SHOWN_HEADERS = ['content-type', 'accept', 'mcp-protocol-version', 'mcp-method', 'mcp-name'];

/** A fetch that records each request and response (headers that carry the protocol only; never the token). */
function recorder(log: TExchange[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const headers = Object.fromEntries(
      [...new Headers(init?.headers).entries()].filter(([name]) => SHOWN_HEADERS.includes(name)),
    );
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    log.push({
      request: { method: init?.method ?? 'GET', body },
      headers,
      status: response.status,
      response: messagesOf(response.headers.get('content-type'), await response.clone().text()),
    });
    return response;
  };
}

describe('the MCP wire format', () => {
  let bot: TLocalBot;

  before(async () => {
    bot = await startLocalBot({ TEAMMATE_AGENTS: `wire-bot:${TOKEN}`, TEAMMATE_DEFAULT_CHANNEL: 'general' });
    await bot.say('alice', '/teammate policy set agent:wire-bot:* auto');
  });
  after(async () => {
    await bot?.close();
  });

  it('a 2025-era client, byte for byte: initialize, tools/list, tools/call', async () => {
    const log: TExchange[] = [];
    const post = recorder(log);
    const send = (body: unknown) =>
      post(`${bot.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(typeof body === 'object' && body && 'id' in body && (body as { id: number }).id > 0
            ? { 'mcp-protocol-version': '2025-06-18' }
            : {}),
        },
        body: JSON.stringify(body),
      });
    await send({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'claude-code', version: '2.0.0' },
      },
    });
    await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    await send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: {
        name: 'request_approval',
        arguments: { action: 'deploy', summary: 'Deploy web 1.4.2', wait_seconds: 0 },
      },
    });
    await send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: {
        name: 'permission_prompt',
        arguments: { tool_name: 'Read', input: { file_path: '/srv/app/README.md' } },
      },
    });
    pinned('exchange-2025.json', log);
  });

  it('the official client in the 2026 era (server/discover, per-request envelopes)', async () => {
    const log: TExchange[] = [];
    const client = new Client({ name: 'wire-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${bot.url}/mcp`), {
        fetch: recorder(log),
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    const answer = await callTool(client, 'get_decision', { id: 'A-1', wait_seconds: 0 });
    await client.close();
    assert.equal(answer.structured.status, 'approved');
    const [probe] = log;
    assert.equal((probe?.request as { body?: { method?: string } } | undefined)?.body?.method, 'server/discover');
    pinned('exchange-2026.json', log);
  });

  it('the stdio bridge (npm run mcp) serves the same tools from the running Teammate', async () => {
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', join(root, 'src', 'cli', 'mcp-bridge.ts'), '--url', `${bot.url}/mcp`],
        env: { ...(process.env as Record<string, string>), TEAMMATE_MCP_TOKEN: TOKEN },
        cwd: root,
        stderr: 'pipe',
      }),
    );
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 6);
      const asked = await callTool(client, 'request_approval', { action: 'restart', summary: 'Restart the worker' });
      assert.equal(asked.structured.status, 'approved');
      assert.equal(asked.structured.decided_by, 'policy');
      const why = await callTool(client, 'explain', { id: asked.structured.id });
      assert.match(why.text, /workspace \/ agent:wire-bot:\* → auto/);
    } finally {
      await client.close();
    }
  });

  it('the stdio bridge with a wrong token says so instead of serving', async () => {
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [
          '--import',
          'tsx',
          join(root, 'src', 'cli', 'mcp-bridge.ts'),
          '--url',
          `${bot.url}/mcp`,
          '--token',
          'nope',
        ],
        cwd: root,
        stderr: 'pipe',
      }),
    );
    try {
      await assert.rejects(client.listTools(), /401|nauthorized|agent/);
    } finally {
      await client.close();
    }
  });
});
