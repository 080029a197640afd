// Name rules (RFC 1123 labels and subdomains) with the messages Kubernetes gives for them.
import type { ObjectMeta } from '@groundkube/api';
import { type FieldError, invalidValue, required } from './field-errors';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const LABEL_RE = new RegExp(`^${LABEL}$`);
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN}$`);

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and " +
  `end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${LABEL}')`;
const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
  `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN}')`;

const DNS1035 = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_RE = new RegExp(`^${DNS1035}$`);
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic " +
  `character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035}')`;

const tooLong = (max: number): string => `must be no more than ${max} characters`;

/** Problems with `value` as an RFC 1123 label (namespaces, container names); empty when fine. */
export function dns1123LabelProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) problems.push(tooLong(DNS1123_LABEL_MAX));
  if (!LABEL_RE.test(value)) problems.push(LABEL_MESSAGE);
  return problems;
}

/** Problems with `value` as an RFC 1123 subdomain (most object names); empty when fine. */
export function dns1123SubdomainProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) problems.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!SUBDOMAIN_RE.test(value)) problems.push(SUBDOMAIN_MESSAGE);
  return problems;
}

/** Problems with `value` as an RFC 1035 label (service names: must start with a letter). */
export function dns1035LabelProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) problems.push(tooLong(DNS1123_LABEL_MAX));
  if (!DNS1035_RE.test(value)) problems.push(DNS1035_MESSAGE);
  return problems;
}

export type NameRule = 'label' | 'subdomain' | 'dns1035';

function problemsFor(rule: NameRule, value: string): string[] {
  if (rule === 'label') return dns1123LabelProblems(value);
  if (rule === 'dns1035') return dns1035LabelProblems(value);
  return dns1123SubdomainProblems(value);
}

/**
 * The object-metadata checks every kind shares: a name (or generateName) that follows the kind's
 * rule. A generateName prefix is checked as if a suffix followed it, so a trailing '-' is fine.
 */
export function validateObjectMetaName(meta: ObjectMeta, rule: NameRule): FieldError[] {
  const errors: FieldError[] = [];
  if (meta.generateName) {
    const masked = meta.generateName.endsWith('-') ? `${meta.generateName.slice(0, -1)}a` : meta.generateName;
    for (const p of problemsFor(rule, masked))
      errors.push(invalidValue('metadata.generateName', meta.generateName, p));
  }
  if (!meta.name) {
    if (!meta.generateName) errors.push(required('metadata.name', 'name or generateName is required'));
    return errors;
  }
  for (const p of problemsFor(rule, meta.name)) errors.push(invalidValue('metadata.name', meta.name, p));
  return errors;
}

/** Problems with a name given in a URL path segment, which Kubernetes rejects before any rule. */
export function pathSegmentProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const bad = ['/', '%'].filter((c) => name.includes(c));
  return bad.map((c) => `may not contain '${c}'`);
}
