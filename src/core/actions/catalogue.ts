import { isAgentKind } from '../agents/agent.js';
import { agentRequest } from '../agents/agent-request.js';
import type { ActionSpec } from './action-spec.js';
import { addReaction } from './add-reaction.js';
import { cancelOccurrence } from './cancel-occurrence.js';
import { followUpDeal } from './follow-up-deal.js';
import { pinMessage } from './pin-message.js';
import { postMessage } from './post-message.js';
import { postRoundup } from './post-roundup.js';
import { reassignTask } from './reassign-task.js';
import { scheduleMessage } from './schedule-message.js';
import { sendDm } from './send-dm.js';
import { setTopic } from './set-topic.js';

/** The action kinds the bot knows, by kind. The policy table and the LLM tools are built from this. */
export type Catalogue = ReadonlyMap<string, ActionSpec>;

export function createCatalogue(specs: readonly ActionSpec[]): Catalogue {
  return new Map(specs.map((spec) => [spec.kind, spec]));
}

export const defaultCatalogue: Catalogue = createCatalogue([
  postMessage,
  sendDm,
  addReaction,
  pinMessage,
  setTopic,
  scheduleMessage,
  reassignTask,
  followUpDeal,
  cancelOccurrence,
  postRoundup,
]);

/**
 * The spec that carries out entries of `kind`: the catalogue's, or for an agent's request (`agent:<name>:<action>`,
 * which no catalogue lists and no model is offered) the one spec all agent requests share.
 */
export function specFor(catalogue: Catalogue, kind: string): ActionSpec | undefined {
  return catalogue.get(kind) ?? (isAgentKind(kind) ? agentRequest : undefined);
}
