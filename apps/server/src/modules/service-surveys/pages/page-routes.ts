import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicUrlFrom } from '../../../config.js';
import { ApiError } from '../../../http/errors.js';
import { countHit } from '../../../http/hit-window.js';
import { isSameOriginRequest } from '../../../http/same-origin.js';
import type { ModuleContext } from '../../module.js';
import { helpLang } from '../../service-kb/help/help-routes.js';
import { checkInvitation } from '../answer/signed-link.js';
import { loadForContact, storeResponse } from '../answer/store-response.js';
import { SURVEY_TEXTS, type SurveyLang } from '../locales/survey-texts.js';
import { readAnswers, type Answer } from '../surveys/questions.js';
import { noticeBox, surveyFormPage, surveyShell } from './survey-page.js';

/** Page loads and answers per IP in 10 minutes (a link is opened a few times, never hundreds). */
const HITS_PER_WINDOW = 120;
const WINDOW_S = 600;
const params = z.object({ surveyId: z.uuid(), contactId: z.uuid() });

const html = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/** `q_<id>` fields of the form as raw answers by question id. */
const answersOf = (body: unknown) =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([k]) => k.startsWith('q_')).map(([k, v]) => [k.slice(2), v]));

/**
 * The public survey page `/survey/{surveyId}/{contactId}?s=…`: the signed link stands in for a login,
 * answering again edits the one response. Server-rendered forms, rate-limited per IP; a bad link,
 * a closed survey or junk answers are 4xx pages saying so.
 */
export async function registerSurveyPages(app: FastifyInstance, { db }: ModuleContext) {
  await app.register(async (scope) => {
    await scope.register(formbody);
    scope.addHook('preHandler', async (request) => {
      if ((await countHit(db, 'portal_hits', `survey:${request.ip}`, WINDOW_S)) > HITS_PER_WINDOW) throw new ApiError('rate_limited', 'too many requests; try again in a few minutes');
      if (request.method === 'POST' && !isSameOriginRequest(request, publicUrlFrom())) throw new ApiError('forbidden', 'cross-site request refused', [{ path: 'origin', message: 'must be this server' }]);
    });
    scope.setErrorHandler((error, request, reply) => {
      const lang = helpLang(request);
      const t = SURVEY_TEXTS[lang];
      const api = error instanceof ApiError ? error : null;
      if (!api && (error as { statusCode?: number }).statusCode !== 400 && (error as { statusCode?: number }).statusCode !== 415) throw error;
      const text = !api ? t.badLink : api.code === 'rate_limited' ? t.tooMany : api.code === 'not_found' ? t.notFound : api.code === 'forbidden' ? t.badLink : api.code === 'conflict' ? t.notOpen : api.message;
      return html(reply, surveyShell(lang, text, noticeBox(text, true)), api?.status ?? 400);
    });

    const open = async (request: FastifyRequest) => {
      const parsed = params.safeParse(request.params);
      if (!parsed.success) throw new ApiError('not_found', 'survey not found');
      const { surveyId, contactId } = parsed.data;
      const s = (request.query as Record<string, unknown>).s;
      await checkInvitation(db, surveyId, contactId, s);
      const lang: SurveyLang = helpLang(request);
      const found = await loadForContact(db, surveyId, contactId);
      if (found.survey.status !== 'open') throw new ApiError('conflict', 'this survey is not open');
      const base = `/survey/${surveyId}/${contactId}?s=${encodeURIComponent(String(s))}`;
      const form = (answers: Map<string, Answer>, errors = new Map<string, string>(), notice?: { text: string; error?: boolean }, answered = found.answered) =>
        surveyFormPage({
          lang,
          action: `${base}&lang=${lang}`,
          otherHref: `${base}&lang=${lang === 'en' ? 'zh' : 'en'}`,
          title: lang === 'en' ? found.survey.title_en : found.survey.title_zh,
          intro: (lang === 'en' ? found.survey.intro_en : found.survey.intro_zh) ?? '',
          questions: found.survey.questions,
          answers,
          errors,
          notice,
          answered,
        });
      return { surveyId, contactId, lang, found, form };
    };

    scope.get('/survey/:surveyId/:contactId', async (request, reply) => {
      const { found, form } = await open(request);
      return html(reply, form(found.previous));
    });

    scope.post('/survey/:surveyId/:contactId', async (request, reply) => {
      const { surveyId, contactId, lang, found, form } = await open(request);
      const raw = answersOf(request.body);
      const t = SURVEY_TEXTS[lang];
      const { answers, errors } = readAnswers(found.survey.questions, raw);
      if (errors.length) {
        // Show what was given (valid parts) with each problem beside its question.
        const messages = new Map(errors.map((e) => [e.path.replace(/^answers\./, ''), e.message.includes('required') ? t.errors.required : e.message.startsWith('at most') ? t.errors.tooLong : t.errors.invalid]));
        return html(reply, form(new Map(answers.map((a) => [a.questionId, a])), messages, { text: t.fixErrors, error: true }), 400);
      }
      await storeResponse(db, surveyId, contactId, raw);
      return html(reply, form(new Map(answers.map((a) => [a.questionId, a])), new Map(), { text: t.thanks }, true));
    });
  });
}
