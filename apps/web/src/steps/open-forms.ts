// Which step forms the pathway page keeps open, as the stage moves on. Pure: StepsPanel.tsx holds the
// state, this file decides. The rules, so a page used all day does not pile up forms and never drops
// what was typed:
// - a form that succeeded closes (its confirmation is the panel's, shown once above the forms);
// - a refused form stays as it is (the form keeps its draft, nothing here changes);
// - an unsent form stays while its step is offered; once the stage no longer offers it, it closes if
//   nothing was typed in it, and stays with a notice if something was (sending it then gives the
//   server's refusal in plain words);
// - the step the stage now waits for opens by itself, on top.
import type { StepKey } from './availability';
import type { Draft } from './form';

export interface OpenForm {
  key: StepKey;
  /** Opened by a click (focus goes to it), not by the stage. */
  byUser: boolean;
}

/** The forms in which something was typed (as each form last said). */
export type Typed = Partial<Record<StepKey, boolean>>;

/**
 * The forms open once the pathway offers `offered`: one whose step is no longer offered closes unless
 * something was typed in it; the steps of `autoOpen` (the stage has just started waiting for them) open
 * on top unless already open.
 */
export function reconcileOpenForms(open: readonly OpenForm[], offered: readonly StepKey[], typed: Typed, autoOpen: readonly StepKey[] = []): OpenForm[] {
  const kept = open.filter((f) => isShown(f.key, offered, typed));
  const added = autoOpen.filter((key) => offered.includes(key) && !kept.some((f) => f.key === key)).map((key) => ({ key, byUser: false }));
  return [...added, ...kept];
}

/** Whether an open form is shown: its step is offered, or something typed in it would be lost. */
export function isShown(key: StepKey, offered: readonly StepKey[], typed: Typed): boolean {
  return offered.includes(key) || typed[key] === true;
}

/** An open form whose step the stage no longer offers (kept for what was typed in it). */
export function isStale(key: StepKey, offered: readonly StepKey[]): boolean {
  return !offered.includes(key);
}

/** The menu's button: opens the step's form on top (focus goes to it), or closes it. */
export function toggleForm(open: readonly OpenForm[], key: StepKey): OpenForm[] {
  return open.some((f) => f.key === key) ? closeForm(open, key) : [{ key, byUser: true }, ...open];
}

export function closeForm(open: readonly OpenForm[], key: StepKey): OpenForm[] {
  return open.filter((f) => f.key !== key);
}

/** The notice above a kept form whose step is no longer offered. */
export function staleNotice(stageWords: string): string {
  return `Cette étape n’est plus proposée à l’étape « ${stageWords} » du parcours. Ce que vous avez saisi est conservé ; l’envoyer sera sans doute refusé.`;
}

const blank = (value: string | boolean | undefined) => value === undefined || value === false || (typeof value === 'string' && value.trim() === '');

/**
 * Whether something was typed in a draft since the form opened with `start`. A field emptied again (or
 * a box unticked) counts as untouched; a default the form filled in (today's date) is not typing.
 */
export function draftTyped(start: Draft, draft: Draft): boolean {
  const names = new Set([...Object.keys(start), ...Object.keys(draft)]);
  return [...names].some((name) => (blank(start[name]) && blank(draft[name]) ? false : start[name] !== draft[name]));
}

/** The same for a list of rows (the plan's services): a row added or removed is typing too. */
export function rowsTyped(start: readonly Draft[], rows: readonly Draft[]): boolean {
  return start.length !== rows.length || rows.some((row, i) => draftTyped(start[i], row));
}
