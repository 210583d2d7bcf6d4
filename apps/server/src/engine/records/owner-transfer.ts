import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { badRequest } from '../../http/errors.js';
import type { AccessContext } from '../permissions/access.js';
import type { RecordService } from './record-service.js';

export const ownerTransferSchema = z.object({
  fromUserId: z.uuid('must be a user id'),
  /** Required unless dryRun. */
  toUserId: z.uuid('must be a user id').optional(),
  /** Only these objects; all of them when absent. */
  objects: z.array(z.string().max(100)).min(1).optional(),
  /** Only count what would move (the admin screen shows this before asking to confirm). */
  dryRun: z.boolean().optional(),
});

/** Rows per bulkSet call (its limit). */
const CHUNK = 1000;

/**
 * Hands every live record one user owns to another (a rep leaves), across objects, in one
 * transaction: each record goes through bulkSet, so hooks run and every change is audited.
 * Returns the records moved (or, for a dry run, that would move) per object.
 */
export async function transferOwnership(db: Kysely<Database>, records: RecordService, input: z.infer<typeof ownerTransferSchema>, ctx: AccessContext) {
  if (!input.dryRun && !input.toUserId) throw badRequest('toUserId: required', [{ path: 'toUserId', message: 'required' }]);
  if (input.fromUserId === input.toUserId) throw badRequest('toUserId: must differ from fromUserId', [{ path: 'toUserId', message: 'same as fromUserId' }]);
  const all = records.metadata.list().map((meta) => meta.name);
  for (const [i, name] of (input.objects ?? []).entries()) {
    if (!all.includes(name)) throw badRequest(`objects.${i}: no object ${name}`, [{ path: `objects.${i}`, message: 'no such object' }]);
  }
  const objects = input.objects ?? all;
  await records.metadata.ensureFresh();
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    const inTrx = records.inTransaction(trx);
    for (const object of objects) {
      const { rows } = await sql<{ id: string }>`
        SELECT id FROM ${sql.table(object)} WHERE owner_id = ${input.fromUserId} AND deleted_at IS NULL ORDER BY id`.execute(trx);
      if (rows.length) counts[object] = rows.length;
      if (input.dryRun) continue;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const ids = rows.slice(i, i + CHUNK).map((r) => r.id);
        await inTrx.bulkSet(object, ids, { owner_id: input.toUserId }, ctx);
      }
    }
  });
  return counts;
}
