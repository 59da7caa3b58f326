import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { qualify, type TPlatform } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { TSignal } from '../../core/signal.js';
import { formatIssues } from '../../core/zod-issues.js';
import { type TSourceType, webhookSchemas } from './payloads.js';
import { isValidSignature } from './signature.js';

export type TWebhookConfig = {
  /** Source name → its secret (TEAMMATE_WEBHOOK_SECRET_<SOURCE>), and the shared one for the rest. */
  secrets: ReadonlyMap<string, string>;
  sharedSecret?: string;
  /** Source name → the kind of events it sends (tasks → task and deals → deal unless configured). */
  sources: ReadonlyMap<string, TSourceType>;
  defaultChannel?: string;
};

export type TWebhookDeps = {
  config: TWebhookConfig;
  platform: TPlatform;
  receive(signal: TSignal): Promise<'queued' | 'duplicate'>;
  now(): Date;
  log: Logger;
};

const MAX_BODY = '256kb';

function reply(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, message });
}

/**
 * `POST /webhooks/:source`: the raw body is checked against `X-Teammate-Signature` before anything is parsed or
 * stored; a valid body becomes one signal in the durable inbox (its id from `X-Teammate-Delivery`, or the body's
 * hash, so a redelivery is recognised).
 */
export function mountWebhooks(app: express.Express, deps: TWebhookDeps): void {
  app.post(
    '/webhooks/:source',
    express.raw({ type: () => true, limit: MAX_BODY }),
    async (req: Request<{ source: string }>, res: Response) => {
      const source = req.params.source.toLowerCase();
      const type = deps.config.sources.get(source);
      if (!type) return reply(res, 404, 'unknown_source', `no webhook source "${source}" is configured`);
      const secret = deps.config.secrets.get(source) ?? deps.config.sharedSecret;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!secret || !isValidSignature(body, req.header('x-teammate-signature'), secret)) {
        deps.log.warn({ source, ip: req.ip, configured: Boolean(secret) }, 'webhook refused: bad or missing signature');
        return reply(res, 401, 'bad_signature', 'the X-Teammate-Signature header does not match the body');
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return reply(res, 400, 'invalid_json', 'the body is not JSON');
      }
      const parsed = webhookSchemas[type].safeParse(json);
      if (!parsed.success) return reply(res, 400, 'invalid_body', formatIssues(parsed.error));
      const channel = parsed.data.channel ?? (req.query.channel as string | undefined) ?? deps.config.defaultChannel;
      if (!channel) {
        return reply(
          res,
          400,
          'invalid_body',
          'channel: say which channel (in the body, ?channel=, or TEAMMATE_DEFAULT_CHANNEL)',
        );
      }
      const delivery =
        req.header('x-teammate-delivery') ?? createHash('sha256').update(body).digest('hex').slice(0, 32);
      const platform = parsed.data.platform ?? deps.platform;
      const key = (id: string | null | undefined) => (id ? qualify(id, platform) : id);
      const base = {
        id: `webhook:${source}:${delivery}`,
        platform,
        at: parsed.data.at ?? deps.now(),
        channel: qualify(channel, platform),
        source,
      };
      const signal: TSignal =
        'task' in parsed.data
          ? {
              ...base,
              type: 'task',
              event: parsed.data.event,
              task: { ...parsed.data.task, assignee: key(parsed.data.task.assignee) },
            }
          : { ...base, type: 'deal', deal: { ...parsed.data.deal, owner: key(parsed.data.deal.owner) } };
      const status = await deps.receive(signal);
      deps.log.info({ source, id: signal.id, status }, 'webhook accepted');
      res.status(202).json({ status, id: signal.id });
    },
  );
}
