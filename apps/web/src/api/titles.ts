import { useQuery } from '@tanstack/react-query';
import { listRecords } from './records';

/**
 * Record titles for relation values, fetched in batches: every title requested in the same tick
 * for the same object becomes one list call. (An `id in [...]` filter fails on the server, so the
 * batch is an OR of equality conditions, at most 50 per call.)
 */
type Pending = { ids: Set<string>; waiters: Map<string, Array<(title: string | null) => void>> };
const pending = new Map<string, Pending>();

function flush(key: string, object: string, titleField: string) {
  const batch = pending.get(key);
  pending.delete(key);
  if (!batch) return;
  const ids = [...batch.ids];
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    listRecords(object, { filter: { or: chunk.map((id) => ({ field: 'id', op: 'eq' as const, value: id })) }, fields: [titleField], limit: 50 })
      .then((res) => {
        const found = new Map(res.data.map((r) => [r.id, String(r[titleField] ?? '')]));
        for (const id of chunk) for (const resolve of batch.waiters.get(id) ?? []) resolve(found.get(id) ?? null);
      })
      .catch(() => {
        for (const id of chunk) for (const resolve of batch.waiters.get(id) ?? []) resolve(null);
      });
  }
}

function loadTitle(object: string, titleField: string, id: string): Promise<string | null> {
  const key = `${object}:${titleField}`;
  let batch = pending.get(key);
  if (!batch) {
    batch = { ids: new Set(), waiters: new Map() };
    pending.set(key, batch);
    setTimeout(() => flush(key, object, titleField), 0);
  }
  batch.ids.add(id);
  return new Promise((resolve) => {
    const list = batch.waiters.get(id) ?? [];
    list.push(resolve);
    batch.waiters.set(id, list);
  });
}

/** Title of a record by id; null when it is gone or not visible to this user. */
export function useRecordTitle(object: string | undefined, titleField: string | undefined, id: string | null | undefined) {
  return useQuery({
    queryKey: ['title', object, id],
    queryFn: () => loadTitle(object!, titleField!, id!),
    enabled: !!object && !!titleField && !!id,
    staleTime: 60_000,
  });
}
