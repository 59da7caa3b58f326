import OpenAI from 'openai';
import type { LlmPort, TLlmMessage, TLlmResult, TLlmTool } from '../core/brain/llm-port.js';
import { ZLlmResult } from '../core/brain/llm-port.js';
import { AppError, AppErrorCode } from '../core/errors.js';
import { formatIssues } from '../core/zod-issues.js';

export type TOpenAiConfig = {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** Ask for a streamed answer and assemble it (some self-hosted servers only stream tool calls well). */
  stream: boolean;
  timeoutMs?: number;
  /** The SDK retries timeouts, 429 and 5xx with exponential backoff this many times. */
  maxRetries?: number;
};

type TToolCallParts = Map<number, { id: string; name: string; arguments: string }>;

/** Folds streamed `delta.tool_calls` fragments (by index) into whole calls, as the recorded streams send them. */
export function assembleToolCalls(
  parts: TToolCallParts,
  deltas: readonly { index: number; id?: string; function?: { name?: string; arguments?: string } }[],
): void {
  for (const delta of deltas) {
    const part = parts.get(delta.index) ?? { id: '', name: '', arguments: '' };
    if (delta.id) part.id = delta.id;
    if (delta.function?.name) part.name += delta.function.name;
    if (delta.function?.arguments) part.arguments += delta.function.arguments;
    parts.set(delta.index, part);
  }
}

function failure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const status = error instanceof OpenAI.APIError ? error.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(AppErrorCode.llm, {
    message: `the language model failed${status ? ` (${status})` : ''}: ${message}`,
    userMessage: 'the language model did not answer',
    cause: error,
  });
}

/** Any OpenAI-compatible server through the Chat Completions API; the answer is checked by ZLlmResult. */
export function openAiLlm(config: TOpenAiConfig): LlmPort {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    timeout: config.timeoutMs ?? 30_000,
    maxRetries: config.maxRetries ?? 2,
  });
  const toolsFor = (tools: TLlmTool[]) =>
    tools.map((t) => ({
      type: 'function' as const,
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));

  // OpenAI refuses an empty `tools` array: a call for text (a summary, a draft) sends none at all.
  const offered = (tools: TLlmTool[]) =>
    tools.length > 0 ? { tools: toolsFor(tools), tool_choice: 'auto' as const } : {};

  async function plain(messages: TLlmMessage[], tools: TLlmTool[]): Promise<unknown> {
    const response = await client.chat.completions.create({
      model: config.model,
      messages,
      ...offered(tools),
    });
    const message = response.choices[0]?.message;
    return {
      model: response.model,
      text: message?.content ?? undefined,
      refusal: message?.refusal ?? undefined,
      toolCalls: (message?.tool_calls ?? []).flatMap((c) =>
        c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
      ),
      usage: {
        promptTokens: response.usage?.prompt_tokens ?? 0,
        completionTokens: response.usage?.completion_tokens ?? 0,
      },
    };
  }

  async function streamed(messages: TLlmMessage[], tools: TLlmTool[]): Promise<unknown> {
    const stream = await client.chat.completions.create({
      model: config.model,
      messages,
      ...offered(tools),
      stream: true,
      stream_options: { include_usage: true },
    });
    const parts: TToolCallParts = new Map();
    let model = config.model;
    let text = '';
    let refusal = '';
    let usage = { promptTokens: 0, completionTokens: 0 };
    for await (const chunk of stream) {
      model = chunk.model || model;
      const delta = chunk.choices[0]?.delta;
      if (delta?.content) text += delta.content;
      if (delta?.refusal) refusal += delta.refusal;
      if (delta?.tool_calls) assembleToolCalls(parts, delta.tool_calls);
      if (chunk.usage)
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    }
    return {
      model,
      text: text || undefined,
      refusal: refusal || undefined,
      toolCalls: [...parts.entries()].sort(([a], [b]) => a - b).map(([, p]) => p),
      usage,
    };
  }

  return {
    model: config.model,
    async complete({ messages, tools }): Promise<TLlmResult> {
      let raw: unknown;
      try {
        raw = config.stream ? await streamed(messages, tools) : await plain(messages, tools);
      } catch (error) {
        throw failure(error);
      }
      const parsed = ZLlmResult.safeParse(raw);
      if (!parsed.success) {
        throw new AppError(AppErrorCode.llm, {
          message: `the language model's answer is malformed: ${formatIssues(parsed.error)}`,
        });
      }
      return parsed.data;
    },
  };
}
