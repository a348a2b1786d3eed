// The whole route table, in one place: every URL the archive answers and the handler behind it.
// The JSON API's routes come from src/api/operations.ts, where each carries its schemas (the
// same ones the OpenAPI document publishes); the handler for each operation is named here.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { apiRoutes } from '../api/api.routes.ts';
import { API_OPERATIONS, openApiDocument } from '../api/operations.ts';
import { accountsRoutes } from '../accounts/accounts.routes.ts';
import { bookmarkSearchRoutes } from '../community/bookmark-search.routes.ts';
import { preferencesRoutes } from '../accounts/preferences.routes.ts';
import { communityRoutes } from '../community/community.routes.ts';
import { curationRoutes } from '../curation/curation.routes.ts';
import { downloadsRoutes } from '../downloads/downloads.routes.ts';
import { feedsRoutes } from '../feeds/feeds.routes.ts';
import type { MailSender } from '../accounts/mail.ts';
import type { Database } from '../db/database.ts';
import { searchRoutes } from '../search/search.routes.ts';
import { seriesRoutes } from '../series/series.routes.ts';
import { peopleRoutes } from '../people/people.routes.ts';
import { mediaRoutes } from '../tags/media.routes.ts';
import { jobsRoutes } from '../jobs/jobs.routes.ts';
import { noticesRoutes } from '../notices/notices.routes.ts';
import { tagsRoutes } from '../tags/tags.routes.ts';
import { wranglingRoutes } from '../tags/wrangling.routes.ts';
import { creatorshipsRoutes } from '../works/creatorships.routes.ts';
import { postingRoutes } from '../works/posting.routes.ts';
import type { FileReader, PostingEvents, Suggester } from '../works/posting-rules.ts';
import { worksRoutes } from '../works/works.routes.ts';
import { collectionsRoutes } from '../collections/collections.routes.ts';
import { giftsRoutes } from '../gifts/gifts.routes.ts';
import { collectionDeletionRoutes } from '../collections/collection-deletion.routes.ts';
import { promptMemesRoutes } from '../prompt-memes/prompt-memes.routes.ts';
import { registerExchangeRoutes } from '../exchanges/exchanges.routes.ts';
import { assetRoutes } from './assets.ts';

export interface Services {
  version: string;
  mail: MailSender;
  suggest?: Suggester;
  /** Reads uploaded and pasted files (on the text workers in a server). */
  read?: FileReader;
  events: PostingEvents;
}

export function registerRoutes(app: FastifyInstance, database: Database, services: Services): void {
  const works = worksRoutes(database);
  app.addHook('onClose', () => works.flushHits());
  const tags = tagsRoutes(database);
  const media = mediaRoutes(database);
  const search = searchRoutes(database);
  const assets = assetRoutes();
  const accounts = accountsRoutes(database, services.mail);
  const wrangling = wranglingRoutes(database);
  const posting = postingRoutes(database, services.suggest, services.events, services.read);
  const api = apiRoutes(database, services.suggest, services.events, services.read);
  const downloads = downloadsRoutes(database);
  const feeds = feedsRoutes(database);
  const community = communityRoutes(database);
  const jobs = jobsRoutes(database);
  const curation = curationRoutes(database);
  const series = seriesRoutes(database);
  const people = peopleRoutes(database);
  const bookmarkSearch = bookmarkSearchRoutes(database);
  const preferences = preferencesRoutes(database);
  const notices = noticesRoutes(database);
  const creatorships = creatorshipsRoutes(database);
  const collections = collectionsRoutes(database);
  const gifts = giftsRoutes(database);
  const collectionDeletion = collectionDeletionRoutes(database);
  const promptMemes = promptMemesRoutes(database);

  app.get('/', works.homePage);
  app.get('/works', works.homePage);
  app.get('/works/search', search.searchPage);
  app.get('/works/new', posting.newForm);
  app.post('/works/new', posting.create);
  app.get('/works/:id', works.workPage);
  app.get('/works/:id/edit', posting.editForm);
  app.post('/works/:id/edit', posting.update);
  app.post('/works/:id/suggestions', posting.decide);
  app.post('/works/:id/delete', posting.deleteWork);
  app.post('/works/:id/orphan', posting.orphanWork);
  app.post('/works/:id/leave', creatorships.leave);
  app.get('/users/:username/creatorships', creatorships.list);
  app.post('/creatorships/:id', creatorships.answer);
  app.get('/works/:id/chapters/new', posting.newChapterForm);
  app.post('/works/:id/chapters', posting.addChapter);
  app.get('/works/:id/chapters/manage', posting.manageChapters);
  app.post('/works/:id/chapters/order', posting.reorder);
  app.get('/works/:id/chapters/:position/edit', posting.editChapterForm);
  app.post('/works/:id/chapters/:position/edit', posting.editChapter);
  app.post('/works/:id/chapters/:position/delete', posting.deleteChapter);
  app.get('/works/:id/chapters/:position', works.chapterPage);
  app.get('/tags/search', tags.tagSearchPage);
  app.get('/tags/:tag', tags.tagPage);
  app.get('/media', media.mediaPage);
  app.get('/media/:media/fandoms', media.fandomsPage);
  app.get('/series/:id', series.seriesPage);
  app.get('/collections', collections.list);
  app.get('/collections/new', collections.newForm);
  app.post('/collections', collections.create);
  app.get('/collections/:name', collections.page);
  app.get('/collections/:name/bookmarks', collections.bookmarks);
  app.get('/collections/:name/manage', collections.manage);
  app.get('/collections/:name/settings', collections.settingsForm);
  app.post('/collections/:name/settings', collections.saveSettings);
  app.post('/collections/:name/participants', collections.participants);
  app.post('/collections/:name/invite', collections.invite);
  app.post('/collections/:name/items', collections.addItem);
  app.post('/collection_items/:id', collections.moderate);
  app.post('/collection_items/:id/answer', collections.answer);
  app.get('/collections/:name/delete', collectionDeletion.confirm);
  app.post('/collections/:name/delete', collectionDeletion.remove);
  app.get('/collections/:name/prompt_meme', promptMemes.settingsForm);
  app.post('/collections/:name/prompt_meme', promptMemes.saveSettings);
  app.get('/collections/:name/prompts', promptMemes.list);
  app.get('/collections/:name/prompts/new', promptMemes.newForm);
  app.post('/collections/:name/prompts', promptMemes.create);
  app.get('/prompts/:id', promptMemes.page);
  app.get('/prompts/:id/edit', promptMemes.editForm);
  app.post('/prompts/:id/edit', promptMemes.update);
  app.post('/prompts/:id/delete', promptMemes.remove);
  app.post('/prompts/:id/claim', promptMemes.claim);
  app.post('/prompts/:id/unclaim', promptMemes.unclaim);
  app.post('/prompts/:id/fill', promptMemes.fill);
  app.get('/claims', promptMemes.myClaims);
  registerExchangeRoutes(app, database);

  app.post('/works/:id/kudos', community.leaveKudos);
  app.get('/works/:id/comments', community.commentsPage);
  app.post('/works/:id/comments', community.postComment);
  app.post('/works/:id/comment_policy', community.setCommentPolicy);
  app.get('/comments/:id', community.commentPermalink);
  app.get('/comments/:id/edit', community.editCommentForm);
  app.post('/comments/:id/edit', community.editComment);
  app.post('/comments/:id/delete', community.deleteComment);
  app.post('/comments/:id/moderate', community.moderateComment);
  app.post('/comments/:id/freeze', community.freezeThread);
  app.get('/works/:id/bookmark', community.bookmarkPage);
  app.post('/works/:id/bookmark', community.saveBookmark);
  app.post('/bookmarks/:id/delete', community.deleteBookmark);
  app.get('/bookmarks', community.myBookmarks);
  app.get('/bookmarks/search', bookmarkSearch.bookmarkSearch);
  app.get('/people/search', people.peopleSearch);
  app.get('/users/:username', people.creator);
  app.get('/users/:username/profile/edit', people.profileForm);
  app.post('/users/:username/profile', people.saveProfile);
  app.get('/users/:username/stats', people.stats);
  app.get('/users/:username/stats.csv', people.statsCsv);
  app.get('/users/:username/stats/activity.csv', people.activityCsv);
  app.get('/users/:username/pseuds/:pseud', people.pseud);
  app.get('/users/:username/bookmarks', community.userBookmarks);
  app.get('/users/:username/gifts', gifts.page);
  app.post('/gifts/:id/refuse', gifts.refuse);
  app.get('/users/:username/preferences', preferences.page);
  app.post('/users/:username/preferences', preferences.save);
  app.get('/reports/new', community.reportForm);
  app.post('/reports', community.fileReport);

  app.get('/inbox', curation.inbox);
  app.post('/inbox/read', curation.inboxRead);
  app.get('/subscriptions', curation.subscriptions);
  app.post('/subscriptions', curation.subscribe);
  app.post('/subscriptions/remove', curation.unsubscribe);
  app.get('/history', curation.history);
  app.post('/history/later', curation.markForLater);
  app.post('/history/clear', curation.clearHistory);
  app.get('/searches', curation.searches);
  app.post('/searches', curation.saveSearch);
  app.post('/searches/:id/rename', curation.renameSearch);
  app.post('/searches/:id/delete', curation.deleteSearch);

  app.get('/downloads/works/:id/:file', downloads.workDownload);
  app.get('/downloads/series/:id/:file', downloads.seriesDownload);
  app.get('/tags/:tag/feed.atom', feeds.tagFeed);
  app.get('/works/search/feed.atom', feeds.searchFeed);
  app.get('/users/:pseud/works/feed.atom', feeds.creatorFeed);
  app.get('/series/:id/feed.atom', feeds.seriesFeed);
  app.get('/collections/:name/feed.atom', feeds.collectionFeed);
  app.get('/opds/collections/:name', feeds.opdsCollection);
  app.get('/opds', feeds.opdsRoot);
  app.get('/opds/recent', feeds.opdsRecent);
  app.get('/opds/fandoms', feeds.opdsFandoms);
  app.get('/opds/tags', feeds.opdsTags);
  app.get('/opds/tags/:tag', feeds.opdsTag);
  app.get('/opds/search', feeds.opdsSearch);
  app.get('/opds/opensearch.xml', feeds.openSearch);

  app.get('/users/new', accounts.signUpForm);
  app.post('/users', accounts.signUp);
  app.get('/login', accounts.signInForm);
  app.post('/login', accounts.signIn);
  app.post('/logout', accounts.signOut);
  app.get('/account', accounts.accountPage);
  app.post('/account/password', accounts.changePassword);
  app.post('/account/pseuds', accounts.addPseud);
  app.get('/password/reset', accounts.resetRequestForm);
  app.post('/password/reset', accounts.resetRequest);
  app.get('/password/reset/:token', accounts.resetForm);
  app.post('/password/reset/:token', accounts.reset);

  app.get('/admin/suggestions', wrangling.reviewQueue);
  app.post('/admin/suggestions', wrangling.reviewDecide);
  app.get('/admin/tags/:tag', wrangling.page);
  app.post('/admin/tags/:tag', wrangling.change);
  app.post('/admin/tags/:tag/media', wrangling.setMedia);
  app.get('/admin/reports', community.adminReports);
  app.post('/admin/reports/:id', community.adminReportAction);
  app.get('/admin/jobs', jobs.page);
  app.post('/admin/jobs/:id/retry', jobs.retry);

  app.get('/account/blocked', curation.blocked);
  app.post('/account/blocked', curation.block);
  app.post('/account/blocked/remove', curation.unblock);
  app.get('/account/blocklist', curation.blocklist);
  app.post('/account/blocklist', curation.blockTag);
  app.post('/account/blocklist/remove', curation.unblockTag);
  app.get('/account/hidden', curation.hidden);
  app.post('/account/hidden', curation.hide);
  app.post('/account/hidden/remove', curation.unhide);
  app.get('/account/tokens', accounts.tokensPage);
  app.post('/account/tokens', accounts.createToken);
  app.post('/account/tokens/:id/revoke', accounts.revokeToken);

  app.get('/users/:username/preferences/email', notices.settings);
  app.post('/users/:username/preferences/email', notices.saveSettings);
  app.get('/unsubscribe/:token', notices.unsubscribeForm);
  app.post('/unsubscribe/:token', notices.unsubscribe);

  const apiHandlers: Record<string, RouteHandlerMethod> = {
    listWorks: works.worksJson,
    searchWorks: search.searchJson,
    getWork: works.workJson,
    getChapter: works.chapterJson,
    getTag: tags.tagJson,
    listMedia: media.mediaJson,
    listMediaFandoms: media.fandomsJson,
    getCreator: api.creator,
    searchPeople: people.peopleSearchJson,
    searchBookmarks: bookmarkSearch.bookmarkSearchJson,
    searchTags: tags.tagSearchJson,
    getSeries: series.seriesJson,
    listCollections: collections.listJson,
    getCollection: collections.json,
    listPrompts: promptMemes.listJson,
    getPrompt: promptMemes.json,
    createWork: api.createWork,
    updateWork: api.updateWork,
    deleteWork: api.deleteWork,
    addChapter: api.addChapter,
    updateChapter: api.updateChapter,
    leaveKudos: api.leaveKudos,
    getBookmark: api.getBookmark,
    putBookmark: api.putBookmark,
    deleteBookmark: api.deleteBookmark,
    getPreferences: preferences.getJson,
    updatePreferences: preferences.patchJson,
  } as Record<string, RouteHandlerMethod>;
  for (const op of API_OPERATIONS) {
    const handler = apiHandlers[op.operationId];
    if (!handler) throw new Error(`no handler for API operation ${op.operationId}`);
    const schema = {
      ...(op.params ? { params: op.params } : {}),
      ...(op.query ? { querystring: op.query } : {}),
      ...(op.body ? { body: op.body } : {}),
    };
    app.route({
      method: op.method,
      url: op.path,
      schema,
      handler,
      ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
    });
  }
  const openapi = openApiDocument(services.version);
  app.get('/api/v1/openapi.json', async () => openapi);

  app.get('/assets/style.css', assets.stylesheet);
}
