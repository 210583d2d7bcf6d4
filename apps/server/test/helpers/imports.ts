import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Client } from './crm.js';
import { waitForProgress } from './local-servers.js';

/** A file of test/fixtures/import. */
export const importFixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/import', name));

/** The session cookie header of a test client, for app.inject calls the client has no method for. */
export const cookieOf = (client: Client) => (client as unknown as { headers: Record<string, string> }).headers;

/** Uploads a file as the raw body, like the wizard does. */
export async function uploadImport(app: FastifyInstance, client: Client, object: string, file: Buffer | string, fileName: string) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/imports?object=${object}&fileName=${encodeURIComponent(fileName)}`,
    headers: { ...cookieOf(client), 'content-type': 'application/octet-stream' },
    payload: typeof file === 'string' ? Buffer.from(file) : file,
  });
  return { status: res.statusCode, body: res.json() };
}

/**
 * Polls the import until it reaches one of `statuses`, for as long as it moves (its status or a
 * count of rows changes within idleMs): a loaded machine is slow, not stuck, so no deadline decides.
 */
export async function waitForImport(client: Client, id: string, statuses: string[], idleMs = 120_000) {
  let seen: Record<string, unknown> | undefined;
  return waitForProgress(
    async () => {
      const res = await client.get(`/api/v1/imports/${id}`);
      seen = res.body.data;
      if (statuses.includes(res.body.data.status)) return res.body.data;
      if (res.body.data.status === 'failed') throw new Error(`import failed: ${res.body.data.error}`);
      return null;
    },
    () => seen && [seen.status, seen.totalRows, seen.validatedRows, seen.doneRows, seen.created, seen.updated, seen.skipped, seen.rejected],
    { idleMs, what: `import ${id} to be ${statuses.join(' or ')}` },
  );
}

/** Uploads, applies settings (PATCH), runs and waits for the end; returns the summary. */
export async function runImport(client: Client, app: FastifyInstance, object: string, file: Buffer | string, name: string, settings: Record<string, unknown> = {}) {
  const up = await uploadImport(app, client, object, file, name);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.data.id as string;
  if (Object.keys(settings).length) {
    const res = await client.patch(`/api/v1/imports/${id}`, settings);
    expect(res.status, res.text).toBe(200);
  }
  expect((await client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
  return waitForImport(client, id, ['done']);
}

/** Every rejected row of an import: [row number as the spreadsheet shows it, reason]. */
export async function rejectsOf(client: Client, id: string): Promise<[number, string][]> {
  const res = await client.get(`/api/v1/imports/${id}/rejects?limit=1000`);
  return res.body.data.map((r: { row: number; reason: string }) => [r.row, r.reason]);
}
