// The sexual acts of an explicit scene as AO3's additional tags ("Oral Sex", "Anal Sex"...): the
// tags writers of explicit works use most, and among the few a text shows outright. Read only
// where the text is explicit, so that a mouth, a hand or fingers elsewhere never count, and only in
// the narration: a character asking for or teasing about an act is not the act on the page.

/** AO3's canonical tag for each act, with the phrases that describe it. */
export const ACT_PATTERNS: [string, RegExp][] = [
  [
    'Oral Sex',
    /\b(?:blow ?jobs?|cunnilingus|fellatio|went down on (?:him|her|them|me)|(?:took|takes|taking) (?:him|her|them) (?:in|into) (?:his|her|their) mouth|mouth (?:around|on|over) (?:his|their) (?:cock|dick|length)|(?:tongue|mouth) (?:on|against|over) (?:her|their) (?:clit|cunt|pussy)|suck(?:ed|ing|s)? (?:his|their) (?:cock|dick))\b/gi,
  ],
  [
    'Anal Sex',
    /\b(?:anal sex|(?:cock|dick) (?:in|into|inside) (?:his|her|their|my) (?:ass|hole)|fuck(?:ed|ing|s)? (?:his|her|their|my) (?:ass|hole))\b/gi,
  ],
  [
    'Vaginal Sex',
    /\b(?:(?:cock|dick) (?:in|into|inside) (?:her|my) (?:cunt|pussy)|fuck(?:ed|ing|s)? (?:her|my) (?:cunt|pussy))\b/gi,
  ],
  [
    'Mutual Masturbation',
    /\b(?:mutual(?:ly)? masturbat\w*|(?:jerk(?:ed|ing|s)?|got|get|gets|getting|stroked|stroking|strokes|touched|touching) each other off)\b/gi,
  ],
  [
    'Masturbation',
    /\b(?:(?<!mutual |mutually )masturbat\w*|jerk(?:ed|ing|s)? (?:himself|herself|themselves|themself|myself) off|jerking off|(?:got|get|gets|getting) (?:himself|herself|themselves|myself) off)\b/gi,
  ],
  [
    'Hand Jobs',
    /\b(?:hand ?jobs?|jerk(?:ed|ing|s)? (?:him|her|them) off|(?:stroked|strokes|stroking) (?:his|their) (?:cock|dick|length)|hand (?:around|on) (?:his|their) (?:cock|dick|length))\b/gi,
  ],
  ['Rimming', /\b(?:rimm(?:ed|ing)|tongue (?:in|into|against) (?:his|her|their) (?:hole|ass))\b/gi],
  [
    'Fingering',
    /\b(?:finger(?:ed|ing|s)? (?:him|her|them|himself|herself) (?:open|slowly|until|hard)|fingers? (?:in|into|inside) (?:her|him|them)(?! hair| pockets?))\b/gi,
  ],
  ['Sex Toys', /\b(?:vibrators?|dildos?|sex toys?|butt plugs?)\b/gi],
];
