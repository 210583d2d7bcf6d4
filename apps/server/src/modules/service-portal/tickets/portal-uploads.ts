import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { z } from 'zod';
import { ApiError } from '../../../http/errors.js';
import type { NewAttachment } from '../../service/messages/store-message.js';

/** Files a contact may attach to one message, and the size of each. */
export const PORTAL_MAX_FILES = 5;
export const PORTAL_MAX_FILE_BYTES = 10 * 1024 * 1024;

const tooLarge = (name: string) => new ApiError('bad_request', `file '${name}' is larger than ${PORTAL_MAX_FILE_BYTES / 1024 / 1024} MB`, [{ path: 'files', message: `${name}: larger than ${PORTAL_MAX_FILE_BYTES / 1024 / 1024} MB` }]);
const tooMany = () => new ApiError('bad_request', `at most ${PORTAL_MAX_FILES} files per message`, [{ path: 'files', message: `more than ${PORTAL_MAX_FILES} files` }]);

/** Attachments in the portal's JSON API, as base64 (the staff API's shape). */
export const portalAttachmentsInput = z
  .array(z.object({ filename: z.string().trim().min(1).max(255), contentType: z.string().min(1).max(200), contentBase64: z.base64().max(Math.ceil((PORTAL_MAX_FILE_BYTES * 4) / 3) + 4) }).strict())
  .max(PORTAL_MAX_FILES)
  .default([]);

export const decodeAttachments = (list: z.infer<typeof portalAttachmentsInput>): NewAttachment[] =>
  list.map((a) => {
    const content = Buffer.from(a.contentBase64, 'base64');
    if (content.length > PORTAL_MAX_FILE_BYTES) throw tooLarge(a.filename);
    return { filename: a.filename, contentType: a.contentType, content };
  });

/**
 * A portal form posted as multipart/form-data: its text fields and its files (an empty file input
 * sends a nameless empty part, skipped). Too many or too large files are a 400 naming them.
 */
export async function readPortalForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; files: NewAttachment[] }> {
  if (!request.isMultipart()) return { fields: (request.body ?? {}) as Record<string, string>, files: [] };
  const fields: Record<string, string> = {};
  const files: NewAttachment[] = [];
  try {
    for await (const part of request.parts({ limits: { fileSize: PORTAL_MAX_FILE_BYTES, files: PORTAL_MAX_FILES, fields: 20, fieldSize: 100_000 } })) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(part.filename);
        throw error;
      }
      if (!part.filename && !content.length) continue;
      files.push({ filename: part.filename.slice(0, 255) || 'file', contentType: part.mimetype || 'application/octet-stream', content });
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw tooMany();
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge('file');
    throw new ApiError('bad_request', 'the form could not be read', [{ path: 'files', message: (error as Error).message }]);
  }
  return { fields, files };
}
