// `npm run mcp -- --url http://teammate:3000/mcp --token <agent token>`: Teammate's MCP tools over stdio, for clients
// that only start local servers. A thin bridge: it lists and calls the tools of a running Teammate over Streamable
// HTTP, so every decision, card and ledger entry stays there. The token may also come from TEAMMATE_MCP_TOKEN (a
// command line is visible to other users of the machine). Nothing but MCP is written to stdout.
import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Server } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';

const USAGE = 'usage: npm run mcp -- --url http://<teammate>/mcp [--token <agent token> | TEAMMATE_MCP_TOKEN=<token>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' } }, strict: true });
const url = values.url ?? process.env.TEAMMATE_MCP_URL;
const token = values.token ?? process.env.TEAMMATE_MCP_TOKEN;
if (!url) fail('say where Teammate is: --url (or TEAMMATE_MCP_URL)');
if (!token) fail('give the agent token: --token (or TEAMMATE_MCP_TOKEN)');
let endpoint: URL;
try {
  endpoint = new URL(url);
} catch {
  fail(`"${url}" is not a URL`);
}

let connected: Promise<Client> | undefined;
/** One HTTP client for the bridge's life, connected on first use (a failed connection is tried again next time). */
function upstream(): Promise<Client> {
  connected ??= (async () => {
    const client = new Client({ name: 'teammate-stdio-bridge', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    return client;
  })().catch((error: unknown) => {
    connected = undefined;
    throw error;
  });
  return connected;
}

const handle = serveStdio(
  () => {
    const server = new Server({ name: 'teammate', version: '1' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/list', async (request) => (await upstream()).listTools(request.params));
    server.setRequestHandler('tools/call', async (request) => (await upstream()).callTool(request.params));
    return server;
  },
  { onerror: (error) => process.stderr.write(`teammate mcp bridge: ${error.message}\n`) },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void handle.close().finally(() => process.exit(0));
  });
}
process.stdin.on('end', () => {
  void handle.close().finally(() => process.exit(0));
});
