import { ExpressReceiver, type ExpressReceiverOptions } from '@slack/bolt';
import type { Request, Response } from 'express';
import type { Logger } from '../../core/logger.js';
import { malformedSlackRequest } from './envelope.js';

/**
 * Bolt's ExpressReceiver with the request's shape checked (malformedSlackRequest) once its signature is verified and
 * before Bolt reads it: a signed body of a shape Slack never sends is answered 400 at once with the reason. Bolt
 * would throw on some (a 500, which Slack retries) and leave others unanswered for three seconds, then 404.
 */
export class CheckedExpressReceiver extends ExpressReceiver {
  readonly #log: Logger;

  constructor(options: ExpressReceiverOptions, log: Logger) {
    super(options);
    this.#log = log;
  }

  override async requestHandler(req: Request, res: Response): Promise<void> {
    const malformed = malformedSlackRequest(req.body);
    if (malformed) {
      this.#log.warn({ reason: malformed }, 'refused a signed Slack request of the wrong shape');
      res.status(400).type('text/plain').send(malformed);
      return;
    }
    await super.requestHandler(req, res);
  }
}
