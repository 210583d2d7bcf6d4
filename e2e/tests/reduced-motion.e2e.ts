import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BASE_URL, launchBrowser, loginInBrowser } from '../helpers';

/** antd's enter animations (menus slide, dialogs zoom) run only for users who did not ask the system for less motion. */
describe('reduced motion', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /**
   * Opens the user menu and the change-password dialog, and returns the CSS animations they ran:
   * each popup's computed animation-name, sampled every frame from when it is added.
   */
  async function animationsRun(reducedMotion: 'reduce' | 'no-preference') {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 1440, height: 900 }, reducedMotion });
    const page = await context.newPage();
    await loginInBrowser(page);
    await page.getByTestId('user-menu').waitFor();
    await page.evaluate(() => {
      const run: string[] = ((window as unknown as { animationsRun: string[] }).animationsRun = []);
      const sample = (el: Element, frame = 0) => {
        run.push(getComputedStyle(el).animationName);
        if (frame < 15) requestAnimationFrame(() => sample(el, frame + 1));
      };
      new MutationObserver((mutations) => {
        for (const m of mutations) m.addedNodes.forEach((n) => n instanceof Element && n.querySelectorAll('.ant-dropdown, .ant-modal').forEach((el) => sample(el)));
      }).observe(document.body, { subtree: true, childList: true });
    });
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    await page.locator('.ant-modal').waitFor();
    await page.waitForTimeout(500);
    const run = await page.evaluate(() => (window as unknown as { animationsRun: string[] }).animationsRun);
    await context.close();
    return [...new Set(run)].filter((name) => name !== 'none');
  }

  it('animates the menu and the dialog by default', async () => {
    expect(await animationsRun('no-preference')).toEqual(expect.arrayContaining([expect.stringMatching(/antSlideUpIn$/), expect.stringMatching(/antZoomIn$/)]));
  });

  it('opens them without animation when the system asks for reduced motion', async () => {
    expect(await animationsRun('reduce')).toEqual([]);
  });
});
