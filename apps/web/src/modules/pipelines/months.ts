/** YYYY-MM helpers for the forecast page. */
export const thisMonth = () => new Date().toISOString().slice(0, 7);

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 24; m = addMonths(m, 1)) out.push(m);
  return out;
}
