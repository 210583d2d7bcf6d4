import type { ReportFigure, WeeklyFigures } from '@crm/schema';
import { fieldAccess, type AccessContext } from '../../../engine/permissions/access.js';
import { filterFields } from '../scoped-query.js';
import { readableSections } from './sections.js';

const hides = (ctx: AccessContext, object: string, fields: string[]) => fields.some((f) => fieldAccess(ctx, object, f) === 'hidden');

/** A figure counted by a field hidden from the reader is withheld; a hidden amount is left out. */
function figure<F extends ReportFigure>(ctx: AccessContext, f: F | null): F | null {
  if (!f) return f;
  if (hides(ctx, f.object, filterFields(f.filter))) return null;
  return hides(ctx, f.object, ['amount']) ? { ...f, amount: null } : f;
}

/**
 * A stored report's figures as this reader may see them. Reports are computed once, in the subject's
 * own scope and field rules; a reader whose role hides a field (a deal's amount or stage) gets the
 * figures built from it left out, so nothing derived from a hidden field reaches them.
 */
export function redactFigures(f: WeeklyFigures, ctx: AccessContext): WeeklyFigures {
  const followUps = f.followUps && !hides(ctx, 'activities', filterFields(f.followUps.filter))
    ? { ...f.followUps, byType: hides(ctx, 'activities', ['type']) ? [] : f.followUps.byType.map((t) => figure(ctx, t)!).filter(Boolean) }
    : null;
  const pipeline = f.pipeline && !hides(ctx, 'deals', [...filterFields(f.pipeline.startFilter), ...filterFields(f.pipeline.endFilter)])
    ? hides(ctx, 'deals', ['amount']) ? { ...f.pipeline, start: null, end: null, change: null } : f.pipeline
    : null;
  return {
    ...f,
    newLeads: figure(ctx, f.newLeads),
    followUps,
    dealsCreated: figure(ctx, f.dealsCreated),
    dealsWon: figure(ctx, f.dealsWon),
    dealsLost: figure(ctx, f.dealsLost),
    pipeline,
    payments: figure(ctx, f.payments),
    sections: readableSections(f.sections, ctx),
  };
}
