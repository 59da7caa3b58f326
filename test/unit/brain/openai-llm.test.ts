import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openAiLlm } from '../../../src/brain/openai-llm.js';
import { recorded, startFakeOpenAi, type TFakeOpenAi } from '../../kit/fake-openai.js';

const SSE = 'openai-python-recorded-sse/';
const JSON_DIR = 'openai-python-recorded-json/test_completions.';

describe('the OpenAI adapter against every recorded response', () => {
  let server: TFakeOpenAi;
  before(async () => {
    server = await startFakeOpenAi();
  });
  after(() => server.close());
  const llm = (stream: boolean) =>
    openAiLlm({ apiKey: 'sk-test', baseUrl: server.baseUrl, model: 'gpt-4o-2024-08-06', stream, maxRetries: 0 });
  const ask = (stream: boolean) => llm(stream).complete({ messages: [{ role: 'user', content: 'hi' }], tools: [] });

  const streams: [string, { text?: RegExp; calls?: string[] }][] = [
    ['2018feb66ae13fcf5333d61b95849decc68d3f63bd38172889367e1afb1e04f7', { calls: ['get_weather'] }],
    ['a247c49c5fcd492bfb7a02a3306ad615ed8d8f649888ebfddfbc3ee151f44d46', { calls: ['get_weather'] }],
    ['c6aa7e397b7123c3501f25df3a05d4daf7e8ad6d61ffa406ab5361fe36a8d5b1', { calls: ['GetWeatherArgs'] }],
    [
      'f82268f2fefd5cfbc7eeb59c297688be2f6ca0849a6e4f17851b517310841d9b',
      { calls: ['GetWeatherArgs', 'get_stock_price'] },
    ],
    ['e2aad469b71d1d4894ff833ea147020a9d875eb7ce644a0ff355581690a4cbfd', { text: /^I'm/ }],
  ];
  for (const [file, expected] of streams) {
    it(`assembles the stream ${file.slice(0, 8)}`, async () => {
      server.script(recorded(`${SSE}${file}.sse.txt`));
      const result = await ask(true);
      assert.deepEqual(
        result.toolCalls.map((c) => c.name),
        expected.calls ?? [],
      );
      for (const call of result.toolCalls)
        assert.equal(typeof JSON.parse(call.arguments), 'object', 'the fragments join into JSON');
      if (expected.text) assert.match(result.text ?? '', expected.text);
      assert.ok(result.usage.promptTokens > 0 && result.usage.completionTokens > 0, 'usage from the last chunk');
    });
  }

  const bodies: [string, string[]][] = [
    ['test_parse_pydantic_tool', ['GetWeatherArgs']],
    ['test_parse_multiple_pydantic_tools', ['GetWeatherArgs', 'get_stock_price']],
    ['test_parse_strict_tools', ['get_weather']],
    ['test_pydantic_tool_model_all_types', ['Query']],
    ['test_parse_nothing', []],
  ];
  for (const [name, calls] of bodies) {
    it(`reads the response ${name}`, async () => {
      server.script(recorded(`${JSON_DIR}${name}.response.json`));
      const result = await ask(false);
      assert.deepEqual(
        result.toolCalls.map((c) => c.name),
        calls,
      );
      assert.equal(result.model, 'gpt-4o-2024-08-06');
      if (calls.length === 0) assert.ok((result.text ?? '').length > 0);
    });
  }

  it('a server error becomes an llm_error with the status, not a crash', async () => {
    server.script({ status: 503, body: { error: { message: 'overloaded' } } });
    await assert.rejects(
      ask(false),
      (error: Error & { code?: string }) => error.code === 'llm_error' && /\(503\)/.test(error.message),
    );
  });
});
