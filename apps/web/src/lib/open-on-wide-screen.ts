/**
 * Svelte action: a facet panel (<details>, rendered closed) opens on a wide screen, where it is a sidebar.
 * On a phone it stays closed so the results come first; opening it there after load would push the
 * results down (a layout shift), so the server renders it closed and only wide screens change it.
 */
export function openOnWideScreen(node: HTMLDetailsElement): void {
  if (window.matchMedia('(min-width: 901px)').matches) node.open = true;
}
