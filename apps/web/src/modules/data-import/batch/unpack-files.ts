const TABLE = /\.(csv|xlsx)$/i;
const MIME: Record<string, string> = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export const isZip = (file: File) => /\.zip$/i.test(file.name) || file.type === 'application/zip' || file.type === 'application/x-zip-compressed';

/**
 * The CSV and XLSX files among those dropped, a .zip unpacked in the browser (its folders flattened;
 * macOS "__MACOSX" copies and hidden files skipped). Other files are returned by name as skipped.
 */
export async function unpackFiles(files: File[]): Promise<{ tables: File[]; skipped: string[] }> {
  const tables: File[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    if (!isZip(file)) {
      if (TABLE.test(file.name)) tables.push(file);
      else skipped.push(file.name);
      continue;
    }
    // Loaded only when a zip is dropped: it is most of the import page's code otherwise.
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(file);
    for (const entry of Object.values(zip.files)) {
      const name = entry.name.split('/').pop() ?? '';
      if (entry.dir || entry.name.startsWith('__MACOSX/') || name.startsWith('.')) continue;
      if (!TABLE.test(name)) {
        skipped.push(name);
        continue;
      }
      const ext = name.split('.').pop()!.toLowerCase();
      tables.push(new File([await entry.async('blob')], name, { type: MIME[ext] }));
    }
  }
  return { tables, skipped };
}
