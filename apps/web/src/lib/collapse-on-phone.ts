/** Svelte action: a facet panel (<details open>) starts closed on a narrow screen, so the results come first. */
export function collapseOnPhone(node: HTMLDetailsElement): void {
  if (window.matchMedia('(max-width: 900px)').matches) node.open = false;
}
