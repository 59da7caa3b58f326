import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalogue } from '../../../src/core/actions/catalogue.js';
import { toolsFromCatalogue } from '../../../src/core/brain/tools.js';
import { AdjustableClock } from '../../../src/core/clock.js';
import { localChatPort } from '../../../src/platforms/local/chat-port.js';
import { LocalWorld } from '../../../src/platforms/local/world.js';

describe('the catalogue as the model’s tools', () => {
  const tools = toolsFromCatalogue(defaultCatalogue, localChatPort(new LocalWorld(), new AdjustableClock()));

  it('offers every message body as plain text only: documents (mentions, links) are the bot’s to compose', () => {
    for (const tool of tools) {
      const schema = JSON.stringify(tool.parameters);
      assert.doesNotMatch(schema, /"paragraph"|"mention"|"link"/, `${tool.name} offers a document`);
    }
    const byName = new Map(tools.map((t) => [t.name, t.parameters as { properties: Record<string, unknown> }]));
    assert.deepEqual(byName.get('post_message')?.properties.text, { type: 'string', minLength: 1, maxLength: 4000 });
    assert.deepEqual(byName.get('post_roundup')?.properties.text, { type: 'string', minLength: 1, maxLength: 12000 });
  });
});
