import { test, expect, type Page } from '@playwright/test';

// Every test starts with an empty lab: no saved state in localStorage.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      sessionStorage.setItem('e2e-cleared', '1');
    }
  });
});

async function openS3(page: Page) {
  await page.goto('#/s3');
  await expect(page.getByRole('heading', { level: 1, name: 'Amazon S3' })).toBeVisible();
}

async function createBucketInConsole(page: Page, name: string) {
  const form = page.getByRole('form', { name: 'Create bucket' });
  await form.getByRole('textbox', { name: 'Bucket name' }).fill(name);
  await form.getByRole('button', { name: 'Create bucket' }).click();
}

test('creating a bucket in the console shows it in the table, the diagram and the trail', async ({ page }) => {
  await openS3(page);
  await createBucketInConsole(page, 'console-made');

  const table = page.getByRole('table', { name: 'Buckets' });
  await expect(table.getByRole('button', { name: 'console-made', exact: true })).toBeVisible();

  const diagram = page.getByRole('group', { name: 'Diagram: Amazon S3' });
  await expect(diagram.getByRole('button', { name: /console-made/ }).first()).toBeVisible();

  const trail = page.getByRole('table', { name: 'Trail, newest first' });
  await expect(trail.getByRole('cell', { name: 'CreateBucket' }).first()).toBeVisible();
});

test('an invalid bucket name is refused with InvalidBucketName', async ({ page }) => {
  await openS3(page);
  await createBucketInConsole(page, 'Bad_Name');

  await expect(page.getByRole('alert').filter({ hasText: 'InvalidBucketName' }).first()).toBeVisible();
  const trail = page.getByRole('table', { name: 'Trail, newest first' });
  await expect(trail.getByRole('cell', { name: 'Error: InvalidBucketName' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Buckets' }).getByRole('button', { name: 'Bad_Name', exact: true }),
  ).toHaveCount(0);
});

test('a bucket survives a page reload', async ({ page }) => {
  await openS3(page);
  await createBucketInConsole(page, 'kept-bucket');
  const table = page.getByRole('table', { name: 'Buckets' });
  await expect(table.getByRole('button', { name: 'kept-bucket', exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Amazon S3' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Buckets' }).getByRole('button', { name: 'kept-bucket', exact: true }),
  ).toBeVisible();
});

test('undo removes a new bucket and redo brings it back', async ({ page }) => {
  await openS3(page);
  await createBucketInConsole(page, 'undo-me');
  const bucket = page.getByRole('table', { name: 'Buckets' }).getByRole('button', { name: 'undo-me', exact: true });
  await expect(bucket).toBeVisible();

  const history = page.getByRole('group', { name: 'Undo and redo' });
  await history.getByRole('button', { name: 'Undo' }).click();
  await expect(bucket).toHaveCount(0);

  await history.getByRole('button', { name: 'Redo' }).click();
  await expect(bucket).toBeVisible();
});
