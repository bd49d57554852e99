/**
 * Words for removing a plan from this device and for what each role may do (issue 11), Dutch B1
 * first, English with the same keys. Kept apart from app-messages.ts so the two grow without
 * stepping on each other; registered in index.ts.
 */
export const deviceAndRoleMessagesNl = {
  'device.remove': 'Verwijder van dit apparaat',
  'device.remove.question': 'Wil je dit plan van dit apparaat verwijderen?',
  'device.remove.explain': 'Het plan gaat weg van dit apparaat. De anderen houden het plan. Je kunt het hier niet meer terughalen.',
  'device.remove.unshared': 'Let op: niet al je wijzigingen zijn gedeeld. Wat nog niet gedeeld is, gaat verloren.',
  'device.remove.onlyHere': 'Let op: dit plan staat alleen op dit apparaat. Daarna is het helemaal weg.',
  'device.remove.yes': 'Ja, verwijder het plan',
  'device.remove.no': 'Nee, bewaren',
  'device.remove.done': 'Het plan is van dit apparaat verwijderd.',
  'device.remove.failed': 'Verwijderen lukte niet. Het plan staat nog op dit apparaat. Probeer het opnieuw.',
  'device.revoked.title': 'Je hoort niet meer bij dit plan',
  'device.revoked.explain': 'Je ziet nog wat er op dit apparaat stond. Je kunt niets meer veranderen of delen.',
  'device.revoked.card': 'Je hoort niet meer bij dit plan',
  'roles.readOnlyField': 'Dit deel kun je lezen, niet veranderen. Als meeschrijver schrijf je in het logboek en geef je cijfers.',
  'roles.readOnlyFieldReader': 'Je kunt het plan lezen, niet veranderen.',
  'roles.askOwner': 'Vraag {name} om iemand uit te nodigen.',
  'roles.askOwners': 'Vraag een eigenaar om iemand uit te nodigen: {names}.',
  'roles.inviteOnlyOwners': 'Alleen een eigenaar kan iemand uitnodigen.',
};

export type DeviceAndRoleKey = keyof typeof deviceAndRoleMessagesNl;

export const deviceAndRoleMessagesEn: Record<DeviceAndRoleKey, string> = {
  'device.remove': 'Remove from this device',
  'device.remove.question': 'Do you want to remove this plan from this device?',
  'device.remove.explain': 'The plan leaves this device. The others keep the plan. You cannot get it back here.',
  'device.remove.unshared': 'Note: not all your changes are shared. What is not shared yet will be lost.',
  'device.remove.onlyHere': 'Note: this plan is only on this device. Afterwards it is gone for good.',
  'device.remove.yes': 'Yes, remove the plan',
  'device.remove.no': 'No, keep it',
  'device.remove.done': 'The plan was removed from this device.',
  'device.remove.failed': 'Removing did not work. The plan is still on this device. Try again.',
  'device.revoked.title': 'You are no longer part of this plan',
  'device.revoked.explain': 'You still see what was on this device. You cannot change or share anything.',
  'device.revoked.card': 'You are no longer part of this plan',
  'roles.readOnlyField': 'You can read this part, not change it. As a contributor you write in the log and give scores.',
  'roles.readOnlyFieldReader': 'You can read the plan, not change it.',
  'roles.askOwner': 'Ask {name} to invite someone.',
  'roles.askOwners': 'Ask an owner to invite someone: {names}.',
  'roles.inviteOnlyOwners': 'Only an owner can invite someone.',
};
