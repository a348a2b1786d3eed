// The JSON API's view of works: the same service data as the pages, in stable field names.
import { tagToPath } from '../tags/tag-url.ts';
import type { TagView, WorkBlurb, WorkPage } from './works.service.ts';

function tagJson(t: TagView) {
  return {
    name: t.name,
    type: t.type,
    canonical: t.canonical,
    origin: t.origin,
    url: `/api/v1/tags/${tagToPath(t.name)}`,
  };
}

function suggestionJson(t: TagView) {
  return { name: t.name, type: t.type, confidence: t.confidence, evidence: t.evidence };
}

export function blurbJson(w: WorkBlurb) {
  return {
    id: w.id,
    url: `/api/v1/works/${w.id}`,
    title: w.title,
    titleProvisional: w.titleProvisional,
    creators: w.creators.map((c) => c.pseud),
    summary: w.summary,
    language: w.language,
    words: w.words,
    chapterCount: w.chapterCount,
    expectedChapters: w.expectedChapters,
    complete: w.complete,
    postedAt: w.postedAt,
    updatedAt: w.updatedAt,
    tags: w.tags.map(tagJson),
  };
}

export function workJson(w: WorkPage) {
  return {
    ...blurbJson(w),
    notes: w.notes.map((n) => ({ position: n.position, html: n.html })),
    chapters: w.chapters.map((c) => ({
      position: c.position,
      title: c.title,
      words: c.words,
      postedAt: c.postedAt,
      notes: c.notes,
      url: `/api/v1/works/${w.id}/chapters/${c.position}`,
    })),
    suggestions: w.suggestions.map(suggestionJson),
  };
}
