// Kubernetes' syntax rules for label keys (qualified names) and label values. The messages are the
// API's own, because clients show them verbatim.

const NAME_MAX = 63;
const PREFIX_MAX = 253;
const NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const VALUE_FORMAT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const SUBDOMAIN_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const NAME_RE = new RegExp(`^${NAME_FORMAT}$`);
const VALUE_RE = new RegExp(`^${VALUE_FORMAT}$`);
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FORMAT}$`);

const NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  `character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${NAME_FORMAT}')`;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
  `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN_FORMAT}')`;
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must " +
  `start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${VALUE_FORMAT}')`;

/** Problems with `key` as a qualified name (`[prefix/]name`); empty when valid. */
export function qualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  let name: string;
  const problems: string[] = [];
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else if (prefix.length > PREFIX_MAX)
      problems.push(`prefix part must be no more than ${PREFIX_MAX} characters`);
    else if (!SUBDOMAIN_RE.test(prefix)) problems.push(`prefix part ${SUBDOMAIN_MSG}`);
  } else {
    return [
      `a qualified name ${NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else if (name.length > NAME_MAX) problems.push(`name part must be no more than ${NAME_MAX} characters`);
  if (name.length > 0 && !NAME_RE.test(name)) problems.push(`name part ${NAME_MSG}`);
  return problems;
}

/** Problems with `value` as a label value; empty when valid (the empty string is valid). */
export function labelValueProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > NAME_MAX) problems.push(`must be no more than ${NAME_MAX} characters`);
  if (!VALUE_RE.test(value)) problems.push(VALUE_MSG);
  return problems;
}

/** Formats a field error the way apimachinery's field.Error prints an Invalid value. */
export function invalidValue(path: string, value: string, problems: string[]): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${problems.join('; ')}`;
}
