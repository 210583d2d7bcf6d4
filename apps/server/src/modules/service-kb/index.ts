import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { registerArticleRules } from './articles/article-rules.js';
import { registerHelpRoutes } from './help/help-routes.js';
import { kbArticles } from './objects.js';
import { KB_PATHS } from './openapi-paths.js';
import { registerKbRoutes } from './routes.js';

export { loadKbDemo } from './demo-articles.js';

/** Knowledge base (知识库): articles with versions, agent suggestions, the public help centre and search API. */
export const serviceKbModule: CrmModule = {
  name: 'service-kb',
  register({ engine }) {
    engine.metadata.register(kbArticles);
    registerArticleRules(engine);
    addApiPaths(KB_PATHS);
  },
  async routes(app, ctx) {
    registerKbRoutes(app, ctx);
    await registerHelpRoutes(app, ctx);
  },
};
