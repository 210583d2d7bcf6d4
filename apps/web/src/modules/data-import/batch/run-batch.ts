import type { ImportStatus, ImportSummary } from '@crm/schema';
import { get, patch } from '../../../api/client';
import { startRun, uploadFile, type ImportWithPreview } from '../api';

export interface BatchItem {
  key: string;
  file: File;
  object: string | null;
  imp?: ImportSummary;
  /** Why this file stopped the batch (a required field without a column, a failed run…). */
  error?: string;
}

const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Polls an import until it leaves the working states, reporting each state on the way (the progress). */
async function settle(id: string, onProgress: (imp: ImportSummary) => void): Promise<ImportSummary> {
  for (;;) {
    const { data } = await get<ImportWithPreview>(`/api/v1/imports/${id}`);
    onProgress(data);
    if (!(['validating', 'running', 'undoing'] as ImportStatus[]).includes(data.status)) return data;
    await pause(700);
  }
}

/**
 * Imports the files one after the other in the given order, each with the mapping and value
 * proposals the server made for it, so a contacts file's customer column resolves against the
 * customers the file before created. Each upload joins the server-side batch (`onUploaded`), so a
 * reload shows it. Stops at the first file that cannot run or fails.
 */
export async function runBatch(items: BatchItem[], createMissingRelations: boolean, update: (key: string, patch: Partial<BatchItem>) => void, unmapped: (res: ImportWithPreview) => string[], onUploaded: (importId: string) => Promise<void>) {
  for (const item of items) {
    if (!item.object || item.imp?.status === 'done') continue;
    try {
      const res = await uploadFile(item.object, item.file);
      await onUploaded(res.data.id);
      update(item.key, { imp: res.data, error: undefined });
      const missing = unmapped(res);
      if (missing.length) {
        update(item.key, { error: missing.join('、') });
        return false;
      }
      if (createMissingRelations) await patch(`/api/v1/imports/${res.data.id}`, { options: { ...res.data.options, createMissingRelations } });
      await startRun(res.data.id);
      const done = await settle(res.data.id, (imp) => update(item.key, { imp }));
      if (done.status !== 'done') {
        update(item.key, { error: done.error ?? done.status });
        return false;
      }
    } catch (e) {
      update(item.key, { error: (e as Error).message });
      return false;
    }
  }
  return true;
}
