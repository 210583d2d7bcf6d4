import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Uploaded files live in the database as 1 MB bytea rows: every app instance behind a load balancer
 * can read them, a restarted app resumes from them, they need no shared disk and go wherever the
 * database's backups go; they are deleted when the import finishes. Only one chunk is in memory at a time.
 */
export async function storeUpload(db: Kysely<Database>, importId: string, body: AsyncIterable<Buffer>, maxBytes: number): Promise<{ size: number; head: Buffer }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let size = 0;
  let head: Buffer | null = null;
  const flush = async () => {
    if (!pendingBytes) return;
    const data = Buffer.concat(pending, pendingBytes);
    if (!head) head = data.subarray(0, 64 * 1024);
    await db.insertInto('import_chunks').values({ import_id: importId, seq: seq++, data }).execute();
    pending = [];
    pendingBytes = 0;
  };
  for await (const piece of body) {
    size += piece.length;
    if (size > maxBytes) throw new FileTooLarge(maxBytes);
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  return { size, head: head ?? Buffer.alloc(0) };
}

export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/** The stored file as a stream, read one chunk per query. */
export function readUpload(db: Kysely<Database>, importId: string): Readable {
  async function* chunks() {
    for (let seq = 0; ; seq++) {
      const row = await db.selectFrom('import_chunks').select('data').where('import_id', '=', importId).where('seq', '=', seq).executeTakeFirst();
      if (!row) return;
      yield Buffer.from(row.data);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

export async function deleteUpload(db: Kysely<Database>, importId: string) {
  await db.deleteFrom('import_chunks').where('import_id', '=', importId).execute();
}
