/** @module Request ids: the one a trusted balancer sent (X-Request-Id), else a short one of our own; in every answer's headers and every fault's log line. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const NODE = randomBytes(3).toString('hex');
const SHAPE = /^[A-Za-z0-9._:-]{1,64}$/;
let n = 0;

export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && SHAPE.test(given)) return given;
  return `${NODE}-${(++n).toString(36)}`;
}
