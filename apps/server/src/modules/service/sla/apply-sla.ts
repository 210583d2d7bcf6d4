import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import type { HookEvent } from '../../../engine/hooks/hooks.js';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.js';
import { loadCalendar } from './calendar-store.js';
import { matchPolicy } from './sla-policy.js';

/** The service module's clock: tests move it; everything SLA reads the time here. */
export const serviceClock = { now: () => new Date() };

const TRIGGERS = ['priority', 'category', 'customer_id', 'status', 'first_responded_at'];
/** Why due times moved; the texts are the web app's service.slaNote.reason.* in each language. */
const REASONS = new Set(['create', 'priority', 'category', 'customer_id', 'pause', 'resume']);

/**
 * sla_note is a message key and its parameters (see the web app's engine/fields/messageValue.ts),
 * so the ticket's history reads in each viewer's language; notes written before stay plain text.
 */
const slaNote = (key: string, params: Record<string, unknown> = {}, reason?: string) =>
  JSON.stringify({ $t: `service.slaNote.${key}`, params, ...(reason ? { keys: { reason: `service.slaNote.reason.${reason}` } } : {}) });
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/**
 * Due times of a ticket in business minutes of the support calendar, from the matching policy:
 * set on create and whenever priority, category, customer or the pause state changes. Time spent
 * in pending_customer is added to both targets. Each change of a due time writes `sla_note`
 * saying why, in the same audited update, so the ticket's history explains it.
 */
export function registerSla(engine: Engine) {
  engine.hooks.on('tickets', 'beforeCreate', (event) => applySla(event, 'create'));
  engine.hooks.on('tickets', 'beforeUpdate', async (event) => {
    const { values, previous } = event;
    const same = (k: string) => (k === 'first_responded_at' ? iso(values[k]) === iso(previous?.[k]) : (values[k] ?? null) === (previous?.[k] ?? null));
    const changed = TRIGGERS.filter((k) => k in values && !same(k));
    if (changed.length) await applySla(event, changed.find((k) => REASONS.has(k)) ?? 'status');
  });
}

async function applySla({ trx, values, previous = {} }: HookEvent, cause: string) {
  const now = serviceClock.now();
  const cur = { ...previous, ...values };
  const cal = await loadCalendar(trx);
  let paused = Number(cur.sla_paused_minutes ?? 0);
  let reason = cause;
  if (cur.status === 'pending_customer' && !cur.sla_paused_at) {
    values.sla_paused_at = now.toISOString();
    reason = 'pause';
  } else if (cur.status !== 'pending_customer' && cur.sla_paused_at) {
    paused += businessMinutesBetween(cal, new Date(cur.sla_paused_at as string), now);
    Object.assign(values, { sla_paused_at: null, sla_paused_minutes: paused });
    reason = 'resume';
  }
  if (cur.first_responded_at && !previous.first_responded_at) {
    // The first answer: freeze how long the ticket had waited on the customer until then.
    const responded = new Date(cur.first_responded_at as string);
    const open = values.sla_paused_at === undefined && cur.sla_paused_at ? businessMinutesBetween(cal, new Date(cur.sla_paused_at as string), responded) : 0;
    values.sla_response_paused_minutes = paused + open;
  }
  const policy = await matchPolicy(trx, { priority: cur.priority, category: cur.category, customerStatus: await customerStatus(trx, cur.customer_id) });
  if (!policy) {
    if (cur.first_response_due_at || cur.resolution_due_at) {
      Object.assign(values, { first_response_due_at: null, resolution_due_at: null, sla_warn_at: null, sla_state: null, sla_note: slaNote('none') });
    }
    return;
  }
  const start = cur.sla_started_at ? new Date(cur.sla_started_at as string) : now;
  if (!cur.sla_started_at) values.sla_started_at = now.toISOString();
  const due = (minutes: number) => addBusinessMinutes(cal, start, Math.round(minutes) + paused);
  const frDue = due(policy.first_response_minutes);
  const resDue = due(policy.resolution_minutes);
  const responded = cur.first_responded_at ? new Date(cur.first_responded_at as string) : null;
  const warnAt = responded ? due(policy.resolution_minutes * 0.8) : due(policy.first_response_minutes * 0.8);
  const nextBreach = responded ? resDue : new Date(Math.min(frDue.getTime(), resDue.getTime()));
  const solved = cur.status === 'solved' || cur.status === 'closed';
  const lateResponse = !!responded && responded > frDue;
  const state =
    cur.status === 'pending_customer' ? 'paused'
    : previous.sla_state === 'breached' || lateResponse ? 'breached'
    : solved ? (cur.solved_at && new Date(cur.solved_at as string) > resDue ? 'breached' : 'ok')
    : now >= nextBreach ? 'breached'
    : now >= warnAt ? 'warning'
    : 'ok';
  Object.assign(values, { sla_warn_at: warnAt.toISOString(), sla_state: state });
  if (iso(previous.first_response_due_at) !== frDue.toISOString() || iso(previous.resolution_due_at) !== resDue.toISOString()) {
    Object.assign(values, {
      first_response_due_at: frDue.toISOString(),
      resolution_due_at: resDue.toISOString(),
      sla_note: slaNote(
        paused ? 'duePaused' : 'due',
        { policy: policy.name, firstResponse: policy.first_response_minutes, resolution: policy.resolution_minutes, ...(paused ? { paused } : {}) },
        REASONS.has(reason) ? reason : 'status',
      ),
    });
  }
}

async function customerStatus(trx: Kysely<Database>, customerId: unknown): Promise<string | null> {
  if (typeof customerId !== 'string') return null;
  const { rows } = await sql<{ status: string | null }>`SELECT status FROM customers WHERE id = ${customerId}`.execute(trx);
  return rows[0]?.status ?? null;
}
