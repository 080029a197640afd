// Field errors: one problem with one field of an object, collected into a list so a client learns
// every problem at once. Rendered the way Kubernetes renders them (`spec.containers[0].image:
// Required value`), because kubectl users read those sentences.
import type { StatusCause } from '@groundkube/api';

export type FieldErrorType =
  'Required' | 'Invalid' | 'NotSupported' | 'Duplicate' | 'Forbidden' | 'TooLong' | 'NotFound';

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with indices: `spec.containers[0].name`. */
  readonly field: string;
  readonly value?: unknown;
  readonly detail?: string;
}

const TITLES: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  NotFound: 'Not found',
};

const REASONS: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  NotFound: 'FieldValueNotFound',
};

/** Types whose message never shows the offending value. */
const VALUELESS = new Set<FieldErrorType>(['Required', 'Forbidden', 'TooLong']);

/** A value as Go's %v/%q would print it in a field error: strings quoted, null as `null`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The part after the field path: `Unsupported value: "x": supported values: "a", "b"`. */
export function fieldErrorBody(error: FieldError): string {
  let body = TITLES[error.type];
  if (!VALUELESS.has(error.type) && 'value' in error) body += `: ${formatValue(error.value)}`;
  if (error.detail) body += `: ${error.detail}`;
  return body;
}

export function fieldErrorMessage(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

export function toStatusCause(error: FieldError): StatusCause {
  return { reason: REASONS[error.type], message: fieldErrorBody(error), field: error.field };
}

// Constructors, named as the error types read in messages.

export const required = (field: string, detail?: string): FieldError =>
  detail ? { type: 'Required', field, detail } : { type: 'Required', field };

export const invalidValue = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'Invalid',
  field,
  value,
  detail,
});

export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'NotSupported',
  field,
  value,
  detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

export const duplicate = (field: string, value: unknown): FieldError => ({ type: 'Duplicate', field, value });

export const forbidden = (field: string, detail: string): FieldError => ({
  type: 'Forbidden',
  field,
  detail,
});

export const notFoundValue = (field: string, value: unknown): FieldError => ({
  type: 'NotFound',
  field,
  value,
});

/** Builds `spec.containers[0].name` style paths. */
export class FieldPath {
  constructor(private readonly path: string) {}

  child(name: string): FieldPath {
    return new FieldPath(this.path ? `${this.path}.${name}` : name);
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.path}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.path}[${k}]`);
  }

  toString(): string {
    return this.path;
  }
}

export const path = (root: string): FieldPath => new FieldPath(root);
