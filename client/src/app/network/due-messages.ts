import { addMessages } from '../i18n/index.ts';

/** The due lines only: the plan list shows them, so they load with the home screen (the rest waits for a plan). */
export const dueNl: Record<string, string> = {
  'network.due.meetingToday': 'Netwerkberaad vandaag {time}',
  'network.due.meetingTomorrow': 'Netwerkberaad morgen {time}',
  'network.due.meetingInDays': 'Netwerkberaad over {days} dagen',
  'network.due.record': 'Schrijf op hoe het netwerkberaad van {date} ging',
  'network.due.scoresOld': 'Scores zijn {weeks} weken oud',
  'network.due.noScores': 'Nog geen scores. Iedereen geeft een cijfer op de veiligheidsschaal en zegt waarom.',
};

export const dueEn: Record<string, string> = {
  'network.due.meetingToday': 'Network meeting today {time}',
  'network.due.meetingTomorrow': 'Network meeting tomorrow {time}',
  'network.due.meetingInDays': 'Network meeting in {days} days',
  'network.due.record': 'Write down how the network meeting of {date} went',
  'network.due.scoresOld': 'Scores are {weeks} weeks old',
  'network.due.noScores': 'No scores yet. Everyone gives a number on the safety scale and says why.',
};

addMessages({ nl: dueNl, en: dueEn });
