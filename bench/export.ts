import { readFileSync } from 'node:fs';

/** One streamed export of every customer through the running server: throughput and the server's peak memory. */
export interface ExportRun {
  format: 'csv' | 'xlsx';
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  mb: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Downloads GET /api/v1/customers/export as a browser would, counting bytes (and, for CSV, lines)
 * as they arrive, while sampling the server's RSS every 100 ms. The row count is the one the
 * server audited for this export (checked against the CSV's lines).
 */
export async function measureExport(base: string, cookie: string, pid: number, format: 'csv' | 'xlsx', object = 'customers'): Promise<ExportRun> {
  const rssBeforeMb = rssMb(pid);
  let peak = rssBeforeMb;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const started = performance.now();
  let bytes = 0;
  let newlines = 0;
  try {
    const res = await fetch(`${base}/api/v1/${object}/export?format=${format}&sort=-created_at`, { headers: { cookie } });
    if (!res.ok || !res.body) throw new Error(`export ${format}: ${res.status} ${await res.text()}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (format === 'csv') for (const b of chunk) if (b === 10) newlines++;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, rssMb(pid));
  const audit = await fetch(`${base}/api/v1/audit-log?action=export&limit=1`, { headers: { cookie } }).then((r) => r.json() as Promise<{ data: { changes: { export: { rows: number } } }[] }>);
  const rows = audit.data[0].changes.export.rows;
  if (format === 'csv' && newlines - 1 !== rows) throw new Error(`export csv: ${newlines - 1} lines, but the audit says ${rows} rows`);
  return { format, rows, seconds, rowsPerSecond: rows / seconds, mb: bytes / 1e6, rssBeforeMb, peakRssMb: peak };
}

export function exportTable(runs: ExportRun[]): string[] {
  return [
    '',
    'Export of every customer (`GET /api/v1/customers/export`, streamed, one client):',
    '',
    '| format | rows | seconds | rows/s | MB | server RSS before | peak RSS |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...runs.map((r) => `| ${r.format} | ${r.rows.toLocaleString()} | ${r.seconds.toFixed(1)} | ${Math.round(r.rowsPerSecond).toLocaleString()} | ${r.mb.toFixed(1)} | ${r.rssBeforeMb.toFixed(0)} MB | ${r.peakRssMb.toFixed(0)} MB |`),
  ];
}
