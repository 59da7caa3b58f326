import { emptyResult, type TLoadResult, timed } from './bench-kit.js';

// Calls one MCP tool over Streamable HTTP as fast as `concurrency` requests in flight allow (a closed loop), as a
// 2025-era client does after its handshake: one POST per call, answered as JSON or one SSE event. A call is a
// success when it answers 200 with a result that is not a tool error. Runs in its own process.

export type TMcpLoad = {
  url: string;
  token?: string;
  seconds: number;
  concurrency: number;
  tool: string;
  arguments: Record<string, unknown>;
};

let id = 0;

async function call(load: TMcpLoad): Promise<Response> {
  id += 1;
  const response = await fetch(load.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
      ...(load.token ? { authorization: `Bearer ${load.token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: load.tool, arguments: load.arguments },
    }),
  });
  const text = await response.text();
  const ok = response.status === 200 && text.includes('"result"') && !text.includes('"isError":true');
  return new Response(null, { status: ok ? 200 : 500 });
}

async function run(load: TMcpLoad): Promise<TLoadResult> {
  const result = emptyResult();
  const started = performance.now();
  const until = started + load.seconds * 1000;
  const lane = async () => {
    while (performance.now() < until) await timed(result, () => call(load));
  };
  await Promise.all(Array.from({ length: load.concurrency }, lane));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

process.once('message', async (spec: TMcpLoad) => {
  process.send?.(await run(spec), () => process.exit(0));
});
