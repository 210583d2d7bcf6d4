import type { Question, QuestionType, Survey, SurveyBody } from './api';

export const QUESTION_TYPES: QuestionType[] = ['rating', 'nps', 'single', 'multiple', 'text'];

interface FormQuestion {
  id?: string;
  type: QuestionType;
  required: boolean;
  labelZh: string;
  labelEn: string;
  /** Absent for a question whose type has no options (the form registers none). */
  options?: { value?: string; zh: string; en: string }[];
}
export interface FormValues {
  titleZh: string;
  titleEn: string;
  introZh?: string;
  introEn?: string;
  status: Survey['status'];
  questions: FormQuestion[];
}

export function toForm(s: Survey | undefined): FormValues {
  if (!s) return { titleZh: '', titleEn: '', status: 'draft', questions: [{ type: 'nps', required: true, labelZh: '', labelEn: '', options: [] }] };
  return {
    titleZh: s.title.zh,
    titleEn: s.title.en,
    introZh: s.intro.zh,
    introEn: s.intro.en,
    status: s.status,
    questions: s.questions.map((q) => ({ id: q.id, type: q.type, required: q.required, labelZh: q.label.zh, labelEn: q.label.en, options: (q.options ?? []).map((o) => ({ value: o.value, zh: o.label.zh, en: o.label.en })) })),
  };
}

/** Unused short ids for new questions and options (q1, q2…; o1, o2…): answers refer to them. */
function freshIds(taken: (string | undefined)[], prefix: string) {
  const used = new Set(taken.filter(Boolean));
  let n = 0;
  return () => {
    let id: string;
    do id = `${prefix}${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
}

/** The API body; an opened survey (`locked`) sends its stored questions unchanged (the server refuses others). */
export function toBody(v: FormValues, locked?: Question[]): SurveyBody {
  const nextQ = freshIds(v.questions.map((q) => q.id), 'q');
  const questions: Question[] = locked ?? v.questions.map((q) => toQuestion(q, nextQ));
  return { title: { zh: v.titleZh, en: v.titleEn }, intro: { zh: v.introZh ?? '', en: v.introEn ?? '' }, status: v.status, questions };
}

function toQuestion(q: FormQuestion, next: () => string): Question {
  const choice = q.type === 'single' || q.type === 'multiple';
  const options = q.options ?? [];
  const nextO = freshIds(options.map((o) => o.value), 'o');
  return {
    id: q.id ?? next(),
    type: q.type,
    required: !!q.required,
    label: { zh: q.labelZh, en: q.labelEn },
    ...(choice ? { options: options.map((o) => ({ value: o.value ?? nextO(), label: { zh: o.zh, en: o.en } })) } : {}),
  };
}
