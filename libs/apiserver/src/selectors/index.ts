// Label and field selectors for list and watch requests.
export * from './errors';
export { parseLabelSelector, labelSelectorFromObject } from './label-selector';
export type { LabelSelector, LabelRequirement, LabelOperator } from './label-selector';
export { parseFieldSelector } from './field-selector';
export type { FieldSelector, FieldRequirement, FieldOperator, FieldSet } from './field-selector';
export { fieldSetFor, supportedFieldLabels, validateFieldSelector } from './field-sets';
export type { GroupResource } from './field-sets';
export { compileListFilter } from './list-filter';
export type { ListFilter, ListFilterOptions } from './list-filter';
