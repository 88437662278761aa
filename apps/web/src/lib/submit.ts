import type { SubmitFunction } from '$app/forms';

/**
 * The use:enhance of a form that checks before it posts: `check` names the element to fix (a selector within the
 * form), which gets the focus and stops the post; otherwise `busy(true)` until the page has the answer, then
 * `busy(false)`. What was typed stays (no reset), so a refused post can be corrected.
 */
export function checkedSubmit(busy: (on: boolean) => void, check: () => string | null = () => null): SubmitFunction {
  return ({ formElement, cancel }) => {
    const fix = check();
    if (fix) {
      cancel();
      formElement.querySelector<HTMLElement>(fix)?.focus();
      return;
    }
    busy(true);
    return async ({ update }) => {
      await update({ reset: false });
      busy(false);
    };
  };
}
