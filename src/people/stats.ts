// What a writer's statistics count and how they may be looked at: shared by the SQL, the rules
// and the page, with no database of its own.

/** What readers do to a work, counted per work and over time. */
export const ACTIVITY = ['hits', 'kudos', 'comments', 'bookmarks', 'subscriptions'] as const;
export type Activity = (typeof ACTIVITY)[number];

export const STATS_SORTS = [
  'hits',
  'kudos',
  'comments',
  'bookmarks',
  'subscriptions',
  'words',
  'title',
  'posted',
] as const;
export type StatsSort = (typeof STATS_SORTS)[number];

/** The periods a writer may look back over, in days; the first is the default. */
export const STATS_PERIODS = [90, 30, 365] as const;
