import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/** What a tool call answered, as an agent reads it. */
export type TToolAnswer = { text: string; structured: Record<string, unknown>; isError: boolean };

/** The official MCP client over Streamable HTTP, as an agent with `token` connects to Teammate's /mcp. */
export async function mcpClient(baseUrl: string, token: string): Promise<Client> {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<TToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return {
    text: content.map((c) => c.text ?? '').join('\n'),
    structured: (result.structuredContent ?? {}) as Record<string, unknown>,
    isError: result.isError === true,
  };
}

/** The number of the last local-chat button with this label (`[3] Approve`). */
export function localButton(lines: readonly string[], label: string): number {
  const pattern = new RegExp(`\\[(\\d+)\\] ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s|$)`, 'g');
  const numbers = [...lines.join('\n').matchAll(pattern)].map((m) => Number(m[1]));
  const last = numbers.at(-1);
  if (last === undefined) throw new Error(`no button "${label}" in the transcript`);
  return last;
}
