import { addMessages } from '../i18n/index.ts';
import { membersEn } from './members-messages-en.ts';
import { membersNl } from './members-messages-nl.ts';

/** Importing this module adds the members' words to the one i18n layer (once is enough). */
addMessages({ nl: membersNl, en: membersEn });

export { membersEn, membersNl };
