import { test, expect } from '@playwright/test';

test('a corrupted save shows the recovery message and the app still renders', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-seeded')) {
      localStorage.clear();
      localStorage.setItem('nimbus-lab/v1', '{not json at all \u0000 garbage');
      sessionStorage.setItem('e2e-seeded', '1');
    }
  });
  await page.goto('#/');

  const alert = page.getByRole('alert').filter({
    has: page.getByRole('heading', { level: 2, name: 'Your saved lab could not be read' }),
  });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Download the unreadable save' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Learn AWS by doing, in a simulator' })).toBeVisible();
});

test('+1 day moves the simulated clock forward one day', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      sessionStorage.setItem('e2e-cleared', '1');
    }
  });
  await page.goto('#/');
  const clock = page.getByRole('region', { name: 'Simulated clock' });
  await expect(clock).toContainText('2026-01-01 00:00:00 UTC');

  await page.getByRole('button', { name: '+1 day' }).click();
  await expect(clock).toContainText('2026-01-02 00:00:00 UTC');
});

test('home page links to S3 through the services navigation', async ({ page }) => {
  await page.goto('#/');
  await expect(page.getByRole('heading', { level: 2, name: 'Services' })).toBeVisible();
  await page.getByRole('link', { name: 'Start with Amazon S3' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Amazon S3' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Learn AWS by doing, in a simulator' })).toBeVisible();
});
