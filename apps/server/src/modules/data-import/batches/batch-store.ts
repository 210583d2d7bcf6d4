import type { ImportBatch, ImportBatchStatus } from '@crm/schema';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import type { AccessContext } from '../../../engine/index.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { notFound, parseInput } from '../../../http/errors.js';
import { toSummary } from '../import-store.js';
import type { ImportBatchesTable } from '../tables.js';

export type BatchRow = Selectable<ImportBatchesTable>;

const idParams = z.object({ id: z.uuid() });

/** A batch is seen and acted on by the user who started it, and by administrators (like its imports). */
export async function loadBatch(db: Kysely<Database>, request: FastifyRequest): Promise<{ batch: BatchRow; ctx: AccessContext }> {
  const ctx = requireAccess(request);
  const { id } = parseInput(idParams, request.params);
  const batch = await db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!batch || (batch.created_by !== ctx.userId && !ctx.permissions.admin)) throw notFound(`import batch ${id}`);
  return { batch, ctx };
}

/** The API shape of batches, each with its imports (state and counts) in the order they ran; one query for all imports. */
export async function toApi(db: Kysely<Database>, batches: BatchRow[]): Promise<ImportBatch[]> {
  const ids = batches.flatMap((b) => b.import_ids);
  const rows = ids.length ? await db.selectFrom('imports').selectAll().where('id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, toSummary(r)]));
  return batches.map((b) => ({
    id: b.id,
    status: b.status as ImportBatchStatus,
    files: b.files,
    imports: b.import_ids.flatMap((id) => byId.get(id) ?? []),
    error: b.error,
    createdBy: b.created_by,
    createdAt: new Date(b.created_at).toISOString(),
    undoneAt: b.undone_at ? new Date(b.undone_at).toISOString() : null,
  }));
}
