import type { Errors } from '#lib/validation.ts';

/**
 * The state of one form: what was typed, which fields were visited, and which error to show.
 * Rules run as the user types once a field has been left (or a submit was tried); an error the
 * server answered stays until that field is edited again.
 */
export class FormState<F extends string> {
  values: Record<F, string>;
  touched: Partial<Record<F, boolean>> = $state({});
  edited: Partial<Record<F, boolean>> = $state({});
  attempted = $state(false);
  readonly #rules: (values: Record<F, string>) => Errors<F>;
  readonly #server: () => Errors<F> | null | undefined;
  readonly #prefix: string;

  constructor(
    initial: Record<F, string>,
    rules: (values: Record<F, string>) => Errors<F>,
    server: () => Errors<F> | null | undefined,
    prefix = '',
  ) {
    this.values = $state(initial);
    this.#rules = rules;
    this.#server = server;
    this.#prefix = prefix;
  }

  /** What the rules say about the current values (all fields, shown or not). */
  get clientErrors(): Errors<F> {
    return this.#rules(this.values);
  }

  /** The error to show for a field now, or null. */
  error(f: F): string | null {
    const client = this.clientErrors[f];
    if (client && (this.touched[f] || this.attempted)) return client;
    const server = this.#server()?.[f];
    if (server && !this.edited[f]) return server;
    return null;
  }

  /** The element id of a field. */
  id(f: F): string {
    return this.#prefix + f;
  }

  /** Bind to a control: keeps the value, marks edits and visits. */
  on(f: F) {
    return {
      oninput: () => {
        this.edited[f] = true;
      },
      onblur: () => {
        if (this.values[f] !== '') this.touched[f] = true;
      },
      onchange: () => {
        this.touched[f] = true;
      },
    };
  }

  /** Before sending: true when the rules pass; otherwise shows every error and focuses the first bad field. */
  ready(form: HTMLFormElement): boolean {
    this.attempted = true;
    const bad = (Object.keys(this.clientErrors) as F[]).filter((f) => this.clientErrors[f]);
    if (bad.length === 0) {
      this.edited = {};
      return true;
    }
    const first = bad.map((f) => form.querySelector<HTMLElement>(`#${CSS.escape(this.id(f))}`)).find(Boolean);
    first?.focus();
    return false;
  }
}
