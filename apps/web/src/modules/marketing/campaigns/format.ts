/** ROI as a percentage ('—' when unknown: no cost, or a hidden part). */
export const formatRoi = (roi: number | null) => (roi === null ? '—' : `${(roi * 100).toFixed(1)}%`);
export const formatCount = (n: number | null) => (n === null ? '—' : String(n));
