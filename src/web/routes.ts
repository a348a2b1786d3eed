// The whole route table, in one place: every URL the archive answers and the handler behind it.
// Each /api/v1/ route is the JSON twin of the page above it.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { searchRoutes } from '../search/search.routes.ts';
import { tagsRoutes } from '../tags/tags.routes.ts';
import { worksRoutes } from '../works/works.routes.ts';
import { assetRoutes } from './assets.ts';

export function registerRoutes(app: FastifyInstance, database: Database): void {
  const works = worksRoutes(database);
  const tags = tagsRoutes(database);
  const search = searchRoutes(database);
  const assets = assetRoutes();

  app.get('/', works.homePage);
  app.get('/works', works.homePage);
  app.get('/works/search', search.searchPage);
  app.get('/works/:id', works.workPage);
  app.get('/works/:id/chapters/:position', works.chapterPage);
  app.get('/tags/:tag', tags.tagPage);

  app.get('/api/v1/works', works.worksJson);
  app.get('/api/v1/works/search', search.searchJson);
  app.get('/api/v1/works/:id', works.workJson);
  app.get('/api/v1/works/:id/chapters/:position', works.chapterJson);
  app.get('/api/v1/tags/:tag', tags.tagJson);

  app.get('/assets/style.css', assets.stylesheet);
  app.get('/healthz', async () => ({ ok: true }));
}
