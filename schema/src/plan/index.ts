/** The plan document: the contract between the editor UI, rules, storage and review. */
export {
  SECTIONS,
  SECTION_ORDER,
  MAX_FIELD_CHARS,
  MAX_PICTURE_CHARS,
  PICTURE_SRC_PATTERN,
  MEETING_TIME_PATTERN,
  DEFAULT_MIN_SAFETY_PERSONS,
  sectionSpec,
  itemSpec,
  isItemType,
  sectionOfItem,
  fieldNodeName,
  PLAN_CHANNELS,
  sectionsOf,
  PHASES,
} from './sections.ts';
export type {
  SectionKey,
  ItemType,
  PlanSectionSpec,
  PlanItemSpec,
  ItemSpecOf,
  PlanChannel,
  SectionOfChannel,
  ChannelSectionKey,
  Phase,
} from './sections.ts';
export type {
  AttrKind,
  AttrSpec,
  AttrValue,
  FieldSpec,
  ItemSpec,
  SectionSpec,
  SelectAttrSpec,
  ItemRefAttrSpec,
  NumberAttrSpec,
  TextAttrSpec,
} from './spec-types.ts';
export { normalizeAttr, defaultAttrValue, isIsoDate, newItemId, ITEM_ID_PATTERN } from './attr-values.ts';
export { planExtensions, planSchema, channelExtensions, channelSchema } from './extensions.ts';
export type { PlanExtensionOptions } from './extensions.ts';
export { emptyPlanJSON, emptyChannelJSON, newItemJSON, PlanInputError } from './json.ts';
export { joinChannelsJSON, splitChannelsJSON } from './channels.ts';
export type { PlanChannelsJSON } from './channels.ts';
export { planJSONWith } from './plan-builder.ts';
export { samplePlanJSON } from './sample-plan.ts';
export { planModelFromJSON, planModelFromDoc, itemsOf } from './model.ts';
export type { PlanItem, PlanModel } from './model.ts';
export { itemIdsPlugin, isRemoteChange } from './item-ids.ts';
export { fieldLimitPlugin, fieldOverflow } from './field-limit.ts';
