import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { ZRequestAction } from '../core/agents/agent.js';
import type { TAgentAnswer } from '../core/agents/agent-answer.js';
import {
  explainForAgent,
  getDecision,
  reportOutcome,
  requestApproval,
  type TAgentCaller,
} from '../core/agents/agent-calls.js';
import { permissionPrompt } from '../core/agents/permission-prompt.js';
import { askHuman } from '../core/agents/questions.js';
import { MAX_WAIT_SECONDS } from '../core/agents/wait.js';
import type { CoreDeps } from '../core/deps.js';
import { AppError, asAppError } from '../core/errors.js';
import type { RateLimit } from './rate-limit.js';

// The tools agents call. Their names and argument schemas are the contract (docs/mcp.md); the SDK turns these zod
// schemas into the JSON Schemas clients see, and validates every call against them before a handler runs.

const DEFAULT_WAIT_SECONDS = 30;
const ZWait = z
  .number()
  .int()
  .min(0)
  .max(MAX_WAIT_SECONDS)
  .optional()
  .describe(
    `How long to wait for a decision before answering "pending" (0-${MAX_WAIT_SECONDS} s, default ${DEFAULT_WAIT_SECONDS})`,
  );
const ZId = z.string().trim().min(1).max(20).describe('The request id Teammate gave, such as A-42');
const ZChannelArg = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .describe("Where to ask: a channel key such as slack:C123 (default: this agent's channel)");

export const ZRequestApprovalArgs = z.object({
  action: ZRequestAction.describe('What you want to do, as a short name: deploy, run_command, db.migrate …'),
  summary: z.string().trim().min(1).max(300).describe('One line for the approvers: what exactly, where'),
  details: z.string().trim().min(1).max(2000).optional().describe('The command, the diff summary …; shown whole'),
  rationale: z.string().trim().min(1).max(1000).optional().describe('Why it is needed'),
  channel: ZChannelArg,
  reversible: z.boolean().optional().describe('false if it cannot be undone (it then always needs a person)'),
  undo_hint: z.string().trim().min(1).max(500).optional().describe('How it would be reversed'),
  wait_seconds: ZWait,
});

export const ZGetDecisionArgs = z.object({ id: ZId, wait_seconds: ZWait });

export const ZReportOutcomeArgs = z.object({
  id: ZId,
  status: z.enum(['done', 'failed']),
  result: z.string().trim().min(1).max(1000).optional().describe('What happened, in a sentence'),
  undo: z
    .union([
      z.string().trim().min(1).max(500),
      z.object({
        instruction: z.string().trim().min(1).max(500).optional(),
        webhook: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .optional(),
      }),
    ])
    .optional()
    .describe(
      'How to reverse it: an instruction for people, or {webhook: "https://…"} that Teammate calls, signed, on Undo',
    ),
});

export const ZAskHumanArgs = z.object({
  question: z.string().trim().min(1).max(300),
  details: z.string().trim().min(1).max(2000).optional(),
  channel: ZChannelArg,
  choices: z.array(z.string().trim().min(1).max(75)).max(5).optional().describe('Answers to offer as buttons'),
  wait_seconds: ZWait,
});

export const ZExplainArgs = z.object({ id: ZId });

/** What Claude Code's --permission-prompt-tool sends. */
export const ZPermissionPromptArgs = z.object({
  tool_name: z.string().trim().min(1).max(200),
  input: z.record(z.string(), z.unknown()),
  tool_use_id: z.string().max(200).optional(),
});

/** structuredContent of every tool: where the request stands. */
export const ZAnswerOutput = z.object({
  id: z.string(),
  status: z.string(),
  decided_by: z.string().optional(),
  reason: z.string().optional(),
  answer: z.string().optional(),
  channel: z.string(),
});

type TResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

function answered(answer: TAgentAnswer): TResult {
  const { text, ...structured } = answer;
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

export type McpToolDeps = {
  deps: CoreDeps;
  defaultChannel?: string;
  rateLimit: RateLimit;
  onRateLimited(): void;
};

/** One McpServer for one request, its tools bound to the agent that made it. */
export function agentServer(tools: McpToolDeps, caller: Omit<TAgentCaller, 'defaultChannel'>): McpServer {
  const { deps } = tools;
  const server = new McpServer(
    { name: 'teammate', version: deps.settings.runtime.version },
    {
      instructions:
        'Teammate is the approval gate of this team: ask it before risky steps (request_approval, or permission_prompt), ' +
        'wait for the decision (get_decision), report what happened (report_outcome), ask the team a question (ask_human), ' +
        'and read why a request was decided as it was (explain). Never go ahead while a request is pending, rejected or denied.',
    },
  );
  const who: TAgentCaller = { ...caller, ...(tools.defaultChannel ? { defaultChannel: tools.defaultChannel } : {}) };
  const wait = (seconds: number | undefined) => (seconds ?? DEFAULT_WAIT_SECONDS) * 1000;

  /** Runs a tool: a refusal or a mistake is a tool error in words (never an HTTP error), anything else is logged. */
  const run = async (creates: boolean, body: () => Promise<TResult>): Promise<TResult> => {
    if (creates && !tools.rateLimit.take(caller.agent.name)) {
      tools.onRateLimited();
      return error(
        `rate limited: ${caller.agent.name} made ${tools.rateLimit.limit} requests in the last minute; wait a minute and try again`,
      );
    }
    try {
      return await body();
    } catch (failure) {
      if (failure instanceof AppError) return error(failure.userMessage);
      deps.log.error({ err: asAppError(failure), agent: caller.agent.name }, 'an MCP tool failed');
      return error('Teammate could not handle this request; nothing was decided. Try again.');
    }
  };

  server.registerTool(
    'request_approval',
    {
      title: 'Ask the team before a risky step',
      description:
        "Asks for approval of one step. The team's policy table decides on the kind agent:<your name>:<action>: " +
        'approved (go ahead, then report_outcome), rejected or denied (do not do it), or pending (call get_decision).',
      inputSchema: ZRequestApprovalArgs,
      outputSchema: ZAnswerOutput,
    },
    (args) =>
      run(true, async () =>
        answered(
          await requestApproval(deps, who, {
            action: args.action,
            summary: args.summary,
            ...(args.details ? { details: args.details } : {}),
            ...(args.rationale ? { rationale: args.rationale } : {}),
            ...(args.channel ? { channel: args.channel } : {}),
            reversible: args.reversible ?? true,
            ...(args.undo_hint ? { undoHint: args.undo_hint } : {}),
            waitMs: wait(args.wait_seconds),
          }),
        ),
      ),
  );

  server.registerTool(
    'get_decision',
    {
      title: 'Where a request stands',
      description: 'The current state of one of your requests, waiting up to wait_seconds while it is pending.',
      inputSchema: ZGetDecisionArgs,
      outputSchema: ZAnswerOutput,
    },
    (args) =>
      run(false, async () => answered(await getDecision(deps, who, { id: args.id, waitMs: wait(args.wait_seconds) }))),
  );

  server.registerTool(
    'report_outcome',
    {
      title: 'Say what happened',
      description:
        'After an approved step: done or failed, what happened, and how to undo it (an instruction, or a webhook Teammate calls when someone presses Undo).',
      inputSchema: ZReportOutcomeArgs,
      outputSchema: ZAnswerOutput,
    },
    (args) =>
      run(false, async () =>
        answered(
          await reportOutcome(deps, who, {
            id: args.id,
            status: args.status,
            ...(args.result ? { result: args.result } : {}),
            ...(args.undo ? { undo: typeof args.undo === 'string' ? { instruction: args.undo } : args.undo } : {}),
          }),
        ),
      ),
  );

  server.registerTool(
    'ask_human',
    {
      title: 'Ask the team a question',
      description:
        "Posts a question in chat; the first answer (a choice's button or a reply in its thread) settles it.",
      inputSchema: ZAskHumanArgs,
      outputSchema: ZAnswerOutput,
    },
    (args) =>
      run(true, async () =>
        answered(
          await askHuman(deps, who, {
            question: args.question,
            ...(args.details ? { details: args.details } : {}),
            ...(args.channel ? { channel: args.channel } : {}),
            ...(args.choices ? { choices: args.choices } : {}),
            waitMs: wait(args.wait_seconds),
          }),
        ),
      ),
  );

  server.registerTool(
    'explain',
    {
      title: 'Why a request was decided as it was',
      description: "The ledger's account of one of your requests: the policy row, who decided, the history.",
      inputSchema: ZExplainArgs,
      outputSchema: ZAnswerOutput,
    },
    (args) => run(false, async () => answered(await explainForAgent(deps, who, args.id))),
  );

  server.registerTool(
    'permission_prompt',
    {
      title: "Claude Code's permission prompt",
      description:
        'For claude --permission-prompt-tool: asks the team before a tool runs. Answers {"behavior":"allow","updatedInput":…} or {"behavior":"deny","message":…}.',
      inputSchema: ZPermissionPromptArgs,
    },
    (args) =>
      run(true, async () => {
        const { permission, answer } = await permissionPrompt(deps, who, {
          toolName: args.tool_name,
          input: args.input,
          waitMs: MAX_WAIT_SECONDS * 1000 - 5000,
        });
        const { text: _text, ...structured } = answer;
        return {
          content: [{ type: 'text', text: JSON.stringify(permission) }],
          structuredContent: { ...structured, ...permission },
        };
      }),
  );
  return server;
}

function error(text: string): TResult {
  return { content: [{ type: 'text', text }], isError: true };
}
