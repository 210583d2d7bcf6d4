import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { timeZoneFrom } from '../../config.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { contactSurveySummary } from './contacts/contact-surveys.js';
import { surveyResponses, surveyResults } from './results/survey-results.js';
import { sendSurvey } from './send/send-survey.js';
import { requireSurveyManager, requireSurveyReader } from './surveys/access.js';
import { createSurvey, deleteSurvey, listSurveys, loadSurvey, shapeSurvey, updateSurvey } from './surveys/survey-store.js';

export const idParam = z.object({ id: z.uuid() });
export const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }).strict();

/** Staff API of general surveys: readers (客服专员) see surveys and results, managers (客服主管, admins) run them. */
export function registerSurveyRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  const timeZone = timeZoneFrom();
  const reader = (request: Parameters<typeof requireAccess>[0]) => {
    const access = requireAccess(request);
    requireSurveyReader(access);
    return access;
  };
  const manager = (request: Parameters<typeof requireAccess>[0]) => {
    const access = requireAccess(request);
    requireSurveyManager(access);
    return access;
  };
  const id = (request: { params: unknown }) => parseInput(idParam, request.params).id;

  app.get('/api/v1/service/surveys', async (request) => {
    reader(request);
    return { data: await listSurveys(db) };
  });
  app.post('/api/v1/service/surveys', async (request, reply) => {
    const access = manager(request);
    return reply.status(201).send({ data: await createSurvey(db, access.userId, request.body) });
  });
  app.get('/api/v1/service/surveys/:id', async (request) => {
    reader(request);
    return { data: shapeSurvey(await loadSurvey(db, id(request))) };
  });
  app.put('/api/v1/service/surveys/:id', async (request) => {
    const access = manager(request);
    return { data: await updateSurvey(db, access.userId, id(request), request.body) };
  });
  app.delete('/api/v1/service/surveys/:id', async (request, reply) => {
    const access = manager(request);
    await deleteSurvey(db, access.userId, id(request));
    return reply.status(204).send();
  });
  app.post('/api/v1/service/surveys/:id/send', async (request) => {
    const access = manager(request);
    return { data: await sendSurvey(db, engine, access, id(request), request.body) };
  });
  app.get('/api/v1/service/surveys/:id/results', async (request) => {
    reader(request);
    return { data: await surveyResults(db, id(request), timeZone) };
  });
  app.get('/api/v1/service/surveys/contacts/:id', async (request) => {
    const access = reader(request);
    return { data: await contactSurveySummary(db, engine, access, id(request)) };
  });
  app.get('/api/v1/service/surveys/:id/responses', async (request) => {
    const access = reader(request);
    return surveyResponses(db, access, id(request), parseInput(pageQuery, request.query));
  });
}
