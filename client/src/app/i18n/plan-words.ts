import { addMessages } from './index.ts';
import { planMessages } from './plan-messages.ts';

// The plan's own words (sections, fields, items, options, rules) are needed only where a plan is
// shown, so they load with the plan screen's code and keep the plan list's first view small
// (`pnpm bench bundle`). Every module that shows them imports this file.
addMessages(planMessages);
