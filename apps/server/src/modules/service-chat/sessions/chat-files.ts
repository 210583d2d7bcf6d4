import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { ApiError, notFound } from '../../../http/errors.js';
import { CHAT_TEXTS, chatLang } from '../locales/chat-texts.js';
import type { ChatAuthor } from '../tables.js';
import { addChatMessage } from './chat-events.js';
import type { SessionRow } from './wrap-up.js';

/** One file per message, at most CRM_CHAT_MAX_FILE_BYTES (5 MB). */
export const chatMaxFileBytes = () => Number(process.env.CRM_CHAT_MAX_FILE_BYTES || 5 * 1024 * 1024);

/**
 * What a chat may carry, judged by the bytes (never the name or the sender's type): pictures shown
 * inline, and documents offered as downloads. No SVG or HTML: they could run script on our origin.
 */
const ALLOWED = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/zip',
]);
export const isInlineImage = (type: string) => type.startsWith('image/');

const fileError = (message: string) => new ApiError('bad_request', message, [{ path: 'file', message }]);

export interface ChatFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The file's type from its bytes; plain text (no magic number) when it is UTF-8 without control bytes and named .txt/.csv/.log. */
async function sniff(filename: string, content: Buffer): Promise<string | null> {
  const found = await fileTypeFromBuffer(content);
  if (found) return ALLOWED.has(found.mime) ? found.mime : null;
  const text = /\.(txt|csv|log)$/i.test(filename) && !/[\u0000-\u0008\u000e-\u001f]/.test(content.toString('utf8')) && Buffer.from(content.toString('utf8'), 'utf8').equals(content);
  return text ? 'text/plain; charset=utf-8' : null;
}

/** The one file of a multipart upload (field `file`), bounded and type-checked: a 400 naming `file` otherwise. */
export async function readChatFile(request: FastifyRequest): Promise<ChatFile> {
  if (!request.isMultipart()) throw fileError('send the file as multipart/form-data in the field "file"');
  const max = chatMaxFileBytes();
  let part;
  try {
    part = await request.file({ limits: { fileSize: max, files: 1, fields: 0 } });
  } catch (error) {
    throw fileError(`the upload could not be read: ${(error as Error).message}`);
  }
  if (!part || part.fieldname !== 'file') throw fileError('no file in the field "file"');
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileError(`the file is larger than ${Math.round(max / 1024 / 1024)} MB`);
    throw error;
  }
  if (!content.length) throw fileError('the file is empty');
  const filename = (part.filename || 'file').replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200) || 'file';
  const contentType = await sniff(filename, content);
  if (!contentType) throw fileError('this kind of file cannot be sent: pictures (PNG, JPEG, GIF, WebP), PDF, Office documents, ZIP or text only');
  return { filename, contentType, content };
}

/** A file as a message of the chat ("[附件] name" in the transcript), in the caller's transaction. */
export async function addChatFile(trx: Kysely<Database>, session: SessionRow, author: ChatAuthor, agentId: string | null, file: ChatFile) {
  const body = CHAT_TEXTS[chatLang(session.language)].attachment(file.filename);
  const row = await addChatMessage(trx, { sessionId: session.id, author, body, agentId });
  await trx.insertInto('chat_attachments').values({ session_id: session.id, message_id: String(row.id), filename: file.filename, content_type: file.contentType, size: file.content.length, content: file.content }).execute();
  return row;
}

/** A file of this chat (404 for an id of another chat). */
export async function chatFileOf(db: Kysely<Database>, sessionId: string, fileId: string) {
  if (!z.uuid().safeParse(fileId).success) throw notFound('file');
  const row = await db.selectFrom('chat_attachments').select(['filename', 'content_type', 'content']).where('id', '=', fileId).where('session_id', '=', sessionId).executeTakeFirst();
  if (!row) throw notFound('file');
  return row;
}

/** Pictures inline (so the chat shows them), everything else as a download; never sniffed by the browser. */
export function sendChatFile(reply: FastifyReply, file: { filename: string; content_type: string; content: Buffer }) {
  const disposition = isInlineImage(file.content_type) ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.content_type)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(file.content);
}
