import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const viewports = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];
const pages = [
  { path: '#/', heading: 'Learn AWS by doing, in a simulator' },
  { path: '#/s3', heading: 'Amazon S3' },
  { path: '#/route53', heading: 'Amazon Route 53' },
  { path: '#/cloudformation', heading: 'AWS CloudFormation' },
];

for (const viewport of viewports) {
  for (const target of pages) {
    test(`${target.path} at ${viewport.width}x${viewport.height} has no serious or critical axe violations`, async ({
      browser,
    }) => {
      // A new context starts with empty localStorage.
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(target.path);
      await expect(page.getByRole('heading', { level: 1, name: target.heading })).toBeVisible();

      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ).toEqual([]);
      await context.close();
    });
  }
}
