// @groundkube/kubectl: the kubectl command tree, printers, kubeconfig handling and apply logic.
export { runKubectl } from './cli/program';
export type { KubectlIO } from './cli/io';
export { KubectlError, UsageError, UnknownResourceTypeError, PrintedError } from './errors';
export * from './config/kubeconfig';
export { alignColumns, GET_TABLE_LAYOUT, DESCRIBE_LAYOUT } from './printers/tab-writer';
export { printTable, formatLabels } from './printers/table-printer';
export { printJson, printYaml, objectName } from './printers/object-printer';
export { JsonPathTemplate } from './printers/jsonpath';
export { humanDuration } from './printers/age';
export { parseManifest } from './manifests/manifest-reader';
export { threeWayMergePatch, lastAppliedValue, LAST_APPLIED_ANNOTATION } from './apply/three-way-patch';
