import { test, expect } from '@playwright/test';
for (const width of [1280, 390]) for (const scheme of ['light', 'dark'] as const) {
  test(`shots ${width} ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto('#/cloudformation');
    await page.getByRole('button', { name: /^S3 bucket with versioning/ }).click();
    await page.getByRole('form', { name: 'Create stack' }).getByRole('button', { name: 'Create stack' }).click();
    await page.getByRole('button', { name: 'Advance the clock +1 min' }).click();
    await page.getByRole('button', { name: 'Update stack' }).click();
    const form = page.getByRole('form', { name: 'Update stack website' });
    await form.getByRole('radio', { name: 'Edit the current template' }).check();
    const body = form.getByRole('textbox', { name: 'New template (YAML or JSON)' });
    await body.fill((await body.inputValue()).replace('      VersioningConfiguration:', '      BucketName: renamed-site-bucket\n      VersioningConfiguration:'));
    await form.screenshot({ path: `/tmp/prof/update-${width}-${scheme}.png` });
    await form.getByRole('button', { name: 'Create change set' }).click();
    await page.getByRole('button', { name: 'Advance the clock +10 s' }).click();
    await expect(page.getByRole('table', { name: 'Changes' })).toBeVisible();
    await page.locator('.cfn-stack').screenshot({ path: `/tmp/prof/changeset-${width}-${scheme}.png` });
    await page.getByRole('button', { name: 'Execute change set' }).click();
    await page.getByRole('button', { name: 'Advance the clock +1 min' }).click();
    await page.getByRole('tab', { name: 'Change sets' }).click();
    await page.locator('.cfn-stack').screenshot({ path: `/tmp/prof/after-${width}-${scheme}.png` });
    await context.close();
  });
}
