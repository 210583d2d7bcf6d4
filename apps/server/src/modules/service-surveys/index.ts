import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { surveyTimeline } from './contacts/contact-surveys.js';
import { SURVEY_PATHS } from './openapi-paths.js';
import { registerSurveyPages } from './pages/page-routes.js';
import { registerSurveyRoutes } from './routes.js';

export { loadSurveyDemo } from './demo.js';
export { npsBetween, type Nps } from './results/nps.js';
export { managesSurveys } from './surveys/access.js';

/** General surveys (满意度调查): rating, NPS, choice and text questions sent by signed e-mail link to contacts; results with NPS and trend. */
export const serviceSurveysModule: CrmModule = {
  name: 'service-surveys',
  register() {
    addApiPaths(SURVEY_PATHS);
  },
  async routes(app, ctx) {
    ctx.engine.related.addTimelineSource(surveyTimeline(ctx.db));
    registerSurveyRoutes(app, ctx);
    await registerSurveyPages(app, ctx);
  },
};
