import { reviewMessages } from '../../review/review-messages.ts';
import { addMessages } from '../i18n/index.ts';
import { reviewAppMessagesEn, reviewAppMessagesNl } from './review-app-messages.ts';

/** Imported by every review component, so the words are there before the first render. */
addMessages(reviewMessages);
addMessages({ nl: reviewAppMessagesNl, en: reviewAppMessagesEn });
