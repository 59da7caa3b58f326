import { z } from 'zod';
import { defineAction } from '../actions/action-spec.js';
import { AppError, AppErrorCode } from '../errors.js';
import { shortId } from '../ledger-entry.js';
import { code, quoted, rich } from '../text/build.js';
import { isQuestionKind, parseAgentKind, QUESTION, ZAgentAction, ZAgentName } from './agent.js';

/** What an agent asks to do, as it wrote it: all of it is shown quoted, none of it is read as an instruction. */
export const ZAgentRequest = z.object({
  agent: ZAgentName,
  action: ZAgentAction,
  summary: z.string().trim().min(1).max(300),
  /** Shown whole on the card (a command, a diff summary), so nobody approves a part they cannot see. */
  details: z.string().trim().min(1).max(2000).optional(),
  rationale: z.string().trim().min(1).max(1000).optional(),
  /** false: the agent says it cannot be undone, so it always needs a person, and the card says so. */
  reversible: z.boolean().default(true),
  /** How the agent would reverse it, in its words (shown on the card). */
  undoHint: z.string().trim().min(1).max(500).optional(),
  /** The tool input a permission prompt was asked about, handed back unchanged when it is allowed. */
  input: z.unknown().optional(),
  /** A question's answers to offer as buttons (ask_human); a thread reply answers it too. */
  choices: z.array(z.string().trim().min(1).max(75)).max(5).optional(),
});
export type TAgentRequest = z.infer<typeof ZAgentRequest>;

/** How an agent said its work can be reversed, when it reported the outcome. */
export const ZAgentUndo = z.object({
  /** Shown to people: what to do by hand. */
  instruction: z.string().optional(),
  /** Called, signed, when someone presses Undo. */
  webhook: z.string().optional(),
});
export type TAgentUndo = z.infer<typeof ZAgentUndo>;

/**
 * Every agent request, whatever its kind (`agent:<name>:<action>`): the policy table decides on it like on any
 * action, but the agent carries it out, so approval only hands it back; the agent reports what happened.
 */
export const agentRequest = defineAction({
  kind: 'agent',
  title: "an agent's request",
  risk: 'medium',
  reversible: true,
  external: true,
  irreversible: (p) => (p.reversible ? undefined : `${p.agent} says this cannot be undone`),
  params: ZAgentRequest,
  undoHandle: ZAgentUndo,
  describe: (p) =>
    p.action === QUESTION
      ? rich`${code(p.agent)} asks: ${quoted(p.summary, 300)}`
      : rich`${code(p.agent)} wants to ${code(p.action)}: ${quoted(p.summary, 300)}`,
  async run(p) {
    throw new AppError(AppErrorCode.internal, { message: `${p.agent} carries out its own requests` });
  },
  async undo(handle, io) {
    // Work the agent left no webhook for is refused before it gets here (agentUndoGap); the types still ask.
    if (!handle.webhook) throw new AppError(AppErrorCode.invalid, { message: 'the agent gave Teammate no webhook' });
    const undo = io.connectors.agentUndo;
    if (!undo) throw new AppError(AppErrorCode.config, { message: "agents' undo webhooks are not set up here" });
    const { agent, action } = parseAgentKind(io.kind ?? '') ?? { agent: '', action: '' };
    await undo.call({
      agent,
      action,
      url: handle.webhook,
      id: io.entryId === undefined ? '' : shortId(io.entryId),
      undoneBy: io.undoneBy ?? '',
      at: io.now,
    });
  },
});

/**
 * Why Teammate cannot undo what an agent did (it left no webhook; an answered question cannot be taken back), in
 * words for the card, "why?" and /teammate undo; undefined for other entries and for agents' work it can undo.
 */
export function agentUndoGap(entry: { kind: string; undoHandle?: unknown }): string | undefined {
  if (isQuestionKind(entry.kind)) return 'an answer cannot be taken back';
  const agent = parseAgentKind(entry.kind)?.agent;
  if (!agent) return undefined;
  const handle = ZAgentUndo.safeParse(entry.undoHandle ?? {});
  if (handle.success && handle.data.webhook) return undefined;
  const byHand = handle.success && handle.data.instruction ? `; to undo it by hand: "${handle.data.instruction}"` : '';
  return `${agent} gave Teammate no way to undo it${byHand}`;
}
