/** @module HTTP routes of the claim API (CONTRACT §6). */
import type { Channel } from '../domain/credit.js';
import type { FastifyInstance } from 'fastify';
import type { ClaimService } from './claim-service.js';
import { checkClaimInput } from './input.js';
import { invalid, type ClaimAnswer } from './answers.js';
import type { Metrics } from '../server/metrics.js';

export function registerClaimRoutes(app: FastifyInstance, claims: ClaimService, metrics: Metrics): void {
  app.post('/api/v1/claims', async (req, reply) => {
    const t0 = performance.now();
    const answer = await answerClaim(claims, req.body, 'api');
    metrics.claim(outcomeOf(answer), (performance.now() - t0) / 1000);
    if (answer.http === 202) reply.header('retry-after', String(answer.retryAfter));
    return reply.code(answer.http).send(answer.body);
  });

  /** Status lookup: what was already issued to a meter or contract, without issuing anything. */
  app.get('/api/v1/credits', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const checked = checkClaimInput({ ...(q.meter_no !== undefined ? { meter_no: q.meter_no } : {}), ...(q.contract_no !== undefined ? { contract_no: q.contract_no } : {}) });
    if (!checked.ok) return reply.code(400).send({ status: 'invalid', errors: checked.errors });
    const sub = claims.find(checked.value);
    if (!sub) return reply.code(404).send({ status: 'unknown', message: 'Ce numéro ne figure pas dans le fichier des abonnés.' });
    return reply.send({ status: 'ok', credits: claims.issuedTo(sub) });
  });
}

export async function answerClaim(claims: ClaimService, body: unknown, channel: Channel): Promise<ClaimAnswer> {
  const checked = checkClaimInput(body);
  if (!checked.ok) return invalid(checked.errors);
  return claims.claim(checked.value, channel);
}

export function outcomeOf(a: ClaimAnswer): string {
  if (a.http === 200) return a.body.replayed ? 'replayed' : 'issued';
  if (a.http === 202) return 'queued';
  if (a.http === 422) return a.body.reason;
  return 'invalid';
}
