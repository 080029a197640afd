// Where objects live in storage: /registry/<resource>/[<namespace>/]<name>.

export interface KeyLayout {
  readonly resource: string;
  readonly namespaced: boolean;
}

export function objectKey(layout: KeyLayout, namespace: string, name: string): string {
  return layout.namespaced
    ? `/registry/${layout.resource}/${namespace}/${name}`
    : `/registry/${layout.resource}/${name}`;
}

/** The prefix a list or watch reads: one namespace's objects, or all of them when namespace is ''. */
export function listPrefix(layout: KeyLayout, namespace: string): string {
  return layout.namespaced && namespace
    ? `/registry/${layout.resource}/${namespace}/`
    : `/registry/${layout.resource}/`;
}
