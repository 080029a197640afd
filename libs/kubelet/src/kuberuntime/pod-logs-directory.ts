/** Most file systems refuse a path component longer than this (NAME_MAX). */
const NAME_MAX_BYTES = 255;

/**
 * The name of a pod's log directory under the pods log root: `<namespace>_<name>_<uid>`, as the real kubelet
 * names it. A pod name may be up to 253 characters, which with the namespace and uid passes the 255-byte limit
 * of one path component; then the name part is cut (the uid alone keeps the directory unique).
 */
export function podLogsDirectoryName(namespace: string, name: string, uid: string): string {
  const full = `${namespace}_${name}_${uid}`;
  const excess = Buffer.byteLength(full) - NAME_MAX_BYTES;
  if (excess <= 0) return full;
  // Pod names are ASCII (DNS subdomains), so characters are bytes.
  return `${namespace}_${name.slice(0, Math.max(0, name.length - excess))}_${uid}`;
}
