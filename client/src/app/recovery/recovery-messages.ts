import { addMessages } from '../i18n/index.ts';
import { recoveryEn } from './recovery-messages-en.ts';
import { recoveryNl } from './recovery-messages-nl.ts';

/** Importing this module adds the recovery kit's words to the one i18n layer (once is enough). */
addMessages({ nl: recoveryNl, en: recoveryEn });

export { recoveryEn, recoveryNl };
