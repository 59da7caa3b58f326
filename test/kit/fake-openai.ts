import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const fixtures = new URL('../../../shared/fixtures/openai/', import.meta.url);

/** A recorded response from `../shared/fixtures/openai/` (a JSON body or a raw SSE stream). */
export function recorded(path: string): TScripted {
  const text = readFileSync(new URL(path, fixtures), 'utf8');
  return path.endsWith('.sse.txt') ? { sse: text } : { json: JSON.parse(text) };
}

export type TScripted = { json: unknown } | { sse: string } | { status: number; body?: unknown } | { hang: true };

let counter = 0;

/** A chat.completion in the wire format of the recordings, with the given tool calls (or text). */
export function toolCalls(calls: { name: string; arguments: unknown }[], text: string | null = null): TScripted {
  counter += 1;
  return {
    json: {
      id: `chatcmpl-test${counter}`,
      object: 'chat.completion',
      created: 1_795_000_000,
      model: 'fake-model-1',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: text,
            tool_calls:
              calls.length === 0
                ? undefined
                : calls.map((c, i) => ({
                    id: `call_${counter}_${i}`,
                    type: 'function',
                    function: {
                      name: c.name,
                      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
                    },
                  })),
            refusal: null,
          },
          logprobs: null,
          finish_reason: calls.length === 0 ? 'stop' : 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 812, completion_tokens: 41, total_tokens: 853 },
      system_fingerprint: 'fp_test',
    },
  };
}

export type TFakeOpenAi = {
  baseUrl: string;
  /** Request bodies received, in order. */
  requests: {
    messages: { role: string; content: string }[];
    tools?: { function: { name: string } }[];
    stream?: boolean;
  }[];
  /** Queues the next answers; with none queued the server answers 500. */
  script(...answers: TScripted[]): void;
  close(): Promise<void>;
};

/** An OpenAI-compatible server on 127.0.0.1 that answers POST /v1/chat/completions from a script. */
export async function startFakeOpenAi(): Promise<TFakeOpenAi> {
  const queue: TScripted[] = [];
  const requests: TFakeOpenAi['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      requests.push(JSON.parse(body));
      const answer = queue.shift() ?? { status: 500, body: { error: { message: 'nothing scripted' } } };
      if ('hang' in answer) return;
      if ('status' in answer) {
        res
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.body ?? { error: { message: 'scripted failure' } }));
      } else if ('sse' in answer) {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end(answer.sse);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...answers) => queue.push(...answers),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
