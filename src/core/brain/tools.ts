import { z } from 'zod';
import type { Catalogue } from '../actions/catalogue.js';
import type { TLlmTool } from './llm-port.js';

/**
 * The catalogue as tools: each kind's zod params schema becomes the tool's JSON schema (as input, before
 * transforms). The model's arguments are parsed again by the same schema before anything happens.
 */
export function toolsFromCatalogue(catalogue: Catalogue): TLlmTool[] {
  return [...catalogue.values()].map((spec) => {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(spec.params, { io: 'input', unrepresentable: 'any' });
    return {
      name: spec.kind,
      description: `${spec.title} (risk: ${spec.risk}${spec.reversible ? ', can be undone' : ', cannot be undone'})`,
      parameters: parameters as Record<string, unknown>,
    };
  });
}
