// Word lists and small helpers for finding people's names in English fiction. The lists are
// general English (function words, titles, days, countries, common given names), written for
// this project; none is tuned to a particular book. characters.ts decides with them; dialogue.ts
// supplies the tokens.

export type Gender = 'female' | 'male' | 'unknown';

const set = (words: string): Set<string> => new Set(words.trim().split(/\s+/));

/**
 * Honorifics and ranks that stand before a name ("Mr. Bennet", "Aunt Polly", "Captain Lennox").
 * Keys are lower case without the full stop. `gender` is what the title says of its bearer.
 * Kinship words (aunt, father) count as titles only when a capitalised name follows them.
 */
export interface TitleInfo {
  display: string;
  gender: 'female' | 'male' | null;
  /** 'married' and 'unmarried' women's titles name different people ("Mrs. Bennet", "Miss Bennet"). */
  marital?: 'married' | 'unmarried';
}

const TITLE_LIST: [string[], string, 'female' | 'male' | null, ('married' | 'unmarried')?][] = [
  [['mr', 'mister', 'monsieur', 'herr', 'signor', 'senor', 'señor', 'don'], 'Mr.', 'male'],
  [
    [
      'mrs',
      'missus',
      'missis',
      'madam',
      'madame',
      'mme',
      'frau',
      'signora',
      'senora',
      'señora',
      'doña',
      'dona',
      'mistress',
    ],
    'Mrs.',
    'female',
    'married',
  ],
  [['señorita', 'senorita'], 'Miss', 'female', 'unmarried'],
  [['miss', 'mlle', 'mademoiselle', 'fraulein', 'fräulein', 'signorina'], 'Miss', 'female', 'unmarried'],
  [['ms'], 'Ms.', 'female'],
  [['sir'], 'Sir', 'male'],
  [['lady', 'dame'], 'Lady', 'female'],
  [['lord'], 'Lord', 'male'],
  [['master'], 'Master', 'male'],
  [['dr', 'doctor'], 'Dr.', null],
  [['professor', 'prof'], 'Professor', null],
  [['reverend', 'rev'], 'Reverend', null],
  [['captain', 'capt'], 'Captain', null],
  [['colonel', 'col'], 'Colonel', null],
  [['general', 'gen'], 'General', null],
  [['major'], 'Major', null],
  [['lieutenant', 'lt'], 'Lieutenant', null],
  [['sergeant', 'sgt'], 'Sergeant', null],
  [['corporal', 'cpl'], 'Corporal', null],
  [['admiral'], 'Admiral', null],
  [['commander'], 'Commander', null],
  [['inspector'], 'Inspector', null],
  [['detective', 'det'], 'Detective', null],
  [['officer'], 'Officer', null],
  [['constable'], 'Constable', null],
  [['agent'], 'Agent', null],
  [['judge'], 'Judge', null],
  [['governor'], 'Governor', null],
  [['senator'], 'Senator', null],
  [['president'], 'President', null],
  [['squire'], 'Squire', 'male'],
  [['aunt', 'auntie', 'aunty'], 'Aunt', 'female'],
  [['uncle'], 'Uncle', 'male'],
  [['father', 'fr'], 'Father', 'male'],
  [['mother'], 'Mother', 'female'],
  [['brother'], 'Brother', 'male'],
  [['sister'], 'Sister', 'female'],
  [['grandma', 'granny', 'grandmother', 'nana'], 'Grandma', 'female'],
  [['grandpa', 'grandfather', 'gramps'], 'Grandpa', 'male'],
  [['cousin'], 'Cousin', null],
  [['widow'], 'Widow', 'female'],
  [['king'], 'King', 'male'],
  [['queen'], 'Queen', 'female'],
  [['prince'], 'Prince', 'male'],
  [['princess'], 'Princess', 'female'],
  [['duke'], 'Duke', 'male'],
  [['duchess'], 'Duchess', 'female'],
  [['count'], 'Count', 'male'],
  [['countess'], 'Countess', 'female'],
  [['earl'], 'Earl', 'male'],
  [['baron'], 'Baron', 'male'],
  [['baroness'], 'Baroness', 'female'],
  [['emperor'], 'Emperor', 'male'],
  [['empress'], 'Empress', 'female'],
  [['nurse'], 'Nurse', null],
  [['coach'], 'Coach', null],
  [['chief'], 'Chief', null],
];

export const TITLES = new Map<string, TitleInfo>();
for (const [keys, display, gender, marital] of TITLE_LIST) {
  for (const k of keys) TITLES.set(k, marital ? { display, gender, marital } : { display, gender });
}

/** Abbreviations whose full stop does not end a sentence. */
export const ABBREVIATIONS = set(`mr mrs ms dr st messrs mme mlle jr sr prof rev capt col gen lt sgt cpl det fr hon
  esq vs etc mt ft no vol ch cf viz ave`);

/** Lower-case particles inside names: "Ludwig van Beethoven", "Charles de Gaulle". */
export const NAME_PARTICLES = set('de van von der den da di du del della le la bin ibn');

/**
 * Capitalised words that are never a person's name by themselves: pronouns, function words,
 * days, months, religious words, interjections, and the words of chapter headings.
 */
export const NEVER_NAMES = set(`
  i i'm i'll i'd i've me my mine myself we us our ours you your yours he him his she her hers it its they them their
  theirs o oh ah ahh aha ha hah haha eh uh um umm hmm hm mm ooh oops ow ouch ugh wow yay hey hi hello bye goodbye
  yes yeah yep yup no nope nah ok okay alright please thanks thank sorry well alas lo hurrah hurray huzzah bravo
  god gods lord heaven heavens hell jesus christ christmas easter halloween thanksgiving sabbath bible
  chapter book part volume prologue epilogue preface contents introduction appendix note notes author disclaimer
  summary warning warnings pairing pairings rating rated fandom characters tags end a/n an
  the a this that these those there here then than
  and or but nor so yet for of in on at to from by with into onto upon about above below under over through
  mom mum mommy mummy dad daddy papa mama momma ma pa sweetheart darling honey sweetie babe baby dear dearest love
  son sonny boy kid kiddo lad lass girl buddy pal mate boss
  sir madam ma'am miss mister mrs mr ms dr lady gentlemen ladies
  mother father brother sister aunt auntie uncle grandma granny grandpa grandmother grandfather nana cousin
  tv dvd cd usa uk ps pm am tis twas
  sie ihnen ihr ihre ihren ihrem ihrer dich dir dein deine
  ladyship lordship majesty highness excellency honour honor worship reverence grace
  sensei senpai sempai shishou kami kami-sama tou-san kaa-san otou-san okaa-san tousan kaasan otousan okaasan
  nii-san nee-san niisan neesan onii-san onee-san onii-chan onee-chan nii-chan nee-chan aniki aneki
  jiji jii-san jiisan ojii-san oji-san baa-chan baachan obaa-san oba-san ka-san to-san kaachan touchan
  anata omae teme dobe baka kisama
  hyung hyungie noona nuna oppa unnie eonni eomma umma
  gege jiejie didi meimei shixiong shidi shijie shimei shizun shifu
`);

/**
 * Honorifics fan works keep from Japanese, Korean and Chinese after a hyphen ("Naruto-kun",
 * "Jungkook-ah", "A-Yuan" aside): the name is the part before them.
 */
export const HONORIFIC_SUFFIXES = set(`
  san sama kun chan chin tan chama dono tono sensei senpai sempai kouhai kohai shishou hime taichou taicho
  nii nee nii-san nee-san nii-chan nee-chan niisan neesan nii-sama nee-sama oji oji-san ojisan jiji baa-chan baachan
  ssi ah ya nim hyung hyungie noona nuna oppa unnie eonni sunbae seonbae
  xiong jie ge gege di didi mei xiansheng shixiong shidi shijie shimei shizun laoshi
`);

/**
 * Common English words that begin sentences or are capitalised for emphasis. A capitalised word
 * in this list is read as a name only where nothing else but a name can explain it (after a title,
 * or as the attributed speaker of a line: "said Will").
 */
export const COMMON_WORDS = set(`
  about above across actually after afterward afterwards again against ago ahead all almost alone along already also
  although always among amongst another any anybody anyone anything anyway anywhere apparently are aren't around as
  aside ask asked away awhile back be because become been before began behind being below beneath beside besides best
  better between beyond both briefly but by can can't cannot certainly clearly come could couldn't course did didn't
  do does doesn't doing don't done down during each early either else elsewhere enough especially even eventually ever
  every everybody everyone everything everywhere exactly except far few finally first five for four from further
  get gets getting give go goes going gone good got great had hadn't half hardly has hasn't have haven't having
  he'd he'll he's her here's hers herself high him himself his how however hundred if immediately in indeed inside
  instead is isn't it it's just last later least less let let's like likely little long look looking many may maybe
  me meanwhile might mine more moreover most mostly much must my myself near nearly neither never nevertheless new
  next nine no nobody none noone nor not nothing now nowhere of off often oh old on once one only onto or other
  others otherwise ought our out outside over perhaps please possibly probably quickly quite rather really right
  same second see seeing seemed seems seven several shall she she'd she'll she's should shouldn't since six slowly
  so some somebody somehow someone something sometimes somewhere soon still such suddenly sure take ten than that
  that's the their theirs them themselves then there there's therefore these they they'd they'll they're they've
  thing things third this those though thousand three through thus till to today together tomorrow tonight too
  toward towards twenty two under unless until up upon us very was wasn't we we'd we'll we're we've were weren't
  what what's whatever when whenever where wherever whether which while who who's whoever whole whom whose why will
  with within without won't would wouldn't yesterday yet you you'd you'll you're you've your yours yourself
  shut stop wait come go look listen tell say said says talk run walk stay leave turn take give keep let help hurry
  fine good great nice bad poor dear dearest sweet little young old big small oh darn damn dammit fuck fucking shit
  crap bloody christ gosh golly goodness jeez gee wow whoa huh hush shh
  mother father brother sister aunt uncle grandmother grandfather son daughter wife husband cousin friend
  everyone someone nobody people man men woman women boy boys girl girls child children guy guys lady gentleman
  blood death life time day night morning evening afternoon today home school work love hope faith grace
  truth peace war art nature fate fortune heaven hell earth world sun moon god gods
  chapter part book section scene act volume page prologue epilogue interlude
  north south east west northern southern eastern western
  number street road avenue lane city town county state country river lake sea ocean island mountain
  hall house church castle palace court office company club society school college university hospital
  one two three four five six seven eight nine ten eleven twelve
  first second third fourth fifth last next
  yes no not never always sometimes
`);

/** Days and months: capitalised like names, and a few are names too ("June", "Friday" the AI). */
export const CALENDAR = set(`monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december`);

/** Peoples, languages and faiths: capitalised like names, and only rarely a nickname ("Irish murmured"). */
export const DEMONYMS = set(`
  english french german spanish italian russian american british irish scottish scotch welsh dutch greek roman latin
  chinese japanese indian african european asian australian canadian mexican swedish danish norwegian polish
  portuguese turkish arabian egyptian persian hebrew jewish christian catholic protestant muslim englishman
  englishwoman frenchman frenchwoman americans englishmen frenchmen
`);

/** First words that make a capitalised run a place: "Castle Dracula", "Mount Vernon", "Lake Placid". */
export const PLACE_PREFIXES = set('castle mount mt lake fort port cape isle loch glen camp planet');

/**
 * Last words of the names of groups ("Uchiha Clan", "Rogue Squadron", "Hale Pack") and first
 * words of groups named after a member ("Team Kakashi", "Squad Seven"): no one person, though the
 * other word may be someone's name.
 */
export const GROUP_HEADS = set(`clan clans family families team squad squadron platoon battalion regiment brigade
  division legion corps force forces army navy unit cell pack coven crew gang guild order council`);
export const GROUP_PREFIXES = set('team squad clan house');

/** Nouns that, in an appositive, say a name is a person's: "William, a boy of seven". */
export const PERSON_NOUNS = set(`man men woman women boy girl child lad lass youth gentleman lady fellow son
  daughter wife husband widow widower brother sister mother father aunt uncle cousin nephew niece friend servant
  maid maidservant butler housekeeper clerk officer soldier captain emperor king queen prince princess lord duke
  master mistress teacher doctor priest minister nurse baby infant twin twins bride groom host hostess guest
  stranger neighbour neighbor companion partner lover sweetheart girlfriend boyfriend fiance fiancee vampire
  witch wizard hybrid werewolf`);

/** Place names common enough in fiction to know without context: continents, countries, big cities. */
export const KNOWN_PLACES = set(`
  africa america americas antarctica asia australia europe
  afghanistan albania algeria argentina austria belgium bolivia brazil britain bulgaria burma cambodia canada chile
  china colombia congo croatia cuba cyprus czechoslovakia denmark ecuador egypt england eritrea estonia ethiopia finland
  france germany greece greenland guatemala haiti holland hungary iceland india indonesia iran iraq ireland israel
  italy jamaica japan jordan kenya korea latvia lebanon libya lithuania luxembourg malaysia mexico mongolia morocco
  nepal netherlands nigeria norway pakistan palestine panama persia peru philippines poland portugal prussia romania
  russia scotland serbia siam siberia singapore spain sudan sweden switzerland syria taiwan thailand tibet turkey
  ukraine uruguay venezuela vietnam wales yugoslavia zealand
  alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois indiana
  iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana
  nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont wisconsin wyoming
  amsterdam athens baltimore barcelona berlin bombay boston brooklyn brussels budapest cairo calcutta chicago dublin
  edinburgh florence geneva glasgow hollywood istanbul jerusalem lisbon liverpool london madrid manchester manhattan
  marseilles melbourne miami milan montreal moscow munich naples oxford paris philadelphia prague quebec rome
  seattle stockholm sydney tokyo toronto venice vienna warsaw washington york
  atlantic pacific mediterranean thames seine danube rhine nile mississippi
`);

/** Last words that make a capitalised run a place or an institution, never a person. */
export const PLACE_HEADS = set(`
  street st road rd avenue ave lane boulevard square place terrace row crescent drive way highway
  city town village county state province district borough parish shire kingdom empire republic
  river lake sea ocean bay gulf strait channel island islands isle coast beach harbour harbor port
  mountain mountains mount hill hills valley falls forest wood woods park gardens garden field fields
  bridge station tower towers castle palace abbey cathedral church chapel temple hall manor court
  house hotel inn tavern pub bar cafe restaurant club school academy college university institute
  hospital asylum prison gaol office bank company society council committee parliament ministry
  department museum library theatre theater gallery market store shop building mansion ranch farm
  airport cemetery hotel mall station square heights springs creek canyon desert pass point grove
  times gazette herald journal chronicle review magazine news post
`);

/**
 * Common English given names with the gender they usually carry. Not exhaustive and not meant to
 * be: a name missing here is still found through capitalisation, titles and dialogue.
 */
const FEMALE_NAMES = `
  abigail ada adelaide adele agatha agnes alice alicia alison amanda amelia amy anastasia andrea angela angelina
  ann anna anne annie antoinette april arabella ashley audrey barbara beatrice beatrix becky bella bess bessie
  beth betsy betty beverly bonnie bridget brittany caroline carol carole carolyn carrie catherine cathy cecilia
  cecily celia charlotte chloe christina christine clara clare claire claudia constance cora cordelia cynthia
  daisy dana daphne deborah debbie delia diana diane dinah dolly dora doris dorothy edith edna eleanor elena
  elinor eliza elizabeth ella ellen ellie eloise elsie emilia emily emma esther ethel eugenia eva evelyn fanny
  felicity fiona flora florence frances gemma georgiana georgina gertrude ginny gloria grace gwen gwendolyn
  hannah harriet hazel heather helen helena henrietta hermione hester hilda holly ida imogen irene iris isabel
  isabella isabelle ivy jane janet janie jennifer jenny jessica jessie jill joan joanna josephine joy joyce
  judith judy julia julie juliet karen kate katherine kathleen kathryn katie kitty laura lauren lavinia leah
  lila lilian lillian lily linda lisa lizzie lizzy lois lola lorna lottie louisa louise lucia lucille lucinda
  lucy lydia mabel madeline madeleine maggie margaret margery maria marian marianne marie marilyn marion martha
  mary matilda maud maude maureen may meg megan melanie melissa mildred millie minnie miranda miriam molly
  monica nancy naomi natalie nell nellie nora norah octavia olive olivia pamela patience patricia pauline
  peggy penelope phoebe phyllis polly priscilla prudence rachel rebecca rosa rosalind rosamond rose rosie
  ruth sally samantha sara sarah selina sheila shirley sophia sophie stella susan susanna susie sylvia teresa tess theresa
  valerie vera veronica victoria violet virginia vivian wendy winifred yvonne zoe
`;
const MALE_NAMES = `
  aaron abraham adam adrian alan albert alec alexander alfred algernon allan andrew angus anthony archibald
  archie arnold arthur augustus austin barnaby bartholomew basil ben benedict benjamin bernard bertie bill billy
  bob bobby brian bruce caleb carl cecil cedric charles charlie christopher clarence claude clement clifford
  colin conrad cyril dan daniel david dennis derek dick donald douglas duncan dylan edgar edmund edward edwin
  eli elijah elliot ernest eugene evan felix ferdinand francis frank frankie franz fred freddie frederick
  gabriel geoffrey george gerald gilbert giles godfrey gordon graham gregory guy harold harry harvey hector
  henry herbert horace howard hubert hugh hugo humphrey ian isaac jack jacob jake james jamie jasper jeremy
  jerome jesse jim jimmy joe joel john johnny jonathan joseph joshua julian julius karl kenneth kevin klaus
  lawrence leo leon leonard lewis louis lucas luke malcolm marcus mark martin matthew maurice max michael
  miles nathan nathaniel ned neville nicholas nick nigel noah noel oliver oscar oswald owen patrick paul
  percy peter philip phillip ralph randolph raymond reginald richard robert robin rodney roger roland ronald
  rory rupert russell samuel sam sebastian seth silas simon stanley stephen steven stuart sydney ted teddy
  terence theodore thomas tim timothy toby tom tommy tony victor vincent walter wilfred will william willie
  wilson zachary
`;

export const GIVEN_NAME_GENDER = new Map<string, 'female' | 'male'>();
for (const n of FEMALE_NAMES.trim().split(/\s+/)) GIVEN_NAME_GENDER.set(n, 'female');
for (const n of MALE_NAMES.trim().split(/\s+/)) GIVEN_NAME_GENDER.set(n, 'male');

/** Verbs that introduce or close a line of dialogue ("she said", "whispered Klaus"). */
export const SPEECH_VERBS = set(`
  say says said ask asks asked reply replies replied answer answers answered whisper whispers whispered
  murmur murmurs murmured mutter mutters muttered shout shouts shouted cry cries cried exclaim exclaims exclaimed
  call calls called add adds added continue continues continued begin begins began repeat repeats repeated
  return returns returned retort retorts retorted snap snaps snapped growl growls growled purr purrs purred
  laugh laughs laughed sigh sighs sighed breathe breathes breathed hiss hisses hissed tease teases teased
  insist insists insisted demand demands demanded observe observes observed remark remarks remarked
  suggest suggests suggested explain explains explained admit admits admitted agree agrees agreed argue argues
  argued offer offers offered protest protests protested plead pleads pleaded begged begs yell yells yelled
  scream screams screamed stammer stammers stammered stutter stutters stuttered groan groans groaned grumble
  grumbles grumbled chuckle chuckles chuckled sneer sneers sneered spat drawl drawls drawled interrupt
  interrupts interrupted declare declares declared announce announces announced inquire inquires inquired
  enquire enquires enquired respond responds responded correct corrects corrected muse muses mused wonder
  wonders wondered urge urges urged warn warns warned promise promises promised joke jokes joked quip quips
  quipped scoff scoffs scoffed huff huffs huffed gasp gasps gasped sob sobs sobbed whimper whimpers whimpered
  moan moans moaned blurt blurts blurted confess confesses confessed note notes noted comment comments
  commented finish finishes finished venture ventures ventured rejoin rejoins rejoined resume resumes resumed
  persist persists persisted falter falters faltered pursue pursues pursued conclude concludes concluded
  sang sings smirk smirks smirked grin grins grinned smile smiles smiled snarl snarls snarled bark barks barked
  roar roars roared squeak squeaks squeaked squeal squeals squealed shriek shrieks shrieked wail wails wailed
  chirp chirps chirped coo coos cooed sniff sniffs sniffed snort snorts snorted grunt grunts grunted
  prompt prompts prompted counter counters countered reason reasons reasoned point points pointed
  assure assures assured reassure reassures reassured soothe soothes soothed greet greets greeted
  dijo preguntó respondió contestó susurró murmuró gritó exclamó añadió replicó
  sagte fragte antwortete rief flüsterte murmelte meinte erwiderte
  dit demanda répondit murmura cria souffla ajouta demande répond murmure crie souffle ajoute
`);

/** Titles written in lower case before a name in Spanish, Italian and Portuguese ("don Faustino"). */
export const LOWER_TITLES = set('don doña señor señora señorita dom dona signor signora');

/**
 * Verbs that show a person acting on the page ("Klaus grabbed", "Caroline nods") beyond regular
 * -ed and -s forms, which characters.ts recognises by their ending: the common irregular pasts.
 */
export const IRREGULAR_PASTS = set(`
  ate awoke became began bent bit bled blew broke brought built burnt bought caught chose clung came crept cut
  dealt did dove drew dreamt drank drove dug fed felt fought found fled flung flew forbade forgot forgave froze
  got gave went ground grew hung heard hid hit held hurt kept knelt knew laid led leant leapt learnt left lent
  let lay lit lost made meant met paid put quit read rode rang rose ran said saw sought sold sent set shook shone
  shot showed shut sang sank sat slept slid slung spoke sped spent spun spat split spread sprang stood stole stuck
  stung strode struck swore swept swam swung took taught tore told thought threw understood woke wore wove wept
  won wound wrote
`);

/** Words after a name that show it is the subject of a clause but not of an action ("Alaric was"). */
export const AUX_VERBS = set(`is was are were be been being am has had have having do does did will would shall
  should can could may might must isn't wasn't hasn't hadn't`);

/** Words ending in -s or -ed that are not verbs after a name ("Klaus is", "Caroline needs"). */
export const NOT_VERBS = set(`is was has his its as us yes this thus hers ours yours theirs always perhaps less unless
  towards afterwards besides whereas across was indeed need bed red shed seed speed feed weed wed led bled fled
  sped sled naked wicked ragged sacred rugged beloved hundred kindred crooked learned aged wretched jagged`);

/** Body parts, kin and belongings: a possessive before one marks a person ("Klaus's hand"). */
export const PERSONAL_NOUNS = set(`
  hand hands arm arms eye eyes face head hair lips lip mouth voice fingers finger shoulder shoulders neck chest
  back body heart mind smile gaze cheek cheeks skin legs leg feet foot knees knee wrist wrists throat fangs teeth
  tongue brow forehead nose ear ears jaw chin hips waist thigh thighs palm palms fist grip touch breath laugh
  tears expression features brow brows lap side figure
  mother father mom dad mum brother sister son daughter wife husband aunt uncle cousin niece nephew family parents
  children child baby boyfriend girlfriend lover friend friends fiancé fiance fiancée fiancee sire maker
  grandmother grandfather grandma grandpa daughter-in-law mother-in-law boss servant maid master mistress
  room bedroom bed house car phone coat jacket shirt dress clothes name words tone life death birthday wedding
  funeral letter attention sake favour favor place turn voice presence
`);

/** Verbs that, before "at", show "at X" is a person looked at, not a place ("glared at Klaus"). */
export const AT_PERSON_VERBS = set(`look looks looked looking stare stares stared staring glance glances glanced
  glancing glare glares glared glaring smile smiles smiled smiling grin grins grinned grinning laugh laughs laughed
  laughing frown frowns frowned scowl scowls scowled wink winks winked nod nods nodded shout shouts shouted yell
  yells yelled snap snaps snapped peer peers peered gaze gazes gazed gazing point points pointed pointing throw
  threw aim aimed mad angry furious upset annoyed`);

/** Verbs after which "to X" is a destination ("went to Paris"), not a person spoken to. */
export const MOTION_VERBS = set(`go goes went gone going come comes came coming return returns returned returning
  travel travels travelled traveled travelling traveling move moves moved moving sail sails sailed sailing drive
  drives drove driving fly flies flew flying walk walks walked ride rides rode riding journey journeyed sent send
  headed heading head moved back way road trip journey train ticket letter emigrated emigrate`);

/** Prepositions before a bare capitalised word that point to a place ("in Paris"). */
export const PLACE_PREPOSITIONS = set(
  'in en into near across throughout within outside inside toward towards around from via',
);

export const PRONOUN_GENDER = new Map<string, ['female' | 'male', number]>([
  ['he', ['male', 0.8]],
  ['himself', ['male', 1]],
  ['his', ['male', 0.8]],
  ['him', ['male', 0]],
  ['she', ['female', 0.8]],
  ['herself', ['female', 1]],
  ['hers', ['female', 0.8]],
  ['her', ['female', 0.8]],
]);

/** Words before a name that introduce a person present in the scene ("her name is Sheila"). */
export const INTRODUCERS = set('named called');

/** "Maybe" -> "maybe"; "O'HARA" -> "O'Hara"; keeps inner capitals of "McChesney", initials ("AJ") and designations ("K-2SO"). */
export function titleCase(word: string): string {
  // Two capitals are initials ("AJ", "JC"), and capitals with digits a designation ("K-2SO",
  // "CT-7567"), not a shouted name.
  if (HAS_LOWER.test(word) || word.length <= 2 || /\d/.test(word)) return word;
  return word.toLowerCase().replace(/(^|[-'’])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Lower case, accents removed: the key used to compare name words. */
export function foldKey(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++)
    if (s.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  if (ascii) return s.toLowerCase();
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/’/g, "'");
}

const HAS_LOWER = /\p{Ll}/u;

/**
 * Diminutives of common given names, so that "Lizzy" and "Elizabeth" can be one person when the
 * text has only one of each. General English usage, not exhaustive.
 */
const NICKNAME_LIST: Record<string, string> = {
  elizabeth: 'lizzy lizzie liz eliza beth betsy betty bess bessie libby elsie',
  margaret: 'meg maggie peggy marge madge margie',
  caroline: 'carrie caro carol',
  catherine: 'kate kitty katie cathy kathy kit',
  katherine: 'kate kitty katie kathy kit',
  deborah: 'deb debbie',
  bridget: 'biddy',
  william: 'will bill billy willie willy',
  robert: 'rob bob bobby robin bert',
  richard: 'dick rick richie',
  thomas: 'tom tommy',
  james: 'jim jimmy jamie jem',
  john: 'jack johnny',
  edward: 'ed eddie ned ted teddy',
  henry: 'harry hal hank',
  charles: 'charlie chuck',
  josephine: 'jo josie',
  mary: 'molly polly mamie',
  anne: 'annie nan nancy',
  ann: 'annie nan nancy',
  anna: 'annie nan',
  susan: 'sue susie',
  dorothy: 'dolly dot dottie',
  frances: 'fanny',
  sarah: 'sally sadie',
  christopher: 'chris kit',
  nicholas: 'nick nicky',
  alexander: 'alex sandy',
  benjamin: 'ben benny',
  samuel: 'sam sammy',
  michael: 'mike mick mickey',
  joseph: 'joe joey',
  patrick: 'pat paddy',
  stephen: 'steve stevie',
  steven: 'steve stevie',
  theodore: 'theo teddy',
  matthew: 'matt',
  daniel: 'dan danny',
  david: 'dave davy',
  frederick: 'fred freddie freddy',
  albert: 'bert al',
  isabella: 'bella isa',
  isabel: 'bella',
  jennifer: 'jenny jen',
  rebecca: 'becky',
  patricia: 'patty pat',
  victoria: 'vicky tori',
  abigail: 'abby',
  eleanor: 'nell nellie ellie',
  helen: 'nell nellie',
  harriet: 'hattie',
  louisa: 'lou',
  gregory: 'greg',
  andrew: 'andy drew',
  anthony: 'tony',
  jonathan: 'jon',
  nathaniel: 'nat nate',
  zachary: 'zach zack',
  penelope: 'penny',
  rosamond: 'rosie',
  winifred: 'winnie',
  virginia: 'ginny',
  wilhelmina: 'mina minnie',
};

/** Diminutive -> the full given names it may shorten. */
export const NICKNAMES = new Map<string, string[]>();
for (const [full, nicks] of Object.entries(NICKNAME_LIST)) {
  for (const n of nicks.split(' ')) NICKNAMES.set(n, [...(NICKNAMES.get(n) ?? []), full]);
}
