// Tags a story's form shows by itself: a drabble's hundred words, a story told through text
// messages or in letters, a story told to "you". Writers nearly always tag the form their story
// takes, and the text shows it without any reading of what happens.

import { matchAll, quoteAround } from './evidence.ts';
import type { PovGuess } from './pov.ts';
import { isLabelWord } from './speaker-labels.ts';
import type { Evidence } from './types.ts';
import { countWords } from './word-count.ts';

export type ProposeForm = (tag: string, confidence: number, evidence: Evidence[]) => void;

export function proposeForms(text: string, pov: PovGuess | undefined, propose: ProposeForm): void {
  proposeDrabble(text, propose);
  proposeTexting(text, propose);
  proposeLetters(text, propose);
  // AO3's tag for a story told to "you", the narration's own evidence as the tag's. Less sure than
  // the narration itself: writers of such stories leave the tag off about as often as not.
  if (pov?.pov === 'second') propose('Second Person', SECOND_PERSON_TAGGED * pov.confidence, pov.evidence.slice(0, 2));
}

/** How often a story told in the second person carries the tag, beside the form rate every form tag has. */
const SECOND_PERSON_TAGGED = 0.65;

/** A drabble is a story of a hundred words; a little slack allows for how words are counted. */
function proposeDrabble(text: string, propose: ProposeForm): void {
  // No need to count a long text's words: a hundred words do not fill this many characters.
  if (text.length > DRABBLE_MAX_CHARS) return;
  const words = countWords(text);
  if (words < DRABBLE_WORDS[0] || words > DRABBLE_WORDS[1]) return;
  const start = text.search(/\S/);
  const end = text.slice(start).search(/[.!?…](\s|$)/);
  propose('Drabble', 0.7, start < 0 ? [] : [quoteAround(text, start, start + (end < 0 ? 40 : end + 1))]);
}

/** The story words a drabble may have. */
const DRABBLE_WORDS = [95, 105] as const;
/** Characters beyond which a text (notes blanked to spaces included) is too long to hold a drabble. */
const DRABBLE_MAX_CHARS = 20_000;

/**
 * A line that is a message: a sender (a name, or a lower-case handle as chats show them), perhaps
 * in emphasis marks, a colon, and what was sent.
 */
const MESSAGE_LINE =
  /^[ \t]*[*_]{0,2}(\p{Lu}[\p{L}'.-]*(?: \p{Lu}[\p{L}'.-]*)?|[\p{Ll}\d_.]*\p{Ll}[\p{Ll}\d_.]*)[*_]{0,2}[ \t]*:[*_]{0,2}[ \t]*(\S.*)$/gmu;

/** Words of phones and messaging: what tells a chat of texts from a play's script. */
const PHONE =
  /\b(?:phones?|texts?|texted|texting|messages?|messaged|messaging|snapchat|group ?chat|chats?|emojis?|notifications?|screen|typing|typed|read receipts?|unread|selfie|dms?|dm'd)\b/gi;

/**
 * "Texting": a story told at least partly in messages, by two or more senders, where the
 * narration speaks of phones and messages (a script's labelled lines have no phone in them).
 */
function proposeTexting(text: string, propose: ProposeForm): void {
  const lines = matchAll(text, MESSAGE_LINE).filter((m) => !isLabelWord(m.m[1]!));
  const senders = new Set(lines.map((m) => m.m[1]!.toLowerCase()));
  if (lines.length < MIN_MESSAGES || senders.size < 2) return;
  const phone = matchAll(text, PHONE);
  const kinds = new Set(phone.map((m) => m.m[0].toLowerCase().replace(/s$/, '')));
  if (kinds.size < MIN_PHONE_WORDS) return;
  const sure = Math.min(0.85, 0.55 + 0.05 * lines.length);
  propose('Texting', sure, [
    quoteAround(text, lines[0]!.start, lines[0]!.end),
    quoteAround(text, phone[0]!.start, phone[0]!.end),
  ]);
}

/** Message lines, and distinct phone words, from which a story is told in texts. */
const MIN_MESSAGES = 4;
const MIN_PHONE_WORDS = 2;

/** A letter's opening on a line of its own: "Dear Margaret," "My dearest Tom,". */
const SALUTATION =
  /^[ \t]*[*_]?(?:my )?(?:dear(?:est)?|darling|dearly beloved)[ \t]+\p{Lu}[^\n,:]{0,40}[,:][*_]?[ \t]*$/gimu;

/** A letter's close on a line of its own: "Yours ever," "All my love," "Your brother,". */
const SIGN_OFF =
  /^[ \t]*[*_]?(?:(?:all )?(?:my )?love(?: always)?|with (?:all )?(?:my )?love|yours(?: (?:truly|ever|always|faithfully|sincerely|affectionately))?|(?:ever|always|forever) yours|sincerely(?: yours)?|affectionately|fondly|your (?:loving |devoted |faithful |affectionate )?(?:friend|brother|sister|son|daughter|wife|husband|mother|father|mum|mom|dad))[,.!]?[*_]?[ \t]*$/gimu;

/** "Letters": a story that holds a letter, opened and signed off on lines of their own. */
function proposeLetters(text: string, propose: ProposeForm): void {
  const opens = matchAll(text, SALUTATION);
  if (!opens.length) return;
  const closes = matchAll(text, SIGN_OFF).filter((c) => c.start > opens[0]!.start);
  if (!closes.length) return;
  const sure = opens.length >= 2 && closes.length >= 2 ? 0.8 : 0.65;
  propose('Letters', sure, [
    quoteAround(text, opens[0]!.start, opens[0]!.end),
    quoteAround(text, closes[0]!.start, closes[0]!.end),
  ]);
}
