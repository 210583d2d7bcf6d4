/**
 * Area under the ROC curve: the chance that a random churned customer scores above a random
 * retained one (ties count half), by ranks (Mann–Whitney U). null when a class is missing.
 */
export function auc(scores: number[], labels: number[]): number | null {
  const pairs = scores.map((s, i) => ({ s, y: labels[i] })).sort((a, b) => a.s - b.s);
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  if (!positives || !negatives) return null;
  let rankSum = 0;
  for (let i = 0; i < pairs.length; ) {
    let j = i;
    while (j < pairs.length && pairs[j].s === pairs[i].s) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (pairs[k].y === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
