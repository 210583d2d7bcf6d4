import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/**
 * Lets an import batch's commit return before its WAL reaches the disk (synchronous_commit off for
 * this transaction only). Safe for batches: the checkpoint commits with the rows, so a database
 * crash that loses the last batches loses their checkpoints too and the run redoes them; the
 * import's 'done' commits synchronously, which flushes every batch before it.
 */
export async function commitWithoutWaitingForDisk(trx: Kysely<Database>) {
  await sql`SET LOCAL synchronous_commit = off`.execute(trx);
}
