import { z } from 'zod';

/** A chat message as every OpenAI-compatible server takes it. */
export type TLlmMessage = { role: 'system' | 'user' | 'assistant'; content: string };
/** A function the model may call: one per action kind, its parameters the kind's own schema. */
export type TLlmTool = { name: string; description: string; parameters: Record<string, unknown> };
export type TLlmToolCall = { id: string; name: string; arguments: string };

/** What came back, already parsed at the edge: text, a refusal, or tool calls (possibly several). */
export const ZLlmResult = z.object({
  model: z.string(),
  text: z.string().optional(),
  refusal: z.string().optional(),
  toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })),
  usage: z.object({ promptTokens: z.number().int().min(0), completionTokens: z.number().int().min(0) }),
});
export type TLlmResult = z.infer<typeof ZLlmResult>;

/** The model, as the core sees it. Implementations throw an AppError (code `llm_error`) when a call fails. */
export type LlmPort = {
  readonly model: string;
  complete(request: { messages: TLlmMessage[]; tools: TLlmTool[] }): Promise<TLlmResult>;
};
