import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../../../engine/index.js';
import { fieldAccess } from '../../../engine/permissions/access.js';
import { badRequest, forbidden } from '../../../http/errors.js';

const PAIRS = { fr: ['first_responded_at', 'first_response_due_at'], res: ['solved_at', 'resolution_due_at'] } as const;
export const SLA_OUTCOMES = ['fr_met', 'fr_breached', 'res_met', 'res_breached'] as const;

/** The SQL of an SLA outcome, as the dashboard counts it: met when done by the due time, breached when later or still not done past it. */
export function slaOutcome(value: (typeof SLA_OUTCOMES)[number], alias = 't'): RawBuilder<SqlBool> {
  const [target, outcome] = value.split('_') as ['fr' | 'res', 'met' | 'breached'];
  const done = sql.ref(`${alias}.${PAIRS[target][0]}`);
  const due = sql.ref(`${alias}.${PAIRS[target][1]}`);
  return outcome === 'met' ? sql<SqlBool>`(${done} <= ${due})` : sql<SqlBool>`(${done} > ${due} OR (${done} IS NULL AND ${due} <= now()))`;
}

/**
 * The `sla` list filter of tickets (`/api/v1/tickets?sla=fr_breached`): a field compared with
 * another cannot be said in the filter grammar, so the dashboard's SLA figures open their tickets
 * through this. Refused when the viewer may not see the fields it compares.
 */
export function registerSlaListFilter(engine: Engine) {
  engine.records.registerListFilter('sla', async ({ meta, value, ctx }) => {
    if (meta.name !== 'tickets') throw badRequest('the sla filter applies to tickets only', [{ path: 'sla', message: 'tickets only' }]);
    if (!(SLA_OUTCOMES as readonly string[]).includes(value)) throw badRequest(`sla must be one of ${SLA_OUTCOMES.join(', ')}`, [{ path: 'sla', message: 'unknown SLA outcome' }]);
    const fields = PAIRS[value.split('_')[0] as 'fr' | 'res'];
    if (fields.some((f) => fieldAccess(ctx, 'tickets', f) === 'hidden')) throw forbidden('the SLA fields are hidden from you');
    return slaOutcome(value as (typeof SLA_OUTCOMES)[number]);
  });
}
