import type { Engine } from '../../../engine/index.js';
import type { StoredReport } from './report-store.js';

const count = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

/** The e-mail template's variables (both languages' follow-up type names, amounts in the company currency). */
export async function reportEmailVars(engine: Engine, report: StoredReport, currency: string) {
  const money = new Intl.NumberFormat('zh-CN', { style: 'currency', currency });
  const amount = (v: number | null | undefined) => (v === null || v === undefined ? '—' : money.format(v));
  const f = report.figures;
  const typeOptions = engine.metadata.has('activities') ? (engine.metadata.get('activities').fields.find((x) => x.name === 'type')?.options ?? []) : [];
  const typeLabel = (type: string | null, lang: 'zh' | 'en') => typeOptions.find((o) => o.value === type)?.label[lang] ?? type ?? '—';
  const types = (lang: 'zh' | 'en', none: string) => (f.followUps?.byType.length ? f.followUps.byType.map((t) => `${typeLabel(t.type, lang)} ${t.count}`).join(lang === 'zh' ? '，' : ', ') : none);
  return {
    subject: report.subjectName,
    week: { from: f.week.from, to: f.week.to },
    leads: count(f.newLeads?.count),
    followUps: count(f.followUps?.total),
    followUpTypesZh: types('zh', '无'),
    followUpTypesEn: types('en', 'none'),
    created: count(f.dealsCreated?.count),
    createdAmount: amount(f.dealsCreated?.amount),
    won: count(f.dealsWon?.count),
    wonAmount: amount(f.dealsWon?.amount),
    lost: count(f.dealsLost?.count),
    lostAmount: amount(f.dealsLost?.amount),
    pipelineStart: amount(f.pipeline?.start),
    pipelineEnd: amount(f.pipeline?.end),
    pipelineChange: f.pipeline?.change === null || f.pipeline?.change === undefined ? '—' : `${f.pipeline.change >= 0 ? '+' : ''}${money.format(f.pipeline.change)}`,
    payments: count(f.payments?.count),
    paymentsAmount: amount(f.payments?.amount),
  };
}
