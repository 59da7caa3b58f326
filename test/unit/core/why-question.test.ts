import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isQuestion } from '../../../src/core/detectors/unanswered-question.js';
import { isWhyQuestion } from '../../../src/core/pipeline.js';

describe('what counts as a question', () => {
  it('"why?" addressed to the bot', () => {
    for (const text of [
      'why did you do that?',
      'Why?',
      'why',
      '@teammate why?',
      '@Teammate why did you post this',
      'but why would you ping everyone',
      '<@U1> why',
    ]) {
      const mention = text.startsWith('<@') ? '<@U1>' : '@teammate';
      assert.equal(isWhyQuestion(text, mention), true, text);
    }
    for (const text of ['Why is the build red?', 'why not ship it tomorrow', 'I wonder why', '@bob why?', 'whyever']) {
      assert.equal(isWhyQuestion(text, '@teammate'), false, text);
    }
  });

  it('a question the unanswered-question detector watches', () => {
    for (const text of ['Where is the runbook?', 'anyone? ', 'is it down? :thinking_face:'])
      assert.equal(isQuestion(text), true, text);
    for (const text of ['?', 'The runbook is in the wiki.', 'What? No. It is fine.'])
      assert.equal(isQuestion(text), false, text);
  });
});
