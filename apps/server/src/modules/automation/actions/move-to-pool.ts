import { z } from 'zod';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import type { AutomationRegistry } from '../registry.js';

/** Move to the public pool (公海): the owner is cleared, so any rep may claim the record. */
export function registerMoveToPool(registry: AutomationRegistry) {
  registry.registerAction<Record<string, never>>('move_to_pool', {
    schema: z.object({}).strict(),
    needsRecord: true,
    check: (_config, { meta }) => (meta?.fields.some((f) => f.name === 'owner_id') ? [] : [{ path: 'type', message: `${meta?.name} records have no owner` }]),
    describe: () => 'clear the owner (move to the public pool)',
    async run(ctx) {
      const previous = ctx.record!.owner_id ?? null;
      if (previous !== null) await ctx.engine.records.update(ctx.object!, ctx.record!.id as string, { owner_id: null }, SYSTEM_CONTEXT, { trx: ctx.trx, cause: ctx.cause });
      return { previousOwner: previous };
    },
  });
}
