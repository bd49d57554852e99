import type { ReviewErrorCode } from '@safeplan/schema/review';
import type { CommentProblem } from './change-comments.ts';

/**
 * The review area's words, for the one i18n layer: the app registers them with
 * `addMessages(reviewMessages)` (client/src/app/i18n). Dutch at B1 level, short sentences.
 */
type Messages = Record<string, string>;

const refusedNl: Record<ReviewErrorCode, string> = {
  malformed: 'Deze versie is beschadigd. We tonen hem niet.',
  unreadable: 'Deze versie kunnen we niet openen. Misschien is hij veranderd.',
  'content-mismatch': 'De inhoud past niet bij de versie. Iemand heeft hem veranderd. We tonen hem niet.',
  'invalid-plan': 'Deze versie is geen goed veiligheidsplan. We tonen hem niet.',
  'wrong-version': 'Deze handtekening hoort bij een andere versie.',
  'not-a-member': 'Deze persoon hoort niet bij het plan. We tellen dit niet mee.',
  'not-an-owner': 'Alleen een eigenaar kan een versie vaststellen. We tonen hem niet.',
  'bad-signature': 'De handtekening klopt niet. We tellen dit niet mee.',
};

const refusedEn: Record<ReviewErrorCode, string> = {
  malformed: 'This version is damaged. We do not show it.',
  unreadable: 'We cannot open this version. It may have been changed.',
  'content-mismatch': 'The content does not match the version. Someone changed it. We do not show it.',
  'invalid-plan': 'This version is not a valid safety plan. We do not show it.',
  'wrong-version': 'This signature belongs to another version.',
  'not-a-member': 'This person is not part of the plan. We do not count it.',
  'not-an-owner': 'Only an owner can fix a version. We do not show it.',
  'bad-signature': 'The signature is not right. We do not count it.',
};

const commentNl: Record<CommentProblem, string> = {
  empty: 'Schrijf eerst iets.',
  'too-long': 'Dit is te lang. Maak het korter.',
  'unknown-section': 'Dit deel van het plan bestaat niet.',
};

const commentEn: Record<CommentProblem, string> = {
  empty: 'Write something first.',
  'too-long': 'This is too long. Make it shorter.',
  'unknown-section': 'This part of the plan does not exist.',
};

const prefixed = (prefix: string, m: Record<string, string>): Messages =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}${k}`, v]));

export const reviewMessages: { nl: Messages; en: Messages } = {
  nl: {
    ...prefixed('review.refused.', refusedNl),
    ...prefixed('review.comment.', commentNl),
    'review.title': 'Wat is er veranderd?',
    'review.since': 'Sinds je laatste keer kijken ({date})',
    'review.sinceNever': 'Alles wat er in het plan staat',
    'review.nothing': 'Er is niets veranderd.',
    'review.markReviewed': 'Ik heb alles bekeken',
    'review.filter.person': 'Wie',
    'review.filter.section': 'Welk deel',
    'review.filter.everyone': 'Iedereen',
    'review.filter.allParts': 'Alle delen',
    'review.inserted': '{name} schreef dit op {time}',
    'review.deleted': '{name} haalde dit weg op {time}',
    'review.itemAdded': 'Nieuw, door {name}',
    'review.itemRemoved': 'Weggehaald door {name}',
    'review.attrChanged': '{name} veranderde dit: eerst {before}, nu {after}',
    'review.unknownPerson': 'Iemand',
    'review.comment.add': 'Reageer op deze verandering',
    'review.comment.on': 'Reactie van {name} op jouw verandering',
    'review.undo': 'Maak mijn verandering ongedaan',
    'review.restore': 'Zet deze versie terug',
    'review.restore.done': 'De oude versie staat terug. Dit is een nieuwe verandering.',
    'review.version.fix': 'Stel deze versie vast',
    'review.version.fixed': 'Versie {versionNo}: {title} ({date})',
    'review.version.endorse': 'Ik onderschrijf deze versie',
    'review.version.endorsedBy': 'Onderschreven door {name} op {time}',
    'review.version.approved': 'Deze versie is goedgekeurd.',
    'review.version.waitingYouthProtection': 'De jeugdbeschermer moet deze versie nog goedkeuren.',
    'review.version.compare': 'Vergelijk twee versies',
    'review.notice.title': 'Er zijn nieuwe afspraken: versie {versionNo}',
    'review.notice.first': 'Het plan is voor het eerst vastgesteld.',
    'review.notice.summary': '{added} nieuw, {changed} veranderd, {removed} weggehaald.',
  },
  en: {
    ...prefixed('review.refused.', refusedEn),
    ...prefixed('review.comment.', commentEn),
    'review.title': 'What changed?',
    'review.since': 'Since you last looked ({date})',
    'review.sinceNever': 'Everything in the plan',
    'review.nothing': 'Nothing changed.',
    'review.markReviewed': 'I have seen everything',
    'review.filter.person': 'Who',
    'review.filter.section': 'Which part',
    'review.filter.everyone': 'Everyone',
    'review.filter.allParts': 'All parts',
    'review.inserted': '{name} wrote this on {time}',
    'review.deleted': '{name} removed this on {time}',
    'review.itemAdded': 'New, by {name}',
    'review.itemRemoved': 'Removed by {name}',
    'review.attrChanged': '{name} changed this: first {before}, now {after}',
    'review.unknownPerson': 'Someone',
    'review.comment.add': 'Reply to this change',
    'review.comment.on': 'Reply from {name} on your change',
    'review.undo': 'Undo my change',
    'review.restore': 'Bring this version back',
    'review.restore.done': 'The old version is back. This is a new change.',
    'review.version.fix': 'Fix this version',
    'review.version.fixed': 'Version {versionNo}: {title} ({date})',
    'review.version.endorse': 'I endorse this version',
    'review.version.endorsedBy': 'Endorsed by {name} on {time}',
    'review.version.approved': 'This version is approved.',
    'review.version.waitingYouthProtection': 'The youth protector still has to approve this version.',
    'review.version.compare': 'Compare two versions',
    'review.notice.title': 'There are new agreements: version {versionNo}',
    'review.notice.first': 'The plan was fixed for the first time.',
    'review.notice.summary': '{added} new, {changed} changed, {removed} removed.',
  },
};
