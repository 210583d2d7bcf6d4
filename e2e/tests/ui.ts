import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Opens an antd Select, types to narrow it, and clicks the option with that exact title. */
export async function pickOption(page: Page, select: Locator, title: string) {
  await select.click();
  // Only a searchable select takes typing; fill() on a read-only input waits out the whole timeout.
  const input = select.locator('input').first();
  if ((await input.count()) && (await input.isEditable())) await input.fill(title);
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`).first().click();
}

/**
 * Picks until the select shows the option: in a form or dialog that has just opened, a pick can
 * fail to register (seen in full CI runs for the team lead and a deal's stage), and the form then
 * saves the old value. Only for selects that keep what was picked (not "add ..." menus).
 */
export async function selectOption(page: Page, select: Locator, title: string) {
  await eventually(async () => {
    if (!(await select.innerText()).includes(title)) await pickOption(page, select, title);
    expect(await select.innerText()).toContain(title);
  });
}

/** Polls until the check passes (playwright-core has no expect-with-retry of its own). */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function expectText(locator: Locator, text: string, timeoutMs = 10_000) {
  await eventually(async () => expect(await locator.innerText()).toContain(text), timeoutMs);
}

/** Chinese characters with their pinyin, to make names that are unique per run yet searchable both ways. */
const CHARS: Array<[string, string]> = [
  ['青', 'qing'], ['松', 'song'], ['明', 'ming'], ['远', 'yuan'], ['瑞', 'rui'], ['祥', 'xiang'], ['宏', 'hong'], ['泰', 'tai'],
  ['嘉', 'jia'], ['盛', 'sheng'], ['鼎', 'ding'], ['恒', 'heng'], ['锦', 'jin'], ['澜', 'lan'], ['峰', 'feng'], ['昊', 'hao'],
];

export function uniqueChineseName(suffix: string): { name: string; pinyin: string } {
  const pick = () => CHARS[Math.floor(Math.random() * CHARS.length)];
  const parts = [pick(), pick(), pick()];
  return { name: parts.map((p) => p[0]).join('') + suffix, pinyin: parts.map((p) => p[1]).join('') };
}

export const runId = () => Math.random().toString(36).slice(2, 8);

/** antd puts a number input's data-testid on the <input> itself, or on its wrapper when it has an addon. */
export async function fillNumber(page: Page, testId: string, value: string) {
  const el = page.getByTestId(testId).first();
  const isInput = await el.evaluate((e) => e.tagName === 'INPUT');
  await (isInput ? el : el.locator('input')).fill(value);
}

/** Drags a kanban card onto a column with the mouse (dnd-kit needs a few moves past its activation distance). */
export async function drag(page: Page, card: string, column: string) {
  const from = (await page.getByTestId(card).boundingBox())!;
  const to = (await page.getByTestId(column).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 30, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
  await page.mouse.up();
}

/** The text of a PDF's first page, whitespace removed (pdf.js splits CJK runs and numbers unpredictably). */
export async function pdfFirstPageText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data) }).promise;
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    return content.items.map((i) => ('str' in i ? i.str : '')).join('').replace(/\s+/g, '');
  } finally {
    await doc.destroy();
  }
}

/** Uploads a CSV in the import wizard of `object` and walks the mapping, values and constants steps as proposed, to the check step. */
export async function importToCheckStep(page: Page, object: string, fileName: string, csv: string) {
  await page.goto(`/o/${object}/import`);
  await page.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-mapping').waitFor();
  await page.getByTestId('import-mapping-next').click();
  await page.getByTestId('import-values-next').click();
  await page.getByTestId('import-constants-next').click();
}
