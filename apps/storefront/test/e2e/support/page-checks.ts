import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { images } from '@greencommerce/testing';
import type { Page } from 'playwright-core';
import { ROOT } from './platform';

export const SCREENSHOTS_DIR = path.join(ROOT, 'docs', 'screenshots');

/** The two widths issue 14 asks screenshots at: a phone's and a laptop's. */
export const WIDTHS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;
export type Width = keyof typeof WIDTHS;

/** Waits until the page is done: no requests in flight, fonts ready, every image in view decoded and painted. */
export async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(async () => {
    await document.fonts.ready;
    const inView = Array.from(document.images).filter((img) => {
      const box = img.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
    });
    if (!inView.every((img) => img.complete && img.naturalWidth > 0)) return false;
    await Promise.all(inView.map((img) => img.decode()));
    // Two frames: the decoded pictures are painted before the screenshot is taken.
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    return true;
  });
}

/**
 * Saves what the visitor sees as docs/screenshots/<name>-<width>.png (committed; the README shows two).
 * A picture that differs from the saved one only by the rasterizer's noise leaves the file alone, so a
 * test run changes the committed screenshots only when the page did.
 */
export async function screenshot(page: Page, name: string, width: Width) {
  const file = path.join(SCREENSHOTS_DIR, `${name}-${width}.png`);
  const shot = await page.screenshot({ animations: 'disabled' });
  if (existsSync(file) && (await images.changedPixels(readFileSync(file), shot)) === 0) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  writeFileSync(file, shot);
}

/** axe-core's serious and critical violations on the page, one readable line each (empty when none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
