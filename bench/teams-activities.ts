// npm run bench (third part): Teams channel messages over HTTP, each with a Bot Framework JWT that botbuilder
// validates for real (against a local key set), through the full path (the inbox on SQLite, the detectors, the
// directory of references), next to a bare botbuilder CloudAdapter app with the same authentication whose logic does
// nothing, measured in the same run. Figures are ratios against that baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import { startRuntime } from '../src/runtime.js';
import { BotFrameworkIssuer } from '../test/kit/bot-framework-issuer.js';
import { FakeTeamsConnector } from '../test/kit/fake-teams-connector.js';
import { APP_ID, TENANT } from '../test/kit/teams-activities.js';
import { median, percentile, runWorker, serve, type TLoadResult } from './bench-kit.js';
import type { TTeamsLoad } from './teams-load-worker.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const load = (spec: TTeamsLoad) =>
  runWorker<TTeamsLoad, TLoadResult>(new URL('./teams-load-worker.ts', import.meta.url), spec);

/** The smallest botbuilder bot: CloudAdapter.process with the same authentication settings, and no logic. */
async function bareBotbuilder(settings: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
  const app = express();
  app.post('/api/messages', express.json(), (req, res) => {
    void adapter.process(req, res, async () => undefined);
  });
  return serve(app, '/api/messages');
}

async function main(): Promise<void> {
  const issuer = await new BotFrameworkIssuer().start();
  const connector = await new FakeTeamsConnector(
    (token) => token !== undefined && issuer.isOutboundToken(token),
  ).start();
  const dir = mkdtempSync(join(tmpdir(), 'teammate-bench-'));
  const settings = {
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: 'bench',
    MICROSOFT_APP_TENANT_ID: TENANT,
    ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
  };
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'bench.db')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    TEAMMATE_TIMEZONE: 'UTC',
    TEAMMATE_LOCAL_CHAT: 'off',
    ...settings,
  });
  const runtime = await startRuntime({
    config,
    log: silentLogger,
    version: 'bench',
    http: true,
    heartbeat: false,
    teams: { outboundToken: issuer.outboundToken },
  });
  const address = runtime.server?.address() as AddressInfo | undefined;
  if (!address) throw new Error('the HTTP server did not start');
  const bare = await bareBotbuilder({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'bench',
    MicrosoftAppTenantId: TENANT,
    MicrosoftAppType: 'SingleTenant',
    ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl: issuer.metadataUrl,
  });
  const targets = [
    { name: 'bare botbuilder (no logic)', url: bare.url },
    { name: 'Teammate (full path, SQLite)', url: `http://127.0.0.1:${address.port}/api/messages` },
  ];
  const serviceUrl = connector.serviceUrl;
  const authorization = `Bearer ${issuer.channelToken(APP_ID, serviceUrl)}`;
  console.log(
    `\nTeams activities: Node ${process.version}, ${SECONDS} s per round, 16 in flight, JWT checked on every request`,
  );
  for (const t of targets)
    await load({ url: t.url, authorization, serviceUrl, seconds: 1, concurrency: 4, prefix: `warm${t.name.length}-` });
  await runtime.teammate.drain();

  const rates = targets.map(() => [] as number[]);
  const p99s = targets.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) {
      const rssBefore = process.memoryUsage().rss;
      const r = await load({
        url: t.url,
        authorization,
        serviceUrl,
        seconds: SECONDS,
        concurrency: 16,
        prefix: `r${round}t${i}-`,
      });
      rates[i]?.push(r.ok / r.seconds);
      p99s[i]?.push(percentile(r.latenciesMs, 99));
      let drain = '';
      if (i === 1) {
        const started = performance.now();
        await runtime.teammate.drain();
        drain = `; inbox empty ${((performance.now() - started) / 1000).toFixed(2)} s after the load stopped`;
      }
      const rss = (process.memoryUsage().rss - rssBefore) / 1_048_576;
      console.log(
        `${t.name.padEnd(30)} ${(r.ok / r.seconds).toFixed(0).padStart(6)} activities/s, p50 ${percentile(r.latenciesMs, 50).toFixed(2)} ms, p99 ${percentile(r.latenciesMs, 99).toFixed(2)} ms, ${r.failed} failed, RSS ${rss >= 0 ? '+' : ''}${rss.toFixed(0)} MiB${drain}`,
      );
    }
  }
  const baseline = median(rates[0] ?? []);
  const full = median(rates[1] ?? []);
  console.log(
    `\nMedian throughput: bare botbuilder ${baseline.toFixed(0)} activities/s, Teammate ${full.toFixed(0)} activities/s`,
  );
  console.log(`Full path / bare botbuilder throughput: ${((full / baseline) * 100).toFixed(0)} %`);
  console.log(
    `Median p99 at 16 in flight: Teammate ${median(p99s[1] ?? []).toFixed(2)} ms, bare botbuilder ${median(p99s[0] ?? []).toFixed(2)} ms`,
  );
  console.log(
    `Memory after the run: RSS ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} MiB, heap ${(process.memoryUsage().heapUsed / 1_048_576).toFixed(0)} MiB`,
  );
  // With --expose-gc: what is still held once garbage is collected (a leak would grow with the activities sent).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    console.log(`Heap after a full GC: ${(process.memoryUsage().heapUsed / 1_048_576).toFixed(0)} MiB`);
  }

  await bare.close();
  await runtime.close();
  await connector.stop();
  await issuer.stop();
  rmSync(dir, { recursive: true, force: true });
}

await main();
