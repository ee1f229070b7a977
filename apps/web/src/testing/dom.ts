// Small helpers for component tests that look at the page the way a user does: by label, role and text.

/** The form control whose <label> reads exactly `text`. */
export function getByLabel<T extends HTMLElement = HTMLInputElement>(root: HTMLElement, text: string): T {
  const label = Array.from(root.querySelectorAll('label')).find((l) => l.textContent?.trim() === text);
  if (!label) throw new Error(`No label 「${text}」`);
  const control = label.htmlFor
    ? (root.ownerDocument.getElementById(label.htmlFor) as T | null)
    : label.querySelector<T>('input, select, textarea');
  if (!control) throw new Error(`Label 「${text}」 has no control`);
  return control;
}

/** The button whose visible text is exactly `name`. */
export function getButton(root: HTMLElement, name: string): HTMLButtonElement {
  const button = Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
  if (!button) throw new Error(`No button 「${name}」`);
  return button;
}

export function queryButton(root: HTMLElement, name: string): HTMLButtonElement | undefined {
  return Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
}

export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Simulates choosing a file in an <input type="file">. */
export function chooseFile(input: HTMLInputElement, file: File): void {
  const files = { 0: file, length: 1, item: (index: number) => (index === 0 ? file : null) };
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Text of every body row of the table whose caption starts with `caption`, cell by cell. */
export function tableRows(root: HTMLElement, caption: string): string[][] {
  const table = Array.from(root.querySelectorAll('table')).find((t) =>
    t.caption?.textContent?.trim().startsWith(caption),
  );
  if (!table) throw new Error(`No table 「${caption}」`);
  return Array.from(table.tBodies[0].rows).map((row) =>
    Array.from(row.cells).map((cell) => cell.textContent?.trim() ?? ''),
  );
}

export function alertText(root: HTMLElement): string {
  return Array.from(root.querySelectorAll('[role="alert"]'))
    .map((el) => el.textContent?.trim() ?? '')
    .join(' ');
}

export function statusText(root: HTMLElement): string {
  return Array.from(root.querySelectorAll('[role="status"]'))
    .map((el) => el.textContent?.trim() ?? '')
    .join(' ');
}

/** Lets pending promises settle, then waits for Angular to render. */
export async function settle(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await fixture.whenStable();
}
