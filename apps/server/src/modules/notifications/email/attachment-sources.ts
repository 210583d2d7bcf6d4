import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** A file a queued mail refers to by id: delivery payloads stay small, the bytes are read when sending. */
export interface MailAttachmentRef {
  source: string;
  id: string;
}

export interface MailFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

type Loader = (db: Kysely<Database>, id: string) => Promise<MailFile | null>;
const sources = new Map<string, Loader>();

/** Modules owning stored files (ticket attachments) say how to read one for a mail. */
export function registerMailAttachmentSource(source: string, load: Loader) {
  sources.set(source, load);
}

/** The files of a mail; one gone since it was queued fails the delivery (retried, then visible in the log). */
export async function loadMailAttachments(db: Kysely<Database>, refs: MailAttachmentRef[] | undefined): Promise<MailFile[]> {
  const files: MailFile[] = [];
  for (const ref of refs ?? []) {
    const file = await sources.get(ref.source)?.(db, ref.id);
    if (!file) throw new Error(`attachment ${ref.source}:${ref.id} is gone`);
    files.push(file);
  }
  return files;
}
