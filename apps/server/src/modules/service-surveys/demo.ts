import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Question } from './surveys/questions.js';

const DAY = 86_400_000;

const QUESTIONS: Question[] = [
  { id: 'nps', type: 'nps', label: { zh: '您有多大可能向朋友或同事推荐我们？', en: 'How likely are you to recommend us to a friend or colleague?' }, required: true },
  { id: 'service', type: 'rating', label: { zh: '您对售后服务的整体满意度', en: 'Overall satisfaction with our after-sales service' }, required: true },
  {
    id: 'channel',
    type: 'single',
    label: { zh: '您最常通过哪种方式联系我们？', en: 'How do you usually contact us?' },
    required: false,
    options: [
      { value: 'phone', label: { zh: '电话', en: 'Phone' } },
      { value: 'email', label: { zh: '邮件', en: 'E-mail' } },
      { value: 'portal', label: { zh: '客户门户', en: 'Customer portal' } },
      { value: 'wechat', label: { zh: '微信', en: 'WeChat' } },
    ],
  },
  {
    id: 'improve',
    type: 'multiple',
    label: { zh: '您希望我们改进哪些方面？', en: 'What should we improve?' },
    required: false,
    options: [
      { value: 'speed', label: { zh: '响应速度', en: 'Response time' } },
      { value: 'quality', label: { zh: '产品质量', en: 'Product quality' } },
      { value: 'docs', label: { zh: '帮助文档', en: 'Help articles' } },
      { value: 'price', label: { zh: '价格', en: 'Price' } },
    ],
  },
  { id: 'comment', type: 'text', label: { zh: '其他意见或建议', en: 'Anything else?' }, required: false },
];

const COMMENTS = ['响应很及时，工程师很专业。', '希望周末也能有人值班。', '', '门户很好用，提交工单很方便。', '价格可以再优惠一些。', ''];

/**
 * One open NPS survey (年度客户满意度调查) answered by the demo contacts over the past weeks, so the
 * results page and the dashboard's NPS show real figures. Deterministic: answers follow the index.
 */
export async function loadSurveyDemo(db: Kysely<Database>, createdBy: string | null): Promise<number> {
  const now = Date.now();
  const survey = await db
    .insertInto('surveys')
    .values({ title_zh: '2026 年度客户满意度调查', title_en: '2026 customer satisfaction survey', intro_zh: '感谢您一直以来的支持！本问卷约需 2 分钟。', intro_en: 'Thank you for your business! This takes about 2 minutes.', status: 'open', questions: JSON.stringify(QUESTIONS), created_by: createdBy, created_at: new Date(now - 60 * DAY) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { rows: contacts } = await sql<{ id: string; email: string | null }>`SELECT id, email FROM contacts WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 24`.execute(db);
  const nps = [10, 9, 8, 10, 6, 9, 7, 10, 3, 9, 8, 9, 10, 5, 9, 8, 10, 9, 7, 10, 9, 4, 10, 9];
  for (const [i, c] of contacts.entries()) {
    const at = new Date(now - (52 - i * 2) * DAY);
    await db.insertInto('survey_invitations').values({ survey_id: survey.id, contact_id: c.id, email: c.email ?? '', sent_by: createdBy, sent_at: new Date(now - 56 * DAY) }).execute();
    // A few invitees have not answered.
    if (i % 7 === 6) continue;
    const response = await db.insertInto('survey_responses').values({ survey_id: survey.id, contact_id: c.id, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    const score = nps[i % nps.length];
    const comment = COMMENTS[i % COMMENTS.length];
    await db
      .insertInto('survey_answers')
      .values([
        { response_id: response.id, survey_id: survey.id, question_id: 'nps', number_value: score, choice_values: null, text_value: null },
        { response_id: response.id, survey_id: survey.id, question_id: 'service', number_value: Math.max(1, Math.min(5, Math.round(score / 2))), choice_values: null, text_value: null },
        { response_id: response.id, survey_id: survey.id, question_id: 'channel', number_value: null, choice_values: [['phone', 'email', 'portal', 'wechat'][i % 4]], text_value: null },
        { response_id: response.id, survey_id: survey.id, question_id: 'improve', number_value: null, choice_values: [['speed'], ['docs', 'speed'], ['price'], ['quality', 'price']][i % 4], text_value: null },
        ...(comment ? [{ response_id: response.id, survey_id: survey.id, question_id: 'comment', number_value: null, choice_values: null, text_value: comment }] : []),
      ])
      .execute();
  }
  return 1;
}
