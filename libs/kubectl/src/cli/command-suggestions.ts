// "Did you mean this?" for an unknown command, by cobra's rules as the real kubectl applies them: every
// command whose name is within edit distance 2 of what was typed (ignoring case) or starts with it, plus
// those that name the typed word among their explicit suggestions; in the order kubectl adds its commands.
// Only commands this kubectl has are suggested, so a word whose real suggestion is a command it lacks
// (`foo` → top) gets fewer lines, or none.

/** Edit distance within which a command is suggested (cobra's default SuggestionsMinimumDistance). */
const MAX_DISTANCE = 2;

/**
 * The real kubectl's top-level commands in the order it registers them (its help groups, then the others),
 * which is the order cobra lists suggestions in. Only used to order this kubectl's own commands.
 */
const KUBECTL_COMMAND_ORDER = [
  'create', 'expose', 'run', 'set',
  'explain', 'get', 'edit', 'delete',
  'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint',
  'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events',
  'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize',
  'label', 'annotate', 'completion',
  'alpha', 'config', 'plugin', 'version', 'api-versions', 'api-resources', 'options',
]; // prettier-ignore

/** Words that are no command's name but that kubectl answers with a command (cobra's SuggestFor). */
const SUGGESTED_FOR: Readonly<Record<string, readonly string[]>> = {
  get: ['list', 'ps'],
  delete: ['rm'],
  wait: ['list', 'ps'],
};

/**
 * The names among `commands` to suggest for `typed`, in kubectl's order; commands it does not know go last.
 */
export function suggestCommands(typed: string, commands: readonly string[]): string[] {
  const rank = (name: string): number => {
    const index = KUBECTL_COMMAND_ORDER.indexOf(name);
    return index < 0 ? KUBECTL_COMMAND_ORDER.length : index;
  };
  const word = typed.toLowerCase();
  const suggestions: string[] = [];
  for (const name of [...commands].sort((a, b) => rank(a) - rank(b))) {
    const lower = name.toLowerCase();
    if (editDistance(word, lower) <= MAX_DISTANCE || lower.startsWith(word)) suggestions.push(name);
    // cobra adds a command once more for an explicit suggestion, even when it already matched above.
    for (const alias of SUGGESTED_FOR[name] ?? []) if (alias === word) suggestions.push(name);
  }
  return suggestions;
}

/** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
