import { z } from 'zod';
import { plainAlternatives } from '../actions/action-spec.js';
import type { Catalogue } from '../actions/catalogue.js';
import { missingCapabilities } from '../capabilities.js';
import type { ChatPort } from '../chat-port.js';
import type { TLlmTool } from './llm-port.js';

/**
 * The catalogue as tools for one platform: only the kinds it can carry out, each kind's zod params schema as the
 * tool's JSON schema (as input, before transforms). Message bodies are offered as plain text: only the bot composes
 * documents. The model's arguments are parsed again by the same schema before anything happens.
 */
export function toolsFromCatalogue(catalogue: Catalogue, chat: ChatPort): TLlmTool[] {
  return [...catalogue.values()]
    .filter((spec) => missingCapabilities(chat, spec.requires).length === 0)
    .map((spec) => {
      const { $schema: _ignored, ...parameters } = z.toJSONSchema(spec.params, {
        io: 'input',
        unrepresentable: 'any',
        override: (ctx) => {
          const plainOnly = plainAlternatives.get(ctx.zodSchema);
          if (!plainOnly) return;
          const schema = ctx.jsonSchema as Record<string, unknown>;
          for (const key of Object.keys(schema)) delete schema[key];
          const { $schema: _plain, ...plain } = z.toJSONSchema(plainOnly, { io: 'input' });
          Object.assign(schema, plain);
        },
      });
      return {
        name: spec.kind,
        description: `${spec.title} (risk: ${spec.risk}${spec.reversible ? ', can be undone' : ', cannot be undone'})`,
        parameters: parameters as Record<string, unknown>,
      };
    });
}
