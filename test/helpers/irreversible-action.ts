import { z } from 'zod';
import { defineAction } from '../../src/core/actions/action-spec.js';
import { type Catalogue, createCatalogue, defaultCatalogue } from '../../src/core/actions/catalogue.js';
import { rich } from '../../src/core/text/build.js';

/** A kind with no inverse (none of the shipped kinds is one), to show the policy never runs such a kind alone. */
export function withIrreversibleEmail(sent: string[] = []): Catalogue {
  const email = defineAction({
    kind: 'send_email',
    title: 'Send an email',
    risk: 'high',
    reversible: false,
    params: z.object({ to: z.string() }),
    undoHandle: z.null(),
    describe: (p) => rich`email ${p.to}`,
    run: async (p) => {
      sent.push(p.to);
      return { result: { summary: rich`emailed ${p.to}` }, undo: null };
    },
    undo: async () => undefined,
  });
  return createCatalogue([...defaultCatalogue.values(), email]);
}
